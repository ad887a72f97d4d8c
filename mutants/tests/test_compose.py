"""docker-compose.yml cannot be started here (no Docker engine): check its wiring instead."""

from __future__ import annotations

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
