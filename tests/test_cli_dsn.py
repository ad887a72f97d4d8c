"""Every command that reads a `STRANGLER_*_DSN` refuses a malformed one up front, as a user
sees it: the real `strangler` command in a subprocess, exit 2, one line naming the variable,
no traceback, and no piece of the password anywhere in the output.

No stack is needed: nothing may connect before the DSN is validated. The state dir is an
empty folder, so no developer's running stack is touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from strangler.failures import explain

ROOT = Path(__file__).resolve().parents[1]
NOWHERE = "postgresql://app@127.0.0.1:1/nowhere"   # well-formed; nothing listens there

# Each password holds "Tkn" and "9x" so that any echoed piece of it is caught.
HOSTILE = [
    "postgresql://app:Tkn%zz9xQ@127.0.0.1:1/monolith",      # bad %-escape (libpq quotes it)
    "postgresql://app:Tkn@9xQ@127.0.0.1:1/monolith",        # '@' in the password
    "postgresql://app:Tkn/9xQ@127.0.0.1:1/monolith",        # '/' in the password
    "host=127.0.0.1 port=1 password=Tkn 9xQ=z",             # unquoted space in key=value
]

# (command, the variable it must blame)
COMMANDS = [
    (["cdc", "apply", "--context", "inventory"], "STRANGLER_MONOLITH_DSN"),
    (["cdc", "apply", "--context", "inventory"], "STRANGLER_INVENTORY_DSN"),
    (["cdc", "preflight", "--context", "inventory"], "STRANGLER_MONOLITH_DSN"),
    (["cdc", "connectors", "delete", "--context", "inventory", "--drop-slot"],
     "STRANGLER_MONOLITH_DSN"),
    (["cdc", "lag"], "STRANGLER_INVENTORY_DSN"),
    (["seed", "--items", "1"], "STRANGLER_MONOLITH_DSN"),
    (["seed", "--target", "inventory", "--items", "1"], "STRANGLER_INVENTORY_DSN"),
    (["apps", "run", "monolith", "--port", "0"], "STRANGLER_MONOLITH_DSN"),
    (["apps", "run", "inventory", "--port", "0"], "STRANGLER_INVENTORY_DSN"),
    (["demo"], "STRANGLER_INVENTORY_DSN"),
]

CASES = [(args, variable, HOSTILE[i % len(HOSTILE)])
         for i, (args, variable) in enumerate(COMMANDS)]
CASES += [(COMMANDS[0][0], COMMANDS[0][1], dsn) for dsn in HOSTILE[1:]]


def strangler(args: list[str], env: dict[str, str], cwd: Path = ROOT,
              timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "strangler.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=timeout, env=env)


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("STRANGLER_", "PG"))}
    state = tmp_path / "no-stack"
    state.mkdir(exist_ok=True)
    return {**env, "STRANGLER_STATE_DIR": str(state), **extra}


@pytest.mark.parametrize("args,variable,dsn", CASES)
def test_malformed_dsn_variable_is_named_and_never_echoed(
        tmp_path: Path, args: list[str], variable: str, dsn: str) -> None:
    env = clean_env(tmp_path, STRANGLER_MONOLITH_DSN=NOWHERE, STRANGLER_INVENTORY_DSN=NOWHERE,
                    STRANGLER_BOOTSTRAP_SERVERS="127.0.0.1:1",
                    STRANGLER_CONNECT_URL="http://127.0.0.1:1")
    env[variable] = dsn
    result = strangler(args, env)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {variable}: "), output
    assert "--dsn" not in output           # nobody passed --dsn: blame the variable
    assert "Tkn" not in output and "9x" not in output


def test_malformed_dsn_option_is_blamed_as_the_option(tmp_path: Path) -> None:
    result = strangler(["seed", "--items", "1", "--dsn", HOSTILE[1]], clean_env(tmp_path))
    assert result.returncode == 2
    assert "'--dsn'" in result.stderr and "unencoded '@'" in result.stderr
    assert "Tkn" not in result.stderr + result.stdout and "Traceback" not in result.stderr


def test_database_errors_reaching_the_cli_boundary_are_redacted() -> None:
    # libpq quotes a connection string's pieces in some errors: whatever escapes the
    # commands' own translation is still printed through `redact`.
    exc = psycopg.OperationalError(
        "could not connect: postgresql://app:Tkn9xQ@h/db (host=h password='Tkn 9xQ')")
    failure = explain(exc)
    assert failure is not None
    message, code = failure
    assert code == 3 and "Tkn" not in message and "app:***@h/db" in message
