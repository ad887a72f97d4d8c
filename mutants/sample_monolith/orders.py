"""Orders and customers: the monolith's own domain, coupled to inventory through one port.

Guarantees: an order is placed whole or not at all. Its lines are reserved through the
`InventoryPort` and the order rows are written in one transaction; if that transaction fails
after a remote reservation succeeded, the port compensates. Unit prices are the inventory's
prices at reservation time, totals are exact decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from sample_monolith.errors import CustomerNotFound, DuplicateLine
from sample_monolith.inventory_port import InventoryPort, LineRequest, Reservation
from sample_monolith.schema import customers, order_lines, orders
from sample_services.inventory.contract import MAX_ID, MAX_QTY
from sample_services.web import iso_utc

__all__ = ["OrderView", "PlaceOrder", "get_customer", "get_order", "list_orders",
           "place_order", "render_order"]

MAX_LINES = 50


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class OrderLineIn(_Strict):
    item_id: Annotated[int, Field(gt=0, le=MAX_ID)]
    quantity: Annotated[int, Field(gt=0, le=MAX_QTY)]


class PlaceOrder(_Strict):
    """`POST /api/orders`."""

    customer_id: Annotated[int, Field(gt=0, le=MAX_ID)]
    lines: Annotated[list[OrderLineIn], Field(min_length=1, max_length=MAX_LINES)]


@dataclass(frozen=True)
class LineView:
    line_no: int
    item_id: int
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class OrderView:
    id: int
    customer_id: int
    status: str
    total: Decimal
    created_at: datetime
    lines: tuple[LineView, ...]


def render_order(order: OrderView) -> dict[str, Any]:
    return {
        "id": order.id,
        "customer_id": order.customer_id,
        "status": order.status,
        "total": f"{order.total:.2f}",
        "created_at": iso_utc(order.created_at),
        "lines": [{"line_no": ln.line_no, "item_id": ln.item_id, "quantity": ln.quantity,
                   "unit_price": f"{ln.unit_price:.2f}"} for ln in order.lines],
    }


def _line_requests(request: PlaceOrder) -> list[LineRequest]:
    seen: set[int] = set()
    out = []
    for index, line in enumerate(request.lines):
        if line.item_id in seen:
            raise DuplicateLine(index, line.item_id)
        seen.add(line.item_id)
        out.append(LineRequest(index, line.item_id, line.quantity))
    return out


async def place_order(engine: AsyncEngine, port: InventoryPort,
                      request: PlaceOrder) -> OrderView:
    lines = _line_requests(request)
    reservations: Sequence[Reservation] = ()
    try:
        async with engine.begin() as conn:
            found = await conn.scalar(
                select(customers.c.id).where(customers.c.id == request.customer_id))
            if found is None:
                raise CustomerNotFound(request.customer_id)
            reservations = await port.reserve(conn, lines)
            price = {r.item_id: r.unit_price for r in reservations}
            total = sum((price[ln.item_id] * ln.quantity for ln in lines), Decimal("0"))
            row = (await conn.execute(
                insert(orders)
                .values(customer_id=request.customer_id, status="placed", total=total)
                .returning(orders.c.id, orders.c.created_at))).one()
            views = tuple(LineView(ln.index + 1, ln.item_id, ln.quantity, price[ln.item_id])
                          for ln in lines)
            await conn.execute(insert(order_lines), [
                {"order_id": row.id, "line_no": v.line_no, "item_id": v.item_id,
                 "quantity": v.quantity, "unit_price": v.unit_price} for v in views])
    except BaseException:
        if reservations:
            await port.compensate(reservations)
        raise
    return OrderView(row.id, request.customer_id, "placed", total, row.created_at, views)


async def _lines_of(conn: AsyncConnection, order_ids: list[int]) -> dict[int, list[LineView]]:
    out: dict[int, list[LineView]] = {oid: [] for oid in order_ids}
    if not order_ids:
        return out
    rows = await conn.execute(
        select(order_lines).where(order_lines.c.order_id.in_(order_ids))
        .order_by(order_lines.c.order_id, order_lines.c.line_no))
    for r in rows:
        out[r.order_id].append(LineView(r.line_no, r.item_id, r.quantity, r.unit_price))
    return out


async def get_order(conn: AsyncConnection, order_id: int) -> OrderView | None:
    row = (await conn.execute(select(orders).where(orders.c.id == order_id))).first()
    if row is None:
        return None
    lines = (await _lines_of(conn, [order_id]))[order_id]
    return OrderView(row.id, row.customer_id, row.status, row.total, row.created_at,
                     tuple(lines))


async def list_orders(conn: AsyncConnection, *, customer_id: int | None, limit: int,
                      after: int) -> tuple[list[OrderView], bool]:
    stmt = select(orders).where(orders.c.id > after).order_by(orders.c.id).limit(limit + 1)
    if customer_id is not None:
        stmt = stmt.where(orders.c.customer_id == customer_id)
    rows = (await conn.execute(stmt)).all()
    page = rows[:limit]
    lines = await _lines_of(conn, [r.id for r in page])
    views = [OrderView(r.id, r.customer_id, r.status, r.total, r.created_at, tuple(lines[r.id]))
             for r in page]
    return views, len(rows) > limit


async def get_customer(conn: AsyncConnection, customer_id: int) -> dict[str, Any] | None:
    row = (await conn.execute(select(customers).where(customers.c.id == customer_id))).first()
    if row is None:
        return None
    return {"id": row.id, "email": row.email, "name": row.name,
            "created_at": iso_utc(row.created_at)}
