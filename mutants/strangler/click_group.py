"""A click group for the project's CLIs whose standalone invocations exit with the code the
command returns (click itself ignores it), so `return 2` in a command is the process's status."""

from __future__ import annotations

import sys
from typing import Any

import click

__all__ = ["ExitCodeGroup"]


class ExitCodeGroup(click.Group):
    """Standalone invocations exit with the command's returned code (click ignores it)."""

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Abort:
            click.echo("aborted", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        sys.exit(rv if isinstance(rv, int) else 0)
