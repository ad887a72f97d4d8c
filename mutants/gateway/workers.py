"""Running the gateway: one process, or a supervisor with N worker processes.

Owns process lifecycle. Guarantees:

* `serve` runs one `Gateway` until SIGTERM/SIGINT, then drains and closes it; SIGHUP reloads
  the config at once;
* `supervise` starts N workers (`python -m gateway.workers`) that share the data port through
  `SO_REUSEPORT`; worker 0 also serves the admin API. The admin token reaches the workers over
  a pipe (stdin), never through argv or the environment. Workers converge on stage changes
  through the routes file (reload.py). Prometheus metrics are aggregated over all workers
  through `PROMETHEUS_MULTIPROC_DIR`. A worker that dies after start-up is restarted (at most
  5 times a minute); one that dies during start-up stops the whole gateway with exit code 3.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass

from gateway.auth import AdminToken
from gateway.errors import ConfigError
from gateway.server import Gateway

__all__ = ["RunSettings", "serve", "run_single", "supervise"]

log = logging.getLogger("gateway.workers")


@dataclass(frozen=True)
class RunSettings:
    config: str
    host: str = "127.0.0.1"
    port: int = 8080
    admin_host: str = "127.0.0.1"
    admin_port: int | None = 8079
    watch_interval: float = 0.25
    log_level: str = "INFO"


def setup_logging(level: str, worker: int | None = None) -> None:
    tag = f"[w{worker}] " if worker is not None else ""
    logging.basicConfig(level=level.upper(), stream=sys.stderr,
                        format=f"%(asctime)s %(levelname)s {tag}%(name)s: %(message)s")


async def serve(settings: RunSettings, token: AdminToken | None, *, worker: int = 0,
                reuse_port: bool = False, admin: bool = True) -> None:
    gw = Gateway(settings.config, host=settings.host, port=settings.port,
                 admin_host=settings.admin_host,
                 admin_port=settings.admin_port if admin else None, admin_token=token,
                 reuse_port=reuse_port, worker=worker, watch_interval=settings.watch_interval)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_signal_handler(signal.SIGHUP, gw.holder.reload)
    await gw.start()
    # the config, tables and pools live as long as the process: keep them out of the cyclic
    # collector's way, and collect young objects less often (per-request garbage is acyclic)
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
    orphan_watch = None
    if reuse_port:  # a supervised worker: stop when the supervisor is gone
        orphan_watch = asyncio.create_task(_stop_when_orphaned(os.getppid(), stop))
    try:
        admin_text = (f", admin http://{settings.admin_host}:{gw.admin_port}"
                      if gw.admin is not None else "")
        print(f"gateway worker {worker}: listening on http://{settings.host}:{gw.port}"
              f"{admin_text}, config {gw.holder.current.version}", file=sys.stderr, flush=True)
        await stop.wait()
    finally:
        if orphan_watch is not None:
            orphan_watch.cancel()
        await gw.close()


async def _stop_when_orphaned(parent: int, stop: asyncio.Event) -> None:
    while os.getppid() == parent:
        await asyncio.sleep(1.0)
    log.error("supervisor %d is gone; stopping", parent)
    stop.set()


def _run(coro: object) -> None:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency on Linux
        asyncio.run(coro)  # type: ignore[arg-type]
    else:
        uvloop.run(coro)  # type: ignore[arg-type]


def run_single(settings: RunSettings, token: AdminToken | None) -> int:
    setup_logging(settings.log_level)
    _run(serve(settings, token, admin=settings.admin_port is not None))
    return 0


def supervise(settings: RunSettings, token: AdminToken | None, workers: int) -> int:
    setup_logging(settings.log_level)
    metrics_dir = tempfile.mkdtemp(prefix="gateway-metrics-")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": metrics_dir}
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def on_hup(signum: int, frame: object) -> None:
        for proc in procs.values():
            proc.send_signal(signal.SIGHUP)

    signal.signal(signal.SIGHUP, on_hup)

    def spawn(i: int) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen([sys.executable, "-m", "gateway.workers"], stdin=subprocess.PIPE,
                                env=env)
        payload = {"settings": asdict(settings), "worker": i,
                   "token": token.reveal() if token is not None and i == 0 else None}
        assert proc.stdin is not None
        proc.stdin.write(json.dumps(payload).encode())
        proc.stdin.close()
        return proc

    procs = {i: spawn(i) for i in range(workers)}
    started = time.monotonic()
    restarts: list[float] = []
    code = 0
    try:
        while not stopping:
            time.sleep(0.1)
            for i, proc in list(procs.items()):
                rc = proc.poll()
                if rc is None or stopping:
                    continue
                _mark_dead(proc.pid, metrics_dir)
                now = time.monotonic()
                restarts = [t for t in restarts if now - t < 60]
                if now - started < 5 or len(restarts) >= 5:
                    print(f"gateway: worker {i} exited with code {rc}; stopping",
                          file=sys.stderr)
                    code = 3
                    stopping = True
                    break
                log.warning("worker %d exited with code %s; restarting", i, rc)
                restarts.append(now)
                procs[i] = spawn(i)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(metrics_dir, ignore_errors=True)
    return code


def _mark_dead(pid: int, path: str) -> None:
    with contextlib.suppress(Exception):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(pid, path)


def _worker_main() -> int:
    payload = json.loads(sys.stdin.read())
    settings = RunSettings(**payload["settings"])
    worker = int(payload["worker"])
    setup_logging(settings.log_level, worker)
    try:
        token = AdminToken(payload["token"]) if payload.get("token") else None
        _run(serve(settings, token, worker=worker, reuse_port=True,
                   admin=worker == 0 and settings.admin_port is not None))
    except ConfigError as exc:
        print(f"gateway worker {worker}: error: {exc.message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"gateway worker {worker}: cannot start: {exc.strerror or exc}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(_worker_main())
