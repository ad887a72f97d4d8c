"""`strangler apps run monolith | inventory`: the sample apps as processes of their own.

Owns how an app process is configured (CLI flags, then environment, then the running local
stack) and how it reports: one `... listening on http://HOST:PORT` line on stderr once it
serves (with `--port 0` the kernel picks the port and that line names it), errors on stderr
without a stack trace, exit 0 after a graceful SIGTERM/SIGINT shutdown, 3 when it cannot start.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click
from aiohttp import web

from sample_services.web import DEFAULT_MAX_BODY, redact, serve

__all__ = ["apps", "resolve_dsn"]

DSN_ENV = {"monolith": "STRANGLER_MONOLITH_DSN", "inventory": "STRANGLER_INVENTORY_DSN"}


def resolve_dsn(explicit: str | None, target: str) -> str:
    """--dsn, else $STRANGLER_<TARGET>_DSN, else the running local stack's DSN."""
    if explicit:
        dsn = explicit
    elif os.environ.get(DSN_ENV[target]):
        dsn = os.environ[DSN_ENV[target]]
    else:
        from strangler.stack.runner import LocalStack

        stack = LocalStack.from_env()
        if not (stack.state_dir / "stack.json").exists():
            raise click.UsageError(
                f"no database given: pass --dsn, set {DSN_ENV[target]}, or start the local "
                "stack (strangler stack up)")
        dsn = stack.monolith_dsn if target == "monolith" else stack.service_dsn(target)
    if not dsn.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        raise click.BadParameter("must be a postgresql:// DSN", param_hint="--dsn")
    return dsn


def _check_url(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise click.BadParameter("must be an http(s)://HOST[:PORT][/PATH] URL", param_hint=name)
    return value.rstrip("/")


def _run(app: web.Application, *, host: str, port: int, name: str, dsn: str) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                        "%(message)s")
    runner: Callable[[Coroutine[Any, Any, None]], None] = asyncio.run
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover - uvloop is optional on some platforms
        pass
    try:
        runner(serve(app, host=host, port=port, name=name))
    except OSError as exc:
        click.echo(f"error: {name} cannot listen on {host}:{port}: {exc.strerror or exc}",
                   err=True)
        return 3
    except Exception as exc:  # start-up failure (database unreachable, bad schema, ...)
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        click.echo(f"error: {name} failed to start against {redact(dsn)}: {detail}", err=True)
        return 3
    return 0


common = [
    click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind."),
    click.option("--dsn", default=None, help="PostgreSQL DSN (default: env, then local stack)."),
    click.option("--max-body", type=click.IntRange(256, 16 * 1024 * 1024),
                 default=DEFAULT_MAX_BODY, show_default=True,
                 help="Largest request body accepted, in bytes."),
    click.option("--lock-timeout", "lock_timeout_ms", type=click.IntRange(1, 600_000),
                 default=5000, show_default=True,
                 help="Milliseconds a request may wait for a row lock before it gets 503."),
]


F = TypeVar("F", bound=Callable[..., Any])


def _with_common(default_port: int) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        for option in reversed(common):
            func = option(func)
        return click.option(
            "--port", type=click.IntRange(0, 65535), default=default_port, show_default=True,
            help="Port to bind; 0 lets the kernel choose (printed on stderr).")(func)
    return decorate


@click.group()
def apps() -> None:
    """The sample monolith and the inventory service."""


@apps.group()
def run() -> None:
    """Run one sample app in the foreground until SIGTERM / Ctrl-C."""


@run.command()
@_with_common(8081)
@click.option("--inventory-api", default=None, metavar="URL",
              help="Send the order module's inventory calls to this inventory API "
                   "(default: the monolith's own tables).")
def monolith(host: str, port: int, dsn: str | None, max_body: int, lock_timeout_ms: int,
             inventory_api: str | None) -> int:
    """The e-commerce monolith (customers, inventory, orders)."""
    from sample_monolith.app import Settings, create_app

    dsn = resolve_dsn(dsn, "monolith")
    settings = Settings(dsn=dsn, inventory_api=_check_url(inventory_api, "--inventory-api"),
                        max_body=max_body, lock_timeout_ms=lock_timeout_ms)
    return _run(create_app(settings), host=host, port=port, name="monolith", dsn=dsn)


@run.command()
@_with_common(8082)
def inventory(host: str, port: int, dsn: str | None, max_body: int,
              lock_timeout_ms: int) -> int:
    """The inventory microservice."""
    from sample_services.inventory.app import Settings, create_app

    dsn = resolve_dsn(dsn, "inventory")
    settings = Settings(dsn=dsn, max_body=max_body, lock_timeout_ms=lock_timeout_ms)
    return _run(create_app(settings), host=host, port=port, name="inventory", dsn=dsn)
