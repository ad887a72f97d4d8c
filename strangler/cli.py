"""The `strangler` command line: a thin layer over the library APIs.

Exit codes: 0 success, 1 a check found problems, 2 usage or config error, 3 runtime failure.
Errors go to stderr without a stack trace; commands that a machine reads offer `--json`.
"""

from __future__ import annotations

import sys

import click

from cdc.cli import cdc
from cdc.errors import CdcError
from strangler.apps import apps
from strangler.errors import StranglerError
from strangler.loadgen import load
from strangler.seed import seed
from strangler.stack.cli import stack


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="strangler")
def cli() -> None:
    """Strangler-fig migration gateway and CDC toolkit."""


for command in (stack, seed, load, apps, cdc):
    cli.add_command(command)


@cli.command()
@click.option("--state-dir", type=click.Path(file_okay=False), default=None,
              help="Stack state dir (default: $STRANGLER_STATE_DIR or .strangler/).")
def demo(state_dir: str | None) -> int:
    """Bring the local stack up and run the CDC smoke run, printing events as they arrive."""
    from strangler.smoke import run_smoke
    from strangler.stack.runner import LocalStack

    local = LocalStack.from_env(state_dir)
    local.up(say=click.echo)
    click.echo("CDC smoke run: monolith PostgreSQL -> Debezium -> broker")
    events = run_smoke(local, say=click.echo)
    click.echo(f"CDC smoke run passed: {len(events)} change events in order "
               f"(snapshot reads, insert, update, delete)")
    click.echo("the stack keeps running: `strangler stack status`, `strangler stack down`")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        rv = cli.main(args=argv, prog_name="strangler", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2
    except (StranglerError, CdcError) as exc:
        click.echo(f"error: {exc}", err=True)
        return int(getattr(exc, "exit_code", 3))
    except KeyboardInterrupt:
        return 130
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
