"""The dashboard's HTTP side (gateway/dashboard.py, phase/console.py) against a real in-process
gateway with real upstreams: the open page and its headers, what a visitor without the token
gets, the gate preview and its dry-run evidence, evidence by id, pause/resume through the
gates, the live series; and the pure rate arithmetic. The page itself runs in a real browser
in tests/observability/test_dashboard_browser.py."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.dashboard import CSP, Totals, rates, totals
from tests.gateway.support import TOKEN, EchoUpstream, routes_doc, write_routes

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ADMIN_CALLS = (("GET", "/admin/dashboard/series"), ("GET", "/admin/contexts/inventory/gates"),
               ("GET", "/admin/evidence/20261129T140000Z-inventory-1a2b3c4d"),
               ("POST", "/admin/contexts/inventory/pause"),
               ("POST", "/admin/contexts/inventory/resume"))


def admin(gw: Any) -> str:
    return f"http://127.0.0.1:{gw.admin_port}"


@pytest.fixture
def gated_routes(tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream
                 ) -> Callable[..., Path]:
    """Routes whose stage changes pass the phase controller's gates (`admin.policy: gates`)."""
    def make(stage: str = "legacy") -> Path:
        doc = routes_doc(monolith.url, inventory.url, stage=stage)
        doc["admin"] = {"audit_log": "audit.jsonl", "policy": "gates",
                        "evidence_dir": "evidence"}
        return write_routes(tmp_path / "routes.yaml", doc)
    return make


async def test_page_and_assets_are_open_with_a_strict_csp_and_no_inline_code(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file())
    async with client.get(admin(gw) + "/dashboard") as r:
        assert r.status == 200
        html = await r.text()
        assert r.headers["Content-Security-Policy"] == CSP
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    # no inline script, style or event handler the CSP would have to allow
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert re.findall(r"\son[a-z]+\s*=", html) == [] and "style=" not in html
    # every asset is local: nothing fetched from the network at run time
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/dashboard/static/") for a in assets), assets
    for asset in assets:
        async with client.get(admin(gw) + asset) as r:
            assert r.status == 200, asset
            assert r.headers["X-Content-Type-Options"] == "nosniff"
            body = await r.text()
        assert "innerHTML" not in body and "http://" not in body.replace(
            "http://www.w3.org/2000/svg", "")
    for bad in ("/dashboard/static/..%2Fadmin.py", "/dashboard/static/dashboard.html",
                "/dashboard/static/nope.js"):
        async with client.get(admin(gw) + bad) as r:
            assert r.status == 404, bad


async def test_without_the_token_only_the_stages_are_shown(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file(stage="shadow"))
    async with client.get(admin(gw) + "/dashboard/stages") as r:
        assert await r.json() == {
            "ladder": ["legacy", "shadow", "canary", "reads", "writes", "retired"],
            "contexts": [{"context": "inventory", "stage": "shadow",
                          "allowed_next": ["legacy", "canary"]}]}
    for method, path in ADMIN_CALLS:
        async with client.request(method, admin(gw) + path,
                                  json={"actor": "a", "reason": "r"}) as r:
            assert r.status == 401, path
    assert not (gw.holder.path.parent / ".strangler" / "phase").exists()


async def test_gate_preview_judges_the_next_step_and_writes_a_dry_run_bundle(
        gated_routes: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(gated_routes())
    async with client.get(admin(gw) + "/admin/contexts/inventory/gates", headers=AUTH) as r:
        assert r.status == 200
        body = await r.json()
    assert (body["from"], body["to"], body["policy"]) == ("legacy", "shadow", "gates")
    verdicts = {g["gate"]: (g["verdict"], g["samples"]) for g in body["gates"]}
    # the service answers its health probes; no sync is configured, so the CDC gates lack data
    assert verdicts == {"service_health": ("pass", 3), "forward_connector": ("inconclusive", 0),
                        "forward_lag": ("inconclusive", 0)}
    assert body["allowed"] is False
    bundle_file = gw.holder.path.parent / "evidence" / f"{body['evidence_id']}.json"
    assert json.loads(bundle_file.read_text())["dry_run"] is True
    async with client.get(admin(gw) + f"/admin/evidence/{body['evidence_id']}",
                          headers=AUTH) as r:
        bundle = await r.json()
    assert bundle["id"] == body["evidence_id"] and bundle["decision"] == "refused"
    # a preview changes nothing
    assert gw.holder.current.config.contexts["inventory"].stage == "legacy"

    async with client.get(admin(gw) + "/admin/contexts/inventory/gates?to=legacy",
                          headers=AUTH) as r:
        assert r.status == 400  # legacy -> legacy is no step
    for path, status in (("/admin/contexts/inventory/gates?to=nope", 400),
                         ("/admin/contexts/inventory/gates?to=reads", 400),
                         ("/admin/contexts/nope/gates", 404),
                         ("/admin/evidence/..%2F..%2Froutes", 404),
                         ("/admin/evidence/20261129T140000Z-inventory-00000000", 404)):
        async with client.get(admin(gw) + path, headers=AUTH) as r:
            assert r.status == status, path
            assert "message" in await r.json()


async def test_a_paused_context_does_not_advance_but_rolls_back(
        gated_routes: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(gated_routes(stage="shadow"))
    who = {"actor": "alice", "reason": "investigating diffs"}
    async with client.post(admin(gw) + "/admin/contexts/inventory/pause", json=who,
                           headers=AUTH) as r:
        assert r.status == 200
        assert (await r.json())["paused"]["actor"] == "alice"
    pause_file = gw.holder.path.parent / ".strangler" / "phase" / "inventory.paused"
    assert json.loads(pause_file.read_text())["reason"] == "investigating diffs"

    async def stage(new: str) -> tuple[int, dict[str, Any]]:
        async with client.post(admin(gw) + "/admin/contexts/inventory/stage", headers=AUTH,
                               json={"stage": new, **who}) as r:
            return r.status, await r.json()

    status, body = await stage("canary")
    assert status == 409 and "inventory is paused by alice" in body["message"]
    status, body = await stage("legacy")  # a rollback is judged by its gates, not the pause
    assert status == 200, body
    async with client.post(admin(gw) + "/admin/contexts/inventory/resume", json=who,
                           headers=AUTH) as r:
        assert (await r.json())["was_paused"] is True
    assert not pause_file.exists()
    status, body = await stage("shadow")
    assert status == 409 and "paused" not in body["message"]  # now only the gates refuse
    actions = [json.loads(line)["action"] for line in
               (gw.holder.path.parent / "audit.jsonl").read_text().splitlines()]
    assert actions == ["pause", "stage_change", "stage_change", "resume", "stage_change"]


async def test_series_samples_the_gateways_own_rates(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file(stage="reads"))
    gw.admin.dashboard.recorder.interval = 0.1

    async def samples() -> list[dict[str, Any]]:
        async with client.get(admin(gw) + "/admin/dashboard/series", headers=AUTH) as r:
            assert r.status == 200
            return list((await r.json())["samples"])

    assert await samples() == []  # the first read starts the sampling
    for _ in range(200):
        for _ in range(5):
            async with client.get(f"http://127.0.0.1:{gw.port}/api/inventory/1") as r:
                assert r.status == 200
        got = [s["rates"].get("inventory") for s in await samples()]
        busy = [r for r in got if r and r["requests_per_second"]]
        if busy:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("no sample saw the requests")
    assert busy[-1]["error_rate"] == 0.0 and busy[-1]["fallback_rate"] == 0.0
    assert busy[-1]["diff_rate"] is None  # no shadow comparisons in reads


TEXT = """\
# TYPE gateway_requests_total counter
gateway_requests_total{context="inv",stage="reads",route="r",upstream="svc",status="2xx"} 90
gateway_requests_total{context="inv",stage="reads",route="r",upstream="svc",status="5xx"} 10
gateway_requests_total{context="gateway",stage="",route="",upstream="gateway",status="4xx"} 3
# TYPE gateway_fallbacks_total counter
gateway_fallbacks_total{context="inv",stage="reads",route="r",reason="5xx"} 4
# TYPE gateway_shadow_requests_total counter
gateway_shadow_requests_total{context="inv",route="r",outcome="match"} 99
gateway_shadow_requests_total{context="inv",route="r",outcome="mismatch"} 1
gateway_shadow_requests_total{context="inv",route="r",outcome="sent"} 100
"""


def test_totals_read_the_counters_per_context() -> None:
    got = totals(TEXT)
    assert got["inv"] == Totals(requests=100, errors=10, fallbacks=4, matches=99, mismatches=1)


@pytest.mark.parametrize(("before", "after", "seconds", "expected"), [
    ({}, {"c": Totals(10, 1, 2, 3, 1)}, 2.0,
     {"requests_per_second": 5.0, "error_rate": 0.1, "fallback_rate": 0.2, "diff_rate": 0.25}),
    ({"c": Totals(10, 1, 2, 3, 1)}, {"c": Totals(10, 1, 2, 3, 1)}, 2.0,
     {"requests_per_second": 0.0, "error_rate": None, "fallback_rate": None,
      "diff_rate": None}),
    # a restarted gateway's counters start again from zero
    ({"c": Totals(500, 50, 0, 0, 0)}, {"c": Totals(4, 1, 0, 0, 0)}, 1.0,
     {"requests_per_second": 4.0, "error_rate": 0.25, "fallback_rate": 0.0,
      "diff_rate": None}),
])
def test_rates_between_two_readings(before: dict[str, Totals], after: dict[str, Totals],
                                    seconds: float, expected: dict[str, Any]) -> None:
    assert rates(before, after, seconds) == {"c": expected}


def test_console_lag_reports_a_direction_it_cannot_read_without_its_password(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sync direction whose databases do not answer is a row with state `unavailable` and a
    redacted reason, never an exception and never a zero lag."""
    from gateway.config import load_config
    from phase.console import PhaseConsole

    secret = "s3cret-Passw0rd-xyz"
    for db in ("MONOLITH", "INVENTORY"):  # a closed port: nothing listens on 1
        monkeypatch.setenv(f"STRANGLER_{db}_DSN",
                           f"postgresql://strangler:{secret}@127.0.0.1:1/{db.lower()}")
    routes = Path(__file__).resolve().parents[2] / "routes.yaml"
    config = load_config(routes).config
    console = PhaseConsole(routes, tmp_path / "evidence", lambda: None)
    rows = console.lag(config)
    assert [(r["context"], r["direction"]) for r in rows] == [("inventory", "forward"),
                                                              ("inventory", "reverse")]
    for row in rows:
        assert row["state"] == "unavailable" and row["e2e_lag_seconds"] is None
        assert "monolith" in row["reason"] or "inventory" in row["reason"]
        assert secret not in row["reason"]


async def test_recorder_samples_only_while_read_and_keeps_a_bounded_history() -> None:
    from gateway.dashboard import Recorder

    text = iter(f'gateway_requests_total{{context="c",status="2xx"}} {n * 10}\n'
                for n in range(10_000))
    lag_calls = 0

    def lag() -> list[dict[str, Any]]:
        nonlocal lag_calls
        lag_calls += 1
        return [{"context": "c", "direction": "forward", "e2e_lag_seconds": 0.1}]

    recorder = Recorder(lambda: next(text), lag, interval=0.01, history=5, idle_after=0.3)
    try:
        assert recorder.read() == []
        for _ in range(300):
            if len(recorder.samples) == 5 and lag_calls > 5:
                break
            await asyncio.sleep(0.01)
        samples = recorder.read()
        assert len(samples) == 5  # the oldest fell out
        assert samples[-1]["rates"]["c"]["requests_per_second"] > 0
        assert samples[-1]["lag"][0]["e2e_lag_seconds"] == 0.1
        task = recorder._task
        assert task is not None
        await asyncio.wait_for(task, timeout=5)  # nobody reads: it stops by itself
        assert task.done() and not task.cancelled()
        assert len(recorder.samples) == 5  # what it took stays readable
    finally:
        await recorder.close()
