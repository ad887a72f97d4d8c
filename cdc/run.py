"""Running an applier as a process: config → endpoints → checks → `Applier`, SIGTERM → stop.

`strangler cdc apply` calls `run_applier`; `python -m cdc.run` is the same without the CLI
(tests start it that way to kill it with SIGKILL). Before the applier starts, every DSN is
validated and the databases and the broker must answer (`cdc.startup`), so a missing stack, a
wrong password or an unreachable broker ends the process within seconds with one line and
exit code 3 (2 for a malformed DSN) instead of a retry loop. Output and log lines pass through
`strangler.dsn.redact`.
"""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import sys
from pathlib import Path

from cdc.applier import Applier, ApplierStats
from cdc.config import Direction, load_sync
from cdc.endpoints import Endpoints
from cdc.errors import CdcError
from cdc.metrics import ApplierMetrics
from cdc.startup import check_broker, check_database
from strangler import dsn
from strangler.failures import report

__all__ = ["run_applier", "tune_process"]


def tune_process() -> None:
    """Interpreter settings for an applier process (measured with bench/applier_throughput.py).

    * The writer thread waits on the database while the main thread parses; each wake-up needs
      the GIL back, and the default 5 ms switch interval made it wait for it measurably.
    * A batch allocates tens of thousands of short-lived, acyclic containers (parsed JSON) that
      reference counting frees; the default collector threshold (700) scanned them over and
      over. Objects alive at start-up are frozen out of collections altogether.
    """
    sys.setswitchinterval(0.0002)
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def run_applier(config: Path, context: str, direction_name: str, *, batch_size: int = 2000,
                metrics_port: int | None = None, state_dir: str | None = None) -> ApplierStats:
    tune_process()
    sync = load_sync(config, context)
    direction = Direction(context, sync, direction_name)
    endpoints = Endpoints(state_dir)
    target_dsn = endpoints.dsn(direction.target_db)
    source_dsn = endpoints.dsn(direction.source_db)
    bootstrap = endpoints.bootstrap_servers()
    loop_prevention = sync.reverse is not None
    check_database(target_dsn, role="target", database=direction.target_db,
                   hint=endpoints.origin(dsn.variable(direction.target_db)))
    # The source is read in every direction (the connector's TOAST placeholders, and the
    # opposite applier's markers with loop prevention), so it is checked up front as well.
    check_database(source_dsn, role="source", database=direction.source_db,
                   hint=endpoints.origin(dsn.variable(direction.source_db)))
    check_broker(bootstrap, hint=endpoints.origin("STRANGLER_BOOTSTRAP_SERVERS"))
    metrics = ApplierMetrics(direction_name)
    if metrics_port is not None:
        try:
            metrics.serve(metrics_port)
        except OSError as exc:
            raise CdcError(f"cannot serve metrics on 127.0.0.1:{metrics_port}: "
                           f"{exc.strerror or exc}") from None
    applier = Applier(
        direction, target_dsn=target_dsn, source_dsn=source_dsn, bootstrap=bootstrap,
        loop_prevention=loop_prevention, scale_out=direction.settings.appliers > 1,
        batch_size=batch_size, metrics=metrics,
        say=lambda message: print(f"applier[{context}/{direction_name}]: "
                                  f"{dsn.redact(message)}", flush=True))
    previous = signal.signal(signal.SIGTERM, lambda *_: applier.stop())
    try:
        return applier.run()
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cdc.run")
    parser.add_argument("--config", type=Path, default=Path("routes.yaml"))
    parser.add_argument("--context", required=True)
    parser.add_argument("--direction", choices=["forward", "reverse"], default="forward")
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--metrics-port", type=int)
    parser.add_argument("--state-dir", default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    dsn.redact_logs()
    try:
        stats = run_applier(args.config, args.context, args.direction,
                            batch_size=args.batch_size, metrics_port=args.metrics_port,
                            state_dir=args.state_dir)
    except Exception as exc:
        return report(exc)
    except KeyboardInterrupt:
        return 130
    print(f"stopped: {stats.batches} batches, {stats.applied} rows applied, "
          f"{stats.guard_skips} guard skips, {stats.dead_letters} dead letters", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
