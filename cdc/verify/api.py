"""The Python entry point the phase controller's gates and the CLI call.

`verify(context)` reads `contexts.<context>.sync` from the routes file, resolves the two
databases the way every CDC tool does (`cdc.endpoints`: `$STRANGLER_<NAME>_DSN`, else the local
stack) and runs one pass of the forward direction (or the reverse one after the write
cut-over). Configuration problems raise `CdcConfigError` (exit 2); unreachable databases and
fences that never arrive raise retriable `CdcError`s (exit 3). The result never says
"consistent" about a table it could not compare.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cdc.config import Direction, load_sync
from cdc.endpoints import Endpoints
from cdc.verify.anchor import Database
from cdc.verify.result import VerifyResult
from cdc.verify.verifier import Options, Progress, run_pass, select_tables

__all__ = ["databases", "verify"]


def databases(direction: Direction, endpoints: Endpoints) -> tuple[Database, Database]:
    pairs = []
    for name, role in ((direction.source_db, "source"), (direction.target_db, "target")):
        variable = f"STRANGLER_{name.upper()}_DSN"
        pairs.append(Database(name, role, endpoints.dsn(name), endpoints.origin(variable)))
    return pairs[0], pairs[1]


def verify(context: str, *, config: str | Path = "routes.yaml", table: str | None = None,
           direction: str = "forward", options: Options | None = None,
           state_dir: str | None = None, progress: Progress | None = None,
           incremental: bool | None = None) -> VerifyResult:
    """One verification pass of `context` (all its tables, or `table`).

    `incremental=True` re-hashes only the ranges whose keys the applier changed since the
    stored state (a table without a usable state gets a full pass; its `fallback_reason`
    says why). Without it, a full pass, which refreshes the stored state, or continues an
    unfinished one (`mode == "resume"`). Overrides `options.incremental` when given."""
    sync = load_sync(config, context)
    chosen = Direction(context, sync, direction)
    tables = select_tables(chosen, table)
    source, target = databases(chosen, Endpoints(state_dir))
    options = options or Options()
    if incremental is not None:
        options = replace(options, incremental=incremental)
    return run_pass(chosen, source, target, tables, options, progress)
