"""The four processes of the local stack: two PostgreSQL servers, the broker, Kafka Connect.

Each component owns a folder under the state dir (data, `log`, `pid`), knows how to start
itself, how to tell whether it is healthy (by talking its own protocol, not just by a PID), and
how to stop. `start()` returns only once the component answers, or raises `StackError` with the
tail of its log.
"""

from __future__ import annotations

import json
import logging
import os
import pwd
import signal
import socket
import subprocess
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import requests

from strangler.dsn import redact, remember, secret_key
from strangler.errors import MissingDependency, StackError
from strangler.stack import process, vendor

__all__ = ["Broker", "Component", "ConnectWorker", "Health", "Postgres"]


@dataclass(frozen=True)
class Health:
    healthy: bool
    detail: str


class Component(ABC):  # noqa: B024 (hooks below are optional, argv/health are not)
    """One process of the stack, tracked by a PID file in its own folder."""

    name: str
    start_timeout = 60.0
    stop_signal = signal.SIGTERM
    optional = False  # True: a missing dependency skips it (said so) instead of failing `up`

    def __init__(self, root: Path, port: int, host: str = "127.0.0.1") -> None:
        self.dir = root / self.name
        self.port = port
        self.host = host

    @property
    def pid_file(self) -> Path:
        return self.dir / "pid"

    @property
    def log_file(self) -> Path:
        return self.dir / "log"

    def tracked(self) -> process.Tracked | None:
        """The running process, or None (a stale PID file counts as not running)."""
        tracked = process.read_tracked(self.pid_file)
        return tracked if tracked is not None and tracked.alive() else None

    def stale_pid(self) -> int | None:
        """The PID of a PID file whose process is gone (left behind by a crash or kill -9)."""
        tracked = process.read_tracked(self.pid_file)
        return tracked.pid if tracked is not None and not tracked.alive() else None

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.pid_file.unlink(missing_ok=True)  # a stale file from a crash
        self.prepare()
        tracked = process.spawn(self.argv(), pid_file=self.pid_file, log_file=self.log_file,
                                env=self.env(), cwd=self.dir, user=self.run_as())
        deadline = time.monotonic() + self.start_timeout
        health = Health(False, "starting")
        while time.monotonic() < deadline:
            if not tracked.alive():
                self.pid_file.unlink(missing_ok=True)
                raise StackError(f"{self.name} exited during start-up\n{self.log_tail()}")
            health = self.health()
            if health.healthy:
                self.after_start()
                return
            time.sleep(0.25)
        process.stop(self.pid_file, sig=signal.SIGKILL)
        raise StackError(f"{self.name} did not become healthy within {self.start_timeout:.0f} s "
                         f"({health.detail})\n{self.log_tail()}")

    def stop(self) -> bool:
        return process.stop(self.pid_file, sig=self.stop_signal)

    def log_tail(self, lines: int = 15) -> str:
        try:
            tail = self.log_file.read_text(errors="replace").splitlines()[-lines:]
        except FileNotFoundError:
            return f"  (no log at {self.log_file})"
        return "\n".join(f"  | {line}" for line in tail) + f"\n  (full log: {self.log_file})"

    def run_as(self) -> str | None:
        return None

    def env(self) -> dict[str, str] | None:
        return None

    def prepare(self) -> None:  # noqa: B027 (optional hook)
        """Create data and config files before the process starts."""

    def check(self) -> None:
        """Raise `MissingDependency` if a binary or jar this component needs is absent."""
        self.argv()

    def after_start(self) -> None:  # noqa: B027 (optional hook)
        """Work to do once the component answers (create databases, re-apply connectors)."""

    @abstractmethod
    def argv(self) -> list[str]: ...

    @abstractmethod
    def health(self) -> Health: ...


def _tcp_open(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class Postgres(Component):
    """A PostgreSQL 15 server with `wal_level=logical`, listening on loopback only.

    Runs as the `postgres` OS user when the stack is started by root (initdb refuses root).
    Password authentication (scram-sha-256) for the `strangler` superuser, whose generated
    password lives in the stack's `stack.json`.
    """

    stop_signal = signal.SIGINT  # PostgreSQL's "fast" shutdown: roll back, checkpoint, exit
    superuser = "strangler"

    def __init__(self, root: Path, port: int, *, name: str, databases: tuple[str, ...],
                 password: str, host: str = "127.0.0.1") -> None:
        self.name = name
        super().__init__(root, port, host)
        self.databases = databases
        self.password = password
        self.data_dir = self.dir / "data"

    def dsn(self, database: str | None = None, *, with_password: bool = True) -> str:
        """A DSN for `database`; without the password, libpq takes it from the stack's
        password file (`PGPASSFILE`)."""
        db = database or self.databases[0]
        secret = f":{quote(self.password, safe='')}" if with_password else ""
        return f"postgresql://{self.superuser}{secret}@{self.host}:{self.port}/{db}"

    def run_as(self) -> str | None:
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise MissingDependency(
                "running as root, PostgreSQL must run as the 'postgres' OS user, which does "
                "not exist", hint="apt-get install -y postgresql-15 (it creates that user)"
            ) from None
        return "postgres"

    def _check_searchable(self, owner_uid: int) -> None:
        for parent in reversed(self.dir.parents):
            st = parent.stat()
            if st.st_uid != owner_uid and not st.st_mode & 0o001:
                raise StackError(
                    f"{parent} is not searchable by the postgres OS user "
                    f"(mode {oct(st.st_mode & 0o777)}), so PostgreSQL cannot reach "
                    f"{self.data_dir}",
                    hint="choose a state dir below world-searchable folders "
                    "(STRANGLER_STATE_DIR or --state-dir)",
                )

    def prepare(self) -> None:
        bindir = vendor.pg_bindir()
        user = self.run_as()
        if user is not None:
            entry = pwd.getpwnam(user)
            self._check_searchable(entry.pw_uid)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        if (self.data_dir / "PG_VERSION").is_file():
            return
        pwfile = self.dir / "pwfile"
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(self.password + "\n")
        if user is not None:
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        try:
            result = subprocess.run(
                [str(bindir / "initdb"), "-D", str(self.data_dir), "-U", self.superuser,
                 f"--pwfile={pwfile}", "--auth=scram-sha-256", "--encoding=UTF8",
                 "--no-locale", "--no-sync"],
                capture_output=True, text=True, user=user, group=user,
                extra_groups=[] if user else None, cwd=self.dir,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise StackError(f"initdb for {self.name} failed:\n{result.stderr.strip()}")
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": "''",
            "wal_level": "logical",
            "max_wal_senders": "20",
            "max_replication_slots": "20",
            "max_connections": "300",
            "shared_buffers": "256MB",
            "logging_collector": "off",
            "log_min_messages": "warning",
            "password_encryption": "'scram-sha-256'",
        }
        conf = "".join(f"{key} = {value}\n" for key, value in settings.items())
        (self.data_dir / "strangler.conf").write_text(
            "# Written by the strangler local stack runner.\n" + conf)
        with open(self.data_dir / "postgresql.conf", "a") as handle:
            handle.write("\ninclude 'strangler.conf'\n")
        if user is not None:
            os.chown(self.data_dir / "strangler.conf", entry.pw_uid, entry.pw_gid)

    def check(self) -> None:
        self.run_as()
        super().check()

    def argv(self) -> list[str]:
        return [str(vendor.pg_bindir() / "postgres"), "-D", str(self.data_dir),
                "-p", str(self.port)]

    def env(self) -> dict[str, str]:
        return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}

    def health(self) -> Health:
        try:
            with psycopg.connect(self.dsn("postgres"), connect_timeout=2) as conn:
                version = conn.execute("show server_version").fetchone()
                wal = conn.execute("show wal_level").fetchone()
        except psycopg.Error as exc:
            return Health(False, str(exc).strip().splitlines()[0] if str(exc) else "no answer")
        return Health(True, f"PostgreSQL {version[0] if version else '?'}, "
                            f"wal_level={wal[0] if wal else '?'}")

    def after_start(self) -> None:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            for db in self.databases:
                if conn.execute("select 1 from pg_database where datname = %s", (db,)).fetchone():
                    continue
                conn.execute(f'create database "{db}"')


class Broker(Component):
    """Tansu, a Kafka-protocol broker (memory storage: a restart loses its topics)."""

    name = "broker"

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.host}:{self.port}"

    def argv(self) -> list[str]:
        url = f"tcp://{self.host}:{self.port}"
        return [str(vendor.tansu_bin()), "broker", "--listener-url", url,
                "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"]

    def env(self) -> dict[str, str]:
        return {"PATH": "/usr/bin:/bin", "RUST_LOG": os.environ.get("STRANGLER_BROKER_LOG", "warn")}

    def health(self) -> Health:
        if not _tcp_open(self.host, self.port):
            return Health(False, "not listening")
        from confluent_kafka.admin import AdminClient

        config: dict[str, Any] = {"bootstrap.servers": self.bootstrap_servers,
                                  "socket.timeout.ms": 2000, "logger": _quiet_logger()}
        admin = AdminClient(config)
        try:
            metadata = admin.list_topics(timeout=3)
        except Exception as exc:  # KafkaException: the broker did not answer metadata
            return Health(False, f"no metadata answer: {exc}")
        return Health(True, f"Kafka protocol OK, {len(metadata.brokers)} broker(s), "
                            f"{len(metadata.topics)} topic(s)")


def _quiet_logger() -> logging.Logger:
    logger = logging.getLogger("strangler.stack.kafka-client")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    return logger


# Loggers that drown the worker's log in start-up noise.
_QUIET_LOGGERS = {
    "org.reflections": "error",
    "org.apache.kafka.clients": "warn",
    "org.apache.kafka.common.utils.AppInfoParser": "warn",
    "org.apache.kafka.connect.runtime.WorkerConfig": "warn",
    "org.apache.kafka.common.config.AbstractConfig": "warn",
    "org.eclipse.jetty": "warn",
}


class ConnectWorker(Component):
    """A Kafka Connect 3.9 standalone worker with the Debezium 3.1 PostgreSQL connector.

    A standalone worker forgets connectors created through REST when it restarts (its offsets
    file survives). Connectors registered through the stack (`connectors/NAME.json`) are
    therefore re-applied after every start, and resume from their stored offsets.
    """

    name = "connect"
    start_timeout = 120.0
    plugin_class = "io.debezium.connector.postgresql.PostgresConnector"

    def __init__(self, root: Path, port: int, *, broker: Broker, host: str = "127.0.0.1") -> None:
        super().__init__(root, port, host)
        self.broker = broker

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def connectors_dir(self) -> Path:
        return self.dir / "connectors"

    def prepare(self) -> None:
        self.connectors_dir.mkdir(parents=True, exist_ok=True)
        worker = {
            "bootstrap.servers": self.broker.bootstrap_servers,
            "key.converter": "org.apache.kafka.connect.json.JsonConverter",
            "value.converter": "org.apache.kafka.connect.json.JsonConverter",
            "key.converter.schemas.enable": "false",
            "value.converter.schemas.enable": "false",
            "offset.storage.file.filename": str(self.dir / "offsets.dat"),
            "offset.flush.interval.ms": "1000",
            "listeners": self.url,
            "rest.advertised.host.name": self.host,
            "rest.advertised.port": str(self.port),
            # The bundled reflections jar is too old to scan the classpath for plugins.
            "plugin.discovery": "service_load",
            "task.shutdown.graceful.timeout.ms": "5000",
        }
        (self.dir / "worker.properties").write_text(
            "# Written by the strangler local stack runner on every start.\n"
            + "".join(f"{k}={v}\n" for k, v in worker.items()))
        # The bundle logs through log4j 2 (log4j-slf4j2-impl); without a file it logs nothing.
        (self.dir / "log4j2.properties").write_text(
            "status = warn\n"
            "appender.out.type = Console\n"
            "appender.out.name = OUT\n"
            "appender.out.layout.type = PatternLayout\n"
            "appender.out.layout.pattern = [%d] %p %m (%c)%n\n"
            "rootLogger.level = info\n"
            "rootLogger.appenderRef.out.ref = OUT\n"
            + "".join(f"logger.q{i}.name = {name}\nlogger.q{i}.level = {level}\n"
                      for i, (name, level) in enumerate(_QUIET_LOGGERS.items()))
        )

    def argv(self) -> list[str]:
        libs = vendor.connect_libs()
        return [str(vendor.java_bin()), "-Xms256m", "-Xmx1g", "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                f"-Dlog4j2.configurationFile={self.dir / 'log4j2.properties'}",
                "-cp", f"{libs}/*", "org.apache.kafka.connect.cli.ConnectStandalone",
                str(self.dir / "worker.properties")]

    def env(self) -> dict[str, str]:
        keep = ("PATH", "JAVA_HOME", "LANG", "HOME")
        return {k: v for k, v in os.environ.items() if k in keep}

    def health(self) -> Health:
        try:
            root = requests.get(self.url + "/", timeout=2)
            plugins = requests.get(self.url + "/connector-plugins", timeout=5)
        except requests.RequestException:
            return Health(False, "REST API not answering")
        if root.status_code != 200 or plugins.status_code != 200:
            return Health(False, f"REST API answers {root.status_code}/{plugins.status_code}")
        classes = {p.get("class") for p in plugins.json()}
        if self.plugin_class not in classes:
            return Health(False, "Debezium PostgreSQL connector plugin not loaded")
        running = requests.get(self.url + "/connectors", timeout=5).json()
        return Health(True, f"Kafka Connect {root.json().get('version')}, Debezium PostgreSQL "
                            f"plugin loaded, {len(running)} connector(s)")

    def after_start(self) -> None:
        for path in sorted(self.connectors_dir.glob("*.json")):
            self.put_connector(path.stem, json.loads(path.read_text()))

    def put_connector(self, name: str, config: dict[str, str]) -> None:
        response = requests.put(f"{self.url}/connectors/{quote(name, safe='')}/config",
                                json=config, timeout=30)
        if response.status_code not in (200, 201):
            for key, value in config.items():
                if secret_key(key):
                    remember(value)
            raise StackError(f"Kafka Connect refused connector {name!r}: "
                             f"HTTP {response.status_code} {redact(response.text)[:500]}")
