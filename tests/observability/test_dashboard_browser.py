"""The built-in dashboard in a real headless Chromium (Debian's `chromium`, driven by
Playwright for Python with the system executable; both installed by scripts/setup.sh), against
the demo's running system on the session stack: the inventory forward sync with its applier
(`run_demo(stages=False)`), and the sample monolith, inventory service and gateway
(`strangler.rig`).

One walk-through, since each step needs the one before: without the token the page shows the
inventory context at its stage and an advance is refused; with the token the lag chart fills
with points that move, the gates of the next step show verdicts with values and sample sizes
and link their evidence bundle, a paused context is refused, and an advance goes through the
gates and the page shows the new stage. Screenshots of each step are saved under pytest's
temporary folder (printed at the end). Traffic only to 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from playwright.sync_api import expect, sync_playwright

from strangler.demo import run_demo
from strangler.rig import Rig, start_rig, stop_rig
from strangler.stack.runner import LocalStack
from strangler.walk import demo_routes
from tests.support import wait_for

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
ROUTES = ROOT / "routes.yaml"
CHROMIUM = "/usr/bin/chromium"
MARKUP = '<img src=x onerror="document.title=1"><b>bold</b> investigating'



def chromium() -> str:
    """The system Chromium; missing means the setup step did not run (never a skip)."""
    found = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    assert found, ("Debian's chromium is not installed: run scripts/setup.sh (`make setup`), "
                   "which installs it with Playwright for Python")
    return found


@pytest.fixture
def rig(stack: LocalStack, demo_removed: None) -> Iterator[Rig]:
    """The demo's forward sync and applier, then monolith + inventory service + gateway."""
    lines: list[str] = []
    run_demo(ROUTES, state_dir=str(stack.state_dir), items=300, say=lines.append,
             stages=False)
    try:
        yield start_rig(stack, ROUTES, fresh=True, prepare=demo_routes)
    finally:
        stop_rig(stack)


def stage_of(rig: Rig) -> str:
    answer = requests.get(rig.admin_url + "/admin/contexts/inventory", timeout=10,
                          headers={"Authorization": f"Bearer {rig.token}"})
    answer.raise_for_status()
    return str(answer.json()["stage"])


def test_dashboard_in_chromium_shows_stages_live_lag_gates_and_advances_through_them(
        rig: Rig, tmp_path: Path) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    args = ["--no-sandbox"] if os.geteuid() == 0 else []  # Chromium's sandbox refuses root
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=args, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1200})
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            # the refusals this walk provokes (401, 409) are logged by the browser too
            page.on("console", lambda m: problems.append(m.text) if m.type == "error"
                    and not re.search(r"status of (401|404|409)", m.text) else None)
            _walk(page, rig, shots)
            assert problems == [], problems  # no script error, no CSP violation
        finally:
            browser.close()
    print(f"screenshots in {shots}: {sorted(p.name for p in shots.iterdir())}")


def _walk(page: Any, rig: Rig, shots: Path) -> None:
    stage = page.locator('[data-testid="stage-inventory"]')
    message = page.locator("#message")
    lag = page.locator("#lag-chart")

    # 1. no token: the context and its stage, read-only; an advance is refused by the gateway
    page.goto(rig.admin_url + "/dashboard")
    expect(stage).to_have_text("legacy")
    assert "Read-only" in page.locator("#mode").inner_text()
    assert lag.get_attribute("data-points") == "0"
    page.click('button[data-action="advance"][data-context="inventory"]')
    expect(message).to_contain_text("401")
    assert "missing or invalid bearer token" in message.inner_text()
    page.screenshot(path=str(shots / "1-no-token-refused.png"), full_page=True)
    assert stage_of(rig) == "legacy" and stage.inner_text() == "legacy"

    # 2. the token (kept in sessionStorage, never in the URL): the lag chart fills and moves
    page.fill("#token", rig.token)
    page.click("#token-use")
    expect(page.locator("#mode")).to_contain_text("accepted")
    assert rig.token not in page.url
    for _ in range(20):  # some traffic for the rate chart
        requests.get(rig.gateway_url + "/api/inventory/1", timeout=10)
    wait_for(lambda: int(lag.get_attribute("data-points") or 0) >= 2, "lag points")
    first_points = int(lag.get_attribute("data-points") or 0)
    first_t = float(lag.get_attribute("data-last-t") or 0)
    wait_for(lambda: float(lag.get_attribute("data-last-t") or 0) > first_t
             and int(lag.get_attribute("data-points") or 0) > first_points,
             "the lag chart to move")
    assert page.locator("#lag-chart circle.point").count() >= 3
    assert "inventory forward" in page.locator("#lag-legend").inner_text()
    page.screenshot(path=str(shots / "2-token-live-charts.png"), full_page=True)

    # 3. the gates of the next step, until they all pass (fences take a few seconds to
    #    gather), each with its verdict, value and sample size, and the evidence bundle
    def gates_pass() -> bool:
        page.click('button[data-action="gates"][data-context="inventory"]')
        expect(message).not_to_contain_text("measuring", timeout=120_000)
        page.wait_for_selector("#gates tr[data-gate]", timeout=5_000)
        return page.locator("#gates-summary").inner_text().startswith("all gates pass")

    wait_for(gates_pass, "the gates of legacy -> shadow to pass", timeout=180)
    rows = page.locator("#gates tbody tr")
    gates = {rows.nth(i).locator("td").nth(0).inner_text():
             [rows.nth(i).locator("td").nth(j).inner_text() for j in (1, 2, 4)]
             for i in range(rows.count())}
    assert set(gates) == {"service_health", "forward_connector", "forward_lag"}
    assert all(verdict == "pass" for verdict, _, _ in gates.values()), gates
    fences = yaml.safe_load(rig.routes.read_text())["contexts"]["inventory"]["gates"][
        "lag_consecutive_fences"]
    assert int(gates["forward_lag"][2]) >= fences and int(gates["service_health"][2]) >= 1
    page.click("#gates-summary a[data-evidence]")
    page.wait_for_selector("#evidence-section:not([hidden])")
    assert '"dry_run": true' in page.locator("#evidence").inner_text()
    page.screenshot(path=str(shots / "3-gates-pass.png"), full_page=True)

    # 4. paused: the gateway refuses the advance; resumed: it goes through the gates. The
    #    reason carries markup: the page shows it as text (the refusal quotes it)
    page.fill("#reason", MARKUP)
    page.click('button[data-action="pause"][data-context="inventory"]')
    page.wait_for_selector('button[data-action="resume"][data-context="inventory"]')
    page.click('button[data-action="advance"][data-context="inventory"]')
    expect(message).to_contain_text("paused", timeout=60_000)
    assert "409" in message.inner_text() and stage_of(rig) == "legacy"
    assert MARKUP in message.inner_text()
    expect(page.locator("#audit tbody tr").filter(has_text=MARKUP).first).to_be_visible()
    assert page.locator("main img, main script, main b").count() == 0  # text, never markup
    page.fill("#reason", "advance from the browser test")
    page.click('button[data-action="resume"][data-context="inventory"]')
    page.wait_for_selector('button[data-action="pause"][data-context="inventory"]')

    def advanced() -> bool:
        page.click('button[data-action="advance"][data-context="inventory"]')
        expect(message).not_to_contain_text("judging", timeout=120_000)
        return "the gates passed" in message.inner_text()

    wait_for(advanced, "the advance to pass the gates", timeout=180)
    expect(stage).to_have_text("shadow")
    assert stage_of(rig) == "shadow"
    # the audit trail shows the applied change with its evidence bundle
    applied = page.locator("#audit tbody tr").filter(has_text="legacy → shadow").filter(
        has_text="applied")
    expect(applied.locator("a[data-evidence]").first).to_be_visible()
    page.screenshot(path=str(shots / "4-advanced-to-shadow.png"), full_page=True)
    # the token travelled only in the Authorization header: not in a URL, not in the log
    log = (rig.local.apps_dir / rig.app_name("gateway") / "log").read_text()
    assert rig.token not in log and rig.token not in page.url
