"""A hand edit of routes.yaml that changes a stage passes the admin API's checks; a one-step
rollback through the admin API works even while the file on disk is broken or refused."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.config import load_config
from gateway.errors import ConfigError, StageChangeRefused
from gateway.stages import Stage
from tests.gateway.support import (
    TOKEN,
    EchoUpstream,
    GatewayProcess,
    RefusingPolicy,
    routes_doc,
    served_by,
    write_routes,
)

REPO = Path(__file__).resolve().parents[2]

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def records(path: Path) -> list[dict[str, Any]]:
    audit = path.parent / "audit.jsonl"
    if not audit.exists():
        return []
    return [json.loads(line) for line in audit.read_text().splitlines()]


async def until(pred: Callable[[], Any], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not await pred():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


async def rejected(gw: Any) -> str:
    """Wait until the gateway has rejected the file on disk; why."""
    async def has_error() -> bool:
        return gw.holder.last_error is not None

    await until(has_error)
    return str(gw.holder.last_error)


async def state(client: aiohttp.ClientSession, gw: Any) -> dict[str, Any]:
    async with client.get(f"http://127.0.0.1:{gw.admin_port}/admin/state",
                          headers=AUTH) as r:
        assert r.status == 200
        result: dict[str, Any] = await r.json()
        return result


async def read_side(client: aiohttp.ClientSession, port: int) -> str:
    async with client.get(f"http://127.0.0.1:{port}/api/inventory/1") as r:
        assert r.status == 200
        return served_by(await r.read())


async def write_side(client: aiohttp.ClientSession, port: int) -> str:
    async with client.post(f"http://127.0.0.1:{port}/api/inventory/adjust", json={}) as r:
        assert r.status == 200
        return served_by(await r.read())


async def stage_change(client: aiohttp.ClientSession, gw: Any, stage: str
                       ) -> tuple[int, dict[str, Any]]:
    async with client.post(
            f"http://127.0.0.1:{gw.admin_port}/admin/contexts/inventory/stage",
            json={"stage": stage, "reason": "incident 42", "actor": "oncall"},
            headers=AUTH) as r:
        return r.status, await r.json()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


async def test_a_hand_edit_that_skips_a_stage_is_refused_and_one_step_is_audited(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="gateway")
    path = routes_file("legacy")
    gw = await start_gateway(path)
    good = gw.holder.current.version

    edit(path, "stage: legacy", "stage: reads")  # skips shadow and canary

    await rejected(gw)
    assert gw.holder.current.version == good
    assert await read_side(client, gw.port) == "monolith"
    body = await state(client, gw)
    assert "legacy -> reads skips stages" in body["last_reload_error"]
    assert body["contexts"]["inventory"]["stage"] == "legacy"
    assert body["last_rejected_version"] == load_config(path).version
    assert any("legacy -> reads skips stages" in r.getMessage() and r.levelname == "ERROR"
               for r in caplog.records)
    [refusal] = records(path)
    assert refusal["actor"] == "file" and refusal["result"] == "refused"
    assert (refusal["old"], refusal["new"]) == ("legacy", "reads")
    assert refusal["file_version"] == body["last_rejected_version"]
    assert gw.metrics.registry.get_sample_value("gateway_config_reloads_total",
                                                {"result": "refused"}) == 1

    edit(path, "stage: reads", "stage: shadow")  # one step: accepted

    async def swapped() -> bool:
        return gw.holder.current.version != good

    await until(swapped)
    after = gw.holder.current.version
    assert after == load_config(path).version and gw.holder.last_error is None
    assert (await state(client, gw))["contexts"]["inventory"]["stage"] == "shadow"
    applied = records(path)[-1]
    assert applied["actor"] == "file" and applied["result"] == "applied"
    assert (applied["old"], applied["new"]) == ("legacy", "shadow")
    assert applied["config_version_before"] == good
    assert applied["config_version_after"] == after == applied["file_version"]
    assert applied["policy"] == "allow-all" and applied["source"] == str(path)
    assert len(records(path)) == 2


async def test_a_hand_edit_goes_through_the_policy(routes_file: Callable[..., Path],
                                                    start_gateway: Any,
                                                    client: aiohttp.ClientSession) -> None:
    path = routes_file("canary", canary={"percent": 0})
    gate = RefusingPolicy()
    gw = await start_gateway(path, policy=gate)
    edit(path, "stage: canary", "stage: reads")

    assert "refused by policy test-gate: lag 12s > 5s" in await rejected(gw)
    assert [(r.old, r.new, r.actor) for r in gate.seen] == [("canary", "reads", "file")]
    [rec] = records(path)
    assert rec["result"] == "refused" and rec["evidence"] == RefusingPolicy.evidence
    assert await read_side(client, gw.port) == "monolith"


async def test_a_context_added_by_hand_counts_from_legacy(
        routes_file: Callable[..., Path], start_gateway: Any) -> None:
    path = routes_file("legacy")
    gw = await start_gateway(path)
    text = path.read_text()
    # a second context, straight at `writes`: from nothing (legacy) that skips four stages
    added = text + ("  orders:\n    stage: writes\n    service: inventory\n"
                    "    routes: [\"GET /api/orders/{order_id}\"]\n")
    path.write_text(added)

    assert "contexts.orders.stage: legacy -> writes skips stages" in await rejected(gw)
    assert "orders" not in gw.holder.current.config.contexts


async def test_rollback_works_while_the_routes_file_is_broken(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    path = routes_file("writes")
    gw = await start_gateway(path)
    good = gw.holder.current.version
    broken = path.read_text().replace("default_upstream: monolith", "default_upstream: [")
    path.write_text(broken)  # a typo, mid-incident

    await rejected(gw)
    assert await write_side(client, gw.port) == "inventory"
    status, body = await stage_change(client, gw, "reads")  # one step back
    assert status == 200, body
    assert body["stage"] == "reads"
    assert await write_side(client, gw.port) == "monolith"  # applied at once
    # persisted: the last good config with the stage rolled back and a higher revision
    on_disk = load_config(path)
    assert on_disk.config.contexts["inventory"].stage == "reads"
    assert on_disk.config.revision == 1 and on_disk.version == gw.holder.current.version
    rec = records(path)[-1]
    assert rec["result"] == "applied" and rec["emergency"] is True
    assert rec["actor"] == "oncall" and (rec["old"], rec["new"]) == ("writes", "reads")
    assert rec["config_version_before"] == good
    assert "invalid YAML" in rec["file_problem"]
    # the broken edit is not lost
    assert Path(rec["rejected_file_saved_as"]).read_text() == broken
    assert Path(rec["rejected_file_saved_as"]).parent == path.parent / ".strangler"
    # and a forward change is still refused while a file is broken: only rollback is special
    path.write_text(broken)
    await rejected(gw)
    status, body = await stage_change(client, gw, "writes")
    assert status == 409 and "only a one-step rollback" in body["message"]
    assert records(path)[-1]["result"] == "refused"


async def test_rollback_works_after_a_refused_hand_edit(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    path = routes_file("reads")
    gw = await start_gateway(path)
    edit(path, "stage: reads", "stage: retired")  # refused: skips writes

    await rejected(gw)
    status, body = await stage_change(client, gw, "canary")
    assert status == 200, body
    assert load_config(path).config.contexts["inventory"].stage == "canary"
    assert records(path)[-1]["emergency"] is True


async def test_workers_follow_one_verdict_per_file_version(
        routes_file: Callable[..., Path], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    """Three workers watch the file: a hand edit is judged and audited once, an admin API change
    is not judged again as a hand edit, and a refused edit keeps every worker on the last good
    config; a rollback through the admin API over a refused file reaches all of them."""
    path = routes_file("canary", canary={"percent": 0})
    gw = await GatewayProcess(path, workers=3).start()
    conn = aiohttp.TCPConnector(force_close=True)  # fresh connections: spread over workers
    try:
        async with aiohttp.ClientSession(connector=conn) as s:

            async def everywhere(side: str, write: bool = False) -> bool:
                probe = write_side if write else read_side
                seen = {await probe(s, gw.port) for _ in range(24)}
                return seen == {side}

            edit(path, "stage: canary", "stage: reads")  # by hand, one step
            await until(lambda: everywhere("inventory"))
            assert [(r["actor"], r["result"]) for r in records(path)] == [("file", "applied")]

            status, body = await stage_change(s, gw, "writes")  # through the admin API
            assert status == 200, body
            await until(lambda: everywhere("inventory", write=True))
            assert [(r["actor"], r["result"]) for r in records(path)] == [
                ("file", "applied"), ("oncall", "applied")]

            edit(path, "stage: writes", "stage: canary")  # by hand, two steps back: refused
            wait = time.monotonic() + 5
            while len(records(path)) < 3:
                assert time.monotonic() < wait, "the refusal was not recorded"
                await asyncio.sleep(0.05)
            assert await everywhere("inventory", write=True)
            status, body = await stage_change(s, gw, "reads")  # the emergency rollback
            assert status == 200, body
            await until(lambda: everywhere("monolith", write=True))
            assert await everywhere("inventory")
        assert [(r["actor"], r["result"]) for r in records(path)] == [
            ("file", "applied"), ("oncall", "applied"), ("file", "refused"),
            ("oncall", "applied")]
    finally:
        assert await gw.stop() == 0


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                          *args], cwd=repo, capture_output=True, text=True, check=True,
                         timeout=30)
    return out.stdout


async def test_running_the_gateway_leaves_only_the_documented_change_in_the_checkout(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream, start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    """A checkout with the project's .gitignore: serving traffic, shadowing and the audit log
    leave `git status` clean; an admin stage change shows up as routes.yaml modified only."""
    repo = tmp_path / "checkout"
    repo.mkdir()
    shutil.copy(REPO / ".gitignore", repo / ".gitignore")
    doc = routes_doc(monolith.url, inventory.url, stage="legacy")
    doc["admin"] = {"policy": "allow-all"}  # default paths: audit log, mismatches in .strangler/
    write_routes(repo / "routes.yaml", doc)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "routes")
    gw = await start_gateway(repo / "routes.yaml")
    for stage in ("shadow", "legacy"):  # audited changes, shadowed traffic
        status, body = await stage_change(client, gw, stage)
        assert status == 200, body
        assert await read_side(client, gw.port) == "monolith"
    status, body = await stage_change(client, gw, "reads")  # refused (and audited)
    assert status == 409
    audit = repo / ".strangler" / "gateway-audit.jsonl"
    assert len(audit.read_text().splitlines()) == 3
    assert git(repo, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        " M routes.yaml"]  # stage: and revision: rewritten, as the docs say
    changed = [line for line in git(repo, "diff", "-U0", "routes.yaml").splitlines()
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["+revision: 2"]  # shadow and back: only the revision remains


async def test_a_restart_does_not_let_a_refused_edit_in(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    path = routes_file("legacy")
    first = await start_gateway(path)
    good = first.holder.current.version
    edit(path, "stage: legacy", "stage: writes")

    await rejected(first)
    await first.close()
    # a new process on the same file: the audit log says this version was refused
    again = await start_gateway(path)
    assert again.holder.current.version == good
    assert await write_side(client, again.port) == "monolith"
    body = await state(client, again)
    assert "legacy -> writes skips stages" in body["last_reload_error"]
    assert body["last_rejected_version"] == load_config(path).version
    await again.close()
    # without the copy of the last good config it cannot serve: it says why and stops
    (path.parent / ".strangler" / "routes.yaml.last-good").unlink()
    with pytest.raises(ConfigError, match="was refused: .*skips stages.*; fix the file or"):
        await start_gateway(path)


async def test_a_replacement_worker_serves_the_last_good_config_while_the_file_is_broken(
        routes_file: Callable[..., Path], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    path = routes_file("reads")
    gw = await GatewayProcess(path, workers=2).start()
    try:
        path.write_text(path.read_text().replace("default_upstream: monolith",
                                                 "default_upstream: ["))
        before = gw.worker_pids()
        os.kill(before[1], signal.SIGKILL)
        deadline = time.monotonic() + 20
        while gw.worker_pids()[1] == before[1]:
            assert gw.proc is not None and gw.proc.returncode is None, gw.stderr
            assert time.monotonic() < deadline, gw.stderr
            await asyncio.sleep(0.05)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as s:
            for _ in range(24):  # over both workers: the same config everywhere
                assert await read_side(s, gw.port) == "inventory"
                assert await write_side(s, gw.port) == "monolith"
        assert b"starting from the last good config" in gw.stderr
    finally:
        assert await gw.stop() == 0


async def test_an_admin_change_never_carries_an_unjudged_edit_in(
        routes_file: Callable[..., Path], start_gateway: Any) -> None:
    """The file changed between the admin API's reload and its write: the change is refused
    rather than rewritten on top of an edit nobody has checked."""
    path = routes_file("legacy")
    gw = await start_gateway(path, watch_interval=3600)
    other = path.read_text() + ("  orders:\n    stage: retired\n    service: inventory\n"
                                "    routes: [\"GET /api/orders/{order_id}\"]\n")
    path.write_text(other)  # not reloaded yet
    with pytest.raises(StageChangeRefused, match="changed concurrently"):
        await asyncio.to_thread(gw.holder.persist_stage, "inventory", Stage.LEGACY,
                                Stage.SHADOW, {}, gw.holder.audit)
    assert path.read_text() == other and records(path) == []
