"""The router: a pure function from (routing table, request facts, random roll) to a Decision.

Owns which upstream serves a request, which one it falls back to, and whether it is mirrored.
Guarantees: no I/O and no clock; the same inputs always give the same Decision (randomness comes
in as arguments: `shadow_roll` for sampling, `anonymous_key` for clients without a sticky key;
the read-your-writes state as `recent` with the time `now`);
each routed path has a method allowlist (other methods: 405); a tester override
(`X-Strangler-Override: service|legacy`) applies to reads in legacy..reads only with the token
whose SHA-256 is configured; the per-stage rules of the brief are encoded here and only here:

=========  =====================================  ==================  =========
stage      reads                                  writes              fallback
=========  =====================================  ==================  =========
legacy     legacy                                 legacy              none
shadow     legacy (+ sampled mirror to service)   legacy (mirror      none
                                                  only if opted in)
canary     service for buckets < percent, else    legacy              reads on service ->
           legacy (sticky key; no key -> legacy)                      legacy
reads      service                                legacy              reads -> legacy
writes     service                                service             none
retired    service                                service             none
=========  =====================================  ==================  =========

Read-your-writes: in `canary` and `reads` (writes on legacy, reads on the service, which lags
behind by the CDC delay) a write of a client with a sticky key is marked `remember`; for
`read_your_writes_window` seconds after its answer, that client's reads that would go to the
service stay on legacy, the writer of record (`pinned`). Writes are never affected.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import parse_qs

from gateway import canary
from gateway.config import METHODS, ContextConfig, GatewayConfig, parse_route
from gateway.stages import Stage, is_read

__all__ = ["Decision", "RecentWritesView", "RoutingTable", "decide", "serving", "sticky_key"]

_MATCH_CACHE_MAX = 4096
_OVERRIDE_STAGES = frozenset({Stage.LEGACY, Stage.SHADOW, Stage.CANARY, Stage.READS})


@dataclass(frozen=True, slots=True)
class Decision:
    upstream: str | None  # primary upstream name; None when `reject` is set
    context: str | None = None
    stage: Stage | None = None
    route: str = "default"  # metrics label: the route ("GET /a/{id}"), "default" or "unrouted"
    fallback: str | None = None  # upstream to try when the primary fails (reads only)
    fallback_on_404: bool = False
    shadow: str | None = None  # upstream to mirror to, off the hot path
    canary_bucket: int | None = None
    set_sticky: str | None = None  # a sticky cookie value to assign to an anonymous client
    override: str | None = None  # "service" / "legacy" when a valid tester override applied
    reject: int = 0  # HTTP status to answer with instead of forwarding (404, 405)
    allow: tuple[str, ...] = ()  # for 405: the methods the path's routes accept
    remember: str | None = None  # a write's sticky key: opens its read-your-writes window
    pinned: bool = False  # a read kept on legacy inside its client's read-your-writes window


class RecentWritesView(Protocol):
    """The read-your-writes state as the router sees it (recent_writes.py owns it)."""

    def written_at(self, context: str, key: str) -> float | None: ...


@dataclass(frozen=True, slots=True)
class _Compiled:
    context: str
    segments: tuple[str | None, ...]
    methods: dict[str, str]  # method -> route text (metrics label)
    specificity: tuple[bool, ...]  # literal segments sort before parameters


class RoutingTable:
    """Routes compiled once per config: segment count -> paths, most specific first, each with
    its method allowlist. Immutable after construction."""

    __slots__ = ("config", "_index", "_owned", "_default", "needs_sticky", "_memo",
                 "_matched")

    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        grouped: dict[tuple[str, tuple[str | None, ...]], dict[str, str]] = {}
        explicit_options: set[tuple[str | None, ...]] = set()
        for name, ctx in config.contexts.items():
            for text in ctx.routes:
                spec = parse_route(text)
                methods = grouped.setdefault((name, spec.segments), {})
                if spec.method == "*":
                    for m in METHODS:
                        methods.setdefault(m, spec.text)
                    explicit_options.add(spec.segments)
                else:
                    methods[spec.method] = spec.text
                    if spec.method == "OPTIONS":
                        explicit_options.add(spec.segments)
        for (_name, segments), methods in grouped.items():
            if "GET" in methods:
                methods.setdefault("HEAD", methods["GET"])  # HEAD is answered like GET
            # OPTIONS (e.g. CORS preflight) on a routed path is a read of that context
            if segments not in explicit_options:
                template = next(iter(methods.values())).split(" ", 1)[1]
                methods.setdefault("OPTIONS", f"OPTIONS {template}")
        index: dict[int, list[_Compiled]] = {}
        for (name, segments), methods in grouped.items():
            index.setdefault(len(segments), []).append(
                _Compiled(name, segments, methods, tuple(s is None for s in segments)))
        self._index = {k: tuple(sorted(v, key=lambda c: c.specificity))
                       for k, v in index.items()}
        self._owned = tuple((p, name) for name, ctx in config.contexts.items() for p in ctx.owns)
        self._default = Decision(config.default_upstream)
        self.needs_sticky = any(c.stage is Stage.CANARY for c in config.contexts.values())
        # Decisions without per-request facts (no canary bucket, no assigned cookie) are
        # immutable values fixed by this config: built once, then shared. Bounded by the
        # number of (route, upstream, variant) combinations of the config.
        self._memo: dict[tuple[object, ...], Decision] = {}
        # recent (method, path) -> match results: pure in the table, so memoised; cleared
        # when full, like paths.py's target cache (bounded memory whatever the paths)
        self._matched: dict[tuple[str, str], tuple[_Compiled | None, tuple[str, ...]]] = {}

    def fixed(self, upstream: str, context: str, stage: Stage, route: str,
              fallback: str | None = None, fallback_on_404: bool = False,
              shadow: str | None = None, override: str | None = None,
              pinned: bool = False) -> Decision:
        key = (upstream, context, stage, route, fallback, fallback_on_404, shadow, override,
               pinned)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = Decision(upstream, context, stage, route, fallback,
                                             fallback_on_404, shadow, override=override,
                                             pinned=pinned)
        return got

    def match(self, method: str, path: str) -> tuple[_Compiled | None, tuple[str, ...]]:
        """(the matching route, ()) or (None, methods allowed on this path; () if unrouted)."""
        key = (method, path)
        got = self._matched.get(key)
        if got is None:
            if len(self._matched) >= _MATCH_CACHE_MAX:
                self._matched.clear()
            got = self._matched[key] = self._match(method, path)
        return got

    def _match(self, method: str, path: str) -> tuple[_Compiled | None, tuple[str, ...]]:
        segments = path.split("/")[1:]
        allowed: set[str] = set()
        for cand in self._index.get(len(segments), ()):
            for want, got in zip(cand.segments, segments, strict=True):
                if want is None:
                    if not got:
                        break
                elif want != got:
                    break
            else:
                if method in cand.methods:
                    return cand, ()
                allowed.update(cand.methods)
        return None, tuple(sorted(allowed))

    def owner(self, path: str) -> str | None:
        for prefix, name in self._owned:
            if path == prefix or path.startswith(prefix + "/"):
                return name
        return None


def sticky_key(config: GatewayConfig, headers: Mapping[str, str], query: str) -> str | None:
    """The client's sticky key: header, then cookie, then query parameter (pure)."""
    g = config.canary
    if g.sticky_header:
        value = headers.get(g.sticky_header)
        if value:
            return value
    if g.sticky_cookie:
        raw = headers.get("Cookie")
        if raw:
            for part in raw.split(";"):
                name, sep, value = part.strip().partition("=")
                if sep and name == g.sticky_cookie and value:
                    return value.strip('"')
    if g.sticky_query and query:
        values = parse_qs(query).get(g.sticky_query)
        if values and values[0]:
            return values[0]
    return None


def _override(config: GatewayConfig, headers: Mapping[str, str]) -> str | None:
    g = config.canary
    wanted = headers.get(g.override_header)
    if wanted not in ("service", "legacy") or g.override_token_sha256 is None:
        return None
    presented = headers.get(g.override_token_header)
    if not presented:
        return None
    digest = hashlib.sha256(presented.encode("utf-8", "surrogateescape")).hexdigest()
    return wanted if hmac.compare_digest(digest, g.override_token_sha256) else None


def _within_window(recent: RecentWritesView | None, now: float, context: str,
                   ctx: ContextConfig, key: str | None) -> bool:
    """Did `key` write to `context` less than its read-your-writes window before `now`?"""
    if recent is None or key is None:
        return False
    written = recent.written_at(context, key)
    return written is not None and now - written < ctx.read_your_writes_window


def _legacy_write(table: RoutingTable, ctx: ContextConfig, headers: Mapping[str, str],
                  query: str, legacy: str, name: str, stage: Stage, route: str) -> Decision:
    """A write in canary/reads: legacy, remembered for read-your-writes when the client has a
    sticky key and the window is on."""
    if ctx.read_your_writes_window > 0:
        key = sticky_key(table.config, headers, query)
        if key is not None:
            return Decision(legacy, name, stage, route, remember=key)
    return table.fixed(legacy, name, stage, route)


def decide(table: RoutingTable, method: str, path: str, headers: Mapping[str, str],
           shadow_roll: float = 1.0, *, query: str = "",
           anonymous_key: str | None = None, recent: RecentWritesView | None = None,
           now: float = 0.0) -> Decision:
    """Decide where `method path` goes.

    `path` must be canonical (paths.py); `shadow_roll` is a uniform draw in [0, 1) used only
    for shadow sampling; `anonymous_key` is a fresh random sticky key, used (and returned in
    `set_sticky`) only when a canary decision needs a key the client did not send; `recent`
    (None when it holds nothing) tells which sticky keys wrote when, `now` is the time on the
    same monotonic clock."""
    hit, allowed = table.match(method, path)
    cfg = table.config
    if hit is None:
        owner = table.owner(path)
        if allowed:
            ctx_name = owner or _context_of(table, path)
            stage = cfg.contexts[ctx_name].stage if ctx_name else None
            return Decision(None, context=ctx_name, stage=stage, route="unrouted",
                            reject=405, allow=allowed)
        if owner is not None:
            return Decision(None, context=owner, stage=cfg.contexts[owner].stage,
                            route="unrouted", reject=404)
        return table._default
    ctx = cfg.contexts[hit.context]
    legacy = ctx.legacy or cfg.default_upstream
    service = ctx.service
    stage = ctx.stage
    read = is_read(method)
    route = hit.methods[method]
    name = hit.context
    on_404 = ctx.fallback.on_404

    if read and stage in _OVERRIDE_STAGES:
        forced = _override(cfg, headers)
        if forced == "service":
            return table.fixed(service, name, stage, route, override=forced)
        if forced == "legacy":
            return table.fixed(legacy, name, stage, route, override=forced)

    if stage is Stage.LEGACY:
        return table.fixed(legacy, name, stage, route)
    if stage is Stage.SHADOW:
        mirror = None
        if (read or route in ctx.shadow.write_routes) and \
                shadow_roll * 100 < ctx.shadow.sample_percent:
            mirror = service
        return table.fixed(legacy, name, stage, route, shadow=mirror)
    if stage is Stage.CANARY:
        if not read:
            return _legacy_write(table, ctx, headers, query, legacy, name, stage, route)
        key = sticky_key(cfg, headers, query)
        assigned = None
        if key is None and anonymous_key and cfg.canary.sticky_cookie and \
                cfg.canary.assign_cookie:
            key = assigned = anonymous_key
        if key is None:
            return table.fixed(legacy, name, stage, route)
        b = canary.bucket(key, ctx.canary.salt or name)
        if canary.in_canary(b, ctx.canary.percent):
            if _within_window(recent, now, name, ctx, key):
                return Decision(legacy, name, stage, route, canary_bucket=b,
                                set_sticky=assigned, pinned=True)
            return Decision(service, name, stage, route, fallback=legacy,
                            fallback_on_404=on_404, canary_bucket=b, set_sticky=assigned)
        return Decision(legacy, name, stage, route, canary_bucket=b, set_sticky=assigned)
    if stage is Stage.READS:
        if read:
            if recent is not None and \
                    _within_window(recent, now, name, ctx, sticky_key(cfg, headers, query)):
                return table.fixed(legacy, name, stage, route, pinned=True)
            return table.fixed(service, name, stage, route, fallback=legacy,
                               fallback_on_404=on_404)
        return _legacy_write(table, ctx, headers, query, legacy, name, stage, route)
    # writes, retired: the service is the writer of record; no fallback to stale data
    return table.fixed(service, name, stage, route)


def _context_of(table: RoutingTable, path: str) -> str | None:
    segments = path.split("/")[1:]
    for cand in table._index.get(len(segments), ()):
        if all(w is None or w == g for w, g in zip(cand.segments, segments, strict=True)):
            return cand.context
    return None


def serving(config: GatewayConfig, context: str) -> tuple[str, str]:
    """Human summary of where a context's reads and writes go (for `gateway diff`)."""
    ctx = config.contexts[context]
    legacy = ctx.legacy or config.default_upstream
    svc = ctx.service
    stage = ctx.stage
    if stage is Stage.LEGACY:
        return legacy, legacy
    if stage is Stage.SHADOW:
        mirror = f"{legacy} (+{_pct(ctx.shadow.sample_percent)} mirrored to {svc})"
        writes = (f"{legacy} (+{_pct(ctx.shadow.sample_percent)} of "
                  f"{len(ctx.shadow.write_routes)} opted-in route(s) mirrored)"
                  if ctx.shadow.write_routes else legacy)
        return mirror, writes
    if stage is Stage.CANARY:
        p = ctx.canary.percent
        return f"{svc} {_pct(p)} / {legacy} {_pct(100 - p)}", legacy
    if stage is Stage.READS:
        return f"{svc} (fallback {legacy})", legacy
    return svc, svc


def _pct(p: float) -> str:
    return f"{p:g}%"
