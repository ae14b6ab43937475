"""A 20,000-entry journal: start-up straight into the journal, and search as
you type through the real search box and list, beside references measured in
the same run. Budgets (DESIGN.md, "Performance budgets"): first paint <= 1.2x
a bare PySide6 window, content on screen <= 1.6x, memory <= 1.4x, and
<= 16 ms a keystroke, query and list update together.

Data (child ``--generate``, so this process stays small: see _startup): 20,000
entries over ten years, seeded (Zipf-weighted English words and phrases, some
accented such as "café", titles on about half, moods on most, tags, stars),
in a data folder with one unencrypted vault and settings.json saying the
journal was the place open last.

Start-up, interleaved rounds, times from just before the spawn: ``python -m
ui.main --data-dir DIR`` as startup.py runs it, quit at first paint; and the
same, quit at CONTENT_SHOWN, which the journal list marks when its viewport
first paints, rows and all.

Typing (child ``--typing``): the real MainWindow at 1366x768 opens into the
journal and each word is typed a letter at a time (QTest.keyClick) into the
real search box. A keystroke is timed from just before the key event (line
edit, textChanged -> count query, model reset, summary) until processEvents
has painted the list's viewport or its "no entries" label (the view's
layout, the visible page of rows read with highlight and snippet, the rows
drawn). Offscreen painting is into memory; a real screen's compositing comes
on top. Reference: a plain QLineEdit with nothing connected, typed the same
way in the same process. A first, warm-up round is dropped.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

TITLE = "a 20,000-entry journal: start-up into the journal, search as you type"

SEED = 20260107
ENTRIES = 20_000
LAST_DAY = (2026, 1, 6)
FIRST_PAINT_BUDGET, CONTENT_BUDGET, MEMORY_BUDGET = 1.2, 1.6, 1.4
KEYSTROKE_BUDGET_MS = 16.0
WINDOW_SIZE = (1366, 768)
PARTS = ("key", "after", "total")
# label, what is typed, the list's order, then Backspace it all away
CASES = (("about (common)", "about", "newest", False),
         ("lighthouse (rare)", "lighthouse", "newest", False),
         ("cafe (finds café)", "cafe", "newest", False),
         ('"felt tired" (phrase)', '"felt tired"', "newest", False),
         ("#family (tag)", "#family", "newest", False),
         ("about, Best match", "about", "best", False),
         ("clear 'about' (Backspace x5)", "about", "newest", True))

COMMON = """the I and to a of was it in that my me but for with so today had just not
on about felt is be at this have all what we out up like when really some more feel one
time much did day get went been think know then got there do back she he they how were
still an little bit good could would from because over again after can work her him them
tired night morning sleep better than though even going want need feeling made make
said see come home long first last never always something things people way right well
tomorrow week mum dad friend talked walk lunch dinner tea coffee quiet hard easy rain
sun garden book read write thought maybe hope worried anxious calm glad grateful proud
sad angry lonely happy kind slow busy early late small big nothing everything enough
yesterday evening afternoon weekend office meeting circle group shared listened told
asked called phone message doctor appointment kitchen bed window door car bus train
town park river dog cat children brother sister partner grandma grief loss miss memory
remember forgot plan started finished try trying tried help helped need needed enjoyed
noticed realised wondered decided body head chest breath breathing headache pain energy
rest exercise cooked cleaned shopping money bills letter email house room music song
film weather cold warm wind snow spring summer autumn winter birthday holiday christmas
""".split()
RARE = ("lighthouse", "harbour", "allotment", "cello", "origami", "marmalade", "kayak",
        "telescope", "quince", "hedgehog")
ACCENTED = ("café", "naïve", "déjà", "résumé", "fiancée", "crème", "façade", "jalapeño")
PHRASES = ("felt tired", "went for a walk", "couldn't sleep", "at the café", "talked to mum",
           "on the phone", "a long day", "felt better", "so tired", "cup of tea")
TITLES = ("Morning pages", "Evening", "A hard day", "Small wins", "Three good things",
          "After the circle", "Sunday", "Notes to self", "Before bed", "Letting go",
          "Thinking about tomorrow", "What helped today", "A quiet one", "Rain again")
TAGS = ("family", "work", "sleep", "gratitude", "health", "friends", "circle", "anxiety",
        "walks", "reading", "therapy", "grief", "money", "garden", "music")


# ----- the data ----------------------------------------------------------------------

def generate(data_dir: Path, seed: int = SEED) -> tuple[Path, int]:
    """Write the vault and settings.json; return (the vault, words written)."""
    import itertools
    import random
    from datetime import date, datetime, timedelta

    from app.context import AppContext
    from app.journal.entries import EntryDraft
    from app.journal.moods import Mood
    from app.settings import Settings

    rng = random.Random(seed)
    tokens = [*COMMON, *RARE, *ACCENTED, *PHRASES]
    cumulative = list(itertools.accumulate(
        [1 / (rank + 3) for rank in range(len(COMMON))] + [1 / 4000] * len(RARE)
        + [1 / 600] * len(ACCENTED) + [1 / 150] * len(PHRASES)))
    days = [date(*LAST_DAY) - timedelta(days=n) for n in range(3652)]
    busy = [rng.uniform(0.2, 2.0) for _ in days]           # some days and weeks write more
    moments = sorted(datetime.combine(day, datetime.min.time())
                     + timedelta(hours=rng.choice((7, 8, 12, 19, 21, 22)),
                                 minutes=rng.randrange(60), seconds=rng.randrange(60))
                     for day in rng.choices(days, weights=busy, k=ENTRIES))
    words_written = 0

    def text() -> str:
        nonlocal words_written
        words = rng.choices(tokens, cum_weights=cumulative, k=int(rng.triangular(30, 300, 80)))
        words_written += len(words)
        sentences, start = [], 0
        while start < len(words):
            size = rng.randint(5, 16)
            sentence = " ".join(words[start:start + size])
            sentences.append(sentence[0].upper() + sentence[1:] + rng.choice(".....!?"))
            start += size
        return " ".join(sentences)

    def title() -> str:
        if rng.random() < 0.5:
            return ""
        if rng.random() < 0.5:
            return rng.choice(TITLES)
        return " ".join(rng.choices(tokens, cum_weights=cumulative, k=rng.randint(2, 5))
                        ).capitalize()

    def mood() -> Mood | None:
        return rng.choices(list(Mood), (5, 15, 35, 30, 15))[0] if rng.random() < 0.85 else None

    def tags() -> tuple[str, ...]:
        return tuple(dict.fromkeys(rng.choices(TAGS, range(len(TAGS), 0, -1),
                                               k=rng.choice((0, 0, 0, 1, 1, 2, 3)))))

    drafts = [EntryDraft(moment, title(), text(), mood(), tags(), rng.random() < 0.04)
              for moment in moments]
    context = AppContext.for_data_dir(data_dir)
    vault = context.create_vault("Journal bench")
    try:
        added, _skipped = context.journal.add_many(drafts, batch=2000)
        if added != ENTRIES or context.journal.count() != ENTRIES:
            raise RuntimeError(f"generated {added} entries, not {ENTRIES}")
    finally:
        context.close_vault()
    from .harness import check_only_vault

    check_only_vault(context, vault)
    Settings.load(context.paths).set("workspace.place", "journal")  # ui/workspace.py SETTING
    return vault.path, words_written


# ----- the parent --------------------------------------------------------------------

def run(settings) -> None:  # noqa: ANN001 (harness.Settings)
    data_dir = settings.workdir / "journal-data"
    print(f"generating {ENTRIES:,} entries over ten years (seed {SEED}) ...", flush=True)
    vault, words, seconds = _child_json(settings, "generate", str(data_dir))
    print(f"  {seconds:.1f} s to generate (not a budget); {Path(vault).stat().st_size / 2**20:.0f}"
          f" MiB, {words:,} words", flush=True)
    _startup(data_dir, settings).print()
    print(f"\ntyping, in one child: 1 warm-up + {settings.rounds} rounds of {len(CASES)} "
          "words in the journal's search box and in a plain line edit", flush=True)
    results = _child_json(settings, "typing", str(data_dir), str(settings.rounds))
    table, detail = _typing_table(results, settings.rounds)
    print()
    table.print()
    print(f"\n{detail}", flush=True)


def _child_json(settings, kind: str, *args: str):  # noqa: ANN001, ANN202
    """Run ``--KIND ARGS OUT`` as a child and return the JSON it wrote to OUT."""
    from .harness import ChildFailed, python_module, run_child

    out = settings.workdir / f"{kind}.json"
    run_child(python_module("tests.benchmarks.journal", f"--{kind}", *args, str(out)),
              expect=[], workdir=settings.workdir, timeout=settings.timeout * 10)
    try:
        return json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ChildFailed(f"{kind}: no result ({error})") from None


def _startup(data_dir: Path, settings):  # noqa: ANN001, ANN202 (-> harness.Table)
    import resource

    from .harness import (CONTENT_SHOWN, FIRST_PAINT, QUIT_ENV, Row, Table, bare_window_argv,
                          child_env, interleaved, python_module, run_child)

    def app(argv: list[str], quit_after: str):  # noqa: ANN202
        return lambda: run_child(argv, expect=[FIRST_PAINT, quit_after],
                                 workdir=settings.workdir, timeout=settings.timeout,
                                 env=child_env(**{QUIT_ENV: quit_after}))

    jobs = {"bare": lambda: run_child(bare_window_argv(), expect=[FIRST_PAINT],
                                      workdir=settings.workdir, timeout=settings.timeout),
            "app": app(python_module("ui.main", "--data-dir", str(data_dir)), FIRST_PAINT),
            "watched": app(python_module("ui.main", "--data-dir", str(data_dir)),
                           CONTENT_SHOWN)}
    print(f"start-up: bare window, app, app watching the journal list, in turn: "
          f"{settings.warmup} warm-up + {settings.rounds} rounds", flush=True)
    results = interleaved(jobs, settings.rounds, settings.warmup)
    bare, watched = results["bare"], results["watched"]
    bare_paint = [r.milestones[FIRST_PAINT] for r in bare]
    table = Table(f"\nStart-up into a {ENTRIES:,}-entry journal, {settings.rounds} "
                  "interleaved rounds (times from just before spawn)")
    table.add(Row("bare window: start -> first paint", bare_paint, "s"))
    table.add(Row("app: start -> first paint",
                  [r.milestones[FIRST_PAINT] for r in results["app"]], "s", bare_paint,
                  FIRST_PAINT_BUDGET))
    table.add(Row("  watched run: start -> first paint",
                  [r.milestones[FIRST_PAINT] for r in watched], "s", bare_paint))
    table.add(Row("  watched run: start -> journal list shown",
                  [r.milestones[CONTENT_SHOWN] for r in watched], "s", bare_paint,
                  CONTENT_BUDGET))
    bare_rss = [r.max_rss_mb for r in bare]
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if own_peak < 0.95 * min(bare_rss):
        table.add(Row("bare window: peak RSS", bare_rss, "MB"))
        table.add(Row("  watched run: peak RSS (at journal shown)",
                      [r.max_rss_mb for r in watched], "MB", bare_rss, MEMORY_BUDGET))
    else:  # a spawned child's ru_maxrss starts from its parent's peak (vfork + exec)
        table.notes.append(f"peak RSS not shown: this process has peaked at {own_peak:.0f} "
                           "MB, and every child's ru_maxrss starts from that")
    table.notes += [
        "journal list shown: the app's content-shown milestone, the list's first paint",
        "ratios are median / median of the bare window; verdicts are informational, "
        "a benchmark never fails on them"]
    return table


def _typing_table(results: dict, rounds: int) -> tuple:
    """The keystroke table (each keystroke's median over the rounds), and where
    the time goes in the word with the worst keystroke."""
    import statistics

    from .harness import Row, Table

    def keystrokes(label: str, side: str = "app") -> list[dict]:
        """[{typed, key, after, total (ms medians), forced}] for one word."""
        return [{"typed": strokes[0]["typed"], "forced": sum(s["forced"] for s in strokes),
                 **{p: statistics.median(s[p] for s in strokes) * 1000 for p in PARTS}}
                for strokes in zip(*results[side][label])]

    floor = [k["total"] for label, *_ in CASES for k in keystrokes(label, "plain")]
    table = Table(f"Search as you type, {ENTRIES:,} entries, window {WINDOW_SIZE[0]}x"
                  f"{WINDOW_SIZE[1]}: each keystroke's median over {rounds} rounds",
                  ratio_header="- plain box", differences=True)
    table.add(Row("plain QLineEdit, nothing connected", floor, "ms"))
    worst, forced = (0.0, "", ""), 0
    for label, *_ in CASES:
        strokes = keystrokes(label)
        table.add(Row(label, [k["total"] for k in strokes], "ms", floor,
                      limit=KEYSTROKE_BUDGET_MS, by_max=True))
        worst = max([worst, *((k["total"], label, k["typed"]) for k in strokes)])
        forced += sum(k["forced"] for k in strokes)
    samples = [s["total"] for words in results["app"].values() for strokes in words
               for s in strokes]
    table.notes += [
        f"worst keystroke: {worst[0]:.1f} ms, leaving {worst[2]!r} in the box ({worst[1]}); "
        f"worst single sample {max(samples) * 1000:.1f} ms of {len(samples)}",
        "a keystroke: the key event (count query, model reset), then events until the list "
        "(or its 'no entries' label) painted (layout, page of rows read, rows drawn)"
        + (f"; {forced} needed a forced repaint()" if forced else ""),
        "verdict: the worst keystroke (the max column) against 16 ms; informational only"]
    lines = [f"Where the time goes in '{worst[1]}' (ms, medians over {rounds} rounds):",
             f"  {'box reads':<16}{'key event':>10}{'after':>8}{'total':>8}{'SQL alone':>11}"]
    for stroke, sql in zip(keystrokes(worst[1]), results["sql"][worst[1]]):
        lines.append(f"  {stroke['typed']!r:<16}{stroke['key']:>10.1f}{stroke['after']:>8.1f}"
                     f"{stroke['total']:>8.1f}{sql * 1000:>11.1f}")
    lines.append("  key event: line edit, count query, model reset, summary; after: layout, "
                 "page read, paint; SQL alone: count + first page of 30, no Qt")
    return table, "\n".join(lines)


# ----- the children ------------------------------------------------------------------

def typing_child(data_dir: str, rounds: int, out: str) -> int:
    import statistics

    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

    from app.context import AppContext
    from app.journal.search import JournalQuery, Order
    from ui.main_window import MainWindow
    from ui.theme import apply_theme
    from ui.workspace import JOURNAL

    app = QApplication(sys.argv[:1])
    apply_theme(app)
    context = AppContext.for_data_dir(data_dir)
    window = MainWindow(context)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.start()
    if window.workspace is None or window.workspace.place != JOURNAL:
        raise SystemExit("the vault did not open into the journal")
    entries = window.workspace.journal.entries
    plain_window, plain_box = QMainWindow(), QLineEdit()
    plain_window.setCentralWidget(plain_box)
    plain_window.resize(*WINDOW_SIZE)
    plain_window.show()

    class Painted(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                Painted.count += 1
            return False

    painted = Painted()
    for widget in (entries.list.viewport(), entries.empty, plain_box):
        widget.installEventFilter(painted)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def stroke(box: QLineEdit, key: str | Qt.Key) -> dict:
        """One timed keystroke, until what shows its result has painted."""
        before = Painted.count
        began = time.perf_counter()
        QTest.keyClick(box, key)
        keyed = time.perf_counter()
        for _ in range(20):
            app.processEvents()
            if Painted.count != before:
                break
        forced = Painted.count == before
        if forced:  # never seen so far; kept so a change in Qt cannot hide the paint
            shown = box if box is plain_box else entries.body.currentWidget()
            (shown.viewport() if shown is entries.list else shown).repaint()
        ended = time.perf_counter()
        settle()
        return {"typed": box.text(), "key": keyed - began, "after": ended - keyed,
                "total": ended - began, "forced": int(forced)}

    def type_word(box: QLineEdit, text: str, order: str, clear: bool) -> list[dict]:
        box.clear()
        if box is entries.search_box:
            entries.order.setCurrentIndex(entries.order.findData(order))
        box.setFocus()
        settle()
        if clear:
            QTest.keyClicks(box, text)
            settle()
            return [stroke(box, Qt.Key.Key_Backspace) for _ in text]
        return [stroke(box, char) for char in text]

    window.activateWindow()
    settle()
    results: dict = {"app": {}, "plain": {}, "sql": {}}
    for index in range(1 + rounds):
        sides = [("app", entries.search_box), ("plain", plain_box)]
        for side, box in sides if index % 2 else sides[::-1]:
            for label, text, order, clear in CASES:
                strokes = type_word(box, text, order, clear)
                if index:                                  # round 0 is the warm-up
                    results[side].setdefault(label, []).append(strokes)
    search = context.journal_search                        # the SQL alone, for comparison
    for label, _text, order, _clear in CASES:
        results["sql"][label] = []
        for stroke_ in results["app"][label][0]:
            query, times = JournalQuery(stroke_["typed"], order=Order(order)), []
            for _ in range(max(3, rounds)):
                began = time.perf_counter()
                search.count(query)
                search.page(query, 0, 30)
                times.append(time.perf_counter() - began)
            results["sql"][label].append(statistics.median(times))
    Path(out).write_text(json.dumps(results), encoding="utf-8")
    window.close()
    return 0


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    kind, args = (argv[0], argv[1:]) if argv else ("", [])
    if kind == "--generate" and len(args) == 2:
        began = time.monotonic()
        vault, words = generate(Path(args[0]))
        Path(args[1]).write_text(json.dumps([str(vault), words, time.monotonic() - began]))
        return 0
    if kind == "--typing" and len(args) == 3:
        return typing_child(args[0], int(args[1]), args[2])
    print("usage: python -m tests.benchmarks.journal --generate DATA_DIR OUT.json | "
          "--typing DATA_DIR ROUNDS OUT.json", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
