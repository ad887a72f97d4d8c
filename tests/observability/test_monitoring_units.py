"""The stack's monitoring decisions without any server: targets, generated config, rules with a
shortened `for:`, the exporter's metric families, and Prometheus being optional."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import Metric

from strangler.stack.components import Component
from strangler.stack.exporter import SlotRow, StackExporter, connect_families, slot_families
from strangler.stack.monitoring import (
    RULES_DIR,
    Prometheus,
    Scrape,
    prometheus_config,
    rules_with_for,
    scrape_targets,
)
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from strangler.stack.settings import StackSettings


def samples(families: list[Metric]) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in families for s in family.samples}


def test_targets_are_one_group_per_process_with_job_app_and_extra_labels() -> None:
    groups = scrape_targets("127.0.0.1", {
        "prometheus": Scrape("prometheus", 9090),
        "applier-inventory-forward": Scrape("applier", 9101, labels={"context": "inventory"}),
    })
    assert groups == [
        {"targets": ["127.0.0.1:9101"],
         "labels": {"context": "inventory", "job": "applier", "app": "applier-inventory-forward",
                    "__metrics_path__": "/metrics"}},
        {"targets": ["127.0.0.1:9090"],
         "labels": {"job": "prometheus", "app": "prometheus", "__metrics_path__": "/metrics"}},
    ]
    # an extra label cannot take over the job or the app name
    sneaky = Scrape("gateway", 1, labels={"job": "applier", "app": "x"})
    assert scrape_targets("127.0.0.1", {"gw": sneaky})[0]["labels"]["job"] == "gateway"


def test_generated_config_scrapes_the_targets_files_and_loads_the_rules() -> None:
    config = prometheus_config(interval="1s", targets_glob="/s/targets/*.json",
                               rule_glob="/s/rules/*.yml")
    assert config["global"]["scrape_interval"] == config["global"]["evaluation_interval"] == "1s"
    assert config["global"]["scrape_timeout"] == "1s"  # never above the interval
    assert config["rule_files"] == ["/s/rules/*.yml"]
    (job,) = config["scrape_configs"]
    assert job["file_sd_configs"][0]["files"] == ["/s/targets/*.json"]


def test_alert_for_replaces_every_alerts_for_and_leaves_the_source_alone() -> None:
    doc = yaml.safe_load((RULES_DIR / "alerts.yml").read_text())
    short = rules_with_for(doc, "2s")
    rules = [r for g in short["groups"] for r in g["rules"]]
    original = [r for g in doc["groups"] for r in g["rules"]]
    assert {r.get("for") for r in rules if "for" in r} == {"2s"}
    assert [("for" in r) for r in rules] == [("for" in r) for r in original]
    assert any(r.get("for") == "5m" for r in original)  # the source document is untouched
    assert rules_with_for(doc, None) == doc


def test_slot_families_report_each_server_and_slot() -> None:
    got = samples(slot_families({
        "monolith-pg": [SlotRow("strangler_inventory_fwd", "monolith", True, 4096, 512)],
        "services-pg": None,  # did not answer
    }))
    assert got[("strangler_pg_up", (("server", "monolith-pg"),))] == 1
    assert got[("strangler_pg_up", (("server", "services-pg"),))] == 0
    at = (("database", "monolith"), ("server", "monolith-pg"),
          ("slot", "strangler_inventory_fwd"))
    assert got[("strangler_pg_replication_slot_retained_wal_bytes", at)] == 4096
    assert got[("strangler_pg_replication_slot_behind_wal_bytes", at)] == 512
    assert got[("strangler_pg_replication_slot_active", at)] == 1


def test_connect_families_report_every_state_with_zeros() -> None:
    status = {"inventory-forward": {"status": {
        "connector": {"state": "RUNNING"},
        "tasks": [{"id": 0, "state": "FAILED"}, {"id": 1, "state": "RUNNING"}]}}}
    got = samples(connect_families(status))
    assert got[("strangler_connect_up", ())] == 1

    def at(state: str) -> tuple[tuple[str, str], ...]:
        return (("connector", "inventory-forward"), ("state", state))

    assert got[("strangler_connect_connector_state", at("RUNNING"))] == 1
    assert got[("strangler_connect_connector_state", at("FAILED"))] == 0
    assert got[("strangler_connect_tasks", at("FAILED"))] == 1
    assert got[("strangler_connect_tasks", at("PAUSED"))] == 0
    assert samples(connect_families(None)) == {("strangler_connect_up", ()): 0}


def test_the_targets_keep_a_dead_app_and_drop_one_stopped_on_purpose(tmp_path: Path) -> None:
    local = LocalStack(StackSettings(state_dir=tmp_path))
    for name, port in (("applier-a", 9101), ("applier-b", 9102)):
        folder = local.apps_dir / name
        folder.mkdir(parents=True)
        (folder / "scrape.json").write_text(json.dumps(Scrape("applier", port).as_dict()))
    # applier-a died: its PID file names a process that is gone; applier-b was stopped
    (local.apps_dir / "applier-a" / "pid").write_text(json.dumps({"pid": 1, "start_time": 0}))
    (local.apps_dir / "no-metrics").mkdir()
    (local.apps_dir / "no-metrics" / "pid").write_text("{}")
    apps = {g["labels"]["app"] for g in local.prometheus_targets()}
    assert apps == {"applier-a", "exporter", "prometheus"}


@pytest.fixture
def no_prometheus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    missing = tmp_path / "no-such-prometheus"
    monkeypatch.setenv("STRANGLER_PROMETHEUS_BIN", str(missing))
    return missing


class PrometheusOnly(LocalStack):
    @property
    def components(self) -> tuple[Component, ...]:
        return (self.prometheus,)


@pytest.mark.usefixtures("no_prometheus")
def test_a_missing_prometheus_is_skipped_with_the_fix_named(tmp_path: Path) -> None:
    local = PrometheusOnly(StackSettings(state_dir=tmp_path / "state"))
    said: list[str] = []
    (row,) = local.up(say=said.append)
    assert any(line.startswith("prometheus: skipped: prometheus not found") for line in said)
    assert row.skipped and row.healthy and row.pid is None
    assert "apt-get install -y prometheus" in row.detail
    assert local.expected == ()
    assert not local.prometheus.pid_file.exists()


def test_status_shows_a_missing_prometheus_as_skipped(no_prometheus: Path,
                                                      tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "strangler.cli", "stack", "status", "--state-dir",
         str(tmp_path)], capture_output=True, text=True, timeout=60, env=dict(os.environ))
    line = next(line for line in result.stdout.splitlines() if line.startswith("prometheus"))
    assert line.split()[3:5] == ["skipped", "skipped:"], line
    assert line.endswith("apt-get install -y prometheus  (scripts/setup.sh does it when run "
                         "as root)"), line
    assert "Traceback" not in result.stderr


def test_the_generated_config_and_rules_pass_promtool(tmp_path: Path) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed (Debian's prometheus package)")
    prometheus = Prometheus(tmp_path, 9090, interval="1s", alert_for="2s",
                            targets=lambda: scrape_targets("127.0.0.1", {
                                "exporter": Scrape("exporter", 9100)}))
    prometheus.prepare()
    result = subprocess.run([promtool, "check", "config", str(prometheus.dir / "prometheus.yml")],
                            capture_output=True, text=True, timeout=60)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    rules = len([r for g in yaml.safe_load((RULES_DIR / "alerts.yml").read_text())["groups"]
                 for r in g["rules"]])
    assert f"SUCCESS: {rules} rules found" in out
    assert json.loads(prometheus.targets_file.read_text())[0]["targets"] == ["127.0.0.1:9100"]


@pytest.mark.parametrize("variable", ["STRANGLER_PROMETHEUS_INTERVAL", "STRANGLER_ALERT_FOR"])
def test_a_bad_duration_variable_is_a_usage_error(variable: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "strangler.cli", "stack", "status", "--state-dir",
         str(tmp_path)], capture_output=True, text=True, timeout=60,
        env={**os.environ, variable: "5 minutes"})
    assert result.returncode == 2
    assert f"{variable}: '5 minutes' is not a duration such as 500ms, 5s, 2m or 1h" in (
        result.stderr)
    assert "Traceback" not in result.stderr


def test_durations_from_the_environment_reach_the_settings(tmp_path: Path) -> None:
    settings = StackSettings.from_env(tmp_path, env={"STRANGLER_PROMETHEUS_INTERVAL": "1s",
                                                     "STRANGLER_ALERT_FOR": "2s"})
    assert (settings.prometheus_interval, settings.alert_for) == ("1s", "2s")
    default = StackSettings.from_env(tmp_path, env={})
    assert (default.prometheus_interval, default.alert_for) == ("5s", None)


def test_the_exporter_reports_unreachable_servers_as_down_and_passes_text_files_through(
        tmp_path: Path) -> None:
    (tmp_path / "verify-inventory.prom").write_text(
        "# TYPE strangler_verify_consistent gauge\n"
        'strangler_verify_consistent{context="inventory",table="public.items"} 1.0\n')
    (tmp_path / "broken.prom").write_text("this is { not prometheus text\n")
    (tmp_path / "ignored.txt").write_text("not a .prom file\n")
    registry = CollectorRegistry()
    nobody = free_port()  # nothing listens there: refused at once
    registry.register(StackExporter(
        {"monolith-pg": f"postgresql://strangler@127.0.0.1:{nobody}/monolith"},
        f"http://127.0.0.1:{nobody}", tmp_path))
    text = generate_latest(registry).decode()
    assert 'strangler_pg_up{server="monolith-pg"} 0.0' in text
    assert "strangler_connect_up 0.0" in text
    assert 'strangler_verify_consistent{context="inventory",table="public.items"} 1.0' in text
    assert "strangler_exporter_textfile_errors 1.0" in text
