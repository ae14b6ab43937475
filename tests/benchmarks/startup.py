"""Start-up: time to first paint and to the vault's circles on screen, and
peak memory, against a bare PySide6 window measured in the same run.

Budgets (DESIGN.md, "Performance budgets"): first paint <= 1.2x the bare
window, content shown <= 1.6x, memory <= 1.4x.

The data (40 circles, 600 members) is generated once per run with a seeded
random generator into a data folder that holds exactly one unencrypted
vault, so ``ui.main --data-dir DIR`` opens it straight away. Every app run
uses that same folder: opening only refreshes the start screen's "last
opened" time, which does not change what is loaded.
"""

from __future__ import annotations

import random
import statistics
from datetime import date, time, timedelta
from pathlib import Path
from typing import NamedTuple

from .harness import (CONTENT_SHOWN, FIRST_PAINT, QUIT_ENV, ChildResult, Row, Settings,
                      Table, bare_window_argv, check_only_vault, child_env, interleaved,
                      python_module, run_child)

TITLE = "start-up: first paint, circles on screen, peak memory"

SEED = 20260106
CIRCLES = 40
MEMBERS = 600

FIRST_PAINT_BUDGET = 1.2
CONTENT_BUDGET = 1.6
MEMORY_BUDGET = 1.4

FIRST_NAMES = (
    "Aisha", "Alan", "Amara", "Ana", "Anil", "Annie", "Arjun", "Beatrice", "Bilal", "Bronwen",
    "Callum", "Carmen", "Chen", "Chloe", "Ciaran", "Dafydd", "Daniel", "Deborah", "Dev",
    "Dorothy", "Ebony", "Eilidh", "Elena", "Emeka", "Fatima", "Fiona", "Gareth", "Grace",
    "Hamid", "Hannah", "Harriet", "Ibrahim", "Ines", "Isla", "Jamal", "Janet", "Jia", "Joanna",
    "Jonas", "Kaveh", "Kemi", "Kwame", "Laila", "Leon", "Lucy", "Magda", "Malcolm", "Marek",
    "Maria", "Mei", "Mohammed", "Morag", "Nadia", "Niamh", "Nkechi", "Olu", "Owen", "Patrick",
    "Pooja", "Priya", "Rachel", "Rhys", "Rosa", "Ruth", "Sam", "Sanjay", "Sara", "Siobhan",
    "Sofia", "Stanislav", "Tariq", "Tom", "Una", "Vera", "Wen", "Yusuf", "Zainab", "Zoe",
)
SURNAMES = (
    "Abbott", "Adeyemi", "Ahmed", "Ali", "Andersen", "Baker", "Begum", "Bianchi", "Bowen",
    "Brennan", "Campbell", "Chaudhry", "Chen", "Clarke", "Costa", "Davies", "Dlamini", "Evans",
    "Fernandes", "Fraser", "Gallagher", "Garcia", "Gill", "Green", "Hughes", "Hussain", "Iqbal",
    "Jackson", "Jones", "Kaur", "Kelly", "Khan", "Kowalski", "Lewis", "Li", "MacLeod", "Mensah",
    "Morgan", "Murphy", "Nguyen", "Novak", "Nowak", "O'Brien", "Okafor", "Osei", "Patel",
    "Price", "Quinn", "Rahman", "Reid", "Roberts", "Santos", "Shah", "Singh", "Smith",
    "Stewart", "Thomas", "Walsh", "Wang", "Williams", "Wilson", "Wright", "Yilmaz", "Zhang",
)
TOPICS = (
    ("Bereavement", "peer_support", "For anyone who has lost someone close, however long ago."),
    ("Carers' circle", "peer_support", "Time for people caring for a relative or friend."),
    ("Anxiety peer support", "peer_support", "Sharing what helps when worry takes over."),
    ("New parents", "peer_support", "The first year with a baby, without judgement."),
    ("Recovery circle", "peer_support", "Staying well after addiction, one week at a time."),
    ("Men's talking group", "peer_support", "A place for men to talk and to listen."),
    ("Living with long Covid", "peer_support", "Pacing, setbacks and small wins."),
    ("Career changers", "peer_coaching", "Coaching each other through a change of work."),
    ("New managers", "peer_coaching", "Practising hard conversations with peers."),
    ("Returners to work", "peer_coaching", "Back to work after a long break."),
    ("Writers' reflection", "other", "Reflective writing, read aloud if you wish."),
    ("Retirement transitions", "peer_coaching", "Finding shape and purpose after work."),
)
PLACES = (
    "St Mary's church hall", "Village hall, back room", "Central library, room 2",
    "Community centre", "Quaker meeting house", "Health centre, upstairs",
    "The Old School rooms", "Methodist hall", "Fire station community room",
    "Scout hut", "Leisure centre studio", "Town hall, committee room",
)
TOWNS = ("Ashford", "Bingley", "Crickhowell", "Dunbar", "Ely", "Frome", "Garstang",
         "Hexham", "Ilkley", "Kendal", "Ludlow", "Malton", "Newry", "Oban", "Penrith")


class BenchVault(NamedTuple):
    path: Path
    sizes: list[int]    # members (current and former) in each circle


def generate(data_dir: Path, seed: int = SEED) -> BenchVault:
    """Make the benchmark vault in `data_dir` (once per run)."""
    from app.agreements import load_templates
    from app.circles import CircleDraft, CircleKind
    from app.context import AppContext
    from app.members import Appearance, MemberDraft
    from app.schedule import Frequency, Schedule

    rng = random.Random(seed)
    agreements = [t.text for t in load_templates()] or [""]
    sizes = _spread(rng, MEMBERS, CIRCLES, smallest=6)
    today = date(2026, 1, 6)
    names_used: set[str] = set()
    circle_names: set[str] = set()

    def circle_draft(index: int) -> CircleDraft:
        topic, kind, purpose = TOPICS[index % len(TOPICS)]
        town = rng.choice([t for t in TOWNS if f"{topic} — {t}" not in circle_names])
        circle_names.add(f"{topic} — {town}")
        frequency = rng.choices(list(Frequency), weights=(5, 3, 3, 1))[0]
        schedule = Schedule(frequency, rng.randrange(7),
                            time(rng.choice((10, 13, 18, 19)), rng.choice((0, 30))),
                            rng.choice((1, 2, 3, -1)))
        if frequency is Frequency.AD_HOC:
            schedule = Schedule()
        return CircleDraft(f"{topic} — {town}", purpose, CircleKind(kind),
                           f"{rng.choice(PLACES)}, {town}", schedule,
                           rng.choice(agreements))

    def member_draft() -> MemberDraft:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        while name in names_used:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        names_used.add(name)
        first, last = name.split(" ", 1)
        contact = rng.choice((
            "", f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.org",
            f"07700 9{rng.randrange(10**5):05d}",
            f"07700 9{rng.randrange(10**5):05d}; prefers texts after 5pm"))
        joined = today - timedelta(days=rng.randrange(10 * 365))
        left = (joined + timedelta(days=rng.randrange(30, 900))
                if rng.random() < 0.2 else None)
        left = left if left is None or left < today else None
        appearance = rng.choices(list(Appearance), weights=(3, 6, 2, 1))[0]
        return MemberDraft(name, appearance, contact, joined, left)

    context = AppContext.for_data_dir(data_dir)
    vault = context.create_vault("Bench")
    try:
        for index, size in enumerate(sizes):
            circle = context.circles.create(circle_draft(index))
            context.members.add_many(circle.id, [member_draft() for _ in range(size)])
        circles = context.circles.list()
        members = sum(len(context.members.list(c.id)) for c in circles)
        if (len(circles), members) != (CIRCLES, MEMBERS):
            raise RuntimeError(f"generated {len(circles)} circles, {members} members")
    finally:
        context.close_vault()
    check_only_vault(context, vault)
    return BenchVault(vault.path, sizes)


def _spread(rng: random.Random, total: int, groups: int, smallest: int) -> list[int]:
    """`total` people over `groups` circles, unevenly (some busy, some small)."""
    sizes = [smallest] * groups
    weights = [rng.uniform(0.3, 2.0) for _ in range(groups)]
    for index in rng.choices(range(groups), weights=weights, k=total - smallest * groups):
        sizes[index] += 1
    return sizes


def run(settings: Settings) -> None:
    data_dir = settings.workdir / "startup-data"
    print(f"generating {CIRCLES} circles and {MEMBERS} members (seed {SEED}) ...",
          flush=True)
    vault, sizes = generate(data_dir)
    print(f"  vault: {vault} ({vault.stat().st_size / 1024:.0f} KiB; "
          f"{min(sizes)}-{max(sizes)} members a circle)")

    app_argv = python_module("ui.main", "--data-dir", str(data_dir))
    app_env = child_env(**{QUIT_ENV: CONTENT_SHOWN})
    jobs = {
        "bare": lambda: run_child(bare_window_argv(), expect=[FIRST_PAINT],
                                  workdir=settings.workdir, timeout=settings.timeout),
        "text": lambda: run_child(bare_window_argv(text=True), expect=[FIRST_PAINT],
                                  workdir=settings.workdir, timeout=settings.timeout),
        "app": lambda: run_child(app_argv, expect=[FIRST_PAINT, CONTENT_SHOWN],
                                 workdir=settings.workdir, env=app_env,
                                 timeout=settings.timeout),
    }
    print(f"running bare window, bare window with text, and app in turn: {settings.warmup} warm-up "
          f"+ {settings.rounds} rounds", flush=True)
    results = interleaved(jobs, settings.rounds, settings.warmup)
    table = build_table(results["bare"], results["text"], results["app"], settings)
    print()
    table.print()


def build_table(bare: list[ChildResult], text: list[ChildResult],
                app: list[ChildResult], settings: Settings) -> Table:
    bare_paint = [r.milestones[FIRST_PAINT] for r in bare]
    bare_rss = [r.max_rss_mb for r in bare]
    table = Table(f"Start-up, {CIRCLES} circles / {MEMBERS} members, "
                  f"{settings.rounds} interleaved rounds (times from just before spawn)")
    table.add(Row("bare window: start -> first paint", bare_paint, "s"))
    table.add(Row("  + a menu and a label: first paint", [r.milestones[FIRST_PAINT] for r in text],
                  "s", bare_paint))
    table.add(Row("app: start -> first paint", [r.milestones[FIRST_PAINT] for r in app],
                  "s", bare_paint, FIRST_PAINT_BUDGET))
    table.add(Row("app: start -> content shown", [r.milestones[CONTENT_SHOWN] for r in app],
                  "s", bare_paint, CONTENT_BUDGET))
    table.add(Row("bare window: peak RSS", bare_rss, "MB"))
    table.add(Row("  + a menu and a label: peak RSS", [r.max_rss_mb for r in text], "MB",
                  bare_rss))
    table.add(Row("app: peak RSS (at content shown)", [r.max_rss_mb for r in app], "MB",
                  bare_rss, MEMORY_BUDGET))
    loading = [r.milestones[CONTENT_SHOWN] - r.milestones[FIRST_PAINT] for r in app]
    table.notes.append(f"app: first paint -> content shown, median "
                       f"{statistics.median(loading) * 1000:.0f} ms "
                       f"(min {min(loading) * 1000:.0f}, max {max(loading) * 1000:.0f})")
    table.notes.append("ratios are median / median of the bare window; verdicts are "
                       "informational, a benchmark never fails on them")
    return table
