"""The `gateway` click group: check, diff, run (argument errors only; running is tested in
test_workers.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from gateway.cli import gateway

REPO = Path(__file__).resolve().parents[2]


def test_check_valid_demo_file() -> None:
    result = CliRunner().invoke(gateway, ["check", str(REPO / "routes.yaml")])
    assert result.exit_code == 0, result.output
    assert "inventory: stage legacy" in result.output


def test_check_invalid_names_path_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "routes.yaml"
    bad.write_text((REPO / "routes.yaml").read_text().replace("      percent: 10\n",
                                                             "      percent: 101\n"))
    result = CliRunner().invoke(gateway, ["check", str(bad)])
    assert result.exit_code == 2
    assert "contexts.inventory.canary.percent: must be <= 100 (line " in result.stderr
    assert "Traceback" not in result.output + result.stderr
    js = CliRunner().invoke(gateway, ["check", "--json", str(bad)])
    assert js.exit_code == 2
    assert json.loads(js.stdout)["errors"][0]["path"] == "contexts.inventory.canary.percent"


def test_check_standalone_process_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("upstreams: {}\n")
    code = "from gateway.cli import gateway; gateway()"
    ok = subprocess.run([sys.executable, "-c", code, "check", str(REPO / "routes.yaml")],
                        capture_output=True, text=True, timeout=60, cwd=REPO)
    assert ok.returncode == 0, ok.stderr
    ko = subprocess.run([sys.executable, "-c", code, "check", str(bad)],
                        capture_output=True, text=True, timeout=60, cwd=REPO)
    assert ko.returncode == 2
    assert "upstreams: must not be empty" in ko.stderr
    assert "Traceback" not in ko.stderr


def test_group_returns_codes_in_non_standalone_mode(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("nope: 1\n")
    assert gateway.main(["check", str(bad)], standalone_mode=False) == 2
    assert gateway.main(["check", str(REPO / "routes.yaml")], standalone_mode=False) == 0


def test_diff_shows_which_routes_change_where(tmp_path: Path) -> None:
    old = REPO / "routes.yaml"
    new = tmp_path / "routes.yaml"
    new.write_text(old.read_text().replace("stage: legacy ", "stage: reads ")
                   .replace("      - POST /api/inventory/adjust\n", ""))
    result = CliRunner().invoke(gateway, ["diff", str(old), str(new)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert ("~ GET /api/inventory/{item_id}  [inventory] stage legacy -> reads: monolith -> "
            "inventory (fallback monolith)") in out
    assert "= POST /api/inventory/{item_id}/reserve  [inventory] stage legacy -> reads: " \
           "still monolith" in out
    assert "- POST /api/inventory/adjust" in out
    same = CliRunner().invoke(gateway, ["diff", str(old), str(old)])
    assert same.exit_code == 0 and "no routing changes" in same.output
    js = CliRunner().invoke(gateway, ["diff", "--json", str(old), str(new)])
    routes = {c["route"]: c for c in json.loads(js.stdout)["routes"]}
    assert routes["GET /api/inventory"]["new"]["served_by"] == "inventory (fallback monolith)"


def test_diff_invalid_file_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("upstreams: [")
    result = CliRunner().invoke(gateway, ["diff", str(REPO / "routes.yaml"), str(bad)])
    assert result.exit_code == 2
    assert "invalid YAML" in result.stderr


def test_run_refuses_without_token_and_remote_admin(tmp_path: Path,
                                                    monkeypatch: object) -> None:
    runner = CliRunner(env={"STRANGLER_ADMIN_TOKEN": ""})
    result = runner.invoke(gateway, ["run", "--config", str(REPO / "routes.yaml")])
    assert result.exit_code == 2
    assert "STRANGLER_ADMIN_TOKEN" in result.stderr
    result = runner.invoke(gateway, ["run", "--config", str(REPO / "routes.yaml"),
                                     "--admin-listen", "0.0.0.0:9999"])
    assert result.exit_code == 2 and "--allow-remote-admin" in result.stderr
    short = tmp_path / "tok"
    short.write_text("short")
    result = runner.invoke(gateway, ["run", "--config", str(REPO / "routes.yaml"),
                                     "--admin-token-file", str(short)])
    assert result.exit_code == 2 and "at least 16 characters" in result.stderr
    result = runner.invoke(gateway, ["run", "--config", str(tmp_path / "missing.yaml"),
                                     "--no-admin"])
    assert result.exit_code == 2 and "file not found" in result.stderr
    result = runner.invoke(gateway, ["run", "--listen", "nonsense", "--no-admin"])
    assert result.exit_code == 2
