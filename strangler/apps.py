"""`strangler apps run monolith | inventory`: the sample apps as processes of their own.

Owns how an app process is configured (CLI flags, then environment, then the running local
stack) and how it reports: one `... listening on http://HOST:PORT` line on stderr once it
serves (with `--port 0` the kernel picks the port and that line names it), errors on stderr
without a stack trace, exit 0 after a graceful SIGTERM/SIGINT shutdown, 3 when it cannot start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click
from aiohttp import web

from sample_services.web import DEFAULT_MAX_BODY, serve
from strangler import dsn as dsns

__all__ = ["apps", "resolve_dsn"]


def resolve_dsn(explicit: str | None, target: str) -> str:
    """--dsn, else $STRANGLER_<TARGET>_DSN, else the running local stack's DSN.

    A malformed value is a usage error naming where it came from (`--dsn` or the variable);
    no local stack either is a `StackError` naming the variable.
    """
    if explicit:
        try:
            return dsns.check(explicit, "--dsn", url_only=True)
        except dsns.DsnError as exc:
            raise click.BadParameter(exc.reason, param_hint="'--dsn'") from None
    return dsns.resolve(target, url_only=True)


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
    dsns.redact_logs()
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
        detail = (str(getattr(exc, "orig", None) or exc).strip() or type(exc).__name__)
        detail = detail.splitlines()[0]
        click.echo(f"error: {name} failed to start against {dsns.redact(dsn)}: "
                   f"{dsns.redact(detail)}", err=True)
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
                   "(default: the monolith's own tables). A port switched at run time "
                   "(POST /admin/inventory-port) is kept across restarts and wins over this.")
@click.option("--admin-token-file", type=click.Path(dir_okay=False), default=None,
              help="File holding the bearer token of /admin/inventory-port "
                   "(default: env STRANGLER_MONOLITH_ADMIN_TOKEN; neither: endpoint disabled).")
@click.option("--allow-remote-admin", is_flag=True,
              help="Accept /admin/inventory-port calls from non-loopback peers and proxies.")
def monolith(host: str, port: int, dsn: str | None, max_body: int, lock_timeout_ms: int,
             inventory_api: str | None, admin_token_file: str | None,
             allow_remote_admin: bool) -> int:
    """The e-commerce monolith (customers, inventory, orders)."""
    from sample_monolith.admin import AdminAccess
    from sample_monolith.app import Settings, create_app

    dsn = resolve_dsn(dsn, "monolith")
    try:
        access = AdminAccess.from_sources(admin_token_file, allow_remote=allow_remote_admin)
    except ValueError as exc:
        hint = "'--admin-token-file'" if admin_token_file else "STRANGLER_MONOLITH_ADMIN_TOKEN"
        raise click.BadParameter(str(exc), param_hint=hint) from None
    settings = Settings(dsn=dsn, inventory_api=_check_url(inventory_api, "--inventory-api"),
                        max_body=max_body, lock_timeout_ms=lock_timeout_ms, admin=access)
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
