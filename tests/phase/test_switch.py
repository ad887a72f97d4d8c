"""The journaled write switch: decisions from a journal (pure), and the runner killed with -9
at every step then resumed or undone (effects that only record themselves)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from phase.cutover import CUTOVER, ROLLBACK, Entry, committed, decide, describe, steps_for
from phase.errors import JournalBusy, JournalCorrupt, PhaseError
from phase.journal import journal_path, open_journal, read_journal
from phase.switch import run_switch
from tests.phase.fake_switch import recording

ROOT = Path(__file__).resolve().parents[2]
NAMES = [s.name for s in CUTOVER]
BACK = [s.name for s in ROLLBACK]
SWITCHES = {"reads-writes": NAMES, "writes-reads": BACK}


def test_a_new_switch_runs_its_steps_in_order() -> None:
    assert decide(CUTOVER, []).side_effect == NAMES[0] == "start_out_sync"
    entries = [e for name in NAMES for e in (Entry("begin", name), Entry("done", name))]
    assert decide(CUTOVER, entries).action == "finished"
    assert describe(CUTOVER, entries) == "all 11 steps done"


def test_a_step_begun_and_not_done_runs_again() -> None:
    entries = [Entry("begin", NAMES[0]), Entry("done", NAMES[0]), Entry("begin", NAMES[1])]
    decision = decide(CUTOVER, entries)
    assert (decision.action, decision.side_effect) == ("run", NAMES[1])
    assert describe(CUTOVER, entries).startswith(
        f"1 of 11 steps done, interrupted during {NAMES[1]}")


def test_a_failure_undoes_touched_steps_newest_first_each_once() -> None:
    entries = [e for name in NAMES[:NAMES.index("flip")]
               for e in (Entry("begin", name), Entry("done", name))]
    entries += [Entry("begin", "flip"), Entry("failed", "flip", "stage moved meanwhile")]
    undos = []
    while (decision := decide(CUTOVER, entries)).action == "undo":
        assert decision.step is not None
        assert decision.reason == "flip failed: stage moved meanwhile"
        undos.append(decision.side_effect)
        entries.append(Entry("undo_done", decision.step.name))
    # the flip may have happened (begun): it is taken back like the steps that are done
    assert undos == ["flip_back", "switch_ports_back", "release_writes", "stop_out_sync"]
    assert decision.action == "aborted"
    assert "back where it started" in describe(CUTOVER, entries)


def test_the_ports_leave_the_old_writer_before_the_fence_and_join_the_new_one_after_the_flip(
) -> None:
    # cut-over: the monolith's local inventory writes stop while its writes are held, before
    # the drain and the fence (they do not pass through the gateway)
    assert steps_for("reads", "writes") == CUTOVER
    assert NAMES[1:4] == ["hold_writes", "switch_ports", "drain"]
    assert NAMES.index("switch_ports") < NAMES.index("fence")
    # rollback, the mirror image: back to local only once the monolith is the writer again
    assert steps_for("writes", "reads") == ROLLBACK
    assert BACK[-4:] == ["flip", "switch_ports", "release_writes", "stop_in_sync"]
    assert BACK.index("flip") < BACK.index("switch_ports")
    assert sorted(BACK) == sorted(NAMES)
    assert next(s for s in CUTOVER if s.name == "switch_ports").undo == "switch_ports_back"


def test_an_unknown_step_in_a_journal_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown step 'jump'"):
        decide(CUTOVER, [Entry("begin", "jump")])


# -- the runner and its journal ------------------------------------------------------------------
def _run(tmp_path: Path, mode: str = "run", *, crash: str | None = None,
         failing: str | None = None, switch: str = "reads-writes"
         ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("STRANGLER_CDC_CRASH_AT", None)
    env["FAKE_SWITCH"] = switch
    if crash:
        env["STRANGLER_CDC_CRASH_AT"] = crash
    args = [sys.executable, "-m", "tests.phase.fake_switch", str(tmp_path / "state"),
            str(tmp_path / "effects.log"), mode, *([failing] if failing else [])]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                          check=False)


def _log(tmp_path: Path) -> list[str]:
    path = tmp_path / "effects.log"
    return path.read_text().split() if path.exists() else []


def test_a_switch_runs_every_step_once_and_goes_to_the_history(tmp_path: Path) -> None:
    done = _run(tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, "finished"), done.stderr
    assert _log(tmp_path) == NAMES
    path = journal_path(tmp_path / "state", "inventory")
    assert not path.exists()
    (archived,) = (path.parent / "history").iterdir()
    journal = read_journal(archived)
    assert journal is not None and journal.data["fence"] == {"lsn": 1234}


@pytest.mark.parametrize("switch", sorted(SWITCHES))
@pytest.mark.parametrize("step", NAMES)
@pytest.mark.parametrize("moment", ["begun", "done"])
def test_kill_minus_9_at_any_step_then_resume_finishes_with_each_effect_repeated_at_most_once(
        tmp_path: Path, step: str, moment: str, switch: str) -> None:
    names = SWITCHES[switch]
    crashed = _run(tmp_path, crash=f"phase-{step}-{moment}", switch=switch)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    journal = read_journal(journal_path(tmp_path / "state", "inventory"))
    assert journal is not None
    steps = steps_for(*switch.split("-"))
    assert f"interrupted during {step}" in describe(steps, journal.entries)

    resumed = _run(tmp_path, switch=switch)
    assert (resumed.returncode, resumed.stdout.strip()) == (0, "finished"), resumed.stderr
    i = names.index(step)
    # killed before the effect: it runs once (on resume); after it: again on resume
    repeated = [step] if moment == "done" else []
    assert _log(tmp_path) == names[:i] + repeated + names[i:]


def test_a_failing_step_undoes_the_switch_and_says_why(tmp_path: Path) -> None:
    done = _run(tmp_path, failing="verify")
    assert (done.returncode, done.stdout.strip()) == (0, "aborted"), done.stderr
    assert _log(tmp_path) == [*NAMES[:NAMES.index("verify") + 1], "switch_ports_back",
                              "release_writes", "stop_out_sync"]


def test_a_rollback_failing_to_switch_the_ports_back_to_local_is_undone_whole(
        tmp_path: Path) -> None:
    done = _run(tmp_path, failing="switch_ports", switch="writes-reads")
    assert (done.returncode, done.stdout.strip()) == (0, "aborted"), done.stderr
    # the ports go back to the API before the stage does; the held writes are released to
    # the service again, and the forward sync started first stops last
    assert _log(tmp_path) == [*BACK[:BACK.index("switch_ports") + 1], "switch_ports_back",
                              "flip_back", "release_writes", "stop_out_sync"]


def test_abort_after_a_crash_at_the_flip_takes_back_what_may_have_happened(
        tmp_path: Path) -> None:
    assert _run(tmp_path, crash="phase-flip-done").returncode == -signal.SIGKILL
    aborted = _run(tmp_path, "abort")
    assert (aborted.returncode, aborted.stdout.strip()) == (0, "aborted"), aborted.stderr
    assert _log(tmp_path)[NAMES.index("flip") + 1:] == [
        "flip_back", "switch_ports_back", "release_writes", "stop_out_sync"]


@pytest.mark.parametrize("moment", ["begun", "done"])
def test_abort_past_the_point_of_no_return_finishes_the_switch(tmp_path: Path,
                                                               moment: str) -> None:
    # the held writes may already be at the new writer: flipping back without a hold would
    # send the next ones to the old writer before the sync brought the new writer's over
    assert _run(tmp_path, crash=f"phase-release_writes-{moment}").returncode == -signal.SIGKILL
    journal = read_journal(journal_path(tmp_path / "state", "inventory"))
    assert journal is not None
    assert "past the point of no return" in describe(CUTOVER, journal.entries)
    aborted = _run(tmp_path, "abort")
    assert (aborted.returncode, aborted.stdout.strip()) == (0, "finished"), aborted.stderr
    assert _log(tmp_path)[NAMES.index("release_writes"):] == \
        ["release_writes"] * (2 if moment == "done" else 1) + ["stop_in_sync"]
    (archived,) = (tmp_path / "state" / "history").iterdir()
    journal = read_journal(archived)
    assert journal is not None and not any(e.kind == "abort" for e in journal.entries)


def test_an_abort_before_the_release_still_undoes() -> None:
    entries = [e for name in NAMES[:NAMES.index("release_writes")]
               for e in (Entry("begin", name), Entry("done", name))]
    assert decide(CUTOVER, [*entries, Entry("abort")]).side_effect == "flip_back"
    after = [*entries, Entry("begin", "release_writes"), Entry("abort")]
    assert decide(CUTOVER, after).side_effect == "release_writes"
    # a step failing past the point of no return is run again (`phase resume`; the runner
    # stops after the failure instead of looping on it)
    failed = [*entries, Entry("begin", "release_writes"), Entry("failed", "release_writes")]
    assert decide(CUTOVER, failed).side_effect == "release_writes"


def test_a_crash_while_undoing_finishes_the_undo_on_the_next_abort(tmp_path: Path) -> None:
    crashed = _run(tmp_path, crash="phase-release_writes-begun", failing="wait_fence")
    assert crashed.returncode == -signal.SIGKILL
    journal = read_journal(journal_path(tmp_path / "state", "inventory"))
    assert journal is not None
    assert describe(CUTOVER, journal.entries).startswith(
        "being undone (wait_fence failed: wait_fence refused); still to undo: hold_writes, "
        "start_out_sync")
    aborted = _run(tmp_path, "abort")
    assert aborted.stdout.strip() == "aborted", aborted.stderr
    assert _log(tmp_path) == [*NAMES[:NAMES.index("wait_fence") + 1], "switch_ports_back",
                              "release_writes", "stop_out_sync"]


def test_one_controller_at_a_time(tmp_path: Path) -> None:
    path = journal_path(tmp_path, "inventory")
    first, created = open_journal(path, context="inventory", old="reads", new="writes")
    assert created
    try:
        with pytest.raises(JournalBusy, match="another controller is switching inventory"):
            open_journal(path, context="inventory", old="reads", new="writes")
    finally:
        first.close(finished=False)
    again, created = open_journal(path, context="inventory", old="reads", new="writes")
    assert not created and again.switch.id == first.switch.id
    again.close(finished=False)


def test_a_torn_last_line_is_cut_off_and_a_bad_line_is_named(tmp_path: Path) -> None:
    path = journal_path(tmp_path, "inventory")
    journal, _ = open_journal(path, context="inventory", old="reads", new="writes")
    journal.append(Entry("begin", "hold_writes"))
    journal.close(finished=False)
    with path.open("ab") as out:
        out.write(b'{"kind": "done", "st')  # the crash hit mid-write
    journal, created = open_journal(path, context="inventory", old="reads", new="writes")
    assert not created and journal.entries == [Entry("begin", "hold_writes")]
    journal.append(Entry("done", "hold_writes"))
    journal.close(finished=False)
    assert path.read_text().count("\n") == 3  # switch line, begin, done: the torn bit is gone

    with path.open("a") as out:
        out.write("not json\n")
    with pytest.raises(JournalCorrupt, match=r"inventory\.journal:4: not a journal line"):
        read_journal(path)


def test_a_missing_side_effect_is_refused_before_anything_runs(tmp_path: Path) -> None:
    journal, _ = open_journal(journal_path(tmp_path, "inventory"), context="inventory",
                              old="reads", new="writes")
    effects = recording(tmp_path / "effects.log")
    del effects["flip_back"]
    with pytest.raises(PhaseError, match="no side effect for step.s.: flip_back"):
        run_switch(journal, effects)
    assert journal.entries == [] and _log(tmp_path) == []
    journal.close(finished=False)


def test_past_the_release_a_failure_undoes_nothing_and_resume_runs_the_step_again(
        tmp_path: Path) -> None:
    failed = _run(tmp_path, failing="stop_in_sync")
    assert failed.returncode != 0
    assert "failed after the writes went to the new writer" in failed.stderr
    assert _log(tmp_path) == NAMES  # nothing was undone
    aborted = _run(tmp_path, "abort")  # past the point of no return an abort finishes it
    assert (aborted.returncode, aborted.stdout.strip()) == (0, "finished"), aborted.stderr
    assert _log(tmp_path) == [*NAMES, "stop_in_sync"]


def test_the_point_of_no_return_is_the_release_begun() -> None:
    entries = [e for name in NAMES[:NAMES.index("release_writes")]
               for e in (Entry("begin", name), Entry("done", name))]
    assert not committed(CUTOVER, entries)
    entries += [Entry("begin", "release_writes")]
    assert committed(CUTOVER, entries)
    entries += [Entry("done", "release_writes"), Entry("abort", reason="too late")]
    assert decide(CUTOVER, entries).side_effect == "stop_in_sync"
