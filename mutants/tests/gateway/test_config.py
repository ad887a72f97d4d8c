"""routes.yaml validation: every error names the exact path and the line (table-driven)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.config import load_config, load_config_text
from gateway.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]

BASE = """\
upstreams:
  monolith: {url: "http://127.0.0.1:8081"}
  inventory:
    url: http://127.0.0.1:8082
default_upstream: monolith
contexts:
  inventory:
    stage: legacy
    service: inventory
    routes:
      - GET /api/inventory/{item_id}
      - POST /api/inventory/adjust
    canary:
      percent: 10
"""


def mutate(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


INVALID: list[tuple[str, str, str, int | None]] = [
    (mutate("percent: 10", "percent: 120"),
     "contexts.inventory.canary.percent", "must be <= 100", 14),
    (mutate("percent: 10", "percent: -1"),
     "contexts.inventory.canary.percent", "must be >= 0", 14),
    (mutate("percent: 10", 'percent: "10"'),
     "contexts.inventory.canary.percent", "must be a number", 14),
    (mutate("percent: 10", "percent: 10\n      colour: red"),
     "contexts.inventory.canary.colour", "unknown key", 15),
    (mutate("stage: legacy", "stage: halfway"),
     "contexts.inventory.stage", "must be one of", 8),
    (mutate("    stage: legacy\n", ""), "contexts.inventory.stage", "is required", 7),
    (mutate("service: inventory", "service: nowhere"),
     "contexts.inventory.service", "unknown upstream 'nowhere'", 9),
    (mutate("service: inventory", "service: monolith"),
     "contexts.inventory.service", "must differ from the legacy upstream", 9),
    (mutate("default_upstream: monolith", "default_upstream: nope"),
     "default_upstream", "unknown upstream 'nope'", 5),
    (mutate("url: http://127.0.0.1:8082", "url: ftp://127.0.0.1:8082"),
     "upstreams.inventory.url", "must be an http:// or https:// URL", 4),
    (mutate("url: http://127.0.0.1:8082", "url: http://u:pw@127.0.0.1:8082"),
     "upstreams.inventory.url", "credentials in upstream URLs are not supported", 4),
    (mutate("url: http://127.0.0.1:8082", "url: http://127.0.0.1:8082/base"),
     "upstreams.inventory.url", "without a path", 4),
    (mutate("- POST /api/inventory/adjust", "- BREW /api/inventory/adjust"),
     "contexts.inventory.routes[1]", "method must be one of", 12),
    (mutate("- POST /api/inventory/adjust", "- POST /api/inventory/x{id}"),
     "contexts.inventory.routes[1]", "whole segment", 12),
    (mutate("- POST /api/inventory/adjust", "- POST /api//inventory"),
     "contexts.inventory.routes[1]", "not canonical", 12),
    (mutate("- POST /api/inventory/adjust", "- GET /api/inventory/{item_id}"),
     "contexts.inventory.routes[1]", "conflicts with contexts.inventory.routes[0]", 12),
    (mutate("    routes:\n      - GET /api/inventory/{item_id}\n"
            "      - POST /api/inventory/adjust\n", "    routes: []\n"),
     "contexts.inventory.routes", "must not be empty", 10),
    (mutate("  inventory:\n    stage", "  Inventory:\n    stage"),
     "contexts.Inventory", "key must be a lower-case name", None),
    (mutate("default_upstream: monolith", "default_upstream: monolith\ndefault_upstream: x"),
     "default_upstream", "duplicate key", 6),
    (mutate("upstreams:", "upstreams: [\n"), "", "invalid YAML", None),
    (mutate("default_upstream: monolith", "default_upstream: monolith\nlimits: {max_body_bytes: "
            "true}"), "limits.max_body_bytes", "must be an integer", 6),
]


@pytest.mark.parametrize(("text", "path", "problem", "line"), INVALID)
def test_invalid_configs_name_path_and_line(text: str, path: str, problem: str,
                                            line: int | None) -> None:
    with pytest.raises(ConfigError) as info:
        load_config_text(text, source="routes.yaml")
    err = info.value
    assert err.path == path
    assert problem in err.problem
    if line is not None:
        assert err.line == line
    assert str(err).startswith(f"{path}: " if path else "")


def test_several_problems_are_all_reported() -> None:
    text = mutate("percent: 10", "percent: 120").replace("stage: legacy", "stage: x")
    with pytest.raises(ConfigError) as info:
        load_config_text(text)
    paths = [p for p, _, _ in info.value.problems]  # type: ignore[attr-defined]
    assert paths == ["contexts.inventory.stage", "contexts.inventory.canary.percent"]


def test_valid_config_is_immutable_and_versioned() -> None:
    loaded = load_config_text(BASE)
    cfg = loaded.config
    assert cfg.contexts["inventory"].canary.percent == 10
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error
        cfg.contexts["inventory"].stage = "reads"  # type: ignore[misc]
    assert load_config_text(BASE).version == loaded.version
    assert load_config_text(BASE + "\n").version != loaded.version


def test_the_repo_routes_yaml_is_the_documented_demo() -> None:
    cfg = load_config(REPO / "routes.yaml").config
    assert cfg.upstreams["monolith"].url == "http://127.0.0.1:8081"
    assert cfg.upstreams["inventory"].url == "http://127.0.0.1:8082"
    assert cfg.default_upstream == "monolith"
    inv = cfg.contexts["inventory"]
    assert inv.stage == "legacy"
    assert set(inv.routes) >= {
        "GET /api/inventory/{item_id}", "GET /api/inventory", "POST /api/inventory/adjust",
        "POST /api/inventory/{item_id}/reserve", "POST /api/inventory/{item_id}/release"}
    assert set(inv.shadow.ignore_fields) == {"served_by", "served_at"}
    assert cfg.canary.sticky_header == "X-Customer-Id"
    assert inv.gates.max_lag_seconds > 0


def test_missing_file() -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config("/nonexistent/routes.yaml")


def test_the_cdc_sync_section_is_validated_by_the_same_model() -> None:
    sync = ("    sync:\n      source: monolith\n      target: inventory\n"
            "      topic_prefix: monolith\n      slot: inv_fwd\n"
            "      tables:\n        - {source: inventory_items, target: stock_items}\n")
    cfg = load_config_text(BASE + sync).config
    section = cfg.contexts["inventory"].sync
    assert section is not None and section.tables[0].target == "public.stock_items"
    with pytest.raises(ConfigError, match=r"contexts\.inventory\.sync\.topic_prefix: is required"):
        load_config_text(BASE + "    sync:\n      source: monolith\n      target: inventory\n")
