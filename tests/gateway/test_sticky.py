"""Canary stickiness over HTTP: assigned cookies for anonymous clients, the tester override."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from gateway.canary import bucket, in_canary
from tests.gateway.support import EchoUpstream, routes_doc, served_by, write_routes

TESTER = "tester-token-abcdef0123456789"


def side_of(key: str, percent: float = 50) -> str:
    return "inventory" if in_canary(bucket(key, "inventory"), percent) else "monolith"


# fixed sticky keys, one on each side at 50 % (the hash is pinned in test_canary.py)
ON_SERVICE = next(f"fixed-{i}" for i in range(100) if side_of(f"fixed-{i}") == "inventory")
ON_LEGACY = next(f"fixed-{i}" for i in range(100) if side_of(f"fixed-{i}") == "monolith")


async def test_anonymous_client_gets_a_cookie_and_sticks(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("canary", canary={"percent": 50}))
    url = f"http://127.0.0.1:{gw.port}/api/inventory/1"
    for _ in range(6):  # anonymous clients: each sticks to the side its assigned key says
        # unsafe=True: aiohttp's jar otherwise ignores cookies from IP-address hosts
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as s:
            async with s.get(url) as r:
                first = served_by(await r.read())
                cookie = r.headers["Set-Cookie"]
            assert cookie.startswith("strangler_sticky=") and "HttpOnly" in cookie
            assert first == side_of(cookie.split(";")[0].split("=", 1)[1])
            for _ in range(5):
                async with s.get(url) as r:
                    assert served_by(await r.read()) == first
                    assert "Set-Cookie" not in r.headers
    for key in (ON_SERVICE, ON_LEGACY):  # both sides, whatever the random keys above drew
        for source in ({"Cookie": f"strangler_sticky={key}"}, {"X-Customer-Id": key}):
            async with aiohttp.ClientSession() as s:
                for _ in range(3):
                    async with s.get(url, headers=source) as r:
                        assert served_by(await r.read()) == side_of(key), source
                        assert "Set-Cookie" not in r.headers
    assert all(s.header("Cookie") is None or "strangler_sticky" in (s.header("Cookie") or "")
               for s in inventory.seen)


async def test_tester_override_over_http(monolith: EchoUpstream, inventory: EchoUpstream,
                                         tmp_path: Path, start_gateway: Any) -> None:
    doc = routes_doc(monolith.url, inventory.url, stage="legacy")
    doc["canary"] = {"override_token_sha256": hashlib.sha256(TESTER.encode()).hexdigest()}
    gw = await start_gateway(write_routes(tmp_path / "r.yaml", doc))
    url = f"http://127.0.0.1:{gw.port}/api/inventory/1"
    async with aiohttp.ClientSession() as s:
        async with s.get(url, headers={"X-Strangler-Override": "service",
                                       "X-Strangler-Override-Token": TESTER}) as r:
            assert served_by(await r.read()) == "inventory"
        async with s.get(url, headers={"X-Strangler-Override": "service",
                                       "X-Strangler-Override-Token": "nope-nope-nope"}) as r:
            assert served_by(await r.read()) == "monolith"
    # the override and its token never reach an upstream
    for seen in monolith.seen + inventory.seen:
        names = seen.header_names()
        assert "x-strangler-override" not in names
        assert "x-strangler-override-token" not in names
