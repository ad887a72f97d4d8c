"""The `gateway` command group: `check`, `diff`, `run` and `replay`.

Thin layer over the library. Exit codes: 0 success (for `diff`: no routing change), 1 `diff`
found routing changes / `replay` found mismatches / `check --live` found mapping errors, 2
usage or config error, 3 runtime failure. `check` is offline unless `--live` is given: a
validation in CI must not depend on which databases happen to be reachable. Errors go to
stderr without a stack trace. Commands return their exit code, so the group works both
standalone (`python -m gateway.cli`) and inside the `strangler` CLI (`standalone_mode=False`).
"""

from __future__ import annotations

import ipaddress
import json
import os
from typing import Any

import click

from cdc.errors import CdcError
from cdc.preflight import Finding
from gateway.auth import AdminToken
from gateway.config import GatewayConfig, LoadedConfig, load_config
from gateway.errors import ConfigError, GatewayError
from gateway.routing import serving
from strangler.click_group import ExitCodeGroup
from strangler.errors import StranglerError

__all__ = ["gateway"]

TOKEN_ENV = "STRANGLER_ADMIN_TOKEN"


@click.group(cls=ExitCodeGroup, name="gateway",
             context_settings={"help_option_names": ["-h", "--help"]})
def gateway() -> None:
    """The strangler gateway: validate and compare routes files, run the gateway."""


def _print_config_error(exc: ConfigError) -> None:
    problems = getattr(exc, "problems", None) or [(exc.path, exc.problem, exc.line)]
    for path, problem, line in problems:
        where = f"{path}: " if path else ""
        at = f" (line {line})" if line else ""
        click.echo(f"error: {where}{problem}{at}", err=True)


def _load(path: str) -> LoadedConfig | None:
    try:
        return load_config(path)
    except ConfigError as exc:
        _print_config_error(exc)
        return None


@gateway.command()
@click.argument("routes_yaml", type=click.Path(dir_okay=False))
@click.option("--live", is_flag=True,
              help="Also compare each context's sync mapping with the live source and target "
                   "schemas (both directions; connects to the databases, read-only).")
@click.option("--state-dir", type=click.Path(file_okay=False), default=None,
              help="With --live: the local stack's state dir, when no STRANGLER_<DB>_DSN "
                   "variables are set.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check(routes_yaml: str, live: bool, state_dir: str | None, as_json: bool) -> int:
    """Validate ROUTES_YAML (offline). Exit 0 when valid, 2 when not (errors name the path and
    line). With --live, also check the sync mappings against the databases: exit 1 when that
    finds errors, 3 when a database does not answer."""
    try:
        loaded = load_config(routes_yaml)
    except ConfigError as exc:
        if as_json:
            problems = getattr(exc, "problems", None) or [(exc.path, exc.problem, exc.line)]
            click.echo(json.dumps({"valid": False, "errors": [
                {"path": p, "problem": m, "line": ln} for p, m, ln in problems]}))
        _print_config_error(exc)
        return 2
    cfg = loaded.config
    findings: list[Finding] = []
    if live:
        try:
            findings = _live_findings(loaded, state_dir)
        except (CdcError, StranglerError) as exc:
            click.echo(f"error: {exc}", err=True)
            return int(getattr(exc, "exit_code", 3))
    errors = [f for f in findings if f.level == "error"]
    if as_json:
        result: dict[str, Any] = {"valid": True, "version": loaded.version, "contexts": {
            n: c.stage.value for n, c in cfg.contexts.items()}}
        if live:
            result["live"] = {"errors": len(errors), "findings": [
                f.as_dict() for f in findings if f.level != "ok"]}
        click.echo(json.dumps(result))
        return 1 if errors else 0
    click.echo(f"ok: {routes_yaml} (version {loaded.version}): {len(cfg.upstreams)} "
               f"upstream(s), {len(cfg.contexts)} context(s), default upstream "
               f"{cfg.default_upstream}")
    store = cfg.stage_store
    if store.kind == "postgres":
        click.echo(f"  live stages: table {store.schema_name}.stages (DSN from "
                   f"${store.dsn_variable}); the stages below only seed it")
    for name, ctx in cfg.contexts.items():
        reads, writes = serving(cfg, name)
        click.echo(f"  {name}: stage {ctx.stage}, {len(ctx.routes)} route(s); "
                   f"reads -> {reads}; writes -> {writes}")
    if live:
        for finding in findings:
            if finding.level != "ok":
                click.echo(f"{finding.level}: [{finding.check}] {finding.message}", err=True)
        warnings = sum(f.level == "warning" for f in findings)
        click.echo(f"live schemas: {len(errors)} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def _live_findings(loaded: LoadedConfig, state_dir: str | None) -> list[Finding]:
    """The mapping checks of every context's sync, in each configured direction."""
    from cdc.config import ConfigLines, Direction
    from cdc.endpoints import Endpoints
    from cdc.mapping_check import check_live

    lines = ConfigLines(loaded.source, loaded.locations)
    endpoints = Endpoints(state_dir)
    findings: list[Finding] = []
    for name, ctx in loaded.config.contexts.items():
        if ctx.sync is None:
            continue
        for which in ("forward", "reverse") if ctx.sync.reverse else ("forward",):
            direction = Direction(name, ctx.sync, which, lines=lines)
            findings += check_live(direction, source_dsn=endpoints.dsn(direction.source_db),
                                   target_dsn=endpoints.dsn(direction.target_db))
    return findings


def _route_map(cfg: GatewayConfig) -> dict[str, tuple[str, str, str, str]]:
    out = {}
    for name, ctx in cfg.contexts.items():
        reads, writes = serving(cfg, name)
        for route in ctx.routes:
            method = route.split()[0]
            target = writes if method not in ("GET", "HEAD", "OPTIONS") else reads
            if method == "*":
                target = f"reads -> {reads}; writes -> {writes}"
            out[route] = (name, ctx.stage.value, target, route)
    return out


@gateway.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
def diff(old: str, new: str, as_json: bool) -> int:
    """Show which routes change where between OLD and NEW.

    Exit 0 when routing is unchanged, 1 when it changes, 2 when a file is invalid."""
    a, b = _load(old), _load(new)
    if a is None or b is None:
        return 2
    ca, cb = a.config, b.config
    changes: list[dict[str, Any]] = []
    ra, rb = _route_map(ca), _route_map(cb)
    for route in sorted(ra.keys() | rb.keys()):
        x, y = ra.get(route), rb.get(route)
        if x == y:
            continue
        changes.append({
            "route": route,
            "context": (y or x)[0],  # type: ignore[index]
            "old": None if x is None else {"stage": x[1], "served_by": x[2], "context": x[0]},
            "new": None if y is None else {"stage": y[1], "served_by": y[2], "context": y[0]},
        })
    other: list[str] = []
    if ca.default_upstream != cb.default_upstream:
        other.append(f"default_upstream: {ca.default_upstream} -> {cb.default_upstream}")
    for name in sorted(ca.upstreams.keys() | cb.upstreams.keys()):
        ua, ub = ca.upstreams.get(name), cb.upstreams.get(name)
        if ua != ub:
            other.append(f"upstreams.{name}: {ua.url if ua else 'absent'} -> "
                         f"{ub.url if ub else 'absent'}"
                         + (" (settings changed)" if ua and ub and ua.url == ub.url else ""))
    if as_json:
        click.echo(json.dumps({"old_version": a.version, "new_version": b.version,
                               "routes": changes, "other": other}, indent=2))
    else:
        if not changes and not other:
            click.echo("no routing changes")
        for c in changes:
            o, n = c["old"], c["new"]
            if o is None:
                click.echo(f"+ {c['route']}  [{n['context']}, {n['stage']}] -> {n['served_by']}")
            elif n is None:
                click.echo(f"- {c['route']}  [{o['context']}, {o['stage']}] "
                           f"(was {o['served_by']}; now default upstream "
                           f"{cb.default_upstream})")
            elif o["served_by"] == n["served_by"]:
                click.echo(f"= {c['route']}  [{n['context']}] stage {o['stage']} -> "
                           f"{n['stage']}: still {n['served_by']}")
            else:
                click.echo(f"~ {c['route']}  [{n['context']}] stage {o['stage']} -> "
                           f"{n['stage']}: {o['served_by']} -> {n['served_by']}")
        for line in other:
            click.echo(f"~ {line}")
    return 1 if changes or other else 0


@gateway.command()
@click.argument("mismatches", type=click.Path(dir_okay=False, exists=True))
@click.option("--config", "config_path", default="routes.yaml", show_default=True,
              type=click.Path(dir_okay=False), help="Routes file naming the upstreams.")
@click.option("--limit", type=click.IntRange(1), help="Replay at most this many records.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def replay(mismatches: str, config_path: str, limit: int | None, as_json: bool) -> int:
    """Re-send sampled shadow mismatches (MISMATCHES, JSONL) to legacy and service and diff
    again. Exit 0 when all now match, 1 when some still differ, 3 when upstreams failed."""
    from pathlib import Path

    from gateway.replay import run_replay

    loaded = _load(config_path)
    if loaded is None:
        return 2
    results = run_replay(loaded.config, Path(mismatches), limit)
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in results], indent=2, default=list))
    else:
        for r in results:
            extra = f" {', '.join(r.differences)}" if r.differences else ""
            extra += f" ({r.detail})" if r.detail else ""
            click.echo(f"line {r.line}: {r.outcome:9} {r.method} {r.path}{extra}")
        counts = {o: sum(r.outcome == o for r in results)
                  for o in ("match", "mismatch", "error", "skipped")}
        click.echo(", ".join(f"{v} {k}" for k, v in counts.items()))
    if any(r.outcome == "error" for r in results):
        return 3
    return 1 if any(r.outcome == "mismatch" for r in results) else 0


def _hostport(value: str, what: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise click.BadParameter(f"{what} must be HOST:PORT, e.g. 127.0.0.1:8080")
    host = host.strip("[]")
    p = int(port)
    if not 0 <= p <= 65535:
        raise click.BadParameter(f"{what}: port must be 0..65535")
    return host, p


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@gateway.command()
@click.option("--config", "config_path", default="routes.yaml", show_default=True,
              type=click.Path(dir_okay=False), help="The routes file (watched for changes).")
@click.option("--listen", default="127.0.0.1:8080", show_default=True,
              help="HOST:PORT of the data plane.")
@click.option("--admin-listen", default="127.0.0.1:8079", show_default=True,
              help="HOST:PORT of the admin API and /metrics.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes sharing the data port (SO_REUSEPORT).")
@click.option("--admin-token-file", type=click.Path(dir_okay=False),
              help=f"File holding the admin bearer token (default: env {TOKEN_ENV}).")
@click.option("--no-admin", is_flag=True, help="Do not start the admin API.")
@click.option("--allow-remote-admin", is_flag=True,
              help="Allow a non-loopback admin address (put TLS in front of it).")
@click.option("--watch-interval", default=0.25, show_default=True,
              type=click.FloatRange(0.05, 3600),
              help="Seconds between polls of the routes file (SIGHUP and POST /admin/reload "
                   "reload at once; workers pick up each other's stage changes by polling).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"]))
def run(config_path: str, listen: str, admin_listen: str, workers: int,
        admin_token_file: str | None, no_admin: bool, allow_remote_admin: bool,
        watch_interval: float, log_level: str) -> int:
    """Start the gateway (Ctrl-C or SIGTERM stops it; SIGHUP reloads the config)."""
    from gateway.stage_store import control_dsn
    from gateway.workers import RunSettings, run_single, supervise

    host, port = _hostport(listen, "--listen")
    ahost, aport = _hostport(admin_listen, "--admin-listen")
    loaded = _load(config_path)
    if loaded is None:
        return 2
    if loaded.config.stage_store.kind == "postgres":
        try:
            control_dsn(loaded.config)  # a missing or malformed DSN: a config error, now
        except ConfigError as exc:
            _print_config_error(exc)
            return 2
    token: AdminToken | None = None
    if not no_admin:
        if not _is_loopback(ahost) and not allow_remote_admin:
            click.echo(f"error: --admin-listen {admin_listen} is not a loopback address; "
                       "pass --allow-remote-admin to expose the admin API", err=True)
            return 2
        try:
            if admin_token_file:
                token = AdminToken.from_file(admin_token_file)
            elif os.environ.get(TOKEN_ENV):
                token = AdminToken(os.environ[TOKEN_ENV])
            else:
                click.echo(f"error: the admin API needs a token: set {TOKEN_ENV} or pass "
                           "--admin-token-file (or --no-admin)", err=True)
                return 2
        except ConfigError as exc:
            click.echo(f"error: {exc.message}", err=True)
            return 2
    settings = RunSettings(config_path, host, port, ahost, None if no_admin else aport,
                           watch_interval=watch_interval, log_level=log_level)
    try:
        if workers == 1:
            return run_single(settings, token)
        return supervise(settings, token, workers)
    except OSError as exc:
        click.echo(f"error: cannot start the gateway: {exc.strerror or exc}", err=True)
        return 3
    except ConfigError as exc:
        _print_config_error(exc)
        return 2
    except GatewayError as exc:  # e.g. the stage store unreachable with nothing cached
        click.echo(f"error: {exc.message}", err=True)
        return 3


if __name__ == "__main__":
    gateway()
