"""The write switch end to end: the sample monolith, the inventory service and a gateway (the
demo's rig) on the session's real stack, the real connectors and appliers, load through the
gateway.

* the cut-over (`reads -> writes`) through its gates, and the rollback, under load: every
  write a client was told succeeded (2xx) is in the system of record afterwards (per item, the
  acknowledged deltas), no 5xx but bounded holds (503 with Retry-After), the hold recorded;
* no ping-pong after the cut-over: once both directions have provably caught up (fences
  applied), the applier markers in both databases stay where they are;
* the controller killed (-9) at each step of the switch, in a process of its own, then
  `phase resume` or `phase abort`: a consistent stage, writes released, the directions of
  that stage running, the stores equal (`strangler verify` exits 0), the journal in history.

The rig starts at `reads` (set in its routes file before the gateway starts): the earlier
steps are not what these tests are about.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import yaml

from cdc.fences import heartbeat_query, wait_for_fence
from gateway.stages import Stage
from phase.admin_client import GatewayAdmin
from phase.controller import Controller, pending_switch, phase_dir, switch_journal
from phase.cutover import CUTOVER
from phase.sync_control import StackSync
from strangler.loadgen import BackgroundLoad, WriteLedger
from strangler.rig import Rig, start_rig, stop_rig
from strangler.seed import SeedCounts, create_schema, seed_database
from strangler.stack.runner import LocalStack
from strangler.walk import demo_routes
from tests.support import demo_syncs_removed

pytestmark = pytest.mark.stack

ROUTES = Path(__file__).resolve().parents[2] / "routes.yaml"
CONTEXT = "inventory"
ITEMS = 300
State = dict[int, tuple[int, int]]  # item -> (on hand, reserved)


def _at_reads(path: Path) -> None:
    demo_routes(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["contexts"][CONTEXT]["stage"] = "reads"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def monolith_state(local: LocalStack) -> State:
    with psycopg.connect(local.monolith_dsn) as conn:
        rows = conn.execute("select id, qty_on_hand, qty_reserved from inventory_items").fetchall()
    return {int(i): (int(h), int(r)) for i, h, r in rows}


def service_state(local: LocalStack) -> State:
    with psycopg.connect(local.service_dsn(CONTEXT)) as conn:
        rows = conn.execute("select item_id, on_hand, reserved from stock_items").fetchall()
    return {int(i): (int(h), int(r)) for i, h, r in rows}


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.25)


def converged(local: LocalStack) -> bool:
    return monolith_state(local) == service_state(local)


@pytest.fixture(scope="module")
def rig(stack: LocalStack) -> Iterator[Rig]:
    with demo_syncs_removed(stack, ROUTES):
        create_schema(stack.monolith_dsn, "monolith")
        create_schema(stack.service_dsn(CONTEXT), "inventory")
        seed_database(stack.monolith_dsn, SeedCounts(items=ITEMS))
        started = start_rig(stack, ROUTES, fresh=True, prepare=_at_reads)
        try:
            StackSync(stack, started.routes, CONTEXT).start("forward")
            wait_for(lambda: converged(stack), 120, "the service to catch up with the monolith")
            yield started
        finally:
            stop_rig(stack)


@pytest.fixture
def admin(rig: Rig) -> Iterator[GatewayAdmin]:
    client = GatewayAdmin(rig.admin_url, rig.token)
    yield client
    client.close()


def controller(rig: Rig, admin: GatewayAdmin) -> Controller:
    return Controller(rig.routes, [admin], sync=StackSync(rig.local, rig.routes, CONTEXT),
                      state_dir=str(rig.local.state_dir), actor="test", say=print)


def sync_running(rig: Rig) -> dict[str, bool]:
    sync = StackSync(rig.local, rig.routes, CONTEXT)
    return {d: sync.running(d) for d in ("forward", "reverse")}


def history(rig: Rig) -> Path:
    return phase_dir(rig.routes) / "history"


def held_writes(admin: GatewayAdmin) -> object:
    return admin.context(CONTEXT).get("write_hold")


def check_ledger(ledger: WriteLedger, load: BackgroundLoad) -> None:
    assert load.failure is None, f"the load generator stopped: {load.failure!r}"
    assert ledger.unknown == 0, f"{ledger.unknown} write(s) without an answer (lost or not?)"
    assert ledger.server_errors() == {}, f"5xx other than bounded holds: {ledger.statuses}"
    assert ledger.acknowledged > 0


def acknowledged_after(ledger: WriteLedger, more: int, timeout: float) -> None:
    """Wait until `more` further writes were acknowledged (the new writer took some)."""
    target = ledger.acknowledged + more
    wait_for(lambda: ledger.acknowledged >= target, timeout, f"{more} more acknowledged writes")


def differing(actual: State, expected: State) -> dict[int, tuple[tuple[int, int], ...]]:
    return {k: (actual.get(k, (0, 0)), v) for k, v in expected.items() if actual.get(k) != v}


# --- 1: the cut-over and the rollback under load ----------------------------------------------


def test_cutover_and_rollback_under_load_keep_every_acknowledged_write(
        rig: Rig, admin: GatewayAdmin) -> None:
    ctl = controller(rig, admin)
    assert ctl.stage(CONTEXT) == Stage.READS
    wait_for(lambda: converged(rig.local), 60, "the stores to agree before the cut-over")
    before = monolith_state(rig.local)
    ledger = WriteLedger()

    load = BackgroundLoad(rig.gateway_url, 60, on_result=ledger.record).start()
    try:
        acknowledged_after(ledger, 20, 60)  # the load is writing before the switch starts
        cut = ctl.advance(CONTEXT, Stage.WRITES, reason="test: the cut-over under load",
                          wait=150)
        acknowledged_after(ledger, 30, 60)  # and the service took writes after it
    finally:
        load.stop()
    assert cut.changed, cut.detail
    assert ctl.stage(CONTEXT) == Stage.WRITES
    check_ledger(ledger, load)
    released = cut.switch["release_writes"]
    assert 0 < released["held_seconds"] < 30, released  # bounded by max_hold_seconds
    print(f"cut-over: writes held {released['held_seconds']:.3f} s, "
          f"{released['released_writes']} released; {ledger.statuses}")
    assert (history(rig) / f"{cut.switch['id']}.journal").exists()
    assert not switch_journal(rig.routes, CONTEXT).exists()
    assert held_writes(admin) in (None, {})
    assert sync_running(rig) == {"forward": False, "reverse": True}
    # the service is the system of record: it holds every acknowledged write, nothing else
    assert differing(service_state(rig.local), ledger.expected(before)) == {}

    load = BackgroundLoad(rig.gateway_url, 60, on_result=ledger.record).start()
    try:
        acknowledged_after(ledger, 20, 60)
        back = ctl.advance(CONTEXT, Stage.READS, reason="test: the rollback under load",
                           wait=150)
        acknowledged_after(ledger, 30, 60)
    finally:
        load.stop()
    assert back.changed, back.detail
    assert ctl.stage(CONTEXT) == Stage.READS
    check_ledger(ledger, load)
    assert 0 < back.switch["release_writes"]["held_seconds"] < 30
    assert held_writes(admin) in (None, {})
    # the reverse applier is stopped, the forward one runs again
    assert sync_running(rig) == {"forward": True, "reverse": False}
    assert differing(monolith_state(rig.local), ledger.expected(before)) == {}
    wait_for(lambda: converged(rig.local), 60, "the service to follow the monolith again")


# --- 3: no ping-pong ------------------------------------------------------------------------


def _markers(local: LocalStack) -> tuple[int, int]:
    """Applier transactions recorded so far: (in the service, in the monolith)."""
    counts = []
    for dsn in (local.service_dsn(CONTEXT), local.monolith_dsn):
        with psycopg.connect(dsn) as conn:
            row = conn.execute("select count(*) from strangler_cdc.cdc_origin").fetchone()
        counts.append(int(row[0]) if row else 0)
    return counts[0], counts[1]


def _fence_through(source_dsn: str, target_dsn: str, group: str) -> None:
    """A fence on the source, waited for at the target: the applier processed everything the
    source wrote before it (the positive signal that a loop could have shown by now)."""
    with psycopg.connect(source_dsn, autocommit=True) as conn:
        conn.execute(heartbeat_query("public.strangler_fence"))
        row = conn.execute("select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint").fetchone()
    assert row is not None
    with psycopg.connect(target_dsn, autocommit=True) as conn:
        wait_for_fence(conn, group, int(row[0]), 60)


def test_no_ping_pong_after_the_cutover(rig: Rig, admin: GatewayAdmin) -> None:
    ctl = controller(rig, admin)
    ledger = WriteLedger()
    load = BackgroundLoad(rig.gateway_url, 40, on_result=ledger.record).start()
    try:
        if ctl.stage(CONTEXT) != Stage.WRITES:  # the gates judge traffic: under load
            outcome = ctl.advance(CONTEXT, Stage.WRITES, reason="test: ping-pong", wait=150)
            assert outcome.changed, outcome.detail
        acknowledged_after(ledger, 20, 60)  # the service writes; reverse sync carries them
    finally:
        load.stop()
    check_ledger(ledger, load)
    sync = StackSync(rig.local, rig.routes, CONTEXT)
    reverse = sync.direction("reverse")
    service, monolith = rig.local.service_dsn(CONTEXT), rig.local.monolith_dsn
    _fence_through(service, monolith, reverse.consumer_group)
    wait_for(lambda: converged(rig.local), 60, "the monolith to catch up with the service")
    first = _markers(rig.local)
    assert first[1] > 0, "the reverse applier recorded no transaction in the monolith"
    # twice more: a loop would have carried the applied writes back by the end of each round
    for _ in range(2):
        _fence_through(service, monolith, reverse.consumer_group)
        assert _markers(rig.local) == first
    assert sync_running(rig) == {"forward": False, "reverse": True}


# --- 2: kill -9 at every step, then resume or abort -----------------------------------------

# Each step once (about 30 s each on the stack), the four combinations of where the kill lands
# (after `begin`, after the effect) and how the switch is then ended (resume, abort) in turn.
CRASHES = [(step.name, ("begun", "done")[i % 2], ("resume", "abort", "abort", "resume")[i % 4])
           for i, step in enumerate(CUTOVER)]


def cli(rig: Rig, *args: str, crash: str | None = None, timeout: float = 300
        ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRANGLER_")}
    env["STRANGLER_STATE_DIR"] = str(rig.local.state_dir)
    if crash is not None:
        env["STRANGLER_CDC_CRASH_AT"] = crash
    return subprocess.run([sys.executable, "-m", "strangler.cli", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def phase_cli(rig: Rig, command: str, *args: str, crash: str | None = None
              ) -> subprocess.CompletedProcess[str]:
    return cli(rig, "phase", command, CONTEXT, "--config", str(rig.routes), "--admin-url",
               rig.admin_url, "--admin-token-file", str(rig.token_file), "--state-dir",
               str(rig.local.state_dir), *args, crash=crash)


@pytest.mark.parametrize(("step", "when", "finish"), CRASHES,
                         ids=[f"{s}-{w}-{f}" for s, w, f in CRASHES])
def test_controller_killed_at_each_step_then_resumed_or_aborted(
        rig: Rig, admin: GatewayAdmin, step: str, when: str, finish: str) -> None:
    ctl = controller(rig, admin)
    old = ctl.stage(CONTEXT)
    assert old in (Stage.READS, Stage.WRITES)
    new = Stage.WRITES if old == Stage.READS else Stage.READS
    wait_for(lambda: converged(rig.local), 60, "the stores to agree before the switch")
    before = monolith_state(rig.local)
    ledger = WriteLedger()
    load = BackgroundLoad(rig.gateway_url, 20, on_result=ledger.record).start()
    try:
        acknowledged_after(ledger, 5, 60)
        # the gates are judged (and recorded) but not waited for: the crash is the subject
        crashed = phase_cli(rig, "advance", "--to", new.value, "--force", "--reason",
                            f"test: kill -9 at {step} {when}", crash=f"phase-{step}-{when}")
        assert crashed.returncode == -9, crashed.stderr[-3000:]
        pending = pending_switch(rig.routes, CONTEXT)
        assert pending is not None and f"{old} -> {new}" in pending, pending
        status = cli(rig, "phase", "status", "--config", str(rig.routes), "--context", CONTEXT,
                     "--state-dir", str(rig.local.state_dir))
        assert f"{CONTEXT}: switch " in status.stdout, status.stdout
        done = phase_cli(rig, finish, *(("--reason", "test") if finish == "abort" else ()))
        # an abort past the point of no return (the release begun) finishes instead: exit 1
        no_return = finish == "abort" and step in ("release_writes", "stop_in_sync")
        assert done.returncode == (1 if no_return else 0), done.stdout + done.stderr[-3000:]
        acknowledged_after(ledger, 5, 60)  # writes flow again
    finally:
        load.stop()
    check_ledger(ledger, load)
    stage = ctl.stage(CONTEXT)
    assert stage == (new if finish == "resume" or no_return else old), \
        done.stdout + done.stderr
    assert held_writes(admin) in (None, {})
    assert pending_switch(rig.routes, CONTEXT) is None
    assert not switch_journal(rig.routes, CONTEXT).exists()
    assert sync_running(rig) == {"forward": stage == Stage.READS,
                                 "reverse": stage == Stage.WRITES}
    direction = "forward" if stage == Stage.READS else "reverse"
    verified = cli(rig, "verify", "--context", CONTEXT, "--direction", direction, "--config",
                   str(rig.routes), "--state-dir", str(rig.local.state_dir), "--json")
    assert verified.returncode == 0, verified.stdout[-3000:] + verified.stderr[-3000:]
    assert json.loads(verified.stdout)["verdict"] == "consistent"
    wait_for(lambda: converged(rig.local), 60, "the stores to agree after the switch")
    assert differing(monolith_state(rig.local), ledger.expected(before)) == {}


def test_abort_after_the_hold_ran_out_brings_the_new_writers_writes_back(
        rig: Rig, admin: GatewayAdmin) -> None:
    """Killed after the flip; the hold ends meanwhile (released by hand here, as
    max_hold_seconds would) and the new writer takes writes; `phase abort` holds again and
    carries them to the old writer before it flips back."""
    ctl = controller(rig, admin)
    old = ctl.stage(CONTEXT)
    new = Stage.WRITES if old == Stage.READS else Stage.READS
    wait_for(lambda: converged(rig.local), 60, "the stores to agree before the switch")
    before = monolith_state(rig.local)
    ledger = WriteLedger()
    load = BackgroundLoad(rig.gateway_url, 30, on_result=ledger.record).start()
    try:
        acknowledged_after(ledger, 5, 60)
        crashed = phase_cli(rig, "advance", "--to", new.value, "--force", "--reason",
                            "test: hold runs out", crash="phase-flip-done")
        assert crashed.returncode == -9, crashed.stderr[-3000:]
        assert ctl.stage(CONTEXT) == new
        admin.release_writes(CONTEXT, actor="test", reason="the hold ran out")
        acknowledged_after(ledger, 20, 60)  # the new writer took these
        aborted = phase_cli(rig, "abort", "--reason", "test: back out")
        assert aborted.returncode == 0, aborted.stdout + aborted.stderr[-3000:]
        acknowledged_after(ledger, 5, 60)
    finally:
        load.stop()
    check_ledger(ledger, load)
    assert ctl.stage(CONTEXT) == old
    assert held_writes(admin) in (None, {})
    assert sync_running(rig) == {"forward": old == Stage.READS, "reverse": old == Stage.WRITES}
    writer = monolith_state if old == Stage.READS else service_state
    assert differing(writer(rig.local), ledger.expected(before)) == {}
    wait_for(lambda: converged(rig.local), 60, "the stores to agree after the abort")
