"""Write holds (the drained write cut-over): held writes wait and go where the stage current at
their release sends them, reads flow, the waits and the hold are bounded, a client that leaves
is never forwarded, writes in flight are drained, and the admin API checks its input. The
multi-worker tests run `gateway run --workers 3` as a real process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.config import load_config_text
from gateway.errors import ConfigError
from gateway.server import Gateway
from gateway.write_hold import Hold, WaitOutcome, WriteHolds
from tests.gateway.support import (
    TOKEN,
    EchoUpstream,
    GatewayProcess,
    arrived,
    barrier,
    routes_doc,
    served_by,
    wait_until,
    write_routes,
)

AUTH = {"Authorization": f"Bearer {TOKEN}"}
WRITE = "/api/inventory/{}/reserve"


def admin(gw: Any) -> str:
    return f"http://127.0.0.1:{gw.admin_port}"


def data(gw: Any) -> str:
    return f"http://127.0.0.1:{gw.port}"


async def post_admin(client: aiohttp.ClientSession, gw: Any, what: str, body: Any,
                     headers: dict[str, str] | None = None,
                     context: str = "inventory") -> tuple[int, dict[str, Any]]:
    async with client.post(f"{admin(gw)}/admin/contexts/{context}/{what}", json=body,
                           headers=AUTH if headers is None else headers) as r:
        return r.status, await r.json()


async def hold(client: aiohttp.ClientSession, gw: Any, **extra: Any
               ) -> tuple[int, dict[str, Any]]:
    return await post_admin(client, gw, "hold-writes",
                            {"reason": "cut-over", "actor": "ctl", **extra})


async def release(client: aiohttp.ClientSession, gw: Any, **extra: Any
                  ) -> tuple[int, dict[str, Any]]:
    return await post_admin(client, gw, "release-writes",
                            {"reason": "cut-over done", "actor": "ctl", **extra})


async def stage(client: aiohttp.ClientSession, gw: Any, to: str) -> None:
    async with client.post(f"{admin(gw)}/admin/contexts/inventory/stage", headers=AUTH,
                           json={"stage": to, "reason": "t", "actor": "ctl"}) as r:
        assert r.status == 200, await r.text()


async def hold_state(client: aiohttp.ClientSession, gw: Any) -> dict[str, Any] | None:
    async with client.get(f"{admin(gw)}/admin/state", headers=AUTH) as r:
        assert r.status == 200
        got: dict[str, Any] | None = (await r.json())["contexts"]["inventory"]["write_hold"]
        return got


async def write(client: aiohttp.ClientSession, gw: Any, item: int | str
                ) -> tuple[int, dict[str, str], bytes]:
    async with client.post(data(gw) + WRITE.format(item), data=b'{"qty": 1}',
                           headers={"Content-Type": "application/json"}) as r:
        return r.status, dict(r.headers), await r.read()


async def metrics(client: aiohttp.ClientSession, gw: Any) -> str:
    async with client.get(f"{admin(gw)}/metrics") as r:
        return await r.text()


def audit(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (path.parent / "audit.jsonl").read_text().splitlines()]


def posts(*ups: EchoUpstream) -> list[str]:
    return [m.raw_path for m in arrived(*ups) if m.method == "POST"]


# --- the data plane ------------------------------------------------------------------------


async def test_held_writes_wait_then_go_to_the_writer_the_new_stage_picks(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw: Gateway = await start_gateway(routes_file("reads"))
    status, body = await hold(client, gw)
    assert status == 200, body
    assert body["workers_confirmed"] == 1 and body["drained"] is True
    assert body["in_flight_writes"] == 0
    writes = [asyncio.create_task(write(client, gw, i)) for i in range(3)]
    await wait_until(lambda: gw.holds.waiting("inventory") == 3, "3 writes are held")
    # reads keep flowing to the service while writes wait
    async with client.get(data(gw) + "/api/inventory/7") as r:
        assert r.status == 200 and served_by(await r.read()) == "inventory"
    state = await hold_state(client, gw)
    assert state is not None and state["held_writes"] == 3 and state["actor"] == "ctl"
    async with client.get(f"{admin(gw)}/admin/contexts/inventory", headers=AUTH) as r:
        assert (await r.json())["write_hold"]["hold_id"] == state["hold_id"]
    assert 'gateway_write_hold_active{context="inventory"} 1.0' in await metrics(client, gw)
    await barrier(gw.port, monolith)  # what the gateway sent before this has arrived
    assert posts(monolith, inventory) == []
    assert not any(t.done() for t in writes)
    # the cut-over flips the stage, then releases: the held writes go to the new writer
    await stage(client, gw, "writes")
    status, body = await release(client, gw, expected_stage="writes")
    assert status == 200, body
    assert body["released_writes"] == 3 and body["stage"] == "writes"
    for status, _, answer in await asyncio.gather(*writes):
        assert status == 200 and served_by(answer) == "inventory"
    assert sorted(posts(inventory)) == sorted(WRITE.format(i) for i in range(3))
    assert posts(monolith) == []
    assert await hold_state(client, gw) is None
    text = await metrics(client, gw)
    assert 'gateway_write_hold_active{context="inventory"} 0.0' in text
    assert 'gateway_held_writes_total{context="inventory",outcome="released"} 3.0' in text
    assert 'gateway_held_write_wait_seconds_count{context="inventory"} 3.0' in text
    assert 'gateway_write_hold_duration_seconds_count{context="inventory"} 1.0' in text
    records = [r for r in audit(gw.holder.path) if r["action"].startswith("write_")]
    assert [(r["action"], r["result"]) for r in records] == [
        ("write_hold", "applied"), ("write_release", "applied")]
    assert records[1]["released_writes"] == 3 and records[1]["expected_stage"] == "writes"


async def test_a_write_held_past_its_bound_gets_503_with_retry_after_and_others_flow(
        tmp_path: Path, start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    doc = routes_doc(monolith.url, inventory.url, stage="reads",
                     write_hold={"max_wait_seconds": 0.3})
    doc["contexts"]["orders"] = {"stage": "reads", "service": "inventory",
                                 "routes": ["POST /api/orders"]}
    gw: Gateway = await start_gateway(write_routes(tmp_path / "routes.yaml", doc))
    assert (await hold(client, gw))[0] == 200
    t0 = time.monotonic()
    status, headers, body = await write(client, gw, 1)
    waited = time.monotonic() - t0
    assert status == 503 and headers["Retry-After"] == "1"
    doc_ = json.loads(body)
    assert doc_["error"] == "writes_held" and doc_["context"] == "inventory"
    assert "inventory" in doc_["message"]
    assert 0.3 <= waited < 2.0
    # another context's writes and unrouted writes are not held
    async with client.post(data(gw) + "/api/orders", data=b"{}") as r:
        assert r.status == 200 and served_by(await r.read()) == "monolith"
    async with client.post(data(gw) + "/elsewhere", data=b"{}") as r:
        assert r.status == 200
    assert posts(monolith, inventory) == ["/api/orders", "/elsewhere"]
    assert gw.metrics.registry.get_sample_value(
        "gateway_held_writes_total", {"context": "inventory", "outcome": "expired"}) == 1


async def test_a_hold_never_released_ends_by_itself_and_writes_flow_again(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw: Gateway = await start_gateway(routes_file("reads"))
    status, body = await hold(client, gw, max_hold_seconds=0.6)
    assert status == 200, body
    first_id = body["hold_id"]
    pending = asyncio.create_task(write(client, gw, 1))
    await wait_until(lambda: gw.holds.waiting("inventory") == 1, "the write is held")
    # at the hold's end the waiting write goes to the writer of record (monolith at reads)
    status, _, answer = await asyncio.wait_for(pending, 3)
    assert status == 200 and served_by(answer) == "monolith"
    assert await hold_state(client, gw) is None
    assert (await write(client, gw, 2))[0] == 200
    hold_file = gw.holder.path.parent / ".strangler" / "routes.yaml.write-holds.json"
    await wait_until(lambda: json.loads(hold_file.read_text())["holds"] == [],
                     "the expired hold left the file")
    await wait_until(lambda: audit(gw.holder.path)[-1]["action"] == "write_hold_expired",
                     "the expiry is audited")
    # releasing afterwards is harmless (a controller resuming after a crash)
    status, body = await release(client, gw)
    assert status == 200 and body["was_held"] is False
    # holding again shows the controller that its hold lapsed: a new hold id
    status, body = await hold(client, gw)
    assert status == 200 and body["hold_id"] != first_id
    assert gw.metrics.registry.get_sample_value(
        "gateway_write_hold_duration_seconds_count", {"context": "inventory"}) == 1


@pytest.mark.parametrize("how", ["reset", "close"])
async def test_a_held_write_whose_client_leaves_is_never_forwarded(
        how: str, routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession, monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    gw: Gateway = await start_gateway(routes_file("reads"))
    assert (await hold(client, gw))[0] == 200
    sock = socket.create_connection(("127.0.0.1", gw.port))
    sock.sendall(b"POST /api/inventory/1/reserve HTTP/1.1\r\nHost: shop\r\n"
                 b"Content-Length: 2\r\n\r\n{}")
    await wait_until(lambda: gw.holds.waiting("inventory") == 1, "the write is held")
    if how == "reset":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
    await wait_until(lambda: gw.holds.waiting("inventory") == 0, "the gateway saw it leave")
    status, body = await release(client, gw)
    assert status == 200 and body["released_writes"] == 0
    await barrier(gw.port, monolith)
    assert posts(monolith, inventory) == []
    assert gw.metrics.registry.get_sample_value(
        "gateway_held_writes_total", {"context": "inventory", "outcome": "gone"}) == 1


async def test_hold_waits_for_a_write_already_in_flight(
        tmp_path: Path, start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    doc = routes_doc(monolith.url, inventory.url, stage="reads")
    doc["upstreams"]["monolith"]["read_timeout"] = 10.0
    gw: Gateway = await start_gateway(write_routes(tmp_path / "routes.yaml", doc))
    monolith.delay = 2.0
    in_flight = asyncio.create_task(write(client, gw, 1))
    await wait_until(lambda: len(monolith.seen) == 1, "the write reached the monolith")
    status, body = await hold(client, gw, drain_timeout_seconds=8)
    # the write was in flight when the hold was in place, and the call returned only once
    # it had been answered
    assert status == 200 and body["in_flight_at_hold"] == 1, body
    assert body["drained"] is True and body["in_flight_writes"] == 0, body
    assert gw.holds.in_flight("inventory") == 0
    monolith.delay = 0.6
    assert (await in_flight)[0] == 200
    # too short a drain: 504, but the hold is in place
    assert (await release(client, gw))[0] == 200
    in_flight = asyncio.create_task(write(client, gw, 2))
    await wait_until(lambda: len(monolith.seen) == 2, "the second write reached the monolith")
    status, body = await hold(client, gw, drain_timeout_seconds=0.1)
    assert status == 504 and body["error"] == "write_drain_timeout", body
    assert "1 write(s)" in body["message"]
    assert gw.holds.held.get("inventory") is not None
    await in_flight
    status, body = await hold(client, gw)  # re-entrant: the same hold, drained now
    assert status == 200 and body["drained"] is True


async def test_held_bodies_wait_in_the_client_and_arrive_whole_after_the_release(
        tmp_path: Path, start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream) -> None:
    doc = routes_doc(monolith.url, monolith.url, stage="reads")
    doc["limits"].update(body_timeout=0.3)  # a hold longer than this is no stalled body
    gw: Gateway = await start_gateway(write_routes(tmp_path / "routes.yaml", doc))
    assert (await hold(client, gw))[0] == 200
    big = 600 * 1024
    # a large body sent at once, and one announced with Expect: 100-continue
    r1, w1 = await asyncio.open_connection("127.0.0.1", gw.port)
    w1.write(b"POST /api/inventory/1/reserve HTTP/1.1\r\nHost: shop\r\n"
             b"Content-Length: %d\r\n\r\n" % big + b"x" * big)
    r2, w2 = await asyncio.open_connection("127.0.0.1", gw.port)
    w2.write(b"POST /api/inventory/2/reserve HTTP/1.1\r\nHost: shop\r\n"
             b"Content-Length: 5\r\nExpect: 100-continue\r\n\r\n")
    await wait_until(lambda: gw.holds.waiting("inventory") == 2, "both writes are held")
    await asyncio.sleep(0.6)  # twice the body timeout passes while held
    assert (await release(client, gw))[0] == 200
    assert await asyncio.wait_for(r2.readuntil(b"\r\n\r\n"), 5) == \
        b"HTTP/1.1 100 Continue\r\n\r\n"  # invited only once released
    w2.write(b"hello")
    for reader, writer, length in ((r1, w1, big), (r2, w2, 5)):
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        assert head.startswith(b"HTTP/1.1 200"), head
        size = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")))
        assert json.loads(await reader.readexactly(size))["body_len"] == length
        writer.close()


async def test_release_refused_while_the_expected_stage_is_not_served(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw: Gateway = await start_gateway(routes_file("reads"))
    assert (await hold(client, gw))[0] == 200
    pending = asyncio.create_task(write(client, gw, 1))
    await wait_until(lambda: gw.holds.waiting("inventory") == 1, "the write is held")
    status, body = await release(client, gw, expected_stage="writes")
    assert status == 409 and body["error"] == "write_hold_refused"
    assert "serves reads" in body["message"]
    assert gw.holds.waiting("inventory") == 1 and not pending.done()
    await stage(client, gw, "writes")
    assert (await release(client, gw, expected_stage="writes"))[0] == 200
    status, _, answer = await pending
    assert status == 200 and served_by(answer) == "inventory"


async def test_held_writes_are_answered_503_when_the_gateway_stops(
        routes_file: Callable[..., Path], client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    from gateway.auth import AdminToken
    gw = Gateway(routes_file("reads"), port=0, admin_port=0, admin_token=AdminToken(TOKEN))
    await gw.start()
    try:
        assert (await hold(client, gw))[0] == 200
        pending = asyncio.create_task(write(client, gw, 1))
        await wait_until(lambda: gw.holds.waiting("inventory") == 1, "the write is held")
    finally:
        await gw.close()
    status, headers, _ = await pending
    assert status == 503 and headers["Retry-After"] == "1"
    assert posts(monolith, inventory) == []


async def test_a_restarted_gateway_keeps_holding(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    path = routes_file("reads")
    first: Gateway = await start_gateway(path)
    assert (await hold(client, first))[0] == 200
    await first.close()
    second: Gateway = await start_gateway(path)
    assert second.holds.held["inventory"].actor == "ctl"
    pending = asyncio.create_task(write(client, second, 1))
    await wait_until(lambda: second.holds.waiting("inventory") == 1, "the write is held")
    assert (await release(client, second))[0] == 200
    assert (await pending)[0] == 200


# --- the admin API -------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["hold-writes", "release-writes"])
async def test_hold_endpoints_check_token_context_and_body(
        what: str, routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw: Gateway = await start_gateway(routes_file("reads"))
    good = {"reason": "r", "actor": "a"}
    for headers in ({}, {"Authorization": "Bearer nope-nope-nope-nope"}):
        status, body = await post_admin(client, gw, what, good, headers=headers)
        assert status == 401, body
    status, body = await post_admin(client, gw, what, good, context="nope")
    assert status == 404 and body["error"] == "unknown_context"
    for bad, field in (({"reason": "r"}, "actor"), ({**good, "max_hold_seconds": -1},
                                                    "max_hold_seconds"),
                       ({**good, "drain_timeout_seconds": "soon"}, "drain_timeout_seconds"),
                       ({**good, "expected_stage": "later"}, "expected_stage"),
                       ({**good, "surprise": 1}, "surprise")):
        # (a key of the other endpoint is an unknown key here: named as well)
        status, body = await post_admin(client, gw, what, bad)
        assert status == 400 and body["message"].startswith(field + ":"), (bad, body)
    async with client.post(f"{admin(gw)}/admin/contexts/inventory/{what}", data=b"x",
                           headers={**AUTH, "Content-Type": "text/plain"}) as r:
        assert r.status == 415
    assert gw.holds.held == {}
    records = [r for r in audit(gw.holder.path) if r["action"].startswith("write_")]
    assert len(records) == 7 and all(r["result"] == "refused" for r in records)


async def test_max_hold_is_bounded_by_the_config(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw: Gateway = await start_gateway(routes_file("reads", write_hold={"max_hold_seconds": 10}))
    status, body = await hold(client, gw, max_hold_seconds=11)
    assert status == 400
    assert body["message"] == ("max_hold_seconds: must be <= 10 "
                               "(contexts.inventory.write_hold.max_hold_seconds)")
    status, body = await hold(client, gw, max_hold_seconds=10)
    assert status == 200
    assert 9.5 < gw.holds.held["inventory"].expires_at - time.time() <= 10


@pytest.mark.parametrize("key, value, problem", [
    ("max_wait_seconds", 0, "must be > 0"), ("max_wait_seconds", 61, "must be <= 60"),
    ("max_hold_seconds", 0, "must be > 0"), ("max_hold_seconds", "5", "must be a number"),
    ("surprise", 1, "unknown key"),
])
def test_write_hold_config_is_validated(key: str, value: Any, problem: str) -> None:
    import yaml
    doc = routes_doc("http://127.0.0.1:1", "http://127.0.0.1:2", write_hold={key: value})
    with pytest.raises(ConfigError) as err:
        load_config_text(yaml.safe_dump(doc), source="routes.yaml")
    assert f"contexts.inventory.write_hold.{key}" in err.value.message
    assert problem in err.value.message


# --- several workers -----------------------------------------------------------------------


async def fresh_writes(port: int, n: int, path: str = WRITE) -> list[tuple[int, str]]:
    """n writes, each on a new connection, so the kernel spreads them over the workers."""
    conn = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(connector=conn) as s:
        async def one(i: int) -> tuple[int, str]:
            async with s.post(f"http://127.0.0.1:{port}{path.format(i)}", data=b"{}") as r:
                body = await r.read()
                return r.status, served_by(body) if r.status == 200 else body.decode()
        return list(await asyncio.gather(*(one(i) for i in range(n))))


async def test_every_worker_confirms_the_hold_and_releases_to_the_new_writer(
        routes_file: Callable[..., Path], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    gw = await GatewayProcess(routes_file("reads"), workers=3).start()
    try:
        async with aiohttp.ClientSession() as client:
            status, body = await hold(client, gw)
            assert status == 200, body
            assert body["workers_confirmed"] == 3
            writes = asyncio.create_task(fresh_writes(gw.port, 24))
            # every write is held, whichever worker took it
            await wait_until_async(lambda: held_writes(client, gw, 24), "24 writes held", 10)
            state = await hold_state(client, gw)
            assert state is not None and state["workers"] == 3
            assert 'gateway_write_hold_active{context="inventory"} 1.0' in \
                await metrics(client, gw)  # the workers' gauges, aggregated
            await stage(client, gw, "writes")
            status, body = await release(client, gw, expected_stage="writes")
            assert status == 200 and body["released_writes"] == 24, body
            assert {r for r in await writes} == {(200, "inventory")}
            assert posts(monolith) == [] and len(posts(inventory)) == 24
    finally:
        assert await gw.stop() == 0


async def test_a_release_right_after_the_flip_routes_on_the_new_stage_in_every_worker(
        routes_file: Callable[..., Path], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    # polling every hour: only the release itself can make the workers see the flip in time
    gw = await GatewayProcess(routes_file("reads"), workers=3,
                              args=("--watch-interval", "3600")).start()
    try:
        async with aiohttp.ClientSession() as client:
            assert (await hold(client, gw))[0] == 200
            writes = asyncio.create_task(fresh_writes(gw.port, 24))
            await wait_until_async(lambda: held_writes(client, gw, 24), "24 writes held", 10)
            await stage(client, gw, "writes")
            status, body = await release(client, gw)  # no expected_stage
            assert status == 200 and body["released_writes"] == 24, body
            assert {r for r in await writes} == {(200, "inventory")}
            assert posts(monolith) == []
    finally:
        assert await gw.stop() == 0


async def test_the_hold_drains_the_writes_in_flight_in_every_worker(
        tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    doc = routes_doc(monolith.url, inventory.url, stage="reads")
    doc["upstreams"]["monolith"]["read_timeout"] = 10.0
    gw = await GatewayProcess(write_routes(tmp_path / "routes.yaml", doc), workers=3).start()
    try:
        async with aiohttp.ClientSession() as client:
            monolith.delay = 2.0
            writes = asyncio.create_task(fresh_writes(gw.port, 12))
            await wait_until(lambda: len(monolith.seen) == 12, "12 writes reached the monolith")
            status, body = await hold(client, gw, drain_timeout_seconds=8)
            assert status == 200 and body["in_flight_at_hold"] == 12, body
            assert body["drained"] is True and body["in_flight_writes"] == 0
            assert {r for r in await writes} == {(200, "monolith")}
            assert (await release(client, gw))[0] == 200
    finally:
        assert await gw.stop() == 0


async def test_a_restarted_worker_holds_and_a_stopped_one_fails_the_hold(
        routes_file: Callable[..., Path], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    gw = await GatewayProcess(routes_file("reads"), workers=2).start()
    stopped = None
    try:
        async with aiohttp.ClientSession() as client:
            assert (await hold(client, gw))[0] == 200
            old = gw.worker_pids()[1]
            os.kill(old, signal.SIGKILL)
            await wait_until(lambda: gw.worker_pids()[1] != old, "worker 1 restarted", 10)
            writes = asyncio.create_task(fresh_writes(gw.port, 16))
            await wait_until_async(lambda: held_writes(client, gw, 16), "16 writes held", 10)
            assert (await release(client, gw))[0] == 200
            assert {r for r in await writes} == {(200, "monolith")}
            # a worker that cannot answer: the hold is not confirmed, and says who
            stopped = gw.worker_pids()[1]
            os.kill(stopped, signal.SIGSTOP)
            t0 = time.monotonic()
            status, body = await hold(client, gw)
            assert status == 503 and body["error"] == "write_hold_unconfirmed", body
            assert f"worker w1-{stopped}" in body["message"]
            assert time.monotonic() - t0 < 5
            os.kill(stopped, signal.SIGCONT)
            stopped = None
            status, body = await hold(client, gw)  # holding again confirms it everywhere
            assert status == 200 and body["workers_confirmed"] == 2
            assert (await release(client, gw))[0] == 200
    finally:
        if stopped is not None:
            os.kill(stopped, signal.SIGCONT)
        assert await gw.stop() == 0


async def held_writes(client: aiohttp.ClientSession, gw: Any, n: int) -> bool:
    state = await hold_state(client, gw)
    return state is not None and state["held_writes"] == n


async def wait_until_async(check: Callable[[], Any], what: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        await asyncio.sleep(0.02)


# --- the pure part -------------------------------------------------------------------------


async def test_released_writes_wake_in_arrival_order() -> None:
    holds = WriteHolds()
    now = time.time()
    holds.hold(Hold("inventory", "h1", now, now + 30, 5.0, "a", "r"))
    waiters = [holds.enter("inventory") for _ in range(5)]
    assert all(w is not None for w in waiters)
    woke: list[int] = []

    async def wait(i: int) -> None:
        w = waiters[i]
        assert w is not None
        assert await w.future is WaitOutcome.RELEASED
        woke.append(i)

    tasks = [asyncio.create_task(wait(i)) for i in (3, 0, 4, 1, 2)]
    await asyncio.sleep(0)
    waiters[2].gone()  # type: ignore[union-attr]  # its client left: not released
    assert holds.release("inventory") == 4
    await asyncio.gather(*tasks, return_exceptions=True)
    assert woke == [0, 1, 3, 4]
    assert holds.enter("inventory") is None  # released: nothing waits any more
