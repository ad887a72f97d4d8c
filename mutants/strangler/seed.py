"""`strangler seed`: deterministic sample data, loaded fast with COPY.

Owns the sample data set. Guarantees:
* deterministic: the same `--seed` and counts give byte-identical rows, on either target; items
  do not depend on the other counts, so the monolith and the inventory service seeded with the
  same seed and `--items` hold the same items (through the schema mapping in docs/samples.md);
* realistic where the migration needs it: about 2 % of descriptions are 4.5-9 kB (stored out of
  line in TOAST), prices include the edges of numeric(12,2), timestamps carry microseconds;
* all or nothing: one transaction per run; a non-empty target is refused unless `--reset`;
* identity sequences continue after the seeded ids, so the apps can insert afterwards.

Generation (`generate_*`) is pure; `seed_database` does the I/O.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

import click
import psycopg
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import create_engine

from sample_services.web import redact, sqlalchemy_url
from strangler.apps import resolve_dsn
from strangler.errors import StranglerError, UsageError

__all__ = ["ItemRow", "SeedCounts", "SeedReport", "generate_customers", "generate_items",
           "generate_orders", "seed", "seed_database"]

Target = Literal["monolith", "inventory"]
BASE_TIME = datetime(2026, 1, 1, tzinfo=UTC)
MAX_PRICE = Decimal("9999999999.99")  # the largest numeric(12,2)
EDGE_PRICES = (Decimal("0.01"), Decimal("0.10"), Decimal("0.99"), Decimal("1.00"),
               Decimal("19.99"), Decimal("1234567.89"), MAX_PRICE, Decimal("0.00"))
LONG_DESCRIPTION_EVERY = 50

_ADJECTIVES = ("sturdy", "compact", "premium", "classic", "rugged", "slim", "deluxe", "eco",
               "heavy-duty", "portable", "modular", "silent", "bright", "vintage", "smart")
_MATERIALS = ("steel", "oak", "bamboo", "aluminium", "cotton", "ceramic", "glass", "walnut",
              "copper", "linen", "carbon", "granite", "wool", "leather", "titanium")
_NOUNS = ("kettle", "lamp", "chair", "backpack", "toolbox", "notebook", "blender", "rug",
          "skillet", "headset", "shelf", "jacket", "drill", "planter", "clock", "tent")
_WORDS = ("the", "with", "for", "and", "built", "daily", "use", "finish", "warranty", "hand",
          "made", "tested", "quality", "design", "durable", "easy", "clean", "store", "fits",
          "most", "homes", "offices", "weight", "size", "colour", "matte", "gloss", "edge",
          "grip", "season", "care", "wash", "dry", "outdoor", "indoor", "travel", "gift",
          "ships", "fast", "recycled", "packaging", "certified", "safe", "children", "adult",
          "über", "naïve", "café", "façade", "jalapeño", "straße", "😀", "—", "“quoted”")
_FIRST = ("Ada", "Grace", "Alan", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances",
          "Edsger", "Radia", "Tim", "Hedy", "John", "Katherine", "Niklaus", "Sophie", "Zoë")
_LAST = ("Lovelace", "Hopper", "Turing", "Torvalds", "Liskov", "Thompson", "Hamilton",
         "Ritchie", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "Backus",
         "Johnson", "Wirth", "Wilson", "O'Brien")


@dataclass(frozen=True)
class SeedCounts:
    items: int
    customers: int = 0
    orders: int = 0


@dataclass(frozen=True)
class ItemRow:
    id: int
    sku: str
    name: str
    qty_on_hand: int
    qty_reserved: int
    price: Decimal
    description: str
    updated_at: datetime


@dataclass(frozen=True)
class SeedReport:
    target: str
    items: int
    customers: int
    orders: int
    order_lines: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- pure generation ---------------------------------------------------------------------


def _rng(seed: int, stream: str) -> random.Random:
    # One independent stream per table: items never depend on how many orders are generated.
    return random.Random(f"strangler-seed:{seed}:{stream}")


def _moment(rng: random.Random) -> datetime:
    return BASE_TIME + timedelta(seconds=rng.randrange(300 * 86400),
                                 microseconds=rng.randrange(1_000_000))


def generate_items(count: int, seed: int) -> Iterator[ItemRow]:
    rng = _rng(seed, "items")
    for item_id in range(1, count + 1):
        name = f"{rng.choice(_ADJECTIVES).title()} {rng.choice(_MATERIALS)} {rng.choice(_NOUNS)}"
        if item_id % LONG_DESCRIPTION_EVERY == 0:
            words = rng.choices(_WORDS, k=rng.randrange(700, 1300))  # about 4.5-9 kB
        else:
            words = rng.choices(_WORDS, k=rng.randrange(8, 60))
        if item_id % 997 == 0:
            price = EDGE_PRICES[(item_id // 997) % len(EDGE_PRICES)]
        else:
            price = Decimal(rng.randrange(50, 100_000)) / 100
        on_hand = rng.randrange(0, 500)
        reserved = rng.randrange(0, min(on_hand, 20) + 1)
        yield ItemRow(item_id, f"SKU-{item_id:08d}", name, on_hand, reserved, price,
                      f"{name}: " + " ".join(words), _moment(rng))


def generate_customers(count: int, seed: int) -> Iterator[tuple[int, str, str, datetime]]:
    rng = _rng(seed, "customers")
    for customer_id in range(1, count + 1):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        email = f"{first}.{last}.{customer_id}@example.test".lower().replace("'", "")
        yield customer_id, email, f"{first} {last}", _moment(rng)


OrderRow = tuple[int, int, str, Decimal, datetime]
LineRow = tuple[int, int, int, int, Decimal]


def generate_orders(count: int, seed: int, *, customers: int,
                    prices: list[Decimal]) -> Iterator[tuple[OrderRow, list[LineRow]]]:
    """Historic orders (shipped or cancelled, so they hold no reservations)."""
    rng = _rng(seed, "orders")
    for order_id in range(1, count + 1):
        picked = rng.sample(range(1, len(prices) + 1), k=min(len(prices), rng.randrange(1, 5)))
        lines = [(order_id, n, item_id, rng.randrange(1, 6), prices[item_id - 1])
                 for n, item_id in enumerate(picked, start=1)]
        total = sum((q * p for _, _, _, q, p in lines), Decimal("0"))
        status = "cancelled" if rng.random() < 0.05 else "shipped"
        yield (order_id, rng.randrange(1, customers + 1), status, total, _moment(rng)), lines


# --- I/O -----------------------------------------------------------------------------------

_TABLES: dict[Target, tuple[str, ...]] = {
    "monolith": ("order_lines", "orders", "customers", "inventory_items"),
    "inventory": ("outbox", "stock_items"),
}
_ITEM_COPY: dict[Target, str] = {
    "monolith": "COPY inventory_items (id, sku, name, qty_on_hand, qty_reserved, price,"
                " description, updated_at) FROM STDIN",
    "inventory": "COPY stock_items (item_id, sku_code, title, on_hand, reserved, unit_price,"
                 " details, changed_at) FROM STDIN",
}
_IDENTITIES: dict[Target, tuple[tuple[str, str], ...]] = {
    "monolith": (("inventory_items", "id"), ("customers", "id"), ("orders", "id")),
    "inventory": (),
}


class SeedError(StranglerError):
    """Seeding failed at run time (database unreachable, constraint violated, ...)."""


Advance = Callable[[str, int], None]


def create_schema(dsn: str, target: Target) -> None:
    """Run the app's own idempotent schema creation against `dsn`."""
    if target == "monolith":
        from sample_monolith.schema import create_schema as create
    else:
        from sample_services.inventory.schema import create_schema as create
    engine = create_engine(sqlalchemy_url(dsn))
    try:
        with engine.begin() as conn:
            create(conn)
    finally:
        engine.dispose()


def _copy(cur: psycopg.Cursor[Any], statement: str, rows: Iterator[tuple[Any, ...]],
          advance: Callable[[int], None]) -> int:
    count = 0
    with cur.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
            if count % 2000 == 0:
                advance(2000)
    advance(count % 2000)
    return count


def seed_database(dsn: str, counts: SeedCounts, *, seed: int = 42,
                  target: Target = "monolith", reset: bool = False,
                  advance: Advance | None = None) -> SeedReport:
    """Create the schema if needed and load the data set into `dsn` in one transaction."""
    step: Advance = advance or (lambda table, n: None)
    if target == "inventory" and (counts.customers or counts.orders):
        raise UsageError("the inventory service has no customers or orders; seed only --items")
    if counts.orders and (counts.customers < 1 or counts.items < 1):
        raise UsageError("orders need at least one customer and one item")
    started = time.monotonic()
    try:
        create_schema(dsn, target)
        with psycopg.connect(dsn) as conn, conn.cursor() as cur:
            tables = _TABLES[target]
            if reset:
                cur.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            else:
                for table in tables:
                    cur.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
                    row = cur.fetchone()
                    if row and row[0]:
                        raise UsageError(f"{target} database already has rows in {table}",
                                         hint="pass --reset to replace them")
            prices: list[Decimal] = []

            def items() -> Iterator[tuple[Any, ...]]:
                for it in generate_items(counts.items, seed):
                    if counts.orders:
                        prices.append(it.price)
                    yield (it.id, it.sku, it.name, it.qty_on_hand, it.qty_reserved, it.price,
                           it.description, it.updated_at)

            n_items = _copy(cur, _ITEM_COPY[target], items(), lambda n: step("items", n))
            n_customers = n_orders = n_lines = 0
            if target == "monolith":
                n_customers = _copy(
                    cur, "COPY customers (id, email, name, created_at) FROM STDIN",
                    generate_customers(counts.customers, seed),
                    lambda n: step("customers", n))
                lines: list[LineRow] = []

                def order_rows() -> Iterator[OrderRow]:
                    for order, order_lines in generate_orders(
                            counts.orders, seed, customers=counts.customers, prices=prices):
                        lines.extend(order_lines)
                        yield order

                n_orders = _copy(cur, "COPY orders (id, customer_id, status, total, created_at)"
                                 " FROM STDIN", order_rows(), lambda n: step("orders", n))
                n_lines = _copy(cur, "COPY order_lines (order_id, line_no, item_id, quantity,"
                                " unit_price) FROM STDIN", iter(lines), lambda n: None)
            for table, column in _IDENTITIES[target]:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                            f" COALESCE((SELECT max({column}) FROM {table}), 0) + 1, false)")
            conn.commit()
            conn.autocommit = True
            for table in tables:
                cur.execute(f"ANALYZE {table}")
    except psycopg.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SeedError(f"seeding {target} at {redact(dsn)} failed: {detail}") from exc
    except Exception as exc:
        orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
        if isinstance(orig, psycopg.Error):
            raise SeedError(f"seeding {target} at {redact(dsn)} failed: "
                            f"{str(orig).strip().splitlines()[0]}") from exc
        raise
    return SeedReport(target, n_items, n_customers, n_orders, n_lines,
                      round(time.monotonic() - started, 3))


# --- CLI -----------------------------------------------------------------------------------


@click.command()
@click.option("--items", type=click.IntRange(0, 10_000_000), default=1000, show_default=True)
@click.option("--customers", type=click.IntRange(0, 10_000_000), default=None,
              help="[default: 100; none for --target inventory]")
@click.option("--orders", type=click.IntRange(0, 10_000_000), default=None,
              help="[default: 200; none for --target inventory]")
@click.option("--seed", "seed_value", type=int, default=42, show_default=True,
              help="Same seed, same data.")
@click.option("--target", type=click.Choice(["monolith", "inventory"]), default="monolith",
              show_default=True, help="Which app's database (and schema) to fill.")
@click.option("--dsn", default=None,
              help="PostgreSQL DSN (default: $STRANGLER_<TARGET>_DSN, then the local stack).")
@click.option("--reset", is_flag=True, help="Empty the target's tables first.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def seed(items: int, customers: int | None, orders: int | None, seed_value: int, target: Target,
         dsn: str | None, reset: bool, as_json: bool) -> int:
    """Fill an app's database with deterministic sample data (COPY, one transaction)."""
    if target == "inventory":
        if customers or orders:
            raise click.UsageError("--customers/--orders: the inventory service has no "
                                   "customers or orders")
        counts = SeedCounts(items)
    else:
        counts = SeedCounts(items, 100 if customers is None else customers,
                            200 if orders is None else orders)
    if counts.orders and (counts.customers < 1 or counts.items < 1):
        raise click.UsageError("--orders needs at least one customer and one item")
    dsn = resolve_dsn(dsn, target)
    console = Console(stderr=True)
    progress = Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console, disable=not console.is_terminal)
    tasks = {"items": progress.add_task("items", total=counts.items)}
    if target == "monolith":
        tasks["customers"] = progress.add_task("customers", total=counts.customers)
        tasks["orders"] = progress.add_task("orders", total=counts.orders)
    with progress:
        report = seed_database(dsn, counts, seed=seed_value, target=target, reset=reset,
                               advance=lambda table, n: progress.advance(tasks[table], n))
    if as_json:
        click.echo(json.dumps({**report.as_dict(), "dsn": redact(dsn)}))
    else:
        click.echo(f"seeded {target} at {redact(dsn)}: {report.items} items, "
                   f"{report.customers} customers, {report.orders} orders "
                   f"({report.order_lines} lines) in {report.seconds:.1f} s")
    return 0
