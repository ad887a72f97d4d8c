"""The `strangler` command line: a thin layer over the library APIs.

Exit codes: 0 success, 1 a check found problems, 2 usage or config error, 3 runtime failure.
Errors go to stderr without a stack trace; commands that a machine reads offer `--json`.
"""

from __future__ import annotations

import sys

import click

from cdc.cli import cdc
from cdc.verify.cli import verify
from gateway.cli import gateway
from phase.cli import phase
from strangler.apps import apps
from strangler.failures import report
from strangler.loadgen import load
from strangler.seed import seed
from strangler.stack.cli import stack


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="strangler")
def cli() -> None:
    """Strangler-fig migration gateway and CDC toolkit."""


for command in (stack, seed, load, apps, cdc, gateway, verify, phase):
    cli.add_command(command)


@cli.command()
@click.option("--config", "config_path", default="routes.yaml", show_default=True,
              type=click.Path(dir_okay=False, exists=True), help="The routes file.")
@click.option("--state-dir", type=click.Path(file_okay=False), default=None,
              help="Stack state dir (default: $STRANGLER_STATE_DIR or .strangler/).")
@click.option("--items", type=click.IntRange(1, 1_000_000), default=5000, show_default=True,
              help="Inventory items to seed into an empty monolith.")
@click.option("--walk/--no-walk", "stages", default=True, show_default=True,
              help="Walk inventory from legacy to retired through the gates under load.")
@click.option("--break", "break_row", is_flag=True,
              help="Corrupt a row in the service's store before the reads step: the "
                   "consistency gate refuses and names it, then a repair fixes it.")
@click.option("--keep", is_flag=True,
              help="Leave the monolith, service and gateway running and say where to look.")
@click.option("--rps", type=click.FloatRange(1, 1000), default=40.0, show_default=True,
              help="Requests per second through the gateway during the walk.")
def demo(config_path: str, state_dir: str | None, items: int, stages: bool, break_row: bool,
         keep: bool, rps: float) -> int:
    """The migration demo on the local stack: CDC smoke run, the inventory sync, then the
    walk of the inventory context from legacy to retired through the gates."""
    from pathlib import Path

    from strangler import dsn
    from strangler.demo import run_demo

    for database in ("monolith", "inventory"):
        dsn.from_env(database)  # a malformed DSN stops the demo before the stack starts
    report, walked = run_demo(Path(config_path), state_dir=state_dir, items=items,
                              say=click.echo, stages=stages, break_row=break_row, keep=keep,
                              rps=rps)
    return 0 if report.state == "healthy" else 1


def main(argv: list[str] | None = None) -> int:
    try:
        rv = cli.main(args=argv, prog_name="strangler", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return report(exc)
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
