"""The inventory port: the one seam through which the order module touches inventory.

Branch by abstraction: `LocalInventory` reserves in the monolith's own `inventory_items`, inside
the order's transaction, so an order and its reservations commit or roll back together.
`RemoteInventory` calls the inventory API (the service, or the gateway in front of it) once the
inventory writes have moved there; the monolith keeps taking orders.

Guarantees of `RemoteInventory`: lines are reserved one by one in item-id order; when a line is
refused, or the order transaction fails afterwards, every reservation already made is released
again (compensation). Not guaranteed: a reserve call that times out may or may not have been
applied by the service; such a call is reported as 503 and not compensated, since releasing an
unapplied reservation could release someone else's stock. The remote API has no idempotency key
(yet) to close that gap.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

import aiohttp
from sqlalchemy.ext.asyncio import AsyncConnection

from sample_monolith import inventory
from sample_monolith.errors import InventoryUnavailable
from sample_services.inventory.contract import ItemNotFound
from sample_services.web import ApiError, Conflict

__all__ = ["InventoryPort", "LineRequest", "LocalInventory", "RemoteInventory", "Reservation"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LineRequest:
    index: int  # position in the request body, for precise error fields
    item_id: int
    quantity: int


@dataclass(frozen=True)
class Reservation:
    item_id: int
    quantity: int
    unit_price: Decimal


class InventoryPort(Protocol):
    name: str

    async def reserve(self, conn: AsyncConnection,
                      lines: Sequence[LineRequest]) -> list[Reservation]:
        """Reserve every line or none; `conn` is the order's open transaction."""

    async def compensate(self, reservations: Sequence[Reservation]) -> None:
        """Undo reservations whose order did not commit."""


def _lock_order(lines: Sequence[LineRequest]) -> list[LineRequest]:
    # One global order of row locks: two orders on the same items cannot deadlock.
    return sorted(lines, key=lambda line: line.item_id)


class LocalInventory:
    """Reserve in the monolith's own table, inside the order's transaction."""

    name = "local"

    async def reserve(self, conn: AsyncConnection,
                      lines: Sequence[LineRequest]) -> list[Reservation]:
        out = []
        for line in _lock_order(lines):
            view = await inventory.reserve(
                conn, line.item_id, line.quantity,
                item_field=f"lines[{line.index}].item_id",
                quantity_field=f"lines[{line.index}].quantity")
            out.append(Reservation(line.item_id, line.quantity, view.price))
        return out

    async def compensate(self, reservations: Sequence[Reservation]) -> None:
        return None  # the order's rollback already undid them


class RemoteInventory:
    """Reserve through the inventory HTTP API at `base_url`."""

    name = "remote"

    def __init__(self, session: aiohttp.ClientSession, base_url: str, *,
                 timeout: float = 5.0) -> None:
        self._session = session
        self._base = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def _post(self, path: str, quantity: int) -> tuple[int, dict[str, Any]]:
        try:
            async with self._session.post(f"{self._base}{path}", json={"quantity": quantity},
                                          timeout=self._timeout,
                                          allow_redirects=False) as resp:
                body = await resp.json(content_type=None)
                return resp.status, body if isinstance(body, dict) else {}
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            raise InventoryUnavailable(
                f"inventory API did not answer {path}: {type(exc).__name__}") from exc

    async def reserve(self, conn: AsyncConnection,
                      lines: Sequence[LineRequest]) -> list[Reservation]:
        done: list[Reservation] = []
        try:
            for line in _lock_order(lines):
                status, body = await self._post(f"/api/inventory/{line.item_id}/reserve",
                                                line.quantity)
                if status == 200:
                    done.append(Reservation(line.item_id, line.quantity, _price(body)))
                    continue
                raw_error = body.get("error")
                error: dict[str, Any] = raw_error if isinstance(raw_error, dict) else {}
                if status == 404 and error.get("code") == "item_not_found":
                    raise ItemNotFound(line.item_id, field=f"lines[{line.index}].item_id")
                if status == 409:
                    raise Conflict(str(error.get("message", "conflict")),
                                   field=f"lines[{line.index}].quantity",
                                   code=str(error.get("code", "conflict")))
                raise InventoryUnavailable(
                    f"inventory API answered {status} to a reserve of item {line.item_id}")
        except BaseException:
            await self.compensate(done)
            raise
        return done

    async def compensate(self, reservations: Sequence[Reservation]) -> None:
        for r in reservations:
            try:
                status, _ = await self._post(f"/api/inventory/{r.item_id}/release", r.quantity)
            except ApiError as exc:
                status, _ = 0, exc
            if status != 200:
                # Needs an operator: stock stays reserved for an order that does not exist.
                log.error("compensation failed: release of %d x item %d answered %s",
                          r.quantity, r.item_id, status or "nothing")


def _price(body: dict[str, Any]) -> Decimal:
    try:
        return Decimal(str(body["price"]))
    except (KeyError, InvalidOperation) as exc:
        raise InventoryUnavailable("inventory API answered a reserve without a price") from exc
