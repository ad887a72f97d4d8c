"""The gates against the real stack: Connect's REST API for the connector, real fences for the
lag, a real verification pass — and each gate refuses on its own failing measurement."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import yaml

from cdc.connect import ConnectClient
from gateway.config import load_config
from gateway.stages import Stage
from phase.gates import Measurements, Verdict, evaluate
from phase.measure import Sources, collect
from strangler.stack.runner import LocalStack
from tests.cdc.pipeline import Pipeline, pipelines

pytestmark = pytest.mark.stack


@pytest.fixture
def pipeline(stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pipeline]:
    for name, value in (("STRANGLER_MONOLITH_DSN", stack.monolith_dsn),
                        ("STRANGLER_INVENTORY_DSN", stack.service_dsn("inventory")),
                        ("STRANGLER_BOOTSTRAP_SERVERS", stack.bootstrap_servers),
                        ("STRANGLER_CONNECT_URL", stack.connect_url)):
        monkeypatch.setenv(name, value)
    yield from pipelines(stack, seed_rows=20)


def routes(tmp_path: Path, pipeline: Pipeline) -> Path:
    context = pipeline.direction.context
    doc = {
        "upstreams": {"monolith": {"url": "http://127.0.0.1:9"},
                      "inventory": {"url": "http://127.0.0.1:9"}},
        "default_upstream": "monolith",
        "contexts": {context: {
            "stage": "legacy", "service": "inventory", "routes": [f"GET /api/{context}"],
            # the gates' reading of the pipeline is under test here, not its speed on a
            # loaded machine
            "gates": {"lag_consecutive_fences": 2, "max_lag_seconds": 10.0},
            "sync": pipeline.sync.model_dump(mode="json", exclude_none=True)}},
    }
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def judge(path: Path, context: str, old: Stage, new: Stage) -> tuple[Measurements, dict[
        str, Verdict], dict[str, str]]:
    cfg = load_config(path).config
    m = collect(context, old, new, cfg, Sources(path, lag_budget=20))
    results = evaluate(old, new, m, cfg.contexts[context].gates)
    return m, {r.gate: r.verdict for r in results}, {r.gate: r.detail for r in results}


def until_state(client: ConnectClient, name: str, state: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while (status := client.status(name)) is None or status.state != state:
        assert time.monotonic() < deadline, f"{name} never became {state}: {status}"
        time.sleep(0.3)


def test_connector_lag_and_verification_gates_read_the_real_pipeline(
        tmp_path: Path, pipeline: Pipeline, stack: LocalStack) -> None:
    path = routes(tmp_path, pipeline)
    context = pipeline.direction.context
    pipeline.start_applier()
    pipeline.wait_converged()

    # right after start-up the connector may not have stored an offset yet (snapshot state
    # unknown) and the applier catches up with the fences: wait for the gates to pass
    deadline = time.monotonic() + 90
    while True:
        m, verdicts, details = judge(path, context, Stage.SHADOW, Stage.CANARY)
        wanted = ("forward_connector", "forward_lag", "verification")
        if all(verdicts[g] is Verdict.PASS for g in wanted):
            break
        assert time.monotonic() < deadline, details
        time.sleep(1)
    assert m.forward_connector is not None and m.forward_connector.snapshot == "done"
    assert verdicts["forward_lag"] is Verdict.PASS, details
    assert m.forward_lag is not None and len(m.forward_lag.fences) >= 2
    assert verdicts["verification"] is Verdict.PASS, details
    assert verdicts["service_health"] is Verdict.FAIL  # nothing listens on port 9
    assert verdicts["shadow_diff"] is Verdict.INCONCLUSIVE  # no gateway metrics given

    # a row only the service has changed: the verification gate names it
    with psycopg.connect(pipeline.target_dsn, autocommit=True) as conn:
        conn.execute(f"update {pipeline.target_table} set on_hand = on_hand + 1000 "
                     "where item_id = 7")
    _, verdicts, details = judge(path, context, Stage.SHADOW, Stage.CANARY)
    assert verdicts["verification"] is Verdict.FAIL, details
    assert "id=7" in details["verification"]

    # the connector paused through the REST API: its gate fails
    client = ConnectClient(stack.connect_url)
    client.pause(pipeline.connector)
    try:
        until_state(client, pipeline.connector, "PAUSED")
        _, verdicts, details = judge(path, context, Stage.LEGACY, Stage.SHADOW)
        assert verdicts["forward_connector"] is Verdict.FAIL, details
        assert "PAUSED" in details["forward_connector"]
    finally:
        client.resume(pipeline.connector)
    until_state(client, pipeline.connector, "RUNNING")

    # the applier stopped: fences stop arriving and the lag gate does not pass
    pipeline.stop_appliers()
    _, verdicts, details = judge(path, context, Stage.LEGACY, Stage.SHADOW)
    assert verdicts["forward_lag"] is not Verdict.PASS, details


def test_an_absent_connector_fails_its_gate(tmp_path: Path, pipeline: Pipeline,
                                            stack: LocalStack) -> None:
    path = routes(tmp_path, pipeline)
    text = path.read_text().replace(pipeline.connector, "no-such-connector")
    path.write_text(text)
    _, verdicts, details = judge(path, pipeline.direction.context, Stage.LEGACY, Stage.SHADOW)
    assert verdicts["forward_connector"] is Verdict.FAIL
    assert "no-such-connector does not exist" in details["forward_connector"]
