"""Switching the monolith's inventory port at run time: `/admin/inventory-port` on real apps.

The switch is token-protected, loopback only, validated with the field named, audited; it
drains (returns only once no order on the local port is in flight, so no local write to
`inventory_items` follows it); it is idempotent and survives a restart of the monolith."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
import pytest

from tests.samples.conftest import AppProcess, Databases, Items, Target, start_app

TOKEN = "port-switch-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


async def call(method: str, url: str, body: Any = None,
               headers: dict[str, str] | None = None) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session, session.request(
            method, url, json=body, headers=headers if headers is not None else AUTH) as resp:
        return resp.status, await resp.json()


@pytest.fixture(scope="module")
def token_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("port-admin") / "token"
    path.write_text(TOKEN + "\n")
    path.chmod(0o600)
    return path


def _forget_switch(dsn: str) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute("DELETE FROM inventory_port_setting")


def start_monolith(seeded: Databases, logs: Path, token_file: Path, *args: str) -> AppProcess:
    return start_app("monolith", logs, "--dsn", seeded.monolith, "--admin-token-file",
                     str(token_file), "--lock-timeout", "60000", *args)


@pytest.fixture
def monolith(seeded: Databases, app_logs: Path, token_file: Path,
             monolith_app: AppProcess) -> Iterator[AppProcess]:
    """A monolith with the admin endpoint, on the local port, no switch remembered."""
    _forget_switch(seeded.monolith)  # monolith_app made the schema; earlier tests switched
    app = start_monolith(seeded, app_logs, token_file)
    yield app
    assert app.stop() == 0, app.output()


async def order(url: str, item_id: int, quantity: int = 1) -> tuple[int, Any]:
    return await call("POST", f"{url}/api/orders",
                      {"customer_id": 1, "lines": [{"item_id": item_id, "quantity": quantity}]},
                      headers={})


async def test_the_admin_endpoint_wants_its_token_from_loopback_and_audits(
        monolith: AppProcess, monolith_app: AppProcess) -> None:
    url = f"{monolith.url}/admin/inventory-port"
    assert (await call("GET", url, headers={}))[0] == 401
    status, body = await call("POST", url, {"mode": "local"},
                              headers={"Authorization": "Bearer not-the-token-at-all"})
    assert (status, body["error"]["code"]) == (401, "unauthorized")
    # what the gateway forwards (it adds X-Forwarded-For and Via) is refused even from loopback
    status, body = await call("POST", url, {"mode": "local"},
                              headers={**AUTH, "X-Forwarded-For": "203.0.113.9"})
    assert (status, body["error"]["code"]) == (403, "admin_loopback_only")
    status, body = await call("GET", url, headers={**AUTH, "Via": "1.1 strangler"})
    assert status == 403
    # started without a token: disabled
    status, body = await call("GET", f"{monolith_app.url}/admin/inventory-port")
    assert (status, body["error"]["code"]) == (403, "admin_disabled")

    status, state = await call("GET", url)
    assert status == 200
    assert state | {"changed_at": None} == {
        "mode": "local", "url": None, "changed_at": None, "changed_by": None,
        "source": "start-up flags", "in_flight": {"local": 0, "remote": 0}}
    status, body = await call("POST", url, {"mode": "local", "actor": "alice",
                                            "reason": "audit check"})
    assert (status, body["changed"]) == (200, False)
    log = monolith.output()
    audits = [line for line in log.splitlines() if " audit {" in line]
    assert any('"actor": "alice"' in line and '"result": "unchanged"' in line
               and '"reason": "audit check"' in line for line in audits), log
    assert any('"result": "refused"' in line and '"error": "admin_loopback_only"' in line
               for line in audits), log
    assert TOKEN not in log


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"mode": "remote"}, "url", "missing_field"),
    ({"mode": "sideways"}, "mode", "invalid_field"),
    ({"mode": "local", "url": "http://127.0.0.1:1"}, "url", "invalid_field"),
    ({"mode": "remote", "url": "ftp://127.0.0.1/x"}, "url", "invalid_field"),
    ({"mode": "remote", "url": "http://u:p@127.0.0.1:1"}, "url", "invalid_field"),
    ({"mode": "remote", "url": "http://127.0.0.1:1", "drain_timeout_seconds": -1},
     "drain_timeout_seconds", "invalid_field"),
    ({"mode": "local", "colour": "blue"}, "colour", "unknown_field"),
    ({}, "mode", "missing_field"),
])
async def test_bad_input_is_400_naming_the_field_and_changes_nothing(
        monolith: AppProcess, body: dict[str, Any], field: str, code: str) -> None:
    status, answer = await call("POST", f"{monolith.url}/admin/inventory-port", body)
    assert (status, answer["error"]["field"], answer["error"]["code"]) == (400, field, code)
    assert (await call("GET", f"{monolith.url}/admin/inventory-port"))[1]["mode"] == "local"


async def _in_flight(url: str, *, local: int) -> dict[str, Any]:
    for _ in range(400):
        status, state = await call("GET", f"{url}/admin/inventory-port")
        if state["in_flight"]["local"] == local:
            return dict(state)
        await asyncio.sleep(0.025)
    raise AssertionError(f"in flight never reached local={local}: {state}")


async def test_the_switch_waits_for_the_local_order_in_flight_then_orders_use_the_api(
        monolith: AppProcess, inventory_app: AppProcess, seeded: Databases,
        items: Items) -> None:
    mono = Target("monolith", monolith.url, seeded.monolith)
    svc = Target("inventory", inventory_app.url, seeded.inventory)
    stuck, meanwhile, after = items.make(on_hand=10), items.make(on_hand=10), \
        items.make(on_hand=10)
    # A row lock held here keeps a local order in flight inside its transaction.
    with psycopg.connect(seeded.monolith) as blocker:
        blocker.execute("SELECT 1 FROM inventory_items WHERE id = %s FOR UPDATE", (stuck,))
        local_order = asyncio.ensure_future(order(monolith.url, stuck, 3))
        await _in_flight(monolith.url, local=1)
        switch = asyncio.ensure_future(call(
            "POST", f"{monolith.url}/admin/inventory-port",
            {"mode": "remote", "url": inventory_app.url, "actor": "test",
             "reason": "cut-over"}))
        # the new port is in place for new orders while the old one drains
        for _ in range(400):
            state = (await call("GET", f"{monolith.url}/admin/inventory-port"))[1]
            if state["mode"] == "remote":
                break
            await asyncio.sleep(0.025)
        assert state["mode"] == "remote" and state["in_flight"]["local"] == 1
        status, placed = await order(monolith.url, meanwhile, 2)
        assert status == 201, placed
        assert svc.stock(meanwhile) == (10, 2) and mono.stock(meanwhile) == (10, 0)
        assert not switch.done() and not local_order.done()
        blocker.rollback()  # the lock goes: the local order can finish
        status, switched = await switch
        # when the switch answers, the local order's reservation is committed, nothing pending
        assert mono.stock(stuck) == (10, 3)
    assert status == 200, switched
    assert (switched["mode"], switched["url"], switched["changed"]) == (
        "remote", inventory_app.url, True)
    assert switched["drained_local_orders"] == 1
    assert switched["in_flight"]["local"] == 0
    assert (await local_order)[0] == 201
    status, placed = await order(monolith.url, after, 4)
    assert status == 201, placed
    assert svc.stock(after) == (10, 4) and mono.stock(after) == (10, 0)
    assert svc.stock(stuck) == (10, 0)  # placed locally before the switch


async def test_a_drain_past_its_timeout_is_504_with_the_switch_in_place(
        monolith: AppProcess, inventory_app: AppProcess, seeded: Databases,
        items: Items) -> None:
    stuck = items.make(on_hand=10)
    body = {"mode": "remote", "url": inventory_app.url, "drain_timeout_seconds": 0.2}
    with psycopg.connect(seeded.monolith) as blocker:
        blocker.execute("SELECT 1 FROM inventory_items WHERE id = %s FOR UPDATE", (stuck,))
        local_order = asyncio.ensure_future(order(monolith.url, stuck))
        await _in_flight(monolith.url, local=1)
        status, answer = await call("POST", f"{monolith.url}/admin/inventory-port", body)
        assert (status, answer["error"]["code"]) == (504, "drain_timeout")
        assert "1 order(s) on the local port still in flight" in answer["error"]["message"]
        state = (await call("GET", f"{monolith.url}/admin/inventory-port"))[1]
        assert state["mode"] == "remote"
        blocker.rollback()
    assert (await local_order)[0] == 201
    status, answer = await call("POST", f"{monolith.url}/admin/inventory-port", body)
    assert (status, answer["changed"], answer["in_flight"]["local"]) == (200, False, 0)


async def test_the_choice_survives_a_restart_and_wins_over_the_flags(
        monolith: AppProcess, inventory_app: AppProcess, seeded: Databases, app_logs: Path,
        token_file: Path, items: Items) -> None:
    svc = Target("inventory", inventory_app.url, seeded.inventory)
    body = {"mode": "remote", "url": inventory_app.url, "actor": "ops"}
    first = await call("POST", f"{monolith.url}/admin/inventory-port", body)
    again = await call("POST", f"{monolith.url}/admin/inventory-port", body)
    assert (first[0], first[1]["changed"]) == (200, True)
    assert (again[0], again[1]["changed"]) == (200, False)  # idempotent
    assert monolith.stop() == 0

    restarted = start_monolith(seeded, app_logs, token_file)  # no --inventory-api
    try:
        status, state = await call("GET", f"{restarted.url}/admin/inventory-port")
        assert (status, state["mode"], state["url"], state["source"], state["changed_by"]) == (
            200, "remote", inventory_app.url, "persisted", "ops")
        health = (await call("GET", f"{restarted.url}/healthz", headers={}))[1]
        assert health["inventory_port"] == "remote"
        item = items.make(on_hand=5)
        assert (await order(restarted.url, item, 2))[0] == 201
        assert svc.stock(item) == (5, 2)
        status, back = await call("POST", f"{restarted.url}/admin/inventory-port",
                                  {"mode": "local"})
        assert (status, back["mode"], back["changed"]) == (200, "local", True)
    finally:
        assert restarted.stop() == 0, restarted.output()
    # local persisted: it wins over --inventory-api at the next start
    flagged = start_monolith(seeded, app_logs, token_file, "--inventory-api", inventory_app.url)
    try:
        state = (await call("GET", f"{flagged.url}/admin/inventory-port"))[1]
        assert (state["mode"], state["source"]) == ("local", "persisted")
        assert "as switched at run time" in flagged.output()
    finally:
        assert flagged.stop() == 0, flagged.output()


# -- the write switch's `switch_ports` step, with its real effects, on a real monolith --------

ROUTES = Path(__file__).resolve().parents[2] / "routes.yaml"


class _NoSync:
    def start(self, direction: str) -> object:
        raise AssertionError("the port step touches no sync")

    def stop(self, direction: str) -> bool:
        raise AssertionError("the port step touches no sync")


def _routes_with_ports(folder: Path, hooks: list[dict[str, Any]]) -> Path:
    import yaml

    data = yaml.safe_load(ROUTES.read_text())
    data["contexts"]["inventory"]["write_switch"] = {"ports": hooks}
    path = folder / "routes.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _effects(config: Path, old: str, new: str, folder: Path) -> tuple[Any, Any]:
    from cdc.endpoints import Endpoints
    from phase.effects import SwitchSetup, switch_effects
    from phase.journal import journal_path, open_journal

    setup = SwitchSetup(context="inventory", old=old, new=new, config=config, gateways=(),
                        sync=_NoSync(), endpoints=Endpoints(None), actor="controller",
                        reason="test")
    journal, _ = open_journal(journal_path(folder / f"{old}-{new}", "inventory"),
                              context="inventory", old=old, new=new)
    return switch_effects(setup), journal


async def _mode(url: str) -> str:
    return str((await call("GET", f"{url}/admin/inventory-port"))[1]["mode"])


async def test_the_switch_ports_step_follows_the_writer_of_record_and_its_undo_goes_back(
        monolith: AppProcess, inventory_app: AppProcess, tmp_path: Path) -> None:
    from phase.errors import StepFailed

    (tmp_path / "monolith-token").write_text(TOKEN + "\n")
    hook = {"url": f"{monolith.url}/admin/inventory-port", "remote_url": inventory_app.url,
            "token_file": "monolith-token"}
    config = _routes_with_ports(tmp_path, [hook])
    effects, journal = _effects(config, "reads", "writes", tmp_path)
    try:
        done = await asyncio.to_thread(effects["switch_ports"], journal)
        assert done["ports"] == [{"url": hook["url"], "mode": "remote", "changed": True,
                                  "drained_local_orders": 0,
                                  "drain_seconds": done["ports"][0]["drain_seconds"]}]
        assert await _mode(monolith.url) == "remote"
        again = await asyncio.to_thread(effects["switch_ports"], journal)  # resumed: no-op
        assert again["ports"][0]["changed"] is False
        await asyncio.to_thread(effects["switch_ports_back"], journal)
        assert await _mode(monolith.url) == "local"
    finally:
        journal.close(finished=False)
    effects, journal = _effects(config, "writes", "reads", tmp_path)  # the rollback
    try:
        await call("POST", f"{monolith.url}/admin/inventory-port",
                   {"mode": "remote", "url": inventory_app.url})
        await asyncio.to_thread(effects["switch_ports"], journal)
        assert await _mode(monolith.url) == "local"
        await asyncio.to_thread(effects["switch_ports_back"], journal)
        assert await _mode(monolith.url) == "remote"
    finally:
        journal.close(finished=False)

    (tmp_path / "monolith-token").write_text("a-wrong-token-of-enough-length\n")
    effects, journal = _effects(config, "reads", "writes", tmp_path / "wrong")
    try:
        with pytest.raises(StepFailed, match=r"contexts\.inventory\.write_switch\.ports\[0\]: "
                           r".* answered 401 unauthorized") as failed:
            await asyncio.to_thread(effects["switch_ports_back"], journal)
        assert "a-wrong-token" not in str(failed.value)
    finally:
        journal.close(finished=False)


async def test_without_ports_configured_the_step_does_nothing(tmp_path: Path) -> None:
    effects, journal = _effects(ROUTES, "reads", "writes", tmp_path)
    try:
        assert effects["switch_ports"](journal) == {"ports": []}
        assert effects["switch_ports_back"](journal) == {"ports": []}
    finally:
        journal.close(finished=False)


async def test_at_the_cut_over_an_order_waits_in_the_gateways_hold_then_reserves_in_the_service(
        monolith: AppProcess, inventory_app: AppProcess, seeded: Databases, items: Items,
        tmp_path: Path) -> None:
    """The cut-over's order with a real gateway: hold, switch the port (through the gateway),
    flip, release. The order placed meanwhile waits in the hold and lands in the service."""
    from phase.admin_client import GatewayAdmin
    from tests.gateway.support import TOKEN as GATEWAY_TOKEN
    from tests.gateway.support import GatewayProcess, routes_doc, write_routes

    mono = Target("monolith", monolith.url, seeded.monolith)
    svc = Target("inventory", inventory_app.url, seeded.inventory)
    item = items.make(on_hand=10)
    routes = write_routes(tmp_path / "routes.yaml",
                          routes_doc(monolith.url, inventory_app.url, stage="reads"))
    gateway = await GatewayProcess(routes, workers=1).start()
    admin = GatewayAdmin(f"http://127.0.0.1:{gateway.admin_port}", GATEWAY_TOKEN)
    try:
        await asyncio.to_thread(admin.hold_writes, "inventory", actor="test", reason="cut-over",
                                max_hold=20)
        status, switched = await call("POST", f"{monolith.url}/admin/inventory-port",
                                      {"mode": "remote", "url": f"http://127.0.0.1:{gateway.port}"})
        assert status == 200, switched
        placing = asyncio.ensure_future(order(monolith.url, item, 3))
        for _ in range(400):
            hold = (await asyncio.to_thread(admin.context, "inventory"))["write_hold"]
            if hold and hold["held_writes"] == 1:
                break
            await asyncio.sleep(0.025)
        assert hold["held_writes"] == 1, hold  # the order's reserve waits at the gateway
        assert not placing.done()
        assert mono.stock(item) == (10, 0) and svc.stock(item) == (10, 0)
        await asyncio.to_thread(admin.change_stage, "inventory", "writes", expected="reads",
                                actor="test", reason="cut-over")
        await asyncio.to_thread(admin.release_writes, "inventory", actor="test",
                                reason="cut-over", expected_stage="writes")
        status, placed = await placing
        assert status == 201, placed
        assert svc.stock(item) == (10, 3) and mono.stock(item) == (10, 0)
    finally:
        admin.close()
        await gateway.stop()


@pytest.mark.parametrize(("token", "message"), [
    (None, "cannot read"), ("short", "at least 16 characters")])
def test_an_unusable_token_file_is_a_usage_error(seeded: Databases, tmp_path: Path,
                                                 token: str | None,
                                                 message: str) -> None:
    path = tmp_path / "token"
    if token is not None:
        path.write_text(token)
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "strangler.cli", "apps", "run", "monolith",
                           "--port", "0", "--dsn", seeded.monolith, "--admin-token-file",
                           str(path)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    assert "--admin-token-file" in done.stderr and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_cut_over_whose_fence_came_before_the_port_switch_is_refused(tmp_path: Path) -> None:
    """A journal begun by a controller that had no switch_ports step, resumed by one that
    has: switching the ports after the fence could let local orders write past it."""
    from phase.cutover import Entry
    from phase.errors import StepFailed

    config = _routes_with_ports(tmp_path, [{"url": "http://127.0.0.1:9/admin/inventory-port",
                                            "remote_url": "http://127.0.0.1:9"}])
    effects, journal = _effects(config, "reads", "writes", tmp_path)
    try:
        for name in ("hold_writes", "drain", "fence"):
            journal.append(Entry("begin", name))
            journal.append(Entry("done", name), {"lsn": 1} if name == "fence" else None)
        with pytest.raises(StepFailed, match="the fence was taken before the monolith's ports"):
            effects["switch_ports"](journal)
    finally:
        journal.close(finished=False)
