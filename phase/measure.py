"""Collects the measurements the gates judge (I/O; the gates themselves are pure).

Owns where each measurement comes from:

* upstream health: real HTTP GETs of `upstreams.<name>.url + health_path`, as a new user
  would send them (no pooled connection, the upstream's own timeouts);
* connector and tasks: the Kafka Connect REST API (cdc/connect.py); the snapshot is done when
  the connector's stored offsets no longer say `snapshot` (Debezium's source offsets carry
  `snapshot`/`last_snapshot_record` while the initial snapshot runs);
* lag: `cdc.lag.measure` read repeatedly until `lag_consecutive_fences` distinct applied
  fences were seen, or the time budget ran out (the gate then says inconclusive);
* verification: one pass of `cdc.verify.verify` (its age is the time since it finished);
* traffic, latency, fallbacks, shadow diffs: the gateway's Prometheus metrics (the admin
  listener's `/metrics`, or the text rendered in-process), restricted to the context and its
  current stage, so both arms are compared on the same window;
* ping-pong: the applier transaction markers (`strangler_cdc.cdc_origin`) written in each
  database during the last `gates.ping_pong_window_seconds`.

Guarantees: only what the transition's gates need is measured; a measurement that cannot be
taken is left out with the reason in `Measurements.missing` (its gate says inconclusive), it
never raises; no DSN or secret reaches a reason (`strangler.dsn.redact`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import requests
from prometheus_client.parser import text_string_to_metric_families

from cdc.errors import first_line
from gateway.config import ContextConfig, GatewayConfig, UpstreamConfig
from gateway.stages import Stage
from phase.gates import (
    ConnectorReading,
    Fallbacks,
    HealthReading,
    LagReading,
    Latency,
    Measurements,
    PingPongReading,
    ShadowCounts,
    Traffic,
    VerificationReading,
    gates_for,
)
from strangler.dsn import redact

__all__ = ["Sources", "collect", "connector_reading", "probe_health", "traffic_from_metrics"]

Sample = tuple[str, dict[str, str], float]  # (sample name, labels, value)


@dataclass(frozen=True)
class Sources:
    """Where to measure. `metrics` returns the gateway's Prometheus text (None: no gateway
    metrics); `routes_path` is the routes file (for the CDC tools); `lag_budget` bounds the
    wait for fences in seconds."""

    routes_path: str | Path
    metrics: Callable[[], str | None] | None = None
    state_dir: str | None = None
    lag_budget: float = 15.0


# --- upstream health ---------------------------------------------------------------------------


def probe_health(name: str, upstream: UpstreamConfig, probes: int) -> HealthReading:
    url = upstream.url + upstream.health_path
    ok, status, error = 0, None, None
    timeout = (upstream.connect_timeout, min(upstream.read_timeout, 10.0))
    for _ in range(probes):
        try:
            # a fresh connection per probe (what a new client gets), and no proxy from the
            # environment: the gateway connects to its upstreams directly
            with requests.Session() as session:
                session.trust_env = False
                response = session.get(url, timeout=timeout, allow_redirects=False,
                                       headers={"Connection": "close"})
        except requests.ConnectionError:
            error = "connection refused or reset (is it running?)"
            continue
        except requests.Timeout:
            error = f"no answer within {timeout[0]:g}+{timeout[1]:g} s"
            continue
        except requests.RequestException as exc:
            error = redact(type(exc).__name__)
            continue
        status = response.status_code
        response.close()
        if 200 <= status < 300:
            ok += 1
        else:
            error = f"answered {status}"
    return HealthReading(name, url, probes, ok, status, error)


# --- Kafka Connect -----------------------------------------------------------------------------


def _snapshot_state(offsets: list[dict[str, Any]]) -> str:
    """done / running / unknown from a Debezium source connector's stored offsets."""
    if not offsets:
        return "unknown"  # nothing committed yet: the snapshot may not have started
    for entry in offsets:
        offset = entry.get("offset") or {}
        if str(offset.get("snapshot_completed", "")).lower() == "true":
            continue
        snapshot = offset.get("snapshot")
        if snapshot in (None, False, "false", "FALSE") or offset.get("last_snapshot_record") \
                in (True, "true"):
            continue
        return "running"
    return "done"


def connector_reading(connect_url: str, name: str) -> ConnectorReading:
    from cdc.connect import ConnectClient

    client = ConnectClient(connect_url, timeout=10.0)
    status = client.status(name)
    if status is None:
        return ConnectorReading(name, None)
    snapshot = _snapshot_state(client.offsets(name)) if status.running else "unknown"
    trace = status.trace or next((t.trace for t in status.tasks if t.trace), None)
    return ConnectorReading(name, status.state, tuple(t.state for t in status.tasks),
                            snapshot, trace)


# --- lag ---------------------------------------------------------------------------------------


def _lag_reading(direction: Any, source_dsn: str, target_dsn: str, fences: int,
                 budget: float) -> LagReading:
    from cdc.lag import measure

    seen: dict[int, float] = {}
    deadline = time.monotonic() + budget
    while True:
        report = measure(direction, source_dsn=source_dsn, target_dsn=target_dsn)
        applied = _applied_fence(direction, target_dsn)
        if applied is not None:
            seen.setdefault(*applied)
        # a direction that is not set up, rewound or holds a table will not heal while we
        # wait; a stalled or idle one may (an applier catching up): read on until the budget
        done = len(seen) >= fences or report.state in ("rewound", "held", "inactive")
        if done or time.monotonic() >= deadline:
            break
        time.sleep(0.2)  # fences arrive every heartbeat interval; this only re-reads them
    return LagReading(direction.name, report.state, report.reason, tuple(sorted(seen.items())))


def _applied_fence(direction: Any, target_dsn: str) -> tuple[int, float] | None:
    """(LSN, end-to-end lag in seconds) of the newest fence applied at the target, from one
    row: the moment it was applied minus the moment the source took it."""
    import psycopg

    try:
        with psycopg.connect(target_dsn, connect_timeout=3) as conn:
            row = conn.execute(
                "select lsn, extract(epoch from applied_at - source_ts) "
                "from strangler_cdc.fences_applied where direction = %s",
                (direction.consumer_group,)).fetchone()
    except psycopg.Error:
        return None
    if row is None or row[0] is None or row[1] is None:
        return None
    return int(row[0]), float(row[1])


# --- verification ------------------------------------------------------------------------------


def _verification(context: str, sources: Sources, direction: str) -> VerificationReading:
    from cdc.verify import api

    result = api.verify(context, config=sources.routes_path, direction=direction,
                        state_dir=sources.state_dir)
    finished = result.started_at + dt.timedelta(seconds=result.duration_s)
    age = max((dt.datetime.now(dt.UTC) - finished).total_seconds(), 0.0)
    keys = tuple(f"{t.source_table}: {d.key_label()}" for t in result.tables
                 for d in t.persistent)[:5]
    errors = [f"{t.source_table}: {t.error}" for t in result.tables if t.error]
    return VerificationReading(
        verdict=result.verdict, persistent=sum(len(t.persistent) for t in result.tables),
        in_flight=sum(len(t.in_flight) for t in result.tables), age_seconds=age,
        tables=len(result.tables), fence_lsns={t.source_table: t.fence_lsn
                                               for t in result.tables},
        first_keys=keys, error=result.error or ("; ".join(errors) or None))


# --- gateway metrics (pure over the text) --------------------------------------------------


def _samples(text: str) -> list[Sample]:
    return [(s.name, dict(s.labels), float(s.value))
            for family in text_string_to_metric_families(text) for s in family.samples]


def _select(samples: Iterable[Sample], name: str, **labels: str) -> list[Sample]:
    return [s for s in samples
            if s[0] == name and all(s[1].get(k) == v for k, v in labels.items())]


def traffic_from_metrics(text: str, context: str, stage: str, service: str, legacy: str
                         ) -> tuple[Traffic, Fallbacks, Latency, ShadowCounts]:
    """The comparison inputs for `context` in `stage` from the gateway's metrics text (pure).

    Per route: the service's attempts are the requests it answered plus those that fell back
    (a fallback hides a service failure), its errors its 5xx answers plus the fallbacks; the
    monolith's own requests are those it answered minus the fallbacks it took over. Only routes
    both arms served count (same routes, same stage = same window)."""
    samples = _samples(text)
    answered: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for _, labels, value in _select(samples, "gateway_requests_total", context=context,
                                    stage=stage):
        acc = answered[(labels.get("route", ""), labels.get("upstream", ""))]
        acc[0] += int(value)
        if labels.get("status") == "5xx":
            acc[1] += int(value)
    fell: dict[str, int] = defaultdict(int)
    for _, labels, value in _select(samples, "gateway_fallbacks_total", context=context,
                                    stage=stage):
        fell[labels.get("route", "")] += int(value)
    routes = sorted({route for route, _ in answered} | set(fell))
    s_n = s_k = m_n = m_k = attempts = 0
    shared = []
    for route in routes:
        s_ans, s_err = answered.get((route, service), [0, 0])
        m_ans, m_err = answered.get((route, legacy), [0, 0])
        fb = fell.get(route, 0)
        attempts += s_ans + fb
        own = max(m_ans - fb, 0)
        if s_ans + fb and own:
            shared.append(route)
            s_n, s_k = s_n + s_ans + fb, s_k + s_err + fb
            m_n, m_k = m_n + own, m_k + m_err
    latency = Latency(_buckets(samples, context, stage, service),
                      _buckets(samples, context, stage, legacy))
    outcomes: dict[str, int] = defaultdict(int)
    for _, labels, value in _select(samples, "gateway_shadow_requests_total", context=context):
        outcomes[labels.get("outcome", "")] += int(value)
    return (Traffic(s_n, s_k, m_n, m_k, tuple(shared)), Fallbacks(sum(fell.values()), attempts),
            latency, ShadowCounts(outcomes["match"], outcomes["mismatch"]))


def _buckets(samples: list[Sample], context: str, stage: str, upstream: str
             ) -> tuple[tuple[float, int], ...]:
    counts: dict[float, int] = defaultdict(int)
    for _, labels, value in _select(samples, "gateway_request_duration_seconds_bucket",
                                    context=context, stage=stage, upstream=upstream):
        counts[float(labels["le"])] += int(value)
    return tuple(sorted(counts.items()))


def scrape(url: str, timeout: float = 5.0) -> str:
    response = requests.get(url, timeout=timeout, allow_redirects=False)
    response.raise_for_status()
    return response.text


# --- ping-pong ---------------------------------------------------------------------------------


def _ping_pong(context: str, service_dsn: str, monolith_dsn: str, window: float
               ) -> PingPongReading:
    import psycopg

    counts = []
    for dsn, origin in ((service_dsn, f"{context}-forward"), (monolith_dsn, f"{context}-reverse")):
        with psycopg.connect(dsn, connect_timeout=3) as conn:
            row = conn.execute(
                "select count(*) from strangler_cdc.cdc_origin where origin = %s "
                "and at > now() - make_interval(secs => %s)", (origin, window)).fetchone()
        counts.append(int(row[0]) if row else 0)
    return PingPongReading(window, counts[0], counts[1])


# --- collect -----------------------------------------------------------------------------------


def collect(context: str, old: Stage, new: Stage, config: GatewayConfig,
            sources: Sources) -> Measurements:
    """Everything the gates of `old -> new` need; what cannot be measured is in `missing`."""
    ctx: ContextConfig = config.contexts[context]
    t = ctx.gates
    needed = set(gates_for(old, new))
    values: dict[str, Any] = {}
    missing: dict[str, str] = {}

    def take(key: str, fn: Callable[[], Any]) -> None:
        try:
            values[key] = fn()
        except Exception as exc:  # a measurement that fails is missing, never a pass
            missing[key] = redact(f"{type(exc).__name__}: {first_line(exc)[:300]}")

    legacy = config.legacy_of(context)
    if "service_health" in needed:
        take("service_health", lambda: probe_health(
            ctx.service, config.upstreams[ctx.service], t.health_probes))
    if "legacy_health" in needed:
        take("legacy_health", lambda: probe_health(
            legacy, config.upstreams[legacy], t.health_probes))
    _collect_sync(context, ctx, needed, sources, take, missing)
    if needed & {"error_rate", "latency_p99", "fallback_rate", "shadow_diff"}:
        text = None
        if sources.metrics is not None:
            take("metrics", sources.metrics)
            text = values.pop("metrics", None)
        if text is None:
            missing.setdefault("metrics", "no gateway metrics source")
            for key in ("traffic", "latency", "fallbacks", "shadow"):
                missing[key] = missing["metrics"]
        else:
            traffic, fallbacks, latency, shadow = traffic_from_metrics(
                text, context, old.value, ctx.service, legacy)
            values.update(traffic=traffic, fallbacks=fallbacks, latency=latency,
                          shadow=shadow)
    return Measurements(context=context, missing=missing, **values)


def _collect_sync(context: str, ctx: ContextConfig, needed: set[str], sources: Sources,
                  take: Callable[[str, Callable[[], Any]], None], missing: dict[str, str]
                  ) -> None:
    sync_gates = {"forward_connector", "reverse_connector", "forward_lag", "reverse_lag",
                  "verification", "no_ping_pong"} & needed
    if not sync_gates:
        return
    if ctx.sync is None:
        for gate in sync_gates:
            missing[_KEY.get(gate, gate)] = f"contexts.{context}.sync is not configured"
        return
    from cdc.config import Direction
    from cdc.endpoints import Endpoints

    endpoints = Endpoints(sources.state_dir)
    sync = ctx.sync
    for name in ("forward", "reverse"):
        if not {f"{name}_connector", f"{name}_lag"} & needed:
            continue
        if name == "reverse" and sync.reverse is None:
            for gate in (f"{name}_connector", f"{name}_lag"):
                missing[gate] = f"contexts.{context}.sync.reverse is not configured"
            continue
        d = Direction(context, sync, name)
        if f"{name}_connector" in needed:
            take(f"{name}_connector", partial(
                lambda d: connector_reading(endpoints.connect_url(), d.connector_name), d))
        if f"{name}_lag" in needed:
            take(f"{name}_lag", partial(
                lambda d: _lag_reading(d, endpoints.dsn(d.source_db),
                                       endpoints.dsn(d.target_db),
                                       ctx.gates.lag_consecutive_fences, sources.lag_budget),
                d))
    if "verification" in needed:
        take("verification", lambda: _verification(context, sources, "forward"))
    if "no_ping_pong" in needed:
        take("ping_pong", lambda: _ping_pong(context, endpoints.dsn(sync.target),
                                             endpoints.dsn(sync.source),
                                             ctx.gates.ping_pong_window_seconds))


_KEY = {"no_ping_pong": "ping_pong"}

