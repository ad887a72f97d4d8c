"""Pure parts of the repair: the plan, the signal, the exit code, the renderings."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from cdc.signals import snapshot_signal
from cdc.verify.repair import plan_repair
from cdc.verify.reports import repair_lines, to_junit, to_markdown
from cdc.verify.result import Difference, TableResult, VerifyResult


def _result() -> VerifyResult:
    table = TableResult("public.a", "public.b", fence_lsn=5)
    table.differences = [
        Difference("missing", {"id": 1}, True),
        Difference("extra", {"id": 9}, True),
        Difference("changed", {"id": 2}, True, ["qty"], ["on_hand"]),
        Difference("changed", {"id": 3}, False)]  # in flight: never repaired
    clean = TableResult("public.c", "public.d", fence_lsn=5)
    return VerifyResult("inventory", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), [table, clean])


def test_the_plan_takes_persistent_differences_only() -> None:
    result = _result()
    plan = plan_repair(result)
    assert [t.source_table for t in plan.tables] == ["public.a"]
    table = plan.tables[0]
    assert [(d.kind, d.key) for d in table.resync] == [("missing", {"id": 1}),
                                                       ("changed", {"id": 2})]
    assert [(d.kind, d.key) for d in table.delete] == [("extra", {"id": 9})]
    assert plan.verdict == "planned" and not plan.applied
    assert plan_repair(VerifyResult("x", result.started_at)).empty


def test_a_dry_run_keeps_the_pass_exit_code_an_applied_repair_decides_it() -> None:
    result = _result()
    result.repair = plan_repair(result)
    assert result.exit_code == 1
    result.repair = applied = plan_repair(result, apply=True)
    assert result.exit_code == 0 and applied.verdict == "repaired"
    assert applied.tables[0].repaired() == {"missing": 1, "extra": 1, "changed": 1}
    applied.tables[0].remaining = [Difference("changed", {"id": 2}, True, ["qty"], ["on_hand"])]
    applied.tables[0].resolved_before = [{"id": 1}]
    assert result.exit_code == 1
    assert applied.tables[0].repaired() == {"missing": 0, "extra": 1, "changed": 0}
    applied.error = "repair: the re-synced rows did not all arrive"
    assert result.exit_code == 3


def test_json_has_the_plan_and_after_applying_the_outcome() -> None:
    result = _result()
    assert "repair" not in result.as_dict()  # only with --repair
    result.repair = plan_repair(result)
    section = result.as_dict()["repair"]
    assert list(section) == ["applied", "verdict", "error", "signal_id", "recheck_lsn",
                             "recheck_lsn_text", "waited_s", "duration_s", "tables"]
    assert section["tables"] == [{
        "source": "public.a", "target": "public.b",
        "resync": [{"kind": "missing", "key": {"id": 1}}, {"kind": "changed", "key": {"id": 2}}],
        "delete": [{"kind": "extra", "key": {"id": 9}}]}]
    result.repair = plan_repair(result, apply=True)
    table = result.as_dict()["repair"]["tables"][0]
    assert table["repaired"] == {"missing": 1, "extra": 1, "changed": 1}
    assert (table["remaining"], table["resolved_before"], table["delete_skipped"]) == ([], [], [])
    json.dumps(result.as_dict())


def test_renderings_mention_the_repair() -> None:
    result = _result()
    result.repair = plan_repair(result)
    lines = repair_lines(result.repair, show_values=False)
    assert lines[0].startswith("repair plan (dry run, nothing written")
    assert "  public.a -> public.b: re-sync 2 key(s) through the pipeline, delete 1 " \
           "target-only row(s)" in lines
    assert "    re-sync (missing): id=1" in lines and "    delete (extra): id=9" in lines
    assert "### Repair" in to_markdown(result)
    result.repair = plan_repair(result, apply=True)
    assert to_markdown(result).startswith(
        "## Consistency of `inventory`: ❌ differences, after the repair: ✅ consistent\n")
    result.repair.tables[0].remaining = [Difference("missing", {"id": 1}, True)]
    suite = ET.fromstring(to_junit(result).split("\n", 1)[1]).find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "2"
    case = [c for c in suite.findall("testcase") if c.get("name") == "repair"][0]
    failure = case.find("failure")
    assert failure is not None and "still differing (1)" in (failure.text or "")


def test_the_signal_asks_for_an_incremental_snapshot_of_the_filtered_rows() -> None:
    signal = snapshot_signal({"public.a": '"id" in (1, 2)'})
    assert signal.type == "execute-snapshot" and signal.id.startswith("strangler-repair-")
    assert json.loads(signal.data) == {
        "data-collections": ["public.a"], "type": "incremental",
        "additional-conditions": [{"data-collection": "public.a", "filter": '"id" in (1, 2)'}]}
    assert snapshot_signal({}).id != signal.id
