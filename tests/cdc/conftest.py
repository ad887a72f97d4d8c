"""Fixtures for the connector-management and preflight tests.

`make_direction` builds a sync direction in code with names no other test uses (tables, fence
table, slot, topic prefix, connector) and, at the end of the test, deletes its connector, drops
its slot and publication (a slot left behind retains WAL) and its tables.

`both_ways`: a pipeline (tests/cdc/pipeline.py) syncing in both directions, for the applier
tests of loop prevention and the reverse direction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from cdc.config import Direction, SyncConfig, TableSync
from cdc.connectors import Connectors
from cdc.endpoints import Endpoints
from strangler.stack.runner import LocalStack
from tests.cdc.pipeline import Pipeline, pipelines
from tests.support import unique

_ENV = ("STRANGLER_MONOLITH_DSN", "STRANGLER_INVENTORY_DSN", "STRANGLER_CONNECT_URL",
        "STRANGLER_BOOTSTRAP_SERVERS", "STRANGLER_STATE_DIR")

MakeDirection = Callable[..., Direction]


@pytest.fixture
def endpoints(stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> Endpoints:
    """Endpoints resolved through the test stack's state dir (as `strangler stack up` users)."""
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    return Endpoints(state_dir=str(stack.state_dir))


@pytest.fixture
def make_direction(stack: LocalStack, endpoints: Endpoints) -> Iterator[MakeDirection]:
    made: list[Direction] = []

    def make(*tables: str, **settings: Any) -> Direction:
        tag = unique("cc")
        sync = SyncConfig(
            source="monolith", target="inventory", topic_prefix=tag, slot=f"{tag}_slot",
            fence_table=f"public.{tag}_fence", connector=tag.replace("_", "-"),
            tables=tuple(TableSync(source=f"public.{t}", target=f"public.{t}") for t in tables),
            **{"signal_table": f"public.{tag}_signal", **settings})
        direction = Direction("inventory", sync, "forward")
        made.append(direction)
        return direction

    yield make
    for direction in made:
        try:
            Connectors(direction, endpoints, timeout=30).delete(drop_slot=True)
        finally:  # the tables go even when the connector or its slot would not
            with psycopg.connect(stack.monolith_dsn, autocommit=True) as conn:
                for table in [*(t.source for t in direction.tables),
                              direction.settings.fence_table,
                              direction.settings.signal_table]:
                    conn.execute(f"drop table if exists {table}")


@pytest.fixture
def both_ways(stack: LocalStack) -> Iterator[Pipeline]:
    yield from pipelines(stack, seed_rows=20, reverse=True)
