"""The gates' part of routes.yaml: validated with the rest, errors name the exact path."""

from __future__ import annotations

import pytest
import yaml

from gateway.config import load_config_text
from gateway.errors import ConfigError


def doc(**changes: object) -> str:
    base: dict[str, object] = {
        "upstreams": {"monolith": {"url": "http://127.0.0.1:1"},
                      "inventory": {"url": "http://127.0.0.1:2"}},
        "default_upstream": "monolith",
        "contexts": {"inventory": {"stage": "legacy", "service": "inventory",
                                   "routes": ["GET /api/inventory"]}}}
    for dotted, value in changes.items():
        node: dict[str, object] = base
        *parents, last = dotted.split("__")
        for key in parents:
            node = node.setdefault(key, {})  # type: ignore[assignment]
        node[last] = value
    return yaml.safe_dump(base)


def test_defaults_gate_everything_and_keep_the_documented_thresholds() -> None:
    cfg = load_config_text(doc()).config
    assert cfg.admin.policy == "gates" and cfg.admin.evidence_dir == ".strangler/evidence"
    gates = cfg.contexts["inventory"].gates
    assert (gates.alpha, gates.max_verification_age_seconds, gates.health_probes) == (
        0.05, 900.0, 3)
    assert cfg.upstreams["inventory"].health_path == "/healthz"


@pytest.mark.parametrize(("changes", "message"), [
    ({"contexts__inventory__gates__alpha": 1.5}, "contexts.inventory.gates.alpha: must be < 1"),
    ({"contexts__inventory__gates__alpha": 0}, "contexts.inventory.gates.alpha: must be > 0"),
    ({"contexts__inventory__gates__max_fallback_rate": 2},
     "contexts.inventory.gates.max_fallback_rate: must be <= 1"),
    ({"contexts__inventory__gates__max_verification_age_seconds": 0},
     "contexts.inventory.gates.max_verification_age_seconds: must be > 0"),
    ({"contexts__inventory__gates__health_probes": 0},
     "contexts.inventory.gates.health_probes: must be >= 1"),
    ({"contexts__inventory__gates__lag_consecutive_fences": "3"},
     "contexts.inventory.gates.lag_consecutive_fences: must be an integer"),
    ({"contexts__inventory__gates__max_lag": 3}, "contexts.inventory.gates.max_lag: unknown key"),
    ({"admin__policy": "none"}, "admin.policy: must be one of 'gates' or 'allow-all'"),
    ({"upstreams__inventory__health_path": "healthz"},
     "upstreams.inventory.health_path: path must start with '/'"),
    ({"upstreams__inventory__health_path": "/a/../healthz"},
     "upstreams.inventory.health_path: dot segments"),
    ({"upstreams__inventory__health_path": "/a//healthz"},
     "upstreams.inventory.health_path: repeated slashes are not allowed"),
])
def test_gate_settings_are_validated_with_their_path(changes: dict[str, object],
                                                     message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config_text(doc(**changes))
    assert message in str(info.value)
