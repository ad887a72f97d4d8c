"""`strangler phase status` and `strangler phase evidence` as a shell sees them."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from gateway.config import GateThresholds
from gateway.stages import Stage
from phase import evidence
from phase.gates import Measurements, evaluate
from strangler.cli import main
from strangler.stack.process import free_port


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.send_response(200 if self.path == "/healthz" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def service() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def routes(tmp_path: Path, service_url: str, stage: str = "legacy") -> Path:
    doc = {"upstreams": {"monolith": {"url": service_url}, "inventory": {"url": service_url}},
           "default_upstream": "monolith",
           "contexts": {"inventory": {"stage": stage, "service": "inventory",
                                      "routes": ["GET /api/inventory"]}}}
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def status(path: Path, capsys: pytest.CaptureFixture[str], *args: str
           ) -> tuple[int, dict[str, Any]]:
    code = main(["phase", "status", "--config", str(path), "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_status_shows_each_next_step_gate_and_exits_1_until_all_pass(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    code, report = status(routes(tmp_path, down), capsys)
    assert code == 1
    (ctx,) = report["contexts"]
    assert (ctx["stage"], ctx["next"], ctx["ready"]) == ("legacy", "shadow", False)
    gates = {g["gate"]: g for g in ctx["gates"]}
    assert set(gates) == {"service_health", "forward_connector", "forward_lag"}
    health = gates["service_health"]
    assert (health["verdict"], health["value"], health["samples"]) == ("fail", "0/3 ok", 3)
    assert gates["forward_lag"]["verdict"] == "inconclusive"
    assert "sync is not configured" in gates["forward_lag"]["detail"]


def test_status_passes_the_health_gate_of_a_running_service(
        tmp_path: Path, service: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = status(routes(tmp_path, service, stage="reads"), capsys)
    assert code == 1  # the sync gates have no data: inconclusive blocks
    gates = {g["gate"]: g for g in report["contexts"][0]["gates"]}
    assert report["contexts"][0]["next"] == "writes"
    assert gates["service_health"]["verdict"] == "pass"
    assert gates["fallback_rate"]["verdict"] == "inconclusive"  # no --admin-url


def test_status_text_and_the_last_stage(tmp_path: Path, service: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["phase", "status", "--config", str(routes(tmp_path, service))]) == 1
    out = capsys.readouterr().out
    assert "inventory: legacy -> shadow: not ready" in out
    assert "pass         service_health" in out
    assert main(["phase", "status", "--config",
                 str(routes(tmp_path, service, stage="retired"))]) == 0
    assert "the last stage" in capsys.readouterr().out


def test_status_usage_and_config_errors_exit_2(tmp_path: Path, service: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = routes(tmp_path, service)
    assert main(["phase", "status", "--config", str(path), "--context", "orders"]) == 2
    assert "unknown context 'orders'" in capsys.readouterr().err
    path.write_text(path.read_text().replace("stage: legacy", "stage: sideways"))
    assert main(["phase", "status", "--config", str(path)]) == 2
    assert "contexts.inventory.stage" in capsys.readouterr().err


def test_evidence_prints_a_bundle_and_names_a_missing_one(
        tmp_path: Path, service: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = routes(tmp_path, service)
    m = Measurements(context="inventory")
    data = evidence.bundle(
        evidence_id=evidence.new_id("inventory"), context="inventory", old=Stage.LEGACY,
        new=Stage.SHADOW, actor="a", reason="r", force=False, allowed=False,
        results=evaluate(Stage.LEGACY, Stage.SHADOW, m, GateThresholds()), measurements=m,
        thresholds=GateThresholds(), config_version="1-x", config_text="")
    evidence.write(tmp_path / ".strangler" / "evidence", data)
    assert main(["phase", "evidence", str(data["id"]), "--config", str(path)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["id"] == data["id"] and shown["decision"] == "refused"
    missing = "20261129T140000Z-inventory-00000000"
    assert main(["phase", "evidence", missing, "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no evidence bundle") and missing in err
