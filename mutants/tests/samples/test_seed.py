"""The data generator: deterministic, mapped identically onto both schemas, TOAST exercised,
all-or-nothing, and honest about misuse."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from decimal import Decimal

import psycopg
import pytest

from strangler.errors import UsageError
from strangler.seed import SeedCounts, generate_items, generate_orders, seed, seed_database
from tests.samples.conftest import Databases

ITEMS_SQL = ("SELECT id, sku, name, qty_on_hand, qty_reserved, price, description, updated_at"
             " FROM inventory_items ORDER BY id")
STOCK_SQL = ("SELECT item_id, sku_code, title, on_hand, reserved, unit_price, details,"
             " changed_at FROM stock_items ORDER BY item_id")


def rows(dsn: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(sql).fetchall()


def digest(dsn: str, table: str, key: str) -> str:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(f"SELECT md5(string_agg(t::text, ',' ORDER BY {key})) "
                           f"FROM {table} t").fetchone()
    assert row is not None
    return str(row[0])


@pytest.fixture
def fresh(databases: Databases) -> Iterator[Databases]:
    """The module's databases, emptied after each test."""
    yield databases
    for dsn, tables in ((databases.monolith, "order_lines, orders, customers, inventory_items"),
                        (databases.inventory, "outbox, stock_items")):
        with psycopg.connect(dsn) as conn:
            exists = conn.execute("SELECT to_regclass('public.outbox') IS NOT NULL"
                                  if "outbox" in tables else
                                  "SELECT to_regclass('public.orders') IS NOT NULL").fetchone()
            if exists and exists[0]:
                conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def test_generation_is_deterministic_and_independent_of_other_counts() -> None:
    first = list(generate_items(200, seed=5))
    assert first == list(generate_items(200, seed=5))
    assert first[:50] == list(generate_items(50, seed=5))
    assert first != list(generate_items(200, seed=6))
    long = [it for it in first if len(it.description.encode()) > 4096]
    assert len(long) == 4  # every 50th item
    assert all(it.qty_reserved <= it.qty_on_hand for it in first)


def test_generated_orders_are_consistent() -> None:
    prices = [it.price for it in generate_items(30, seed=1)]
    for order, lines in itertools.islice(generate_orders(100, 1, customers=5, prices=prices),
                                         100):
        order_id, customer_id, status, total, _ = order
        assert 1 <= customer_id <= 5 and status in ("shipped", "cancelled")
        assert total == sum((q * p for _, _, _, q, p in lines), Decimal(0))
        assert len({item for _, _, item, _, _ in lines}) == len(lines)
        assert all(p == prices[item - 1] for _, _, item, _, p in lines)


def test_same_seed_same_rows_on_both_schemas(fresh: Databases) -> None:
    report = seed_database(fresh.monolith, SeedCounts(500, 30, 60), seed=11)
    assert (report.items, report.customers, report.orders) == (500, 30, 60)
    assert report.order_lines > 60
    seed_database(fresh.inventory, SeedCounts(500), seed=11, target="inventory")
    mono, svc = rows(fresh.monolith, ITEMS_SQL), rows(fresh.inventory, STOCK_SQL)
    assert len(mono) == 500 and mono == svc
    first = digest(fresh.monolith, "orders", "id"), digest(fresh.monolith, "order_lines",
                                                           "order_id, line_no")
    seed_database(fresh.monolith, SeedCounts(500, 30, 60), seed=11, reset=True)
    assert rows(fresh.monolith, ITEMS_SQL) == mono
    assert (digest(fresh.monolith, "orders", "id"),
            digest(fresh.monolith, "order_lines", "order_id, line_no")) == first


def test_long_descriptions_live_in_toast(fresh: Databases) -> None:
    seed_database(fresh.monolith, SeedCounts(200, 1, 0), seed=3)
    seed_database(fresh.inventory, SeedCounts(200), seed=3, target="inventory")
    for dsn, table, column in ((fresh.monolith, "inventory_items", "description"),
                               (fresh.inventory, "stock_items", "details")):
        with psycopg.connect(dsn) as conn:
            toast = conn.execute("SELECT reltoastrelid::regclass::text FROM pg_class"
                                 " WHERE oid = %s::regclass", (table,)).fetchone()
            assert toast is not None
            stored = conn.execute(f"SELECT count(DISTINCT chunk_id) FROM {toast[0]}").fetchone()
            long = conn.execute(f"SELECT count(*) FROM {table}"
                                f" WHERE octet_length({column}) > 4096").fetchone()
        assert stored is not None and long is not None
        assert long[0] == 4 and stored[0] >= 4


def test_sequences_continue_after_seed(fresh: Databases) -> None:
    seed_database(fresh.monolith, SeedCounts(20, 3, 4), seed=1)
    with psycopg.connect(fresh.monolith) as conn:
        new = conn.execute("INSERT INTO inventory_items (sku, name, qty_on_hand, price)"
                           " VALUES ('NEW-1', 'new', 1, 1) RETURNING id").fetchone()
        order = conn.execute("INSERT INTO orders (customer_id, status, total)"
                             " VALUES (1, 'placed', 0) RETURNING id").fetchone()
    assert new == (21,) and order == (5,)


def test_non_empty_target_is_refused_without_reset(fresh: Databases) -> None:
    seed_database(fresh.inventory, SeedCounts(10), seed=1, target="inventory")
    before = rows(fresh.inventory, STOCK_SQL)
    with pytest.raises(UsageError, match="already has rows in"):
        seed_database(fresh.inventory, SeedCounts(20), seed=2, target="inventory")
    assert rows(fresh.inventory, STOCK_SQL) == before
    seed_database(fresh.inventory, SeedCounts(20), seed=2, target="inventory", reset=True)
    assert len(rows(fresh.inventory, STOCK_SQL)) == 20


def test_inventory_target_refuses_orders(fresh: Databases) -> None:
    with pytest.raises(UsageError):
        seed_database(fresh.inventory, SeedCounts(10, 1, 1), target="inventory")


def test_seed_is_fast(fresh: Databases) -> None:
    started = time.monotonic()
    seed_database(fresh.monolith, SeedCounts(30_000, 3_000, 6_000), seed=9)
    assert time.monotonic() - started < 15  # 100k items take ~6 s on 2 cores


@pytest.mark.parametrize("args,message", [
    (["--target", "inventory", "--orders", "5"], "no customers or orders"),
    (["--items", "-1"], "--items"),
    (["--items", "0", "--orders", "3"], "needs at least one"),
    (["--target", "nowhere"], "--target"),
    (["--dsn", "mysql://x"], "postgresql://"),
])
def test_cli_usage_errors(args: list[str], message: str) -> None:
    import click

    with pytest.raises(click.UsageError) as info:
        seed.main(args, standalone_mode=False)
    assert message in info.value.format_message()


def test_cli_runtime_failure_is_reported_with_the_password_redacted(
        monolith_dsn: str, capsys: pytest.CaptureFixture[str]) -> None:
    from strangler.seed import SeedError

    bad = monolith_dsn.rsplit("/", 1)[0] + "/no_such_database"
    password = bad.split("@")[0].rsplit(":", 1)[1]
    with pytest.raises(SeedError) as info:
        seed.main(["--dsn", bad, "--items", "1"], standalone_mode=False)
    assert info.value.exit_code == 3
    assert "no_such_database" in str(info.value) and password not in str(info.value)


def test_cli_json_report(fresh: Databases, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    rv = seed.main(["--dsn", fresh.monolith, "--items", "5", "--customers", "2", "--orders",
                    "3", "--json"], standalone_mode=False)
    assert rv == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["items"], report["customers"], report["orders"]) == (5, 2, 3)
    assert "***" in report["dsn"]
