"""The inventory service's tables: deliberately not the monolith's shape.

`stock_items` holds what the monolith keeps in `inventory_items`, under other names (see
docs/samples.md for the column mapping the CDC applier implements); `outbox` holds one domain
event per write, committed in the same transaction. `create_schema` is idempotent and safe to run
concurrently (advisory lock); stock invariants are CHECK constraints; `details` is stored out of
line (STORAGE EXTERNAL) like the monolith's `description`, so reverse sync meets TOAST too.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Identity,
    Index,
    MetaData,
    Numeric,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["EVENT_TYPES", "create_schema", "create_schema_async", "metadata", "outbox",
           "stock_items"]

_SCHEMA_LOCK = 0x696E76656E746F72  # "inventor"
EVENT_TYPES = ("StockAdjusted", "ItemReserved", "ReservationReleased")

metadata = MetaData()

stock_items = Table(
    "stock_items", metadata,
    # The monolith's item id, kept: the id is part of the public API.
    Column("item_id", BigInteger, primary_key=True, autoincrement=False),
    Column("sku_code", Text, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("on_hand", BigInteger, nullable=False),
    Column("reserved", BigInteger, nullable=False, server_default=text("0")),
    Column("unit_price", Numeric(12, 2), nullable=False),
    Column("details", Text, nullable=False, server_default=text("''")),
    Column("changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("on_hand >= 0", name="stock_items_on_hand_nonneg"),
    CheckConstraint("reserved >= 0 AND reserved <= on_hand",
                    name="stock_items_reserved_within_on_hand"),
    CheckConstraint("unit_price >= 0", name="stock_items_unit_price_nonneg"),
)

outbox = Table(
    "outbox", metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("aggregate_id", BigInteger, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False,
           server_default=func.statement_timestamp()),
    CheckConstraint("event_type IN ('StockAdjusted', 'ItemReserved', 'ReservationReleased')",
                    name="outbox_event_type_known"),
    Index("outbox_aggregate_id_idx", "aggregate_id", "id"),
)


def create_schema(conn: Connection) -> None:
    """Create every missing table, index and constraint; commit is the caller's."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
    metadata.create_all(conn, checkfirst=True)
    storage = conn.execute(text(
        "SELECT attstorage FROM pg_attribute"
        " WHERE attrelid = 'stock_items'::regclass AND attname = 'details'")).scalar()
    if storage != "e":  # ALTER takes an exclusive lock: only when it changes something
        conn.execute(text("ALTER TABLE stock_items ALTER COLUMN details SET STORAGE EXTERNAL"))


async def create_schema_async(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(create_schema)
