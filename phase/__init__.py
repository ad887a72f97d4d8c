"""The phase controller: evidence-based gates for a bounded context's stage changes.

* gates.py      - the gate table and the gates: pure predicates over measurements (pass, fail,
                  inconclusive), with the value, the threshold and the sample size
* sequential.py - always-valid confidence sequences: the math behind the comparison gates
* plan.py       - what a stage change would do, step by step (pure; shown by a dry run)
* measure.py    - collects the measurements (I/O: gateway metrics, lag, Connect, verifier,
                  service health)
* evidence.py   - evidence bundles: one JSON file per evaluation, written atomically
* policy.py     - `GatedPolicy`: the gateway's `StageChangePolicy` that applies the gates
* cli.py        - `strangler phase status|advance|rollback|pause|resume|abort|evidence`
* cutover.py    - the write switch (reads <-> writes) as journaled steps (pure decisions)
* journal.py    - the switch's fsynced journal, one controller per context (flock)
* switch.py     - runs a switch from its journal: forward, resume after a crash, or undo
* effects.py    - the switch's side effects on the gateways, databases and sync directions
* admin_client.py - the gateway's admin API as the controller calls it
* sync_control.py - starting and stopping a context's sync directions on the local stack
* errors.py     - the package's exception tree
"""
