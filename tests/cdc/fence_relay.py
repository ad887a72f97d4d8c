"""A stand-in for the applier's fence bookkeeping, for tests and benchmarks that plant data
directly in both databases: it copies the source's fence row into the target's
`strangler_cdc.fences_applied` (with the applier's notification), as the applier does when the
fence's change arrives."""

from __future__ import annotations

import threading

import psycopg

from cdc.fences import FENCE_CHANNEL


class FenceRelay:
    def __init__(self, source_dsn: str, target_dsn: str, fence: str, group: str) -> None:
        self.source_dsn, self.target_dsn, self.fence, self.group = (source_dsn, target_dsn,
                                                                    fence, group)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with psycopg.connect(self.source_dsn, autocommit=True) as src, \
                psycopg.connect(self.target_dsn, autocommit=True) as tgt:
            while not self._stop.is_set():
                row = src.execute(f"select lsn, ts from {self.fence} where id = 1").fetchone()
                assert row is not None
                tgt.execute("with advanced as (insert into strangler_cdc.fences_applied as f "
                            "values (%s, %s, %s, clock_timestamp()) on conflict (direction) do "
                            "update set lsn = excluded.lsn where f.lsn < excluded.lsn "
                            "returning direction) select pg_notify(%s, direction) from advanced",
                            (self.group, row[0], row[1], FENCE_CHANNEL))
                self._stop.wait(0.02)

    def start(self) -> FenceRelay:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)
