"""The monolith's inventory: its rows in `inventory_items`, read and changed atomically.

Guarantees: every change is one conditional UPDATE, so concurrent requests can never drive
stock negative or reserve more than is on hand (PostgreSQL re-checks the condition on the
locked row under READ COMMITTED). A refused change writes nothing and raises the contract's
error with the numbers that made it fail. Functions take the caller's connection, so an order
can reserve stock inside its own transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from sample_monolith.schema import inventory_items as t
from sample_services.inventory.contract import (
    AdjustBelowReserved,
    InsufficientStock,
    ItemNotFound,
    ListQuery,
    ReleaseExceedsReserved,
    StockView,
)

__all__ = ["adjust", "get_item", "list_items", "release", "reserve"]

_DETAIL = (t.c.id, t.c.sku, t.c.name, t.c.qty_on_hand, t.c.qty_reserved, t.c.price,
           t.c.updated_at, t.c.description)
_SUMMARY = _DETAIL[:-1]


def _now() -> Any:
    # statement_timestamp(), not now(): now() is the transaction's start, which inside a longer
    # order transaction can precede a change another transaction committed meanwhile.
    return func.statement_timestamp()


def _view(row: Any) -> StockView:
    m: RowMapping = row._mapping
    return StockView(id=m["id"], sku=m["sku"], name=m["name"], qty_on_hand=m["qty_on_hand"],
                     qty_reserved=m["qty_reserved"], price=m["price"],
                     updated_at=m["updated_at"], description=m.get("description"))


async def get_item(conn: AsyncConnection, item_id: int) -> StockView | None:
    row = (await conn.execute(select(*_DETAIL).where(t.c.id == item_id))).first()
    return _view(row) if row else None


async def list_items(conn: AsyncConnection, query: ListQuery) -> tuple[list[StockView], bool]:
    """One page in id order after `query.after`, and whether another page follows."""
    stmt = select(*_SUMMARY).where(t.c.id > query.after).order_by(t.c.id).limit(query.limit + 1)
    if query.sku is not None:
        stmt = stmt.where(t.c.sku == query.sku)
    rows = (await conn.execute(stmt)).all()
    return [_view(r) for r in rows[: query.limit]], len(rows) > query.limit


async def _current(conn: AsyncConnection, item_id: int, field: str) -> StockView:
    current = await get_item(conn, item_id)
    if current is None:
        raise ItemNotFound(item_id, field=field)
    return current


async def adjust(conn: AsyncConnection, item_id: int, delta: int) -> StockView:
    row = (await conn.execute(
        update(t)
        .where(t.c.id == item_id, t.c.qty_on_hand + delta >= t.c.qty_reserved)
        .values(qty_on_hand=t.c.qty_on_hand + delta, updated_at=_now())
        .returning(*_DETAIL))).first()
    if row is None:
        cur = await _current(conn, item_id, "item_id")
        raise AdjustBelowReserved(item_id, delta, cur.qty_on_hand, cur.qty_reserved)
    return _view(row)


async def reserve(conn: AsyncConnection, item_id: int, quantity: int, *,
                  item_field: str = "item_id", quantity_field: str = "quantity") -> StockView:
    """Reserve `quantity`; the *_field names say where an error points in the caller's body."""
    row = (await conn.execute(
        update(t)
        .where(t.c.id == item_id, t.c.qty_on_hand - t.c.qty_reserved >= quantity)
        .values(qty_reserved=t.c.qty_reserved + quantity, updated_at=_now())
        .returning(*_DETAIL))).first()
    if row is None:
        cur = await _current(conn, item_id, item_field)
        raise InsufficientStock(item_id, quantity, cur.qty_on_hand - cur.qty_reserved,
                                field=quantity_field)
    return _view(row)


async def release(conn: AsyncConnection, item_id: int, quantity: int) -> StockView:
    row = (await conn.execute(
        update(t)
        .where(t.c.id == item_id, t.c.qty_reserved >= quantity)
        .values(qty_reserved=t.c.qty_reserved - quantity, updated_at=_now())
        .returning(*_DETAIL))).first()
    if row is None:
        cur = await _current(conn, item_id, "item_id")
        raise ReleaseExceedsReserved(item_id, quantity, cur.qty_reserved)
    return _view(row)
