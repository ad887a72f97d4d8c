"""What a verification pass found: value objects, and their stable JSON form.

`VerifyResult.as_dict()` is the documented JSON (docs/verify.md, schema
`strangler.verify/1`): keys are only ever added, never renamed. A table's verdict is
`consistent` (no persistent difference; in-flight ones are counted, not failed),
`differences`, or `error` (the table could not be compared; its message says why).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cdc.fences import lsn_text
from cdc.verify.bisect import KINDS

__all__ = ["SCHEMA", "Difference", "TableResult", "VerifyResult"]

SCHEMA = "strangler.verify/1"


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@dataclass
class Difference:
    kind: str                              # missing | extra | changed
    key: dict[str, Any]                    # source key column -> value
    persistent: bool
    columns: list[str] = field(default_factory=list)         # source names of changed columns
    target_columns: list[str] = field(default_factory=list)  # their target names
    values: dict[str, dict[str, str | None]] | None = None   # only with show_values

    def key_label(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.key.items())

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind, "key": {k: _jsonable(v) for k, v in self.key.items()},
            "persistent": self.persistent, "columns": self.columns,
            "target_columns": self.target_columns}
        data["values"] = self.values if self.values is not None else "redacted"
        return data


@dataclass
class TableResult:
    source_table: str
    target_table: str
    source_rows: int = 0
    target_rows: int = 0
    ranges_total: int = 0
    ranges_hashed: int = 0
    ranges_differing: int = 0
    fence_lsn: int | None = None
    recheck_lsn: int | None = None
    duration_s: float = 0.0
    differences: list[Difference] = field(default_factory=list)
    compared_columns: list[str] = field(default_factory=list)
    not_compared_source: list[str] = field(default_factory=list)
    not_compared_target: list[str] = field(default_factory=list)
    error: str | None = None
    mode: str = "full"                 # full | incremental | resume
    fallback_reason: str | None = None  # why a stored state was not used, when it would be
    ranges_reused: int = 0             # stored ranges taken as they were (no key changed)
    state_stored: bool = False         # this pass's range checksums are stored for the next
    state_note: str | None = None      # why they are not
    fence_wait_s: float = 0.0          # waiting for the applier to pass the anchor's fence
    lookup_s: float = 0.0              # finding the ranges whose keys changed
    hash_s: float = 0.0                # hashing ranges (the first level, before bisection)

    @property
    def persistent(self) -> list[Difference]:
        return [d for d in self.differences if d.persistent]

    @property
    def in_flight(self) -> list[Difference]:
        return [d for d in self.differences if not d.persistent]

    @property
    def verdict(self) -> str:
        if self.error is not None:
            return "error"
        return "differences" if self.persistent else "consistent"

    @property
    def rows_per_s(self) -> float:
        rows = max(self.source_rows, self.target_rows)
        return round(rows / self.duration_s, 1) if self.duration_s > 0 else 0.0

    @staticmethod
    def _counts(diffs: list[Difference]) -> dict[str, int]:
        counted = Counter(d.kind for d in diffs)
        return {kind: counted.get(kind, 0) for kind in KINDS}

    def counts(self, persistent: bool) -> dict[str, int]:
        return self._counts(self.persistent if persistent else self.in_flight)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source_table, "target": self.target_table, "verdict": self.verdict,
            "error": self.error,
            "rows": {"source": self.source_rows, "target": self.target_rows},
            "mode": self.mode, "fallback_reason": self.fallback_reason,
            "ranges": {"total": self.ranges_total, "hashed": self.ranges_hashed,
                       "differing": self.ranges_differing, "reused": self.ranges_reused},
            "state": {"stored": self.state_stored, "note": self.state_note},
            "timings": {"fence_wait_s": round(self.fence_wait_s, 3),
                        "lookup_s": round(self.lookup_s, 3), "hash_s": round(self.hash_s, 3)},
            "fence": {"lsn": self.fence_lsn,
                      "lsn_text": lsn_text(self.fence_lsn) if self.fence_lsn else None,
                      "recheck_lsn": self.recheck_lsn,
                      "recheck_lsn_text": lsn_text(self.recheck_lsn)
                      if self.recheck_lsn else None},
            "duration_s": round(self.duration_s, 3), "rows_per_s": self.rows_per_s,
            "persistent": self.counts(True), "in_flight": self.counts(False),
            "differences": [d.as_dict() for d in self.differences],
            "compared_columns": self.compared_columns,
            "not_compared": {"source": self.not_compared_source,
                             "target": self.not_compared_target},
        }


@dataclass
class VerifyResult:
    context: str
    started_at: dt.datetime
    tables: list[TableResult] = field(default_factory=list)
    duration_s: float = 0.0
    show_values: bool = False
    error: str | None = None  # the pass itself failed (a report written anyway says why)
    repair: Any = None  # a `repair.RepairReport` when the pass ran with --repair

    @property
    def verdict(self) -> str:
        verdicts = {t.verdict for t in self.tables}
        if self.error is not None or "error" in verdicts:
            return "error"
        return "differences" if "differences" in verdicts else "consistent"

    @property
    def exit_code(self) -> int:
        """0 consistent, 1 persistent differences, 3 a table could not be compared; after an
        applied repair, what the repair left (0 all repaired, 1 differences remain, 3 error)."""
        if self.repair is not None and self.repair.applied and self.verdict != "error":
            return int(self.repair.exit_code)
        return {"consistent": 0, "differences": 1, "error": 3}[self.verdict]

    def as_dict(self) -> dict[str, Any]:
        data = {"schema": SCHEMA, "context": self.context, "verdict": self.verdict,
                "started_at": self.started_at.isoformat(),
                "duration_s": round(self.duration_s, 3), "values_shown": self.show_values,
                "error": self.error,
                "tables": [t.as_dict() for t in self.tables]}
        if self.repair is not None:  # only with --repair
            data["repair"] = self.repair.as_dict()
        return data
