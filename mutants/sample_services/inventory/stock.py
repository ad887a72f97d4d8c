"""The inventory service's stock: `stock_items` rows, changed atomically, with their events.

Guarantees: every change is one conditional UPDATE (no negative stock, never more reserved than
on hand, under any concurrency) and its domain event is inserted into `outbox` in the same
transaction, so an event exists if and only if its change committed. A refused change writes
nothing and raises the contract's error, with the same message the monolith gives.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from sample_services.inventory import events
from sample_services.inventory.contract import (
    AdjustBelowReserved,
    InsufficientStock,
    ItemNotFound,
    ListQuery,
    ReleaseExceedsReserved,
    StockView,
)
from sample_services.inventory.schema import outbox
from sample_services.inventory.schema import stock_items as t

__all__ = ["adjust", "get_item", "list_items", "release", "reserve"]

# The service's names, under the contract's names.
_DETAIL = (t.c.item_id.label("id"), t.c.sku_code.label("sku"), t.c.title.label("name"),
           t.c.on_hand.label("qty_on_hand"), t.c.reserved.label("qty_reserved"),
           t.c.unit_price.label("price"), t.c.changed_at.label("updated_at"),
           t.c.details.label("description"))
_SUMMARY = _DETAIL[:-1]


def _view(row: Any) -> StockView:
    m: RowMapping = row._mapping
    return StockView(id=m["id"], sku=m["sku"], name=m["name"], qty_on_hand=m["qty_on_hand"],
                     qty_reserved=m["qty_reserved"], price=m["price"],
                     updated_at=m["updated_at"], description=m.get("description"))


async def _record(conn: AsyncConnection, event: events.DomainEvent) -> None:
    await conn.execute(insert(outbox).values(aggregate_id=event.aggregate_id,
                                             event_type=event.event_type,
                                             payload=event.payload))


async def get_item(conn: AsyncConnection, item_id: int) -> StockView | None:
    row = (await conn.execute(select(*_DETAIL).where(t.c.item_id == item_id))).first()
    return _view(row) if row else None


async def list_items(conn: AsyncConnection, query: ListQuery) -> tuple[list[StockView], bool]:
    """One page in id order after `query.after`, and whether another page follows."""
    stmt = (select(*_SUMMARY).where(t.c.item_id > query.after).order_by(t.c.item_id)
            .limit(query.limit + 1))
    if query.sku is not None:
        stmt = stmt.where(t.c.sku_code == query.sku)
    rows = (await conn.execute(stmt)).all()
    return [_view(r) for r in rows[: query.limit]], len(rows) > query.limit


async def _current(conn: AsyncConnection, item_id: int) -> StockView:
    current = await get_item(conn, item_id)
    if current is None:
        raise ItemNotFound(item_id)
    return current


async def adjust(conn: AsyncConnection, item_id: int, delta: int, reason: str) -> StockView:
    row = (await conn.execute(
        update(t)
        .where(t.c.item_id == item_id, t.c.on_hand + delta >= t.c.reserved)
        .values(on_hand=t.c.on_hand + delta, changed_at=func.statement_timestamp())
        .returning(*_DETAIL))).first()
    if row is None:
        cur = await _current(conn, item_id)
        raise AdjustBelowReserved(item_id, delta, cur.qty_on_hand, cur.qty_reserved)
    view = _view(row)
    await _record(conn, events.stock_adjusted(view, delta, reason))
    return view


async def reserve(conn: AsyncConnection, item_id: int, quantity: int) -> StockView:
    row = (await conn.execute(
        update(t)
        .where(t.c.item_id == item_id, t.c.on_hand - t.c.reserved >= quantity)
        .values(reserved=t.c.reserved + quantity, changed_at=func.statement_timestamp())
        .returning(*_DETAIL))).first()
    if row is None:
        cur = await _current(conn, item_id)
        raise InsufficientStock(item_id, quantity, cur.qty_on_hand - cur.qty_reserved)
    view = _view(row)
    await _record(conn, events.item_reserved(view, quantity))
    return view


async def release(conn: AsyncConnection, item_id: int, quantity: int) -> StockView:
    row = (await conn.execute(
        update(t)
        .where(t.c.item_id == item_id, t.c.reserved >= quantity)
        .values(reserved=t.c.reserved - quantity, changed_at=func.statement_timestamp())
        .returning(*_DETAIL))).first()
    if row is None:
        cur = await _current(conn, item_id)
        raise ReleaseExceedsReserved(item_id, quantity, cur.qty_reserved)
    view = _view(row)
    await _record(conn, events.reservation_released(view, quantity))
    return view
