"""Prometheus metrics of one applier (own registry, so several can live in one process).

Names, types and labels are listed in docs/metrics.md with the alert rules that read them.
The dead-letter counter starts with a zero series for every known reason, so `increase()` in
the "DLQ growing" alert sees the first dead letter too (a series born at 1 has no increase).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

__all__ = ["DEAD_LETTER_REASONS", "ApplierMetrics"]

# The `kind`s of cdc.errors.PoisonEvent raised in cdc/ (a new kind is still counted, from 1).
DEAD_LETTER_REASONS = ("not-json", "no-payload", "unknown-op", "unknown-table", "bad-value")


class ApplierMetrics:
    def __init__(self, direction: str, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        labels = {"direction": direction}
        self.labels = labels
        self.events = Counter("strangler_cdc_events_applied_total",
                              "Row changes written to the target, by table and op",
                              ["direction", "table", "op"], registry=self.registry)
        self.guard_skips = Counter("strangler_cdc_guard_skips_total",
                                   "Changes skipped because the target already had newer state",
                                   ["direction"], registry=self.registry)
        self.loop_skips = Counter("strangler_cdc_loop_skips_total",
                                  "Changes skipped because they came from the opposite direction",
                                  ["direction"], registry=self.registry)
        self.dlq = Counter("strangler_cdc_dead_letters_total",
                           "Records sent to the dead-letter topic, by reason",
                           ["direction", "reason"], registry=self.registry)
        for reason in DEAD_LETTER_REASONS:
            self.dlq.labels(reason=reason, **labels)
        self.retries = Counter("strangler_cdc_infrastructure_retries_total",
                               "Batches rolled back and retried after an infrastructure error",
                               ["direction"], registry=self.registry)
        self.batch_size = Histogram("strangler_cdc_batch_size", "Records per applied batch",
                                    ["direction"], registry=self.registry,
                                    buckets=(1, 10, 50, 100, 500, 1000, 2000, 5000, 10000))
        self.batch_seconds = Histogram("strangler_cdc_batch_seconds",
                                       "Time to apply one batch (plan + DB transaction)",
                                       ["direction"], registry=self.registry)
        self.lag = Gauge("strangler_cdc_e2e_lag_seconds",
                         "Source commit of the newest fence to its apply at the target",
                         ["direction"], registry=self.registry)
        self.fence_time = Gauge("strangler_cdc_last_fence_timestamp_seconds",
                                "Source commit time (Unix time) of the newest fence applied at "
                                "the target: time() minus it is the end-to-end lag, which keeps "
                                "growing while nothing is applied", ["direction"],
                                registry=self.registry)
        self.consumer_lag = Gauge("strangler_cdc_consumer_lag_records",
                                  "Records on the partitions this applier holds that the "
                                  "target has not applied yet (broker high watermark - the "
                                  "offsets stored with the target's state)", ["direction"],
                                  registry=self.registry)
        self.truncates = Counter("strangler_cdc_truncates_total",
                                 "Source TRUNCATEs applied to a target table (replays skipped)",
                                 ["direction", "table"], registry=self.registry)
        self.truncated_rows = Counter("strangler_cdc_truncated_rows_total",
                                      "Target rows deleted by source TRUNCATEs",
                                      ["direction", "table"], registry=self.registry)
        self.toast_unresolved = Counter(
            "strangler_cdc_toast_unresolved_total",
            "Key changes whose unchanged TOASTed values the target no longer had (rows missing)",
            ["direction"], registry=self.registry)
        self.held = Gauge("strangler_cdc_tables_held",
                          "Tables held because of schema drift", ["direction"],
                          registry=self.registry)
        # One series per configured source table (a bounded set); the reason is in the log,
        # in `strangler cdc lag` and in strangler_cdc.held_tables, never in a label.
        self.table_held = Gauge("strangler_cdc_table_held",
                                "1 while the table is held (schema drift), else 0",
                                ["direction", "table"], registry=self.registry)

    def show_holds(self, tables: Iterable[str], held: Collection[str]) -> None:
        """Set the hold gauges: `tables` are every configured source table, `held` the held."""
        for table in tables:
            self.table_held.labels(table=table, **self.labels).set(1 if table in held else 0)
        self.held.labels(**self.labels).set(len(held))

    def serve(self, port: int, host: str = "127.0.0.1") -> None:
        start_http_server(port, addr=host, registry=self.registry)
