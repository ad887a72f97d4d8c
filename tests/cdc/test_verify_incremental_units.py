"""Pure decisions of incremental and resumed verification passes (`cdc.verify.incremental`)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from cdc.verify.incremental import (
    FULL,
    INCREMENTAL,
    RESUME,
    Lineage,
    StoredRange,
    StoredState,
    batches,
    decide,
    fallback_reason,
    layout_hash,
    runs,
    to_hash,
)
from cdc.verify.layout import Layout, Pair
from cdc.verify.reports import to_json, to_junit, to_markdown
from cdc.verify.result import TableResult, VerifyResult

LINEAGE = Lineage("L1", "fast", "7301", 1, 100, 0, {"t/0": 50})
SAME = (10, "99")


def _state(lineage: Lineage = LINEAGE, complete: bool = True, fence: int = 1000) -> StoredState:
    return StoredState(lineage, (("5",),), complete,
                       {0: StoredRange(fence, 900, *SAME, *SAME),
                        1: StoredRange(fence, 900, *SAME, *SAME)})


@pytest.mark.parametrize(("now", "stored", "source_lsn", "applied", "tracked", "reason"), [
    (LINEAGE, None, 2000, 2000, True, "no stored state"),
    (replace(LINEAGE, hash_function="md5"), _state(), 2000, 2000, True,
     "use the fast hash, this pass md5"),
    (replace(LINEAGE, layout_hash="L2"), _state(), 2000, 2000, True, "mapping"),
    (replace(LINEAGE, system_id="8400"), _state(), 2000, 2000, True, "another one"),
    (replace(LINEAGE, timeline=2), _state(), 2000, 2000, True, "another one"),
    (LINEAGE, _state(), 999, 2000, True, "behind the stored fence"),
    (LINEAGE, _state(), 2000, 999, True, "sync state was reset"),
    (replace(LINEAGE, snapshot_floor=150), _state(), 2000, 2000, True, "new snapshot"),
    (replace(LINEAGE, truncate_lsn=1500), _state(), 2000, 2000, True, "TRUNCATE"),
    (replace(LINEAGE, offsets={"t/0": 3}), _state(), 2000, 2000, True, "offsets went back"),
    (replace(LINEAGE, offsets={}), _state(), 2000, 2000, True, "offsets went back on t/0"),
    (LINEAGE, _state(), 2000, 2000, False, "positions table"),
    # valid: offsets moved on, a new partition, the same everything else
    (replace(LINEAGE, offsets={"t/0": 80, "t/1": 2}), _state(), 2000, 2000, True, None),
])
def test_fallback_reason(now: Lineage, stored: StoredState | None, source_lsn: int,
                         applied: int, tracked: bool, reason: str | None) -> None:
    found = fallback_reason(stored, now, source_lsn=source_lsn, applied_lsn=applied,
                            tracked=tracked)
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found


@pytest.mark.parametrize(("stored", "reason", "incremental", "mode", "fallback"), [
    (None, "no stored state", True, FULL, "no stored state"),
    (None, "no stored state", False, FULL, None),           # a plain full pass: nothing to say
    (_state(), None, True, INCREMENTAL, None),
    (_state(), None, False, FULL, None),                    # a full pass refreshes the state
    (_state(complete=False), None, False, RESUME, None),    # ... or continues an unfinished one
    (_state(complete=False), None, True, RESUME, None),
    (_state(complete=False), "TRUNCATE", False, FULL, "TRUNCATE"),  # says why it did not resume
    (_state(), "TRUNCATE", True, FULL, "TRUNCATE"),
    (_state(), "TRUNCATE", False, FULL, None),
])
def test_decide(stored: StoredState | None, reason: str | None, incremental: bool, mode: str,
                fallback: str | None) -> None:
    plan = decide(stored, reason, incremental=incremental)
    assert (plan.mode, plan.fallback) == (mode, fallback)
    assert (plan.bounds is not None) == (mode != FULL)


def test_to_hash_takes_unfinished_differing_and_changed_ranges() -> None:
    stored = {0: StoredRange(1000, 900, *SAME, *SAME),
              1: StoredRange(1000, 900, *SAME, 10, "98"),   # stored as differing
              2: StoredRange(1000, 900, *SAME, *SAME),
              3: StoredRange(2000, 1900, *SAME, *SAME)}     # hashed later (resumed)
    # range 4 is unfinished; range 2 has a key written at its since; range 3's newest write
    # is older than its own since, range 0's newest is just below its since
    changed = {0: 899, 2: 900, 3: 1500}
    assert to_hash(5, stored, changed) == [1, 2, 4]
    assert to_hash(3, None, {}) == [0, 1, 2]


def test_runs_and_batches() -> None:
    assert runs([7, 1, 2, 3, 5]) == [(1, 3), (5, 5), (7, 7)]
    assert batches(range(10), 4) == [[(0, 3)], [(4, 7)], [(8, 9)]]
    assert batches([0, 1, 5, 9], 3) == [[(0, 1), (5, 5)], [(9, 9)]]
    assert batches([0, 2, 4, 6], 10, max_runs=2) == [[(0, 0), (2, 2)], [(4, 4), (6, 6)]]
    assert batches([], 4) == []
    assert sum(last - first + 1 for b in batches(range(1000), 7) for first, last in b) == 1000


def test_layout_hash_follows_what_is_compared() -> None:
    layout = Layout("public.a", "public.b", (Pair("id", "item_id", "integer", "bigint"),),
                    (Pair("qty", "on_hand", "integer", "integer"),), (), ())
    assert layout_hash(layout) == layout_hash(replace(layout))
    assert layout_hash(layout) != layout_hash(replace(layout, columns=()))
    assert layout_hash(layout) != layout_hash(replace(
        layout, columns=(Pair("qty", "on_hand", "integer", "numeric(10,2)"),)))
    # columns left out are not compared: they do not invalidate the state
    assert layout_hash(layout) == layout_hash(replace(layout, source_only=("legacy",)))


def test_reports_say_how_the_stored_state_was_used() -> None:
    resumed = TableResult("public.a", "public.b", ranges_total=10, ranges_hashed=4,
                          ranges_reused=6, mode=RESUME, state_stored=True)
    fallen = TableResult("public.c", "public.d", ranges_total=3, ranges_hashed=3, mode=FULL,
                         fallback_reason="a TRUNCATE was applied since the stored state")
    result = VerifyResult("inventory", dt.datetime(2026, 11, 29, tzinfo=dt.UTC),
                          tables=[resumed, fallen])
    data = json.loads(to_json(result))["tables"]
    assert data[0]["mode"] == "resume" and data[0]["ranges"]["reused"] == 6
    assert data[1]["fallback_reason"] == "a TRUNCATE was applied since the stored state"
    markdown = to_markdown(result)
    assert "| resume | 0 / 0 | 10 (4 / 6 / 0) |" in markdown
    assert "- `public.a`: resumed an unfinished full pass: 6 range(s) reused, 4 hashed" in markdown
    assert ("- `public.c`: full pass, the stored range checksums not used: a TRUNCATE was "
            "applied since the stored state") in markdown
    outs = [case.findtext("system-out") or ""
            for case in ET.fromstring(to_junit(result)).iter("testcase")]
    assert outs[0].startswith("resume pass;") and "6 reused" in outs[0]
    assert "not used: a TRUNCATE" in outs[1]
