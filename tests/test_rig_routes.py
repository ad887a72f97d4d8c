"""The demo rig's routes file: the project's, pointed at the rig's apps, with the monolith's
inventory port listed for the write switch (so the walk's cut-over switches it)."""

from __future__ import annotations

from pathlib import Path

from gateway.config import load_config
from strangler.rig import MONOLITH_TOKEN, PORT_ADMIN, _routes

ROOT = Path(__file__).resolve().parents[1]


def test_the_rig_lists_its_monolith_for_the_write_switch(tmp_path: Path) -> None:
    target = tmp_path / "routes.yaml"
    _routes(ROOT / "routes.yaml", target, {"monolith": 18081, "inventory": 18082,
                                           "gateway": 18080})
    config = load_config(target).config
    assert config.upstreams["monolith"].url == "http://127.0.0.1:18081"
    (hook,) = config.contexts["inventory"].write_switch.ports
    assert hook.url == f"http://127.0.0.1:18081{PORT_ADMIN}"
    assert hook.remote_url == "http://127.0.0.1:18080"  # through the gateway
    assert hook.token_file == MONOLITH_TOKEN and hook.token_env is None
