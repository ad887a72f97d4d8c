"""The migration demo (`make demo`'s main job) on the session's real stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import psycopg
import pytest

from strangler.demo import run_demo
from strangler.stack.runner import LocalStack

pytestmark = pytest.mark.stack

ROUTES = Path(__file__).resolve().parents[1] / "routes.yaml"
CONTEXT = "inventory"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("STRANGLER_") or k == "STRANGLER_KEEP_TEST_STATE"}
    return subprocess.run([sys.executable, "-m", "strangler.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.mark.usefixtures("demo_removed")
def test_demo_syncs_the_inventory_context_and_reports_healthy_lag(stack: LocalStack) -> None:
    lines: list[str] = []
    report, _ = run_demo(ROUTES, state_dir=str(stack.state_dir), items=1500, say=lines.append,
                         stages=False)
    assert report.state == "healthy", lines
    assert report.e2e_lag_ms is not None
    assert any("smoke run passed" in line for line in lines)
    assert f"Prometheus: {stack.prometheus_url} " in "\n".join(lines)
    with psycopg.connect(stack.service_dsn("inventory")) as service, \
            psycopg.connect(stack.monolith_dsn) as monolith:
        assert service.execute("select count(*) from stock_items").fetchone() == (1500,)
        source = monolith.execute(
            "select id, sku, name, qty_on_hand, qty_reserved, price, description, updated_at "
            "from inventory_items order by id").fetchall()
        target = service.execute(
            "select item_id, sku_code, title, on_hand, reserved, unit_price, details, changed_at "
            "from stock_items order by item_id").fetchall()
    assert source == target  # every column, TOASTed descriptions included

    lag = cli("cdc", "lag", "--json", "--config", str(ROUTES), "--state-dir",
              str(stack.state_dir))
    assert lag.returncode == 0, lag.stderr
    forward = json.loads(lag.stdout)[0]
    assert forward["direction"] == "forward" and forward["state"] == "healthy"
    assert isinstance(forward["e2e_lag_ms"], float)

    status = cli("stack", "status", "--json", "--state-dir", str(stack.state_dir))
    assert status.returncode == 0, status.stdout
    apps = json.loads(status.stdout)["apps"]
    assert [a["name"] for a in apps] == ["applier-inventory-forward"] and apps[0]["healthy"]
    port = apps[0]["port"]
    assert isinstance(port, int) and port > 0
    metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read()
    applied = [line for line in metrics.decode().splitlines()
               if line.startswith("strangler_cdc_events_applied_total{")]
    assert applied, "the demo's applier exports no applied-events counter"
    assert sum(float(line.rsplit(" ", 1)[1]) for line in applied) >= 4  # the demo's changes
    table = cli("stack", "status", "--state-dir", str(stack.state_dir))
    heading = next(line for line in table.stdout.splitlines() if line.startswith("app "))
    assert heading.split()[:3] == ["app", "pid", "port"]
    row = next(line for line in table.stdout.splitlines()
               if line.startswith("applier-inventory-forward"))
    assert str(port) in row.split() and "healthy" in row.split()

    again, _ = run_demo(ROUTES, state_dir=str(stack.state_dir), items=1500, say=lines.append,
                        stages=False)
    assert again.state == "healthy"  # re-running the demo is safe
    assert stack.stop_app("applier-inventory-forward")


@pytest.mark.usefixtures("demo_removed")
def test_the_walk_takes_inventory_to_retired_through_the_gates_and_a_break_is_refused(
        stack: LocalStack) -> None:
    """`make demo`'s walk, shortened: under load, through every gate, with --break."""
    lines: list[str] = []
    report, walked = run_demo(ROUTES, state_dir=str(stack.state_dir), items=400,
                              say=lines.append, break_row=True, rps=30)
    text = "\n".join(lines)
    assert report.state == "healthy", text
    assert walked is not None
    assert [f.stage for f in walked.stages] == [
        "legacy", "shadow", "canary 10%", "canary 50%", "reads", "writes", "retired"]
    # the broken row was named by the consistency gate, then repaired through the pipeline
    assert walked.broke is not None and walked.broke.startswith("stock_items item_id=")
    key = walked.broke.split("=", 1)[1]
    assert any("refused, as it should be" in line and "verification fail" in line
               and key in line for line in lines), text
    assert "after the repair: exit 0" in text
    # every gate of every step was shown with its value and samples; none passed inconclusive
    steps = {(g["from"], g["to"]) for g in walked.gates}
    assert {("legacy", "shadow"), ("shadow", "canary"), ("canary", "reads"),
            ("reads", "writes"), ("writes", "retired")} <= steps
    # the write cut-over held writes for a measured time; the load saw no error at all
    assert walked.hold_seconds is not None and 0 < walked.hold_seconds < 10
    assert sum(f.errors for f in walked.stages) == 0, text
    assert sum(f.requests for f in walked.stages) > 500
    assert "write cut-over: writes held" in text
    # without --keep the walk's apps are gone and the forward sync runs again, caught up
    running = {app.name for app in stack.app_status() if app.pid}
    assert not any(name.startswith("demo-") for name in running), running
    assert "applier-inventory-forward" in running
    assert "applier-inventory-reverse" not in running
    assert not (stack.state_dir / "demo" / "routes.yaml").exists()
    assert "back to the start: inventory synced from the monolith again" in text
