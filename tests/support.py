"""Helpers for tests that run against the real local stack."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import psycopg

from cdc.config import Direction, load_sync
from cdc.connect import ConnectClient
from cdc.connectors import Connectors, drop_slot_and_publication
from cdc.endpoints import Endpoints
from cdc.kafka import RawRecord, tail_topic
from strangler.rig import stop_rig
from strangler.stack.runner import LocalStack

T = TypeVar("T")


def wait_for(probe: Callable[[], T | None], what: str, timeout: float = 60.0,
             interval: float = 0.3) -> T:
    """What `probe` returns once it is truthy; fails naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def unique(prefix: str) -> str:
    """A name no other test uses (tables, topics, slots, connectors)."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def execute(dsn: str, *statements: str, params: tuple[Any, ...] | None = None) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement, params)


def public_objects(conn: psycopg.Connection[Any]) -> set[str]:
    """Tables and functions in the `public` schema, as `table public.x` / `function public.f()`
    (what `drop` takes after the kind)."""
    rows = conn.execute(
        "select 'table public.' || quote_ident(tablename) from pg_tables "
        "where schemaname = 'public' union all "
        "select 'function ' || p.oid::regprocedure::text from pg_proc p "
        "where p.pronamespace = 'public'::regnamespace").fetchall()
    return {row[0] for row in rows}


@contextmanager
def dropping_what_it_creates(*dsns: str) -> Iterator[None]:
    """Drop the `public` tables and functions created in these databases while the block ran,
    also when it fails (the databases are the session's own: nobody else creates there)."""
    before = {}
    for dsn in dsns:
        with psycopg.connect(dsn) as conn:
            before[dsn] = public_objects(conn)
    try:
        yield
    finally:
        for dsn in dsns:
            _drop(dsn, keep=before[dsn])


@contextmanager
def demo_syncs_removed(stack: LocalStack, routes: Path, context: str = "inventory"
                       ) -> Iterator[None]:
    """What the demo and its walk set up for `context` is removed afterwards, also when the
    block fails: both directions' appliers, connectors, slots and publications, and the tables
    created meanwhile."""
    with dropping_what_it_creates(stack.monolith_dsn, stack.service_dsn(context)):
        try:
            yield
        finally:
            stop_rig(stack)  # the walk's monolith, service and gateway, and its routes file
            shutil.rmtree(stack.state_dir / "demo", ignore_errors=True)
            for direction in ("reverse", "forward"):
                stack.stop_app(f"applier-{context}-{direction}")
                Connectors(Direction(context, load_sync(routes, context), direction),
                           Endpoints(str(stack.state_dir)), timeout=30).delete(drop_slot=True)


def drop_tagged(dsn: str, tag: str) -> None:
    """Drop the `public` tables and functions whose names contain `tag`."""
    _drop(dsn, tag=tag)


def _drop(dsn: str, *, keep: Collection[str] = (), tag: str = "") -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        drop_objects(conn, [made for made in public_objects(conn)
                            if made not in keep and tag in made])


def drop_objects(conn: psycopg.Connection[Any], objects: Iterable[str]) -> None:
    """Drop `public_objects` entries (`table public.x`, `function public.f()`), if they exist."""
    # tables first: dropping one drops its triggers, which use the functions
    for made in sorted(objects, reverse=True):
        kind, name = made.split(" ", 1)
        conn.execute(f"drop {kind} if exists {name} cascade")


def read_topic(bootstrap: str, topic: str, *, count: int, timeout: float = 60.0,
               decode: bool = True) -> list[RawRecord]:
    """The first `count` records of `topic` (tombstones included); fewer if time runs out."""
    records: list[RawRecord] = []
    stream = tail_topic(bootstrap, topic, timeout=timeout, decode=decode)
    try:
        for record in stream:
            records.append(record)
            if len(records) >= count:
                break
    finally:
        stream.close()
    return records


def drop_connector(stack: LocalStack, name: str, dsn: str, slot: str) -> None:
    """Delete a connector (also from the stack's memory), then its slot and publication: a slot
    left behind retains WAL for the rest of the session."""
    ConnectClient(stack.connect_url).delete(name)
    stack.forget_connector(name)
    drop_slot_and_publication(dsn, slot, f"{slot}_pub", timeout=30)
