"""`strangler verify --repair [--apply]` on the real pipeline (issue 11): Debezium in Kafka
Connect, the broker and the applier.

Differences are planted directly in the target; the repair must re-sync the changed and the
missing row through the pipeline (an incremental snapshot requested in the connector's signal
table, applied by the applier), delete the orphan in the target, and never touch the
monolith's data.
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

import cdc.verify.repair as repair_module
from cdc.connect import ConnectClient
from cdc.connectors import Connectors
from cdc.endpoints import Endpoints
from cdc.errors import CdcConfigError
from cdc.signals import snapshot_signal
from cdc.verify import Options, verify
from cdc.verify.api import databases
from cdc.verify.repair import plan_repair, repair, run_repair
from strangler.cli import main
from strangler.stack.runner import LocalStack
from tests.cdc.pipeline import Pipeline, build_pipeline, teardown_pipeline
from tests.support import execute

pytestmark = pytest.mark.stack

@pytest.fixture
def env(endpoints: Endpoints) -> str:
    """The stack's state dir, with no STRANGLER_* address variables set (see conftest)."""
    return str(endpoints.state_dir)


@pytest.fixture
def pipeline(stack: LocalStack) -> Iterator[Pipeline]:
    built = build_pipeline(stack, seed_rows=2000, reverse=True)
    try:
        yield built
    finally:
        teardown_pipeline(built)


def plant(p: Pipeline) -> None:
    """Change one row, delete one, insert an orphan: directly in the target, in a transaction
    marked as the forward applier's, so a running reverse direction does not carry them to
    the monolith (they stay differences of the target only)."""
    execute(p.target_dsn,
            "begin",
            "insert into strangler_cdc.cdc_origin (xid, origin) "
            f"values (txid_current() % 4294967296, '{p.direction.origin}')",
            f"update {p.target_table} set on_hand = on_hand + 1, sku_code = 'HAND' "
            "where item_id = 1500",
            f"delete from {p.target_table} where item_id = 42",
            f"insert into {p.target_table} (item_id, sku_code, on_hand, unit_price, changed_at) "
            "values (900001, 'ORPHAN', 1, 1.00, now())",
            "commit")


def rows(dsn: str, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(query).fetchall()


def everything(p: Pipeline) -> dict[str, Any]:
    """What a dry run must leave as it is: both sides' data, the signal tables, positions."""
    positions = rows(p.target_dsn, "select table_name from information_schema.tables "
                                   f"where table_schema = 'strangler_cdc' and table_name like "
                                   f"'pos_public__stock_{p.suffix}%'")[0][0]
    return {
        "source": p.source_rows(), "target": p.target_rows(),
        "signals": rows(p.source_dsn, f"select * from {p.sync.signal_table} order by id"),
        "positions": rows(p.target_dsn, f"select * from strangler_cdc.{positions} order by 1"),
        "origin": rows(p.target_dsn, "select count(*) from strangler_cdc.cdc_origin"),
    }


def applied_reads(applier: Any, table: str) -> float:
    value = applier.metrics.registry.get_sample_value(
        "strangler_cdc_events_applied_total",
        {"direction": "forward", "table": table, "op": "r"})
    return value or 0.0


def cli(p: Pipeline, config: Path, env: str, *args: str) -> int:
    return main(["verify", "--context", p.direction.context, "--config", str(config),
                 "--state-dir", env, "--no-progress", *args])


def test_repair_plans_then_resyncs_through_the_pipeline_and_deletes_the_orphan(
        pipeline: Pipeline, env: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    p = pipeline
    applier = p.start_applier(loop_prevention=True)
    reverse = p.start_applier(reverse=True, loop_prevention=True)
    p.wait_converged(timeout=120)
    p.wait_applied_past_now(reverse=True, timeout=120)  # its snapshot is in the monolith
    p.wait_applied_past_now()
    config = p.write_config(tmp_path / "routes.yaml")
    assert cli(p, config, env) == 0
    plant(p)
    p.wait_applied_past_now()
    p.wait_applied_past_now(reverse=True)
    capsys.readouterr()

    # dry run: the plan, exit 1, and nothing written anywhere
    before = everything(p)
    assert cli(p, config, env, "--repair") == 1
    out = capsys.readouterr().out
    assert "repair plan (dry run, nothing written" in out
    assert "re-sync 2 key(s) through the pipeline, delete 1 target-only row(s)" in out
    assert "re-sync (missing): id=42" in out and "re-sync (changed): id=1500" in out
    assert "delete (extra): id=900001" in out
    p.wait_applied_past_now()
    assert everything(p) == before

    # apply: re-synced through the applier, orphan deleted, monolith untouched
    source_before = p.source_rows()
    skips_before = reverse.stats.loop_skips
    stats_before, reads_before = applier.stats.applied, applied_reads(applier, p.target_table)
    report = tmp_path / "repair.json"
    junit, markdown = tmp_path / "repair.xml", tmp_path / "repair.md"
    started = time.monotonic()
    code = cli(p, config, env, "--repair", "--apply", "--json", "--report-json", str(report),
               "--report-junit", str(junit), "--report-md", str(markdown))
    took = time.monotonic() - started
    printed = capsys.readouterr()
    assert code == 0, printed
    data = json.loads(report.read_text())
    section = data["repair"]
    assert section["applied"] is True and section["verdict"] == "repaired"
    table = section["tables"][0]
    assert table["resync"] == [{"kind": "missing", "key": {"id": 42}},
                               {"kind": "changed", "key": {"id": 1500}}]
    assert table["delete"] == [{"kind": "extra", "key": {"id": 900001}}]
    assert table["repaired"] == {"missing": 1, "extra": 1, "changed": 1}
    assert table["remaining"] == [] and table["deleted"] == 1
    assert section["signal_id"] and section["recheck_lsn"] > data["tables"][0]["fence"]["lsn"]
    print(f"repair of 3 keys: {took:.2f} s in all, rows arrived in {section['waited_s']} s")
    # the two rows came through the applier, as snapshot reads
    assert applier.stats.applied >= stats_before + 2
    assert applied_reads(applier, p.target_table) >= reads_before + 2
    target = p.target_rows()
    assert 900001 not in target
    assert target[42] == source_before[42] and target[1500] == source_before[1500]
    assert p.source_rows() == source_before
    # the orphan's delete did not travel to the monolith through the reverse direction: the
    # reverse applier skipped it (an applied delete leaves a position row there)
    p.wait_applied_past_now(reverse=True)
    assert p.source_rows() == source_before
    assert reverse.stats.loop_skips > skips_before
    reverse_positions = rows(p.source_dsn, "select table_name from information_schema.tables "
                                           "where table_schema = 'strangler_cdc' and table_name "
                                           f"like 'pos_public__items_{p.suffix}%'")[0][0]
    assert rows(p.source_dsn, f"select * from strangler_cdc.{reverse_positions} "
                              "where id = 900001") == []
    # reports mention the repair
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    case = [c for c in suite.findall("testcase") if c.get("name") == "repair"]
    assert case and "repaired 1 missing, 1 extra, 1 changed" in (
        case[0].findtext("system-out") or "")
    assert "### Repair" in markdown.read_text()
    # a new pass: consistent
    assert cli(p, config, env) == 0


def test_repair_exit_codes_and_a_connector_without_a_signal_table(
        pipeline: Pipeline, env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    p = pipeline
    p.start_applier()
    p.wait_converged(timeout=120)
    config = p.write_config(tmp_path / "routes.yaml")
    assert cli(p, config, env, "--apply") == 2
    assert "--apply only goes with --repair" in capsys.readouterr().err
    # nothing to repair: 0, dry run or not
    assert cli(p, config, env, "--repair") == 0
    assert "nothing to repair" in capsys.readouterr().out
    # a config naming another signal table than the connector watches: 2, before any write
    other = p.sync.model_copy(update={"signal_table": f"public.nosignal_{p.suffix}"})
    wrong = tmp_path / "wrong.yaml"
    p.sync, saved = other, p.sync
    try:
        p.write_config(wrong)
    finally:
        p.sync = saved
    execute(p.target_dsn, f"delete from {p.target_table} where item_id = 7")
    p.wait_applied_past_now()
    assert cli(p, wrong, env, "--repair", "--apply") == 2
    err = capsys.readouterr().err
    assert f"watches signal table {p.sync.signal_table}" in err
    assert "strangler cdc connectors apply" in err
    assert 7 not in p.target_rows()
    # the API: the same, with the plan and outcome on the result
    planned = repair(p.direction.context, config=config, state_dir=env)
    assert planned.exit_code == 1 and planned.repair is not None
    assert not planned.repair.applied
    assert [d.key for d in planned.repair.tables[0].resync] == [{"id": 7}]
    done = repair(p.direction.context, apply=True, config=config, state_dir=env,
                  options=Options(fence_timeout=60))
    assert done.exit_code == 0, done.as_dict()
    assert 7 in p.target_rows()
    # a re-sync whose rows never arrive (the signal is lost on its way): 3, naming the key
    monkeypatch.setattr(repair_module, "_send", lambda *args: snapshot_signal({}))
    execute(p.target_dsn, f"update {p.target_table} set on_hand = -5 where item_id = 9")
    p.wait_applied_past_now()
    capsys.readouterr()
    report = tmp_path / "lost.json"
    assert cli(p, config, env, "--repair", "--apply", "--repair-timeout", "2",
               "--report-json", str(report)) == 3
    err = capsys.readouterr().err
    assert "the re-synced rows did not all arrive within 2 s" in err
    assert f"{p.source_table}: changed id=9" in err
    stored = json.loads(report.read_text())
    assert stored["verdict"] == "error" and stored["repair"]["verdict"] == "error"
    assert stored["repair"]["tables"][0]["resync"] == [{"kind": "changed", "key": {"id": 9}}]


def test_connectors_apply_gives_an_existing_connector_its_signal_table(
        stack: LocalStack, env: str, tmp_path: Path) -> None:
    """A connector registered before signal tables (no signal.data.collection, its publication
    without the table): `connectors apply` updates it, and a repair works through it."""
    p = build_pipeline(stack, seed_rows=50)
    try:
        endpoints = Endpoints(state_dir=env)
        client = ConnectClient(endpoints.connect_url())
        live = client.config(p.connector) or {}
        old = {k: v for k, v in live.items() if not k.startswith(("signal.", "incremental."))}
        old["table.include.list"] = ",".join(
            t for t in live["table.include.list"].split(",") if t != p.sync.signal_table)
        execute(p.source_dsn, f"alter publication {p.slot}_pub drop table {p.sync.signal_table}",
                f"drop table {p.sync.signal_table}")
        endpoints.register_connector(p.connector, old)
        client.wait_running(p.connector, timeout=60)
        p.start_applier()
        p.wait_converged(timeout=120)
        config = p.write_config(tmp_path / "routes.yaml")
        execute(p.target_dsn, f"update {p.target_table} set on_hand = -1 where item_id = 5")
        p.wait_applied_past_now()
        with pytest.raises(CdcConfigError, match="has no signal table"):
            repair(p.direction.context, apply=True, config=config, state_dir=env)
        Connectors(p.direction, endpoints).apply(check=True)
        Connectors(p.direction, endpoints).apply(check=True)  # idempotent
        assert (client.config(p.connector) or {})["signal.data.collection"] == \
            p.sync.signal_table
        published = rows(p.source_dsn, "select schemaname || '.' || tablename from "
                                        f"pg_publication_tables where pubname = '{p.slot}_pub'")
        assert (p.sync.signal_table,) in published
        done = repair(p.direction.context, apply=True, config=config, state_dir=env)
        assert done.exit_code == 0, done.as_dict()
        assert p.target_rows()[5][2] == p.source_rows()[5][2]
    finally:
        teardown_pipeline(p)


REGIONS = 'region text collate "C" not null, seq int not null, qty int, primary key (region, seq)'


def test_composite_text_keys_and_a_key_the_source_creates_meanwhile(
        stack: LocalStack, env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys with several columns and non-ASCII text travel through the snapshot filter; an extra
    key that the source creates between the confirmation and the delete is left to the
    applier (its position moved), not deleted."""
    def seed(p: Pipeline) -> None:
        execute(p.source_dsn, f"insert into {p.extra['regions'][0]} select r, s, s "
                              "from unnest(array['Ärger', '東京', 'it''s']) r, "
                              "generate_series(1, 20) s")

    p = build_pipeline(stack, extra_tables={"regions": REGIONS}, before_connector=seed)
    try:
        source, target = p.extra["regions"]
        p.start_applier()
        p.wait_extra_converged("regions", timeout=120)
        config = p.write_config(tmp_path / "routes.yaml")
        execute(p.target_dsn, f"update {target} set qty = -1 where region = 'Ärger' and seq = 3",
                f"delete from {target} where region = 'it''s' and seq = 20",
                f"insert into {target} values ('東京', 99, 1), ('Zürich', 1, 1)")
        p.wait_applied_past_now()
        real_send = repair_module._send

        def source_creates_one_orphan_first(*args: Any) -> Any:
            execute(p.source_dsn, f"insert into {source} values ('Zürich', 1, 1)")
            p.wait_applied_past_now()
            return real_send(*args)

        monkeypatch.setattr(repair_module, "_send", source_creates_one_orphan_first)
        result = repair(p.direction.context, apply=True, config=config, state_dir=env,
                        table=source)
        assert result.repair is not None
        table = result.repair.tables[0]
        assert sorted((d.kind, tuple(d.key.values())) for d in table.planned()) == [
            ("changed", ("Ärger", 3)), ("extra", ("Zürich", 1)), ("extra", ("東京", 99)),
            ("missing", ("it's", 20))]
        assert table.delete_skipped == [{"region": "Zürich", "seq": 1}] and table.deleted == 1
        assert result.exit_code == 0, result.as_dict()
        ordered = "select * from {} order by 1, 2"
        assert rows(p.target_dsn, ordered.format(target)) == rows(p.source_dsn,
                                                                   ordered.format(source))
        # a planned key that no longer differs when the repair starts is left alone
        execute(p.target_dsn, f"insert into {target} values ('a', 1, 1), ('b', 1, 1)")
        p.wait_applied_past_now()
        found = verify(p.direction.context, config=config, state_dir=env, table=source)
        execute(p.target_dsn, f"delete from {target} where region = 'a'")
        endpoints = Endpoints(state_dir=env)
        plan = plan_repair(found, apply=True)
        run_repair(plan, p.direction, *databases(p.direction, endpoints),
                   endpoints.connect_url(), Options())
        assert plan.tables[0].resolved_before == [{"region": "a", "seq": 1}]
        assert (plan.tables[0].deleted, plan.verdict) == (1, "repaired")
        assert plan.tables[0].repaired() == {"missing": 0, "extra": 1, "changed": 0}
    finally:
        teardown_pipeline(p)


def test_a_repair_while_the_monolith_keeps_writing_ends_consistent(
        pipeline: Pipeline, env: str, tmp_path: Path) -> None:
    """Writes keep flowing to the very rows being re-synced: the re-sync never overwrites a
    later change (once the writes stop, the target holds exactly the source's rows)."""
    p = pipeline
    p.start_applier()
    p.wait_converged(timeout=120)
    config = p.write_config(tmp_path / "routes.yaml")
    execute(p.target_dsn,
            f"update {p.target_table} set on_hand = -1 where item_id between 1 and 40",
            f"delete from {p.target_table} where item_id between 41 and 60")
    p.wait_applied_past_now()
    found = verify(p.direction.context, config=config, state_dir=env)
    plan = plan_repair(found, apply=True)
    assert len(plan.tables[0].planned()) == 60
    stop = threading.Event()
    writes = [0]

    def writer() -> None:  # the planted keys, over and over, while they are repaired
        with psycopg.connect(p.source_dsn, autocommit=True) as conn:
            while not stop.is_set():
                writes[0] += 1
                conn.execute(f"update {p.source_table} set qty = qty + 1, updated_at = now() "
                             "where id = %s", (1 + (writes[0] * 7) % 60,))
                time.sleep(0.005)

    endpoints = Endpoints(state_dir=env)
    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        p.wait_for(lambda: writes[0] > 10, what="writes flowing")
        before = writes[0]
        run_repair(plan, p.direction, *databases(p.direction, endpoints),
                   endpoints.connect_url(), Options())
        assert writes[0] > before, "the writes stopped during the repair"
    finally:
        stop.set()
        thread.join(10)
    assert plan.verdict == "repaired", plan.as_dict()
    p.wait_converged(timeout=60)
    assert repair(p.direction.context, config=config, state_dir=env).exit_code == 0
