"""The inventory service's domain events, as they are written to the outbox.

Pure: builds `DomainEvent` values from what a write did; `stock` stores them in the same
transaction as the write. Payloads are JSON-ready (quantities as integers, prices not included,
timestamps in the API's format) and self-contained: a consumer needs no lookup to use one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sample_services.inventory.contract import StockView
from sample_services.web import iso_utc

__all__ = ["DomainEvent", "item_reserved", "reservation_released", "stock_adjusted"]


@dataclass(frozen=True)
class DomainEvent:
    aggregate_id: int
    event_type: str
    payload: dict[str, Any]


def _state(after: StockView) -> dict[str, Any]:
    return {"item_id": after.id, "sku": after.sku, "on_hand": after.qty_on_hand,
            "reserved": after.qty_reserved, "occurred_at": iso_utc(after.updated_at)}


def stock_adjusted(after: StockView, delta: int, reason: str) -> DomainEvent:
    return DomainEvent(after.id, "StockAdjusted", {**_state(after), "delta": delta,
                                                    "reason": reason})


def item_reserved(after: StockView, quantity: int) -> DomainEvent:
    return DomainEvent(after.id, "ItemReserved", {**_state(after), "quantity": quantity})


def reservation_released(after: StockView, quantity: int) -> DomainEvent:
    return DomainEvent(after.id, "ReservationReleased", {**_state(after), "quantity": quantity})
