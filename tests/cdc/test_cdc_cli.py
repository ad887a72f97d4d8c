"""`cdc preflight` and `cdc connectors ...` through click, against the real stack.

The group is invoked standalone (exit codes as a shell sees them) and, once, the way the
`strangler` CLI embeds it (`standalone_mode=False`, the command returns its code).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import yaml
from click.testing import CliRunner, Result

from cdc.cli import cdc
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from tests.support import execute, unique


@pytest.fixture
def env(stack: LocalStack) -> dict[str, str]:
    return {
        "STRANGLER_MONOLITH_DSN": stack.monolith_dsn,
        "STRANGLER_INVENTORY_DSN": stack.service_dsn("inventory"),
        "STRANGLER_CONNECT_URL": stack.connect_url,
        "STRANGLER_BOOTSTRAP_SERVERS": stack.bootstrap_servers,
    }


@pytest.fixture
def routes(stack: LocalStack, tmp_path: Path) -> Iterator[tuple[Path, str, str, str]]:
    """A routes file with one context syncing two fresh tables: (path, context, tag, table)."""
    tag = unique("cli")
    table, nokey = f"{tag}_items", f"{tag}_nokey"
    execute(stack.monolith_dsn, f"create table {table} (id int primary key, body text)",
            f"insert into {table} values (1, 'x')", f"create table {nokey} (a int not null)")
    # The targets fit the mapping (`cdc preflight` compares it with both schemas).
    execute(stack.service_dsn("inventory"), f"create table {table} (id int primary key, body text)",
            f"create table {nokey} (a int primary key)")
    context = tag.replace("_", "")
    sync = {"source": "monolith", "target": "inventory", "topic_prefix": tag,
            "slot": f"{tag}_slot", "fence_table": f"public.{tag}_fence",
            "signal_table": f"public.{tag}_signal",
            "tables": [{"source": table, "target": table}]}
    broken = {**sync, "tables": [*sync["tables"], {"source": nokey, "target": nokey}]}
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump({"contexts": {context: {"sync": sync},
                                                 "broken": {"sync": broken}}}))
    yield path, context, tag, table
    with psycopg.connect(stack.monolith_dsn, autocommit=True) as conn:
        for name in (table, nokey, f"{tag}_fence", f"{tag}_signal"):
            conn.execute(f"drop table if exists {name}")
    execute(stack.service_dsn("inventory"), f"drop table {table}", f"drop table {nokey}")


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cdc, list(args), env=env, catch_exceptions=False)


def test_preflight_and_connector_lifecycle_through_the_cli(
        stack: LocalStack, env: dict[str, str], routes: tuple[Path, str, str, str]) -> None:
    path, context, tag, table = routes
    where = ["--context", context, "--config", str(path)]
    try:
        result = run(env, "preflight", *where, "--json")
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["ok"] is True and report["connector"] == f"{context}-forward"
        assert {f["check"] for f in report["findings"] if f["level"] == "warning"} == {"toast"}

        result = run(env, "connectors", "apply", *where)
        assert result.exit_code == 0, result.output
        assert f"created fence table public.{tag}_fence" in result.stdout
        assert f"connector {context}-forward created: RUNNING" in result.stdout
        assert "[toast]" in result.stderr                 # warnings shown, not fatal

        result = run(env, "connectors", "apply", *where, "--json")
        assert result.exit_code == 0, result.output
        applied = json.loads(result.stdout)
        assert applied["created"] is False and applied["state"] == "RUNNING"
        assert applied["config"]["database.password"] == "***"

        result = run(env, "connectors", "status", *where, "--json")
        assert result.exit_code == 0, result.output
        status = json.loads(result.stdout)
        assert status["healthy"] and status["connector"]["state"] == "RUNNING"
        assert status["slot_name"] == f"{tag}_slot" and status["publication_exists"]

        assert run(env, "connectors", "pause", *where).stdout.strip().endswith("PAUSED")
        paused = run(env, "connectors", "status", *where)
        assert paused.exit_code == 1 and "PAUSED" in paused.stdout
        assert f"slot {tag}_slot:" in paused.stdout
        assert run(env, "connectors", "resume", *where).exit_code == 0
        restarted = run(env, "connectors", "restart", *where, "--json")
        assert restarted.exit_code == 0 and json.loads(restarted.stdout)["state"] == "RUNNING"

        offsets = run(env, "connectors", "offsets", *where, "--json")
        assert offsets.exit_code == 0 and json.loads(offsets.stdout)["name"] == f"{context}-forward"

        deleted = run(env, "connectors", "delete", *where, "--drop-slot", "--json")
        assert deleted.exit_code == 0, deleted.output
        assert json.loads(deleted.stdout) == {
            "name": f"{context}-forward", "deleted": True, "offsets_reset": True,
            "slot_dropped": True, "publication_dropped": True}
        gone = run(env, "connectors", "status", *where)
        assert gone.exit_code == 1 and "not found in Kafka Connect" in gone.stdout
        assert "does not exist" in gone.stdout
    finally:
        run(env, "connectors", "delete", *where, "--drop-slot")
    for result in (paused, gone):
        assert stack.state.password not in result.output


def test_preflight_errors_exit_1_and_apply_creates_nothing(
        stack: LocalStack, env: dict[str, str], routes: tuple[Path, str, str, str]) -> None:
    path, _, tag, _ = routes
    where = ["--context", "broken", "--config", str(path)]
    result = run(env, "preflight", *where)
    assert result.exit_code == 1
    assert f"ERROR    tables             table public.{tag}_nokey has no primary key" in (
        result.stdout)
    assert "1 error(s), 1 warning(s)" in result.stdout

    result = run(env, "connectors", "apply", *where)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: preflight of connector 'broken-forward'")
    assert f"  - [tables] table public.{tag}_nokey has no primary key" in result.stderr
    assert "Traceback" not in result.output
    absent = run(env, "connectors", "status", *where, "--json")
    assert absent.exit_code == 1 and json.loads(absent.stdout)["connector"] is None


def test_usage_and_config_errors_exit_2(env: dict[str, str],
                                        routes: tuple[Path, str, str, str]) -> None:
    path, context, _, _ = routes
    result = run(env, "preflight", "--context", "nowhere", "--config", str(path))
    assert result.exit_code == 2
    assert result.stderr == (f"error: {path}: contexts.nowhere.sync: missing "
                             "(context 'nowhere' has no sync)\n")
    result = run(env, "connectors", "apply", "--context", context, "--config", str(path),
                 "--direction", "reverse")
    assert result.exit_code == 2 and f"contexts.{context}.sync.reverse" in result.stderr
    result = run(env, "connectors", "status", "--context", context, "--config",
                 str(path.parent / "missing.yaml"))
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = run(env, "connectors", "status", "--context", context, "--direction", "sideways")
    assert result.exit_code == 2 and "sideways" in result.stderr
    result = run(env, "connectors", "frobnicate")
    assert result.exit_code == 2


def test_unreachable_connect_exits_3_and_embedding_returns_the_code(
        env: dict[str, str], routes: tuple[Path, str, str, str]) -> None:
    path, context, _, _ = routes
    down = {**env, "STRANGLER_CONNECT_URL": f"http://127.0.0.1:{free_port()}"}
    args = ["connectors", "status", "--context", context, "--config", str(path)]
    result = run(down, *args)
    assert result.exit_code == 3
    assert result.stderr.startswith("error: Kafka Connect at http://127.0.0.1:")
    # As the `strangler` CLI runs it: no SystemExit, the command returns its exit code.
    embedded = CliRunner().invoke(cdc, args, env=down, standalone_mode=False)
    assert embedded.exception is None and embedded.return_value == 3
