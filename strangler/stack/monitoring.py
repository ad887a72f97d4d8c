"""The stack's monitoring: the exporter and a real Prometheus, two more tracked components.

* `Exporter` runs `strangler.stack.exporter` (replication slots, Kafka Connect states and
  text files such as verification results, as metrics).
* `Prometheus` runs Debian's `prometheus` with a generated `prometheus.yml` in its folder:
  one scrape job whose targets come from `targets/*.json` (file-based service discovery, which
  Prometheus re-reads when the files change), and the project's alert rules copied from
  `ops/prometheus/*.yml` into `rules/`. It is optional: where the binary is missing the stack
  runs without it and says so.

The stack rewrites the targets file whenever a component or app starts or stops
(`scrape_targets` decides what is in it, purely). Guarantees: every target is on the stack's
host (loopback); an app started with a scrape endpoint stays a target until it is stopped on
purpose, so one that dies is scraped as `up == 0` (what the "applier down" alert watches);
a file is replaced atomically, so Prometheus never reads half of one.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

from strangler.errors import MissingDependency, StackError
from strangler.stack.components import Component, Health
from strangler.stack.vendor import PROJECT_ROOT

__all__ = [
    "RULES_DIR",
    "Exporter",
    "Prometheus",
    "Scrape",
    "component_scrapes",
    "prometheus_config",
    "rules_with_for",
    "scrape_targets",
]

RULES_DIR = PROJECT_ROOT / "ops" / "prometheus"
_INSTALL_HINT = "apt-get install -y prometheus  (scripts/setup.sh does it when run as root)"


@dataclass(frozen=True)
class Scrape:
    """Where Prometheus scrapes a process: `job` becomes the series' `job` label, `labels` are
    added to every series of the target (e.g. the applier's `context`)."""

    job: str
    port: int
    path: str = "/metrics"
    labels: Mapping[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"job": self.job, "port": self.port, "path": self.path,
                "labels": dict(self.labels)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scrape:
        return cls(job=str(data["job"]), port=int(data["port"]), path=str(data["path"]),
                   labels={str(k): str(v) for k, v in data.get("labels", {}).items()})


def scrape_targets(host: str, scrapes: Mapping[str, Scrape]) -> list[dict[str, object]]:
    """file_sd target groups, one per named process (component or app), sorted by name."""
    return [{"targets": [f"{host}:{scrape.port}"],
             "labels": {**scrape.labels, "job": scrape.job, "app": name,
                        "__metrics_path__": scrape.path}}
            for name, scrape in sorted(scrapes.items())]


def prometheus_config(*, interval: str, targets_glob: str, rule_glob: str) -> dict[str, Any]:
    """The generated prometheus.yml (the scrape timeout equals the interval, its upper bound)."""
    return {
        "global": {"scrape_interval": interval, "scrape_timeout": interval,
                   "evaluation_interval": interval,
                   "external_labels": {"stack": "strangler-local"}},
        "rule_files": [rule_glob],
        "scrape_configs": [{
            "job_name": "strangler",
            "file_sd_configs": [{"files": [targets_glob], "refresh_interval": "30s"}],
        }],
    }


def rules_with_for(doc: Mapping[str, Any], alert_for: str | None) -> dict[str, Any]:
    """A rule file with every alert's `for:` replaced by `alert_for` (None: unchanged)."""
    out = json.loads(json.dumps(doc))  # a deep copy of plain YAML data
    if alert_for is None:
        return out
    for group in out.get("groups", []):
        for rule in group.get("rules", []):
            if "alert" in rule and "for" in rule:
                rule["for"] = alert_for
    return out


def _write_atomically(path: Path, text: str) -> None:
    # A name of its own per writer: two processes rewriting the file at once never share one.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text)
    tmp.replace(path)


class Exporter(Component):
    """The stack's exporter process (`python -m strangler.stack.exporter`)."""

    name = "exporter"

    def __init__(self, root: Path, port: int, *, pg: Callable[[], Mapping[str, str]],
                 connect_url: str, pgpass: Path, host: str = "127.0.0.1") -> None:
        super().__init__(root, port, host)
        self._pg = pg
        self.connect_url = connect_url
        self.pgpass = pgpass

    @property
    def textfile_dir(self) -> Path:
        """Where `*.prom` files (e.g. `strangler verify --metrics-file`) are picked up."""
        return self.dir / "textfile"

    def prepare(self) -> None:
        self.textfile_dir.mkdir(parents=True, exist_ok=True)

    def argv(self) -> list[str]:
        argv = [sys.executable, "-m", "strangler.stack.exporter", "--listen-host", self.host,
                "--port", str(self.port), "--connect-url", self.connect_url,
                "--textfile-dir", str(self.textfile_dir)]
        for name, dsn in self._pg().items():
            argv += ["--pg", f"{name}={dsn}"]
        return argv

    def env(self) -> dict[str, str]:
        keep = ("PATH", "LANG", "HOME", "VIRTUAL_ENV", "PYTHONPATH")
        return {**{k: v for k, v in os.environ.items() if k in keep},
                "PGPASSFILE": str(self.pgpass)}

    def health(self) -> Health:
        try:
            answer = requests.get(f"http://{self.host}:{self.port}/metrics", timeout=5)
        except requests.RequestException:
            return Health(False, "not answering on /metrics")
        if answer.status_code != 200:
            return Health(False, f"/metrics answers {answer.status_code}")
        lines = answer.text.splitlines()
        pg_up = [line for line in lines if line.startswith("strangler_pg_up{")]
        ok = sum(line.endswith(" 1.0") for line in pg_up)
        slots = sum(line.startswith("strangler_pg_replication_slot_active{") for line in lines)
        return Health(True, f"/metrics: {ok}/{len(pg_up)} PostgreSQL server(s) up, "
                            f"{slots} replication slot(s)")


class Prometheus(Component):
    """Debian's Prometheus, scraping the stack's processes, with the project's alert rules."""

    name = "prometheus"
    optional = True

    def __init__(self, root: Path, port: int, *, targets: Callable[[], list[dict[str, object]]],
                 interval: str = "5s", alert_for: str | None = None,
                 rules_dir: Path = RULES_DIR, host: str = "127.0.0.1") -> None:
        super().__init__(root, port, host)
        self._targets = targets
        self.interval = interval
        self.alert_for = alert_for
        self.rules_source = rules_dir

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def targets_file(self) -> Path:
        return self.dir / "targets" / "stack.json"

    @staticmethod
    def binary() -> Path:
        """The prometheus executable (`STRANGLER_PROMETHEUS_BIN` overrides the PATH lookup)."""
        explicit = os.environ.get("STRANGLER_PROMETHEUS_BIN")
        found = explicit or shutil.which("prometheus")
        if not found or not os.access(found, os.X_OK):
            where = explicit or "on PATH"
            raise MissingDependency(f"prometheus not found ({where}): the stack runs without it",
                                    hint=_INSTALL_HINT)
        return Path(found)

    def rule_files(self) -> Sequence[Path]:
        files = sorted(self.rules_source.glob("*.yml"))
        if not files:
            raise StackError(f"no alert rule files (*.yml) in {self.rules_source}")
        return files

    def write_targets(self) -> None:
        self.targets_file.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.targets_file, json.dumps(self._targets(), indent=2) + "\n")

    def prepare(self) -> None:
        (self.dir / "data").mkdir(parents=True, exist_ok=True)
        rules = self.dir / "rules"
        shutil.rmtree(rules, ignore_errors=True)
        rules.mkdir()
        for source in self.rule_files():
            doc = yaml.safe_load(source.read_text()) or {}
            (rules / source.name).write_text(
                f"# Generated from {source} by the strangler stack; edit that file.\n"
                + yaml.safe_dump(rules_with_for(doc, self.alert_for), sort_keys=False))
        self.write_targets()
        config = prometheus_config(interval=self.interval,
                                   targets_glob=str(self.targets_file.parent / "*.json"),
                                   rule_glob=str(rules / "*.yml"))
        (self.dir / "prometheus.yml").write_text(
            "# Written by the strangler local stack runner on every start.\n"
            + yaml.safe_dump(config, sort_keys=False))

    def argv(self) -> list[str]:
        return [str(self.binary()), f"--config.file={self.dir / 'prometheus.yml'}",
                f"--storage.tsdb.path={self.dir / 'data'}",
                "--storage.tsdb.retention.time=2d",
                f"--web.listen-address={self.host}:{self.port}"]

    def env(self) -> dict[str, str]:
        return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}

    def _get(self, path: str) -> Any:
        answer = requests.get(self.url + path, timeout=5)
        answer.raise_for_status()
        return answer.json()["data"]

    def health(self) -> Health:
        try:
            ready = requests.get(self.url + "/-/ready", timeout=3)
            if ready.status_code != 200:
                return Health(False, f"/-/ready answers {ready.status_code}")
            groups = self._get("/api/v1/rules?type=alert")["groups"]
            targets = self._get("/api/v1/targets?state=active")["activeTargets"]
        except (requests.RequestException, ValueError, KeyError, TypeError):
            return Health(False, "not answering")
        rules = sum(len(group["rules"]) for group in groups)
        up = sum(target.get("health") == "up" for target in targets)
        return Health(True, f"{self.url}  {rules} alert rule(s), {up}/{len(targets)} "
                            "target(s) up")


def component_scrapes(components: Iterable[Component]) -> dict[str, Scrape]:
    """The stack's own scrape endpoints: the exporter and Prometheus itself."""
    jobs = {"exporter": "exporter", "prometheus": "prometheus"}
    return {c.name: Scrape(jobs[c.name], c.port) for c in components if c.name in jobs}
