"""The local stack: start, inspect and stop its components as plain local processes.

Guarantees:
* `up` is idempotent: healthy components are left alone, dead ones (stale PID file, crash,
  kill -9) are restarted on the ports recorded in `stack.json`;
* only one `up`/`down` runs at a time per state dir (a lock file);
* `down` stops only processes whose PID file and start time prove this stack started them, in
  reverse start order, and is harmless when nothing runs;
* an optional component (Prometheus) whose binary is missing is skipped with a message naming
  the fix; `status` shows it as skipped, which is not a failure;
* Prometheus' file_sd targets file is rewritten whenever the stack starts or stops a component
  or an app with a scrape endpoint (`start_app(scrape=...)`), see `strangler.stack.monitoring`;
* `pgpass` (mode 0600, beside `stack.json`) holds the databases' password in libpq's password
  file format, so clients given `PGPASSFILE` connect with DSNs that carry no password.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from strangler.dsn import pgpass_line
from strangler.errors import MissingDependency, PortInUse, StackError
from strangler.stack import process
from strangler.stack.components import Broker, Component, ConnectWorker, Postgres
from strangler.stack.monitoring import (
    Exporter,
    Prometheus,
    Scrape,
    component_scrapes,
    scrape_targets,
)
from strangler.stack.settings import DEFAULT_PORTS, PORT_ENV, StackSettings, StackState

__all__ = ["ComponentStatus", "LocalStack"]

Say = Callable[[str], None]


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    pid: int | None
    port: int | None  # None: an app that listens on no port
    healthy: bool
    detail: str
    skipped: bool = False  # an optional component that cannot run here (not a failure)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class LocalStack:
    """Two PostgreSQL servers (monolith, services), a Kafka-protocol broker, Kafka Connect, the
    stack's exporter and Prometheus."""

    MONOLITH_DB = "monolith"
    SERVICE_DBS = ("inventory",)

    def __init__(self, settings: StackSettings) -> None:
        self.settings = settings
        self.state_dir = settings.state_dir
        self._state_file = self.state_dir / "stack.json"
        self.state = StackState.load(self._state_file) or StackState.new()
        self._build()

    @classmethod
    def from_env(cls, state_dir: str | os.PathLike[str] | None = None) -> LocalStack:
        return cls(StackSettings.from_env(state_dir))

    def _port(self, name: str) -> int:
        return self.state.ports.get(name) or self.settings.requested_ports.get(
            name, DEFAULT_PORTS[name])

    def _build(self) -> None:
        root, host, password = self.state_dir, self.settings.host, self.state.password
        self.monolith_pg = Postgres(root, self._port("monolith-pg"), name="monolith-pg",
                                    databases=(self.MONOLITH_DB,), password=password, host=host)
        self.services_pg = Postgres(root, self._port("services-pg"), name="services-pg",
                                    databases=self.SERVICE_DBS, password=password, host=host)
        self.broker = Broker(root, self._port("broker"), host)
        self.connect = ConnectWorker(root, self._port("connect"), broker=self.broker, host=host)
        self.exporter = Exporter(
            root, self._port("exporter"), connect_url=self.connect.url, pgpass=self.pgpass_file,
            pg=lambda: {pg.name: pg.dsn(with_password=False)
                        for pg in (self.monolith_pg, self.services_pg)}, host=host)
        self.prometheus = Prometheus(
            root, self._port("prometheus"), targets=self.prometheus_targets,
            interval=self.settings.prometheus_interval, alert_for=self.settings.alert_for,
            host=host)

    @property
    def components(self) -> tuple[Component, ...]:
        return (self.monolith_pg, self.services_pg, self.broker, self.connect, self.exporter,
                self.prometheus)

    @staticmethod
    def unavailable(component: Component) -> MissingDependency | None:
        """Why an optional component cannot run on this machine (None: it can, or it is not
        optional, so a missing dependency is an error for `up`)."""
        if not component.optional:
            return None
        try:
            component.check()
        except MissingDependency as exc:
            return exc
        return None

    @property
    def expected(self) -> tuple[Component, ...]:
        """The components that run once `up` succeeds (optional ones that cannot are left out)."""
        return tuple(c for c in self.components if self.unavailable(c) is None)

    # -- addresses for clients ---------------------------------------------------------------
    @property
    def started(self) -> bool:
        """`up` ran here at least once (so the password and ports are settled)."""
        return self._state_file.exists()

    def require_started(self, variable: str) -> LocalStack:
        """This stack, for a client that found `variable` unset; StackError if never started."""
        if not self.started:
            raise StackError(f"{variable} is not set and no local stack was started in "
                             f"{self.state_dir}: run `strangler stack up` or set {variable}")
        return self

    @property
    def pgpass_file(self) -> Path:
        return self.state_dir / "pgpass"

    def write_pgpass(self) -> Path:
        """Write the password file for both PostgreSQL servers (mode 0600, atomically)."""
        lines = "".join(pgpass_line(pg.host, pg.port, pg.superuser, self.state.password)
                        for pg in (self.monolith_pg, self.services_pg))
        tmp = self.pgpass_file.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(lines)
        tmp.replace(self.pgpass_file)
        return self.pgpass_file

    @property
    def monolith_dsn(self) -> str:
        return self.monolith_pg.dsn(self.MONOLITH_DB)

    def service_dsn(self, service: str = "inventory") -> str:
        return self.services_pg.dsn(service)

    @property
    def bootstrap_servers(self) -> str:
        return self.broker.bootstrap_servers

    @property
    def connect_url(self) -> str:
        return self.connect.url

    @property
    def prometheus_url(self) -> str:
        return self.prometheus.url

    # -- lifecycle ------------------------------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        # Searchable (PostgreSQL runs as another user) but not listable by others.
        os.chmod(self.state_dir, 0o711)
        with open(self.state_dir / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _choose_port(self, component: Component, say: Say) -> None:
        name = component.name
        requested = self.settings.requested_ports.get(name)
        port = requested or self.state.ports.get(name) or DEFAULT_PORTS[name]
        if not process.port_is_free(port, self.settings.host):
            if requested:
                raise PortInUse(
                    f"port {port} requested for {name} ({PORT_ENV[name]}) is taken by a "
                    "process this stack did not start",
                    hint=f"free it, or set {PORT_ENV[name]} to another port",
                )
            new = process.free_port(self.settings.host)
            say(f"port {port} for {name} is taken by another process; using {new} instead "
                f"(set {PORT_ENV[name]} to choose)")
            port = new
        component.port = port
        self.state.ports[name] = port
        self.state.save(self._state_file)

    def up(self, say: Say = print) -> list[ComponentStatus]:
        """Start whatever is not running; leave healthy components alone.

        Every dependency and port is checked before anything starts, so a missing jar or a
        taken port never leaves half a stack behind.
        """
        with self._locked():
            self.state.save(self._state_file)
            to_start = []
            for component in self.components:
                tracked = component.tracked()
                if tracked is not None:
                    health = component.health()
                    if health.healthy:
                        say(f"{component.name}: already running "
                            f"(pid {tracked.pid}, port {component.port})")
                        continue
                    say(f"{component.name}: running but unhealthy ({health.detail}); restarting")
                    component.stop()
                missing = self.unavailable(component)
                if missing is not None:
                    say(f"{component.name}: skipped: {missing}")
                    continue
                component.check()
                to_start.append(component)
            for component in to_start:
                self._choose_port(component, say)
            self.write_pgpass()
            for component in to_start:
                stale = component.stale_pid()
                if stale is not None:
                    say(f"{component.name}: removing stale PID file (pid {stale} is gone)")
                say(f"{component.name}: starting on {self.settings.host}:{component.port}")
                component.start()
                say(f"{component.name}: healthy (pid {self._pid(component)})")
            self._write_targets()  # a component may have moved to another port
        return self.status()

    def prometheus_targets(self) -> list[dict[str, object]]:
        """Prometheus' file_sd targets: the exporter, Prometheus itself, and every app started
        with a scrape endpoint and not stopped on purpose (a dead one stays: `up == 0`)."""
        scrapes = component_scrapes(self.components)
        for scrape_file in sorted(self.apps_dir.glob("*/scrape.json")):
            folder = scrape_file.parent
            if not (folder / "pid").exists():
                continue
            try:
                scrapes[folder.name] = Scrape.from_dict(json.loads(scrape_file.read_text()))
            except (ValueError, KeyError, TypeError):
                continue  # a half-written file from a crash: that app is not scraped
        return scrape_targets(self.settings.host, scrapes)

    def _write_targets(self) -> None:
        if self.prometheus.dir.is_dir():
            self.prometheus.write_targets()

    @staticmethod
    def _pid(component: Component) -> int | None:
        tracked = component.tracked()
        return tracked.pid if tracked else None

    def status(self) -> list[ComponentStatus]:
        rows = []
        for component in self.components:
            tracked = component.tracked()
            missing = self.unavailable(component) if tracked is None else None
            if missing is not None:
                rows.append(ComponentStatus(component.name, None, component.port, True,
                                            f"skipped: {missing.message}; {missing.hint}",
                                            skipped=True))
                continue
            if tracked is None:
                stale = component.stale_pid()
                detail = (f"not running (stale PID file: pid {stale} is gone)"
                          if stale is not None else "not running")
                rows.append(ComponentStatus(component.name, None, component.port, False, detail))
                continue
            health = component.health()
            rows.append(ComponentStatus(component.name, tracked.pid, component.port,
                                        health.healthy, health.detail))
        return rows

    # -- app processes (appliers, sample apps, gateway) started on top of the stack -----------
    @property
    def apps_dir(self) -> Path:
        return self.state_dir / "apps"

    def start_app(self, name: str, argv: list[str], *, env: dict[str, str] | None = None,
                  cwd: Path | None = None, port: int | None = None,
                  scrape: Scrape | None = None) -> process.Tracked:
        """Start a long-running process that `down` will stop; no-op if it already runs.

        `port` is where the app listens (e.g. an applier's metrics): recorded in the app's
        folder, shown by `status` and probed there for health. `scrape` is where Prometheus
        scrapes it: the targets file lists it from now until `stop_app`.
        """
        folder = self.apps_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        tracked = process.read_tracked(folder / "pid")
        if tracked is not None and tracked.alive():
            return tracked
        port_file = folder / "port"
        if port is None:
            port_file.unlink(missing_ok=True)
        else:
            port_file.write_text(f"{port}\n")
        scrape_file = folder / "scrape.json"
        if scrape is None:
            scrape_file.unlink(missing_ok=True)
        else:
            scrape_file.write_text(json.dumps(scrape.as_dict()) + "\n")
        tracked = process.spawn(argv, pid_file=folder / "pid", log_file=folder / "log",
                                env={**os.environ, **(env or {})}, cwd=cwd)
        self._write_targets()
        return tracked

    def app_port(self, name: str) -> int | None:
        """The port an app was started with (`start_app(port=...)`), if any."""
        try:
            return int((self.apps_dir / name / "port").read_text())
        except (FileNotFoundError, ValueError):
            return None

    def app_status(self) -> list[ComponentStatus]:
        rows = []
        for pid_file in sorted(self.apps_dir.glob("*/pid")):
            name = pid_file.parent.name
            tracked = process.read_tracked(pid_file)
            alive = tracked is not None and tracked.alive()
            port = self.app_port(name)
            if not alive:
                healthy, detail = False, f"not running (log: {pid_file.parent / 'log'})"
            elif port is not None and process.port_is_free(port, self.settings.host):
                healthy, detail = False, f"running, but nothing listens on port {port}"
            else:
                healthy, detail = True, "running"
            rows.append(ComponentStatus(name, tracked.pid if alive and tracked else None, port,
                                        healthy, detail))
        return rows

    def stop_app(self, name: str) -> bool:
        """Stop an app on purpose: it also leaves Prometheus' targets (no "down" alert)."""
        stopped = process.stop(self.apps_dir / name / "pid", timeout=30)
        self._write_targets()
        return stopped

    def down(self, say: Say = print) -> list[str]:
        """Stop every app and component this stack started, apps first, components in
        reverse start order. Returns the stopped ones."""
        stopped = []
        with self._locked():
            for pid_file in sorted(self.apps_dir.glob("*/pid")):
                if process.stop(pid_file, timeout=30):
                    say(f"{pid_file.parent.name}: stopped")
                    stopped.append(pid_file.parent.name)
            self._write_targets()
            for component in reversed(self.components):
                if component.stop():
                    say(f"{component.name}: stopped")
                    stopped.append(component.name)
        if not stopped:
            say("nothing was running")
        return stopped

    # -- connectors --------------------------------------------------------------------------
    def register_connector(self, name: str, config: dict[str, str]) -> None:
        """Create or update a connector and remember it, so a worker restart re-applies it."""
        self.connect.connectors_dir.mkdir(parents=True, exist_ok=True)
        path = self.connect.connectors_dir / f"{name}.json"
        fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(config, handle, indent=2, sort_keys=True)
        path.with_suffix(".tmp").replace(path)
        self.connect.put_connector(name, config)

    def forget_connector(self, name: str) -> None:
        (self.connect.connectors_dir / f"{name}.json").unlink(missing_ok=True)


