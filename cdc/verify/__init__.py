"""Consistency verification of a context's sync: does the target hold exactly what the source
holds, compared through the mapping, at a known source position?

    from cdc.verify import verify
    result = verify("inventory")            # VerifyResult: per-table verdicts, counts, LSNs
    result.verdict, result.exit_code

    result = verify("inventory", incremental=True)  # only ranges whose keys changed since

Modules: `normalize` (canonical values in SQL), `layout` (what is compared), `queries` (the
SQL of one side), `bisect` (pure decisions), `incremental` (pure decisions about stored range
checksums), `store` (those checksums in the target), `anchor` (fence-anchored snapshots),
`verifier` (a pass), `result` (value objects and JSON), `reports` (JUnit XML, Markdown),
`metrics` (Prometheus), `repair` (re-syncing what a pass found, `repair.repair(context,
apply=True)`), `cli` (`strangler verify`). docs/verify.md describes the guarantees.
"""

from __future__ import annotations

from cdc.verify.api import verify
from cdc.verify.result import Difference, TableResult, VerifyResult
from cdc.verify.verifier import Options, Progress

__all__ = ["Difference", "Options", "Progress", "TableResult", "VerifyResult", "verify"]
