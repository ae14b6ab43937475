"""A session process killed mid-turn: reopened, it carries on with every
finished turn intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.clock import FakeClock
from app.session_run import SessionRun, saved_turns
from app.timer import TimerStatus
from app.vault import open_vault

ROOT = Path(__file__).resolve().parents[1]

# The child runs a session through the app's own storage code and reports each
# turn only after `run.do` has returned, i.e. after it was committed.
CHILD = r"""
import sys, time
from datetime import date, time as clock_time
from app.clock import FakeClock
from app.formats import RoundKind, RoundPlan
from app.members import MemberDraft, MemberStore
from app.circles import CircleDraft, CircleStore
from app.sessions import SessionDraft, SessionStore
from app.session_run import SessionRun
from app.vault import open_vault

vault = open_vault(sys.argv[1], create=True)
clock = FakeClock()
circle = CircleStore(vault, clock).create(CircleDraft("Crash circle"))
people = MemberStore(vault, clock).add_many(circle.id, [MemberDraft(n) for n in "ABCDEFGH"])
rounds = tuple(RoundPlan(f"Round {i}", RoundKind.EACH, 2) for i in range(40))
session = SessionStore(vault, clock).create(
    circle.id, SessionDraft(date(2026, 3, 3), clock_time(19), "UTC", rounds))
run = SessionRun.prepare(vault, clock, session.id, [p.id for p in people])
run.do(run.timer.start)
print("SESSION", session.id, flush=True)
seconds = 7
while True:
    clock.advance(seconds)
    run.do(run.timer.next)
    print("SAVED", len(run.timer.done), seconds, flush=True)
    seconds = seconds % 97 + 3
    time.sleep(0.002)
"""


def run_child_and_kill(path: Path, rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        session_id = child.stdout.readline().split()[1]
        time.sleep(rng.uniform(0.02, 0.3))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    # only whole lines count: the kill can land while a report is half written
    complete = out.split("\n")[:-1]
    reported = [tuple(map(int, line.split()[1:])) for line in complete
                if line.startswith("SAVED ") and len(line.split()) == 3]
    return session_id, reported


@pytest.mark.parametrize("trial", range(5))
def test_killed_mid_session_then_carried_on(tmp_path, trial):
    path = tmp_path / "circlekeeper.db"
    session_id, reported = run_child_and_kill(path, random.Random(trial))

    vault = open_vault(path)
    try:
        assert vault.query("PRAGMA integrity_check") == [("ok",)]
        turns = saved_turns(vault, session_id)
        # every turn reported as saved is there, with its time; at most the
        # one being written when the kill came is there unreported
        assert len(turns) in (len(reported), len(reported) + 1)
        for count, seconds in reported:
            assert turns[count - 1].actual == seconds

        clock = FakeClock()
        run = SessionRun.carry_on(vault, clock, session_id)
        assert run.timer.status is TimerStatus.PAUSED
        assert len(run.timer.done) == len(turns)
        run.do(run.timer.resume)
        clock.advance(42)
        run.do(run.timer.next)
        again = saved_turns(vault, session_id)
        assert [t.actual for t in again[:-1]] == [t.actual for t in turns]
        assert again[-1].actual >= 42
    finally:
        vault.close()
