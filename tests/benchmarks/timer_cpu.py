"""A running session timer: the CPU the session window uses while a turn is
timed, as a share of one core, beside an idle window measured in the same
run; and drift against the monotonic clock.

Budget (DESIGN.md, "The session timer" and "Performance budgets"): at most
0.1 % of one core (1 ms of CPU a second), and no drift.

Three kinds of child, ``python -m tests.benchmarks.timer_cpu --child KIND``:

- ``idle``, the reference: a plain QMainWindow of the session window's size
  (1280x800) with a label. Nothing ticks; no app code is imported.
- ``live``: the app's session window (RunWindow, with the app's theme) over
  a real temporary vault and a real SystemClock, the first speaker's turn
  running (started with ``window.live.next_or_start()``).
- ``projector``: the same with the projector view open too.

Start-up is not counted. Each child settles for SETTLE_SECONDS after the
timer starts (12 s: past start-up, and past the one-off drawing of each
digit's glyph in the first ten seconds), then reads its own CPU time (user +
system, every thread: ``getrusage(RUSAGE_SELF)``) at the start and the end
of a measuring window and writes the difference to a JSON file. The window opens half-way between
two changes of the digits, so an N-second window holds exactly N of them.
At its end the child also reports drift (how far the timer's remaining time
moved, against how far the monotonic clock it read moved: 0 but for float
rounding), whether the digits on screen are the digits due, and how late
after each true change the view woke.

Settings, from the environment:

- CIRCLEKEEPER_BENCH_TIMER_SECONDS: the measuring window, default 60. For a
  quick look: ``CIRCLEKEEPER_BENCH_TIMER_SECONDS=10 make bench``. Shorter
  windows are noisier (0.1 % of 10 s is 10 ms of CPU).
- CIRCLEKEEPER_BENCH_TIMER_ROUNDS: rounds of the three children. Without it,
  ``--rounds`` is followed only as far as the benchmark stays within about
  five minutes (so one round of 60-second windows); no warm-up round, since
  start-up is not measured.
- CIRCLEKEEPER_BENCH_TIMER_PLATFORMS: Qt platforms to measure on, comma
  separated. Default: the run's QT_QPA_PLATFORM (offscreen under ``make
  bench``), and then ``xcb`` too when DISPLAY is set (e.g. ``Xvfb :99 &``
  and ``DISPLAY=:99 make bench``): a real X server also pays for putting
  the pixels on screen.

For profiling by hand (not part of ``make bench``), a child can be run on its
own: ``python -m tests.benchmarks.timer_cpu --child live --seconds 20
--census`` prints which objects got which events during the window (the
event filter costs CPU itself, so its figure is not the benchmark's), and
``--profile FILE`` saves a cProfile of the window.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .harness import ChildFailed, Row, Settings, Table, child_env, interleaved, python_module, \
    run_child

TITLE = "a running session timer: CPU (% of one core) and drift, beside an idle window"

SECONDS_ENV = "CIRCLEKEEPER_BENCH_TIMER_SECONDS"
ROUNDS_ENV = "CIRCLEKEEPER_BENCH_TIMER_ROUNDS"
PLATFORMS_ENV = "CIRCLEKEEPER_BENCH_TIMER_PLATFORMS"
DEFAULT_SECONDS = 60.0
SETTLE_SECONDS = 12.0         # past start-up, and past drawing each digit once
BUDGET_PERCENT = 0.1          # of one core
TIME_BUDGET = 300.0           # seconds the whole benchmark should take, roughly
KINDS = ("idle", "live", "projector")
WINDOW_SIZE = (1280, 800)     # RunWindow's own size
NAMES = ("Alex Morgan", "Bea Okafor", "Chris Lindqvist", "Dana Whitfield", "Eli Santos",
         "Fatima Shah", "Gareth Evans")


# ----- the parent ----------------------------------------------------------------

def run(settings: Settings) -> None:
    seconds = float(os.environ.get(SECONDS_ENV) or DEFAULT_SECONDS)
    platforms = _platforms()
    rounds = _rounds(settings, seconds, len(platforms))
    print(f"{len(KINDS)} children ({', '.join(KINDS)}) per round, {rounds} round(s), "
          f"{seconds:g} s measured after {SETTLE_SECONDS:g} s settling, on "
          f"{', '.join(platforms)}", flush=True)
    for index, platform in enumerate(platforms):
        env = child_env(QT_QPA_PLATFORM=platform)
        jobs = {kind: (lambda kind=kind: _measure(kind, seconds, env, settings))
                for kind in KINDS}
        try:
            results = interleaved(jobs, rounds, warmup=0)
        except ChildFailed as error:
            if index == 0:
                raise
            print(f"\n{platform}: could not run ({error})", flush=True)
            continue
        print()
        build_table(platform, seconds, results).print()


def _platforms() -> list[str]:
    named = os.environ.get(PLATFORMS_ENV, "")
    if named.strip():
        return [p.strip() for p in named.split(",") if p.strip()]
    first = os.environ.get("QT_QPA_PLATFORM") or "offscreen"
    return [first] + (["xcb"] if os.environ.get("DISPLAY") and first != "xcb" else [])


def _rounds(settings: Settings, seconds: float, platforms: int) -> int:
    if os.environ.get(ROUNDS_ENV):
        return max(1, int(os.environ[ROUNDS_ENV]))
    per_round = platforms * len(KINDS) * (seconds + SETTLE_SECONDS + 3)
    return max(1, min(settings.rounds, int(TIME_BUDGET // per_round)))


def _measure(kind: str, seconds: float, env: dict[str, str], settings: Settings) -> dict:
    fd, name = tempfile.mkstemp(prefix=f"timer-{kind}-", suffix=".json", dir=settings.workdir)
    os.close(fd)
    out = Path(name)
    argv = python_module("tests.benchmarks.timer_cpu", "--child", kind,
                         "--seconds", str(seconds), "--out", str(out))
    run_child(argv, expect=[], workdir=settings.workdir, env=env,
              timeout=settings.timeout + seconds + SETTLE_SECONDS)
    try:
        return json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ChildFailed(f"{kind}: no result ({error})") from None
    finally:
        out.unlink(missing_ok=True)


def build_table(platform: str, seconds: float, results: dict[str, list[dict]]) -> Table:
    def values(kind: str, key: str) -> list[float]:
        return [r[key] for r in results[kind]]

    idle = values("idle", "percent")
    rounds = len(idle)
    table = Table(f"Running session timer, QT_QPA_PLATFORM={platform}: CPU over {seconds:g} s "
                  f"after settling, {rounds} round(s)", ratio_header="vs idle",
                  differences=True)
    table.add(Row("idle window (1280x800, a label)", idle, "%"))
    table.add(Row("session window, timer running", values("live", "percent"), "%", idle,
                  limit=BUDGET_PERCENT))
    table.add(Row("  + projector open", values("projector", "percent"), "%", idle,
                  limit=BUDGET_PERCENT))
    wakes = ", ".join(f"{kind} {statistics.median(values(kind, 'switches')) / seconds:.1f}"
                      for kind in KINDS)
    table.notes.append(f"wake-ups a second (voluntary context switches, all threads): {wakes}")
    for kind, label in (("live", "session"), ("projector", "+ projector")):
        late = [ms for r in results[kind] for ms in r["late_ms"]]
        drift = max(values(kind, "drift_ms"), key=abs)
        due = all(r["digits_as_due"] for r in results[kind])
        table.notes.append(
            f"{label}: {statistics.median(values(kind, 'refreshes')):.0f} refreshes in "
            f"{seconds:g} s; woke {statistics.median(late):.1f} ms (median), "
            f"{min(late):.1f}..{max(late):.1f} ms after each change of the digits; "
            f"drift {drift:+.2g} ms; digits on screen at the end "
            f"{'as due' if due else 'NOT as due'}")
    table.notes.append(f"budget: {BUDGET_PERCENT} % of one core = "
                       f"{BUDGET_PERCENT * 10:g} ms of CPU a second; verdicts are "
                       "informational, a benchmark never fails on them")
    return table


# ----- the child -----------------------------------------------------------------

def child(kind: str, seconds: float, out: Path | None, census: bool,
          profile: Path | None) -> int:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    wakes: list[QTimer] = []

    def later(seconds: float, then) -> None:
        """A precise single shot (QTimer.singleShot is coarse from 2 s on)."""
        wake = QTimer()
        wake.setSingleShot(True)
        wake.setTimerType(Qt.TimerType.PreciseTimer)
        wake.timeout.connect(then)
        wake.start(max(0, round(seconds * 1000)))
        wakes.append(wake)

    scratch = tempfile.TemporaryDirectory(prefix="circlekeeper-timer-")
    if kind == "idle":
        window, timer, faces, close = _idle_window(), None, [], lambda: None
    else:
        window, timer, faces, close = _session_window(app, Path(scratch.name), seconds,
                                                      projector=kind == "projector")
    result: dict = {"kind": kind, "platform": app.platformName(), "late_ms": [],
                    "refreshes": 0}
    measuring = False
    counter = event_census() if census else None
    profiler = None

    def refreshed() -> None:                       # the live view woke and repainted
        if measuring:
            result["refreshes"] += 1
            late = 1.0 - timer.seconds_to_next_change()
            result["late_ms"].append(round((late - 1.0 if late > 0.5 else late) * 1000, 3))

    def begin() -> None:
        """Start the window half-way between two changes of the digits."""
        delay = (timer.seconds_to_next_change() - 0.5) % 1.0 if timer else 0.0
        later(delay, open_window)

    def open_window() -> None:
        nonlocal measuring, profiler
        measuring = True
        if counter is not None:
            app.installEventFilter(counter)
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        result["start"] = _sample(timer)
        later(seconds, close_window)

    def close_window() -> None:
        nonlocal measuring
        end = _sample(timer)
        measuring = False
        if profiler:
            profiler.disable()
            profiler.dump_stats(str(profile))
        if counter is not None:
            app.removeEventFilter(counter)
        start = result.pop("start")
        wall = end["mono"] - start["mono"]
        cpu = end["cpu"] - start["cpu"]
        result.update(wall=wall, cpu_seconds=cpu, percent=100.0 * cpu / wall,
                      switches=end["switches"] - start["switches"],
                      involuntary=end["involuntary"] - start["involuntary"])
        if timer is not None:
            from app.timer import clock_text

            due = clock_text(timer.remaining)
            drift = end["remaining"] - (start["remaining"] - (end["read_at"] - start["read_at"]))
            result.update(drift_ms=drift * 1000, due=due, shown=[f.text for f in faces],
                          digits_as_due=all(f.text == due for f in faces))
        if out:
            out.write_text(json.dumps(result), encoding="utf-8")
        else:
            print(json.dumps(result))
        if counter is not None:
            counter.report(seconds)
        close()
        app.quit()

    if timer is not None:
        window.live.refreshed.connect(refreshed)
    later(SETTLE_SECONDS, begin)
    status = app.exec()
    scratch.cleanup()
    return status


def _sample(timer) -> dict:
    """CPU so far, the monotonic time, and the timer's remaining time with
    the monotonic reading it was computed from."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sample = {"cpu": usage.ru_utime + usage.ru_stime, "switches": usage.ru_nvcsw,
              "involuntary": usage.ru_nivcsw, "mono": time.monotonic()}
    if timer is not None:
        sample["remaining"] = timer.remaining
        sample["read_at"] = timer.clock.last
    return sample


def _idle_window():
    from PySide6.QtWidgets import QLabel, QMainWindow

    window = QMainWindow()
    window.setWindowTitle("Idle window")
    window.setCentralWidget(QLabel("An idle window with one line of text"))
    window.resize(*WINDOW_SIZE)
    window.show()
    return window


def _session_window(app, data_dir: Path, seconds: float, *, projector: bool):
    """The app's session window over a fresh vault, the first turn running;
    long enough a turn that the whole measurement stays in its calm green."""
    from app.circles import CircleDraft
    from app.context import AppContext
    from app.formats import MAX_MINUTES, RoundKind, RoundPlan
    from app.members import MemberDraft
    from app.session_run import SessionRun
    from app.sessions import SessionDraft
    from ui.sessions.run_window import RunWindow
    from ui.theme import apply_theme

    apply_theme(app)
    context = AppContext.for_data_dir(data_dir, watched_clock())
    context.create_vault("Timer benchmark")
    circle = context.circles.create(CircleDraft("Thursday evening circle"))
    people = context.members.add_many(circle.id, [MemberDraft(n) for n in NAMES])
    minutes = min(MAX_MINUTES, max(5, math.ceil((SETTLE_SECONDS + seconds + 10) / 60 / 0.8)))
    rounds = (RoundPlan("Check-in", RoundKind.EACH, minutes, "How are you arriving tonight?"),
              RoundPlan("Break", RoundKind.GROUP, 10, "Tea and a stretch."),
              RoundPlan("Check-out", RoundKind.EACH, 1))
    now = context.clock.now()
    session = context.sessions.create(circle.id, SessionDraft(
        now.date(), now.time().replace(second=0, microsecond=0), "UTC", rounds,
        "St Mary's church hall", "Benchmark evening"))
    run = SessionRun.prepare(context.vault, context.clock, session.id, [p.id for p in people])
    window = RunWindow(context, run, {p.id: p for p in people})
    window.quiet_close = True
    window.show()
    window.live.next_or_start()
    faces = [window.live.face]
    if projector:
        faces.append(window.open_projector().face)

    def close() -> None:
        window.close()                 # saves the turn in progress, as the app would
        context.close_vault()

    return window, run.timer, faces, close


def watched_clock():
    """The real SystemClock, remembering its last monotonic reading (for drift)."""
    from app.clock import SystemClock

    class Watched(SystemClock):
        last = 0.0

        def monotonic(self) -> float:
            self.last = super().monotonic()
            return self.last

    return Watched()


def event_census():
    """An event filter that counts events by type and receiver, and prints
    them (for --census only: a Python call for every event costs CPU)."""
    from PySide6.QtCore import QObject

    class EventCensus(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.counts: Counter = Counter()

        def eventFilter(self, watched, event) -> bool:  # noqa: N802
            name = watched.objectName()
            self.counts[(event.type().name,
                         type(watched).__name__ + (f"#{name}" if name else ""))] += 1
            return False

        def report(self, seconds: float) -> None:
            print(f"\nevents a second during {seconds:g} s, busiest first:")
            for (kind, receiver), count in self.counts.most_common(60):
                print(f"  {count / seconds:7.2f}  {kind:<28} {receiver}")

    return EventCensus()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.timer_cpu",
                                     description="One child of the timer benchmark.")
    parser.add_argument("--child", choices=KINDS, required=True)
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS)
    parser.add_argument("--out", type=Path, help="write the result here (JSON)")
    parser.add_argument("--census", action="store_true", help="count events (costs CPU)")
    parser.add_argument("--profile", type=Path, help="save a cProfile of the window here")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return child(args.child, args.seconds, args.out, args.census, args.profile)


if __name__ == "__main__":
    sys.exit(main())
