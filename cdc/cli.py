"""The `cdc` command group: preflight checks and Debezium connector management.

    strangler cdc preflight --context inventory [--direction forward|reverse] [--json]
    strangler cdc connectors apply|status|pause|resume|restart|delete|offsets --context inventory

Thin layer over `cdc.preflight` and `cdc.connectors`. Exit codes: 0 success (preflight: no
errors, warnings allowed; status: connector RUNNING), 1 a check failed (preflight errors,
connector FAILED or absent), 2 usage or config error, 3 runtime failure (a worker or database
that does not answer, a connector that does not start). Errors go to stderr without a stack
trace; passwords are never printed. Commands return their exit code, so the group works inside
the `strangler` CLI (`standalone_mode=False`) and standalone (`python -m cdc.cli`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from cdc.config import Direction, load_direction, load_sync, sync_contexts
from cdc.connectors import ConnectorReport, Connectors
from cdc.endpoints import Endpoints
from cdc.errors import CdcConfigError, PreflightFailed
from cdc.preflight import Finding, PreflightReport, human_bytes
from strangler import dsn
from strangler.click_group import ExitCodeGroup
from strangler.failures import report

__all__ = ["cdc"]

F = TypeVar("F", bound=Callable[..., Any])


@click.group(cls=ExitCodeGroup, name="cdc",
             context_settings={"help_option_names": ["-h", "--help"]})
def cdc() -> None:
    """Change data capture: preflight checks and Debezium connectors (per context, direction)."""


def direction_options(fn: F) -> F:
    """--context/--direction/--config/--state-dir/--json, shared by every command here."""
    options = [
        click.option("--context", required=True, help="Bounded context, e.g. inventory."),
        click.option("--direction", type=click.Choice(["forward", "reverse"]),
                     default="forward", show_default=True,
                     help="forward: monolith -> service; reverse: service -> monolith."),
        click.option("--config", "config_path", default="routes.yaml", show_default=True,
                     type=click.Path(dir_okay=False),
                     help="The routes file holding contexts.<context>.sync."),
        click.option("--state-dir", type=click.Path(file_okay=False), default=None,
                     help="Local stack state dir, when no STRANGLER_*_DSN / "
                          "STRANGLER_CONNECT_URL are set."),
        click.option("--json", "as_json", is_flag=True, help="Print the result as JSON."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _connectors(context: str, direction: str, config_path: str,
                state_dir: str | None) -> Connectors:
    chosen = load_direction(config_path, context, direction)
    dsn.from_env(chosen.source_db)  # a malformed DSN stops the command before any change
    return Connectors(chosen, Endpoints(state_dir))


def handled(fn: Callable[..., int]) -> Callable[..., int]:
    """Translate errors into one redacted `error: ...` line on stderr and an exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> int:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            return report(exc)

    return wrapper


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str))


_LEVEL_STYLE = {"error": ("ERROR", "red"), "warning": ("WARNING", "yellow"), "ok": ("ok", "green")}


def _echo_findings(findings: tuple[Finding, ...] | list[Finding]) -> None:
    for finding in findings:
        label, colour = _LEVEL_STYLE[finding.level]
        click.echo(f"  {click.style(f'{label:<8}', fg=colour)} {finding.check:<18} "
                   f"{finding.message}")


def _summary(report: PreflightReport) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    return f"{errors} error(s), {warnings} warning(s)"


# -- preflight -----------------------------------------------------------------------------------
@cdc.command()
@direction_options
@handled
def preflight(context: str, direction: str, config_path: str, state_dir: str | None,
              as_json: bool) -> int:
    """Check a direction before data flows (read-only): the source database is ready for the
    connector, and the table and column mapping fits the live source and target schemas.

    Exit 0 when there are no errors (warnings allowed), 1 when a check failed, 3 when a
    database did not answer.
    """
    from cdc.mapping_check import check_live

    manager = _connectors(context, direction, config_path, state_dir)
    report = manager.preflight().including(check_live(
        manager.direction, source_dsn=manager.dsn,
        target_dsn=manager.endpoints.dsn(manager.direction.target_db),
        source_tables_checked=True))
    if as_json:
        _echo_json(report.as_dict())
    else:
        click.echo(f"preflight of connector {manager.name} ({direction}, database "
                   f"{report.database}):")
        _echo_findings(report.findings)
        click.echo(_summary(report))
    return 0 if report.ok else 1


# -- connectors ----------------------------------------------------------------------------------
@cdc.group(cls=ExitCodeGroup)
def connectors() -> None:
    """Manage a direction's Debezium connector in Kafka Connect."""


@connectors.command("apply")
@direction_options
@click.option("--skip-preflight", is_flag=True,
              help="Create the connector even if preflight checks fail (not recommended).")
@handled
def apply_(context: str, direction: str, config_path: str, state_dir: str | None,
           as_json: bool, skip_preflight: bool) -> int:
    """Preflight, create the fence table, create or update the connector, wait until RUNNING.

    Idempotent: applying the same config again keeps the connector's offsets (no new snapshot).
    """
    manager = _connectors(context, direction, config_path, state_dir)
    try:
        result = manager.apply(check=not skip_preflight)
    except PreflightFailed as exc:
        if as_json:
            _echo_json({"name": manager.name, "applied": False,
                        "preflight": {"findings": [f.as_dict() for f in exc.findings
                                                   if isinstance(f, Finding)]}})
        raise
    if as_json:
        _echo_json({"applied": True, **result.as_dict()})
        return 0
    if result.preflight is not None:
        for finding in result.preflight.warnings:
            click.echo(f"warning: [{finding.check}] {finding.message}", err=True)
    if result.fence_created:
        click.echo(f"created fence table {manager.direction.settings.fence_table}")
    verb = "created" if result.created else "updated"
    click.echo(f"connector {manager.name} {verb}: {result.status.state}, tasks "
               f"{', '.join(t.state for t in result.status.tasks)}")
    return 0


def _echo_report(report: ConnectorReport) -> None:
    status = report.connector
    if status is None:
        click.echo(f"connector {report.name}: not found in Kafka Connect")
    else:
        tasks = ", ".join(f"{t.id}={t.state}" for t in status.tasks) or "none"
        click.echo(f"connector {report.name}: {status.state} on {status.worker_id or '?'} "
                   f"(tasks: {tasks})")
    if report.trace:
        click.echo("trace:")
        for line in report.trace.splitlines()[:20]:
            click.echo(f"  {line}")
    slot = report.slot
    if report.database_error:
        click.echo(f"slot {report.slot_name}: unknown ({report.database_error})")
    elif slot is None:
        click.echo(f"slot {report.slot_name}: does not exist")
    else:
        active = f"active (pid {slot.active_pid})" if slot.active else "inactive"
        retained = "?" if slot.retained_bytes is None else human_bytes(slot.retained_bytes)
        click.echo(f"slot {slot.name}: {active}, wal_status {slot.wal_status}, "
                   f"confirmed_flush_lsn {slot.confirmed_flush_lsn}, retained WAL {retained}")
    if report.publication_exists is not None:
        click.echo(f"publication {report.publication}: "
                   f"{'exists' if report.publication_exists else 'does not exist'}")


@connectors.command()
@direction_options
@handled
def status(context: str, direction: str, config_path: str, state_dir: str | None,
           as_json: bool) -> int:
    """Connector, tasks, failure trace and replication slot health.

    Exit 0 when the connector and its tasks run, 1 when it failed, is paused or is absent.
    """
    report = _connectors(context, direction, config_path, state_dir).status()
    if as_json:
        _echo_json(report.as_dict())
    else:
        _echo_report(report)
    return 0 if report.healthy else 1


def _simple(action: str, help_text: str) -> None:
    @connectors.command(action, help=help_text)
    @direction_options
    @handled
    def command(context: str, direction: str, config_path: str, state_dir: str | None,
                as_json: bool) -> int:
        manager = _connectors(context, direction, config_path, state_dir)
        result = getattr(manager, action)()
        if as_json:
            _echo_json({"name": manager.name, "state": result.state,
                        "tasks": [t.state for t in result.tasks]})
        else:
            click.echo(f"connector {manager.name}: {result.state}")
        return 0


_simple("pause", "Pause the connector and its tasks (the slot keeps retaining WAL).")
_simple("resume", "Resume a paused connector; wait until it runs.")
_simple("restart", "Restart the connector and all its tasks; wait until they run.")


@connectors.command()
@direction_options
@click.option("--drop-slot", is_flag=True,
              help="Also reset the connector's offsets and drop its replication slot and "
                   "publication (the next apply takes a new snapshot).")
@handled
def delete(context: str, direction: str, config_path: str, state_dir: str | None,
           as_json: bool, drop_slot: bool) -> int:
    """Delete the connector. Without --drop-slot the slot stays and keeps retaining WAL."""
    manager = _connectors(context, direction, config_path, state_dir)
    result = manager.delete(drop_slot=drop_slot)
    if as_json:
        _echo_json(result.as_dict())
        return 0
    click.echo(f"connector {manager.name}: {'deleted' if result.deleted else 'did not exist'}")
    if drop_slot:
        click.echo(f"offsets: {'reset' if result.offsets_reset else 'nothing to reset'}; "
                   f"slot: {'dropped' if result.slot_dropped else 'did not exist'}; "
                   f"publication: {'dropped' if result.publication_dropped else 'did not exist'}")
    return 0


@connectors.command()
@direction_options
@handled
def offsets(context: str, direction: str, config_path: str, state_dir: str | None,
            as_json: bool) -> int:
    """The source offsets Kafka Connect has stored for the connector."""
    manager = _connectors(context, direction, config_path, state_dir)
    stored = manager.offsets()
    if as_json:
        _echo_json({"name": manager.name, "offsets": stored})
    elif not stored:
        click.echo(f"connector {manager.name}: no offsets stored yet")
    else:
        for entry in stored:
            click.echo(f"{json.dumps(entry.get('partition'))} -> {json.dumps(entry.get('offset'))}")
    return 0


@cdc.command("apply")
@direction_options
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=2000, show_default=True,
              help="Records per target transaction at most.")
@click.option("--metrics-port", type=click.IntRange(1, 65535), default=None,
              help="Serve Prometheus metrics on 127.0.0.1:PORT.")
@handled
def apply_changes(context: str, direction: str, config_path: str, state_dir: str | None,
                  as_json: bool, batch_size: int, metrics_port: int | None) -> int:
    """Run the applier of one direction until SIGTERM (several may share the work)."""
    from pathlib import Path

    from cdc.run import run_applier

    stats = run_applier(Path(config_path), context, direction, batch_size=batch_size,
                        metrics_port=metrics_port, state_dir=state_dir)
    summary = {"batches": stats.batches, "applied": stats.applied,
               "guard_skips": stats.guard_skips, "loop_skips": stats.loop_skips,
               "dead_letters": stats.dead_letters, "truncates": stats.truncates,
               "held": stats.held}
    if as_json:
        _echo_json(summary)
    else:
        click.echo("stopped: " + ", ".join(f"{k}={v}" for k, v in summary.items()))
    return 0


@cdc.command()
@click.option("--context", default=None, help="One context (default: every context with sync).")
@click.option("--config", "config_path", default="routes.yaml", show_default=True,
              type=click.Path(dir_okay=False), help="The routes file.")
@click.option("--state-dir", type=click.Path(file_okay=False), default=None,
              help="Local stack state dir, when no STRANGLER_*_DSN variables are set.")
@click.option("--stall-after", type=click.FloatRange(min=0, min_open=True), default=5.0,
              show_default=True,
              help="Seconds the applied fence may trail the source's before `stalled`.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handled
def lag(context: str | None, config_path: str, state_dir: str | None, stall_after: float,
        as_json: bool) -> int:
    """End-to-end lag, WAL bytes, partition lag and held tables per context and direction.

    Exit 0 when every direction is healthy, idle or inactive (not set up); 1 when one is held
    (a table waits on schema drift), stalled or rewound; 2 for a usage or config error; 3 when
    a database or the broker did not answer.
    """
    from cdc.lag import exit_code, measure

    contexts = [context] if context else sync_contexts(config_path)
    if not contexts:
        raise CdcConfigError(f"{config_path}: no context has a sync section")
    endpoints = Endpoints(state_dir)
    reports = []
    for name in contexts:
        sync = load_sync(config_path, name)
        for which in ("forward", "reverse") if sync.reverse else ("forward",):
            d = Direction(name, sync, which)
            reports.append(measure(d, source_dsn=endpoints.dsn(d.source_db),
                                   target_dsn=endpoints.dsn(d.target_db),
                                   bootstrap=endpoints.bootstrap_servers(),
                                   stall_after=stall_after))
    if as_json:
        _echo_json([r.as_dict() for r in reports])
    else:
        click.echo(f"{'context':<12} {'direction':<9} {'state':<8} {'e2e ms':>8} {'age ms':>8} "
                   f"{'WAL bytes':>10} {'msgs':>6}  reason")
        for r in reports:
            msgs = sum(int(p["lag"]) for p in r.partitions)  # type: ignore[call-overload]
            click.echo(f"{r.context:<12} {r.direction:<9} {r.state:<8} "
                       f"{_num(r.e2e_lag_ms):>8} {_num(r.age_ms):>8} "
                       f"{_num(r.wal_bytes_behind):>10} {msgs:>6}  {r.reason}")
            for t in r.truncates:  # applied, so not a problem; but never silent
                click.echo(f"{'':<22} source TRUNCATE of {t['table']} applied "
                           f"{t['truncates']}x ({t['rows_deleted']} target rows deleted, "
                           f"last at {t['last_at']})")
    return exit_code(r.state for r in reports)


def _num(value: float | int | None) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


if __name__ == "__main__":  # after every command is defined
    cdc()
