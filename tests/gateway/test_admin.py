"""The admin API: bearer auth, live stage changes persisted to the file, the audit log."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.config import load_config
from gateway.errors import StageChangeRefused
from gateway.stages import Stage
from tests.gateway.support import TOKEN, EchoUpstream, RefusingPolicy, served_by

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def admin(gw: Any) -> str:
    return f"http://127.0.0.1:{gw.admin_port}"


def audit_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (path.parent / "audit.jsonl").read_text().splitlines()]


async def change(client: aiohttp.ClientSession, gw: Any, stage: str,
                 **extra: Any) -> aiohttp.ClientResponse:
    body = {"stage": stage, "reason": "test", "actor": "alice", **extra}
    async with client.post(admin(gw) + "/admin/contexts/inventory/stage", json=body,
                           headers=AUTH) as resp:
        await resp.read()
        return resp


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer wrong-token-wrong-token"}, {"Authorization": TOKEN},
    {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"},
])
async def test_admin_requires_the_bearer_token(
        headers: dict[str, str], routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file())
    for method, path in (("GET", "/admin/state"), ("POST", "/admin/contexts/inventory/stage"),
                         ("GET", "/admin/audit"), ("POST", "/admin/reload")):
        async with client.request(method, admin(gw) + path, headers=headers,
                                  json={"stage": "shadow", "reason": "r", "actor": "a"}) as r:
            assert r.status == 401, path
            assert r.headers["WWW-Authenticate"] == "Bearer"
    assert load_config(gw.holder.path).config.contexts["inventory"].stage == "legacy"


async def test_health_and_metrics_are_open(routes_file: Callable[..., Path],
                                           start_gateway: Any,
                                           client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file())
    async with client.get(admin(gw) + "/healthz") as r:
        assert (await r.json())["status"] == "ok"
    async with client.get(admin(gw) + "/metrics") as r:
        text = await r.text()
    assert 'gateway_context_stage{context="inventory",stage="legacy"} 1.0' in text


async def test_stage_change_applies_live_persists_and_audits(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    path = routes_file()
    before_text = path.read_text()
    gw = await start_gateway(path)
    v0 = gw.holder.current.version
    for stage in ("shadow", "canary", "reads"):
        resp = await change(client, gw, stage)
        assert resp.status == 200, stage
    # applied at once, no restart: reads now go to the service
    async with client.get(f"http://127.0.0.1:{gw.port}/api/inventory/1") as r:
        assert served_by(await r.read()) == "inventory"
    # persisted: only the stage value changed and the revision grew; comments kept
    after_text = path.read_text()
    assert after_text == before_text.replace("stage: legacy", "stage: reads").replace(
        "# test routes\n", "# test routes\nrevision: 3\n")
    assert gw.holder.current.config.revision == 3
    records = audit_records(path)
    assert [(r["old"], r["new"], r["result"]) for r in records] == [
        ("legacy", "shadow", "applied"), ("shadow", "canary", "applied"),
        ("canary", "reads", "applied")]
    first = records[0]
    assert first["actor"] == "alice" and first["reason"] == "test"
    assert first["config_version_before"] == v0
    assert first["config_version_after"] == records[1]["config_version_before"]
    assert first["policy"] == "allow-all" and first["ts"]
    assert first["token"] == gw.admin.token.fingerprint
    audit_text = (path.parent / "audit.jsonl").read_text()
    assert TOKEN not in audit_text and TOKEN not in caplog.text
    assert TOKEN not in repr(gw.admin.token)
    async with client.get(admin(gw) + "/admin/audit?limit=2", headers=AUTH) as r:
        assert [x["new"] for x in (await r.json())["records"]] == ["canary", "reads"]
    async with client.get(admin(gw) + "/admin/state", headers=AUTH) as r:
        state = await r.json()
    assert state["contexts"]["inventory"]["stage"] == "reads"
    assert state["contexts"]["inventory"]["allowed_next"] == ["canary", "writes"]
    assert state["config_version"] == gw.holder.current.version


@pytest.mark.parametrize(("stage", "extra", "status", "fragment"), [
    ("reads", {}, 409, "skips stages"),
    ("legacy", {}, 409, "already at stage legacy"),
    ("shadow", {"expected_stage": "canary"}, 409, "not canary"),
])
async def test_refused_changes_are_audited_and_change_nothing(
        stage: str, extra: dict[str, Any], status: int, fragment: str,
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    path = routes_file()
    text = path.read_text()
    gw = await start_gateway(path)
    body = {"stage": stage, "reason": "r", "actor": "bob", **extra}
    async with client.post(admin(gw) + "/admin/contexts/inventory/stage", json=body,
                           headers=AUTH) as r:
        assert r.status == status
        assert fragment in (await r.json())["message"]
    assert path.read_text() == text
    rec = audit_records(path)[-1]
    assert rec["result"] == "refused" and fragment in rec["refusal"] and rec["actor"] == "bob"


@pytest.mark.parametrize(("url", "body", "status", "actor"), [
    ("/admin/contexts/nope/stage", {"stage": "shadow", "reason": "r", "actor": "a"}, 404, "a"),
    ("/admin/contexts/inventory/stage", {"stage": "shadow", "actor": "a"}, 400, None),
    ("/admin/contexts/inventory/stage", {"stage": "bogus", "reason": "r", "actor": "a"}, 400,
     None),
    ("/admin/contexts/inventory/stage",
     {"stage": "shadow", "reason": "r", "actor": "a", "skip_gates": True}, 400, None),
    ("/admin/contexts/inventory/stage", "not json", 415, None),
    ("/admin/contexts/inventory/stage", "{not json", 400, None),
    ("/admin/contexts/inventory/stage", {"stage": "shadow", "reason": "r" * 70_000,
                                         "actor": "a"}, 413, None),
])
async def test_bad_admin_requests_are_refused_and_audited(
        url: str, body: Any, status: int, actor: str | None,
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    path = routes_file()
    text = path.read_text()
    gw = await start_gateway(path)
    kwargs: dict[str, Any] = {"json": body} if not isinstance(body, str) else {
        "data": body, "headers": {**AUTH, "Content-Type": "text/plain" if body == "not json"
                                  else "application/json"}}
    kwargs.setdefault("headers", AUTH)
    async with client.post(admin(gw) + url, **kwargs) as r:
        assert r.status == status, await r.text()
        message = (await r.json())["message"]
    [rec] = audit_records(path)  # authenticated, so on the record whatever the outcome
    assert rec["action"] == "stage_change" and rec["result"] == "refused"
    assert rec["status"] == status and rec["refusal"] == message
    assert rec["context"] == url.split("/")[3] and rec.get("actor") == actor
    assert rec["token"] == gw.admin.token.fingerprint and rec["remote"] == "127.0.0.1"
    assert path.read_text() == text


async def test_a_policy_can_refuse_with_evidence(routes_file: Callable[..., Path],
                                                 start_gateway: Any,
                                                 client: aiohttp.ClientSession) -> None:
    gate = RefusingPolicy()
    path = routes_file()
    gw = await start_gateway(path, policy=gate)
    resp = await change(client, gw, "shadow")
    assert resp.status == 409
    assert gate.seen[0].old == Stage.LEGACY and gate.seen[0].new == Stage.SHADOW
    rec = audit_records(path)[-1]
    assert rec["result"] == "refused" and rec["policy"] == "test-gate"
    assert rec["evidence"] == {"lag_seconds": 12, "threshold": 5}
    assert gw.holder.current.config.contexts["inventory"].stage == "legacy"


async def test_concurrent_change_is_detected_by_compare_and_swap(
        routes_file: Callable[..., Path], start_gateway: Any) -> None:
    path = routes_file()
    gw = await start_gateway(path)
    path.write_text(path.read_text().replace("stage: legacy", "stage: shadow"))
    with pytest.raises(StageChangeRefused, match="changed concurrently"):
        await asyncio.to_thread(gw.holder.persist_stage, "inventory", Stage.LEGACY,
                                Stage.SHADOW, {}, gw.holder.audit)


async def test_parallel_admin_requests_apply_exactly_one_step(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    path = routes_file()
    gw = await start_gateway(path)
    results = await asyncio.gather(*[change(client, gw, "shadow", expected_stage="legacy")
                                     for _ in range(5)])
    assert sorted(r.status for r in results) == [200, 409, 409, 409, 409]
    assert load_config(path).config.contexts["inventory"].stage == "shadow"


async def test_no_change_without_an_audit_record(routes_file: Callable[..., Path],
                                                 start_gateway: Any,
                                                 client: aiohttp.ClientSession) -> None:
    path = routes_file()
    gw = await start_gateway(path)
    audit = path.parent / "audit.jsonl"
    audit.mkdir()  # appending to a directory fails
    resp = await change(client, gw, "shadow")
    assert resp.status == 503
    assert load_config(path).config.contexts["inventory"].stage == "legacy"
    assert gw.holder.current.config.contexts["inventory"].stage == "legacy"
