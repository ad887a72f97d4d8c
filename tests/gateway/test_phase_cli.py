"""`strangler phase advance | rollback | pause | resume` against a real gateway: the gates are
judged before anything changes, force is explicit, a paused context does not advance but can
roll back, and every attempt leaves an evidence bundle."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.gateway.support import TOKEN, EchoUpstream, routes_doc, write_routes

ROOT = Path(__file__).resolve().parents[2]


def phase(routes: Path, gw: Any, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STRANGLER_ADMIN_TOKEN": TOKEN,
           "STRANGLER_ADMIN_URL": f"http://127.0.0.1:{gw.admin_port}"}
    return subprocess.run([sys.executable, "-m", "strangler.cli", "phase", *args,
                           "--config", str(routes)], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120, check=False)


async def run(routes: Path, gw: Any, *args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(phase, routes, gw, *args)


async def test_advance_pause_rollback_resume(tmp_path: Path, monolith: EchoUpstream,
                                            inventory: EchoUpstream,
                                            start_gateway: Any) -> None:
    routes = write_routes(tmp_path / "routes.yaml",
                          routes_doc(monolith.url, inventory.url, stage="legacy"))
    gw = await start_gateway(routes)

    dry = await run(routes, gw, "advance", "inventory", "--dry-run", "--json")
    assert dry.returncode == 1, dry.stderr  # no sync configured: the lag gate is inconclusive
    judged = json.loads(dry.stdout)
    assert (judged["from"], judged["to"], judged["allowed"]) == ("legacy", "shadow", False)
    verdicts = {g["gate"]: g["verdict"] for g in judged["gates"]}
    assert verdicts["service_health"] == "pass"
    assert verdicts["forward_lag"] == "inconclusive"
    assert (tmp_path / ".strangler" / "evidence" / f"{judged['evidence']}.json").is_file()

    refused = await run(routes, gw, "advance", "inventory")
    assert refused.returncode == 1 and "forward_lag inconclusive" in refused.stderr
    assert "stage: legacy" in routes.read_text()
    assert (await run(routes, gw, "advance", "inventory", "--force")).returncode == 2  # no reason

    forced = await run(routes, gw, "advance", "inventory", "--force", "--reason", "rehearsal")
    assert forced.returncode == 0, forced.stderr
    assert "inventory: now at shadow" in forced.stdout
    assert "stage: shadow" in routes.read_text()

    paused = await run(routes, gw, "pause", "inventory", "--reason", "incident 42")
    assert paused.returncode == 0, paused.stderr
    status = await run(routes, gw, "status", "--json")
    entry = json.loads(status.stdout)["contexts"][0]
    assert entry["paused"]["reason"] == "incident 42"
    blocked = await run(routes, gw, "advance", "inventory", "--force", "--reason", "try")
    assert blocked.returncode == 1 and "inventory is paused" in blocked.stderr
    assert "stage: shadow" in routes.read_text()

    back = await run(routes, gw, "rollback", "inventory", "--reason", "roll back while paused")
    assert back.returncode == 0, back.stderr  # legacy_health passes: the monolith answers
    assert "stage: legacy" in routes.read_text()

    resumed = await run(routes, gw, "resume", "inventory")
    assert resumed.returncode == 0 and "no switch to finish" in resumed.stdout, resumed.stderr
    assert json.loads((await run(routes, gw, "status", "--json")).stdout)[
        "contexts"][0]["paused"] is None


async def test_a_bad_token_and_an_unknown_context_are_usage_errors(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream,
        start_gateway: Any) -> None:
    routes = write_routes(tmp_path / "routes.yaml",
                          routes_doc(monolith.url, inventory.url, stage="legacy"))
    gw = await start_gateway(routes)
    unknown = await run(routes, gw, "advance", "nosuch", "--dry-run")
    assert unknown.returncode == 2 and "nosuch" in unknown.stderr, unknown.stderr
    env_token = os.environ.get("STRANGLER_ADMIN_TOKEN")
    bad = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "strangler.cli", "phase", "advance",
                         "inventory", "--config", str(routes)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**os.environ, "STRANGLER_ADMIN_TOKEN": "wrong-token-0123456789",
             "STRANGLER_ADMIN_URL": f"http://127.0.0.1:{gw.admin_port}"})
    assert bad.returncode == 2 and "refused the admin token" in bad.stderr, bad.stderr
    assert "wrong-token" not in bad.stderr
    assert env_token == os.environ.get("STRANGLER_ADMIN_TOKEN")
