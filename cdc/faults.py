"""Crash points for fault-injection tests: `STRANGLER_CDC_CRASH_AT=<point>:<batch>`.

The applier calls `crash_point(name)` at the three moments that matter for exactly-once
effects: before the target transaction commits, after it committed but before the advisory
Kafka commit, and after the Kafka commit; `mid-transaction` is reached after a batch committed
while part of a source transaction is held (`cdc.transactions`). When the variable names that
point, the process SIGKILLs itself at the given batch number, as a power cut would. Unset, this
costs one compare.
"""

from __future__ import annotations

import os
import signal

__all__ = ["MID_TRANSACTION", "POINTS", "crash_point"]

POINTS = ("before-db-commit", "after-db-commit", "after-kafka-commit")
MID_TRANSACTION = "mid-transaction"
_spec = os.environ.get("STRANGLER_CDC_CRASH_AT", "")
_point, _, _batch = _spec.partition(":")
# `phase-<step>-begun` / `phase-<step>-done`: the phase controller's switch (`phase.switch`)
_countdown = int(_batch or 1) \
    if _point in (*POINTS, MID_TRANSACTION) or _point.startswith("phase-") else 0


def crash_point(name: str) -> None:
    global _countdown
    if _countdown and name == _point:
        _countdown -= 1
        if _countdown == 0:
            os.kill(os.getpid(), signal.SIGKILL)
