"""`strangler stack up | status | down | env`: the local stack from the command line."""

from __future__ import annotations

import json
import shlex

import click

from strangler import dsn
from strangler.errors import StackError
from strangler.stack.runner import LocalStack

state_dir_option = click.option(
    "--state-dir", type=click.Path(file_okay=False), default=None,
    help="Where data, logs and PID files live (default: $STRANGLER_STATE_DIR or .strangler/).")


def _print_table(rows: list[dict[str, object]], heading: str = "component") -> None:
    width = max([12, *(len(str(row["name"])) for row in rows)])
    click.echo(f"{heading:<{width}} {'pid':>7} {'port':>6}  {'health':<9} detail")
    for row in rows:
        health = ("skipped" if row.get("skipped") else
                  "healthy" if row["healthy"] else "UNHEALTHY")
        pid = row["pid"] if row["pid"] is not None else "-"
        port = row["port"] if row["port"] is not None else "-"
        click.echo(f"{row['name']:<{width}} {pid:>7} {port:>6}  {health:<9} {row['detail']}")


@click.group()
def stack() -> None:
    """Run the local stack (PostgreSQL x2, Kafka-protocol broker, Kafka Connect + Debezium,
    the stack's exporter and Prometheus)."""


@stack.command()
@state_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the final status as JSON.")
def up(state_dir: str | None, as_json: bool) -> int:
    """Start every component that is not running (idempotent)."""
    local = LocalStack.from_env(state_dir)
    rows = [r.as_dict() for r in local.up(say=lambda m: click.echo(m, err=as_json))]
    if as_json:
        click.echo(json.dumps({"state_dir": str(local.state_dir), "components": rows}, indent=2))
    else:
        _print_table(rows)
    return 0 if all(r["healthy"] for r in rows) else 1


@stack.command()
@state_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
def status(state_dir: str | None, as_json: bool) -> int:
    """Show every component with PID, port and health. Exit 1 if any is unhealthy."""
    local = LocalStack.from_env(state_dir)
    rows = [r.as_dict() for r in local.status()]
    apps = [r.as_dict() for r in local.app_status()]
    healthy = all(r["healthy"] for r in rows + apps)
    if as_json:
        click.echo(json.dumps({"state_dir": str(local.state_dir), "healthy": healthy,
                               "components": rows, "apps": apps}, indent=2))
    else:
        click.echo(f"state dir: {local.state_dir}")
        _print_table(rows)
        click.echo("")
        if apps:
            _print_table(apps, heading="app")
        else:
            click.echo("apps: none started (`strangler demo` starts the applier)")
    return 0 if healthy else 1


@stack.command()
@state_dir_option
def down(state_dir: str | None) -> int:
    """Stop everything this stack started (harmless when nothing runs)."""
    LocalStack.from_env(state_dir).down(say=click.echo)
    return 0


@stack.command()
@state_dir_option
@click.option("--show-secrets", is_flag=True,
              help="Put the password into the DSNs instead of relying on PGPASSFILE.")
def env(state_dir: str | None, show_secrets: bool) -> int:
    """Print the stack's addresses as shell exports, for `eval "$(strangler stack env)"`.

    The DSNs carry no password: `PGPASSFILE` names the stack's password file (mode 0600), which
    libpq, psql, psycopg and the strangler commands read.
    """
    local = LocalStack.from_env(state_dir)
    if not local.started:
        raise StackError(f"no local stack was started in {local.state_dir}: "
                         "run `strangler stack up` first")
    mono, svc = local.monolith_pg, local.services_pg
    values = {
        "STRANGLER_MONOLITH_DSN": mono.dsn(with_password=show_secrets),
        **{dsn.variable(name): svc.dsn(name, with_password=show_secrets)
           for name in local.SERVICE_DBS},
        "STRANGLER_BOOTSTRAP_SERVERS": local.bootstrap_servers,
        "STRANGLER_CONNECT_URL": local.connect_url,
        "STRANGLER_PROMETHEUS_URL": local.prometheus_url,
        "PGPASSFILE": str(local.write_pgpass()),
    }
    for key, value in values.items():
        click.echo(f"export {key}={shlex.quote(value)}")
    return 0
