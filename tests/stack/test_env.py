"""`eval "$(strangler stack env)"` in a real shell, then the documented commands, against the
test stack: they work (libpq, psql, psycopg and Debezium's config all get the password from
`PGPASSFILE`) and nothing printed on the way contains the password.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import yaml

from strangler.stack.runner import LocalStack
from tests.support import unique

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
set -euo pipefail
strangler() { "$PYTHON" -m strangler.cli "$@"; }
env_output="$(strangler stack env --state-dir "$STATE_DIR")"
echo "$env_output"
eval "$env_output"
echo "mode of PGPASSFILE: $(stat -c %a "$PGPASSFILE")"
psql "$STRANGLER_MONOLITH_DSN" -X -Atc "select 'psql as ' || current_user"
export STRANGLER_MONOLITH_DSN="${STRANGLER_MONOLITH_DSN%/*}/$SCRATCH_DB"
strangler seed --items 50
strangler cdc lag --config "$ROUTES" --context "$CONTEXT"
strangler cdc connectors apply --config "$ROUTES" --context "$CONTEXT"
strangler cdc connectors status --config "$ROUTES" --context "$CONTEXT"
strangler cdc connectors delete --config "$ROUTES" --context "$CONTEXT" --drop-slot
echo "all commands succeeded"
"""


@pytest.fixture
def scratch(stack: LocalStack, tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    """A database of its own on the monolith server and a routes file syncing its items."""
    tag = unique("envt")
    database, context = tag, tag.replace("_", "")
    with psycopg.connect(stack.monolith_dsn, autocommit=True) as conn:
        conn.execute(f'create database "{database}"')
    sync = {"source": "monolith", "target": "inventory", "topic_prefix": tag,
            "slot": f"{tag}_slot", "fence_table": f"public.{tag}_fence",
            "tables": [{"source": "public.inventory_items", "target": "stock_items"}]}
    routes = tmp_path / "routes.yaml"
    routes.write_text(yaml.safe_dump({"contexts": {context: {"sync": sync}}}))
    yield database, routes, context
    with psycopg.connect(stack.monolith_dsn, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{database}" with (force)')


def test_eval_stack_env_then_the_documented_commands_work_without_the_password(
        stack: LocalStack, scratch: tuple[str, Path, str]) -> None:
    database, routes, context = scratch
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRANGLER_", "PG"))}
    result = subprocess.run(
        ["bash", "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**env, "PYTHON": sys.executable, "STATE_DIR": str(stack.state_dir),
             "SCRATCH_DB": database, "ROUTES": str(routes), "CONTEXT": context})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "all commands succeeded" in output and "psql as strangler" in output
    assert f"seeded monolith at postgresql://strangler@127.0.0.1:{stack.monolith_pg.port}/" \
           f"{database}: 50 items" in output
    assert f"connector {context}-forward created: RUNNING" in output  # Debezium logged in
    assert "mode of PGPASSFILE: 600" in output
    assert stack.state.password not in output
    assert "Traceback" not in output


def test_show_secrets_prints_the_literal_password(stack: LocalStack) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "strangler.cli", "stack", "env", "--show-secrets", "--state-dir",
         str(stack.state_dir)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert f"strangler:{stack.state.password}@" in result.stdout
    assert "PGPASSFILE=" in result.stdout
    assert stat.S_IMODE(stack.pgpass_file.stat().st_mode) == 0o600


def test_env_of_a_stack_never_started_is_an_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "strangler.cli", "stack", "env", "--state-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 3 and result.stdout == ""
    assert "no local stack was started" in result.stderr and "strangler stack up" in result.stderr
