"""What tests must not leave behind on the session's shared servers.

A replication slot retains WAL for as long as it exists, a connector keeps streaming into the
broker, a publication and a table are clutter every later test reads past. A test that creates
any of them removes it again, also when the test or its setup fails. `Inventory.take` lists
what exists now; conftest takes one before and one after every test module and fails the
module's last test naming whatever was added and not removed, then removes it, so a leak is
reported once, where it happened, and never holds WAL for the rest of the session.

Watched: replication slots on both servers, publications and `public` tables and functions in
the stack's databases (`monolith`, `inventory`), connectors in Kafka Connect (when it runs).
The applier's own bookkeeping schema (`strangler_cdc`) is state the product keeps on purpose
and not watched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

import psycopg
from psycopg import sql

from cdc.connect import ConnectClient
from cdc.connectors import drop_slot_and_publication
from strangler.stack.runner import LocalStack
from tests.support import drop_objects, public_objects

__all__ = ["Inventory"]


@dataclass(frozen=True)
class Inventory:
    slots: frozenset[tuple[str, str]] = frozenset()          # (database dsn, slot)
    publications: frozenset[tuple[str, str]] = frozenset()   # (database dsn, publication)
    objects: frozenset[tuple[str, str]] = frozenset()        # (database dsn, "table public.t")
    connectors: frozenset[str] = frozenset()

    @classmethod
    def take(cls, local: LocalStack, *, connect: bool) -> Inventory:
        slots, publications, objects = set(), set(), set()
        for dsn in _databases(local):
            with psycopg.connect(dsn, connect_timeout=10) as conn:
                slots |= {(dsn, name) for (name,) in conn.execute(
                    "select slot_name from pg_replication_slots "
                    "where database = current_database()")}
                publications |= {(dsn, name) for (name,) in conn.execute(
                    "select pubname from pg_publication")}
                objects |= {(dsn, made) for made in public_objects(conn)}
        connectors = ConnectClient(local.connect_url).connectors() if connect else ()
        return cls(frozenset(slots), frozenset(publications), frozenset(objects),
                   frozenset(connectors))

    def __sub__(self, other: Inventory) -> Inventory:
        return Inventory(*(getattr(self, f.name) - getattr(other, f.name) for f in fields(self)))

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def describe(self) -> str:
        lines = [f"  connector {name}" for name in sorted(self.connectors)]
        for kind in ("slots", "publications"):
            lines += [f"  {kind[:-1]} {name} (database {_database(dsn)})"
                      for dsn, name in sorted(getattr(self, kind))]
        lines += [f"  {made} (database {_database(dsn)})" for dsn, made in sorted(self.objects)]
        return "\n".join(lines)

    def remove(self, local: LocalStack) -> None:
        """Delete the connectors first (they hold the slots), then slots, publications, tables."""
        client = ConnectClient(local.connect_url)
        for name in self.connectors:
            client.delete(name)
            local.forget_connector(name)
        for dsn, slot in self.slots:
            drop_slot_and_publication(dsn, slot, "", timeout=30)
        for dsn, name in self.publications:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(sql.SQL("drop publication if exists {}").format(
                    sql.Identifier(name)))
        for dsn in {dsn for dsn, _ in self.objects}:
            with psycopg.connect(dsn, autocommit=True) as conn:
                drop_objects(conn, [made for at, made in self.objects if at == dsn])


def _databases(local: LocalStack) -> Iterator[str]:
    for server in (local.monolith_pg, local.services_pg):
        for db in server.databases:
            yield server.dsn(db)


def _database(dsn: str) -> str:
    return dsn.rsplit("/", 1)[-1]  # the name alone: a DSN carries the password
