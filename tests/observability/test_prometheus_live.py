"""The local stack's real Prometheus, against the session's live stack.

One walk-through, since each step needs the one before: the demo's applier, a gateway (shadow
and fallback traffic) and a verification pass are running and scraped through the file_sd
targets the stack writes; every metric an alert rule or a Grafana panel (deploy/grafana/)
names is then present in Prometheus' own series (`/api/v1/series`); the applier is killed and
`StranglerApplierDown` reaches `firing` in `/api/v1/alerts` (the session stack runs with
`STRANGLER_ALERT_FOR=2s`, see tests/conftest.py); a gateway stopped on purpose leaves the
targets. Traffic only to 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from strangler.demo import run_demo
from strangler.stack import process
from strangler.stack.monitoring import Scrape
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from tests.observability.test_alert_rules import BUILTIN, alerts, metric_names
from tests.observability.test_grafana_dashboard import PROMQL_EXTRA, queries
from tests.support import wait_for

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
ROUTES = ROOT / "routes.yaml"
APPLIER = "applier-inventory-forward"
GATEWAY = "gateway-prometheus-test"



class Prom:
    def __init__(self, url: str) -> None:
        self.url = url

    def get(self, path: str, **params: Any) -> Any:
        answer = requests.get(self.url + path, params=params, timeout=10)
        answer.raise_for_status()
        body = answer.json()
        assert body["status"] == "success", body
        return body["data"]

    def targets(self) -> dict[str, dict[str, Any]]:
        return {t["labels"]["app"]: t for t in self.get("/api/v1/targets",
                                                        state="active")["activeTargets"]}

    def series(self, name: str) -> list[dict[str, str]]:
        return list(self.get("/api/v1/series", **{"match[]": name}))

    def alerts(self, name: str) -> list[dict[str, Any]]:
        return [a for a in self.get("/api/v1/alerts")["alerts"]
                if a["labels"]["alertname"] == name]


class _Upstream(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        body = json.dumps({"served_by": self.server.name}).encode()  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def upstreams() -> Iterator[dict[str, str]]:
    """Two tiny upstreams that answer differently (so shadow comparisons mismatch), and the
    address of a third that nothing listens on (so the service fails and reads fall back)."""
    servers = []
    for name in ("monolith", "inventory-service"):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
        server.name = name  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield {"monolith": f"http://127.0.0.1:{servers[0].server_address[1]}",
               "inventory": f"http://127.0.0.1:{servers[1].server_address[1]}",
               "orders": f"http://127.0.0.1:{free_port()}"}
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def gateway(stack: LocalStack, upstreams: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """A gateway as a stack app scraped on its admin port: `inventory` in shadow, `orders` in
    reads with a dead service. Yields its data-plane URL."""
    timeouts = {"connect_timeout": 0.5, "read_timeout": 1.0, "total_timeout": 5.0}
    doc = {
        "version": 1,
        "upstreams": {name: {"url": url, **timeouts} for name, url in upstreams.items()},
        "default_upstream": "monolith",
        "admin": {"audit_log": str(tmp_path / "audit.jsonl")},
        "contexts": {
            "inventory": {"stage": "shadow", "service": "inventory", "legacy": "monolith",
                          "owns": ["/api/inventory"], "routes": ["GET /api/inventory/{id}"],
                          "shadow": {"sample_percent": 100}},
            "orders": {"stage": "reads", "service": "orders", "legacy": "monolith",
                       "owns": ["/api/orders"], "routes": ["GET /api/orders/{id}"]},
        },
    }
    config = tmp_path / "routes.yaml"
    config.write_text(yaml.safe_dump(doc))
    data, admin = free_port(), free_port()
    stack.start_app(
        GATEWAY,
        [sys.executable, "-m", "strangler.cli", "gateway", "run", "--config", str(config),
         "--listen", f"127.0.0.1:{data}", "--admin-listen", f"127.0.0.1:{admin}"],
        env={"STRANGLER_ADMIN_TOKEN": secrets.token_urlsafe(24)}, port=data,
        scrape=Scrape("gateway", admin))
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{admin}/healthz"), "the gateway")
        yield f"http://127.0.0.1:{data}"
    finally:
        stack.stop_app(GATEWAY)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRANGLER_")}
    return subprocess.run([sys.executable, "-m", "strangler.cli", *args], capture_output=True,
                          text=True, env=env, timeout=300)


@pytest.mark.usefixtures("demo_removed")
def test_prometheus_scrapes_the_stack_has_every_rule_metric_and_fires_applier_down(
        stack: LocalStack, gateway: str) -> None:
    prom = Prom(stack.prometheus_url)
    status = json.loads(_cli("stack", "status", "--json", "--state-dir",
                             str(stack.state_dir)).stdout)
    row = next(c for c in status["components"] if c["name"] == "prometheus")
    assert row["healthy"] and not row["skipped"], f"no Prometheus in the stack: {row['detail']}"
    assert stack.prometheus_url in row["detail"]  # `stack status` shows its URL

    # the demo's applier, a verification pass into the exporter's text-file folder, traffic
    lines: list[str] = []
    run_demo(ROUTES, state_dir=str(stack.state_dir), items=300, say=lines.append,
             stages=False)
    verify_file = stack.exporter.textfile_dir / "verify-inventory.prom"
    try:
        verified = _cli("verify", "--context", "inventory", "--config", str(ROUTES),
                        "--state-dir", str(stack.state_dir), "--metrics-file", str(verify_file))
        assert verified.returncode == 0, verified.stdout + verified.stderr
        for _ in range(20):
            for path in ("/api/inventory/1", "/api/orders/1"):
                with urllib.request.urlopen(gateway + path, timeout=10) as answer:
                    assert json.load(answer)["served_by"] == "monolith"

        # every target the stack wrote is scraped and up
        wanted = {"exporter", "prometheus", APPLIER, GATEWAY}
        targets = wait_for(lambda: (lambda t: t if wanted <= {a for a, x in t.items()
                                                              if x["health"] == "up"} else None)(
            prom.targets()), f"targets {sorted(wanted)} up")
        assert targets[APPLIER]["labels"]["job"] == "applier"
        assert targets[APPLIER]["labels"]["context"] == "inventory"
        assert targets[GATEWAY]["labels"]["job"] == "gateway"

        # every metric a rule or a Grafana panel names is in Prometheus' own series
        named = set().union(*(metric_names(rule["expr"]) for rule in alerts()),
                            *(metric_names(expr) for _, expr in queries())
                            ) - BUILTIN - PROMQL_EXTRA
        missing: set[str] = set(named)

        def all_present() -> bool:
            missing.difference_update({n for n in missing if prom.series(n)})
            return not missing

        try:
            wait_for(all_present, "every metric a rule or panel names", timeout=60)
        except AssertionError:
            raise AssertionError(f"never scraped: {sorted(missing)}") from None
        outcomes = {s["outcome"] for s in prom.series("gateway_shadow_requests_total")}
        assert "mismatch" in outcomes  # the two upstreams answer differently
        consistent = prom.get("/api/v1/query", query="strangler_verify_consistent")["result"]
        assert consistent and all(r["value"][1] == "1" for r in consistent)
    finally:
        verify_file.unlink(missing_ok=True)

    # the applier dies: up == 0, and the alert fires for real
    def applier_up() -> bool:
        result = prom.get("/api/v1/query", query=f'up{{app="{APPLIER}"}}')["result"]
        return [r["value"][1] for r in result] == ["1"]

    wait_for(applier_up, "Prometheus to see the applier up")
    tracked = process.read_tracked(stack.apps_dir / APPLIER / "pid")
    assert tracked is not None and tracked.alive()
    killed_at = time.monotonic()
    os.kill(tracked.pid, signal.SIGKILL)  # the stack (this test's demo) started it
    firing = wait_for(lambda: [a for a in prom.alerts("StranglerApplierDown")
                               if a["state"] == "firing"], "StranglerApplierDown firing")
    seconds = time.monotonic() - killed_at
    assert [a["labels"]["app"] for a in firing] == [APPLIER]
    assert firing[0]["labels"]["context"] == "inventory"
    print(f"StranglerApplierDown fired {seconds:.1f} s after the kill")

    # a gateway stopped on purpose leaves the targets (so it raises no alert)
    assert stack.stop_app(GATEWAY)
    wait_for(lambda: GATEWAY not in prom.targets(), "the stopped gateway to leave the targets")
