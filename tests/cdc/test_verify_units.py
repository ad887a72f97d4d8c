"""Pure parts of the verifier: bisection decisions, column pairing, report rendering."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from psycopg import sql

from cdc.config import TableSync
from cdc.errors import CdcConfigError
from cdc.mapping import Column
from cdc.verify.bisect import RangeSum, changed_columns, classify_rows, differing, split_points
from cdc.verify.layout import build_layout
from cdc.verify.metrics import VerifyMetrics
from cdc.verify.normalize import canonical
from cdc.verify.reports import to_junit, to_markdown
from cdc.verify.result import Difference, TableResult, VerifyResult


@pytest.mark.parametrize(("keys", "parts", "expected"), [
    ([], 4, []),
    ([(1,), (2,), (3,)], 1, []),
    ([(i,) for i in range(8)], 4, [(2,), (4,), (6,)]),
    ([(1,), (1,), (1,), (2,)], 4, [(1,), (2,)]),  # duplicates in a sample collapse
])
def test_split_points(keys: list[tuple[int]], parts: int, expected: list[tuple[int]]) -> None:
    assert split_points(keys, parts) == expected


def test_differing_treats_an_absent_bucket_as_empty() -> None:
    src = {0: RangeSum(3, "10"), 1: RangeSum(2, "5")}
    tgt = {0: RangeSum(3, "10"), 2: RangeSum(1, "4")}
    assert differing(src, tgt, 3) == [1, 2]
    assert differing({0: RangeSum(0, "0")}, {}, 1) == []


def test_classify_rows() -> None:
    src = {"{1}": (10, (1,)), "{2}": (20, (2,)), "{3}": (30, (3,))}
    tgt = {"{2}": (20, (2,)), "{3}": (31, (3,)), "{4}": (40, (4,))}
    assert [(d.kind, d.key) for d in classify_rows(src, tgt)] == [
        ("missing", (1,)), ("extra", (4,)), ("changed", (3,))]
    assert changed_columns(["a", "b", "c"], ["1", None, "x"], ["1", "", "x"]) == ["b"]


def _col(name: str, type_: str = "integer") -> Column:
    return Column(name, type_, True)


def test_layout_pairs_columns_through_the_mapping() -> None:
    sync = TableSync(source="s", target="t", columns={"id": "item_id", "qty": "on_hand"},
                     ignore=["legacy"])
    source = ({c.name: c for c in [_col("id"), _col("qty"), _col("legacy"), _col("gone")]},
              ("id",))
    target = ({c.name: c for c in [_col("item_id", "bigint"), _col("on_hand"), _col("note")]},
              ("item_id",))
    layout = build_layout(sync, source, target)
    assert [(p.source, p.target, p.target_type) for p in layout.key] == [
        ("id", "item_id", "bigint")]
    assert [(p.source, p.target) for p in layout.columns] == [("qty", "on_hand")]
    assert layout.source_only == ("legacy", "gone") and layout.target_only == ("note",)
    with pytest.raises(CdcConfigError, match="no primary key"):
        build_layout(sync, source, (target[0], ()))


@pytest.mark.parametrize(("own", "other", "expected"), [
    ("integer", "bigint", "x::text"),
    ("numeric(12,2)", "numeric(14,4)", "trim_scale(x::numeric)::text"),
    ("integer", "numeric", "trim_scale(x::numeric)::text"),
    ("timestamp(3) with time zone", "timestamp without time zone",
     "(x::timestamptz(3))::text"),
    ("timestamp without time zone", "timestamp(6) with time zone",
     "((x at time zone 'UTC')::timestamptz(6))::text"),
    ("jsonb", "json", "x::jsonb::text"),
    ("text", "character varying(20)", "x"),
])
def test_canonical_text(own: str, other: str, expected: str) -> None:
    rendered = canonical(sql.Identifier("x"), own, other).as_string(None)
    assert rendered.replace('"x"', "x") == expected


def _result() -> VerifyResult:
    table = TableResult("public.a", "public.b", source_rows=10, target_rows=10,
                        ranges_total=2, ranges_hashed=3, ranges_differing=1, fence_lsn=2**32 + 5,
                        recheck_lsn=2**32 + 9, duration_s=0.5)
    table.differences = [
        Difference("missing", {"id": 1}, True),
        Difference("changed", {"id": 2}, True, ["qty"], ["on_hand"],
                   values={"source": {"qty": "1"}, "target": {"qty": "2"}}),
        Difference("changed", {"id": 3}, False)]
    clean = TableResult("public.c", "public.d", fence_lsn=7)
    return VerifyResult("inventory", dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                        [table, clean], 0.6)


def test_json_keys_are_stable() -> None:
    data = _result().as_dict()
    assert list(data) == ["schema", "context", "verdict", "started_at", "duration_s",
                          "values_shown", "error", "tables"]
    first = data["tables"][0]
    assert first["fence"] == {"lsn": 2**32 + 5, "lsn_text": "1/5", "recheck_lsn": 2**32 + 9,
                              "recheck_lsn_text": "1/9"}
    assert first["persistent"] == {"missing": 1, "extra": 0, "changed": 1}
    assert first["in_flight"] == {"missing": 0, "extra": 0, "changed": 1}
    assert first["differences"][0]["values"] == "redacted"
    json.dumps(data)


def test_junit_and_markdown() -> None:
    result = _result()
    root = ET.fromstring(to_junit(result).split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    failure = cases[0].find("failure")
    assert failure is not None and failure.text == (
        "missing (1):\n  id=1\nchanged (1):\n  id=2 (columns: qty -> on_hand)")
    assert cases[1].find("failure") is None
    assert "in flight (resolved by the re-check): 1" in (cases[0].findtext("system-out") or "")
    assert '"qty": "1"' not in to_junit(result)  # values only when the pass showed them
    markdown = to_markdown(result)
    assert ("| `public.a` → `public.b` | ❌ differences | full | 10 / 10 | 2 (3 / 0 / 1) | "
            "1 / 0 / 1 | 1 |") in markdown
    assert "--show-values" in markdown
    failed = VerifyResult("inventory", result.started_at, error="database down")
    assert ET.fromstring(to_junit(failed).split("\n", 1)[1]).find(
        "testsuite/testcase/error") is not None


def test_metrics_keep_the_last_pass_per_table(tmp_path: Path) -> None:
    metrics = VerifyMetrics()
    metrics.observe(_result())
    path = tmp_path / "verify.prom"
    metrics.write(str(path))
    text = path.read_text()
    assert 'strangler_verify_consistent{context="inventory",table="public.a"} 0.0' in text
    assert 'strangler_verify_consistent{context="inventory",table="public.c"} 1.0' in text
    assert ('strangler_verify_differences{context="inventory",kind="changed",'
            'persistence="in_flight",table="public.a"} 1.0') in text
    assert 'strangler_verify_rows_per_second{context="inventory",table="public.a"} 20.0' in text
