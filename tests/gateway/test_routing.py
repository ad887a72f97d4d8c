"""The pure router: (table, method, canonical path, headers, roll) -> Decision."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import yaml
from multidict import CIMultiDict

from gateway.canary import bucket, in_canary
from gateway.config import load_config_text
from gateway.routing import Decision, RoutingTable, decide, serving, sticky_key
from gateway.stages import Stage
from tests.gateway.support import routes_doc


def table(stage: str, **ctx: Any) -> RoutingTable:
    doc = routes_doc("http://127.0.0.1:1", "http://127.0.0.1:2", stage=stage, **ctx)
    return RoutingTable(load_config_text(yaml.safe_dump(doc)).config)


def find_key(inside: bool, percent: float = 50) -> str:
    for i in range(1000):
        if in_canary(bucket(f"k{i}", "inventory"), percent) == inside:
            return f"k{i}"
    raise AssertionError("no key")  # pragma: no cover


IN, OUT = find_key(True), find_key(False)
R = "GET /api/inventory/{item_id}"
W = "POST /api/inventory/{item_id}/reserve"

# (stage, method, path, headers, roll) -> (upstream, fallback, shadow, route)
CASES: list[tuple[str, str, str, dict[str, str], float, tuple[Any, ...]]] = [
    ("legacy", "GET", "/api/inventory/1", {}, 0.0, ("monolith", None, None, R)),
    ("legacy", "POST", "/api/inventory/1/reserve", {}, 0.0, ("monolith", None, None, W)),
    ("shadow", "GET", "/api/inventory/1", {}, 0.5, ("monolith", None, "inventory", R)),
    ("shadow", "HEAD", "/api/inventory/1", {}, 0.5, ("monolith", None, "inventory", R)),
    ("shadow", "POST", "/api/inventory/1/reserve", {}, 0.0, ("monolith", None, None, W)),
    ("canary", "GET", "/api/inventory/1", {"X-Customer-Id": IN}, 0.0,
     ("inventory", "monolith", None, R)),
    ("canary", "GET", "/api/inventory/1", {"x-customer-id": IN}, 0.0,
     ("inventory", "monolith", None, R)),
    ("canary", "GET", "/api/inventory/1", {"X-Customer-Id": OUT}, 0.0,
     ("monolith", None, None, R)),
    ("canary", "GET", "/api/inventory/1", {}, 0.0, ("monolith", None, None, R)),
    ("canary", "POST", "/api/inventory/1/reserve", {"X-Customer-Id": IN}, 0.0,
     ("monolith", None, None, W)),
    ("reads", "GET", "/api/inventory", {}, 0.0,
     ("inventory", "monolith", None, "GET /api/inventory")),
    ("reads", "POST", "/api/inventory/adjust", {}, 0.0,
     ("monolith", None, None, "POST /api/inventory/adjust")),
    ("writes", "GET", "/api/inventory/1", {}, 0.0, ("inventory", None, None, R)),
    ("writes", "POST", "/api/inventory/1/release", {}, 0.0,
     ("inventory", None, None, "POST /api/inventory/{item_id}/release")),
    ("retired", "GET", "/api/inventory/1", {}, 0.0, ("inventory", None, None, R)),
    ("reads", "OPTIONS", "/api/inventory/1/reserve", {}, 0.0,
     ("inventory", "monolith", None, "OPTIONS /api/inventory/{item_id}/reserve")),
    # literal segments win over parameters
    ("writes", "POST", "/api/inventory/adjust", {}, 0.0,
     ("inventory", None, None, "POST /api/inventory/adjust")),
    # not a route of the context -> default upstream, whatever the stage
    ("retired", "GET", "/orders/1", {}, 0.0, ("monolith", None, None, "default")),
    ("retired", "GET", "/api/inventoryx", {}, 0.0, ("monolith", None, None, "default")),
]


@pytest.mark.parametrize(("stage", "method", "path", "headers", "roll", "want"), CASES)
def test_decisions(stage: str, method: str, path: str, headers: dict[str, str], roll: float,
                   want: tuple[Any, ...]) -> None:
    d = decide(table(stage), method, path, CIMultiDict(headers), roll)
    assert (d.upstream, d.fallback, d.shadow, d.route) == want
    if d.route != "default":
        assert d.context == "inventory" and d.stage == Stage(stage)


def test_shadow_sampling_uses_the_roll() -> None:
    t = table("shadow", shadow={"sample_percent": 10})
    assert decide(t, "GET", "/api/inventory/1", {}, 0.05).shadow == "inventory"
    assert decide(t, "GET", "/api/inventory/1", {}, 0.10).shadow is None
    t0 = table("shadow", shadow={"sample_percent": 0})
    assert decide(t0, "GET", "/api/inventory/1", {}, 0.0).shadow is None


def test_shadowing_writes_needs_a_per_route_opt_in() -> None:
    t = table("shadow", shadow={"sample_percent": 100,
                                "write_routes": ["POST /api/inventory/adjust"]})
    assert decide(t, "POST", "/api/inventory/adjust", {}, 0.0).shadow == "inventory"
    assert decide(t, "POST", "/api/inventory/1/reserve", {}, 0.0).shadow is None


@pytest.mark.parametrize(
    "path", ["/api/inventory/1/explode", "/api/inventory/", "/api/inventory/1/"])
def test_unrouted_path_under_an_owned_prefix_is_rejected(path: str) -> None:
    d = decide(table("writes"), "DELETE", path, {}, 0.0)
    assert d == Decision(None, context="inventory", stage=Stage.WRITES, route="unrouted",
                         reject=404)


def test_no_owned_prefix_means_default_upstream() -> None:
    d = decide(table("writes", owns=[]), "DELETE", "/api/inventory/1/x", {}, 0.0)
    assert d.upstream == "monolith" and d.route == "default"


@pytest.mark.parametrize("owns", [[], ["/api/inventory"]])
def test_per_route_method_allowlist(owns: list[str]) -> None:
    d = decide(table("writes", owns=owns), "DELETE", "/api/inventory/1", {}, 0.0)
    assert d.reject == 405 and d.upstream is None
    assert d.allow == ("GET", "HEAD", "OPTIONS")
    d = decide(table("writes", owns=owns), "PUT", "/api/inventory/adjust", {}, 0.0)
    # the literal route only allows POST, the parameter route allows reads: union
    assert d.reject == 405 and d.allow == ("GET", "HEAD", "OPTIONS", "POST")
    # a GET on the literal path is served by the parameter route
    d = decide(table("writes", owns=owns), "GET", "/api/inventory/adjust", {}, 0.0)
    assert d.route == "GET /api/inventory/{item_id}"


TOKEN = "tester-token-0123456789"
TOKEN_SHA = hashlib.sha256(TOKEN.encode()).hexdigest()


def override_table(stage: str) -> RoutingTable:
    doc = routes_doc("http://127.0.0.1:1", "http://127.0.0.1:2", stage=stage)
    doc["canary"] = {"override_token_sha256": TOKEN_SHA}
    return RoutingTable(load_config_text(yaml.safe_dump(doc)).config)


@pytest.mark.parametrize(("stage", "want", "headers", "expected"), [
    ("legacy", "service", {"X-Strangler-Override-Token": TOKEN}, "inventory"),
    ("shadow", "service", {"X-Strangler-Override-Token": TOKEN}, "inventory"),
    ("canary", "service", {"X-Strangler-Override-Token": TOKEN}, "inventory"),
    ("reads", "legacy", {"X-Strangler-Override-Token": TOKEN}, "monolith"),
    ("legacy", "service", {"X-Strangler-Override-Token": "wrong-token-0123456"}, "monolith"),
    ("legacy", "service", {}, "monolith"),
    ("legacy", "sideways", {"X-Strangler-Override-Token": TOKEN}, "monolith"),
    ("writes", "legacy", {"X-Strangler-Override-Token": TOKEN}, "inventory"),  # never
    ("retired", "legacy", {"X-Strangler-Override-Token": TOKEN}, "inventory"),
])
def test_tester_override_needs_the_token(stage: str, want: str, headers: dict[str, str],
                                         expected: str) -> None:
    h = CIMultiDict({"X-Strangler-Override": want, **headers})
    d = decide(override_table(stage), "GET", "/api/inventory/1", h, 0.99)
    assert d.upstream == expected


def test_override_never_moves_writes() -> None:
    h = CIMultiDict({"X-Strangler-Override": "service", "X-Strangler-Override-Token": TOKEN})
    d = decide(override_table("reads"), "POST", "/api/inventory/adjust", h)
    assert d.upstream == "monolith"


def test_override_is_off_without_a_configured_token() -> None:
    h = CIMultiDict({"X-Strangler-Override": "service", "X-Strangler-Override-Token": TOKEN})
    assert decide(table("legacy"), "GET", "/api/inventory/1", h).upstream == "monolith"


@pytest.mark.parametrize(("headers", "query", "key"), [
    ({"X-Customer-Id": "h1", "Cookie": "strangler_sticky=c1"}, "cid=q1", "h1"),
    ({"Cookie": "a=b; strangler_sticky=c1; x=y"}, "cid=q1", "c1"),
    ({}, "a=1&cid=q1", "q1"),
    ({"Cookie": "other=1"}, "", None),
])
def test_sticky_key_sources(headers: dict[str, str], query: str, key: str | None) -> None:
    doc = routes_doc("http://127.0.0.1:1", "http://127.0.0.1:2", stage="canary")
    doc["canary"] = {"sticky_query": "cid"}
    cfg = load_config_text(yaml.safe_dump(doc)).config
    assert sticky_key(cfg, CIMultiDict(headers), query) == key


def test_anonymous_clients_get_a_sticky_cookie_and_are_bucketed_by_it() -> None:
    t = table("canary", canary={"percent": 50})
    d = decide(t, "GET", "/api/inventory/1", CIMultiDict(), anonymous_key=IN)
    assert d.set_sticky == IN and d.upstream == "inventory"
    d = decide(t, "GET", "/api/inventory/1", CIMultiDict(), anonymous_key=OUT)
    assert d.set_sticky == OUT and d.upstream == "monolith"
    # a client that already has the cookie keeps its bucket and gets no new cookie
    d = decide(t, "GET", "/api/inventory/1",
               CIMultiDict({"Cookie": f"strangler_sticky={IN}"}), anonymous_key=OUT)
    assert d.set_sticky is None and d.upstream == "inventory"


@pytest.mark.parametrize(("percent", "expected"), [(0, "monolith"), (100, "inventory")])
def test_canary_edges(percent: float, expected: str) -> None:
    t = table("canary", canary={"percent": percent})
    for i in range(50):
        d = decide(t, "GET", "/api/inventory/1", CIMultiDict({"X-Customer-Id": f"u{i}"}))
        assert d.upstream == expected


def test_raising_canary_percent_only_moves_users_to_service() -> None:
    keys = {f"user-{i}": "" for i in range(500)}
    previous: set[str] = set()
    for pct in (0, 1, 5, 10, 25, 50, 75, 100):
        t = table("canary", canary={"percent": pct})
        on_service = {k for k in keys
                      if decide(t, "GET", "/api/inventory/1", {"X-Customer-Id": k}).upstream
                      == "inventory"}
        assert previous <= on_service
        previous = on_service
    assert len(previous) == 500


@pytest.mark.parametrize("stage", ["legacy", "shadow", "canary", "reads", "writes", "retired"])
def test_memoised_matches_decide_like_fresh_ones_and_stay_bounded(stage: str) -> None:
    warm, cold = table(stage), table(stage)
    for _, method, path, headers, roll, _ in CASES:
        for _ in range(2):  # the second call is answered from the memo
            assert decide(warm, method, path, headers, roll) == \
                decide(table(stage), method, path, headers, roll)
    assert decide(cold, "DELETE", "/api/inventory/1", {}, 0.0).reject == 405  # memo too
    assert decide(cold, "DELETE", "/api/inventory/1", {}, 0.0).reject == 405
    for i in range(10_000):
        warm.match("GET", f"/api/inventory/{i}")
    assert len(warm._matched) <= 4096
    assert warm.match("GET", "/api/inventory/7")[0] is not None


class _Recent:
    """The read-your-writes state as a plain mapping (the router only reads it)."""

    def __init__(self, written: dict[tuple[str, str], float]) -> None:
        self.written = written

    def written_at(self, context: str, key: str) -> float | None:
        return self.written.get((context, key))


WROTE = _Recent({("inventory", IN): 100.0, ("inventory", OUT): 100.0})
GET, POST = ("GET", "/api/inventory/1"), ("POST", "/api/inventory/1/reserve")

# (stage, window, request, sticky key, now) -> (upstream, pinned, remember)
RYW_CASES: list[tuple[str, float | None, tuple[str, str], str | None, float,
                      tuple[str, bool, str | None]]] = [
    # reads: the service serves reads, except for a client inside its window after a write
    ("reads", None, GET, IN, 100.1, ("monolith", True, None)),
    ("reads", None, GET, IN, 104.9, ("monolith", True, None)),  # default: max_lag_seconds 5
    ("reads", None, GET, IN, 105.0, ("inventory", False, None)),  # the window is over
    ("reads", None, GET, "someone-else", 100.1, ("inventory", False, None)),
    ("reads", None, GET, None, 100.1, ("inventory", False, None)),
    ("reads", 0.5, GET, IN, 100.4, ("monolith", True, None)),
    ("reads", 0.5, GET, IN, 100.5, ("inventory", False, None)),
    ("reads", 0, GET, IN, 100.1, ("inventory", False, None)),  # off
    # writes of a client with a key open a window; without a key, or off, they do not
    ("reads", None, POST, IN, 0.0, ("monolith", False, IN)),
    ("reads", None, POST, None, 0.0, ("monolith", False, None)),
    ("reads", 0, POST, IN, 0.0, ("monolith", False, None)),
    # canary: only clients the canary sends to the service are affected
    ("canary", None, GET, IN, 100.1, ("monolith", True, None)),
    ("canary", None, GET, IN, 106.0, ("inventory", False, None)),
    ("canary", None, GET, OUT, 100.1, ("monolith", False, None)),
    ("canary", None, POST, IN, 0.0, ("monolith", False, IN)),
    # elsewhere one upstream serves both (or reads are on legacy anyway): nothing to do
    ("legacy", None, POST, IN, 0.0, ("monolith", False, None)),
    ("shadow", None, POST, IN, 0.0, ("monolith", False, None)),
    ("writes", None, POST, IN, 0.0, ("inventory", False, None)),
    ("writes", None, GET, IN, 100.1, ("inventory", False, None)),
    ("retired", None, GET, IN, 100.1, ("inventory", False, None)),
]


@pytest.mark.parametrize(("stage", "window", "request_", "key", "now", "want"), RYW_CASES)
def test_read_your_writes_decisions(stage: str, window: float | None,
                                    request_: tuple[str, str], key: str | None, now: float,
                                    want: tuple[str, bool, str | None]) -> None:
    t = table(stage, canary={"percent": 50}, read_your_writes={"window_seconds": window})
    headers = CIMultiDict({"X-Customer-Id": key} if key else {})
    d = decide(t, *request_, headers, recent=WROTE, now=now)
    assert (d.upstream, d.pinned, d.remember) == want
    if d.pinned:
        assert d.fallback is None  # legacy is the writer of record: nothing to fall back to
    # without the state (nothing written anywhere) a read is never pinned
    assert not decide(t, *request_, headers, recent=None, now=now).pinned


def test_the_read_your_writes_table_stays_bounded_and_forgets() -> None:
    from gateway.recent_writes import RecentWrites

    recent = RecentWrites()
    assert not recent
    evicted = sum(recent.remember("inventory", f"k{i}", 100.0 + i / 1000, 5.0, 100)
                  for i in range(250))
    assert evicted == 150  # the oldest went first
    assert recent.written_at("inventory", "k149") is None
    assert recent.written_at("inventory", "k150") == pytest.approx(100.150)
    recent.remember("inventory", "k150", 101.0, 5.0, 100)  # a new write: newest again
    assert recent.written_at("inventory", "k150") == 101.0
    assert recent.prune(105.2)  # everything but the rewritten key has expired
    assert recent.written_at("inventory", "k151") is None
    assert recent.written_at("inventory", "k150") == 101.0
    assert not recent.prune(106.0) and not recent
    # only a fixed-size hash of a key is kept, whatever the key's length
    recent.remember("inventory", "x" * 100_000, 200.0, 5.0, 100)
    assert all(isinstance(h, int) for t in recent._by_context.values() for h in t)


# -- whole decisions, every field ---------------------------------------------------------------

def own_legacy_table(stage: str, *, legacy: str | None = "old", **ctx: Any) -> RoutingTable:
    """A context whose legacy upstream is not the default one (or None: the default)."""
    ctx = {"fallback": {"on_404": True}, "canary": {"percent": 50}, **ctx}
    doc = routes_doc("http://127.0.0.1:1", "http://127.0.0.1:2", stage=stage, **ctx)
    doc["upstreams"]["old"] = {"url": "http://127.0.0.1:3"}
    doc["canary"] = {"override_token_sha256": TOKEN_SHA, "sticky_query": "cid"}
    if legacy is None:
        del doc["contexts"]["inventory"]["legacy"]
    else:
        doc["contexts"]["inventory"]["legacy"] = legacy
    return RoutingTable(load_config_text(yaml.safe_dump(doc)).config)


B_IN, B_OUT = bucket(IN, "inventory"), bucket(OUT, "inventory")
OVERRIDE = {"X-Strangler-Override-Token": TOKEN}
S = Stage
CTX = "inventory"

# (stage, method, path, headers, query, anonymous key, written at) -> the whole Decision
WHOLE: list[tuple[str, str, str, dict[str, str], str, str | None, float | None, Decision]] = [
    ("legacy", "GET", "/api/inventory/1", {}, "", None, None, Decision("old", CTX, S.LEGACY, R)),
    ("shadow", "GET", "/api/inventory/1", {}, "", None, None,
     Decision("old", CTX, S.SHADOW, R, shadow="inventory")),
    ("shadow", "POST", "/api/inventory/1/reserve", {}, "", None, None,
     Decision("old", CTX, S.SHADOW, W)),
    ("canary", "GET", "/api/inventory/1", {"X-Customer-Id": IN}, "", None, None,
     Decision("inventory", CTX, S.CANARY, R, fallback="old", fallback_on_404=True,
              canary_bucket=B_IN)),
    ("canary", "GET", "/api/inventory/1", {"X-Customer-Id": OUT}, "", None, None,
     Decision("old", CTX, S.CANARY, R, canary_bucket=B_OUT)),
    ("canary", "GET", "/api/inventory/1", {}, "", None, None, Decision("old", CTX, S.CANARY, R)),
    # the sticky key may come from the query string, for reads and writes alike
    ("canary", "GET", "/api/inventory/1", {}, f"cid={IN}", None, None,
     Decision("inventory", CTX, S.CANARY, R, fallback="old", fallback_on_404=True,
              canary_bucket=B_IN)),
    ("canary", "POST", "/api/inventory/1/reserve", {}, f"cid={IN}", None, None,
     Decision("old", CTX, S.CANARY, W, remember=IN)),
    ("canary", "POST", "/api/inventory/1/reserve", {}, "", None, None,
     Decision("old", CTX, S.CANARY, W)),
    # an anonymous client: bucketed by the cookie it is given
    ("canary", "GET", "/api/inventory/1", {}, "", IN, None,
     Decision("inventory", CTX, S.CANARY, R, fallback="old", fallback_on_404=True,
              canary_bucket=B_IN, set_sticky=IN)),
    ("canary", "GET", "/api/inventory/1", {}, "", OUT, None,
     Decision("old", CTX, S.CANARY, R, canary_bucket=B_OUT, set_sticky=OUT)),
    # inside the read-your-writes window: pinned to legacy, every other field kept
    ("canary", "GET", "/api/inventory/1", {"X-Customer-Id": IN}, "", None, 99.0,
     Decision("old", CTX, S.CANARY, R, canary_bucket=B_IN, pinned=True)),
    ("canary", "GET", "/api/inventory/1", {}, f"cid={IN}", None, 99.0,
     Decision("old", CTX, S.CANARY, R, canary_bucket=B_IN, pinned=True)),
    ("canary", "GET", "/api/inventory/1", {}, "", IN, 99.0,
     Decision("old", CTX, S.CANARY, R, canary_bucket=B_IN, set_sticky=IN, pinned=True)),
    ("reads", "GET", "/api/inventory/1", {}, "", None, None,
     Decision("inventory", CTX, S.READS, R, fallback="old", fallback_on_404=True)),
    ("reads", "GET", "/api/inventory/1", {"X-Customer-Id": IN}, "", None, 99.0,
     Decision("old", CTX, S.READS, R, pinned=True)),
    ("reads", "GET", "/api/inventory/1", {}, f"cid={IN}", None, 99.0,
     Decision("old", CTX, S.READS, R, pinned=True)),
    ("reads", "POST", "/api/inventory/1/reserve", {}, f"cid={IN}", None, None,
     Decision("old", CTX, S.READS, W, remember=IN)),
    ("reads", "POST", "/api/inventory/1/reserve", {}, "", None, None,
     Decision("old", CTX, S.READS, W)),
    ("writes", "GET", "/api/inventory/1", {}, "", None, None,
     Decision("inventory", CTX, S.WRITES, R)),
    ("retired", "POST", "/api/inventory/1/reserve", {}, "", None, None,
     Decision("inventory", CTX, S.RETIRED, W)),
    # the tester override, with its token
    ("legacy", "GET", "/api/inventory/1", {"X-Strangler-Override": "service", **OVERRIDE}, "",
     None, None, Decision("inventory", CTX, S.LEGACY, R, override="service")),
    ("reads", "GET", "/api/inventory/1", {"X-Strangler-Override": "legacy", **OVERRIDE}, "",
     None, None, Decision("old", CTX, S.READS, R, override="legacy")),
    # not routed: rejected inside an owned prefix or when only the method is wrong
    ("writes", "DELETE", "/api/inventory/1", {}, "", None, None,
     Decision(None, CTX, S.WRITES, "unrouted", reject=405, allow=("GET", "HEAD", "OPTIONS"))),
    ("writes", "GET", "/api/inventory/1/x", {}, "", None, None,
     Decision(None, CTX, S.WRITES, "unrouted", reject=404)),
    ("writes", "GET", "/a/b/c/d/e/f/g", {}, "", None, None, Decision("monolith")),
    ("writes", "GET", "/", {}, "", None, None, Decision("monolith")),
]


@pytest.mark.parametrize(("stage", "method", "path", "headers", "query", "anonymous", "wrote",
                          "want"), WHOLE)
def test_whole_decisions(stage: str, method: str, path: str, headers: dict[str, str],
                         query: str, anonymous: str | None, wrote: float | None,
                         want: Decision) -> None:
    recent = _Recent({} if wrote is None else {("inventory", IN): wrote})
    got = decide(own_legacy_table(stage), method, path, CIMultiDict(headers), 0.0, query=query,
                 anonymous_key=anonymous, recent=recent, now=100.0)
    assert got == want


@pytest.mark.parametrize(("stage", "method", "upstream"), [
    ("legacy", "GET", "monolith"), ("canary", "POST", "monolith"), ("reads", "POST", "monolith"),
    ("reads", "GET", "inventory"), ("writes", "POST", "inventory"),
])
def test_a_context_without_its_own_legacy_uses_the_default_upstream(
        stage: str, method: str, upstream: str) -> None:
    path = "/api/inventory/1" if method == "GET" else "/api/inventory/1/reserve"
    d = decide(own_legacy_table(stage, legacy=None), method, path, CIMultiDict())
    assert d.upstream == upstream
    assert d.fallback in (None, "monolith")


def test_a_405_without_owned_prefixes_still_names_the_context() -> None:
    t = own_legacy_table("reads", owns=[])
    d = decide(t, "PUT", "/api/inventory/1", CIMultiDict())
    assert d == Decision(None, CTX, S.READS, "unrouted", reject=405,
                         allow=("GET", "HEAD", "OPTIONS"))
    d = decide(t, "PUT", "/api/inventory/adjust", CIMultiDict())
    assert d == Decision(None, CTX, S.READS, "unrouted", reject=405,
                         allow=("GET", "HEAD", "OPTIONS", "POST"))


def test_shadow_sampling_compares_the_roll_with_the_percentage() -> None:
    t = table("shadow", shadow={"sample_percent": 50})
    assert decide(t, "GET", "/api/inventory/1", {}, 0.4999).shadow == "inventory"
    assert decide(t, "GET", "/api/inventory/1", {}, 0.5).shadow is None
    assert decide(t, "GET", "/api/inventory/1", {}).shadow is None  # no roll: no mirror


def routes_table(contexts: dict[str, list[str]], stage: str = "writes") -> RoutingTable:
    doc = routes_doc("http://127.0.0.1:1", "http://127.0.0.1:2", stage=stage)
    template = doc["contexts"].pop("inventory")
    doc["upstreams"].update({f"svc-{n}": {"url": "http://127.0.0.1:4"} for n in contexts})
    doc["contexts"] = {n: {**template, "service": f"svc-{n}", "owns": [], "routes": routes}
                       for n, routes in contexts.items()}
    return RoutingTable(load_config_text(yaml.safe_dump(doc)).config)


def test_a_star_route_takes_every_method() -> None:
    t = routes_table({"things": ["* /things/{id}"]})
    for method in ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"):
        d = decide(t, method, "/things/1", CIMultiDict())
        assert (d.upstream, d.context, d.route) == ("svc-things", "things", "* /things/{id}")


def test_options_is_implied_by_a_routed_path_unless_a_context_routes_it_explicitly() -> None:
    # contexts are listed (and their routes compiled) in name order: the GET one comes first
    t = routes_table({"api": ["GET /x/{id}"], "preflight": ["OPTIONS /x/{id}"]})
    d = decide(t, "OPTIONS", "/x/1", CIMultiDict())
    assert (d.context, d.route) == ("preflight", "OPTIONS /x/{id}")
    assert decide(t, "HEAD", "/x/1", CIMultiDict()).context == "api"
    t = routes_table({"reads": ["GET /x/{id}", "POST /y"]})
    assert decide(t, "OPTIONS", "/x/1", CIMultiDict()).route == "OPTIONS /x/{id}"
    assert decide(t, "OPTIONS", "/y", CIMultiDict()).route == "OPTIONS /y"


def test_a_literal_segment_wins_over_a_parameter_for_the_same_method() -> None:
    t = routes_table({"a": ["GET /items/{id}"], "b": ["GET /items/summary"]})
    assert decide(t, "GET", "/items/summary", CIMultiDict()).context == "b"
    assert decide(t, "GET", "/items/7", CIMultiDict()).context == "a"
    t = routes_table({"a": ["GET /items/summary"], "b": ["GET /items/{id}"]})
    assert decide(t, "GET", "/items/summary", CIMultiDict()).context == "a"


def test_a_405_names_the_context_whose_route_matched_the_path() -> None:
    t = routes_table({"a": ["GET /x/{id}"], "b": ["POST /x/summary"]})
    d = decide(t, "PUT", "/x/1", CIMultiDict())
    assert (d.reject, d.context, d.allow) == (405, "a", ("GET", "HEAD", "OPTIONS"))
    d = decide(t, "PUT", "/x/summary", CIMultiDict())
    assert (d.reject, d.context, d.allow) == (405, "b", ("GET", "HEAD", "OPTIONS", "POST"))


@pytest.mark.parametrize(("stages", "needs"), [
    (("legacy",), False), (("reads", "writes"), False), (("canary",), True),
    (("legacy", "canary"), True),
])
def test_sticky_keys_are_needed_only_while_a_context_is_in_canary(stages: tuple[str, ...],
                                                                   needs: bool) -> None:
    t = routes_table({f"c{i}": [f"GET /c{i}"] for i in range(len(stages))})
    doc = {**t.config.model_dump(mode="json"),
           "contexts": {f"c{i}": {**t.config.contexts[f"c{i}"].model_dump(mode="json"),
                                  "stage": s} for i, s in enumerate(stages)}}
    assert RoutingTable(load_config_text(yaml.safe_dump(doc)).config).needs_sticky is needs


def test_fixed_decisions_and_matches_are_shared_and_the_match_memo_is_bounded() -> None:
    t = table("reads")
    assert decide(t, "GET", "/api/inventory/1", {}) is decide(t, "GET", "/api/inventory/2", {})
    assert t.match("GET", "/api/inventory/1") is t.match("GET", "/api/inventory/1")
    most = 0
    for i in range(5000):
        t.match("GET", f"/api/inventory/{i}")
        most = max(most, len(t._matched))
    assert most == 4096


@pytest.mark.parametrize(("headers", "query", "key"), [
    ({"Cookie": "strangler_sticky=YWJj=="}, "", "YWJj=="),  # base64 padding is part of it
    ({"Cookie": 'strangler_sticky="c1"'}, "", "c1"),  # a quoted cookie value
    ({"Cookie": 'strangler_sticky="X1X"'}, "", "X1X"),
    ({"Cookie": "strangler_sticky="}, "", None),
    ({}, "a=1", None),
    ({}, "cid=", None),
])
def test_sticky_key_values(headers: dict[str, str], query: str, key: str | None) -> None:
    doc = routes_doc("http://127.0.0.1:1", "http://127.0.0.1:2", stage="canary")
    doc["canary"] = {"sticky_query": "cid"}
    cfg = load_config_text(yaml.safe_dump(doc)).config
    assert sticky_key(cfg, CIMultiDict(headers), query) == key


def test_an_override_token_that_is_not_utf8_is_refused_not_a_crash() -> None:
    # header values are decoded with surrogateescape: a lone surrogate must not raise
    h = CIMultiDict({"X-Strangler-Override": "service",
                     "X-Strangler-Override-Token": "tester\udcff"})
    assert decide(override_table("legacy"), "GET", "/api/inventory/1", h).upstream == "monolith"


def test_a_write_opens_a_window_shorter_than_a_second() -> None:
    t = table("reads", read_your_writes={"window_seconds": 0.5})
    d = decide(t, "POST", "/api/inventory/1/reserve", CIMultiDict({"X-Customer-Id": IN}))
    assert d.remember == IN


@pytest.mark.parametrize(("stage", "ctx", "reads", "writes"), [
    ("legacy", {}, "old", "old"),
    ("shadow", {"shadow": {"sample_percent": 100}}, "old (+100% mirrored to inventory)", "old"),
    ("shadow", {"shadow": {"sample_percent": 12.5, "write_routes": ["POST /api/inventory/adjust"]}},
     "old (+12.5% mirrored to inventory)", "old (+12.5% of 1 opted-in route(s) mirrored)"),
    ("canary", {"canary": {"percent": 12.5}}, "inventory 12.5% / old 87.5%", "old"),
    ("reads", {}, "inventory (fallback old)", "old"),
    ("writes", {}, "inventory", "inventory"),
    ("retired", {}, "inventory", "inventory"),
])
def test_serving_summarises_where_reads_and_writes_go(stage: str, ctx: dict[str, Any],
                                                      reads: str, writes: str) -> None:
    cfg = own_legacy_table(stage, **ctx).config
    assert serving(cfg, "inventory") == (reads, writes)
    default = own_legacy_table(stage, legacy=None, **ctx).config
    assert serving(default, "inventory") == tuple(
        text.replace("old", "monolith") for text in (reads, writes))
