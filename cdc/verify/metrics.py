"""Prometheus metrics of verification passes (`strangler_verify_*`), in their own registry.

Gauges keep the last pass per context and table: its verdict (1 consistent, 0 not), its
differences by class and persistence, its duration and rate, and when it finished. The gates
read the same numbers from the `VerifyResult`; these are for dashboards and alerts. The CLI
writes them as a text file (`--metrics-file`, for node_exporter's textfile collector), a
long-running process can serve `registry` next to the applier's.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Gauge, write_to_textfile

from cdc.verify.bisect import KINDS
from cdc.verify.result import VerifyResult

__all__ = ["VerifyMetrics"]


class VerifyMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        labels = ["context", "table"]
        self.consistent = Gauge("strangler_verify_consistent",
                                "1 if the last pass found the table consistent, else 0",
                                labels, registry=self.registry)
        self.differences = Gauge("strangler_verify_differences",
                                 "Differing keys found by the last pass",
                                 [*labels, "kind", "persistence"], registry=self.registry)
        self.duration = Gauge("strangler_verify_duration_seconds",
                              "Duration of the last pass over the table", labels,
                              registry=self.registry)
        self.rate = Gauge("strangler_verify_rows_per_second",
                          "Rows compared per second in the last pass", labels,
                          registry=self.registry)
        self.rows = Gauge("strangler_verify_rows", "Rows of the table at the fence, by side",
                          [*labels, "side"], registry=self.registry)
        self.finished = Gauge("strangler_verify_last_pass_timestamp_seconds",
                              "When the last pass over the table finished (Unix time)",
                              labels, registry=self.registry)

    def observe(self, result: VerifyResult) -> None:
        now = time.time()
        for table in result.tables:
            at = {"context": result.context, "table": table.source_table}
            self.consistent.labels(**at).set(1 if table.verdict == "consistent" else 0)
            for persistent, name in ((True, "persistent"), (False, "in_flight")):
                counts = table.counts(persistent)
                for kind in KINDS:
                    self.differences.labels(**at, kind=kind, persistence=name).set(counts[kind])
            self.duration.labels(**at).set(table.duration_s)
            self.rate.labels(**at).set(table.rows_per_s)
            self.rows.labels(**at, side="source").set(table.source_rows)
            self.rows.labels(**at, side="target").set(table.target_rows)
            self.finished.labels(**at).set(now)

    def write(self, path: str) -> None:
        write_to_textfile(path, self.registry)
