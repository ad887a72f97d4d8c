"""Session fixtures: the real local stack, started at most once per test run, and the checks
that keep tests honest about it.

* `pg_servers`: the stack's two PostgreSQL servers alone, for tests that need only a database
  (marked `pg`); `stack`: the whole stack (PostgreSQL x2, broker, Kafka Connect; marked
  `stack`). Both run in one temp state dir on ephemeral ports, so they never collide with a
  stack a developer has running: `stack` starts what `pg_servers` has not. Torn down at the
  end of the session.
* Markers are derived from the fixtures a test reaches and checked while it runs
  (`tests/markers.py`): `pytest -m "not stack and not pg"` starts no server.
* Nothing leaks (`tests/leaks.py`): a module that leaves a slot, publication, table or
  connector behind fails; a test that leaves a shared server down fails, and the server is
  started again for the tests after it.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from strangler.stack.components import Component
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from strangler.stack.settings import COMPONENTS, StackSettings
from tests.leaks import Inventory
from tests.markers import MarkerGuard
from tests.support import demo_syncs_removed

_guard = MarkerGuard()
# The session's running servers: "pg" once `pg_servers` is up, "stack" once `stack` is.
_running: dict[str, LocalStack] = {}


def make_state_dir(prefix: str) -> Path:
    # /tmp rather than pytest's tmp_path: PostgreSQL runs as the postgres OS user and must be
    # able to search every parent folder (pytest's root is mode 0700).
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    path.chmod(0o755)
    return path


def ephemeral_settings(state_dir: Path) -> StackSettings:
    # Prometheus scrapes every 2 s and every alert's `for:` is 2 s, so a test sees an alert
    # fire within seconds (docs/metrics.md, "Prometheus in the local stack").
    return StackSettings(state_dir=state_dir,
                         requested_ports={name: free_port() for name in COMPONENTS},
                         prometheus_interval="2s", alert_for="2s")


# -- markers that tell the truth ---------------------------------------------------------------
def pytest_configure(config: pytest.Config) -> None:
    _guard.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    _guard.uninstall()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--shuffle", metavar="SEED", type=int, default=None,
                     help="run the tests of each module in a random order drawn from SEED "
                          "(shows that they do not depend on the order they run in)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _guard.mark(items)
    seed = config.getoption("--shuffle")
    if seed is not None:
        items[:] = shuffled_per_module(items, random.Random(seed))


def shuffled_per_module(items: list[pytest.Item], rng: random.Random) -> list[pytest.Item]:
    """Modules stay together (their module-scoped fixtures are set up once); inside each, any
    order."""
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    for group in modules.values():
        rng.shuffle(group)
    return [item for group in modules.values() for item in group]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    _guard.begin(item)
    return (yield)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    try:
        return (yield)
    finally:
        _guard.end(item)


@pytest.fixture(autouse=True)
def _marked_for_what_it_reached(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    MarkerGuard.check_fixtures(request)


# -- the servers -------------------------------------------------------------------------------
class PostgresOnly(LocalStack):
    """The session stack's two PostgreSQL servers, without the broker and Kafka Connect."""

    @property
    def components(self) -> tuple[Component, ...]:
        return (self.monolith_pg, self.services_pg)


@pytest.fixture(scope="session")
def stack_settings() -> Iterator[StackSettings]:
    state_dir = make_state_dir("strangler-test-")
    try:
        yield ephemeral_settings(state_dir)
    finally:
        if not os.environ.get("STRANGLER_KEEP_TEST_STATE"):
            shutil.rmtree(state_dir, ignore_errors=True)


def _serve(kind: str, local: LocalStack) -> Iterator[LocalStack]:
    try:
        local.up(say=lambda message: print(f"[{kind}] {message}"))
        _running[kind] = local
        yield local
    finally:
        _running.pop(kind, None)
        local.down(say=lambda message: print(f"[{kind}] {message}"))


@pytest.fixture(scope="session")
def pg_servers(stack_settings: StackSettings) -> Iterator[LocalStack]:
    """The two PostgreSQL servers (monolith, services), started once per session."""
    yield from _serve("pg", PostgresOnly(stack_settings))


@pytest.fixture(scope="session")
def stack(stack_settings: StackSettings, pg_servers: LocalStack) -> Iterator[LocalStack]:
    """The whole local stack, started once per session (on the same PostgreSQL servers)."""
    yield from _serve("stack", LocalStack(stack_settings))


@pytest.fixture(scope="session")
def monolith_dsn(pg_servers: LocalStack) -> str:
    return pg_servers.monolith_dsn


@pytest.fixture(scope="session")
def inventory_dsn(pg_servers: LocalStack) -> str:
    return pg_servers.service_dsn("inventory")


# -- nothing leaks -----------------------------------------------------------------------------
def _shared() -> LocalStack | None:
    return _running.get("stack") or _running.get("pg")


def _inventory() -> Inventory | None:
    local = _shared()
    return None if local is None else Inventory.take(local, connect="stack" in _running)


@pytest.fixture(scope="module", autouse=True)
def _module_leaves_nothing_behind(request: pytest.FixtureRequest) -> Iterator[None]:
    before = _inventory()
    yield
    after, local = _inventory(), _shared()
    if after is None or local is None:
        return
    left = after - (before or Inventory())
    if left:
        left.remove(local)
        pytest.fail(f"tests in {request.node.nodeid} left behind (removed now):\n"
                    f"{left.describe()}", pytrace=False)


@pytest.fixture(autouse=True)
def _shared_servers_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    local = _shared()
    if local is None:
        return
    down = [c.name for c in local.expected if c.tracked() is None]
    if down:
        local.up(say=lambda message: print(f"[restore] {message}"))
        pytest.fail(f"{request.node.nodeid} left {', '.join(down)} of the shared stack down "
                    "(started again now); restore what a test stops, or give it its own stack",
                    pytrace=False)


@pytest.fixture
def demo_removed(stack: LocalStack) -> Iterator[None]:
    """Whatever `strangler demo` sets up (appliers, connectors, slots, publications, tables) is
    removed afterwards, also when the test fails: the demo itself leaves it running on purpose,
    and a demo applier left running would serve the next test's demo with stale state."""
    with demo_syncs_removed(stack, Path(__file__).resolve().parents[1] / "routes.yaml"):
        yield
