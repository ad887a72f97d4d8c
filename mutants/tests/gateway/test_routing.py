"""The pure router: (table, method, canonical path, headers, roll) -> Decision."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import yaml
from multidict import CIMultiDict

from gateway.canary import bucket, in_canary
from gateway.config import load_config_text
from gateway.routing import Decision, RoutingTable, decide, sticky_key
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
