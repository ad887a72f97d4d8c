"""Incremental and resumed verification passes on the real pipeline (Debezium in Kafka Connect,
the broker, the applier), and the event-driven fence wait (issue 11).

The incremental pass re-hashes only the stored ranges holding keys the applier wrote since the
ranges were hashed (from its positions table), so a difference planted by hand in a range
nobody changed is seen only by the next full pass: that is the design, and it is asserted.
"""

from __future__ import annotations

import bisect
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from cdc.catalog import table_shape
from cdc.config import Direction, SyncConfig
from cdc.endpoints import Endpoints
from cdc.errors import FenceTimeout
from cdc.fences import FENCE_DDL, wait_for_fence
from cdc.mapping import TableMapper
from cdc.state import ensure_positions, ensure_state
from cdc.verify import Options, Progress, verify
from cdc.verify.result import TableResult, VerifyResult
from strangler.cli import main
from strangler.stack.runner import LocalStack
from tests.cdc.fence_relay import FenceRelay
from tests.cdc.pipeline import Pipeline, build_pipeline, teardown_pipeline
from tests.support import execute, unique

pytestmark = pytest.mark.stack

ROWS = 20_000
SMALL = {"range_rows": 200}  # 100 stored ranges of 200 rows


@pytest.fixture
def env(stack: LocalStack, endpoints: Endpoints) -> str:
    """The stack's state dir; `endpoints` has cleared the STRANGLER_* variables."""
    return str(stack.state_dir)


@pytest.fixture
def pipeline(stack: LocalStack) -> Iterator[Pipeline]:
    built = build_pipeline(stack, seed_rows=ROWS)
    try:
        built.start_applier()
        built.wait_converged(timeout=180)
        yield built
    finally:
        teardown_pipeline(built)


def _run(pipeline: Pipeline, config: Path, env: str, *, incremental: bool,
         progress: Progress | None = None, **options: Any) -> TableResult:
    result: VerifyResult = verify(pipeline.direction.context, config=config, state_dir=env,
                                  options=Options(**{**SMALL, **options}),
                                  incremental=incremental, progress=progress)
    assert len(result.tables) == 1
    return result.tables[0]


def _bounds(pipeline: Pipeline) -> list[int]:
    with psycopg.connect(pipeline.target_dsn) as conn:
        row = conn.execute("select bounds from strangler_cdc.verify_state "
                           "where grp = %s and source_table = %s",
                           (pipeline.direction.consumer_group, pipeline.source_table)).fetchone()
    assert row is not None
    return [int(b[0]) for b in row[0]]


def _range_of(bounds: list[int], key: int) -> int:
    """Range i holds (bounds[i-1], bounds[i]]."""
    return bisect.bisect_left(bounds, key)


def _keys_of(pipeline: Pipeline, bounds: list[int], ranges: set[int]) -> set[int]:
    return {k for k in range(1, ROWS + 1) if _range_of(bounds, k) in ranges}


def _change_at_source(pipeline: Pipeline, keys: list[int]) -> None:
    with psycopg.connect(pipeline.source_dsn, autocommit=True) as conn:
        for chunk in range(0, len(keys), 25):  # a few source transactions
            with conn.transaction():
                for key in keys[chunk:chunk + 25]:
                    conn.execute(f"update {pipeline.source_table} set qty = qty + 1000 "
                                 "where id = %s", (key,))


def _persistent(table: TableResult) -> list[tuple[str, int]]:
    return sorted((d.kind, d.key["id"]) for d in table.persistent)


def test_incremental_pass_hashes_only_the_ranges_of_changed_keys(
        pipeline: Pipeline, env: str, tmp_path: Path) -> None:
    config = pipeline.write_config(tmp_path / "routes.yaml")
    first = _run(pipeline, config, env, incremental=True)
    assert (first.mode, first.verdict, first.state_stored) == ("full", "consistent", True)
    assert first.fallback_reason is not None and "no stored state" in first.fallback_reason
    assert first.ranges_total == 100
    bounds = _bounds(pipeline)
    changed = sorted(random.Random(11).sample(range(1, ROWS + 1), 100))
    touched = {_range_of(bounds, k) for k in changed}
    untouched = sorted(set(range(first.ranges_total)) - touched)
    assert len(touched) < 100 and untouched  # some ranges hold several keys, some none
    _change_at_source(pipeline, changed)
    pipeline.wait_converged(timeout=120)
    # by hand in the target: one row in a range with changed keys (not a changed key itself),
    # one in a range nobody changed
    in_touched = min(_keys_of(pipeline, bounds, {_range_of(bounds, changed[0])}) - set(changed))
    in_untouched = min(_keys_of(pipeline, bounds, {untouched[0]}))
    execute(pipeline.target_dsn,
            f"update {pipeline.target_table} set on_hand = -1 where item_id = {in_touched}",
            f"update {pipeline.target_table} set on_hand = -1 where item_id = {in_untouched}")

    incremental = _run(pipeline, config, env, incremental=True)
    assert incremental.mode == "incremental" and incremental.fallback_reason is None
    assert incremental.ranges_hashed == len(touched)  # leaves: no bisection below 200 rows
    assert incremental.ranges_reused == incremental.ranges_total - len(touched)
    assert incremental.ranges_differing == 1
    assert _persistent(incremental) == [("changed", in_touched)]
    assert (incremental.source_rows, incremental.target_rows) == (ROWS, ROWS)

    full = _run(pipeline, config, env, incremental=False)
    assert full.mode == "full" and full.ranges_reused == 0
    assert _persistent(full) == sorted([("changed", in_touched), ("changed", in_untouched)])
    # the full pass refreshed the state: still differing ranges are hashed again, the rest kept
    again = _run(pipeline, config, env, incremental=True)
    assert again.mode == "incremental" and again.ranges_hashed == 2
    assert _persistent(again) == _persistent(full)


def test_each_unusable_state_gives_a_full_pass_saying_why(
        pipeline: Pipeline, env: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    config = pipeline.write_config(tmp_path / "routes.yaml")
    args = ["verify", "--context", pipeline.direction.context, "--config", str(config),
            "--state-dir", env, "--no-progress", "--incremental"]
    assert main(args) == 0
    assert "stored range checksums not used: no stored state" in capsys.readouterr().out

    def fallback(**options: Any) -> str:
        table = _run(pipeline, config, env, incremental=True, **options)
        assert table.mode == "full" and table.verdict == "consistent"
        assert table.ranges_hashed == table.ranges_total and table.ranges_reused == 0
        assert table.fallback_reason is not None
        return table.fallback_reason

    assert _run(pipeline, config, env, incremental=True).mode == "incremental"
    # another hash function
    assert "md5" in fallback(hash_function="md5")
    assert "md5" in fallback(hash_function="fast")  # the md5 pass stored its own state
    assert _run(pipeline, config, env, incremental=True).mode == "incremental"
    # another layout: a column no longer compared
    sync = yaml.safe_load(config.read_text())
    table = sync["contexts"][pipeline.direction.context]["sync"]["tables"][0]
    del table["columns"]["description"]
    table["ignore"] = ["description"]
    narrower = tmp_path / "narrower.yaml"
    narrower.write_text(yaml.safe_dump(sync))
    assert "mapping" in fallback_with(pipeline, narrower, env)
    assert _run(pipeline, config, env, incremental=True).mode == "full"  # and back
    assert _run(pipeline, config, env, incremental=True).mode == "incremental"
    # a TRUNCATE at the source, applied by the applier
    pipeline.source("truncate {t}")
    pipeline.source("insert into {t} (id, sku, qty, price) values (1, 'a', 1, 1.5)")
    pipeline.wait_converged(timeout=120)
    assert "TRUNCATE" in fallback()
    assert main(args + ["--json"]) == 0
    out = capsys.readouterr().out
    assert '"mode": "incremental"' in out and '"reused": ' in out


def fallback_with(pipeline: Pipeline, config: Path, env: str) -> str:
    table = _run(pipeline, config, env, incremental=True)
    assert table.mode == "full" and table.fallback_reason is not None
    return table.fallback_reason


class _Interrupt(Exception):
    pass


class _StopAfter(Progress):
    """Raises after `batches` statements have finished (each stored as it finished)."""

    def __init__(self, batches: int) -> None:
        self.left = batches

    def advance(self, table: str, rows: int, ranges: int) -> None:
        self.left -= 1
        if self.left == 0:
            raise _Interrupt(f"interrupted after {ranges} ranges")


def test_an_interrupted_full_pass_resumes_from_its_finished_ranges(
        pipeline: Pipeline, env: str, tmp_path: Path) -> None:
    config = pipeline.write_config(tmp_path / "routes.yaml")
    chunked: dict[str, Any] = {"chunk_rows": 2000}  # 10 ranges of 200 rows per statement
    with pytest.raises(_Interrupt, match="after 30 ranges"):
        _run(pipeline, config, env, incremental=False, progress=_StopAfter(3), **chunked)
    bounds = _bounds(pipeline)
    with psycopg.connect(pipeline.target_dsn) as conn:
        finished = sorted(r[0] for r in conn.execute(
            "select idx from strangler_cdc.verify_ranges where grp = %s",
            (pipeline.direction.consumer_group,)))
    assert finished == list(range(30))
    # after the interruption: a key of a finished range changes through the pipeline, and
    # the target gets a hand-made difference on it
    key = min(_keys_of(pipeline, bounds, {7}))
    _change_at_source(pipeline, [key])
    pipeline.wait_converged(timeout=120)
    execute(pipeline.target_dsn,
            f"update {pipeline.target_table} set details = 'hand' where item_id = {key}")

    resumed = _run(pipeline, config, env, incremental=False, **chunked)
    assert resumed.mode == "resume" and resumed.fallback_reason is None
    assert resumed.ranges_reused == 29 and resumed.ranges_hashed == 100 - 29
    assert [(d.kind, d.key["id"], d.columns) for d in resumed.persistent] == [
        ("changed", key, ["description"])]
    assert (resumed.source_rows, resumed.target_rows) == (ROWS, ROWS)
    # the state is complete now: the next full pass hashes everything again
    assert _run(pipeline, config, env, incremental=False).mode == "full"


def test_the_fence_wait_wakes_on_the_appliers_notification(pipeline: Pipeline) -> None:
    with psycopg.connect(pipeline.source_dsn, autocommit=True) as conn:
        row = conn.execute("select (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint"
                           ).fetchone()
        assert row is not None
        lsn = int(row[0])
        conn.execute(f"update {pipeline.fence_table} set "
                     "lsn = (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint, "
                     "ts = clock_timestamp() where id = 1")
    group = pipeline.direction.consumer_group
    with psycopg.connect(pipeline.target_dsn, autocommit=True) as conn:
        started = time.monotonic()
        # no re-read within the timeout: only the applier's notification can wake it
        applied = wait_for_fence(conn, group, lsn, timeout=30, recheck=60)
        took = time.monotonic() - started
    assert applied >= lsn and took < 30
    print(f"fence round trip through the pipeline: {took * 1000:.0f} ms")


def test_a_lost_notification_costs_at_most_one_recheck(stack: LocalStack) -> None:
    group = f"ctx_lost_{time.monotonic_ns()}"
    dsn = stack.service_dsn("inventory")
    with psycopg.connect(dsn, autocommit=True) as conn:
        ensure_state(conn)
        conn.execute("insert into strangler_cdc.fences_applied values (%s, 10, now(), now())",
                     (group,))

    def silent_write() -> None:  # an applier that does not notify (an older one)
        execute(dsn, f"update strangler_cdc.fences_applied set lsn = 500 "
                     f"where direction = '{group}'")

    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            with pytest.raises(FenceTimeout, match="newest applied fence: 0/A"):
                wait_for_fence(conn, group, 500, timeout=0.3, recheck=0.1)
            timer = threading.Timer(0.2, silent_write)
            timer.start()
            started = time.monotonic()
            assert wait_for_fence(conn, group, 500, timeout=10, recheck=0.3) == 500
            took = time.monotonic() - started
            timer.join()
        assert 0.2 <= took < 1.5
    finally:
        execute(dsn, f"delete from strangler_cdc.fences_applied where direction = '{group}'")


WORDS = ["zebra", "Zebra", "Ärger", "äpfel", "éclair", "東京", "a b", "ab", "Z", "ß", "ss", "😀"]


def test_text_keys_under_different_collations(stack: LocalStack, env: str,
                                              tmp_path: Path) -> None:
    """The incremental pass on a text key whose collations disagree on the two servers: the
    applier's part (rows and positions at the target, applied fences) is played by hand and
    by `FenceRelay`, the verifier's is real."""
    tag = unique("vi")
    source, target, fence = f"public.{tag}_src", f"public.{tag}_tgt", f"public.{tag}_fence"
    src_dsn, tgt_dsn = stack.monolith_dsn, stack.service_dsn("inventory")
    keys = [f"{w}{n:03d}" for w in WORDS for n in range(100)]
    execute(src_dsn, f'create table {source} (name text collate "sv-x-icu" primary key, '
                     "qty int)", FENCE_DDL.format(table=fence))
    execute(tgt_dsn, f'create table {target} (name text collate "de-x-icu" primary key, '
                     "qty int)")
    sync = {"source": "monolith", "target": "inventory", "topic_prefix": tag,
            "slot": f"{tag}_slot", "fence_table": fence,
            "tables": [{"source": source, "target": target}]}
    context = tag.replace("_", "")
    config = tmp_path / "routes.yaml"
    config.write_text(yaml.safe_dump({"contexts": {context: {"sync": sync}}}))
    direction = Direction(context, SyncConfig.model_validate(sync), "forward")
    with psycopg.connect(tgt_dsn, autocommit=True) as conn:
        ensure_state(conn)
        mapper = TableMapper(direction.tables[0], *table_shape(conn, target))
        ensure_positions(conn, mapper)
    positions = f"strangler_cdc.{mapper.positions_table}"
    for dsn in (src_dsn, tgt_dsn):
        with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cur:
            cur.executemany(f"insert into {source if dsn == src_dsn else target} "
                            "values (%s, 1)", [(k,) for k in keys])
    execute(tgt_dsn, f"insert into {positions} select name, 1, 0, false from {target}")
    relay = FenceRelay(src_dsn, tgt_dsn, fence, direction.consumer_group).start()
    try:
        def run(incremental: bool) -> TableResult:
            result = verify(context, config=config, state_dir=env, incremental=incremental,
                            options=Options(range_rows=50))
            return result.tables[0]

        first = run(False)
        assert first.verdict == "consistent" and first.ranges_total == 24
        with psycopg.connect(tgt_dsn) as conn:
            row = conn.execute("select bounds from strangler_cdc.verify_state where grp = %s",
                               (direction.consumer_group,)).fetchone()
        assert row is not None
        bounds = [b[0] for b in row[0]]
        assert bounds == sorted(bounds)  # byte order of UTF-8 = code point order

        def range_of(key: str) -> int:
            return bisect.bisect_left(bounds, key)

        changed = ["Ärger007", "東京042", "😀099", "ab050"]
        # the applier's work: the rows at both sides, the positions after the last pass
        for key in changed:
            execute(src_dsn, f"update {source} set qty = 2 where name = '{key}'")
        with psycopg.connect(src_dsn) as conn:
            lsn = conn.execute("select (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint"
                               ).fetchone()
        assert lsn is not None
        with psycopg.connect(tgt_dsn, autocommit=True) as conn:
            conn.execute(f"update {target} set qty = 2 where name = any(%s)", (changed,))
            conn.execute(f"update {positions} set commit_lsn = %s where name = any(%s)",
                         (lsn[0], changed))
            near = next(k for k in keys if range_of(k) == range_of("東京042") and k != "東京042")
            far = next(k for k in keys if range_of(k) not in {range_of(c) for c in changed})
            conn.execute(f"update {target} set qty = -1 where name = any(%s)", ([near, far],))
        incremental = run(True)
        assert incremental.mode == "incremental"
        assert incremental.ranges_hashed == len({range_of(k) for k in changed})
        assert [d.key["name"] for d in incremental.persistent] == [near]
        assert sorted(d.key["name"] for d in run(False).persistent) == sorted([near, far])
    finally:
        relay.stop()
        execute(src_dsn, f"drop table if exists {source}", f"drop table if exists {fence}")
        execute(tgt_dsn, f"drop table if exists {target}", f"drop table if exists {positions}",
                "delete from strangler_cdc.verify_state where grp = "
                f"'{direction.consumer_group}'",
                "delete from strangler_cdc.verify_ranges where grp = "
                f"'{direction.consumer_group}'")
