"""The strangler gateway: a reverse proxy that routes each bounded context by its stage.

Modules, one concept each (read their docstrings for what each guarantees):

* config.py   - routes.yaml as one immutable, validated model (errors name path and line)
* stages.py   - the stage ladder and allowed transitions
* paths.py    - the canonical request target (one path for matching and forwarding)
* canary.py   - stable, monotonic sticky bucketing
* routing.py  - the pure router: request facts -> Decision
* recent_writes.py - the read-your-writes window's per-process state (read by the router)
* headers.py  - hop-by-hop stripping, X-Forwarded-* overwrite
* listener.py - the data port's HTTP/1.1 server: framing, limits, pipelining, flow control
* streams.py  - bounded byte streams (request and response bodies) with backpressure
* upstream.py - the pooled HTTP/1.1 client for one upstream
* forward.py  - carrying a Decision out against the upstream pools
* fallback.py - when a failed service read may be retried on the monolith
* shadow.py   - mirrored traffic off the hot path; diff.py compares the two responses
* reload.py   - the live snapshot, file watching, atomic stage persistence
* changes.py  - the checks and audit record every stage change shares (admin API, hand edits)
* admin.py    - the admin API; policy.py is the gates seam; audit.py the JSONL audit log
* write_hold.py - a context's held writes (write cut-over): per-process state and waiting
* hold_control.py - holds put in place, confirmed, drained and released across the workers
* control_channel.py - the admin worker's Unix-socket commands to every other worker
* auth.py     - the admin token (never printed)
* metrics.py  - Prometheus metrics
* server.py   - one gateway process; workers.py - one or N processes; cli.py - `gateway`
* errors.py   - the one exception tree, each error with its HTTP status
"""
