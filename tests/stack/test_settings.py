"""Stack settings and port helpers that start no server (so they run without the stack)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from strangler.stack.process import free_port


def test_bad_port_variable_is_a_usage_error() -> None:
    result = subprocess.run([sys.executable, "-m", "strangler.cli", "stack", "status"],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "STRANGLER_BROKER_PORT": "99999"})
    assert result.returncode == 2
    assert "STRANGLER_BROKER_PORT: 99999 is outside 1..65535" in result.stderr


def test_free_port_helper_returns_a_bindable_port() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
