"""Grafana for docker-compose users (deploy/grafana/): the provisioned "Migration overview"
dashboard is valid JSON in Grafana's dashboard shape, its panels use the provisioned
Prometheus datasource, name only metrics the code exports and docs/metrics.md documents (with
the panel in the table's "panel" column), and every query is accepted by the live local
Prometheus (`/api/v1/query`, the session stack's). docker-compose.yml cannot run here (no
Docker engine): its Grafana service is checked for its wiring."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
import yaml

from strangler.stack.runner import LocalStack
from tests.observability.test_alert_rules import BUILTIN, METRICS_DOC, ROOT, metric_names
from tests.test_compose import COMPOSE, host_ports

GRAFANA = ROOT / "deploy" / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "migration-overview.json"
DATASOURCES = GRAFANA / "provisioning" / "datasources" / "prometheus.yml"
PROVIDERS = GRAFANA / "provisioning" / "dashboards" / "strangler.yml"
# PromQL words and label names the alert rules' parser does not know
PROMQL_EXTRA = {"histogram_quantile", "le"}
PANEL_TYPES = {"timeseries", "stat", "table", "gauge", "bargauge", "state-timeline", "text"}
# what the panels must cover (issue 13): a title word for each
WANTED = ("Stage per context", "End-to-end lag per direction", "WAL bytes behind per direction",
          "Kafka consumer lag", "Shadow diff rate", "Fallback rate", "Error rate by upstream",
          "p99 latency by upstream", "Dead letters (DLQ)", "Slot retained WAL",
          "Verification verdicts")


def dashboard() -> dict[str, Any]:
    data = json.loads(DASHBOARD.read_text())
    assert isinstance(data, dict)
    return data


def queries() -> list[tuple[str, str]]:
    return [(panel["title"], target["expr"]) for panel in dashboard()["panels"]
            for target in panel["targets"]]


def panel_metrics(expr: str) -> set[str]:
    names = metric_names(expr) - PROMQL_EXTRA - BUILTIN
    # a histogram's series are its family's name + _bucket / _sum / _count
    return {re.sub(r"_(bucket|sum|count)$", "", n) if n.endswith(("_bucket", "_sum", "_count"))
            and "duration" in n else n for n in names}


def datasource_uid() -> str:
    (source,) = yaml.safe_load(DATASOURCES.read_text())["datasources"]
    assert source["type"] == "prometheus"
    return str(source["uid"])


def test_dashboard_has_grafanas_shape() -> None:
    data = dashboard()
    assert data["title"] == "Migration overview" and data["uid"]
    assert isinstance(data["schemaVersion"], int) and data["schemaVersion"] >= 30
    assert isinstance(data["panels"], list) and data["panels"]
    ids = [p["id"] for p in data["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    uid = datasource_uid()
    cells: set[tuple[int, int]] = set()
    for panel in data["panels"]:
        assert panel["type"] in PANEL_TYPES, panel["title"]
        grid = panel["gridPos"]
        assert {k: type(v) for k, v in grid.items()} == {"h": int, "w": int, "x": int, "y": int}
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        for x in range(grid["x"], grid["x"] + grid["w"]):  # panels do not overlap
            for y in range(grid["y"], grid["y"] + grid["h"]):
                assert (x, y) not in cells, f"{panel['title']} overlaps another panel"
                cells.add((x, y))
        assert panel["datasource"] == {"type": "prometheus", "uid": uid}, panel["title"]
        targets = panel["targets"]
        assert targets, panel["title"]
        assert len({t["refId"] for t in targets}) == len(targets), panel["title"]
        for target in targets:
            assert target["datasource"] == panel["datasource"]
            assert target["expr"].strip(), panel["title"]
    titles = {p["title"] for p in data["panels"]}
    assert set(WANTED) - titles == set(), "panels the issue asks for are missing"


def test_every_panel_names_only_exported_documented_metrics() -> None:
    doc = METRICS_DOC.read_text()
    rows = {m.group(1): m.group(0) for m in
            re.finditer(r"^\| `([a-z0-9_:]+)` \|.*$", doc, re.M)}
    sources = "\n".join(p.read_text() for pkg in ("gateway", "cdc", "strangler")
                        for p in (ROOT / pkg).rglob("*.py"))
    for title, expr in queries():
        names = panel_metrics(expr)
        assert names, f"{title}: no metric in {expr!r}"
        for name in names:
            assert name in rows, f"{title}: {name} is not in docs/metrics.md's table"
            assert f'"{name.removesuffix("_total")}' in sources, f"{title}: no code exports {name}"
            panel_cell = rows[name].rstrip(" |").rsplit("|", 1)[-1]
            assert title in panel_cell, f"docs/metrics.md: {name}'s panel column lacks {title!r}"


def test_provisioning_and_compose_wiring() -> None:
    providers = yaml.safe_load(PROVIDERS.read_text())["providers"]
    (provider,) = providers
    assert provider["type"] == "file"
    (source,) = yaml.safe_load(DATASOURCES.read_text())["datasources"]
    compose = yaml.safe_load(COMPOSE.read_text())["services"]
    grafana = compose["grafana"]
    # Grafana reaches the compose Prometheus by its service name and container port
    assert source["url"] == "http://prometheus:9090" and 9090 in host_ports(compose["prometheus"])
    assert host_ports(grafana) == {3000: ("127.0.0.1", 53000)}  # loopback only
    mounts = {}
    for spec in grafana["volumes"]:
        host, container, *_ = spec.split(":")
        if host.startswith("./"):
            mounts[container] = (COMPOSE.parent / host).resolve()
    assert mounts["/etc/grafana/provisioning"] == (GRAFANA / "provisioning").resolve()
    assert mounts[provider["options"]["path"]] == DASHBOARD.parent.resolve()
    assert "prometheus" in grafana["depends_on"]
    env = grafana["environment"]
    assert env["GF_AUTH_ANONYMOUS_ENABLED"] == "false"
    assert "${" in env["GF_SECURITY_ADMIN_PASSWORD"]  # from the environment, not a literal


@pytest.mark.stack
def test_every_panel_query_is_accepted_by_the_live_prometheus(stack: LocalStack) -> None:
    if stack.prometheus.tracked() is None:
        pytest.fail("the session stack runs without Prometheus: run scripts/setup.sh as root "
                    "(it installs Debian's prometheus package)")
    refused = []
    for title, expr in queries():
        answer = requests.get(stack.prometheus_url + "/api/v1/query", params={"query": expr},
                              timeout=10)
        body = answer.json()
        if answer.status_code != 200 or body.get("status") != "success":
            refused.append(f"{title}: {expr}: {body.get('error', answer.status_code)}")
    assert refused == []
