"""The stack's exporter: CDC health that lives outside every process of ours, as metrics.

Serves `/metrics` for Prometheus with what no applier can report about itself, and what must
still be reported while an applier is down:

* per PostgreSQL server (`server` label: the stack component's name) and replication slot:
  WAL the slot retains (`strangler_pg_replication_slot_retained_wal_bytes`), WAL its consumer
  has not confirmed (`..._behind_wal_bytes`: one slot per sync direction), whether a consumer
  is attached (`..._active`), and whether the server answered (`strangler_pg_up`);
* per Kafka Connect connector: its state and how many of its tasks are in each state
  (`strangler_connect_connector_state`, `strangler_connect_tasks`), and whether the worker's
  REST API answered (`strangler_connect_up`);
* every `*.prom` file in a text-file folder, passed through as it is (the way node_exporter's
  textfile collector does): `strangler verify --metrics-file DIR/NAME.prom` lands there.

Guarantees: everything is read at scrape time (no stale cache); an unreachable server or worker
is reported as `..._up 0`, never as an error page; label values are slot, connector and server
names (a bounded, configured set) and fixed state words; passwords never appear in a label or
the log (the DSNs carry none: libpq reads `PGPASSFILE`).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import requests
from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.parser import text_string_to_metric_families

__all__ = ["CONNECTOR_STATES", "SlotRow", "StackExporter", "connect_families", "slot_families"]

log = logging.getLogger("strangler.stack.exporter")

# Kafka Connect's states for connectors and tasks (every one is exported, zeros included, so a
# rule on FAILED finds a series before the first failure).
CONNECTOR_STATES = ("UNASSIGNED", "RUNNING", "PAUSED", "STOPPED", "FAILED", "RESTARTING")

SLOTS_SQL = """
select slot_name, coalesce(database, ''), active,
       coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint,
       coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint
from pg_replication_slots order by slot_name
"""


@dataclass(frozen=True)
class SlotRow:
    slot: str
    database: str
    active: bool
    retained_bytes: int
    behind_bytes: int = 0  # current WAL position - confirmed_flush_lsn


def slot_families(rows_by_server: Mapping[str, Sequence[SlotRow] | None]) -> list[Metric]:
    """Metric families for the replication slots of each server (None: it did not answer)."""
    up = GaugeMetricFamily("strangler_pg_up", "1 if the PostgreSQL server answered the "
                           "exporter's query at this scrape, else 0", labels=["server"])
    retained = GaugeMetricFamily(
        "strangler_pg_replication_slot_retained_wal_bytes",
        "WAL the server keeps for the slot (current WAL position - the slot's restart_lsn)",
        labels=["server", "slot", "database"])
    behind = GaugeMetricFamily(
        "strangler_pg_replication_slot_behind_wal_bytes",
        "WAL the slot's consumer has not confirmed yet (current WAL position - the slot's "
        "confirmed_flush_lsn): how far the direction reading this slot is behind its source",
        labels=["server", "slot", "database"])
    active = GaugeMetricFamily("strangler_pg_replication_slot_active",
                               "1 while a consumer (Debezium) streams from the slot, else 0",
                               labels=["server", "slot", "database"])
    for server, rows in rows_by_server.items():
        up.add_metric([server], 0 if rows is None else 1)
        for row in rows or ():
            retained.add_metric([server, row.slot, row.database], row.retained_bytes)
            behind.add_metric([server, row.slot, row.database], row.behind_bytes)
            active.add_metric([server, row.slot, row.database], 1 if row.active else 0)
    return [up, retained, behind, active]


def connect_families(statuses: Mapping[str, Any] | None) -> list[Metric]:
    """Metric families from Kafka Connect's `GET /connectors?expand=status` answer (None: the
    worker did not answer)."""
    up = GaugeMetricFamily("strangler_connect_up", "1 if the Kafka Connect REST API answered at "
                           "this scrape, else 0")
    up.add_metric([], 0 if statuses is None else 1)
    state = GaugeMetricFamily("strangler_connect_connector_state",
                              "1 for the connector's current state, 0 for the others",
                              labels=["connector", "state"])
    tasks = GaugeMetricFamily("strangler_connect_tasks", "Tasks of the connector in each state",
                              labels=["connector", "state"])
    for name, entry in sorted((statuses or {}).items()):
        status = entry.get("status", {}) if isinstance(entry, dict) else {}
        current = str(status.get("connector", {}).get("state", "UNASSIGNED"))
        task_states = [str(t.get("state", "UNASSIGNED")) for t in status.get("tasks", [])]
        for word in CONNECTOR_STATES:
            state.add_metric([name, word], 1 if current == word else 0)
            tasks.add_metric([name, word], task_states.count(word))
    return [up, state, tasks]


class StackExporter:
    """A prometheus_client collector reading slots, connectors and text files at scrape time."""

    def __init__(self, dsns: Mapping[str, str], connect_url: str | None,
                 textfile_dir: Path | None = None, timeout: float = 2.0) -> None:
        self.dsns = dict(dsns)
        self.connect_url = connect_url.rstrip("/") if connect_url else None
        self.textfile_dir = textfile_dir
        self.timeout = timeout

    def _slots(self, server: str, dsn: str) -> list[SlotRow] | None:
        try:
            with psycopg.connect(dsn, connect_timeout=max(1, int(self.timeout)),
                                 application_name="strangler-exporter",
                                 options=f"-c statement_timeout={int(self.timeout * 1000)}"
                                 ) as conn:
                rows = conn.execute(SLOTS_SQL).fetchall()
        except psycopg.Error as exc:
            log.warning("%s: slot query failed: %s", server, type(exc).__name__)
            return None
        return [SlotRow(str(r[0]), str(r[1]), bool(r[2]), int(r[3]), int(r[4])) for r in rows]

    def _connectors(self) -> dict[str, Any] | None:
        assert self.connect_url is not None
        try:
            answer = requests.get(f"{self.connect_url}/connectors",
                                  params={"expand": "status"}, timeout=self.timeout)
            answer.raise_for_status()
            data = answer.json()
        except (requests.RequestException, ValueError) as exc:
            log.warning("Kafka Connect status failed: %s", type(exc).__name__)
            return None
        return data if isinstance(data, dict) else None

    def _textfiles(self) -> Iterator[Metric]:
        if self.textfile_dir is None:
            return
        errors = GaugeMetricFamily("strangler_exporter_textfile_errors",
                                   "*.prom files that could not be parsed at this scrape")
        failed = 0
        for path in sorted(self.textfile_dir.glob("*.prom")):
            try:
                families = list(text_string_to_metric_families(path.read_text()))
            except (OSError, ValueError) as exc:
                log.warning("%s: not readable as Prometheus text: %s", path.name, exc)
                failed += 1
                continue
            yield from families
        errors.add_metric([], failed)
        yield errors

    def collect(self) -> Iterable[Metric]:
        # Asked side by side, so one hung server costs one timeout, not one per server.
        with ThreadPoolExecutor(max_workers=len(self.dsns) + 1) as pool:
            slots = {s: pool.submit(self._slots, s, d) for s, d in self.dsns.items()}
            connectors = pool.submit(self._connectors) if self.connect_url else None
            yield from slot_families({s: future.result() for s, future in slots.items()})
            if connectors is not None:
                yield from connect_families(connectors.result())
        yield from self._textfiles()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m strangler.stack.exporter",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--listen-host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pg", action="append", default=[], metavar="NAME=DSN",
                        help="a PostgreSQL server to watch (DSN without password: PGPASSFILE)")
    parser.add_argument("--connect-url", default=None)
    parser.add_argument("--textfile-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    dsns = {}
    for item in args.pg:
        name, sep, dsn = item.partition("=")
        if not sep or not name:
            parser.error(f"--pg {name or item!r}: expected NAME=DSN")
        dsns[name] = dsn
    registry = CollectorRegistry()
    registry.register(StackExporter(dsns, args.connect_url, args.textfile_dir))
    try:
        start_http_server(args.port, addr=args.listen_host, registry=registry)
    except OSError as exc:
        print(f"error: exporter cannot listen on {args.listen_host}:{args.port}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return 3
    log.info("exporter listening on http://%s:%d/metrics", args.listen_host, args.port)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
