"""A note typed and the app killed within a second: the note is there on reopening.

A child process opens a vault, shows the real notes panel offscreen, types a
note in several bursts with QTest, says so on stdout, and is SIGKILLed by
the parent 0.3 to 1.0 s after its last keystroke: no focus-out, no hide, no
quit, nothing but the autosave throttle can have saved it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.notes import NoteStore, NoteSubject
from app.clock import FakeClock
from app.vault import open_vault

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from app.circles import CircleDraft
from app.context import AppContext
from ui.circles.notes_panel import NotesPanel

app = QApplication([])
path, bursts = Path(sys.argv[1]), json.loads(sys.argv[2])
context = AppContext.for_data_dir(path.parent / "data")
context.open_vault(path, create=True)
circle = context.circles.create(CircleDraft("Crash circle"))
print("CIRCLE", circle.id, flush=True)
panel = NotesPanel(context)
panel.show_circle(circle.id)
panel.resize(800, 500)
panel.show()
panel.editor.set_focus()
for text, pause_ms in bursts:
    QTest.keyClicks(panel.editor.text_box, text)
    QTest.qWait(pause_ms)
print("TYPED", flush=True)
while True:
    QTest.qWait(20)
"""

TRIALS = 5


def bursts_for(rng: random.Random) -> list[tuple[str, int]]:
    """A few hundred characters in 4 to 6 bursts; the pauses between them are
    sometimes shorter and sometimes longer than the save delay. The last
    burst is followed by no pause at all: the kill comes after it."""
    alphabet = string.ascii_letters + string.digits + " .,;:'!?-()"
    count = rng.randint(4, 6)
    bursts = []
    for number in range(count):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(50, 90)))
        pause = 0 if number == count - 1 else rng.choice((40, 120, 300))
        bursts.append((text, pause))
    return bursts


def type_and_kill(path: Path, bursts: list[tuple[str, int]], rng: random.Random) -> str:
    """Run the child, kill it at a random moment after its typing; its circle id."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), json.dumps(bursts)], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    try:
        first = child.stdout.readline().split()
        assert first[:1] == ["CIRCLE"], child.stderr.read() if child.poll() is not None else first
        typed = child.stdout.readline().strip()
        assert typed == "TYPED", typed
        time.sleep(rng.uniform(0.3, 1.0))
        assert child.poll() is None, "the child ended by itself"
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == -signal.SIGKILL
    return first[1]


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_note_typed_then_killed_is_there_on_reopening(tmp_path, trial):
    rng = random.Random(1000 + trial)
    bursts = bursts_for(rng)
    path = tmp_path / "circlekeeper.db"
    circle_id = type_and_kill(path, bursts, rng)

    vault = open_vault(path)
    try:
        assert vault.query("PRAGMA integrity_check") == [("ok",)]
        note = NoteStore(vault, FakeClock()).get(NoteSubject.CIRCLE, circle_id)
        assert note == "".join(text for text, _ in bursts)
    finally:
        vault.close()
