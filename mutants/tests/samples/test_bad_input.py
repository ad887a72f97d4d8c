"""Bad input on every write endpoint: a 4xx JSON error naming the problem, and nothing written
(checked in the database: row images, outbox and order counts unchanged)."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from tests.samples.conftest import CUSTOMERS, AppProcess, Items, Target

JSON = {"Content-Type": "application/json"}
HUGE = json.dumps({"quantity": 1, "pad": "x" * 70_000})


def case(name: str, body: Any, status: int, code: str, field: str | None,
         headers: dict[str, str] | None = None) -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    return pytest.param(raw, headers or JSON, status, code, field, id=name)


def adjust_cases() -> list[Any]:
    good = {"item_id": "ITEM", "delta": 1, "reason": "r"}
    return [
        case("malformed-json", '{"item_id": ', 400, "malformed_json", None),
        case("not-an-object", "[1, 2]", 400, "invalid_body", None),
        case("empty-body", "", 400, "malformed_json", None),
        case("missing-delta", {"item_id": "ITEM", "reason": "r"}, 400, "missing_field", "delta"),
        case("missing-reason", {"item_id": "ITEM", "delta": 1}, 400, "missing_field", "reason"),
        case("missing-item", {"delta": 1, "reason": "r"}, 400, "missing_field", "item_id"),
        case("item-as-string", {**good, "item_id": "1"}, 400, "invalid_field", "item_id"),
        case("delta-as-string", {**good, "delta": "5"}, 400, "invalid_field", "delta"),
        case("delta-float", {**good, "delta": 1.5}, 400, "invalid_field", "delta"),
        case("delta-bool", {**good, "delta": True}, 400, "invalid_field", "delta"),
        case("delta-null", {**good, "delta": None}, 400, "invalid_field", "delta"),
        case("delta-zero", {**good, "delta": 0}, 400, "invalid_field", "delta"),
        case("delta-huge", {**good, "delta": 10**12}, 400, "invalid_field", "delta"),
        case("reason-empty", {**good, "reason": ""}, 400, "invalid_field", "reason"),
        case("reason-blank", {**good, "reason": "   "}, 400, "invalid_field", "reason"),
        case("reason-number", {**good, "reason": 5}, 400, "invalid_field", "reason"),
        case("reason-too-long", {**good, "reason": "r" * 201}, 400, "invalid_field", "reason"),
        case("negative-item", {**good, "item_id": -4}, 400, "invalid_field", "item_id"),
        case("unknown-field", {**good, "sku": "x"}, 400, "unknown_field", "sku"),
        case("unknown-item", {**good, "item_id": 999_999_999}, 404, "item_not_found",
             "item_id"),
        case("below-zero", {**good, "delta": -11}, 409, "insufficient_stock", "delta"),
        case("oversized", HUGE, 413, "body_too_large", None),
        case("wrong-type", "item_id=1", 415, "unsupported_media_type", None,
             {"Content-Type": "application/x-www-form-urlencoded"}),
    ]


def quantity_cases(op: str) -> list[Any]:
    cases = [
        case("malformed-json", "{quantity: 1}", 400, "malformed_json", None),
        case("not-an-object", '"1"', 400, "invalid_body", None),
        case("missing", {}, 400, "missing_field", "quantity"),
        case("negative", {"quantity": -1}, 400, "invalid_field", "quantity"),
        case("zero", {"quantity": 0}, 400, "invalid_field", "quantity"),
        case("string", {"quantity": "1"}, 400, "invalid_field", "quantity"),
        case("float", {"quantity": 1.0}, 400, "invalid_field", "quantity"),
        case("list", {"quantity": [1]}, 400, "invalid_field", "quantity"),
        case("too-many", {"quantity": 1_000_001}, 400, "invalid_field", "quantity"),
        case("unknown-field", {"quantity": 1, "x": 1}, 400, "unknown_field", "x"),
        case("oversized", HUGE, 413, "body_too_large", None),
        case("not-json-type", '{"quantity": 1}', 415, "unsupported_media_type", None,
             {"Content-Type": "text/plain"}),
    ]
    if op == "reserve":
        cases.append(case("more-than-available", {"quantity": 11}, 409, "insufficient_stock",
                          "quantity"))
    else:
        cases.append(case("more-than-reserved", {"quantity": 3}, 409,
                          "release_exceeds_reserved", "quantity"))
    return cases


async def post(url: str, raw: str, headers: dict[str, str]) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session, session.post(
            url, data=raw.encode(), headers=headers) as resp:
        assert resp.content_type == "application/json"
        return resp.status, await resp.json()


def check_error(status: int, body: Any, want_status: int, code: str, field: str | None) -> None:
    assert status == want_status, body
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["field"] == field
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if field:
        assert field in body["error"]["message"] or status in (404, 409)


@pytest.mark.parametrize("raw,headers,status,code,field", adjust_cases())
async def test_adjust_rejects(target: Target, items: Items, raw: str, headers: dict[str, str],
                              status: int, code: str, field: str | None) -> None:
    item_id = items.make(on_hand=10, reserved=2)
    before = target.snapshot()
    got_status, body = await post(f"{target.url}/api/inventory/adjust",
                                  raw.replace('"ITEM"', str(item_id)), headers)
    check_error(got_status, body, status, code, field)
    assert target.snapshot() == before
    assert target.stock(item_id) == (10, 2)


@pytest.mark.parametrize("op", ["reserve", "release"])
@pytest.mark.parametrize("raw,headers,status,code,field",
                         [c for c in quantity_cases("reserve") if c.id != "more-than-available"])
async def test_quantity_endpoints_reject(target: Target, items: Items, op: str, raw: str,
                                         headers: dict[str, str], status: int, code: str,
                                         field: str | None) -> None:
    item_id = items.make(on_hand=10, reserved=2)
    before = target.snapshot()
    got_status, body = await post(f"{target.url}/api/inventory/{item_id}/{op}", raw, headers)
    check_error(got_status, body, status, code, field)
    assert target.snapshot() == before


@pytest.mark.parametrize("op", ["reserve", "release"])
async def test_quantity_conflicts_write_nothing(target: Target, items: Items, op: str) -> None:
    item_id = items.make(on_hand=10, reserved=2)
    before = target.snapshot()
    qty, code = (9, "insufficient_stock") if op == "reserve" else (3, "release_exceeds_reserved")
    status, body = await post(f"{target.url}/api/inventory/{item_id}/{op}",
                              json.dumps({"quantity": qty}), JSON)
    check_error(status, body, 409, code, "quantity")
    assert target.snapshot() == before


@pytest.mark.parametrize("op", ["reserve", "release"])
@pytest.mark.parametrize("item_path,status,code", [
    ("999999999", 404, "item_not_found"),
    ("abc", 400, "invalid_field"),
    ("0", 400, "invalid_field"),
    ("-3", 400, "invalid_field"),
    (str(2**63), 400, "invalid_field"),
])
async def test_quantity_endpoints_reject_bad_items(target: Target, op: str, item_path: str,
                                                   status: int, code: str) -> None:
    before = target.snapshot()
    got, body = await post(f"{target.url}/api/inventory/{item_path}/{op}",
                           json.dumps({"quantity": 1}), JSON)
    check_error(got, body, status, code, "item_id")
    assert target.snapshot() == before


async def test_chunked_oversized_body_is_refused(target: Target, items: Items) -> None:
    """No Content-Length: the bound holds while streaming."""
    item_id = items.make()
    before = target.snapshot()

    async def chunks() -> Any:
        yield b'{"quantity": 1, "pad": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}'

    async with aiohttp.ClientSession() as session, session.post(
            f"{target.url}/api/inventory/{item_id}/reserve", data=chunks(),
            headers=JSON) as resp:
        assert resp.status == 413
        assert (await resp.json())["error"]["code"] == "body_too_large"
    assert target.snapshot() == before


# --- the monolith's order endpoint ---------------------------------------------------------


def order_cases() -> list[Any]:
    line = {"item_id": "ITEM", "quantity": 1}
    return [
        case("malformed-json", "{", 400, "malformed_json", None),
        case("missing-lines", {"customer_id": 1}, 400, "missing_field", "lines"),
        case("missing-customer", {"lines": [line]}, 400, "missing_field", "customer_id"),
        case("empty-lines", {"customer_id": 1, "lines": []}, 400, "invalid_field", "lines"),
        case("lines-not-list", {"customer_id": 1, "lines": line}, 400, "invalid_field",
             "lines"),
        case("negative-quantity", {"customer_id": 1, "lines": [
            {"item_id": "ITEM", "quantity": -2}]}, 400, "invalid_field", "lines[0].quantity"),
        case("missing-quantity", {"customer_id": 1, "lines": [line, {"item_id": "ITEM"}]},
             400, "missing_field", "lines[1].quantity"),
        case("customer-string", {"customer_id": "1", "lines": [line]}, 400, "invalid_field",
             "customer_id"),
        case("duplicate-line", {"customer_id": 1, "lines": [line, line]}, 400,
             "duplicate_line", "lines[1].item_id"),
        case("too-many-lines", {"customer_id": 1, "lines": [
            {"item_id": i, "quantity": 1} for i in range(1, 52)]}, 400, "invalid_field",
             "lines"),
        case("unknown-customer", {"customer_id": CUSTOMERS + 1000, "lines": [line]}, 404,
             "customer_not_found", "customer_id"),
        case("unknown-item", {"customer_id": 1, "lines": [
            line, {"item_id": 999_999_999, "quantity": 1}]}, 404, "item_not_found",
             "lines[1].item_id"),
        case("out-of-stock", {"customer_id": 1, "lines": [
            line, {"item_id": "ITEM2", "quantity": 11}]}, 409, "insufficient_stock",
             "lines[1].quantity"),
        case("oversized", HUGE, 413, "body_too_large", None),
    ]


@pytest.mark.parametrize("raw,headers,status,code,field", order_cases())
async def test_orders_reject(monolith_app: AppProcess, items: Items, raw: str,
                             headers: dict[str, str], status: int, code: str,
                             field: str | None) -> None:
    target = Target("monolith", monolith_app.url, items.dbs.monolith)
    item_id, item2 = items.make(on_hand=10), items.make(on_hand=10)
    before = target.snapshot()
    raw = raw.replace('"ITEM2"', str(item2)).replace('"ITEM"', str(item_id))
    got, body = await post(f"{monolith_app.url}/api/orders", raw, headers)
    check_error(got, body, status, code, field)
    # The first line's reservation, if any was made, rolled back with the order.
    assert target.snapshot() == before
