"""Evidence bundles are whole, loadable by id only, and hold what the gates judged; the
gateway's own metrics text is read into the comparison inputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gateway.config import GateThresholds
from gateway.metrics import GatewayMetrics
from gateway.stages import Stage
from phase import evidence
from phase.errors import EvidenceNotFound, EvidenceUnreadable
from phase.gates import LagReading, Measurements, VerificationReading, evaluate
from phase.measure import traffic_from_metrics
from phase.plan import plan


def _bundle(tmp: Path) -> dict[str, object]:
    m = Measurements(context="inventory",
                     forward_lag=LagReading("forward", "healthy", "ok",
                                            ((10, 0.1), (20, 0.2), (30, 0.1))),
                     verification=VerificationReading("consistent", 0, 2, 5.0, 1,
                                                      {"public.items": 25}),
                     missing={"service_health": "ConnectionError"})
    t = GateThresholds()
    results = evaluate(Stage.READS, Stage.WRITES, m, t)
    return evidence.bundle(
        evidence_id=evidence.new_id("inventory"), context="inventory", old=Stage.READS,
        new=Stage.WRITES, actor="alice", reason="r", force=False, allowed=False,
        results=results, measurements=m, thresholds=t, config_version="3-abc",
        config_text="{}")


def test_a_bundle_round_trips_and_holds_inputs_verdicts_fences_and_plan(tmp_path: Path
                                                                        ) -> None:
    data = _bundle(tmp_path)
    path = evidence.write(tmp_path, data)
    assert path.name == f"{data['id']}.json"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    loaded = evidence.load(tmp_path, str(data["id"]))
    assert loaded == json.loads(json.dumps(data, default=str))
    assert loaded["decision"] == "refused"
    assert loaded["fences"]["forward"]["last_applied_lsn"] == 30
    assert loaded["fences"]["verification"] == {"public.items": 25}
    assert loaded["verification"]["verdict"] == "consistent"
    assert loaded["inputs"]["missing"] == {"service_health": "ConnectionError"}
    assert loaded["thresholds"]["max_lag_seconds"] == 5.0
    assert loaded["plan"] == list(plan("inventory", Stage.READS, Stage.WRITES))
    assert {g["gate"] for g in loaded["gates"]} >= {"service_health", "verification"}
    assert len(loaded["config"]["sha256"]) == 64
    assert evidence.latest(tmp_path, "inventory") == [data["id"]]
    assert evidence.latest(tmp_path, "orders") == []


@pytest.mark.parametrize("bad", ["../../etc/passwd", "x", "20261129T140000Z-inventory-zz",
                                 "20261129T140000Z-Inventory-1a2b3c4d"])
def test_only_well_formed_ids_are_loaded(tmp_path: Path, bad: str) -> None:
    with pytest.raises(EvidenceNotFound):
        evidence.load(tmp_path, bad)


def test_unknown_and_broken_bundles_say_so(tmp_path: Path) -> None:
    with pytest.raises(EvidenceNotFound, match="no evidence bundle"):
        evidence.load(tmp_path, "20261129T140000Z-inventory-1a2b3c4d")
    (tmp_path / "20261129T140000Z-inventory-1a2b3c4d.json").write_text("{}")
    with pytest.raises(EvidenceUnreadable, match="is not a"):
        evidence.load(tmp_path, "20261129T140000Z-inventory-1a2b3c4d")


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(evidence.os, "replace", full_disk)  # a fault at the boundary
    with pytest.raises(OSError):
        evidence.write(tmp_path, _bundle(tmp_path))
    assert os.listdir(tmp_path) == []


def test_plans_name_the_sync_directions_each_stage_runs() -> None:
    assert "start reverse sync" not in plan("c", Stage.LEGACY, Stage.SHADOW)
    assert plan("c", Stage.WRITES, Stage.RETIRED)[-1] == "stop reverse sync"
    assert plan("c", Stage.RETIRED, Stage.WRITES)[-1] == "start reverse sync"
    back = plan("c", Stage.WRITES, Stage.READS)
    assert back[-3] == ("switch the monolith's ports (write_switch.ports) back to the "
                        "monolith's own tables")
    assert back[-1] == "stop reverse sync (into the new writer)"
    cut = plan("c", Stage.READS, Stage.WRITES)
    assert cut[3] == ("switch the monolith's ports (write_switch.ports) to the inventory API "
                      "(through the gateway), draining local orders")


def test_the_gateways_metrics_become_the_comparison_inputs() -> None:
    """Real GatewayMetrics, rendered as the gateway's /metrics serves them."""
    metrics = GatewayMetrics()
    route = "GET /api/inventory/{item_id}"
    for _ in range(90):
        metrics.request_done("inventory", "canary", route, "inventory", "2xx")
        metrics.observe_latency("inventory", "canary", "inventory", 0.004)
    for _ in range(5):
        metrics.request_done("inventory", "canary", route, "inventory", "5xx")
    for _ in range(3):  # service failures hidden by a fallback (answered by the monolith)
        metrics.fallbacks.labels("inventory", "canary", route, "status_5xx").inc()
        metrics.request_done("inventory", "canary", route, "monolith", "2xx")
    for _ in range(200):
        metrics.request_done("inventory", "canary", route, "monolith", "2xx")
        metrics.observe_latency("inventory", "canary", "monolith", 0.02)
    metrics.request_done("inventory", "canary", "POST /api/inventory/adjust", "monolith", "5xx")
    metrics.request_done("inventory", "shadow", route, "inventory", "5xx")  # another window
    metrics.shadow.labels("inventory", route, "match").inc(7)
    metrics.shadow.labels("inventory", route, "mismatch").inc(1)
    text = metrics.render().decode()
    traffic, fallbacks, latency, shadow = traffic_from_metrics(
        text, "inventory", "canary", "inventory", "monolith")
    assert (traffic.service_requests, traffic.service_errors) == (98, 8)
    assert (traffic.legacy_requests, traffic.legacy_errors) == (200, 0)  # same route only
    assert traffic.routes == (route,)
    assert (fallbacks.fallbacks, fallbacks.attempts) == (3, 98)
    assert latency.service[-1] == (float("inf"), 90)
    assert dict(latency.legacy)[0.025] == 200 and dict(latency.legacy)[0.01] == 0
    assert (shadow.match, shadow.mismatch) == (7, 1)
