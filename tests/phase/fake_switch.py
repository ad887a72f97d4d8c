"""A write switch whose side effects only record their names (crash and undo tests).

Run as `python -m tests.phase.fake_switch STATE_DIR LOG [run|abort] [FAILING_EFFECT]`; prints
the final decision. With `STRANGLER_CDC_CRASH_AT=phase-<effect>-begun|done` it dies there;
`FAKE_SWITCH=writes-reads` makes it the rollback (default: the cut-over, reads -> writes).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from phase.cutover import CUTOVER
from phase.errors import StepFailed
from phase.journal import Journal, journal_path, open_journal
from phase.switch import Effect, run_switch

EFFECTS = sorted({n for s in CUTOVER for n in (s.name, s.undo) if n})


def recording(log: Path, failing: str | None = None) -> dict[str, Effect]:
    def make(name: str) -> Effect:
        def effect(journal: Journal) -> Mapping[str, Any] | None:
            with log.open("a") as out:
                out.write(name + "\n")
            if name == failing:
                raise StepFailed(f"{name} refused")
            return {"lsn": 1234} if name == "fence" else None
        return effect
    return {name: make(name) for name in EFFECTS}


def main(argv: list[str]) -> None:
    state, log, mode = Path(argv[0]), Path(argv[1]), argv[2]
    failing = argv[3] if len(argv) > 3 else None
    old, new = os.environ.get("FAKE_SWITCH", "reads-writes").split("-")
    journal, _ = open_journal(journal_path(state, "inventory"), context="inventory",
                              old=old, new=new)
    decision = run_switch(journal, recording(log, failing),
                          abort_reason="operator abort" if mode == "abort" else None)
    journal.close(finished=True)
    print(decision.action)


if __name__ == "__main__":
    main(sys.argv[1:])
