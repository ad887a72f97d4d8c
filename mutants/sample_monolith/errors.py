"""The monolith's exception tree (rooted in the sample apps' `ApiError`).

The inventory routes raise the shared contract's errors
(`sample_services.inventory.contract.InventoryError`), so both apps answer them identically;
everything specific to the monolith derives from `MonolithError`.
"""

from __future__ import annotations

from sample_services.web import ApiError, BadRequest, NotFound, ServiceUnavailable

__all__ = ["CustomerNotFound", "DuplicateLine", "InventoryUnavailable", "MonolithError",
           "OrderNotFound"]


class MonolithError(ApiError):
    """Base of the monolith's own errors."""


class CustomerNotFound(MonolithError, NotFound):
    code = "customer_not_found"

    def __init__(self, customer_id: int, *, field: str = "customer_id") -> None:
        super().__init__(f"customer {customer_id} does not exist", field=field)


class OrderNotFound(MonolithError, NotFound):
    code = "order_not_found"

    def __init__(self, order_id: int) -> None:
        super().__init__(f"order {order_id} does not exist", field="order_id")


class DuplicateLine(MonolithError, BadRequest):
    code = "duplicate_line"

    def __init__(self, index: int, item_id: int) -> None:
        super().__init__(f"lines[{index}].item_id: item {item_id} appears in an earlier line",
                         field=f"lines[{index}].item_id")


class InventoryUnavailable(MonolithError, ServiceUnavailable):
    """The inventory API behind the port failed or answered something unexpected."""

    code = "inventory_unavailable"
