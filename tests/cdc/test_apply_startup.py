"""`cdc apply` without its infrastructure, as an operator runs it: the real command in a
subprocess ends within seconds with one line on stderr and exit 3, never a traceback, never a
retry loop against a server that refuses its credentials, never the password.

Outages after start-up are another matter (the applier rolls back and retries): see
test_applier_faults.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from cdc.startup import connect_failure
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from strangler.stack.settings import COMPONENTS, StackState
from tests.support import unique

ROOT = Path(__file__).resolve().parents[2]
BOUND = 30.0  # seconds: every start-up check has its own timeout of a few seconds
WRONG = "Wr0ngPassw0rd"

ENTRYPOINTS = {
    "strangler cdc apply": ["-m", "strangler.cli", "cdc", "apply"],
    "python -m cdc.run": ["-m", "cdc.run"],
}


@pytest.fixture
def routes(tmp_path: Path) -> tuple[Path, str]:
    """A routes file with one synced context; nothing of it needs to exist to fail start-up."""
    tag = unique("st")
    context = tag.replace("_", "")
    sync = {"source": "monolith", "target": "inventory", "topic_prefix": tag,
            "slot": f"{tag}_slot", "fence_table": f"public.{tag}_fence",
            "tables": [{"source": f"{tag}_items", "target": f"{tag}_stock"}]}
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump({"contexts": {context: {"sync": sync}}}))
    return path, context


def apply(entry: str, routes: tuple[Path, str], env: dict[str, str]) -> tuple[int, str, float]:
    path, context = routes
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, *ENTRYPOINTS[entry], "--context", context, "--config", str(path)],
            capture_output=True, text=True, cwd=ROOT, timeout=3 * BOUND,
            env={**{k: v for k, v in os.environ.items() if not k.startswith("STRANGLER_")},
                 **env})
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{entry} was still running after {3 * BOUND:.0f} s: {exc.stderr!r}")
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return result.returncode, result.stderr.strip(), time.monotonic() - started


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def stack_env(stack: LocalStack) -> dict[str, str]:
    return {"STRANGLER_MONOLITH_DSN": stack.monolith_dsn,
            "STRANGLER_INVENTORY_DSN": stack.service_dsn("inventory"),
            "STRANGLER_BOOTSTRAP_SERVERS": stack.bootstrap_servers}


@pytest.mark.stack
@pytest.mark.parametrize("entry", ENTRYPOINTS)
def test_database_refusing_the_password_stops_start_up(
        stack: LocalStack, routes: tuple[Path, str], entry: str) -> None:
    password = stack.state.password
    env = {**stack_env(stack),
           "STRANGLER_INVENTORY_DSN": stack.service_dsn("inventory").replace(password, WRONG)}
    code, stderr, seconds = apply(entry, routes, env)
    line = one_line(stderr)
    assert code == 3 and seconds < BOUND
    assert "target database inventory" in line and "refused the connection" in line
    assert "password authentication failed" in line and "STRANGLER_INVENTORY_DSN" in line
    assert WRONG not in stderr and password not in stderr


@pytest.mark.stack
def test_source_refusing_the_password_stops_start_up_without_loop_prevention(
        stack: LocalStack, routes: tuple[Path, str]) -> None:
    """No reverse direction configured: the applier still reads the source (the connector's
    TOAST placeholders), so a source it cannot log in to stops start-up too."""
    password = stack.state.password
    env = {**stack_env(stack),
           "STRANGLER_MONOLITH_DSN": stack.monolith_dsn.replace(password, WRONG)}
    code, stderr, seconds = apply("strangler cdc apply", routes, env)
    line = one_line(stderr)
    assert code == 3 and seconds < BOUND
    assert "source database monolith" in line and "refused the connection" in line
    assert "STRANGLER_MONOLITH_DSN" in line and WRONG not in stderr and password not in stderr


@pytest.mark.stack
def test_unreachable_broker_stops_start_up(stack: LocalStack, routes: tuple[Path, str]) -> None:
    # confluent-kafka alone would retry an unreachable bootstrap server forever
    port = free_port()
    env = {**stack_env(stack), "STRANGLER_BOOTSTRAP_SERVERS": f"127.0.0.1:{port}"}
    code, stderr, seconds = apply("strangler cdc apply", routes, env)
    line = one_line(stderr)
    assert code == 3 and seconds < BOUND
    assert f"Kafka broker at 127.0.0.1:{port} did not answer" in line
    assert "STRANGLER_BOOTSTRAP_SERVERS" in line


def test_stopped_local_stack_stops_start_up(routes: tuple[Path, str], tmp_path: Path) -> None:
    """What `strangler stack down` leaves: the state file, nothing listening."""
    state_dir = tmp_path / "stopped"
    state_dir.mkdir()
    state = StackState(ports={name: free_port() for name in COMPONENTS}, password="Stopp3dPw")
    state.save(state_dir / "stack.json")
    code, stderr, seconds = apply("strangler cdc apply", routes,
                                  {"STRANGLER_STATE_DIR": str(state_dir)})
    line = one_line(stderr)
    assert code == 3 and seconds < BOUND
    assert "target database inventory" in line and "is unreachable" in line
    assert "local stack" in line and "Stopp3dPw" not in stderr


def test_no_local_stack_at_all_stops_start_up(routes: tuple[Path, str], tmp_path: Path) -> None:
    code, stderr, seconds = apply("strangler cdc apply", routes,
                                  {"STRANGLER_STATE_DIR": str(tmp_path)})
    line = one_line(stderr)
    assert code == 3 and seconds < BOUND
    assert "STRANGLER_INVENTORY_DSN is not set and no local stack was started" in line
    assert "strangler stack up" in line


@pytest.mark.parametrize("message,refused,reason", [
    ('connection failed: connection to server at "127.0.0.1", port 5 failed: FATAL:  password '
     'authentication failed for user "app"', True,
     'password authentication failed for user "app"'),
    ('connection failed: connection to server at "h", port 5 failed: fe_sendauth: no password '
     'supplied', True, "fe_sendauth: no password supplied"),
    ('connection failed: connection to server at "h", port 5 failed: FATAL:  database "x" does '
     'not exist', True, 'database "x" does not exist'),
    ('connection failed: connection to server at "h", port 5 failed: FATAL:  the database system '
     'is starting up', False, "the database system is starting up"),
    ('connection failed: connection to server at "h", port 5 failed: Connection refused\n\tIs the '
     'server running on that host and accepting TCP/IP connections?', False,
     "Connection refused Is the server running on that host and accepting TCP/IP connections?"),
    ("failed to resolve host 'nowhere': [Errno -2] Name or service not known", False,
     "failed to resolve host 'nowhere': [Errno -2] Name or service not known"),
    ("connection timeout expired", False, "connection timeout expired"),
])
def test_connect_failure_tells_a_refusal_from_no_answer(message: str, refused: bool,
                                                       reason: str) -> None:
    assert connect_failure(message) == (refused, reason)
