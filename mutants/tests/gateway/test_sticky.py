"""Canary stickiness over HTTP: assigned cookies for anonymous clients, the tester override."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from tests.gateway.support import EchoUpstream, routes_doc, served_by, write_routes

TESTER = "tester-token-abcdef0123456789"


async def test_anonymous_client_gets_a_cookie_and_sticks(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("canary", canary={"percent": 50}))
    url = f"http://127.0.0.1:{gw.port}/api/inventory/1"
    sides = set()
    for _ in range(12):  # 12 anonymous clients: each sticks to its first side
        # unsafe=True: aiohttp's jar otherwise ignores cookies from IP-address hosts
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as s:
            async with s.get(url) as r:
                first = served_by(await r.read())
                cookie = r.headers["Set-Cookie"]
            assert cookie.startswith("strangler_sticky=") and "HttpOnly" in cookie
            for _ in range(5):
                async with s.get(url) as r:
                    assert served_by(await r.read()) == first
                    assert "Set-Cookie" not in r.headers
            sides.add(first)
    assert sides == {"monolith", "inventory"}
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
