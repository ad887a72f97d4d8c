"""The project's alert rules (ops/prometheus/alerts.yml): valid for Prometheus, unit-tested
firing and quiet with promtool, and naming only metrics that are documented and exported."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "ops" / "prometheus" / "alerts.yml"
RULE_TESTS = sorted((ROOT / "ops" / "prometheus" / "tests").glob("*.yml"))
METRICS_DOC = ROOT / "docs" / "metrics.md"
# Prometheus' own series, and PromQL words that look like metric names.
BUILTIN = {"up"}
PROMQL_WORDS = {"sum", "max", "min", "by", "rate", "increase", "time", "and", "or", "unless",
                "on", "ignoring", "without", "avg", "count", "absent", "bool"}


def promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        pytest.skip("promtool not installed (Debian's prometheus package; scripts/setup.sh "
                    "installs it as root)")
    return found


def alerts() -> list[dict[str, Any]]:
    doc = yaml.safe_load(RULES.read_text())
    return [rule for group in doc["groups"] for rule in group["rules"] if "alert" in rule]


def metric_names(expr: str) -> set[str]:
    """Metric names in a PromQL expression (label matchers and strings removed first)."""
    bare = re.sub(r"\{[^}]*\}|\[[^\]]*\]|\"[^\"]*\"", " ", expr)
    bare = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", " ", bare)
    names = set(re.findall(r"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b", bare))
    return {n for n in names if n not in PROMQL_WORDS and not re.fullmatch(r"\d.*", n)}


def test_rules_pass_promtool_check() -> None:
    result = subprocess.run([promtool(), "check", "rules", str(RULES)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(alerts())} rules found" in result.stdout


def test_rule_unit_tests_pass() -> None:
    assert RULE_TESTS, "no promtool unit tests in ops/prometheus/tests"
    result = subprocess.run([promtool(), "test", "rules", *map(str, RULE_TESTS)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_is_tested_firing_and_quiet() -> None:
    firing: set[str] = set()
    quiet: set[str] = set()
    for path in RULE_TESTS:
        for case in yaml.safe_load(path.read_text())["tests"]:
            for check in case.get("alert_rule_test", []):
                (firing if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = {rule["alert"] for rule in alerts()}
    assert names - firing == set(), "alerts never shown firing in a promtool test"
    assert names - quiet == set(), "alerts never shown staying quiet in a promtool test"


def test_metric_name_parser_sees_through_promql() -> None:
    expr = ('sum by (context) (rate(gateway_fallbacks_total{reason="x"}[5m])) / '
            'sum by (context) (rate(gateway_requests_total[5m])) > 0.05 and up == 0 '
            'or time() - strangler_cdc_last_fence_timestamp_seconds > 30')
    assert metric_names(expr) == {"gateway_fallbacks_total", "gateway_requests_total", "up",
                                  "strangler_cdc_last_fence_timestamp_seconds"}


def test_every_metric_a_rule_names_is_documented_and_exported() -> None:
    doc = METRICS_DOC.read_text()
    sources = "\n".join(p.read_text() for pkg in ("gateway", "cdc", "strangler")
                        for p in (ROOT / pkg).rglob("*.py"))
    for rule in alerts():
        for name in metric_names(rule["expr"]) - BUILTIN:
            assert f"`{name}`" in doc, f"{rule['alert']}: {name} is not in docs/metrics.md"
            # prometheus_client adds `_total` to counters: the code names them without it
            base = name.removesuffix("_total")
            assert f'"{base}' in sources, f"{rule['alert']}: no code exports {name}"


def test_every_exported_metric_is_in_the_reference_table() -> None:
    """Each metric family the code defines has a row in docs/metrics.md (and no row is for a
    metric the code does not define)."""
    kinds = r"(Counter|Gauge|Histogram|GaugeMetricFamily)\(\s*\"([a-z0-9_:]+)\""
    exported = set()
    for pkg in ("gateway", "cdc", "strangler"):
        for path in (ROOT / pkg).rglob("*.py"):
            for kind, name in re.findall(kinds, path.read_text()):
                counter = kind == "Counter" and not name.endswith("_total")
                exported.add(name + "_total" if counter else name)
    assert len(exported) > 30, exported  # the pattern still finds the definitions
    doc = METRICS_DOC.read_text()
    table = set(re.findall(r"^\| `([a-z0-9_:]+)` \|", doc, re.M))
    assert exported - table == set(), "exported but not in docs/metrics.md's table"
    assert table - exported == set(), "in docs/metrics.md's table but exported by nothing"
