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


HOOK = {"url": "http://127.0.0.1:8081/admin/inventory-port", "remote_url": "http://127.0.0.1:8080"}


def test_write_switch_ports_default_to_none_and_load_when_listed() -> None:
    assert load_config_text(doc()).config.contexts["inventory"].write_switch.ports == ()
    cfg = load_config_text(doc(contexts__inventory__write_switch={"ports": [
        {**HOOK, "token_file": "monolith-token"}]})).config
    (hook,) = cfg.contexts["inventory"].write_switch.ports
    assert (hook.url, hook.remote_url, hook.token_variable, hook.drain_timeout_seconds) == (
        HOOK["url"], HOOK["remote_url"], "STRANGLER_MONOLITH_ADMIN_TOKEN", 10.0)


@pytest.mark.parametrize(("ports", "message"), [
    ([{**HOOK, "url": "ftp://127.0.0.1/x"}],
     "contexts.inventory.write_switch.ports[0].url: must be an http:// or https:// URL"),
    ([{**HOOK, "remote_url": "http://u:secret@127.0.0.1:8080"}],
     "contexts.inventory.write_switch.ports[0].remote_url: must not carry credentials"),
    ([{"url": HOOK["url"]}], "contexts.inventory.write_switch.ports[0].remote_url: is required"),
    ([{**HOOK, "token": "x"}], "contexts.inventory.write_switch.ports[0].token: unknown key"),
    ([{**HOOK, "token_env": "lower"}],
     "contexts.inventory.write_switch.ports[0].token_env: must be an environment variable"),
    ([{**HOOK, "token_env": "T", "token_file": "f"}],
     "contexts.inventory.write_switch.ports[0].token_env: set token_file or token_env, not both"),
    ([HOOK, HOOK], "contexts.inventory.write_switch.ports[1].url: same as "
                   "contexts.inventory.write_switch.ports[0].url"),
    ([{**HOOK, "drain_timeout_seconds": 301}],
     "contexts.inventory.write_switch.ports[0].drain_timeout_seconds: must be <= 300"),
])
def test_write_switch_ports_are_validated_with_their_path(ports: list[object],
                                                          message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config_text(doc(contexts__inventory__write_switch={"ports": ports}))
    assert message in str(info.value)
    assert "secret" not in str(info.value)
