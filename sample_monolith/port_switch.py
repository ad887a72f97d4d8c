"""Which inventory port the order module uses, switched at run time with a drain.

Owns the port choice of one monolith process and the orders in flight on each port. Every
order takes its port through `PortSwitch.use()`, which counts it until the order's transaction
has ended; `switch()` puts the new port in place for every order that starts afterwards and
then waits until no order that took the *local* port is still in flight. So once `switch` to
`remote` returns, no write of this process to `inventory_items` through the order module can
happen any more. Orders in flight on the remote port are not waited for: their reservations
go through the inventory API, wherever it routes them (during a write cut-over they are held
at the gateway until the switch is done, so waiting for them would wait for ourselves).

Switching is idempotent (the same choice again changes nothing and still waits for the drain,
so a caller that timed out can simply call again) and serialised (one switch at a time).

Persistence: the choice is a row in the monolith's own database (`inventory_port_setting`),
written before the port changes in memory. A restarted process, or another replica of the
monolith on the same database, starts with the choice the switch made; the start-up flag
`--inventory-api` only applies while no choice was ever persisted. The database, not a file:
the monolith has no configuration file of its own, and its replicas share the database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from sample_monolith.inventory_port import InventoryPort, LocalInventory
from sample_monolith.schema import inventory_port_setting as setting

__all__ = ["Choice", "DrainTimeout", "PortSwitch", "load_choice", "store_choice"]

Mode = Literal["local", "remote"]


@dataclass(frozen=True)
class Choice:
    mode: Mode
    url: str | None = None        # the inventory API's base URL (remote only)
    changed_at: datetime | None = None
    changed_by: str | None = None
    persisted: bool = False       # False: from the start-up flags

    def same_as(self, other: Choice) -> bool:
        return (self.mode, self.url) == (other.mode, other.url)

    def as_dict(self) -> dict[str, object]:
        return {"mode": self.mode, "url": self.url,
                "changed_at": self.changed_at.isoformat() if self.changed_at else None,
                "changed_by": self.changed_by,
                "source": "persisted" if self.persisted else "start-up flags"}


class DrainTimeout(Exception):
    """Local orders were still in flight when the drain's time was up (the switch stands)."""

    def __init__(self, in_flight: int) -> None:
        super().__init__(f"{in_flight} order(s) on the local port still in flight")
        self.in_flight = in_flight


async def load_choice(engine: AsyncEngine) -> Choice | None:
    """The persisted choice, or None when no switch ever happened on this database."""
    async with engine.connect() as conn:
        row = (await conn.execute(select(setting).where(setting.c.id == 1))).first()
    if row is None:
        return None
    return Choice(row.mode, row.url, row.changed_at, row.changed_by, persisted=True)


async def store_choice(engine: AsyncEngine, mode: Mode, url: str | None, actor: str) -> Choice:
    values = {"mode": mode, "url": url, "changed_by": actor,
              "changed_at": func.statement_timestamp()}
    stmt = insert(setting).values(id=1, **values)
    stmt = stmt.on_conflict_do_update(index_elements=[setting.c.id], set_=values)
    async with engine.begin() as conn:
        row = (await conn.execute(stmt.returning(setting.c.changed_at))).one()
    return Choice(mode, url, row.changed_at, actor, persisted=True)


class PortSwitch:
    def __init__(self, port: InventoryPort, choice: Choice) -> None:
        self._port = port
        self.choice = choice
        self._in_flight = {"local": 0, "remote": 0}
        self._changed = asyncio.Condition()
        self._switching = asyncio.Lock()

    @property
    def port(self) -> InventoryPort:
        return self._port

    def in_flight(self) -> dict[str, int]:
        return dict(self._in_flight)

    @asynccontextmanager
    async def use(self) -> AsyncIterator[InventoryPort]:
        """The port for one order, counted as in flight until the block ends."""
        port = self._port
        kind = "local" if isinstance(port, LocalInventory) else "remote"
        self._in_flight[kind] += 1
        try:
            yield port
        finally:
            self._in_flight[kind] -= 1
            async with self._changed:
                self._changed.notify_all()

    async def switch(self, choice: Choice, make_port: Callable[[Choice], InventoryPort],
                     persist: Callable[[], Awaitable[Choice]], *, drain_timeout: float
                     ) -> tuple[bool, int, float]:
        """Put `choice` in place (persisted first), then drain the local port.

        Returns (changed, local orders waited for, seconds waited); raises DrainTimeout when
        local orders are still in flight after `drain_timeout` seconds."""
        async with self._switching:
            changed = not self.choice.same_as(choice)
            if changed:
                saved = await persist()
                self._port = make_port(choice)
                self.choice = saved
            started = time.monotonic()
            waited_for = self._in_flight["local"] if choice.mode == "remote" else 0
            if choice.mode == "remote":
                async with self._changed:
                    try:
                        await asyncio.wait_for(
                            self._changed.wait_for(lambda: self._in_flight["local"] == 0),
                            timeout=drain_timeout)
                    except TimeoutError:
                        raise DrainTimeout(self._in_flight["local"]) from None
            return changed, waited_for, time.monotonic() - started
