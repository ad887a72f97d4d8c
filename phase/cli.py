"""`strangler phase`: the gates of each context's next step, stage changes through them, the
write switch, and evidence bundles.

Exit codes follow the project's convention: `status` 0 when every context's next-step gates
pass, 1 when some gate does not (fail or inconclusive), 2 for a config or usage mistake;
`advance` / `rollback` 0 changed (`--dry-run`: the gates would pass), 1 refused by the gates,
paused, or a write switch that was undone; `abort` 0 undone (or nothing to undo), 1 a switch
past its point of no return that was finished instead; `evidence` 0 printed, 2 no such bundle, 3
unreadable; 3 whenever the gateway or a database does not answer.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from gateway.config import LoadedConfig, load_config
from gateway.errors import ConfigError
from gateway.stages import LADDER, Stage
from phase import evidence
from phase.controller import paused, pending_switch
from phase.gates import GateResult, allowed, evaluate
from phase.measure import Sources, collect, scrape

__all__ = ["phase"]

TOKEN_ENV = "STRANGLER_ADMIN_TOKEN"
URL_ENV = "STRANGLER_ADMIN_URL"

_common = [
    click.option("--config", "config_path", default="routes.yaml", show_default=True,
                 type=click.Path(dir_okay=False, exists=True), help="The routes file."),
    click.option("--admin-url", "admin_urls", multiple=True,
                 help=f"A gateway's admin API (repeat for several gateways; default: "
                      f"${URL_ENV}, else http://127.0.0.1:8079)."),
    click.option("--admin-token-file", type=click.Path(dir_okay=False, exists=True),
                 help=f"File holding the admin token (default: ${TOKEN_ENV})."),
    click.option("--state-dir", type=click.Path(file_okay=False), default=None,
                 help="Stack state dir (default: $STRANGLER_STATE_DIR or .strangler/)."),
]


def _options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_common):
        func = option(func)
    return func


def _controller(config_path: str, admin_urls: tuple[str, ...], admin_token_file: str | None,
                state_dir: str | None, context: str | None = None,
                say: Callable[[str], None] = lambda m: click.echo(m, err=True)) -> Any:
    from phase.admin_client import GatewayAdmin
    from phase.controller import Controller

    if admin_token_file:
        token = Path(admin_token_file).read_text().strip()
    else:
        token = os.environ.get(TOKEN_ENV, "")
    if not token:
        raise click.UsageError(f"the gateway's admin API needs a token: set {TOKEN_ENV} or "
                               "pass --admin-token-file")
    urls = admin_urls or (os.environ.get(URL_ENV, "http://127.0.0.1:8079"),)
    sync = None
    if context is not None:
        from phase.sync_control import StackSync
        from strangler.stack.runner import LocalStack

        local = LocalStack.from_env(state_dir)
        if local.started:
            sync = StackSync(local, Path(config_path), context)
    return Controller(Path(config_path), [GatewayAdmin(u, token) for u in urls], sync=sync,
                      state_dir=state_dir, say=say)


def _gate_table(evaluation: Any) -> Table:
    table = Table(title=f"{evaluation.context}: {evaluation.old} -> {evaluation.new} "
                        f"(evidence {evaluation.evidence_id})")
    for column in ("gate", "verdict", "value", "threshold", "samples", "detail"):
        table.add_column(column)
    colour = {"pass": "green", "fail": "red", "inconclusive": "yellow"}
    for r in evaluation.results:
        verdict = r.verdict.value
        table.add_row(r.gate, f"[{colour[verdict]}]{verdict}[/]",
                      "" if r.value is None else str(r.value), r.threshold, str(r.samples),
                      r.detail)
    return table


def _evaluation_json(evaluation: Any) -> dict[str, Any]:
    return {"context": evaluation.context, "from": evaluation.old.value,
            "to": evaluation.new.value, "allowed": evaluation.allowed,
            "evidence": evaluation.evidence_id, "gates": [r.as_dict() for r in
                                                          evaluation.results],
            "plan": list(evaluation.plan)}


@click.group()
def phase() -> None:
    """The phase controller: stage gates and their evidence (docs/phase.md)."""


def _load(path: str) -> LoadedConfig:
    try:
        return load_config(path)
    except ConfigError as exc:
        raise click.UsageError(exc.message) from None


def _next(stage: Stage) -> Stage | None:
    i = LADDER.index(stage)
    return LADDER[i + 1] if i + 1 < len(LADDER) else None


def _metrics_source(admin_url: str | None) -> Any:
    if admin_url is None:
        return None
    url = admin_url.rstrip("/") + "/metrics"
    return lambda: scrape(url)


@phase.command()
@click.option("--config", "config_path", default="routes.yaml", show_default=True,
              type=click.Path(dir_okay=False), help="The routes file.")
@click.option("--context", "only", default=None, help="Only this context.")
@click.option("--admin-url", default=None,
              help="The gateway's admin listener (its /metrics feeds the traffic gates), "
                   "e.g. http://127.0.0.1:8079; without it those gates are inconclusive.")
@click.option("--state-dir", type=click.Path(file_okay=False), default=None,
              help="Stack state dir (default: $STRANGLER_STATE_DIR or .strangler/).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def status(config_path: str, only: str | None, admin_url: str | None, state_dir: str | None,
           as_json: bool) -> int:
    """Each context's stage and the gates of its next step: value, threshold, samples and
    verdict. Exit 0 when every next step's gates pass, 1 otherwise."""
    loaded = _load(config_path)
    cfg = loaded.config
    if only is not None and only not in cfg.contexts:
        raise click.UsageError(f"unknown context {only!r} (contexts: "
                               f"{', '.join(cfg.contexts) or 'none'})")
    sources = Sources(Path(config_path), metrics=_metrics_source(admin_url),
                      state_dir=state_dir)
    report: list[dict[str, Any]] = []
    ok = True
    for name, ctx in cfg.contexts.items():
        if only is not None and name != only:
            continue
        target = _next(ctx.stage)
        entry: dict[str, Any] = {"context": name, "stage": ctx.stage.value,
                                 "next": target.value if target else None, "gates": [],
                                 "paused": paused(Path(config_path), name),
                                 "switch": pending_switch(Path(config_path), name)}
        if not as_json:
            _print_hold_ups(name, entry["paused"], entry["switch"])
        if target is not None:
            results = evaluate(ctx.stage, target,
                               collect(name, ctx.stage, target, cfg, sources), ctx.gates)
            entry["gates"] = [r.as_dict() for r in results]
            entry["ready"] = allowed(results)
            ok = ok and entry["ready"]
            if not as_json:
                _print_context(name, ctx.stage, target, results)
        elif not as_json:
            click.echo(f"{name}: {ctx.stage} (the last stage)")
        report.append(entry)
    if as_json:
        click.echo(json.dumps({"config_version": loaded.version, "contexts": report},
                              indent=2, default=str))
    return 0 if ok else 1


def _print_hold_ups(name: str, pause: dict[str, Any] | None, switch: str | None) -> None:
    if pause:
        click.echo(f"{name}: paused by {pause.get('actor', '?')} since "
                   f"{pause.get('since', '?')}: {pause.get('reason', '')}")
    if switch:
        click.echo(f"{name}: {switch}")


def _print_context(name: str, stage: Stage, target: Stage,
                   results: tuple[GateResult, ...]) -> None:
    verdict = "ready" if allowed(results) else "not ready"
    click.echo(f"{name}: {stage} -> {target}: {verdict}")
    for r in results:
        value = "-" if r.value is None else r.value
        click.echo(f"  {r.verdict.value:<12} {r.gate:<18} value {value}; threshold "
                   f"{r.threshold}; samples {r.samples}")
        click.echo(f"  {'':<12} {'':<18} {r.detail}")


@phase.command("evidence")
@click.argument("evidence_id")
@click.option("--config", "config_path", default="routes.yaml", show_default=True,
              type=click.Path(dir_okay=False),
              help="The routes file (its admin.evidence_dir holds the bundles).")
def show_evidence(evidence_id: str, config_path: str) -> int:
    """Print evidence bundle EVIDENCE_ID (JSON)."""
    loaded = _load(config_path)
    folder = Path(config_path).resolve().parent / loaded.config.admin.evidence_dir
    data = evidence.load(folder, evidence_id)
    click.echo(json.dumps(data, indent=2, sort_keys=True))
    return 0


@phase.command()
@_options
@click.argument("context")
@click.option("--to", "to", type=click.Choice([s.value for s in Stage]), default=None,
              help="The stage to go to (one step either way; default: the next one).")
@click.option("--dry-run", is_flag=True, help="Judge the gates and show the plan; change nothing.")
@click.option("--wait", "wait", type=click.FloatRange(0, 86400), default=0.0, show_default=True,
              help="Seconds to keep re-evaluating until the gates pass.")
@click.option("--force", is_flag=True, help="Go ahead past gates that did not pass (needs "
                                            "--reason; loud and audited).")
@click.option("--reason", default=None, help="Why (recorded in the audit log and evidence).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
def advance(config_path: str, admin_urls: tuple[str, ...], admin_token_file: str | None,
            state_dir: str | None, context: str, to: str | None, dry_run: bool, wait: float,
            force: bool, reason: str | None, as_json: bool) -> int:
    """Move CONTEXT one stage on, if every gate of that step passes."""
    if force and not reason:
        raise click.UsageError("--force needs --reason \"...\"")
    ctl = _controller(config_path, admin_urls, admin_token_file, state_dir, context)
    console = Console(stderr=as_json)
    target = ctl.next_stage(context, Stage(to) if to else None)
    if dry_run:
        evaluation = ctl.evaluate(context, target, reason=reason or "dry run")
        if as_json:
            click.echo(json.dumps(_evaluation_json(evaluation), indent=2))
        else:
            console.print(_gate_table(evaluation))
            console.print("plan:\n" + "\n".join(f"  {i}. {step}" for i, step in
                                                enumerate(evaluation.plan, 1)))
        return 0 if evaluation.allowed else 1
    outcome = ctl.advance(context, target, reason=reason or f"advance to {target}",
                          wait=wait, force=force,
                          progress=lambda e: console.print(_gate_table(e)))
    return _report(outcome, as_json)


def _report(outcome: Any, as_json: bool) -> int:
    if as_json:
        click.echo(json.dumps({"context": outcome.context, "from": outcome.old.value,
                               "to": outcome.new.value, "changed": outcome.changed,
                               "evidence": outcome.evidence_id, "detail": outcome.detail,
                               "switch": outcome.switch}, indent=2, default=str))
    else:
        verb = "now at" if outcome.changed else "stays at"
        stage = outcome.new if outcome.changed else outcome.old
        click.echo(f"{outcome.context}: {verb} {stage} ({outcome.detail})")
        held = (outcome.switch.get("release_writes") or {}).get("held_seconds")
        if held is not None:
            click.echo(f"writes were held for {held:.3f} s")
    return 0 if outcome.changed else 1


@phase.command()
@_options
@click.argument("context")
@click.option("--reason", required=True, help="Why (recorded in the audit log and evidence).")
@click.option("--force", is_flag=True, help="Go ahead past gates that did not pass.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
def rollback(config_path: str, admin_urls: tuple[str, ...], admin_token_file: str | None,
             state_dir: str | None, context: str, reason: str, force: bool,
             as_json: bool) -> int:
    """Move CONTEXT one stage back (writes -> reads runs the mirrored write switch)."""
    ctl = _controller(config_path, admin_urls, admin_token_file, state_dir, context)
    console = Console(stderr=True)
    target = ctl.next_stage(context, None, back=True)
    outcome = ctl.advance(context, target, reason=reason, force=force,
                          progress=lambda e: console.print(_gate_table(e)))
    return _report(outcome, as_json)


@phase.command()
@click.option("--config", "config_path", default="routes.yaml", show_default=True,
              type=click.Path(dir_okay=False, exists=True), help="The routes file.")
@click.argument("context")
@click.option("--reason", required=True, help="Why (shown by `phase status`).")
def pause(config_path: str, context: str, reason: str) -> int:
    """Stop CONTEXT from advancing (rollbacks stay allowed) until `phase resume`."""
    from phase.controller import Controller

    Controller(Path(config_path), []).pause(context, reason)
    click.echo(f"{context}: paused ({reason})")
    return 0


@phase.command()
@_options
@click.argument("context")
def resume(config_path: str, admin_urls: tuple[str, ...], admin_token_file: str | None,
           state_dir: str | None, context: str) -> int:
    """Unpause CONTEXT and finish a write switch that was interrupted."""
    ctl = _controller(config_path, admin_urls, admin_token_file, state_dir, context)
    outcome = ctl.resume(context)
    if outcome is None:
        click.echo(f"{context}: not paused, no switch to finish")
        return 0
    return _report(outcome, False)


@phase.command()
@_options
@click.argument("context")
@click.option("--reason", default="aborted by request", show_default=True)
def abort(config_path: str, admin_urls: tuple[str, ...], admin_token_file: str | None,
          state_dir: str | None, context: str, reason: str) -> int:
    """Undo a write switch of CONTEXT that was interrupted (back to the stage it left)."""
    ctl = _controller(config_path, admin_urls, admin_token_file, state_dir, context)
    outcome = ctl.abort(context, reason=reason)
    if outcome is None:
        click.echo(f"{context}: no switch to undo")
        return 0
    if outcome.changed:  # past the point of no return: finished instead (phase.cutover)
        click.echo(f"{context}: switch {outcome.switch.get('id')} had begun releasing the "
                   f"writes to {outcome.new}, so it was finished, not undone: now at "
                   f"{outcome.new}; `strangler phase rollback {context}` goes back")
        return 1
    click.echo(f"{context}: switch {outcome.switch.get('id')} undone, at {outcome.old}")
    return 0
