"""Lag states (pure, table-driven), a real measurement on a running pipeline, and
`strangler cdc lag` as a shell sees it: the state of each direction and its exit code (healthy,
idle, inactive 0; held, stalled, rewound 1; config errors 2; an unreachable broker 3)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
import yaml
from click.testing import CliRunner, Result

from cdc.cli import cdc
from cdc.config import DirectionConfig
from cdc.connect import ConnectClient
from cdc.connectors import Connectors
from cdc.endpoints import Endpoints
from cdc.lag import Measurements, classify, exit_code, measure
from cdc.state import HeldTable
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from tests.cdc.pipeline import Pipeline, pipelines

NOW = dt.datetime(2026, 11, 22, 12, 0, 0, tzinfo=dt.UTC)


def at(seconds_ago: float) -> dt.datetime:
    return NOW - dt.timedelta(seconds=seconds_ago)


HOLD = HeldTable("public.items", "public.stock", "source column(s) colour have no target column",
                 ("colour",))


def m(*, wal: int = 1000, src_lsn: int | None = 900, src_age: float | None = 0.5,
      applied_lsn: int | None = 900, applied_age: float | None = 0.6, slot: bool = True,
      held: tuple[HeldTable, ...] = ()) -> Measurements:
    return Measurements(now=NOW, source_wal_lsn=wal, source_fence_lsn=src_lsn,
                        source_fence_ts=at(src_age) if src_age is not None else None,
                        applied_fence_lsn=applied_lsn,
                        applied_source_ts=at(applied_age) if applied_age is not None else None,
                        applied_at=at(applied_age - 0.1) if applied_age is not None else None,
                        slot_exists=slot, held=held)


@pytest.mark.parametrize("measurements,state", [
    (m(), "healthy"),
    (m(applied_lsn=800, applied_age=4.0), "healthy"),             # behind, within 5 s
    (m(applied_lsn=500, applied_age=9.0), "stalled"),             # fences stopped arriving
    (m(applied_lsn=None, applied_age=None), "stalled"),           # nothing applied yet
    (m(src_age=60, applied_lsn=900, applied_age=60), "idle"),     # heartbeat off, caught up
    (m(src_age=60, applied_lsn=800, applied_age=70), "stalled"),  # heartbeat off, not caught up
    (m(src_age=60, applied_lsn=None, applied_age=None), "idle"),
    (m(wal=1000, applied_lsn=5000), "rewound"),                   # target ahead of the source
    (m(src_lsn=None, src_age=None), "stalled"),                   # no fence row at the source
    (m(held=(HOLD,)), "held"),                                    # fences flow, a table waits
    (m(src_age=60, applied_age=60, held=(HOLD,)), "held"),        # held beats idle
    (m(applied_lsn=500, applied_age=9.0, held=(HOLD,)), "held"),  # ... and stalled
    (m(wal=1000, applied_lsn=5000, held=(HOLD,)), "rewound"),     # rewound beats held
    (m(src_lsn=None, src_age=None, applied_lsn=None, applied_age=None, slot=False),
     "inactive"),                                                  # nothing set up
    (m(src_lsn=None, src_age=None, applied_lsn=None, applied_age=None, slot=True),
     "stalled"),                                                   # a slot but no fence
    (m(src_lsn=None, src_age=None, slot=False), "inactive"),       # removed: slot and fence gone
])
def test_classify(measurements: Measurements, state: str) -> None:
    assert classify(measurements, stall_after=5.0)[0] == state


def test_a_held_state_names_each_table_and_its_reason() -> None:
    other = HeldTable("public.orders", "public.orders", "source column(s) note have no target "
                      "column", ("note",))
    state, reason = classify(m(held=(HOLD, other)))
    assert state == "held"
    assert reason == ("table public.items held: source column(s) colour have no target "
                      "column; table public.orders held: source column(s) note have no target "
                      "column")


@pytest.mark.parametrize("states,code", [
    ([], 0),
    (["healthy", "idle", "inactive"], 0),
    (["healthy", "held"], 1),
    (["stalled"], 1),
    (["inactive", "rewound"], 1),
])
def test_exit_code_is_the_worst_state(states: list[str], code: int) -> None:
    assert exit_code(states) == code


@pytest.fixture
def pipeline(stack: LocalStack) -> Iterator[Pipeline]:
    yield from pipelines(stack, seed_rows=10)


@pytest.mark.stack
def test_measure_reports_healthy_then_stalled_when_the_applier_stops(
        pipeline: Pipeline, stack: LocalStack) -> None:
    pipeline.start_applier()
    pipeline.wait_converged()
    kwargs = {"source_dsn": pipeline.source_dsn, "target_dsn": pipeline.target_dsn,
              "bootstrap": stack.bootstrap_servers, "stall_after": 3.0}
    pipeline.wait_for(lambda: measure(pipeline.direction, **kwargs).state == "healthy",
                      timeout=30, what="a healthy lag report")
    report = measure(pipeline.direction, **kwargs)
    assert report.e2e_lag_ms is not None and 0 <= report.e2e_lag_ms < 3000
    assert report.wal_bytes_behind is not None and report.slot and report.slot["active"]
    assert {p["topic"] for p in report.partitions} >= {pipeline.direction.topic(
        pipeline.source_table)}
    pipeline.stop_appliers()
    pipeline.wait_for(lambda: measure(pipeline.direction, **kwargs).state == "stalled",
                      timeout=30, what="a stalled lag report")
    stalled = measure(pipeline.direction, **kwargs)
    assert stalled.state == "stalled", stalled
    assert stalled.age_ms is not None and stalled.age_ms > 3000


# -- `strangler cdc lag` as a shell sees it --------------------------------------------------------
def _env(stack: LocalStack) -> dict[str, str]:
    return {"STRANGLER_MONOLITH_DSN": stack.monolith_dsn,
            "STRANGLER_INVENTORY_DSN": stack.service_dsn("inventory"),
            "STRANGLER_BOOTSTRAP_SERVERS": stack.bootstrap_servers,
            "STRANGLER_CONNECT_URL": stack.connect_url}


def run_lag(env: dict[str, str], config: Path, *args: str) -> Result:
    return CliRunner().invoke(cdc, ["lag", "--config", str(config), *args], env=env,
                              catch_exceptions=False)


def lag_until(env: dict[str, str], config: Path, state: str, *, direction: str = "forward",
              timeout: float = 60.0) -> tuple[Result, dict[str, dict[str, Any]]]:
    """Run `cdc lag --json --stall-after 2` until `direction` is in `state`; the last run and
    its reports by direction."""
    deadline = time.monotonic() + timeout
    while True:
        result = run_lag(env, config, "--json", "--stall-after", "2")
        assert result.exit_code in (0, 1), result.output
        reports = {r["direction"]: r for r in json.loads(result.stdout)}
        if reports[direction]["state"] == state:
            return result, reports
        if time.monotonic() > deadline:
            raise AssertionError(f"{direction} never became {state}: {reports[direction]}")
        time.sleep(0.5)


def held_gauge(port: int, table: str) -> float | None:
    """The applier's `strangler_cdc_table_held` for `table` (None: not served (yet))."""
    try:
        text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    except requests.ConnectionError:
        return None
    wanted = f'strangler_cdc_table_held{{direction="forward",table="{table}"}} '
    for line in text.splitlines():
        if line.startswith(wanted):
            return float(line.split()[-1])
    return None


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    assert process.wait(30) == 0


@pytest.mark.stack
def test_a_held_table_is_reported_by_cdc_lag_until_a_restart_finds_the_target_fixed(
        pipeline: Pipeline, stack: LocalStack, tmp_path: Path) -> None:
    """The applier (its own process) holds a table on a source column the target lacks;
    `cdc lag` (another process) reports `held`, naming table and reason, and exits 1; the hold
    survives a restart with the target unchanged and ends at the restart after the fix."""
    p, env = pipeline, _env(stack)
    config = p.write_config(tmp_path / "routes.yaml")
    port = free_port()
    applier = p.spawn_applier(config, metrics_port=port)
    try:
        p.wait_converged()
        result, reports = lag_until(env, config, "healthy")
        assert result.exit_code == 0 and reports["forward"]["held"] == []
        assert held_gauge(port, p.source_table) == 0

        p.source("alter table {t} add column colour text")
        p.source("update {t} set colour = 'red', qty = 41 where id = 1")
        result, reports = lag_until(env, config, "held")
        assert result.exit_code == 1
        held = reports["forward"]["held"]
        assert [(h["table"], h["target"], h["columns"]) for h in held] == [
            (p.source_table, p.target_table, ["colour"])]
        assert "colour" in held[0]["reason"] and held[0]["since"]
        assert reports["forward"]["reason"].startswith(f"table {p.source_table} held: ")
        assert held_gauge(port, p.source_table) == 1
        text = run_lag(env, config, "--stall-after", "2")
        assert text.exit_code == 1 and "held" in text.stdout and p.source_table in text.stdout
        assert p.target_rows()[1][2] != 41  # held, not applied without the column

        stop(applier)  # restarted with the target unchanged: still held
        applier = p.spawn_applier(config, metrics_port=port)
        p.wait_for(lambda: held_gauge(port, p.source_table) == 1,
                   what="the restarted applier")
        result, reports = lag_until(env, config, "held")
        assert result.exit_code == 1

        with psycopg.connect(p.target_dsn, autocommit=True) as conn:
            conn.execute(f"alter table {p.target_table} add column colour text")
        stop(applier)
        applier = p.spawn_applier(config, metrics_port=port)
        p.wait_for(lambda: p.target_rows()[1][2] == 41, what="the held change to apply")
        result, reports = lag_until(env, config, "healthy")
        assert result.exit_code == 0 and reports["forward"]["held"] == []
        assert held_gauge(port, p.source_table) == 0
    finally:
        applier.terminate()
        applier.wait(30)


@pytest.mark.stack
def test_cdc_lag_exit_codes_for_healthy_idle_inactive_stalled_and_rewound(
        pipeline: Pipeline, stack: LocalStack, tmp_path: Path) -> None:
    p, env = pipeline, _env(stack)
    # A reverse direction that is configured but not set up (no slot, no fence): inactive.
    sync = p.sync.model_copy(update={"reverse": DirectionConfig(
        topic_prefix=f"rev{p.suffix}", slot=f"rev_{p.suffix}", fence_table=p.fence_table)})
    config = tmp_path / "routes.yaml"
    config.write_text(yaml.safe_dump({"contexts": {p.direction.context: {
        "sync": sync.model_dump(mode="json", exclude_none=True)}}}))
    p.start_applier()
    p.wait_converged()

    result, reports = lag_until(env, config, "healthy")
    assert result.exit_code == 0
    assert reports["reverse"]["state"] == "inactive" and reports["reverse"]["slot"] is None

    # The connector is gone, so the source heartbeat stops; everything it showed is applied.
    # (A paused connector is not enough: Debezium keeps running the heartbeat query.)
    connect = ConnectClient(stack.connect_url)
    connect.delete(p.connector)
    result, _ = lag_until(env, config, "idle")
    assert result.exit_code == 0
    Connectors(p.direction, Endpoints(str(stack.state_dir))).apply(check=False)
    connect.wait_running(p.connector)
    lag_until(env, config, "healthy")

    p.stop_appliers()  # fences keep coming, nobody applies them
    result, reports = lag_until(env, config, "stalled")
    assert result.exit_code == 1 and reports["reverse"]["state"] == "inactive"

    # The target has applied a position the source never reached (a restored source).
    with psycopg.connect(p.target_dsn, autocommit=True) as conn:
        conn.execute("update strangler_cdc.fences_applied set lsn = lsn + 1000000000000000 "
                     "where direction = %s", (p.direction.consumer_group,))
    result, reports = lag_until(env, config, "rewound", timeout=5)
    assert result.exit_code == 1 and "the source is at" in reports["forward"]["reason"]


def test_cdc_lag_config_errors_exit_2(tmp_path: Path) -> None:
    missing = run_lag({}, tmp_path / "nowhere.yaml")
    assert missing.exit_code == 2
    assert missing.stderr == f"error: {tmp_path / 'nowhere.yaml'}: no such file\n"
    empty = tmp_path / "routes.yaml"
    empty.write_text("contexts:\n  inventory:\n    stage: legacy\n")
    result = run_lag({}, empty)
    assert result.exit_code == 2
    assert result.stderr == f"error: {empty}: no context has a sync section\n"
    result = run_lag({}, empty, "--stall-after", "0")
    assert result.exit_code == 2 and "--stall-after" in result.stderr


@pytest.mark.stack
def test_cdc_lag_exits_3_naming_the_broker_that_does_not_answer(
        pipeline: Pipeline, stack: LocalStack, tmp_path: Path) -> None:
    """As a shell sees it: one error line naming the broker, no trace, no client log noise."""
    config = pipeline.write_config(tmp_path / "routes.yaml")
    down = f"127.0.0.1:{free_port()}"
    result = subprocess.run(
        [sys.executable, "-m", "strangler.cli", "cdc", "lag", "--config", str(config)],
        env={**os.environ, **_env(stack), "STRANGLER_BOOTSTRAP_SERVERS": down},
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: lag of {pipeline.direction.context}/forward: the "
                               f"broker at {down} did not answer")
