"""The monolith's tables, and the one idempotent function that creates them.

Guarantees: `create_schema` can run any number of times, from several processes at once (a
transaction-level advisory lock serialises it), and never drops or alters data. The stock
invariants live in the database as CHECK constraints (never negative, never more reserved
than on hand), so no code path can break them. `inventory_items.description` uses
STORAGE EXTERNAL: values over ~2 kB are stored out of line in the TOAST table uncompressed,
which makes the CDC path meet real TOAST behaviour with the seeded long descriptions.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["customers", "inventory_items", "inventory_port_setting", "metadata", "order_lines",
           "orders", "create_schema", "create_schema_async"]

# Any constant unique to this schema: two apps creating different schemas never wait on each other.
_SCHEMA_LOCK = 0x6D6F6E6F6C697468  # "monolith"

metadata = MetaData()

customers = Table(
    "customers", metadata,
    Column("id", BigInteger, Identity(always=False), primary_key=True),
    Column("email", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

inventory_items = Table(
    "inventory_items", metadata,
    Column("id", BigInteger, Identity(always=False), primary_key=True),
    Column("sku", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("qty_on_hand", BigInteger, nullable=False),
    Column("qty_reserved", BigInteger, nullable=False, server_default=text("0")),
    Column("price", Numeric(12, 2), nullable=False),
    Column("description", Text, nullable=False, server_default=text("''")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("qty_on_hand >= 0", name="inventory_items_on_hand_nonneg"),
    CheckConstraint("qty_reserved >= 0 AND qty_reserved <= qty_on_hand",
                    name="inventory_items_reserved_within_on_hand"),
    CheckConstraint("price >= 0", name="inventory_items_price_nonneg"),
)

orders = Table(
    "orders", metadata,
    Column("id", BigInteger, Identity(always=False), primary_key=True),
    Column("customer_id", BigInteger, ForeignKey("customers.id"), nullable=False),
    Column("status", Text, nullable=False),
    Column("total", Numeric(14, 2), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("status IN ('placed', 'shipped', 'cancelled')", name="orders_status_known"),
    Index("orders_customer_id_idx", "customer_id", "id"),
)

order_lines = Table(
    "order_lines", metadata,
    Column("order_id", BigInteger, ForeignKey("orders.id", ondelete="CASCADE"),
           primary_key=True),
    Column("line_no", Integer, primary_key=True),
    # A cross-context foreign key, as monoliths have them: orders point into inventory.
    Column("item_id", BigInteger, ForeignKey("inventory_items.id"), nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("unit_price", Numeric(12, 2), nullable=False),
    CheckConstraint("quantity > 0", name="order_lines_quantity_positive"),
    Index("order_lines_item_id_idx", "item_id"),
)

# The order module's inventory port as last switched at run time (sample_monolith.port_switch):
# one row, absent until the first switch.
inventory_port_setting = Table(
    "inventory_port_setting", metadata,
    Column("id", SmallInteger, primary_key=True, autoincrement=False),
    Column("mode", Text, nullable=False),
    Column("url", Text),
    Column("changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("changed_by", Text, nullable=False),
    CheckConstraint("id = 1", name="inventory_port_setting_one_row"),
    CheckConstraint("mode IN ('local', 'remote')", name="inventory_port_setting_mode_known"),
    CheckConstraint("(mode = 'remote') = (url IS NOT NULL)",
                    name="inventory_port_setting_url_iff_remote"),
)


def create_schema(conn: Connection) -> None:
    """Create every missing table, index and constraint; commit is the caller's."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
    metadata.create_all(conn, checkfirst=True)
    storage = conn.execute(text(
        "SELECT attstorage FROM pg_attribute"
        " WHERE attrelid = 'inventory_items'::regclass AND attname = 'description'")).scalar()
    if storage != "e":  # ALTER takes an exclusive lock: only when it changes something
        conn.execute(text(
            "ALTER TABLE inventory_items ALTER COLUMN description SET STORAGE EXTERNAL"))


async def create_schema_async(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(create_schema)
