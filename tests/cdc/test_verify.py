"""The consistency verifier against real PostgreSQL servers (issue 11).

Most tests compare tables planted directly in the two databases; the applier's part in them,
recording applied fences in `strangler_cdc.fences_applied`, is played by `FenceRelay` (it copies
the source's fence row to the target, like the applier does when the fence's change arrives).
The self-test and the live test run the real pipeline: Debezium in Kafka Connect, the broker
and the applier.
"""

from __future__ import annotations

import json
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from cdc.config import Direction, SyncConfig
from cdc.fences import FENCE_DDL
from cdc.state import ensure_state
from cdc.verify import Options, verify
from cdc.verify import verifier as verifier_module
from strangler.cli import main
from strangler.stack.runner import LocalStack
from tests.cdc.fence_relay import FenceRelay
from tests.cdc.pipeline import build_pipeline, teardown_pipeline
from tests.support import execute, unique

pytestmark = pytest.mark.stack

_ENV = ("STRANGLER_MONOLITH_DSN", "STRANGLER_INVENTORY_DSN", "STRANGLER_CONNECT_URL",
        "STRANGLER_BOOTSTRAP_SERVERS", "STRANGLER_STATE_DIR")


class Planted:
    """A context with one table pair created in the two databases, and its routes file."""

    def __init__(self, stack: LocalStack, tmp_path: Path, source_ddl: str, target_ddl: str,
                 columns: dict[str, str] | None = None, **table: Any) -> None:
        tag = unique("vf")
        self.context = tag.replace("_", "")
        self.source_dsn, self.target_dsn = stack.monolith_dsn, stack.service_dsn("inventory")
        self.source, self.target = f"public.{tag}_src", f"public.{tag}_tgt"
        self.fence = f"public.{tag}_fence"
        execute(self.source_dsn, source_ddl.format(t=self.source),
                FENCE_DDL.format(table=self.fence))
        with psycopg.connect(self.target_dsn, autocommit=True) as conn:
            ensure_state(conn)
            conn.execute(target_ddl.format(t=self.target))
        sync = {"source": "monolith", "target": "inventory", "topic_prefix": tag,
                "slot": f"{tag}_slot", "fence_table": self.fence,
                "tables": [{"source": self.source, "target": self.target,
                            "columns": columns or {}, **table}]}
        self.config = tmp_path / "routes.yaml"
        self.config.write_text(yaml.safe_dump({"contexts": {self.context: {"sync": sync}}}))
        self.direction = Direction(self.context, SyncConfig.model_validate(sync), "forward")
        self.relay = FenceRelay(self.source_dsn, self.target_dsn, self.fence,
                                self.direction.consumer_group)

    def src(self, statement: str) -> None:
        execute(self.source_dsn, statement.format(t=self.source))

    def tgt(self, statement: str) -> None:
        execute(self.target_dsn, statement.format(t=self.target))

    def drop(self) -> None:
        execute(self.source_dsn, f"drop table if exists {self.source}",
                f"drop table if exists {self.fence}")
        execute(self.target_dsn, f"drop table if exists {self.target}")


@pytest.fixture
def env(stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> str:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    return str(stack.state_dir)


@pytest.fixture
def plant(stack: LocalStack, tmp_path: Path, env: str) -> Iterator[Any]:
    made: list[Planted] = []

    def make(source_ddl: str, target_ddl: str, **kwargs: Any) -> Planted:
        planted = Planted(stack, tmp_path, source_ddl, target_ddl, **kwargs)
        made.append(planted)
        planted.relay.start()
        return planted

    yield make
    for planted in made:
        planted.relay.stop()
        planted.drop()


def run_cli(planted: Planted, state_dir: str, *args: str) -> int:
    return main(["verify", "--context", planted.context, "--config", str(planted.config),
                 "--state-dir", state_dir, "--no-progress", *args])


def run_api(planted: Planted, state_dir: str, **options: Any) -> Any:
    return verify(planted.context, config=planted.config, state_dir=state_dir,
                  options=Options(**options))


SIMPLE = "create table {t} (id bigint primary key, name text, qty int)"


# -- equal data in different representations ------------------------------------------------------
def test_equal_data_in_different_representations_is_consistent(plant: Any, env: str) -> None:
    planted = plant(
        "create table {t} (id int primary key, price numeric(12,2), ratio real, "
        "at timestamptz, naive timestamp(6), day date, doc json, note text, legacy text, "
        "flag boolean)",
        "create table {t} (item_id bigint primary key, unit_price numeric(14,5), "
        "ratio double precision, at timestamp(3) with time zone, naive timestamptz(3), "
        "day date, doc jsonb, note varchar(50), flag boolean, served text)",
        columns={"id": "item_id", "price": "unit_price"}, ignore=["legacy"])
    planted.src("insert into {t} select g, g / 4.0, 0.5, "
                "timestamptz '2024-03-01 12:00:00.123+02' + g * interval '1 s', "
                "timestamp '2024-03-01 10:00:00.123' + g * interval '1 s', date '2024-01-01', "
                "'{{\"b\": 1,  \"a\": [1, 2]}}', case when g % 3 = 0 then null else 'n' || g end, "
                "'old', g % 2 = 0 from generate_series(1, 3000) g")
    # the target holds the same data: other scale, precision, zone, json layout, a column only
    # it has (NULL) and none for the source's ignored one
    planted.tgt("insert into {t} select g, g / 4.0, 0.5, "
                "timestamptz '2024-03-01 10:00:00.123+00' + g * interval '1 s', "
                "timestamp '2024-03-01 10:00:00.123' + g * interval '1 s', date '2024-01-01', "
                "'{{\"a\": [1,2], \"b\": 1}}', case when g % 3 = 0 then null else 'n' || g end, "
                "g % 2 = 0, null from generate_series(1, 3000) g")
    result = run_api(planted, env, range_rows=100, leaf_rows=50)
    table = result.tables[0]
    assert result.verdict == "consistent", table.as_dict()
    assert (table.source_rows, table.target_rows) == (3000, 3000)
    assert table.ranges_total > 10 and table.ranges_differing == 0
    assert "legacy" in table.not_compared_source and "served" in table.not_compared_target
    # a real difference in the same representation is still seen (the check can fail)
    planted.tgt("update {t} set unit_price = unit_price + 0.00001 where item_id = 1234")
    planted.tgt("update {t} set at = at + interval '1 ms' where item_id = 77")
    again = run_api(planted, env, range_rows=100, leaf_rows=50).tables[0]
    assert [(d.kind, d.key, d.columns, d.target_columns) for d in again.persistent] == [
        ("changed", {"id": 77}, ["at"], ["at"]),
        ("changed", {"id": 1234}, ["price"], ["unit_price"])]


def test_null_and_empty_text_are_different(plant: Any, env: str) -> None:
    planted = plant(SIMPLE, SIMPLE)
    planted.src("insert into {t} values (1, null, 1), (2, 'NULL', 2), (3, '', 3)")
    planted.tgt("insert into {t} values (1, '', 1), (2, null, 2), (3, null, 3)")
    table = run_api(planted, env).tables[0]
    assert sorted(d.key["id"] for d in table.persistent) == [1, 2, 3]
    assert all(d.columns == ["name"] for d in table.persistent)


# -- sizes and keys -----------------------------------------------------------------------------
@pytest.mark.parametrize("rows", [0, 1])
def test_empty_and_one_row_tables(plant: Any, env: str, rows: int) -> None:
    planted = plant(SIMPLE, SIMPLE)
    if rows:
        planted.src("insert into {t} values (1, 'x', 1)")
        planted.tgt("insert into {t} values (1, 'x', 1)")
    result = run_api(planted, env)
    assert result.verdict == "consistent"
    assert (result.tables[0].source_rows, result.tables[0].target_rows) == (rows, rows)
    planted.tgt("insert into {t} values (5, 'orphan', 1)")
    if rows:
        planted.src("delete from {t}")
    diffs = run_api(planted, env).tables[0].persistent
    assert [(d.kind, d.key) for d in diffs] == [("extra", {"id": 1})] * rows + [
        ("extra", {"id": 5})]


WORDS = ["zebra", "Zebra", "Ärger", "äpfel", "éclair", "東京", "a b", "ab", "Z", "ß", "ss",
         "İstanbul", "😀", "a-b", "a_b"]


def test_composite_non_ascii_keys_under_different_collations(plant: Any, env: str) -> None:
    # sv sorts ä after z, de next to a: the servers disagree on the order of these keys
    planted = plant(
        'create table {t} (region text collate "sv-x-icu", seq int, qty int, '
        "primary key (region, seq))",
        'create table {t} (region text collate "de-x-icu", seq bigint, qty int, '
        "primary key (region, seq))")
    values = ", ".join(f"('{w}', {s}, {s})" for w in WORDS for s in range(1, 41))
    planted.src(f"insert into {{t}} values {values}")
    planted.tgt(f"insert into {{t}} values {values}")
    small = {"range_rows": 37, "leaf_rows": 10, "split": 4}
    result = run_api(planted, env, **small)
    assert result.verdict == "consistent", result.tables[0].as_dict()
    assert result.tables[0].ranges_total >= 16
    planted.tgt("update {t} set qty = -1 where region = 'Ärger' and seq = 17")
    planted.tgt("delete from {t} where region = '東京' and seq = 40")
    planted.tgt("insert into {t} values ('äpfel', 41, 1)")
    table = run_api(planted, env, **small).tables[0]
    assert sorted((d.kind, d.key["region"], d.key["seq"], tuple(d.columns))
                  for d in table.persistent) == [
        ("changed", "Ärger", 17, ("qty",)), ("extra", "äpfel", 41, ()),
        ("missing", "東京", 40, ())]
    assert table.ranges_hashed > table.ranges_total  # it bisected, not read everything


def test_only_differing_ranges_are_bisected(plant: Any, env: str) -> None:
    planted = plant(SIMPLE, SIMPLE)
    planted.src("insert into {t} select g, 'n' || g, g from generate_series(1, 20000) g")
    planted.tgt("insert into {t} select g, 'n' || g, g from generate_series(1, 20000) g")
    planted.tgt("update {t} set qty = 0 where id = 12345")
    table = run_api(planted, env, range_rows=1000, leaf_rows=100, split=4).tables[0]
    assert [(d.kind, d.key) for d in table.persistent] == [("changed", {"id": 12345})]
    assert table.ranges_total == 20 and table.ranges_differing == 1
    # one differing range of ~1000 rows, split by 4 until <= 100 rows: a few levels only
    assert table.ranges_hashed <= table.ranges_total + 3 * 5


# -- fence anchoring -----------------------------------------------------------------------------
def test_a_difference_gone_by_the_recheck_is_in_flight(
        plant: Any, env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    planted = plant(SIMPLE, SIMPLE)
    planted.src("insert into {t} select g, 'n' || g, g from generate_series(1, 100) g")
    planted.tgt("insert into {t} select g, 'n' || g, g from generate_series(1, 100) g")
    planted.tgt("update {t} set qty = 0 where id = 7")   # the applier has not caught up yet
    planted.tgt("update {t} set qty = 0 where id = 8")   # a real difference
    real = verifier_module.open_anchor
    anchors: list[int] = []

    def anchor_then_catch_up(*args: Any, **kwargs: Any) -> Any:
        if anchors:  # the change to key 7 arrives between the pass and the re-check
            planted.tgt("update {t} set qty = 7 where id = 7")
        opened = real(*args, **kwargs)
        anchors.append(opened.lsn)
        return opened

    monkeypatch.setattr(verifier_module, "open_anchor", anchor_then_catch_up)
    table = run_api(planted, env).tables[0]
    assert len(anchors) == 2 and anchors[1] > anchors[0]
    assert [(d.kind, d.key) for d in table.in_flight] == [("changed", {"id": 7})]
    assert [(d.kind, d.key) for d in table.persistent] == [("changed", {"id": 8})]
    assert (table.fence_lsn, table.recheck_lsn) == (anchors[0], anchors[1])
    planted.tgt("update {t} set qty = 8 where id = 8")
    anchors.clear()
    planted.tgt("update {t} set qty = 0 where id = 7")
    result = run_api(planted, env)
    assert result.verdict == "consistent" and result.exit_code == 0
    assert result.tables[0].counts(False) == {"missing": 0, "extra": 0, "changed": 1}


def test_the_target_is_read_only_after_the_applier_passed_the_fence(
        plant: Any, env: str) -> None:
    planted = plant(SIMPLE, SIMPLE)
    planted.relay.stop()  # the applier stops: no fence past the snapshot gets applied
    started = time.monotonic()
    code = run_cli(planted, env, "--fence-timeout", "1.5")
    assert code == 3 and time.monotonic() - started >= 1.5
    relay = FenceRelay(planted.source_dsn, planted.target_dsn, planted.fence,
                       planted.direction.consumer_group)
    timer = threading.Timer(1.0, relay.start)  # the applier comes back a second later
    timer.start()
    try:
        result = run_api(planted, env, fence_timeout=30)
    finally:
        timer.join()
        relay.stop()
    assert result.verdict == "consistent"
    with psycopg.connect(planted.target_dsn) as conn:
        row = conn.execute("select lsn from strangler_cdc.fences_applied where direction = %s",
                           (planted.direction.consumer_group,)).fetchone()
    assert row is not None and row[0] >= result.tables[0].fence_lsn


# -- CLI: exit codes and reports ----------------------------------------------------------------
def test_exit_codes_and_errors(plant: Any, env: str, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    planted = plant(SIMPLE, SIMPLE)
    assert run_cli(planted, env) == 0
    capsys.readouterr()
    assert main(["verify", "--context", "nosuch", "--config", str(planted.config),
                 "--state-dir", env]) == 2
    assert "contexts.nosuch.sync" in capsys.readouterr().err
    assert run_cli(planted, env, "--table", "public.nosuch") == 2
    assert "not a table of context" in capsys.readouterr().err
    execute(planted.source_dsn, f"drop table {planted.source}")
    started = time.monotonic()
    assert run_cli(planted, env, "--fence-timeout", "60") == 2
    assert time.monotonic() - started < 30  # said at once, not after waiting for a fence
    assert f"source table {planted.source} does not exist" in capsys.readouterr().err
    junit = tmp_path / "down.xml"
    monkeypatch.setenv("STRANGLER_MONOLITH_DSN", "postgresql://app:s3cret@127.0.0.1:9/monolith")
    monkeypatch.setenv("STRANGLER_INVENTORY_DSN", "postgresql://app:s3cret@127.0.0.1:9/x")
    assert run_cli(planted, env, "--report-junit", str(junit)) == 3
    err = capsys.readouterr().err
    assert "the source database 'monolith' (from STRANGLER_MONOLITH_DSN) is unreachable" in err
    assert "s3cret" not in err and "s3cret" not in junit.read_text()
    assert ET.parse(junit).getroot().find("testsuite/testcase/error") is not None


def test_reports(plant: Any, env: str, tmp_path: Path,
                 capsys: pytest.CaptureFixture[str]) -> None:
    planted = plant(SIMPLE, "create table {t} (item bigint primary key, name text, qty int)",
                    columns={"id": "item"})
    planted.src("insert into {t} select g, 'secret-' || g, g from generate_series(1, 50) g")
    planted.tgt("insert into {t} select g, 'secret-' || g, g from generate_series(2, 50) g")
    planted.tgt("update {t} set name = 'leaked?' where item = 9")
    paths = {k: tmp_path / f"r.{k}" for k in ("json", "junit", "md")}
    code = run_cli(planted, env, "--json", *(a for k, p in paths.items()
                                             for a in (f"--report-{k}", str(p))))
    assert code == 1
    printed = json.loads(capsys.readouterr().out)
    stored = json.loads(paths["json"].read_text())
    assert printed["tables"] == stored["tables"] and stored["schema"] == "strangler.verify/1"
    table = stored["tables"][0]
    assert table["verdict"] == "differences" and table["rows"] == {"source": 50, "target": 49}
    assert table["persistent"] == {"missing": 1, "extra": 0, "changed": 1}
    assert table["fence"]["lsn"] > 0 and table["fence"]["lsn_text"].count("/") == 1
    assert [(d["kind"], d["key"], d["columns"], d["values"]) for d in table["differences"]] == [
        ("missing", {"id": 1}, [], "redacted"), ("changed", {"id": 9}, ["name"], "redacted")]
    for path in paths.values():
        assert "secret-" not in path.read_text() and "leaked?" not in path.read_text()
    suite = ET.parse(paths["junit"]).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure is not None and "missing (1):\n  id=1" in (failure.text or "")
    assert "id=9 (columns: name)" in (failure.text or "")
    markdown = paths["md"].read_text()
    assert "| 50 / 49 |" in markdown and "1 / 0 / 1" in markdown and "id=9" in markdown
    assert run_cli(planted, env, "--json", "--show-values") == 1
    shown = json.loads(capsys.readouterr().out)["tables"][0]["differences"][1]
    assert shown["values"] == {"source": {"name": "secret-9"}, "target": {"name": "leaked?"}}


# -- the real pipeline ---------------------------------------------------------------------------
def _routes(pipeline: Any, tmp_path: Path) -> Path:
    return pipeline.write_config(tmp_path / "routes.yaml")


def test_self_test_on_the_real_pipeline(stack: LocalStack, env: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Change one row, delete one, insert an orphan in the target: exactly these three."""
    pipeline = build_pipeline(stack, seed_rows=3000)
    try:
        pipeline.start_applier()
        pipeline.wait_converged(timeout=120)
        config = _routes(pipeline, tmp_path)
        args = ["verify", "--context", pipeline.direction.context, "--config", str(config),
                "--state-dir", env, "--no-progress", "--json"]
        assert main(args) == 0, capsys.readouterr()
        capsys.readouterr()
        execute(pipeline.target_dsn,
                f"update {pipeline.target_table} set on_hand = on_hand + 1 where item_id = 1500",
                f"delete from {pipeline.target_table} where item_id = 42",
                f"insert into {pipeline.target_table} (item_id, sku_code, on_hand, unit_price, "
                "changed_at) values (900001, 'ORPHAN', 1, 1.00, now())")
        assert main(args) == 1
        table = json.loads(capsys.readouterr().out)["tables"][0]
        assert [(d["kind"], d["key"], d["columns"], d["target_columns"], d["persistent"])
                for d in table["differences"]] == [
            ("missing", {"id": 42}, [], [], True), ("extra", {"id": 900001}, [], [], True),
            ("changed", {"id": 1500}, ["qty"], ["on_hand"], True)]
        assert table["rows"] == {"source": 3000, "target": 3000}
    finally:
        teardown_pipeline(pipeline)


def test_live_writes_leave_no_persistent_difference(stack: LocalStack, env: str,
                                                    tmp_path: Path) -> None:
    pipeline = build_pipeline(stack, seed_rows=20000)
    stop = threading.Event()
    writes = [0]

    def writer() -> None:
        with psycopg.connect(pipeline.source_dsn, autocommit=True) as conn:
            n = 0
            while not stop.is_set():
                n += 1
                conn.execute(f"update {pipeline.source_table} set qty = qty + 1, "
                             "updated_at = now() where id = %s", (1 + (n * 7919) % 20000,))
                conn.execute(f"insert into {pipeline.source_table} (id, sku, qty, price) "
                             "values (%s, 'NEW', 1, 1.5)", (100000 + n,))
                if n % 3 == 0:
                    conn.execute(f"delete from {pipeline.source_table} where id = %s",
                                 (100000 + n - 1,))
                writes[0] = n
                time.sleep(0.005)

    thread = threading.Thread(target=writer, daemon=True)
    try:
        pipeline.start_applier()
        pipeline.wait_converged(timeout=180)
        config = _routes(pipeline, tmp_path)
        thread.start()
        pipeline.wait_for(lambda: writes[0] > 50, what="writes flowing")
        for _ in range(3):
            before = writes[0]
            result = verify(pipeline.direction.context, config=config, state_dir=env,
                            options=Options(range_rows=1000, leaf_rows=200))
            assert writes[0] > before, "the writes stopped during the pass"
            table = result.tables[0]
            assert table.persistent == [], table.as_dict()
            assert result.exit_code == 0
            print(f"live pass: {table.source_rows} rows, {len(table.in_flight)} in flight, "
                  f"{table.duration_s:.2f} s")
    finally:
        stop.set()
        thread.join(10)
        teardown_pipeline(pipeline)


def test_a_pass_costs_few_round_trips(plant: Any, env: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A pass's fixed cost is round trips (each one a wait for the server's turn on a busy
    machine): connection set-up, catalog, fence, stored state. Counted for a second pass over
    an equal table (the first one stored the state), the FenceRelay's statements left out."""
    planted = plant(SIMPLE, SIMPLE)
    planted.src("insert into {t} select g, 'n' || g, g from generate_series(1, 2000) g")
    planted.tgt("insert into {t} select g, 'n' || g, g from generate_series(1, 2000) g")
    assert run_api(planted, env).verdict == "consistent"
    statements: list[str] = []
    execute_ = psycopg.Connection.execute

    def counted(self: psycopg.Connection, query: Any, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not planted.relay._thread:
            statements.append(str(query)[:60])
        return execute_(self, query, *args, **kwargs)
    monkeypatch.setattr(psycopg.Connection, "execute", counted)
    result = run_api(planted, env)
    assert result.verdict == "consistent"
    # 59 before the session settings, catalogs and lineage took one statement each, 32 after
    assert len(statements) <= 36, (len(statements), statements)
