"""docker-compose.yml cannot be started here (no Docker engine): check its wiring instead."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from strangler.stack.settings import DEFAULT_PORTS

COMPOSE = Path(__file__).resolve().parents[1] / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def host_ports(service: dict[str, Any]) -> dict[int, tuple[str, int]]:
    """container port -> (host address, host port)"""
    out = {}
    for spec in service.get("ports", []):
        host, host_port, container_port = spec.split(":")
        out[int(container_port)] = (host, int(host_port))
    return out


def env_of(service: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in service.get("environment", {}).items()}


def test_services_and_loopback_ports_match_the_local_runner(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) >= {"monolith-db", "services-db", "kafka", "connect"}
    expected = {"monolith-db": (5432, DEFAULT_PORTS["monolith-pg"]),
                "services-db": (5432, DEFAULT_PORTS["services-pg"]),
                "kafka": (9092, DEFAULT_PORTS["broker"]),
                "connect": (8083, DEFAULT_PORTS["connect"])}
    for name, (inner, outer) in expected.items():
        assert host_ports(services[name]) == {inner: ("127.0.0.1", outer)}, name


def test_every_service_has_a_healthcheck(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


@pytest.mark.parametrize("name,database", [("monolith-db", "monolith"),
                                           ("services-db", "inventory")])
def test_postgres_runs_with_logical_wal(compose: dict[str, Any], name: str,
                                        database: str) -> None:
    service = compose["services"][name]
    assert service["image"].startswith("postgres:15")
    command = service["command"]
    assert "wal_level=logical" in command
    assert env_of(service)["POSTGRES_DB"] == database


def test_kafka_is_single_node_kraft_advertising_what_clients_use(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    env = env_of(kafka)
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    advertised = dict(item.split("://") for item in env["KAFKA_ADVERTISED_LISTENERS"].split(","))
    listeners = dict(item.split("://") for item in env["KAFKA_LISTENERS"].split(","))
    assert set(advertised) <= set(listeners)
    # The host-side listener is advertised as the loopback port that compose publishes.
    assert advertised["EXTERNAL"] == f"127.0.0.1:{DEFAULT_PORTS['broker']}"
    assert listeners["EXTERNAL"].endswith(":9092")
    connect_env = env_of(compose["services"]["connect"])
    assert connect_env["BOOTSTRAP_SERVERS"] == advertised["INTERNAL"]


def test_connect_waits_for_healthy_dependencies_and_uses_debezium_3_1(
        compose: dict[str, Any]) -> None:
    connect = compose["services"]["connect"]
    assert ":3.1." in connect["image"] and "debezium/connect" in connect["image"]
    depends = connect["depends_on"]
    assert {k: v["condition"] for k, v in depends.items()} == {
        "kafka": "service_healthy", "monolith-db": "service_healthy",
        "services-db": "service_healthy"}
    env = env_of(connect)
    assert env["GROUP_ID"] and env["CONFIG_STORAGE_TOPIC"] and env["OFFSET_STORAGE_TOPIC"]


def mounts(service: dict[str, Any]) -> dict[str, Path]:
    """container path -> host path, for the bind mounts (./...) of a service"""
    out = {}
    for spec in service.get("volumes", []):
        host, container = spec.split(":")[:2]
        if host.startswith("./"):
            out[container] = (COMPOSE.parent / host).resolve()
    return out


def test_prometheus_loads_the_project_rules_and_scrapes_the_exporter(
        compose: dict[str, Any], tmp_path: Path) -> None:
    services = compose["services"]
    prometheus, exporter = services["prometheus"], services["exporter"]
    assert host_ports(prometheus) == {9090: ("127.0.0.1", DEFAULT_PORTS["prometheus"])}
    assert host_ports(exporter) == {9100: ("127.0.0.1", DEFAULT_PORTS["exporter"])}
    assert "--port 9100" in " ".join(exporter["command"])
    bound = mounts(prometheus)
    config_file = bound["/etc/prometheus/prometheus.yml"]
    config = yaml.safe_load(config_file.read_text())
    # the rule files it loads are the project's, the very ones the local stack loads
    (rule_glob,) = config["rule_files"]
    rules_dir = bound[str(Path(rule_glob).parent)]
    assert rules_dir == (COMPOSE.parent / "ops" / "prometheus").resolve()
    assert sorted(rules_dir.glob(Path(rule_glob).name)), "no rule files in the mounted folder"
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert jobs["exporter"]["static_configs"][0]["targets"] == ["exporter:9100"]
    (targets_glob,) = jobs["strangler"]["file_sd_configs"][0]["files"]
    assert str(Path(targets_glob).parent) in bound

    # promtool accepts the config with the container paths pointed at the mounted folders
    # (it loads and checks the rule files too)
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed (Debian's prometheus package)")
    text = config_file.read_text()
    for container, host in bound.items():
        text = text.replace(container, str(host))
    local = tmp_path / "prometheus.yml"
    local.write_text(text)
    result = subprocess.run([promtool, "check", "config", str(local)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout + result.stderr
