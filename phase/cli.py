"""`strangler phase`: the gates of each context's next step, and evidence bundles.

Exit codes follow the project's convention: `status` 0 when every context's next-step gates
pass, 1 when some gate does not (fail or inconclusive), 2 for a config or usage mistake;
`evidence` 0 printed, 2 no such bundle, 3 unreadable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from gateway.config import LoadedConfig, load_config
from gateway.errors import ConfigError
from gateway.stages import LADDER, Stage
from phase import evidence
from phase.gates import GateResult, allowed, evaluate
from phase.measure import Sources, collect, scrape

__all__ = ["phase"]


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
                                 "next": target.value if target else None, "gates": []}
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
