from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.auth import AdminToken
from gateway.server import Gateway
from tests.gateway.support import TOKEN, EchoUpstream, routes_doc, write_routes


@pytest.fixture
async def monolith() -> AsyncIterator[EchoUpstream]:
    up = await EchoUpstream("monolith").start()
    yield up
    await up.close()


@pytest.fixture
async def inventory() -> AsyncIterator[EchoUpstream]:
    up = await EchoUpstream("inventory").start()
    yield up
    await up.close()


@pytest.fixture
def routes_file(tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream
                ) -> Callable[..., Path]:
    def make(stage: str = "legacy", **overrides: Any) -> Path:
        return write_routes(tmp_path / "routes.yaml",
                            routes_doc(monolith.url, inventory.url, stage=stage, **overrides))
    return make


@pytest.fixture
async def start_gateway() -> AsyncIterator[Callable[..., Any]]:
    """Start real in-process gateways (data and admin on ephemeral ports); closed at the end."""
    started: list[Gateway] = []

    async def start(path: Path, **kwargs: Any) -> Gateway:
        kwargs.setdefault("admin_port", 0)
        kwargs.setdefault("admin_token", AdminToken(TOKEN))
        gw = Gateway(path, port=0, watch_interval=0.1, **kwargs)
        await gw.start()
        started.append(gw)
        return gw

    yield start
    for gw in started:
        await gw.close()


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(
            auto_decompress=False,
            skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept")) as session:
        yield session
