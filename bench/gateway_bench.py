#!/usr/bin/env python3
"""Benchmark: direct upstream vs the strangler gateway (shadow off / shadow 10 %) vs nginx.

Everything runs on 127.0.0.1 on free ports: one nginx instance (1 worker) serves the two
upstreams ("monolith" and "inventory", a small JSON body), a second nginx (1 worker, upstream
keep-alive) is the reference proxy, and the gateway runs with one worker process. `wrk` drives
each target at the given concurrencies (one thread).

Installs nothing: if `nginx` or `wrk` is missing it prints the install command and exits 2.

    python bench/gateway_bench.py [--duration 10] [--connections 1,10,50] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from strangler.stack.process import free_port  # noqa: E402  (below the ephemeral range)

INSTALL = "apt-get install -y nginx-light wrk"
BODY = '{"served_by":"monolith","item":1,"quantity":42}'


def wait_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def nginx_conf(prefix: Path, servers: str) -> Path:
    conf = prefix / "nginx.conf"
    conf.write_text(f"""
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    keepalive_requests 1000000;
{servers}
}}
""")
    return conf


def start_nginx(prefix: Path, servers: str) -> subprocess.Popen[bytes]:
    prefix.mkdir(parents=True, exist_ok=True)
    conf = nginx_conf(prefix, servers)
    return subprocess.Popen(["nginx", "-p", str(prefix), "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def run_wrk(url: str, connections: int, duration: int) -> dict[str, float]:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, check=True,
                         timeout=duration + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)

    def pct(p: str) -> float:
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert m, out
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {"rps": rps, "p50_ms": pct("50"), "p99_ms": pct("99"),
            "non2xx": float(errors.group(1)) if errors else 0.0,
            "socket_errors": 1.0 if sock else 0.0}


def gateway_routes(path: Path, up_a: int, up_b: int, stage: str) -> None:
    """The demo's full feature set: owned prefix, several routes, canary with override token,
    fallback, shadow with ignore rules and a mismatch log, metrics (always on)."""
    path.write_text(f"""
revision: 1
upstreams:
  monolith: {{url: "http://127.0.0.1:{up_a}", max_connections: 256}}
  inventory: {{url: "http://127.0.0.1:{up_b}", max_connections: 256}}
default_upstream: monolith
canary:
  sticky_header: X-Customer-Id
  override_token_sha256: "{"ab" * 32}"
shadow:
  mismatch_log: {path.parent / "mismatches.jsonl"}
contexts:
  inventory:
    stage: {stage}
    service: inventory
    owns: [/api/inventory]
    routes:
      - GET /api/inventory
      - GET /api/inventory/{{item_id}}
      - POST /api/inventory/adjust
      - POST /api/inventory/{{item_id}}/reserve
      - POST /api/inventory/{{item_id}}/release
    canary: {{percent: 10}}
    shadow: {{sample_percent: 10, ignore_fields: [served_by, served_at]}}
    fallback: {{on_5xx: true}}
""")


def start_gateway(routes: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "from gateway.cli import gateway; gateway()", "run",
         "--config", str(routes), "--listen", f"127.0.0.1:{port}", "--no-admin",
         "--workers", str(workers), "--log-level", "warning"], cwd=REPO,
        stderr=(routes.parent / f"gateway-{port}-{workers}.log").open("wb"))


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    ap.add_argument("--connections", default="1,10,50")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--gateway-workers", type=int, default=2,
                    help="also measure the gateway with this many workers (0: skip)")
    args = ap.parse_args()
    missing = [b for b in ("nginx", "wrk") if shutil.which(b) is None]
    if missing:
        print(f"missing: {', '.join(missing)}; install with:\n  {INSTALL}", file=sys.stderr)
        return 2
    conns = [int(c) for c in args.connections.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="gateway-bench-"))
    up_a, up_b, nginx_port, gw_port = free_port(), free_port(), free_port(), free_port()
    procs: list[subprocess.Popen[bytes]] = []
    results: dict[str, dict[int, dict[str, float]]] = {}
    try:
        body = BODY.replace('"', '\\"')
        upstreams = start_nginx(tmp / "upstreams", f"""
    server {{ listen 127.0.0.1:{up_a}; location / {{ default_type application/json;
        return 200 "{body}"; }} }}
    server {{ listen 127.0.0.1:{up_b}; location / {{ default_type application/json;
        return 200 "{body}"; }} }}
""")
        procs.append(upstreams)
        proxy = start_nginx(tmp / "proxy", f"""
    upstream monolith {{ server 127.0.0.1:{up_a}; keepalive 256; }}
    server {{ listen 127.0.0.1:{nginx_port};
        location / {{ proxy_pass http://monolith; proxy_http_version 1.1;
            proxy_set_header Connection ""; proxy_buffering on; }} }}
""")
        procs.append(proxy)
        for port in (up_a, up_b, nginx_port):
            wait_port(port)
        path = "/api/inventory/1"
        targets: list[tuple[str, str | None]] = [
            ("direct upstream", f"http://127.0.0.1:{up_a}{path}"),
            ("gateway (all on, shadow off)", "legacy"),
            ("gateway (shadow 10%)", "shadow"),
            ("nginx (1 worker)", f"http://127.0.0.1:{nginx_port}{path}"),
        ]
        if args.gateway_workers > 1:
            targets.insert(3, (f"gateway x{args.gateway_workers} workers", "legacy*"))
        for name, target in targets:
            gw = None
            if target in ("legacy", "shadow", "legacy*"):
                stage = target.rstrip("*")
                routes = tmp / f"routes-{stage}.yaml"
                gateway_routes(routes, up_a, up_b, stage)
                workers = args.gateway_workers if target.endswith("*") else 1
                gw = start_gateway(routes, gw_port, workers)
                try:
                    wait_port(gw_port)
                except RuntimeError:
                    log = tmp / f"gateway-{gw_port}-{workers}.log"
                    print(log.read_text(errors="replace"), file=sys.stderr)
                    raise
                time.sleep(0.5 * workers)  # let every worker bind
                url = f"http://127.0.0.1:{gw_port}{path}"
            else:
                assert target is not None
                url = target
            try:
                run_wrk(url, 10, 1)  # warm-up: pools, caches
                results[name] = {c: run_wrk(url, c, args.duration) for c in conns}
            finally:
                if gw is not None:
                    stop(gw)
                    time.sleep(0.3)
    finally:
        for p in procs:
            stop(p)
        shutil.rmtree(tmp, ignore_errors=True)

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    head = f"{'target':30}" + "".join(f" | c{c:<3} req/s   p50 ms   p99 ms" for c in conns)
    print(head)
    print("-" * len(head))
    for name, per in results.items():
        row = f"{name:30}"
        for c in conns:
            r = per[c]
            row += f" | {r['rps']:>10.0f} {r['p50_ms']:>8.3f} {r['p99_ms']:>8.3f}"
            if r["non2xx"] or r["socket_errors"]:
                row += " !"
        print(row)
    gw, ng, direct = (results["gateway (all on, shadow off)"], results["nginx (1 worker)"],
                      results["direct upstream"])
    print()
    for c in conns:
        print(f"c{c}: gateway (1 worker)/nginx (1 worker) req/s = "
              f"{gw[c]['rps'] / ng[c]['rps']:.2f}x; added p50 vs direct = "
              f"{gw[c]['p50_ms'] - direct[c]['p50_ms']:.3f} ms; vs nginx = "
              f"{gw[c]['p50_ms'] - ng[c]['p50_ms']:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
