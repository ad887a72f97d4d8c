"""Fixtures for the sample apps: fresh databases per module, seeded data, real app processes.

Every test module gets its own databases (`CREATE DATABASE samples_<uuid>` on each server),
dropped at teardown, so modules never see each other's rows or other engineers' tables. Apps run
as real processes (`strangler apps run ...` through the library's click group) on ephemeral
loopback ports; a test that writes makes its own items with `Items.make`, so tests in a module
do not depend on each other either.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from strangler.seed import SeedCounts, seed_database
from tests.support import unique

SEED = 7
ITEMS = 300
CUSTOMERS = 20
ORDERS = 40
# Seeded items are 1..ITEMS; items made by a test start far above them.
_made_ids = itertools.count(1_000_000)


def with_database(dsn: str, database: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path=f"/{database}"))


@dataclass(frozen=True)
class Databases:
    monolith: str
    inventory: str


def _create(server_dsn: str, name: str) -> str:
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(server_dsn, name)


def _drop(server_dsn: str, name: str) -> None:
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def databases(monolith_dsn: str, inventory_dsn: str) -> Iterator[Databases]:
    """An empty monolith database and an empty inventory database, for this module only."""
    mono_name, inv_name = unique("samples_mono"), unique("samples_inv")
    dbs = Databases(_create(monolith_dsn, mono_name), _create(inventory_dsn, inv_name))
    try:
        yield dbs
    finally:
        _drop(monolith_dsn, mono_name)
        _drop(inventory_dsn, inv_name)


@pytest.fixture(scope="module")
def seeded(databases: Databases) -> Databases:
    """Both databases seeded from one seed: the same items on both sides of the mapping."""
    seed_database(databases.monolith, SeedCounts(ITEMS, CUSTOMERS, ORDERS), seed=SEED)
    seed_database(databases.inventory, SeedCounts(ITEMS), seed=SEED, target="inventory")
    return databases


# --- app processes ---------------------------------------------------------------------------

LAUNCH = ("import sys; from strangler.apps import apps; "
          "sys.exit(apps(sys.argv[1:], prog_name='strangler apps', standalone_mode=False))")


@dataclass
class AppProcess:
    name: str
    proc: subprocess.Popen[bytes]
    log: Path
    url: str = ""

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, timeout: float = 15.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def start_app(kind: str, log_dir: Path, *args: str, wait: bool = True,
              timeout: float = 20.0) -> AppProcess:
    """Start `strangler apps run KIND --port 0 ARGS...`; wait for its `listening on` line."""
    log = log_dir / f"{kind}-{time.monotonic_ns()}.log"
    handle = log.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "run", kind, "--port", "0", *args],
        stdout=handle, stderr=subprocess.STDOUT, cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    handle.close()
    app = AppProcess(kind, proc, log)
    if not wait:
        return app
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in app.output().splitlines():
            if " listening on " in line:
                app.url = line.rsplit(" ", 1)[-1].strip()
                return app
        if proc.poll() is not None:
            raise AssertionError(f"{kind} exited with {proc.returncode}:\n{app.output()}")
        time.sleep(0.05)
    app.stop()
    raise AssertionError(f"{kind} did not start in {timeout} s:\n{app.output()}")


@pytest.fixture(scope="module")
def app_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("app-logs")


@pytest.fixture(scope="module")
def monolith_app(seeded: Databases, app_logs: Path) -> Iterator[AppProcess]:
    app = start_app("monolith", app_logs, "--dsn", seeded.monolith)
    yield app
    assert app.stop() == 0, app.output()


@pytest.fixture(scope="module")
def inventory_app(seeded: Databases, app_logs: Path) -> Iterator[AppProcess]:
    app = start_app("inventory", app_logs, "--dsn", seeded.inventory)
    yield app
    assert app.stop() == 0, app.output()


@dataclass(frozen=True)
class Target:
    """One app under test, with the database behind it."""

    kind: str  # "monolith" | "inventory"
    url: str
    dsn: str

    def stock(self, item_id: int) -> tuple[int, int] | None:
        """(on_hand, reserved) straight from this app's own table."""
        sql = ("SELECT qty_on_hand, qty_reserved FROM inventory_items WHERE id = %s"
               if self.kind == "monolith"
               else "SELECT on_hand, reserved FROM stock_items WHERE item_id = %s")
        with psycopg.connect(self.dsn) as conn:
            row = conn.execute(sql, (item_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def snapshot(self) -> dict[str, Any]:
        """Everything a refused request must leave untouched: row images and counts."""
        queries = {
            "monolith": {
                "items": "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM inventory_items t",
                "orders": "SELECT count(*) FROM orders",
                "lines": "SELECT count(*) FROM order_lines",
            },
            "inventory": {
                "items": "SELECT md5(string_agg(t::text, ',' ORDER BY item_id)) "
                         "FROM stock_items t",
                "outbox": "SELECT count(*) FROM outbox",
            },
        }[self.kind]
        with psycopg.connect(self.dsn) as conn:
            return {k: conn.execute(q).fetchone()[0] for k, q in queries.items()}  # type: ignore[index]


@pytest.fixture(params=["monolith", "inventory"])
def target(request: pytest.FixtureRequest, seeded: Databases) -> Target:
    """Each inventory-contract test runs once per app."""
    kind = request.param
    app: AppProcess = request.getfixturevalue(f"{kind}_app")
    return Target(kind, app.url, getattr(seeded, kind))


class Items:
    """Makes items that only the calling test uses, identical on both sides of the mapping."""

    def __init__(self, dbs: Databases) -> None:
        self.dbs = dbs

    def make(self, *, on_hand: int = 10, reserved: int = 0, price: str = "12.34",
             description: str = "made by a test") -> int:
        item_id = next(_made_ids)
        sku, name = f"T-{item_id}", f"Test item {item_id}"
        at = datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)
        with psycopg.connect(self.dbs.monolith) as conn:
            conn.execute(
                "INSERT INTO inventory_items (id, sku, name, qty_on_hand, qty_reserved, price,"
                " description, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (item_id, sku, name, on_hand, reserved, Decimal(price), description, at))
        with psycopg.connect(self.dbs.inventory) as conn:
            conn.execute(
                "INSERT INTO stock_items (item_id, sku_code, title, on_hand, reserved,"
                " unit_price, details, changed_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (item_id, sku, name, on_hand, reserved, Decimal(price), description, at))
        return item_id

    def remove(self, item_id: int) -> None:
        """Delete an item made here (and the inventory's events about it) from both sides."""
        with psycopg.connect(self.dbs.monolith) as conn:
            conn.execute("DELETE FROM inventory_items WHERE id = %s", (item_id,))
        with psycopg.connect(self.dbs.inventory) as conn:
            conn.execute("DELETE FROM outbox WHERE aggregate_id = %s", (item_id,))
            conn.execute("DELETE FROM stock_items WHERE item_id = %s", (item_id,))


@pytest.fixture(scope="module")
def items(seeded: Databases) -> Items:
    return Items(seeded)
