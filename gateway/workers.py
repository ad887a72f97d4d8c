"""Running the gateway: one process, or a supervisor with N worker processes.

Owns process lifecycle. Guarantees:

* `serve` runs one `Gateway` until SIGTERM/SIGINT, then drains and closes it; SIGHUP reloads
  the config at once;
* `supervise` starts N workers (`python -m gateway.workers`) that share the data port through
  `SO_REUSEPORT`; worker 0 also serves the admin API. The admin token reaches the workers over
  a pipe (stdin), never through argv or the environment. Workers converge on stage changes
  through the routes file (reload.py) or the control table (stage_pg.py); SIGHUP is passed on
  to every worker. Write holds reach every worker through a control socket each
  (control_channel.py, in a 0700 folder the supervisor creates and removes), so the admin
  worker can wait for every answer. Prometheus metrics are aggregated over all workers through
  `PROMETHEUS_MULTIPROC_DIR`.
* a worker is started once it reports ready over its own pipe (its listeners are bound). A
  worker that dies after that is restarted at once (at most 5 restarts a minute, beyond that
  the gateway stops with exit code 3); a worker that dies before it was first ready (the port
  is taken, the config cannot be read) stops the whole gateway with exit code 3.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from gateway.auth import AdminToken
from gateway.errors import ConfigError, GatewayError
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
                reuse_port: bool = False, admin: bool = True,
                ready_fd: int | None = None, replacement: bool = False,
                control_dir: str | None = None) -> None:
    gw = Gateway(settings.config, host=settings.host, port=settings.port,
                 admin_host=settings.admin_host,
                 admin_port=settings.admin_port if admin else None, admin_token=token,
                 reuse_port=reuse_port, worker=worker, watch_interval=settings.watch_interval,
                 replacement=replacement, control_dir=control_dir)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_signal_handler(signal.SIGHUP, gw.holder.request_reload)
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
        # one write of the whole line: workers share stderr, and print() writes the text and
        # its newline separately when Python runs unbuffered (lines of two workers interleaved)
        sys.stderr.write(f"gateway worker {worker} (pid {os.getpid()}): listening on "
                         f"http://{settings.host}:{gw.port}{admin_text}, config "
                         f"{gw.holder.current.version}\n")
        sys.stderr.flush()
        if ready_fd is not None:
            os.write(ready_fd, b"1")
            os.close(ready_fd)
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
    control_dir = tempfile.mkdtemp(prefix="gateway-ctl-")  # mode 0700: ours only
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": metrics_dir}
    stopping = False
    procs: dict[int, _Worker] = {}

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    def on_hup(signum: int, frame: object) -> None:
        for w in procs.values():
            w.proc.send_signal(signal.SIGHUP)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_hup)

    def spawn(i: int, replacement: bool = False) -> _Worker:
        ready_r, ready_w = os.pipe()
        proc = subprocess.Popen([sys.executable, "-m", "gateway.workers"], stdin=subprocess.PIPE,
                                env=env, pass_fds=(ready_w,))
        os.close(ready_w)
        payload = {"settings": asdict(settings), "worker": i, "ready_fd": ready_w,
                   "replacement": replacement, "control_dir": control_dir,
                   "token": token.reveal() if token is not None and i == 0 else None}
        assert proc.stdin is not None
        proc.stdin.write(json.dumps(payload).encode())
        proc.stdin.close()
        worker = _Worker(proc, ready_r)
        worker.restart = replacement
        return worker

    restarts: list[float] = []
    code = 0
    try:
        for i in range(workers):
            procs[i] = spawn(i)
        while not stopping:
            _wait_ready(procs.values(), 0.1)
            for i, w in list(procs.items()):
                rc = w.proc.poll()
                if rc is None or stopping:
                    continue
                _mark_dead(w.proc.pid, metrics_dir)
                if w.ready_fd is not None:  # it is gone, so this never blocks
                    w.ever_ready = os.read(w.ready_fd, 1) == b"1"
                w.close()
                now = time.monotonic()
                restarts = [t for t in restarts if now - t < 60]
                if not w.ever_ready and not w.restart:
                    print(f"gateway: worker {i} could not start (exit code {rc}); stopping",
                          file=sys.stderr)
                    code, stopping = 3, True
                    break
                if len(restarts) >= _MAX_RESTARTS:
                    print(f"gateway: worker {i} exited with code {rc}, {len(restarts)} restarts "
                          "in the last minute; stopping", file=sys.stderr)
                    code, stopping = 3, True
                    break
                log.warning("worker %d (pid %d) exited with code %s; restarting", i,
                            w.proc.pid, rc)
                restarts.append(now)
                procs[i] = spawn(i, replacement=True)
    finally:
        for w in procs.values():
            if w.proc.poll() is None:
                w.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for w in procs.values():
            try:
                w.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                w.proc.kill()
                w.proc.wait()
            w.close()
        shutil.rmtree(metrics_dir, ignore_errors=True)
        shutil.rmtree(control_dir, ignore_errors=True)
    return code


_MAX_RESTARTS = 5  # a minute


class _Worker:
    """A worker process and the read end of its readiness pipe (closed once it reported)."""

    def __init__(self, proc: subprocess.Popen[bytes], ready_fd: int) -> None:
        self.proc = proc
        self.ready_fd: int | None = ready_fd
        self.ever_ready = False
        self.restart = False  # a replacement: failing to start counts as a restart

    def close(self) -> None:
        if self.ready_fd is not None:
            os.close(self.ready_fd)
            self.ready_fd = None


def _wait_ready(workers: Iterable[_Worker], timeout: float) -> None:
    """Wait up to `timeout` for readiness reports; mark the workers that sent theirs."""
    pending = {w.ready_fd: w for w in workers if w.ready_fd is not None}
    if not pending:
        time.sleep(timeout)
        return
    readable, _, _ = select.select(list(pending), [], [], timeout)
    for fd in readable:
        w = pending[fd]
        w.ever_ready = os.read(fd, 1) == b"1"  # b"": died before it was ready
        w.close()


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
                   admin=worker == 0 and settings.admin_port is not None,
                   ready_fd=payload.get("ready_fd"),
                   replacement=bool(payload.get("replacement")),
                   control_dir=payload.get("control_dir")))
    except ConfigError as exc:
        print(f"gateway worker {worker}: error: {exc.message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"gateway worker {worker}: cannot start: {exc.strerror or exc}", file=sys.stderr)
        return 3
    except GatewayError as exc:  # e.g. the stage store unreachable with nothing cached
        print(f"gateway worker {worker}: cannot start: {exc.message}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(_worker_main())
