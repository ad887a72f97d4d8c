"""Concurrent writes on one item never break the stock invariants, on either app."""

from __future__ import annotations

import asyncio
from collections import Counter

import aiohttp
import psycopg

from tests.samples.conftest import Items, Target


async def answers(url: str, bodies: list[dict[str, object]]) -> list[int]:
    """POST every body at once; the status of each, in the order of `bodies`."""
    connector = aiohttp.TCPConnector(limit=len(bodies))
    async with aiohttp.ClientSession(connector=connector) as session:
        async def one(body: dict[str, object]) -> int:
            async with session.post(url, json=body) as resp:
                await resp.read()
                return resp.status
        return await asyncio.gather(*(one(b) for b in bodies))


async def burst(url: str, bodies: list[dict[str, object]]) -> Counter[int]:
    return Counter(await answers(url, bodies))


def outbox_events(target: Target, item_id: int) -> Counter[str]:
    with psycopg.connect(target.dsn) as conn:
        rows = conn.execute("SELECT event_type FROM outbox WHERE aggregate_id = %s",
                            (item_id,)).fetchall()
    return Counter(r[0] for r in rows)


async def test_50_concurrent_reserves_never_oversell(target: Target, items: Items) -> None:
    item_id = items.make(on_hand=20, reserved=0)
    statuses = await burst(f"{target.url}/api/inventory/{item_id}/reserve",
                           [{"quantity": 1}] * 50)
    assert statuses == Counter({200: 20, 409: 30})
    assert target.stock(item_id) == (20, 20)
    if target.kind == "inventory":  # one event per committed change, none for refusals
        assert outbox_events(target, item_id) == Counter({"ItemReserved": 20})


async def test_concurrent_uneven_reserves(target: Target, items: Items) -> None:
    item_id = items.make(on_hand=37, reserved=0)
    quantities = [1, 2, 3, 5, 7] * 10
    statuses = await answers(f"{target.url}/api/inventory/{item_id}/reserve",
                             [{"quantity": q} for q in quantities])
    assert set(statuses) <= {200, 409}, statuses
    granted = [q for q, status in zip(quantities, statuses, strict=True) if status == 200]
    refused = [q for q, status in zip(quantities, statuses, strict=True) if status == 409]
    # Every 200 reserved exactly its quantity, no more, no less.
    assert target.stock(item_id) == (37, sum(granted))
    # Only reserves ran, so what was available only shrank: a refusal is genuine only if its
    # quantity exceeds even what is left at the end.
    left = 37 - sum(granted)
    assert all(q > left for q in refused), (left, sorted(refused))
    if target.kind == "inventory":
        assert outbox_events(target, item_id) == Counter({"ItemReserved": len(granted)})


async def test_concurrent_removals_stop_at_reserved(target: Target, items: Items) -> None:
    item_id = items.make(on_hand=30, reserved=10)
    statuses = await burst(f"{target.url}/api/inventory/adjust",
                           [{"item_id": item_id, "delta": -1, "reason": "count"}] * 50)
    assert statuses == Counter({200: 20, 409: 30})
    assert target.stock(item_id) == (10, 10)


async def test_concurrent_releases_never_go_negative(target: Target, items: Items) -> None:
    item_id = items.make(on_hand=30, reserved=15)
    statuses = await burst(f"{target.url}/api/inventory/{item_id}/release",
                           [{"quantity": 1}] * 50)
    assert statuses == Counter({200: 15, 409: 35})
    assert target.stock(item_id) == (30, 0)
