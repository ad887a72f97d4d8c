"""The apps as processes: start-up, health, honest failures, graceful SIGTERM shutdown."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import aiohttp
import click
import psycopg
import pytest

from strangler.apps import apps
from tests.samples.conftest import LAUNCH, Databases, Items, start_app


async def until(predicate: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


def waiting_on_a_lock(dsn: str) -> bool:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND wait_event_type = 'Lock'").fetchone()
    return row is not None and row[0] > 0


def refused(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), 1).close()
    except OSError:
        return True
    return False


@pytest.mark.parametrize("kind", ["monolith", "inventory"])
async def test_sigterm_finishes_in_flight_requests(kind: str, seeded: Databases, items: Items,
                                                   app_logs: Path) -> None:
    dsn = getattr(seeded, kind)
    app = start_app(kind, app_logs, "--dsn", dsn)
    item_id = items.make(on_hand=5)
    table, key = (("inventory_items", "id") if kind == "monolith" else ("stock_items", "item_id"))
    async with aiohttp.ClientSession() as session:
        with psycopg.connect(dsn) as lock:
            # Hold the row lock so the request below is still running when SIGTERM arrives.
            lock.execute(f"SELECT 1 FROM {table} WHERE {key} = %s FOR UPDATE", (item_id,))
            request = asyncio.create_task(session.post(
                f"{app.url}/api/inventory/{item_id}/reserve", json={"quantity": 2}))
            await until(lambda: waiting_on_a_lock(dsn), "the request to wait on the row lock")
            app.proc.send_signal(signal.SIGTERM)
            host, port = app.url.removeprefix("http://").rsplit(":", 1)
            # The app has taken the signal once it refuses new connections; it could have exited
            # by then, but drains instead.
            await until(lambda: refused(host, int(port)), "new connections to be refused")
            assert app.proc.poll() is None  # still draining
            lock.commit()
        resp = await asyncio.wait_for(request, 10)
        async with resp:
            assert resp.status == 200
            assert (await resp.json())["qty_reserved"] == 2
    assert await asyncio.to_thread(app.proc.wait, 15) == 0
    assert "shutting down" in app.output()


async def test_healthz(seeded: Databases, app_logs: Path) -> None:
    app = start_app("inventory", app_logs, "--dsn", seeded.inventory)
    try:
        async with aiohttp.ClientSession() as session, session.get(f"{app.url}/healthz") as r:
            assert r.status == 200
            assert await r.json() == {"status": "ok", "app": "inventory-service"}
    finally:
        assert app.stop() == 0


@pytest.mark.parametrize("kind", ["monolith", "inventory"])
def test_unreachable_database_exits_3_without_traceback(kind: str, monolith_dsn: str,
                                                        app_logs: Path) -> None:
    dsn = monolith_dsn.rsplit("/", 1)[0] + "/no_such_db"
    password = dsn.split("@")[0].rsplit(":", 1)[1]
    app = start_app(kind, app_logs, "--dsn", dsn, wait=False)
    assert app.proc.wait(30) == 3
    out = app.output()
    assert "failed to start" in out and "no_such_db" in out
    assert "Traceback" not in out and password not in out


def test_port_in_use_exits_3(seeded: Databases, app_logs: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-c", LAUNCH, "run", "inventory", "--port", str(port),
             "--dsn", seeded.inventory], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 3
    assert "cannot listen" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [
    ["run", "monolith", "--inventory-api", "not a url", "--dsn", "postgresql://x/y"],
    ["run", "monolith", "--inventory-api", "ftp://127.0.0.1", "--dsn", "postgresql://x/y"],
    ["run", "inventory", "--dsn", "mysql://x/y"],
    ["run", "inventory", "--port", "70000"],
    ["run", "nothing"],
])
def test_usage_errors(args: list[str]) -> None:
    with pytest.raises(click.UsageError):
        apps.main(args, standalone_mode=False)



@pytest.mark.parametrize("kind", ["monolith", "inventory"])
async def test_lock_wait_is_bounded_and_answered_503(kind: str, seeded: Databases, items: Items,
                                                     app_logs: Path) -> None:
    dsn = getattr(seeded, kind)
    app = start_app(kind, app_logs, "--dsn", dsn, "--lock-timeout", "300")
    item_id = items.make(on_hand=5)
    table, key = (("inventory_items", "id") if kind == "monolith" else ("stock_items", "item_id"))
    try:
        with psycopg.connect(dsn) as lock:
            lock.execute(f"SELECT 1 FROM {table} WHERE {key} = %s FOR UPDATE", (item_id,))
            async with aiohttp.ClientSession() as session, session.post(
                    f"{app.url}/api/inventory/{item_id}/reserve", json={"quantity": 1}) as resp:
                assert resp.status == 503
                assert resp.headers["Retry-After"] == "1"
                assert (await resp.json())["error"]["code"] == "database_unavailable"
            lock.rollback()
        async with aiohttp.ClientSession() as session, session.post(
                f"{app.url}/api/inventory/{item_id}/reserve", json={"quantity": 1}) as resp:
            assert resp.status == 200  # the pool recovered
    finally:
        assert app.stop() == 0
