"""Session fixtures: one real local stack (PostgreSQL x2, broker, Kafka Connect) per test run.

The stack runs in a temp state dir on ephemeral ports, so it never collides with a stack a
developer has running, and is torn down at the end of the session.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from strangler.stack.settings import COMPONENTS, StackSettings


def make_state_dir(prefix: str) -> Path:
    # /tmp rather than pytest's tmp_path: PostgreSQL runs as the postgres OS user and must be
    # able to search every parent folder (pytest's root is mode 0700).
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    path.chmod(0o755)
    return path


def ephemeral_settings(state_dir: Path) -> StackSettings:
    return StackSettings(state_dir=state_dir,
                         requested_ports={name: free_port() for name in COMPONENTS})


@pytest.fixture(scope="session")
def stack() -> Iterator[LocalStack]:
    """The whole local stack, started once per session."""
    state_dir = make_state_dir("strangler-test-")
    local = LocalStack(ephemeral_settings(state_dir))
    try:
        local.up(say=lambda message: print(f"[stack] {message}"))
        yield local
    finally:
        local.down(say=lambda message: print(f"[stack] {message}"))
        if not os.environ.get("STRANGLER_KEEP_TEST_STATE"):
            shutil.rmtree(state_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def monolith_dsn(stack: LocalStack) -> str:
    return stack.monolith_dsn


@pytest.fixture(scope="session")
def inventory_dsn(stack: LocalStack) -> str:
    return stack.service_dsn("inventory")
