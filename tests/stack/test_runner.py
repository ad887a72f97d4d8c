"""The local stack runner against real processes: idempotent up, crash recovery, ports, down."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from strangler.errors import MissingDependency, PortInUse
from strangler.stack.process import read_tracked, wait_for_exit
from strangler.stack.runner import LocalStack
from strangler.stack.settings import DEFAULT_PORTS, StackSettings
from tests.conftest import ephemeral_settings, make_state_dir

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def own_stack() -> Iterator[LocalStack]:
    """A second stack, separate from the session one, that these tests may break."""
    state_dir = make_state_dir("strangler-runner-")
    local = LocalStack(ephemeral_settings(state_dir))
    local.up(say=print)
    yield local
    local.down(say=print)
    shutil.rmtree(state_dir, ignore_errors=True)


def pids(local: LocalStack) -> dict[str, int | None]:
    return {row.name: row.pid for row in local.status()}


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "strangler.cli", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=180)


def test_up_is_idempotent(own_stack: LocalStack) -> None:
    before = pids(own_stack)
    messages: list[str] = []
    rows = own_stack.up(say=messages.append)
    assert all(row.healthy for row in rows)
    assert pids(own_stack) == before
    assert all("already running" in m for m in messages), messages


@pytest.mark.parametrize("component", ["broker", "monolith-pg", "prometheus"])
def test_killed_component_shows_unhealthy_and_up_restarts_it(
        own_stack: LocalStack, component: str) -> None:
    before = pids(own_stack)
    target = next(c for c in own_stack.components if c.name == component)
    victim = target.tracked()
    assert victim is not None and victim.pid == before[component]
    os.kill(victim.pid, signal.SIGKILL)
    assert wait_for_exit(victim, 10)
    row = next(r for r in own_stack.status() if r.name == component)
    assert not row.healthy and row.pid is None
    assert f"stale PID file: pid {before[component]} is gone" in row.detail

    messages: list[str] = []
    rows = own_stack.up(say=messages.append)
    after = pids(own_stack)
    assert all(r.healthy for r in rows), rows
    assert after[component] not in (None, before[component])
    assert any("removing stale PID file" in m for m in messages)
    unchanged = {name for name in before if name not in (component, "connect")}
    assert {n: after[n] for n in unchanged} == {n: before[n] for n in unchanged}


def test_stale_pid_file_of_a_reused_pid_is_not_trusted(own_stack: LocalStack) -> None:
    """A PID file naming a live process with another start time is stale, never signalled."""
    broker = own_stack.broker
    own_stack.broker.stop()
    bystander = subprocess.Popen(["sleep", "60"])
    try:
        broker.pid_file.write_text(json.dumps({"pid": bystander.pid, "start_time": 1}))
        row = next(r for r in own_stack.status() if r.name == "broker")
        assert not row.healthy and "stale" in row.detail
        own_stack.up(say=print)
        assert bystander.poll() is None  # the bystander was not killed
        assert read_tracked(broker.pid_file).pid != bystander.pid  # type: ignore[union-attr]
    finally:
        bystander.kill()
        bystander.wait()


def test_status_cli_json_reports_every_component(own_stack: LocalStack) -> None:
    result = cli("stack", "status", "--json", "--state-dir", str(own_stack.state_dir))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["healthy"] is True
    assert [c["name"] for c in report["components"]] == [
        "monolith-pg", "services-pg", "broker", "connect", "exporter", "prometheus"]
    for row in report["components"]:
        assert row["healthy"] and isinstance(row["pid"], int) and isinstance(row["port"], int)
    assert own_stack.state.password not in result.stdout


def test_explicitly_requested_port_that_is_taken_fails_before_anything_starts() -> None:
    state_dir = make_state_dir("strangler-port-")
    try:
        with socket.socket() as squatter:
            squatter.bind(("127.0.0.1", 0))
            squatter.listen()
            taken = squatter.getsockname()[1]
            settings = ephemeral_settings(state_dir)
            ports = {**settings.requested_ports, "broker": taken}
            local = LocalStack(StackSettings(state_dir=state_dir, requested_ports=ports))
            with pytest.raises(PortInUse, match=f"port {taken} requested for broker"):
                local.up(say=print)
            assert all(row.pid is None for row in local.status())  # nothing was started
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)


def test_taken_default_port_is_replaced_and_said() -> None:
    state_dir = make_state_dir("strangler-default-")
    squatter = socket.socket()
    default = DEFAULT_PORTS["broker"]
    try:
        try:
            squatter.bind(("127.0.0.1", default))
            squatter.listen()
        except OSError:
            pass  # somebody else (a developer's stack) holds it already: same situation
        settings = ephemeral_settings(state_dir)
        ports = {k: v for k, v in settings.requested_ports.items() if k != "broker"}
        local = LocalStack(StackSettings(state_dir=state_dir, requested_ports=ports))
        messages: list[str] = []
        try:
            local.up(say=messages.append)
            assert local.broker.port != default
            assert any(f"port {default} for broker is taken" in m for m in messages)
            assert all(row.healthy for row in local.status())
            # The chosen port is recorded: a later `up` keeps it.
            assert LocalStack(local.settings).broker.port == local.broker.port
        finally:
            local.down(say=print)
    finally:
        squatter.close()
        shutil.rmtree(state_dir, ignore_errors=True)


def test_missing_dependency_names_it_and_starts_nothing(tmp_path: Path) -> None:
    state_dir = make_state_dir("strangler-missing-")
    try:
        result = cli("stack", "up", "--state-dir", str(state_dir),
                     env={"STRANGLER_VENDOR_DIR": str(tmp_path / "empty")})
        assert result.returncode == 3
        assert "Kafka Connect + Debezium jars are not prepared" in result.stderr
        assert "make setup" in result.stderr and "Traceback" not in result.stderr
        status = cli("stack", "status", "--json", "--state-dir", str(state_dir))
        assert status.returncode == 1
        assert all(c["pid"] is None for c in json.loads(status.stdout)["components"])

        local = LocalStack(ephemeral_settings(state_dir))
        os.environ["STRANGLER_PG_BINDIR"] = str(tmp_path)
        try:
            with pytest.raises(MissingDependency, match="apt-get install -y postgresql-15"):
                local.up(say=print)
        finally:
            del os.environ["STRANGLER_PG_BINDIR"]
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)


def test_down_stops_everything_and_is_harmless_twice() -> None:
    state_dir = make_state_dir("strangler-down-")
    local = LocalStack(ephemeral_settings(state_dir))
    try:
        local.up(say=print)
        running = [row.pid for row in local.status()]
        assert all(running)
        assert local.down(say=print) == ["prometheus", "exporter", "connect", "broker",
                                         "services-pg", "monolith-pg"]
        for pid in running:
            assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid)
        again = cli("stack", "down", "--state-dir", str(state_dir))
        assert again.returncode == 0 and "nothing was running" in again.stdout
    finally:
        local.down(say=print)
        shutil.rmtree(state_dir, ignore_errors=True)


def _is_zombie(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2] == "Z"
