"""Prometheus metrics of one gateway process.

Owns the metric families and their label sets. Guarantees: label values are bounded (context
and upstream names and route templates from the config, stage names, status classes, fixed
reason words — never raw paths or header values); each `GatewayMetrics` has its own registry
so several gateways can live in one process (tests). With several worker processes the
supervisor sets `PROMETHEUS_MULTIPROC_DIR` and `/metrics` aggregates all workers.

The two per-request metrics (requests, latency) are exact whenever they are read: a single
process counts them in plain dicts on the hot path and folds them into the prometheus metrics
first thing in every collection of its registry (a scrape, `get_sample_value`); with several
workers each one is written through at once, since any worker may serve the scrape.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from gateway.stages import LADDER

__all__ = ["GatewayMetrics"]

_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
_BOUNDS = (*_BUCKETS, float("inf"))  # the histogram's upper bounds, +Inf included
_HOLD_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300)


class _FoldPending:
    """A collector that yields nothing; registered first, so collecting the registry folds
    the pending counts into the metrics before any of them is read."""

    def __init__(self, fold: Callable[[], None]) -> None:
        self._fold = fold

    def collect(self) -> Iterable[Any]:
        self._fold()
        return ()


def _new_child(children: dict[Any, Any], metric: Counter | Histogram, key: tuple[str, ...]
               ) -> Any:
    """The label child for `key`, cached in `children` (called on a cache miss only)."""
    child = children[key] = metric.labels(*key)
    return child


class GatewayMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._multiproc_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        self._batch = not self._multiproc_dir
        # pending per label tuple: request counts; latency [sum, count per bucket...]
        self._req_pending: dict[tuple[str, str, str, str, str], int] = {}
        self._lat_pending: dict[tuple[str, str, str], list[float]] = {}
        r = self.registry
        r.register(_FoldPending(self.fold))
        self.requests = Counter(
            "gateway_requests", "Requests answered, by context, stage, route, upstream "
            "that answered and status class", ["context", "stage", "route", "upstream", "status"],
            registry=r)
        self.latency = Histogram(
            "gateway_request_duration_seconds", "Time to the response head, by context and "
            "stage", ["context", "stage", "upstream"], buckets=_BUCKETS, registry=r)
        self.upstream_errors = Counter(
            "gateway_upstream_errors", "Failed upstream attempts by kind "
            "(connect, timeout, protocol, status_5xx)", ["upstream", "kind"], registry=r)
        self.fallbacks = Counter(
            "gateway_fallbacks", "Requests re-sent to the legacy upstream after the service "
            "failed", ["context", "stage", "route", "reason"], registry=r)
        self.rejected = Counter(
            "gateway_rejected_requests", "Requests refused by the gateway itself",
            ["reason"], registry=r)
        self.shadow = Counter(
            "gateway_shadow_requests", "Shadow requests by route and outcome (sent, match, "
            "mismatch, error, incomparable, dropped); diff rate = mismatch / (match + "
            "mismatch)", ["context", "route", "outcome"], registry=r)
        self.shadow_queue = Gauge(
            "gateway_shadow_queue_depth", "Shadow jobs waiting", registry=r,
            multiprocess_mode="livesum")
        self.stage = Gauge(
            "gateway_context_stage", "1 for the current stage of each context",
            ["context", "stage"], registry=r, multiprocess_mode="liveall")
        self.stage_store_up = Gauge(
            "gateway_stage_store_up", "1 while the stage store (control table) is reachable; "
            "0 while the gateway routes with the last stages it knew", registry=r,
            multiprocess_mode="livemin")
        self.stage_store_errors = Counter(
            "gateway_stage_store_errors", "Failed attempts to reach or read the stage store",
            registry=r)
        self.reloads = Counter(
            "gateway_config_reloads", "Config reload attempts by result (ok, invalid, "
            "refused: a stage change of the file failed the checks)", ["result"], registry=r)
        self.read_your_writes = Counter(
            "gateway_read_your_writes", "Read-your-writes events: pinned (a read kept on "
            "legacy after its client's write), evicted (a key dropped early: max_keys)",
            ["context", "event"], registry=r)
        self.config_info = Gauge(
            "gateway_config_info", "1 for the active config version", ["version"],
            registry=r, multiprocess_mode="liveall")
        self.config_rejected = Gauge(
            "gateway_config_rejected_info", "1 for the last routes file version that was "
            "rejected (the admin API's /admin/state says why)", ["version"],
            registry=r, multiprocess_mode="liveall")
        self.config_revision = Gauge(
            "gateway_config_revision", "The active config revision (only grows)",
            registry=r, multiprocess_mode="max")
        self.write_hold_active = Gauge(
            "gateway_write_hold_active", "1 while the context's new writes are held "
            "(write cut-over)", ["context"], registry=r, multiprocess_mode="livemax")
        self.held_writes = Counter(
            "gateway_held_writes", "Writes that waited in a write hold, by how the wait "
            "ended: released (then forwarded), expired (503 + Retry-After), gone (the client "
            "left; not forwarded), closing (gateway shutdown; 503)", ["context", "outcome"],
            registry=r)
        self.held_write_wait = Histogram(
            "gateway_held_write_wait_seconds", "How long each held write waited",
            ["context"], buckets=_HOLD_BUCKETS, registry=r)
        self.write_hold_duration = Histogram(
            "gateway_write_hold_duration_seconds", "How long each write hold lasted, from "
            "the hold to its release or expiry", ["context"], buckets=_HOLD_BUCKETS,
            registry=r)
        self._rejected: str | None = None
        self._version: str | None = None
        # label children cached per label tuple: labels() costs a lock and a dict build per
        # call; label values are bounded (see the module docstring), so the caches are too
        self._req: dict[tuple[str, str, str, str, str], Any] = {}
        self._lat: dict[tuple[str, str, str], Any] = {}

    def request_done(self, context: str, stage: str, route: str, upstream: str,
                     status_class: str) -> None:
        key = (context, stage, route, upstream, status_class)
        if self._batch:
            pending = self._req_pending
            pending[key] = pending.get(key, 0) + 1
            return
        (self._req.get(key) or _new_child(self._req, self.requests, key)).inc()

    def observe_latency(self, context: str, stage: str, upstream: str, seconds: float) -> None:
        key = (context, stage, upstream)
        if self._batch:
            acc = self._lat_pending.get(key)
            if acc is None:
                acc = self._lat_pending[key] = [0.0] * (len(_BOUNDS) + 1)
            acc[0] += seconds
            acc[bisect_left(_BOUNDS, seconds) + 1] += 1  # the first bound >= seconds
            return
        (self._lat.get(key) or _new_child(self._lat, self.latency, key)).observe(seconds)

    def fold(self) -> None:
        """Move the pending counts into the prometheus metrics (runs on every collection)."""
        requests, self._req_pending = self._req_pending, {}
        for rkey, n in requests.items():
            (self._req.get(rkey) or _new_child(self._req, self.requests, rkey)).inc(n)
        latencies, self._lat_pending = self._lat_pending, {}
        for lkey, acc in latencies.items():
            child = self._lat.get(lkey) or _new_child(self._lat, self.latency, lkey)
            # prometheus_client has no public "observe n values": its histogram children
            # keep one value per bucket (non-cumulative) and one sum, which get the totals
            child._sum.inc(acc[0])
            for i, count in enumerate(acc[1:]):
                if count:
                    child._buckets[i].inc(count)

    def write_hold_changed(self, context: str, active: bool) -> None:
        self.write_hold_active.labels(context).set(1 if active else 0)

    def held_write_done(self, context: str, outcome: str, waited: float) -> None:
        self.held_writes.labels(context, outcome).inc()
        self.held_write_wait.labels(context).observe(waited)

    def set_rejected(self, version: str | None) -> None:
        if self._rejected is not None and self._rejected != version:
            self.config_rejected.labels(self._rejected).set(0)
        self._rejected = version
        if version is not None:
            self.config_rejected.labels(version).set(1)

    def set_config(self, version: str, stages: dict[str, str]) -> None:
        self.config_revision.set(int(version.split("-", 1)[0]))
        if self._version is not None and self._version != version:
            self.config_info.labels(self._version).set(0)
        self._version = version
        self.config_info.labels(version).set(1)
        for ctx, current in stages.items():
            for stage in LADDER:
                self.stage.labels(ctx, stage.value).set(1 if stage.value == current else 0)

    def render(self) -> bytes:
        if self._multiproc_dir:
            reg = CollectorRegistry()
            multiprocess.MultiProcessCollector(reg, path=self._multiproc_dir)
            return generate_latest(reg)
        return generate_latest(self.registry)
