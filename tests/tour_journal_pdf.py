"""A look at the journal export: `python -m tests.tour_journal_pdf OUT` fills
a vault with a realistic month of entries (long and short, moods, tags, a
starred one, a prompt, a day without a mood), exports March as PDF and
Markdown, a search as PDF, and a month without moods, to OUT, with PNGs of
the PDF pages (`pdftoppm -r 60`) to look at.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LONG = ("Couldn't sleep again, so I am writing this at the kitchen table with the radio "
        "on low.\n\nThe thing I keep coming back to is what Mum said on the phone on Sunday: "
        "that I \"always make everything about work\". It stung because it is a little bit "
        "true. I have been answering emails at ten at night and telling myself it is only "
        "this month, only until the audit is done, only until the new person starts. It has "
        "been \"only this month\" since October.\n\n") + """What I want to try:
- one evening a week with no laptop at all
- walking to the station instead of the bus, when it is dry
- telling Sam when I am struggling, before it turns into snapping at him

Writing it down makes it feel less like a failure and more like a plan."""

ENTRIES = [
    ((2, 8, 5), "Back to it", "First day back after the half-term week. Quieter than I feared.",
     4, ("work",), False, ""),
    ((3, 21, 40), "", LONG, 2, ("sleep", "work", "family"), True, ""),
    ((5, 7, 55), "Walk", "Walked to the station. Frost on the allotments, a heron on the "
     "canal. Twenty minutes that felt like an hour, in a good way.", 4, ("walking",), False, ""),
    ((5, 22, 10), "", "Tired, but the good kind.", 3, (), False, ""),
    ((8, 10, 30), "Circle", "The circle tonight was about guilt: taking time for ourselves "
     "and feeling we have stolen it from someone. Ann said something I want to remember:\n"
     "\"Rest is not a reward for finishing.\"\n\nI did not say much, and that was fine.",
     4, ("circle", "guilt"), True, ""),
    ((10, 19, 0), "", "Snapped at Sam about the dishes. Apologised. Still feel rotten.", 2,
     ("family",), False, ""),
    ((12, 6, 45), "Gratitude", "Three things:\n1. the heating came back on\n2. Priya's "
     "voice note\n3. the last of the marmalade", 3, ("gratitude",), False,
     "What are three small things that went right today?"),
    ((14, 16, 20), "Mum's birthday", "Took Mum to the garden centre café. She talked about "
     "Dad for the first time in weeks, and laughed. We sat a long time.\n\nI had forgotten "
     "how much I like just being with her when neither of us is in a hurry.", 5,
     ("family",), True, ""),
    ((17, 22, 50), "", "Nothing to say really. Long day, early night.", None, (), False, ""),
    ((19, 7, 30), "GP", "Saw the GP about the sleep. She was kind and did not rush me. "
     "Sleep diary for two weeks, then back. Less screen after nine. #sleep", 3, ("health",),
     False, ""),
    ((23, 20, 15), "A hard one", "Bad news about the restructure. Two of the team are at "
     "risk. I kept it together in the meeting and cried in the car park.\n\nWrote this "
     "instead of emailing anyone back. That is something.", 1, ("work",), False, ""),
    ((26, 12, 5), "", "Lunch outside for the first time this year. Daffodils by the bins, "
     "of all places.", 4, ("walking", "spring"), False, ""),
    ((29, 18, 40), "Looking back at March", "Looking back over the month: the bad days "
     "came in clusters, and almost always after a late night on the laptop. The good ones "
     "had a walk in them, or Mum, or the circle.\n\nNext month: protect the walks. Say no "
     "to one thing a week. Keep writing, even a line.", 4, ("review",), True, ""),
    ((31, 21, 0), "", "Sleep diary day 12. Seven hours! Small win.", 4, ("sleep",), False, ""),
]


def build(context) -> None:
    from app.journal.entries import EntryDraft
    from app.journal.moods import Mood

    for (day, hour, minute), title, body, mood, tags, starred, prompt in ENTRIES:
        context.journal.create(EntryDraft(
            datetime(2026, 3, day, hour, minute), title, body,
            Mood(mood) if mood else None, tags, starred, prompt))
    context.journal.create(EntryDraft(datetime(2026, 4, 2, 9, 0), "April", "Outside March."))
    context.journal.create(EntryDraft(datetime(2026, 5, 4, 9, 0), "No mood",
                                      "A May entry with no mood, and <b>markup</b>."))


def main(out: Path) -> None:
    from app.clock import FakeClock
    from app.context import AppContext
    from app.export.documents import journal_document
    from app.journal.export import journal_export, query_export
    from app.journal.search import JournalQuery

    from .tour_documents import write_with_pictures

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        context = AppContext.for_data_dir(folder, FakeClock(datetime(2026, 4, 5, 10, 0)))
        context.create_vault("Tour journal")
        build(context)
        exports = {
            "march": journal_export(context.vault, context.clock, date(2026, 3, 1),
                                    date(2026, 3, 31)),
            "search": query_export(context.vault, context.clock, JournalQuery("sleep")),
            "may": journal_export(context.vault, context.clock, date(2026, 5, 1),
                                  date(2026, 5, 31)),
            "quarter": journal_export(context.vault, context.clock, date(2026, 1, 1),
                                      date(2026, 6, 30)),
        }
        for name, export in exports.items():
            doc = journal_document(export)
            pdf = write_with_pictures(doc, out, name)
            print(f"{name}: {doc.file_stem}, {len(export.entries)} entries -> {pdf}")
        context.close_vault()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/journal_pdf"))
