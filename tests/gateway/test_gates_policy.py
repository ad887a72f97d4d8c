"""The gateway with `admin.policy: gates` (the default): stage changes through the admin API
pass the phase controller's gates against real upstreams, every evaluation leaves an evidence
bundle named in the audit record, and `force` is loud and audited."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.stages import Stage
from phase import evidence
from phase.admin_client import GatewayAdmin
from phase.controller import Controller, StepRefused
from tests.gateway.support import TOKEN, EchoUpstream, routes_doc, write_routes

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def gated_routes(path: Path, monolith: EchoUpstream, inventory: EchoUpstream,
                 stage: str) -> Path:
    doc = routes_doc(monolith.url, inventory.url, stage=stage)
    del doc["admin"]["policy"]  # the default: gates
    return write_routes(path, doc)


async def change(client: aiohttp.ClientSession, gw: Any, stage: str, **extra: Any
                 ) -> tuple[int, dict[str, Any]]:
    body = {"stage": stage, "reason": "cut-over rehearsal", "actor": "alice", **extra}
    async with client.post(f"http://127.0.0.1:{gw.admin_port}/admin/contexts/inventory/stage",
                           json=body, headers=AUTH) as r:
        return r.status, await r.json()


def last_audit(path: Path) -> dict[str, Any]:
    lines = (path.parent / "audit.jsonl").read_text().splitlines()
    return dict(json.loads(lines[-1]))


def gate(bundle: dict[str, Any], name: str) -> dict[str, Any]:
    return next(g for g in bundle["gates"] if g["gate"] == name)


async def test_the_write_cut_over_is_refused_with_the_service_stopped(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream,
        start_gateway: Any, client: aiohttp.ClientSession) -> None:
    path = gated_routes(tmp_path / "routes.yaml", monolith, inventory, "reads")
    gw = await start_gateway(path)
    await inventory.close()  # the service is down
    controller = Controller(path, [GatewayAdmin(f"http://127.0.0.1:{gw.admin_port}", TOKEN)])
    judged = await asyncio.to_thread(controller.evaluate, "inventory", Stage.WRITES)
    assert not judged.allowed
    bundle = evidence.load(tmp_path / ".strangler" / "evidence", judged.evidence_id)
    assert bundle["decision"] == "refused" and bundle["transition"] == {
        "from": "reads", "to": "writes"}
    health = gate(bundle, "service_health")
    assert health["verdict"] == "fail" and health["samples"] == 3
    assert health["value"] == "0/3 ok" and "connection refused" in health["detail"]
    assert any(step.startswith("hold new writes") for step in bundle["plan"])
    with pytest.raises(StepRefused, match="service_health fail"):
        await asyncio.to_thread(controller.advance, "inventory", Stage.WRITES,
                                reason="cut-over rehearsal")
    assert "stage: reads" in path.read_text()  # nothing changed


async def test_the_write_switch_flips_only_from_a_switch_while_the_writes_are_held(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream,
        start_gateway: Any, client: aiohttp.ClientSession) -> None:
    path = gated_routes(tmp_path / "routes.yaml", monolith, inventory, "reads")
    gw = await start_gateway(path)
    status, body = await change(client, gw, "writes")  # straight through the admin API
    assert status == 409, body
    assert "is the write switch: `strangler phase advance inventory` holds" in body["message"]
    status, body = await change(client, gw, "writes", switch="0123456789ab")  # not held
    assert status == 409 and "does not hold the writes of inventory" in body["message"], body
    admin = f"http://127.0.0.1:{gw.admin_port}/admin/contexts/inventory"
    async with client.post(f"{admin}/hold-writes", headers=AUTH,
                           json={"reason": "switch", "actor": "alice"}) as r:
        assert r.status == 200, await r.text()
    status, body = await change(client, gw, "writes", switch="0123456789ab")
    assert status == 200, body
    record = last_audit(path)
    assert (record["switch"], record["writes_held"]) == ("0123456789ab", True)
    assert "stage: writes" in path.read_text()
    # the way back without a switch is refused too, unless forced (the emergency rollback)
    status, body = await change(client, gw, "reads")
    assert status == 409 and "`strangler phase rollback inventory`" in body["message"], body


async def test_a_healthy_service_passes_its_gate_and_inconclusive_gates_still_block(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream,
        start_gateway: Any, client: aiohttp.ClientSession) -> None:
    path = gated_routes(tmp_path / "routes.yaml", monolith, inventory, "legacy")
    gw = await start_gateway(path)
    status, body = await change(client, gw, "shadow")
    assert status == 409, body
    assert "forward_lag inconclusive" in body["message"]
    assert "sync is not configured" in body["message"]
    record = last_audit(path)
    bundle = evidence.load(tmp_path / ".strangler" / "evidence", record["evidence"]["id"])
    assert gate(bundle, "service_health")["verdict"] == "pass"
    assert [(s.method, s.raw_path) for s in inventory.seen] == [("GET", "/healthz")] * 3


async def test_force_goes_past_the_gates_loudly_and_on_the_record(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream,
        start_gateway: Any, client: aiohttp.ClientSession, caplog: Any) -> None:
    path = gated_routes(tmp_path / "routes.yaml", monolith, inventory, "legacy")
    gw = await start_gateway(path)
    await inventory.close()
    status, body = await change(client, gw, "shadow", force=True)
    assert status == 200, body
    assert "stage: shadow" in path.read_text()
    record = last_audit(path)
    assert record["result"] == "applied"
    assert record["force"] is True and record["forced"] is True
    assert record["policy_reason"].startswith("FORCED past gates that did not pass")
    bundle = evidence.load(tmp_path / ".strangler" / "evidence", record["evidence"]["id"])
    assert bundle["decision"] == "forced" and bundle["force"] is True
    assert gate(bundle, "service_health")["verdict"] == "fail"
    assert any("FORCED stage change" in r.getMessage() and "alice" in r.getMessage()
               for r in caplog.records)


async def test_a_hand_edit_of_the_file_passes_the_same_gates(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream,
        start_gateway: Any, client: aiohttp.ClientSession) -> None:
    from tests.gateway.test_hand_edits import edit, rejected

    path = gated_routes(tmp_path / "routes.yaml", monolith, inventory, "canary")
    gw = await start_gateway(path)
    await inventory.close()
    edit(path, "stage: canary", "stage: reads")
    assert "service_health fail" in await rejected(gw)
    record = last_audit(path)
    assert (record["actor"], record["result"], record["policy"]) == ("file", "refused", "gates")
    bundle = evidence.load(tmp_path / ".strangler" / "evidence", record["evidence"]["id"])
    assert bundle["actor"] == "file" and gate(bundle, "service_health")["verdict"] == "fail"
    assert gw.holder.current.config.contexts["inventory"].stage == "canary"


async def test_a_context_added_by_hand_past_legacy_is_refused(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream,
        start_gateway: Any) -> None:
    from tests.gateway.test_hand_edits import rejected

    path = gated_routes(tmp_path / "routes.yaml", monolith, inventory, "legacy")
    gw = await start_gateway(path)
    doc = routes_doc(monolith.url, inventory.url, stage="legacy")
    del doc["admin"]["policy"]
    doc["contexts"]["orders"] = {"stage": "shadow", "service": "inventory",
                                 "routes": ["GET /api/orders"]}
    write_routes(path, doc)
    assert "context orders is not in the config the change starts from" in await rejected(gw)
    assert "orders" not in gw.holder.current.config.contexts
