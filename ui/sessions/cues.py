"""Gentle cues when a turn's time is up: an optional soft chime, played
once, and an optional single pulse of the timer face. Both are off until the
facilitator turns them on; the choice is remembered on this computer.

The chime uses whatever plays a sound file here, without QtMultimedia (not
in this install, and not wanted): winsound on Windows, `afplay` on macOS,
and the first of `pw-play`, `paplay`, `aplay` on Linux. The player is
started detached (no shell, no waiting), so a slow sound system can never
hold up the timer.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from app.paths import resource
from app.settings import Settings
from app.timer import Cue
from app.turns import Turn

from .. import dialogs
from ..text import tooltip

CHIME = resource("sounds", "chime.wav")
LINUX_PLAYERS = (("pw-play", ()), ("paplay", ()), ("aplay", ("-q",)))
CHIME_KEY = "cues.chime"
FLASH_KEY = "cues.flash"
NO_PLAYER = ("No program to play sounds was found on this computer "
             "(Circlekeeper looks for pw-play, paplay or aplay).")


@dataclass(frozen=True)
class Player:
    """How to play a sound file here: a command, or Windows' own winsound."""

    name: str
    argv: tuple[str, ...] = ()    # the command before the file name; empty for winsound


def find_player(platform: str | None = None) -> Player | None:
    """The first way to play a sound on this system, or None."""
    platform = platform or sys.platform
    if platform == "win32":
        return Player("winsound")
    if platform == "darwin":
        found = shutil.which("afplay")
        return Player("afplay", (found,)) if found else None
    for name, options in LINUX_PLAYERS:
        found = shutil.which(name)
        if found:
            return Player(name, (found, *options))
    return None


def play(player: Player, sound: Path = CHIME) -> bool:
    """Start playing `sound` and return at once. False if it could not start."""
    if player.name == "winsound":
        import winsound  # Windows only

        winsound.PlaySound(str(sound), winsound.SND_FILENAME | winsound.SND_ASYNC)
        return True
    started = QProcess.startDetached(player.argv[0], [*player.argv[1:], str(sound)])
    return bool(started[0] if isinstance(started, tuple) else started)


class Cues:
    """Watches the current turn and gives each cue at most once per turn:
    when a turn goes from having time left to having none."""

    def __init__(self, settings: Settings, pulse: Callable[[], None],
                 player: Player | None = None) -> None:
        self.settings = settings
        self.pulse = pulse
        self.player = player
        self._turn: Turn | None = None
        self._cue = Cue.GREEN
        self._given: list[Turn] = []     # turns already cued (compared by identity)

    @classmethod
    def here(cls, settings: Settings, pulse: Callable[[], None]) -> "Cues":
        return cls(settings, pulse, find_player())

    @property
    def can_chime(self) -> bool:
        return self.player is not None

    @property
    def chime_on(self) -> bool:
        return self.can_chime and self.settings.get_bool(CHIME_KEY, False)

    @property
    def flash_on(self) -> bool:
        return self.settings.get_bool(FLASH_KEY, False)

    def set_chime(self, on: bool) -> None:
        self.settings.set(CHIME_KEY, bool(on))

    def set_flash(self, on: bool) -> None:
        self.settings.set(FLASH_KEY, bool(on))

    def observe(self, turn: Turn | None, cue: Cue, running: bool) -> None:
        """Called on every repaint. A turn first seen already over is not cued
        (after carrying on, say); one that runs out while watched is, once."""
        if turn is None:
            self._turn = None
            return
        if turn is not self._turn:
            self._turn, self._cue = turn, cue
            return
        before, self._cue = self._cue, cue
        if cue is Cue.RED and before is not Cue.RED and running and not self._was_given(turn):
            self._given.append(turn)
            self._give()

    def _was_given(self, turn: Turn) -> bool:
        return any(given is turn for given in self._given)

    def _give(self) -> None:
        if self.chime_on:
            play_chime(self.player)
        if self.flash_on:
            self.pulse()


def play_chime(player: Player) -> bool:
    """Indirection so tests can count chimes without any sound."""
    try:
        return play(player)
    except (OSError, RuntimeError):
        return False


class CueChoices(QWidget):
    """The two check boxes that turn the cues on and off, remembered at once.
    The chime is offered disabled, saying why, when nothing here plays sound."""

    def __init__(self, cues: Cues, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cues = cues
        self.chime_box = QCheckBox("Soft chime at time up")
        self.flash_box = QCheckBox("Gentle flash at time up")
        self.chime_box.setChecked(cues.chime_on)
        self.flash_box.setChecked(cues.flash_on)
        if not cues.can_chime:
            self.chime_box.setEnabled(False)
            self.chime_box.setToolTip(tooltip(NO_PLAYER))
        self.chime_box.toggled.connect(lambda on: self._remember(cues.set_chime, on))
        self.flash_box.toggled.connect(lambda on: self._remember(cues.set_flash, on))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chime_box)
        row.addWidget(self.flash_box)

    def _remember(self, setter: Callable[[bool], None], on: bool) -> None:
        dialogs.run_or_report(self, lambda: setter(on), "Setting not saved")
