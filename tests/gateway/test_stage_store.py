"""Where the live stage lives: the `file` store (routes.yaml) and the `postgres` store (a control
table with LISTEN/NOTIFY), behind one switch (`stage_store.kind`), with the same semantics.

For both stores: an admin change reaches every worker of a multi-worker gateway within 2 s (the
routing shows it), a compare-and-swap on a stale expected stage is refused and changes nothing,
and the stage survives a restart. For postgres also: two gateways ("two machines": own routes
file copies, own state folders) on one control table converge within 2 s; a change made in the
table by someone else is picked up, also without its notification (the periodic re-read) and
after the server killed the LISTEN connections; the database going away keeps the last stages
(reported in /admin/state and /metrics, the password nowhere), and a change made meanwhile is
picked up on reconnect; a gateway starts from the last stages it saw while the table is away,
and refuses to guess when it saw none. The database going away is a TCP relay cut between the
gateway and the server (a fault injected at that boundary; the shared server keeps running).
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
import pytest
from prometheus_client.parser import text_string_to_metric_families
from psycopg import sql

from gateway.config import load_config_text
from gateway.errors import ConfigError, StageChangeRefused
from gateway.stage_file import FileStageStore
from gateway.stage_pg import PostgresStageStore
from gateway.stage_store import StageStore
from gateway.stages import Stage
from strangler.stack.components import Postgres
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from tests.conftest import make_state_dir
from tests.gateway.support import (
    TOKEN,
    EchoUpstream,
    GatewayProcess,
    TcpProxy,
    routes_doc,
    served_by,
    write_routes,
)
from tests.support import unique

AUTH = {"Authorization": f"Bearer {TOKEN}"}
CONVERGE = 2.0  # seconds: what the issue asks of every gateway process

# --- helpers ------------------------------------------------------------------------------


async def probe(port: int, n: int = 16) -> Counter[str]:
    """n reads, each on a fresh connection, so the kernel spreads them over the workers."""
    out: Counter[str] = Counter()
    conn = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(connector=conn) as s:
        for _ in range(n):
            async with s.get(f"http://127.0.0.1:{port}/api/inventory/1") as r:
                assert r.status == 200, await r.text()
                out[served_by(await r.read())] += 1
    return out


async def converged(port: int, expected: str, since: float, limit: float = CONVERGE) -> float:
    """Seconds from `since` until every probe is served by `expected` (fails past `limit`);
    then it must stay that way."""
    while True:
        seen = await probe(port)
        took = time.monotonic() - since
        if set(seen) == {expected}:
            break
        assert took < limit, f"not converged on {expected} after {took:.2f}s: {dict(seen)}"
    assert set(await probe(port, 24)) == {expected}
    return took


async def change(admin_port: int, stage: str, **extra: Any) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as s, s.post(
            f"http://127.0.0.1:{admin_port}/admin/contexts/inventory/stage",
            json={"stage": stage, "reason": "stage store test", "actor": "ci", **extra},
            headers=AUTH) as r:
        return r.status, await r.json()


async def admin_get(admin_port: int, path: str) -> Any:
    async with aiohttp.ClientSession() as s, s.get(
            f"http://127.0.0.1:{admin_port}{path}", headers=AUTH) as r:
        assert r.status == 200
        return await r.json() if path.startswith("/admin") else await r.text()


def metric(text: str, name: str) -> float | None:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name:
                return float(sample.value)
    return None


async def wait_for(check: Callable[[], Any], what: str, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        got = await check()
        if got:
            return got
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        await asyncio.sleep(0.05)


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def control(pg_servers: LocalStack) -> Iterator[tuple[str, str]]:
    """(DSN, schema): a control schema of its own on the services server, dropped after."""
    dsn = pg_servers.service_dsn("inventory")
    schema = unique("ctl")
    yield dsn, schema
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("drop schema if exists {} cascade").format(
            sql.Identifier(schema)))


def machine(folder: Path, monolith: EchoUpstream, inventory: EchoUpstream, stage: str,
            store: dict[str, Any] | None) -> Path:
    """A routes file in a folder of its own (its own `.strangler/`: a separate machine)."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = routes_doc(monolith.url, inventory.url, stage=stage, canary={"percent": 0})
    if store is not None:
        doc["stage_store"] = store
    return write_routes(folder / "routes.yaml", doc)


@pytest.fixture(params=["file", "postgres"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def setup(kind: str, request: pytest.FixtureRequest, tmp_path: Path,
          monolith: EchoUpstream, inventory: EchoUpstream
          ) -> Callable[..., tuple[Path, dict[str, str], StageStore]]:
    """For `kind`: a routes file at `stage`, the environment a gateway needs, and the store
    as a CLI process would open it."""
    def make(stage: str = "canary") -> tuple[Path, dict[str, str], StageStore]:
        if kind == "file":
            path = machine(tmp_path / "a", monolith, inventory, stage, None)
            return path, {}, FileStageStore(path)
        dsn, schema = request.getfixturevalue("control")
        path = machine(tmp_path / "a", monolith, inventory, stage,
                       {"kind": "postgres", "schema": schema})
        return path, {"STRANGLER_CONTROL_DSN": dsn}, PostgresStageStore(dsn, schema)
    return make


# --- both stores --------------------------------------------------------------------------


@pytest.mark.pg
async def test_an_admin_change_reaches_every_worker_within_2s(
        kind: str, setup: Callable[..., tuple[Path, dict[str, str], StageStore]]) -> None:
    path, env, store = setup("canary")  # canary at 0 %: every read on legacy
    gw = await GatewayProcess(path, workers=3, env=env).start()
    try:
        assert set(await probe(gw.port)) == {"monolith"}
        took = []
        for stage, expected in (("reads", "inventory"), ("canary", "monolith"),
                                ("reads", "inventory")):
            t0 = time.monotonic()
            status, body = await change(gw.admin_port, stage)
            assert status == 200, body
            took.append(await converged(gw.port, expected, t0))
            live = store.current("inventory")
            assert live is not None and live.stage == stage
        print(f"{kind}: converged after {', '.join(f'{t:.3f}s' for t in took)}")
    finally:
        assert await gw.stop() == 0


@pytest.mark.pg
async def test_a_stale_expected_stage_is_refused_and_changes_nothing(
        kind: str, setup: Callable[..., tuple[Path, dict[str, str], StageStore]]) -> None:
    path, env, store = setup("canary")
    gw = await GatewayProcess(path, workers=2, env=env).start()
    try:
        before = store.current("inventory")
        assert before is not None and before.stage == Stage.CANARY
        text_before = path.read_text()
        status, body = await change(gw.admin_port, "reads", expected_stage="shadow")
        assert status == 409, body
        assert "at stage canary, not shadow" in body["message"]
        # the store as a CLI would use it: a stale expectation returns None, changes nothing
        assert store.compare_and_set("inventory", Stage.SHADOW, Stage.CANARY, "cli",
                                     "stale") is None
        with pytest.raises(StageChangeRefused, match="skips stages"):
            store.compare_and_set("inventory", Stage.CANARY, Stage.WRITES, "cli", "skip")
        assert store.current("inventory") == before
        assert path.read_text() == text_before
        state = await admin_get(gw.admin_port, "/admin/state")
        assert state["contexts"]["inventory"]["stage"] == "canary"
        assert set(await probe(gw.port)) == {"monolith"}
        audit = (await admin_get(gw.admin_port, "/admin/audit?limit=5"))["records"]
        assert audit[-1]["result"] == "refused" and audit[-1]["status"] == 409
        if isinstance(store, PostgresStageStore):
            assert [h["new_stage"] for h in store.history("inventory")] == ["canary"]  # seed
    finally:
        assert await gw.stop() == 0


@pytest.mark.pg
async def test_a_store_change_from_another_process_reaches_the_gateway(
        kind: str, setup: Callable[..., tuple[Path, dict[str, str], StageStore]]) -> None:
    """The phase controller's way: compare-and-set on the store, no admin API."""
    path, env, store = setup("canary")
    gw = await GatewayProcess(path, workers=2, env=env).start()
    try:
        assert set(await probe(gw.port)) == {"monolith"}
        t0 = time.monotonic()
        done = await asyncio.to_thread(store.compare_and_set, "inventory", Stage.CANARY,
                                       Stage.READS, "phase-controller", "gates passed")
        assert done is not None and done.stage == Stage.READS
        await converged(gw.port, "inventory", t0)
        state = await admin_get(gw.admin_port, "/admin/state")
        assert state["contexts"]["inventory"]["stage"] == "reads"
        assert state["stage_store"]["kind"] == kind
        metrics = await admin_get(gw.admin_port, "/metrics")
        assert metric(metrics, "gateway_stage_store_up") == 1
    finally:
        assert await gw.stop() == 0


@pytest.mark.pg
async def test_the_stage_survives_a_restart(
        kind: str, setup: Callable[..., tuple[Path, dict[str, str], StageStore]]) -> None:
    path, env, store = setup("canary")
    gw = await GatewayProcess(path, workers=2, env=env).start()
    try:
        status, body = await change(gw.admin_port, "reads")
        assert status == 200, body
        await converged(gw.port, "inventory", time.monotonic())
    finally:
        assert await gw.stop() == 0
    gw = await GatewayProcess(path, workers=2, env=env).start()
    try:
        assert set(await probe(gw.port, 24)) == {"inventory"}  # from the first request on
        state = await admin_get(gw.admin_port, "/admin/state")
        assert state["contexts"]["inventory"]["stage"] == "reads"
        if kind == "postgres":  # the declared stage only seeds: it never overwrites
            assert "stage: canary" in path.read_text()
            assert state["contexts"]["inventory"]["live"]["changed_by"] == "ci"
    finally:
        assert await gw.stop() == 0


# --- postgres only ------------------------------------------------------------------------


def pg_store(schema: str) -> dict[str, Any]:
    return {"kind": "postgres", "schema": schema, "resync_interval": 1.0}


@pytest.mark.pg
async def test_two_gateways_on_one_control_table_converge_within_2s(
        tmp_path: Path, control: tuple[str, str], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    dsn, schema = control
    env = {"STRANGLER_CONTROL_DSN": dsn}
    a = await GatewayProcess(machine(tmp_path / "a", monolith, inventory, "canary",
                                     pg_store(schema)), workers=2, env=env).start()
    b = await GatewayProcess(machine(tmp_path / "b", monolith, inventory, "canary",
                                     pg_store(schema)), workers=2, env=env).start()
    try:
        took = []
        for via, stage, expected in ((a, "reads", "inventory"), (b, "canary", "monolith"),
                                     (b, "reads", "inventory")):
            t0 = time.monotonic()
            status, body = await change(via.admin_port, stage)
            assert status == 200, body
            for gw in (a, b):
                took.append(await converged(gw.port, expected, t0))
        print(f"two gateways converged after {', '.join(f'{t:.3f}s' for t in took)}")
        # and a stale change through the other gateway is refused there
        status, body = await change(a.admin_port, "writes", expected_stage="canary")
        assert status == 409, body
    finally:
        assert await a.stop() == 0
        assert await b.stop() == 0


@pytest.mark.pg
async def test_a_change_made_in_the_table_is_picked_up_and_recorded(
        tmp_path: Path, control: tuple[str, str], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    dsn, schema = control
    gw = await GatewayProcess(machine(tmp_path / "a", monolith, inventory, "canary",
                                      pg_store(schema)), workers=2,
                              env={"STRANGLER_CONTROL_DSN": dsn}).start()
    try:
        assert set(await probe(gw.port)) == {"monolith"}
        t0 = time.monotonic()
        with psycopg.connect(dsn, autocommit=True) as conn:  # another controller, plain SQL
            conn.execute(sql.SQL("update {}.stages set stage = 'reads', changed_by = 'other', "
                                 "reason = 'by hand' where context = 'inventory'").format(
                sql.Identifier(schema)))
        took = await converged(gw.port, "inventory", t0)
        print(f"a change in the table converged after {took:.3f}s")
        live = (await admin_get(gw.admin_port, "/admin/contexts/inventory"))["live"]
        assert live["stage"] == "reads" and live["changed_by"] == "other"
        assert live["revision"] == 2  # seeded at 1; the trigger bumps it
        history = PostgresStageStore(dsn, schema).history("inventory")
        assert [(h["old_stage"], h["new_stage"], h["changed_by"]) for h in history] == [
            ("canary", "reads", "other"), (None, "canary", "routes.yaml")]
    finally:
        assert await gw.stop() == 0


@pytest.mark.pg
async def test_the_database_going_away_keeps_the_last_stages_and_reconnecting_catches_up(
        tmp_path: Path, control: tuple[str, str], pg_servers: LocalStack,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    dsn, schema = control
    server = pg_servers.services_pg
    proxy = await TcpProxy(server.port).start()
    via_proxy = dsn.replace(f":{server.port}/", f":{proxy.port}/")
    assert via_proxy != dsn
    path = machine(tmp_path / "a", monolith, inventory, "reads", pg_store(schema))
    gw = await GatewayProcess(path, workers=2, env={"STRANGLER_CONTROL_DSN": via_proxy}).start()
    password = pg_servers.state.password
    try:
        assert set(await probe(gw.port)) == {"inventory"}
        await proxy.cut()  # the database is away for this gateway

        async def away() -> bool:
            state = await admin_get(gw.admin_port, "/admin/state")
            return state["stage_store"]["state"] == "unavailable"
        await wait_for(away, "the gateway reports the stage store unavailable", 10)
        state = await admin_get(gw.admin_port, "/admin/state")
        assert state["stage_store"]["last_error"]
        metrics = await admin_get(gw.admin_port, "/metrics")
        assert metrics and metric(metrics, "gateway_stage_store_up") == 0
        assert (metric(metrics, "gateway_stage_store_errors_total") or 0) >= 1
        # the last stages keep serving, and no stage can change through this gateway
        assert set(await probe(gw.port, 24)) == {"inventory"}
        status, body = await change(gw.admin_port, "canary")
        assert status == 503 and body["error"] == "stage_store_unavailable", body
        # another controller rolls back meanwhile, directly in the table
        done = PostgresStageStore(dsn, schema).compare_and_set(
            "inventory", Stage.READS, Stage.CANARY, "other", "rollback while away")
        assert done is not None
        assert set(await probe(gw.port)) == {"inventory"}  # it cannot know yet
        await proxy.restore()
        t0 = time.monotonic()
        took = await converged(gw.port, "monolith", t0, limit=CONVERGE + 1.0)  # + backoff
        print(f"caught up {took:.3f}s after the database came back")

        async def back() -> bool:
            state = await admin_get(gw.admin_port, "/admin/state")
            return state["stage_store"]["state"] == "connected"
        await wait_for(back, "the gateway reports the stage store connected", 5)
        metrics = await admin_get(gw.admin_port, "/metrics")
        assert metric(metrics, "gateway_stage_store_up") == 1
    finally:
        assert await gw.stop() == 0
        await proxy.close()
    assert password not in gw.stderr.decode(errors="replace")
    assert password not in json.dumps(state)

    # a restart while the database is away: the last stages this machine saw
    await proxy.cut()
    gw = await GatewayProcess(path, workers=2, env={"STRANGLER_CONTROL_DSN": via_proxy}).start()
    try:
        assert set(await probe(gw.port)) == {"monolith"}
        state = await admin_get(gw.admin_port, "/admin/state")
        assert state["stage_store"]["state"] == "unavailable"
        assert state["contexts"]["inventory"]["stage"] == "canary"
    finally:
        assert await gw.stop() == 0
    assert password not in gw.stderr.decode(errors="replace")


@pytest.mark.pg
async def test_without_the_table_and_without_last_stages_the_gateway_does_not_start(
        tmp_path: Path, control: tuple[str, str], pg_servers: LocalStack,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    dsn, schema = control
    proxy = TcpProxy(pg_servers.services_pg.port)  # never started: connections are refused
    down = dsn.replace(f":{pg_servers.services_pg.port}/", f":{proxy.port}/")
    path = machine(tmp_path / "a", monolith, inventory, "reads", pg_store(schema))
    gw = GatewayProcess(path, workers=2, env={"STRANGLER_CONTROL_DSN": down})
    with pytest.raises(AssertionError, match="exited early with 3"):
        await gw.start()
    assert gw.proc is not None
    err = gw.stderr.decode() + (await gw.proc.stderr.read()).decode()  # type: ignore[union-attr]
    assert "stage store unavailable at start-up" in err
    assert "refusing to guess the stages" in err
    assert pg_servers.state.password not in err
    shutil.rmtree(tmp_path / "a")


async def test_a_missing_or_malformed_control_dsn_is_a_config_error(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    path = machine(tmp_path / "a", monolith, inventory, "reads",
                   {"kind": "postgres", "dsn_env": "MY_CONTROL_DSN"})
    for env, expected in (({}, "MY_CONTROL_DSN, which is not set"),
                          ({"MY_CONTROL_DSN": "postgresql://u:s3cr3t-pw@h:99999/db"},
                           "MY_CONTROL_DSN: the port is not a number")):
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "from gateway.cli import gateway; gateway()", "run",
            "--config", str(path), "--no-admin", env={**_base_env(), **env},
            stderr=asyncio.subprocess.PIPE)
        _, err = await proc.communicate()
        assert proc.returncode == 2, err
        assert expected in err.decode() and "stage_store.dsn_env" in err.decode()
        assert "s3cr3t" not in err.decode()


def _base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "STRANGLER_CONTROL_DSN"}


@pytest.mark.parametrize(("store", "problem"), [
    ({"kind": "etcd"}, "stage_store.kind: must be one of 'file' or 'postgres'"),
    ({"kind": "file", "dsn_env": "X_DSN"}, "stage_store.dsn_env: only for kind: postgres"),
    ({"kind": "file", "schema": "ctl"}, "stage_store.schema: only for kind: postgres"),
    ({"kind": "postgres", "dsn_env": "lower"},
     "stage_store.dsn_env: must be an environment variable name"),
    ({"kind": "postgres", "schema": "Bad-Name"}, "stage_store.schema: must be a lower-case SQL"),
    ({"kind": "postgres", "resync_interval": 0}, "stage_store.resync_interval: must be >= 0.1"),
    ({"kind": "postgres", "dsn": "postgresql://x"}, "stage_store.dsn: unknown key"),
])
def test_stage_store_settings_are_validated_with_their_path(store: dict[str, Any],
                                                            problem: str) -> None:
    doc = routes_doc("http://127.0.0.1:1", "http://127.0.0.1:2")
    doc["stage_store"] = store
    with pytest.raises(ConfigError) as err:
        load_config_text(json.dumps(doc))
    assert problem in str(err.value)


@pytest.mark.pg
def test_the_control_table_from_a_cli_process(control: tuple[str, str]) -> None:
    """The store's synchronous API as the phase controller uses it: seed, compare-and-set with
    its audit record, watch; revisions keep growing even across a deleted and re-seeded row."""
    dsn, schema = control
    store = PostgresStageStore(dsn, schema, source="STRANGLER_CONTROL_DSN")
    assert dsn not in repr(store) and "STRANGLER_CONTROL_DSN" in repr(store)
    store.seed({"inventory": Stage.CANARY})
    store.seed({"inventory": Stage.LEGACY})  # never overwrites a live stage
    seeded = store.current("inventory")
    assert seeded is not None and (seeded.stage, seeded.revision) == (Stage.CANARY, 1)
    done = store.compare_and_set("inventory", Stage.CANARY, Stage.READS, "ctl", "gates passed",
                                 {"evidence": {"lag_seconds": 0.4}})
    assert done is not None and (done.stage, done.revision) == (Stage.READS, 2)
    assert store.compare_and_set("inventory", Stage.CANARY, Stage.SHADOW, "ctl", "x") is None

    def other_controller() -> None:
        time.sleep(0.3)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("delete from {}.stages").format(sql.Identifier(schema)))
        PostgresStageStore(dsn, schema).seed({"inventory": Stage.LEGACY})

    thread = threading.Thread(target=other_controller)
    thread.start()
    try:
        seen = next(iter(store.watch(timeout=10)))
    finally:
        thread.join()
    assert (seen.stage, seen.revision) == (Stage.LEGACY, 3)  # re-seeded, revision still grows
    history = store.history("inventory")
    assert [(h["old_stage"], h["new_stage"], h["revision"]) for h in history] == [
        (None, "legacy", 3), ("canary", "reads", 2), (None, "canary", 1)]
    assert history[1]["record"] == {"evidence": {"lag_seconds": 0.4}}
    assert store.stages() == {"inventory": seen}


async def test_a_process_only_moves_a_context_to_a_newer_revision(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    """A slow read that started before a change must not undo it once it returns."""
    from gateway.reload import ConfigHolder
    from gateway.stage_store import LiveStage

    path = machine(tmp_path / "a", monolith, inventory, "canary",
                   {"kind": "postgres", "schema": "ctl"})
    holder = ConfigHolder(path, interval=0)
    try:
        assert holder.current.config.contexts["inventory"].stage == Stage.CANARY  # declared
        holder.set_live({"inventory": LiveStage("inventory", Stage.READS, 5)})
        assert holder.current.config.contexts["inventory"].stage == Stage.READS
        assert holder.current.loaded.config.contexts["inventory"].stage == Stage.CANARY
        holder.set_live({"inventory": LiveStage("inventory", Stage.CANARY, 4)})  # older
        assert holder.current.config.contexts["inventory"].stage == Stage.READS
        assert holder.cached_live() == {"inventory": LiveStage("inventory", Stage.READS, 5)}
        holder.set_live({"inventory": LiveStage("inventory", Stage.WRITES, 6)})
        assert holder.current.config.contexts["inventory"].stage == Stage.WRITES
    finally:
        await holder.close()


@pytest.mark.pg
async def test_lost_notifications_and_killed_connections_are_caught_up(
        tmp_path: Path, control: tuple[str, str], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    """The re-read every `resync_interval` catches a change nobody notified; a LISTEN
    connection the server kills is replaced, and changes keep arriving."""
    dsn, schema = control
    gw = await GatewayProcess(machine(tmp_path / "a", monolith, inventory, "canary",
                                      pg_store(schema)), workers=2,
                              env={"STRANGLER_CONTROL_DSN": dsn}).start()
    table = sql.Identifier(schema, "stages")
    try:
        assert set(await probe(gw.port)) == {"monolith"}
        with psycopg.connect(dsn, autocommit=True) as conn, conn.transaction():
            # a change without its NOTIFY (the trigger off for this transaction only)
            conn.execute(sql.SQL("alter table {} disable trigger stage_after").format(table))
            conn.execute(sql.SQL("update {} set stage = 'reads' where context = 'inventory'")
                         .format(table))
            conn.execute(sql.SQL("alter table {} enable trigger stage_after").format(table))
        t0 = time.monotonic()
        took = await converged(gw.port, "inventory", t0)  # resync_interval 1 s
        print(f"a change without NOTIFY converged after {took:.3f}s")

        with psycopg.connect(dsn, autocommit=True) as conn:
            killed = conn.execute(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                "where application_name = 'strangler-gateway-stages'").fetchone()
        assert killed is not None and killed[0] >= 2  # one LISTEN connection per worker
        done = PostgresStageStore(dsn, schema).compare_and_set(
            "inventory", Stage.READS, Stage.CANARY, "ctl", "after the kill")
        assert done is not None
        took = await converged(gw.port, "monolith", time.monotonic())
        print(f"a change after the connections were killed converged after {took:.3f}s")
        metrics = await admin_get(gw.admin_port, "/metrics")
        assert (metric(metrics, "gateway_stage_store_errors_total") or 0) >= 1
        assert metric(metrics, "gateway_stage_store_up") == 1
    finally:
        assert await gw.stop() == 0


def test_check_says_where_the_live_stages_are(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gateway.cli import gateway

    path = machine(tmp_path / "a", EchoUpstream("m", port=1), EchoUpstream("i", port=2),
                   "reads", {"kind": "postgres", "schema": "ctl", "dsn_env": "CTL_DSN"})
    result = CliRunner().invoke(gateway, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "live stages: table ctl.stages (DSN from $CTL_DSN); the stages below only seed it" \
        in result.output


@pytest.fixture
def own_server() -> Iterator[Postgres]:
    """A PostgreSQL server of this test's own, which it may stop and start again."""
    root = make_state_dir("strangler-control-pg-")
    server = Postgres(root, free_port(), name="control-pg", databases=("control",),
                      password=secrets.token_urlsafe(12))
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.pg
async def test_the_database_server_stopping_and_starting_again(
        tmp_path: Path, own_server: Postgres, monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    """The real thing, not a cut link: the server shuts down (its connections are told so and
    closed) and comes back; a change made right after it is back arrives."""
    dsn = own_server.dsn("control")
    gw = await GatewayProcess(machine(tmp_path / "a", monolith, inventory, "reads",
                                      pg_store("strangler_control")), workers=2,
                              env={"STRANGLER_CONTROL_DSN": dsn}).start()
    try:
        assert set(await probe(gw.port)) == {"inventory"}
        await asyncio.to_thread(own_server.stop)

        async def state() -> str:
            return str((await admin_get(gw.admin_port, "/admin/state"))["stage_store"]["state"])
        await wait_for(lambda: _is(state, "unavailable"), "the store is reported away", 10)
        assert set(await probe(gw.port, 24)) == {"inventory"}  # the last stages keep serving
        await asyncio.to_thread(own_server.start)
        done = await asyncio.to_thread(PostgresStageStore(dsn).compare_and_set, "inventory",
                                       Stage.READS, Stage.CANARY, "ctl", "after the restart")
        assert done is not None
        took = await converged(gw.port, "monolith", time.monotonic(), limit=CONVERGE + 1.0)
        print(f"caught up {took:.3f}s after the server was back")
        await wait_for(lambda: _is(state, "connected"), "the store is reported back", 5)
    finally:
        assert await gw.stop() == 0
    assert own_server.password not in gw.stderr.decode(errors="replace")


async def _is(read: Callable[[], Any], expected: str) -> bool:
    return bool(await read() == expected)


async def test_with_a_store_only_added_or_removed_contexts_change_stages_through_the_file(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    """A stage edit of a context the store holds changes nothing; adding a context at
    `writes` or removing one the store holds at `writes` is refused, as with the file store."""
    from gateway.reload import ConfigHolder
    from gateway.stage_store import LiveStage

    store = {"kind": "postgres", "schema": "ctl"}
    path = machine(tmp_path / "a", monolith, inventory, "reads", store)
    holder = ConfigHolder(path, interval=0, audited=True)
    try:
        holder.set_live({"inventory": LiveStage("inventory", Stage.WRITES, 7)})
        doc = routes_doc(monolith.url, inventory.url, stage="legacy", canary={"percent": 0})
        write_routes(path, {**doc, "stage_store": store, "revision": 1})
        assert await holder.reload()  # accepted: the live stage stays
        assert holder.current.config.contexts["inventory"].stage == Stage.WRITES

        added = json.loads(json.dumps(doc))
        added["contexts"]["orders"] = {**added["contexts"]["inventory"], "stage": "writes",
                                       "routes": ["GET /api/orders"], "owns": ["/api/orders"]}
        write_routes(path, {**added, "stage_store": store, "revision": 2})
        assert not await holder.reload()
        assert holder.last_error and "contexts.orders.stage: legacy -> writes skips" in \
            holder.last_error

        removed = {**doc, "contexts": {}, "stage_store": store, "revision": 3}
        write_routes(path, removed)
        assert not await holder.reload()
        assert holder.last_error and "contexts.inventory.stage: writes -> legacy skips" in \
            holder.last_error
        assert holder.current.config.contexts["inventory"].stage == Stage.WRITES
    finally:
        await holder.close()
