"""`strangler load`: an open-loop HTTP load generator for the inventory API.

Owns the traffic model and its report. Guarantees:
* bounded: it never issues more than `rps * duration` (and `max_requests`) requests, never has
  more than `concurrency` in flight (a request that would exceed it is counted as `skipped`,
  not queued), and returns at most `timeout` seconds after the duration ends;
* loopback-only unless `allow_remote`: a typo cannot load-test someone else's server;
* valid writes: item ids come from the target itself (a walk of `GET /api/inventory`), releases
  only give back what this run reserved, so a 409 means a genuine stock conflict; 409 on a write
  is counted as expected, every other non-2xx status and every transport failure as an error;
* open loop: request i is due at start + i/rps whatever earlier requests do, and its latency is
  measured from that due time, so a stalled server shows in the percentiles (no coordinated
  omission);
* accountable: `on_result` sees every request's outcome (status and headers, or none after a
  transport failure); `WriteLedger` sums what the acknowledged (2xx) writes did per item, so a
  caller can prove that every write a client was told succeeded is in the system of record,
  and counts the writes whose outcome is unknown; `BackgroundLoad` runs the load in a thread
  until stopped (short bounded rounds) for tests and benchmarks that act on the system meanwhile.

The traffic model (`Workload`), the ledger and the statistics (`summarize`, `percentile`) are
pure.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import math
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
import click
from rich.console import Console
from rich.table import Table

from strangler.errors import StranglerError, UsageError

__all__ = ["BackgroundLoad", "LoadError", "LoadReport", "Mix", "OpStats", "Planned", "Sample",
           "WriteLedger", "Workload", "check_target", "discover_items", "load", "percentile",
           "run_load", "summarize"]

READ_OPS = ("get_item", "list_page", "find_sku")
WRITE_OPS = ("reserve", "release", "adjust")


class LoadError(StranglerError):
    """The load run could not start (target unreachable, nothing to load)."""


# --- configuration -------------------------------------------------------------------------


@dataclass(frozen=True)
class Mix:
    """Shares of reads and writes; they sum to 1."""

    reads: float = 0.8
    writes: float = 0.2

    @classmethod
    def parse(cls, text: str) -> Mix:
        """`reads=0.8,writes=0.2`; a missing share is whatever is left of 1."""
        shares: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, sep, raw = part.partition("=")
            key = key.strip()
            if not sep or key not in ("reads", "writes"):
                raise UsageError(f"mix: {part!r} is not reads=SHARE or writes=SHARE")
            if key in shares:
                raise UsageError(f"mix: {key} given twice")
            try:
                value = float(raw)
            except ValueError:
                raise UsageError(f"mix: {key}: {raw!r} is not a number") from None
            if not (math.isfinite(value) and 0.0 <= value <= 1.0):
                raise UsageError(f"mix: {key}: {raw} is outside 0..1")
            shares[key] = value
        if not shares:
            raise UsageError("mix: give at least one of reads=, writes=")
        reads = shares.get("reads", 1.0 - shares.get("writes", 0.0))
        writes = shares.get("writes", 1.0 - reads)
        if abs(reads + writes - 1.0) > 1e-9 or reads < 0 or writes < 0:
            raise UsageError(f"mix: reads + writes must be 1, got {reads + writes:g}")
        return cls(reads, writes)

    def __str__(self) -> str:
        return f"reads={self.reads:g},writes={self.writes:g}"


def check_target(url: str, *, allow_remote: bool = False) -> str:
    """The target base URL without a trailing slash; refuses non-loopback hosts by default."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"target {url!r}: must be http(s)://HOST[:PORT]")
    if parts.query or parts.fragment:
        raise UsageError(f"target {url!r}: must not have a query or fragment")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise UsageError(f"target {url!r}: bad port") from None
    host = parts.hostname
    if not allow_remote:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise UsageError(f"target host {host!r} is not loopback",
                             hint="pass --allow-remote to load a remote server on purpose")
    return url.rstrip("/")


# --- the traffic model (pure) ------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    op: str
    method: str
    path: str
    body: dict[str, Any] | None = None

    @property
    def is_write(self) -> bool:
        return self.op in WRITE_OPS


@dataclass
class Workload:
    """Chooses each next request; remembers what this run holds reserved."""

    items: Sequence[tuple[int, str]]  # (id, sku) that exist on the target
    mix: Mix
    rng: random.Random
    held: Counter[int] = field(default_factory=Counter)

    def next(self) -> Planned:
        rng = self.rng
        item_id, sku = rng.choice(self.items)
        if rng.random() >= self.mix.writes:
            roll = rng.random()
            if roll < 0.85:
                return Planned("get_item", "GET", f"/api/inventory/{item_id}")
            if roll < 0.95:
                return Planned("list_page", "GET",
                               f"/api/inventory?limit=20&after={max(item_id - 1, 0)}")
            return Planned("find_sku", "GET", f"/api/inventory?sku={quote(sku, safe='')}")
        roll = rng.random()
        if roll < 0.35 and self.held:
            held_id = rng.choice(sorted(self.held))
            quantity = rng.randint(1, self.held[held_id])
            self.held[held_id] -= quantity  # optimistic; `observe` restores it on failure
            if self.held[held_id] <= 0:
                del self.held[held_id]
            return Planned("release", "POST", f"/api/inventory/{held_id}/release",
                           {"quantity": quantity})
        if roll < 0.80:
            return Planned("reserve", "POST", f"/api/inventory/{item_id}/reserve",
                           {"quantity": rng.randint(1, 3)})
        delta = rng.randint(1, 10) if rng.random() < 0.75 else -rng.randint(1, 3)
        return Planned("adjust", "POST", "/api/inventory/adjust",
                       {"item_id": item_id, "delta": delta, "reason": "loadgen"})

    def observe(self, planned: Planned, status: int | None) -> None:
        ok = status is not None and 200 <= status < 300
        if planned.op == "reserve" and ok:
            self.held[_item_of(planned)] += planned.body["quantity"]  # type: ignore[index]
        elif planned.op == "release" and status is not None and not ok:
            # Refused, so nothing was released. (After a transport failure we cannot know.)
            self.held[_item_of(planned)] += planned.body["quantity"]  # type: ignore[index]


def _item_of(planned: Planned) -> int:
    return int(planned.path.split("/")[3])


OnResult = Callable[[Planned, int | None, Mapping[str, str]], None]


@dataclass
class WriteLedger:
    """What the acknowledged writes did, per item: `on_hand` and `reserved` deltas.

    A 2xx answer means the write happened (reserve: reserved + q; release: reserved - q;
    adjust: on_hand + delta); any other status means it did not (409 conflict, 503 hold
    expired: never forwarded); no status (transport failure, timeout) means nobody knows,
    counted in `unknown`. Expected state = state before + deltas, exactly when `unknown` is 0.
    """

    on_hand: Counter[int] = field(default_factory=Counter)
    reserved: Counter[int] = field(default_factory=Counter)
    acknowledged: int = 0
    unknown: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    held_503: int = 0  # 503 with Retry-After: a bounded hold that ran out (not forwarded)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, planned: Planned, status: int | None, headers: Mapping[str, str]) -> None:
        if not planned.is_write:
            return
        with self._lock:
            if status is None:
                self.unknown += 1
                return
            self.statuses[status] += 1
            if status == 503 and "Retry-After" in headers:
                self.held_503 += 1
            if not 200 <= status < 300:
                return
            self.acknowledged += 1
            body = planned.body or {}
            if planned.op == "adjust":
                self.on_hand[int(body["item_id"])] += int(body["delta"])
            elif planned.op == "reserve":
                self.reserved[_item_of(planned)] += int(body["quantity"])
            elif planned.op == "release":
                self.reserved[_item_of(planned)] -= int(body["quantity"])

    def expected(self, before: Mapping[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
        """Per item (on_hand, reserved) after the acknowledged writes, from `before`."""
        with self._lock:
            return {item: (on_hand + self.on_hand[item], reserved + self.reserved[item])
                    for item, (on_hand, reserved) in before.items()}

    def server_errors(self) -> dict[int, int]:
        """5xx answers to writes other than held ones (503 with Retry-After)."""
        with self._lock:
            out = {code: n for code, n in self.statuses.items() if code >= 500}
            if self.held_503:
                out[503] = out.get(503, 0) - self.held_503
            return {code: n for code, n in out.items() if n}


def expected_status(planned: Planned, status: int) -> bool:
    return 200 <= status < 300 or (planned.is_write and status == 409)


# --- statistics (pure) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    op: str
    latency: float  # seconds from the request's due time to its end
    status: int | None = None
    error: str | None = None  # transport failure kind, or `status_NNN` for an unexpected status


@dataclass(frozen=True)
class OpStats:
    count: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values; 0.0 for no values."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(q / 100.0 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _stats(latencies: list[float]) -> OpStats:
    values = sorted(latencies)
    ms = [v * 1000.0 for v in (percentile(values, 50), percentile(values, 95),
                                percentile(values, 99), values[-1] if values else 0.0)]
    return OpStats(len(values), *(round(v, 3) for v in ms))


@dataclass(frozen=True)
class LoadReport:
    target: str
    mix: str
    planned_rps: float
    duration_s: float
    elapsed_s: float
    sent: int
    completed: int
    skipped: int
    achieved_rps: float
    statuses: dict[str, int]
    expected_conflicts: int
    errors: dict[str, int]
    latency: dict[str, OpStats]

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.skipped == 0

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["error_count"] = self.error_count
        out["ok"] = self.ok
        return out


def summarize(samples: Sequence[Sample], *, target: str, mix: Mix, rps: float, duration: float,
              elapsed: float, sent: int, skipped: int) -> LoadReport:
    statuses = Counter(str(s.status) for s in samples if s.status is not None)
    errors = Counter(s.error for s in samples if s.error is not None)
    conflicts = sum(1 for s in samples if s.status == 409 and s.error is None)
    by_op: dict[str, list[float]] = {}
    for s in samples:
        by_op.setdefault(s.op, []).append(s.latency)
    latency = {op: _stats(by_op[op]) for op in (*READ_OPS, *WRITE_OPS) if op in by_op}
    latency["all"] = _stats([s.latency for s in samples])
    completed = sum(1 for s in samples if s.status is not None)
    return LoadReport(
        target=target, mix=str(mix), planned_rps=rps, duration_s=duration,
        elapsed_s=round(elapsed, 3), sent=sent, completed=completed, skipped=skipped,
        achieved_rps=round(completed / elapsed, 2) if elapsed > 0 else 0.0,
        statuses=dict(sorted(statuses.items())), expected_conflicts=conflicts,
        errors=dict(sorted(errors.items())), latency=latency)


# --- running -------------------------------------------------------------------------------


async def discover_items(session: aiohttp.ClientSession, base: str, *,
                         want: int = 1000) -> list[tuple[int, str]]:
    """Up to `want` (id, sku) pairs that exist, walked from the target's paged list."""
    found: list[tuple[int, str]] = []
    after = 0
    while len(found) < want:
        url = f"{base}/api/inventory?limit={min(200, want - len(found))}&after={after}"
        try:
            async with session.get(url, allow_redirects=False) as resp:
                if resp.status != 200:
                    raise LoadError(f"GET {url} answered {resp.status}; is this the inventory API?")
                page = await resp.json()
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            raise LoadError(f"cannot list items at {base}: {type(exc).__name__}: {exc}") from exc
        found.extend((int(it["id"]), str(it["sku"])) for it in page.get("items", []))
        if page.get("next_after") is None:
            break
        after = int(page["next_after"])
    return found


def _kind(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return "timeout"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return "connect"
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError):
        return "disconnected"
    if isinstance(exc, aiohttp.ClientPayloadError | aiohttp.ClientResponseError):
        return "bad_response"
    return type(exc).__name__


async def run_load(target: str, rps: float, duration: float,
                   mix: Mix | str = "reads=0.8,writes=0.2", *,
                   max_requests: int | None = None, concurrency: int = 256,
                   timeout: float = 5.0, allow_remote: bool = False, seed: int | None = None,
                   items: Sequence[tuple[int, str]] | None = None,
                   headers: Mapping[str, str] | None = None,
                   on_result: OnResult | None = None) -> LoadReport:
    """Send `rps` requests per second for `duration` seconds and report what happened;
    `on_result` is called with each request's outcome (no status: a transport failure)."""
    if not (0 < rps <= 100_000 and 0 < duration <= 86_400):
        raise UsageError("rps must be in (0, 100000] and duration in (0, 86400] seconds")
    if max_requests is not None and max_requests < 1:
        raise UsageError("max_requests must be at least 1")
    base = check_target(target, allow_remote=allow_remote)
    mix = Mix.parse(mix) if isinstance(mix, str) else mix
    budget = math.ceil(rps * duration)
    if max_requests is not None:
        budget = min(budget, max_requests)
    connector = aiohttp.TCPConnector(limit=concurrency, ttl_dns_cache=300)
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(base, connector=connector, timeout=client_timeout,
                                     headers=dict(headers or {}),
                                     auto_decompress=False) as session:
        pool = list(items) if items is not None else await discover_items(session, base)
        if not pool:
            raise LoadError(f"{base} lists no inventory items; seed it first (strangler seed)")
        workload = Workload(pool, mix, random.Random(seed))
        samples: list[Sample] = []
        loop = asyncio.get_running_loop()

        async def one(planned: Planned, due: float) -> None:
            status: int | None = None
            error: str | None = None
            answer: Mapping[str, str] = {}
            try:
                async with session.request(planned.method, planned.path, json=planned.body,
                                           allow_redirects=False) as resp:
                    await resp.read()
                    status, answer = resp.status, resp.headers
                if not expected_status(planned, status):
                    error = f"status_{status}"
            except asyncio.CancelledError:
                error = "timeout"
                raise
            except Exception as exc:  # every transport failure is data for the report
                error = _kind(exc)
            finally:
                workload.observe(planned, status)
                samples.append(Sample(planned.op, loop.time() - due, status, error))
                if on_result is not None:
                    on_result(planned, status, answer)

        in_flight: set[asyncio.Task[None]] = set()
        skipped = sent = 0
        start = loop.time()
        for index in range(budget):
            due = start + index / rps
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            if len(in_flight) >= concurrency:
                skipped += 1
                continue
            task = asyncio.create_task(one(workload.next(), due))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
            sent += 1
        if in_flight:
            _, pending = await asyncio.wait(set(in_flight), timeout=timeout + 0.5)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        elapsed = loop.time() - start
    return summarize(samples, target=base, mix=mix, rps=rps, duration=duration,
                     elapsed=elapsed, sent=sent, skipped=skipped)


class BackgroundLoad:
    """`run_load` in a thread, in rounds of `chunk` seconds, until `stop()`; every outcome goes
    to `on_result`. The reports of the rounds are kept; `failure` is what stopped it early."""

    def __init__(self, url: str, rps: float, *, chunk: float = 2.0, timeout: float = 15.0,
                 mix: Mix | str = "reads=0.8,writes=0.2",
                 on_result: OnResult | None = None) -> None:
        self.url, self.rps, self.chunk, self.timeout = url, rps, chunk, timeout
        self.mix, self.on_result = mix, on_result
        self.reports: list[LoadReport] = []
        self.failure: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="background-load", daemon=True)

    def start(self) -> BackgroundLoad:
        self._thread.start()
        return self

    def _run(self) -> None:
        items: list[tuple[int, str]] | None = None
        while not self._stop.is_set():
            try:
                if items is None:
                    items = asyncio.run(_items(self.url))
                report = asyncio.run(run_load(self.url, self.rps, self.chunk, self.mix,
                                              items=items, timeout=self.timeout,
                                              on_result=self.on_result))
            except BaseException as exc:  # the caller checks `failure`, never a silent stop
                self.failure = exc
                return
            self.reports.append(report)

    def stop(self) -> list[LoadReport]:
        """Finish the round under way and return every round's report."""
        self._stop.set()
        self._thread.join(timeout=self.chunk + self.timeout + 15)
        if self._thread.is_alive():
            raise LoadError(f"the load on {self.url} did not stop")
        return self.reports


async def _items(url: str) -> list[tuple[int, str]]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        return await discover_items(session, check_target(url))


# --- CLI -----------------------------------------------------------------------------------


def render(report: LoadReport, console: Console) -> None:
    console.print(f"target {report.target}  mix {report.mix}  planned {report.planned_rps:g} rps"
                  f" x {report.duration_s:g} s")
    console.print(f"sent {report.sent}  completed {report.completed}  skipped {report.skipped}"
                  f"  elapsed {report.elapsed_s:.2f} s  achieved {report.achieved_rps:.1f} rps")
    statuses = "  ".join(f"{k}: {v}" for k, v in report.statuses.items()) or "none"
    console.print(f"statuses {statuses}  (expected 409 conflicts: {report.expected_conflicts})")
    errors = "  ".join(f"{k}: {v}" for k, v in report.errors.items()) or "none"
    console.print(f"errors {report.error_count}  {errors}")
    table = Table("op", "count", "p50 ms", "p95 ms", "p99 ms", "max ms", title="latency")
    for op, st in report.latency.items():
        table.add_row(op, str(st.count), f"{st.p50_ms:.2f}", f"{st.p95_ms:.2f}",
                      f"{st.p99_ms:.2f}", f"{st.max_ms:.2f}")
    console.print(table)


@click.command()
@click.option("--target", required=True, metavar="URL", help="Base URL, e.g. http://127.0.0.1:8081")
@click.option("--rps", type=click.FloatRange(0, 100_000, min_open=True), default=50.0,
              show_default=True, help="Requests per second (open loop).")
@click.option("--duration", type=click.FloatRange(0, 86_400, min_open=True), default=10.0,
              show_default=True, help="Seconds to send for.")
@click.option("--mix", "mix_text", default="reads=0.8,writes=0.2", show_default=True,
              help="Shares of reads and writes, summing to 1.")
@click.option("--max-requests", type=click.IntRange(1), default=None,
              help="Stop after this many requests even if time is left.")
@click.option("--concurrency", type=click.IntRange(1, 10_000), default=256, show_default=True,
              help="Most requests in flight; beyond it requests are skipped and counted.")
@click.option("--timeout", type=click.FloatRange(0, 300, min_open=True), default=5.0,
              show_default=True, help="Per-request timeout in seconds.")
@click.option("--seed", type=int, default=None, help="Make the request sequence reproducible.")
@click.option("--allow-remote", is_flag=True, help="Allow a target that is not loopback.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def load(target: str, rps: float, duration: float, mix_text: str, max_requests: int | None,
         concurrency: int, timeout: float, seed: int | None, allow_remote: bool,
         as_json: bool) -> int:
    """Drive the inventory API at a steady rate; exit 1 if any request failed."""
    try:
        mix = Mix.parse(mix_text)
        check_target(target, allow_remote=allow_remote)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    started = time.monotonic()
    report = asyncio.run(run_load(target, rps, duration, mix, max_requests=max_requests,
                                  concurrency=concurrency, timeout=timeout,
                                  allow_remote=allow_remote, seed=seed))
    if as_json:
        click.echo(json.dumps({**report.as_dict(),
                               "wall_s": round(time.monotonic() - started, 3)}))
    else:
        render(report, Console())
    return 0 if report.ok else 1
