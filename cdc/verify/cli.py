"""`strangler verify`: one verification pass of a context, with reports for CI.

    strangler verify --context inventory [--table T] [--incremental] [--report-json F]
        [--report-junit F] [--report-md F] [--json] [--show-values] [--metrics-file F]
        [--repair [--apply]]

Exit codes: 0 every table consistent (in-flight differences allowed), 1 persistent differences,
2 usage or config error (unknown context, unknown table, missing table or key column),
3 runtime failure (a database that does not answer, named; a fence that never got applied).
Never 0 after an error. `--repair` prints the plan for the persistent differences (a dry run,
nothing written); `--repair --apply` carries it out (`cdc.verify.repair`), and the exit code is
then what the repair left: 0 all consistent, 1 differences remain, 3 it could not finish.
Report files are written for every outcome, failures included, so a
CI job page always has something to show. Progress bars go to stderr (only on a terminal),
`--json` prints the JSON report on stdout.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import click

from cdc.verify import reports
from cdc.verify.api import verify as run_verify
from cdc.verify.metrics import VerifyMetrics
from cdc.verify.queries import HASHES
from cdc.verify.repair import repair as run_repair
from cdc.verify.result import TableResult, VerifyResult
from cdc.verify.verifier import Options, Progress
from strangler.failures import explain

__all__ = ["verify"]


class _Bars(Progress):
    """A rich progress bar per table: ranges and rows done, rate, ETA."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bars

        self.bars = Bars(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                         TextColumn("ranges {task.fields[ranges]}"),
                         TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                         TimeRemainingColumn(), console=Console(stderr=True), transient=False)
        self.tasks: dict[str, Any] = {}
        self.totals: dict[str, int] = {}
        self.bars.start()

    def start(self, table: str, rows: int, ranges: int) -> None:
        self.totals[table] = ranges
        self.tasks[table] = self.bars.add_task(table, total=max(rows, 1), ranges=f"0/{ranges}",
                                               rate="")

    def advance(self, table: str, rows: int, ranges: int) -> None:
        task = self.tasks[table]
        elapsed = self.bars.tasks[task].elapsed or 0
        total = max(rows, self.bars.tasks[task].total or 1)
        self.bars.update(task, completed=rows, total=total,
                         ranges=f"{ranges}/{self.totals.get(table, ranges)}",
                         rate=f"{rows / elapsed:,.0f} rows/s" if elapsed else "")

    def finish(self, table: str, result: TableResult) -> None:
        if table in self.tasks:
            self.bars.update(self.tasks[table], description=f"{table}: {result.verdict}")

    def stop(self) -> None:
        self.bars.stop()


def _write_reports(result: VerifyResult, json_path: str | None, junit_path: str | None,
                   md_path: str | None) -> None:
    for path, render in ((json_path, reports.to_json), (junit_path, reports.to_junit),
                         (md_path, reports.to_markdown)):
        if path:
            reports.write(path, render(result))


def _echo_summary(result: VerifyResult) -> None:
    for t in result.tables:
        p = t.counts(True)
        fence = t.as_dict()["fence"]["lsn_text"]
        click.echo(f"{t.source_table} -> {t.target_table}: {t.verdict}; {t.mode} pass; rows "
                   f"{t.source_rows}/{t.target_rows}, ranges {t.ranges_hashed} hashed, "
                   f"{t.ranges_reused} reused, {t.ranges_differing} differing; persistent "
                   f"{p['missing']} missing, {p['extra']} extra, {p['changed']} changed; "
                   f"{len(t.in_flight)} in flight; {t.duration_s:.2f} s at fence {fence}")
        for line in reports.state_lines(t):
            click.echo(f"  {line}")
        for line in reports.listing(t, True, result.show_values):
            click.echo(f"  {line}")
    click.echo(f"verdict: {result.verdict}")
    if not result.show_values and any(t.persistent for t in result.tables):
        click.echo("(values redacted; --show-values shows them)")


@click.command()
@click.option("--context", required=True, help="Bounded context, e.g. inventory.")
@click.option("--table", default=None,
              help="Only this table (its source or target name; default: every table).")
@click.option("--direction", type=click.Choice(["forward", "reverse"]), default="forward",
              show_default=True, help="forward: monolith -> service; reverse after cut-over.")
@click.option("--config", "config_path", default="routes.yaml", show_default=True,
              type=click.Path(dir_okay=False), help="The routes file holding contexts.*.sync.")
@click.option("--state-dir", type=click.Path(file_okay=False), default=None,
              help="Local stack state dir, when no STRANGLER_*_DSN variables are set.")
@click.option("--report-json", type=click.Path(dir_okay=False), help="Write the JSON report.")
@click.option("--report-junit", type=click.Path(dir_okay=False), help="Write JUnit XML.")
@click.option("--report-md", type=click.Path(dir_okay=False), help="Write a Markdown summary.")
@click.option("--metrics-file", type=click.Path(dir_okay=False),
              help="Write strangler_verify_* metrics in Prometheus text format.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report on stdout.")
@click.option("--show-values", is_flag=True,
              help="Include the differing values in output and reports (redacted by default).")
@click.option("--fence-timeout", type=click.FloatRange(0.1, 3600), default=30.0,
              show_default=True, help="Seconds to wait for the applier to pass a fence.")
@click.option("--hash", "hash_function", type=click.Choice(HASHES), default="fast",
              show_default=True, help="Row hash: fast (PostgreSQL's, same byte order on both "
                                      "servers) or md5 (portable).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bars on stderr (default: when stderr is a terminal).")
@click.option("--incremental", is_flag=True,
              help="Re-hash only the ranges whose keys the applier changed since the stored "
                   "range checksums (a table without a usable state gets a full pass, and the "
                   "output says why).")
@click.option("--repair", "do_repair", is_flag=True,
              help="Plan the repair of the persistent differences (dry run: nothing written).")
@click.option("--apply", "apply_repair", is_flag=True,
              help="With --repair: re-sync the differing keys through the pipeline and delete "
                   "target-only rows, then re-verify them.")
@click.option("--repair-timeout", type=click.FloatRange(1, 3600), default=60.0,
              show_default=True, help="Seconds to wait for the re-synced rows to arrive.")
def verify(context: str, table: str | None, direction: str, config_path: str,
           state_dir: str | None, report_json: str | None, report_junit: str | None,
           report_md: str | None, metrics_file: str | None, as_json: bool, show_values: bool,
           fence_timeout: float, hash_function: str, progress: bool | None,
           incremental: bool, do_repair: bool, apply_repair: bool,
           repair_timeout: float) -> int:
    """Compare a context's source tables with its target tables, anchored to a fence.

    Without --incremental a full pass, which stores range checksums for the next one (or
    continues an interrupted full pass from the ranges it had finished).

    Exit 0 consistent, 1 persistent differences, 2 usage or config error, 3 runtime failure.
    """
    if apply_repair and not do_repair:
        raise click.UsageError("--apply only goes with --repair (--repair --apply)")
    options = Options(show_values=show_values, fence_timeout=fence_timeout,
                      hash_function=hash_function, incremental=incremental)
    bars = _Bars() if (progress if progress is not None else sys.stderr.isatty()) else None
    started = dt.datetime.now(dt.UTC)
    try:
        if do_repair:
            result = run_repair(context, apply=apply_repair, config=config_path, table=table,
                                direction=direction, options=options, state_dir=state_dir,
                                progress=bars, timeout=repair_timeout)
        else:
            result = run_verify(context, config=config_path, table=table,
                                direction=direction, options=options, state_dir=state_dir,
                                progress=bars)
    except Exception as exc:
        failure = explain(exc)
        if failure is None:
            raise
        message, code = failure
        click.echo(f"error: {message}", err=True)
        if code != 2:  # a usage error is not a verdict; a runtime failure is reported
            _write_reports(VerifyResult(context, started, show_values=show_values,
                                        error=message), report_json, report_junit, report_md)
        return code
    finally:
        if bars is not None:
            bars.stop()
    _write_reports(result, report_json, report_junit, report_md)
    if metrics_file:
        metrics = VerifyMetrics()
        metrics.observe(result)
        metrics.write(metrics_file)
    if as_json:
        click.echo(reports.to_json(result), nl=False)
    else:
        _echo_summary(result)
        if result.repair is not None:
            for line in reports.repair_lines(result.repair, result.show_values):
                click.echo(line)
    if result.error is not None:
        click.echo(f"error: {result.error}", err=True)
    return result.exit_code
