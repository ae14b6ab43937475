"""A screenshot tour of running a session: `python -m tests.tour_sessions OUT_DIR`
renders the live view at green, amber, red and overrun, paused, a coaching
step and the end, and the projector view (the speaker's commitment from the
demo's last session is shown open at green and marked done from amber on), at 1280x800 and 1920x1080, in the
light and the dark palette, with demo data and a fake clock. Used to look at
the timer as a facilitator (and the back row) would.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, time, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = ((1280, 800), (1920, 1080))


def _prepare(context, format_index: int):
    """A session of the demo circle in a shipped format, everyone present."""
    from app.formats import load_shipped
    from app.session_run import SessionRun
    from app.sessions import SessionDraft

    wanted = "Saturday Coaching Circle" if format_index == 1 else "Thursday Evening Peer Support"
    circle = next(c for c in context.circles.list() if c.name == wanted)
    members = {m.id: m for m in context.members.list(circle.id)}
    plan = load_shipped()[format_index]
    session = context.sessions.create(circle.id, SessionDraft(
        context.clock.now().date(), time(19, 0), "Europe/London", plan.rounds,
        "St Mary's Church Hall", plan.name))
    order = [m.id for m in members.values() if not m.has_left]
    return SessionRun.prepare(context.vault, context.clock, session.id, order), members


def _states(run, clock):
    """Drive the timer through the moments worth looking at; yield each name."""
    timer = run.timer
    yield "ready"
    run.do(timer.start)
    clock.advance(47)
    yield "green"
    clock.advance(60)                   # 2-minute check-in: 13 s left
    yield "amber"
    clock.advance(13)
    yield "red"
    clock.advance(30)
    yield "overrun"
    run.do(timer.pause)
    yield "paused"
    run.do(timer.resume)
    run.do(timer.next)
    run.do(timer.pass_turn)
    run.do(timer.next)
    clock.advance(75)
    yield "third-speaker"


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from app.clock import FakeClock
    from app.context import AppContext
    from app.demo import create_demo
    from app.paths import Paths
    from ui.sessions.run_window import RunWindow
    from ui.theme import apply_theme, dark_palette

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    saved = []
    for theme in ("light", "dark"):
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())
        apply_theme(app)
        clock = FakeClock(datetime(2026, 1, 8, 19, 4, tzinfo=timezone.utc))  # a Thursday
        context = AppContext(Paths(Path(tempfile.mkdtemp(prefix="ck-tour-"))), clock)
        create_demo(context)
        run, members = _prepare(context, 0)
        window = RunWindow(context, run, members)
        window.show()
        projector = window.open_projector()
        for state in _states(run, clock):
            window.live.refresh()
            if state == "amber":            # green shows the follow-up open, amber on done
                _follow_up(window)
            for width, height in SIZES:
                for name, widget in (("live", window), ("projector", projector)):
                    if name == "projector" and (theme == "dark" or width == 1280
                                                and state not in ("green", "overrun")):
                        continue        # the projector has one look; fewer pictures
                    widget.resize(width, height)
                    app.processEvents()
                    path = out / f"{name}-{state}-{width}x{height}-{theme}.png"
                    widget.grab().save(str(path))
                    saved.append(path)
        saved += _coaching(app, context, out, theme)
        window.live.stop()
        projector.close()
        window.hide()
        context.close_vault()
    print("\n".join(str(p) for p in saved))


def _follow_up(window) -> None:
    """Mark the speaker's first commitment from last time done, as the facilitator would."""
    from app.commitments import CommitmentStatus

    rows = list(window.live.followup.rows.values())
    if rows:
        rows[0].button(CommitmentStatus.DONE).click()


def _coaching(app, context, out: Path, theme: str) -> list[Path]:
    """A peer-coaching step, a pairs round and the end, at the smaller size."""
    from ui.sessions.run_window import RunWindow

    saved = []
    for format_index, label in ((1, "coaching"), (2, "pairs")):
        run, members = _prepare(context, format_index)
        window = RunWindow(context, run, members)
        window.resize(1280, 800)
        window.show()
        timer = run.timer
        run.do(timer.start)
        while timer.round is not None and timer.round.kind.value not in ("coaching", "pairs"):
            run.do(timer.next)
        context.clock.advance(100)
        window.live.refresh()
        app.processEvents()
        saved.append(out / f"live-{label}-1280x800-{theme}.png")
        window.grab().save(str(saved[-1]))
        if label == "pairs":
            projector = window.open_projector()
            projector.resize(1280, 800)
            app.processEvents()
            saved.append(out / f"projector-{label}-1280x800-{theme}.png")
            projector.grab().save(str(saved[-1]))
            projector.close()
            run.do(timer.end)
            window.live.refresh()
            app.processEvents()
            saved.append(out / f"live-ended-1280x800-{theme}.png")
            window.grab().save(str(saved[-1]))
        window.live.stop()
        window.hide()
    return saved


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots/sessions"))
