"""The public inventory API contract, shared by its two implementations.

The monolith served the inventory routes first; the inventory service must answer them
identically so that the gateway can move traffic between the two. This module owns the parts of
that contract that are not storage: the request bodies (validated strictly: no coercion, no
unknown fields, bounded numbers), the query parameters of the paged list, and the JSON shape of
an item. Each app maps its own rows onto `StockView`; everything after that is common.

By-nature differences, which shadow-diff rules must ignore: `served_by` and `served_at` on every
successful inventory response, and `updated_at` in the response to a write (the time of that
write on that app). Prices are strings with exactly two decimals, so no float ever rounds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, field_validator

from sample_services.web import ApiError, BadRequest, Conflict, NotFound, iso_utc, query_int

__all__ = [
    "BY_NATURE_FIELDS",
    "MAX_ID",
    "MAX_QTY",
    "AdjustRequest",
    "AdjustBelowReserved",
    "InsufficientStock",
    "InventoryError",
    "ItemNotFound",
    "ReleaseExceedsReserved",
    "ListQuery",
    "QuantityRequest",
    "StockView",
    "parse_list_query",
    "render_item",
    "render_page",
]

MAX_QTY = 1_000_000
MAX_ID = 2**63 - 1
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_SKU = 64
BY_NATURE_FIELDS = ("served_by", "served_at")

ItemId = Annotated[int, Field(gt=0, le=MAX_ID)]
Quantity = Annotated[int, Field(gt=0, le=MAX_QTY)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class AdjustRequest(_Strict):
    """`POST /api/inventory/adjust`: add (delta > 0) or remove (delta < 0) stock on hand."""

    item_id: ItemId
    delta: Annotated[int, Field(ge=-MAX_QTY, le=MAX_QTY)]
    reason: Annotated[str, Field(min_length=1, max_length=200)]

    @field_validator("delta")
    @classmethod
    def _non_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("must not be 0")
        return value

    @field_validator("reason")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class QuantityRequest(_Strict):
    """`POST /api/inventory/{item_id}/reserve` and `/release`."""

    quantity: Quantity


# --- errors: same status, code, message and field from both apps ------------------------------


class InventoryError(ApiError):
    """Base of the inventory contract's errors."""


class ItemNotFound(InventoryError, NotFound):
    code = "item_not_found"

    def __init__(self, item_id: int, *, field: str = "item_id") -> None:
        super().__init__(f"inventory item {item_id} does not exist", field=field)
        self.item_id = item_id


class InsufficientStock(InventoryError, Conflict):
    code = "insufficient_stock"

    def __init__(self, item_id: int, wanted: int, available: int, *,
                 field: str = "quantity") -> None:
        super().__init__(f"inventory item {item_id}: cannot reserve {wanted}, "
                         f"only {available} available", field=field)
        self.item_id = item_id


class AdjustBelowReserved(InventoryError, Conflict):
    code = "insufficient_stock"

    def __init__(self, item_id: int, delta: int, on_hand: int, reserved: int) -> None:
        super().__init__(f"inventory item {item_id}: adjusting by {delta} would leave "
                         f"{on_hand + delta} on hand with {reserved} reserved", field="delta")


class ReleaseExceedsReserved(InventoryError, Conflict):
    code = "release_exceeds_reserved"

    def __init__(self, item_id: int, wanted: int, reserved: int) -> None:
        super().__init__(f"inventory item {item_id}: cannot release {wanted}, "
                         f"only {reserved} reserved", field="quantity")


# --- reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    """`GET /api/inventory?sku=&limit=&after=`: keyset pagination by ascending id."""

    sku: str | None = None
    limit: int = DEFAULT_LIMIT
    after: int = 0


@dataclass(frozen=True)
class StockView:
    """One inventory item as the API shows it, whatever the storage calls its columns."""

    id: int
    sku: str
    name: str
    qty_on_hand: int
    qty_reserved: int
    price: Decimal
    updated_at: datetime
    description: str | None = None


def served(by: str, now: datetime | None = None) -> dict[str, str]:
    return {"served_by": by, "served_at": iso_utc(now or datetime.now(UTC))}


def render_item(view: StockView, *, served_by: str, detail: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": view.id,
        "sku": view.sku,
        "name": view.name,
        "qty_on_hand": view.qty_on_hand,
        "qty_reserved": view.qty_reserved,
        "qty_available": view.qty_on_hand - view.qty_reserved,
        "price": f"{view.price:.2f}",
        "updated_at": iso_utc(view.updated_at),
    }
    if detail:
        body["description"] = view.description
    if served_by:
        body.update(served(served_by))
    return body


def render_page(views: list[StockView], *, has_more: bool, served_by: str) -> dict[str, Any]:
    """A page of items without descriptions; `next_after` is null on the last page."""
    return {
        "items": [render_item(v, served_by="", detail=False) for v in views],
        "next_after": views[-1].id if views and has_more else None,
        **served(served_by),
    }


def parse_list_query(request: web.Request) -> ListQuery:
    sku = request.query.get("sku") or None
    if sku is not None and len(sku) > MAX_SKU:
        raise BadRequest(f"sku must be at most {MAX_SKU} characters", field="sku",
                         code="invalid_field")
    limit = query_int(request, "limit", default=DEFAULT_LIMIT, low=1, high=MAX_LIMIT)
    after = query_int(request, "after", default=0, low=0, high=MAX_ID)
    assert limit is not None and after is not None
    return ListQuery(sku=sku, limit=limit, after=after)
