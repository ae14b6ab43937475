"""How the old vault files beside this script were made.

    .venv/bin/python tests/data/vaults/make_fixtures.py

writes `v<N>-plain.db` and `v<N>-encrypted.db`, where N is the schema version
of the code that runs it (`migrations.LATEST_VERSION`), each holding the data
below. `v1-*.db` were made by the version-1 code (the first release schema).

Never re-make or edit a file that is already here: they are the vaults real
people have on their disks, and `tests/test_migrations.py` opens each of them
with today's code and checks that everything below survived the upgrade. When
a migration is added, run this script once more to add the files of the new
version (existing files are skipped, never overwritten).

The encrypted files use the passphrase PASSPHRASE below.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date, datetime, time, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app import migrations  # noqa: E402
from app.circles import CircleDraft, CircleKind, CircleStore  # noqa: E402
from app.clock import FakeClock  # noqa: E402
from app.members import Appearance, MemberDraft, MemberStore  # noqa: E402
from app.schedule import Frequency, Schedule  # noqa: E402
from app.vault import open_vault  # noqa: E402

PASSPHRASE = "correct horse 'battery' staple"
CREATED_AT = datetime(2026, 1, 6, 18, 0, tzinfo=timezone.utc)

CIRCLE = CircleDraft(
    name="Thursday bereavement circle",
    purpose="A quiet hour to talk about loss.\nNo advice unless asked.",
    kind=CircleKind.PEER_SUPPORT,
    location="St Anne's church room",
    schedule=Schedule(Frequency.MONTHLY, weekday=3, meeting_time=time(19, 30),
                      week_of_month=-1),
    agreement="What is said here stays here.\nOne voice at a time.",
)
MEMBERS = (
    MemberDraft("Ada Lovelace", Appearance.FULL_NAME, contact="ada@example.org",
                joined_on=date(2025, 9, 4)),
    MemberDraft("Bartholomew Ó Súilleabháin", Appearance.INITIALS, contact="07700 900123",
                joined_on=date(2025, 9, 4), left_on=date(2025, 12, 18)),
)


def fill(path: Path, passphrase: str | None) -> None:
    vault = open_vault(path, passphrase, create=True)
    try:
        clock = FakeClock(CREATED_AT)
        circle = CircleStore(vault, clock).create(CIRCLE)
        members = MemberStore(vault, clock).add_many(circle.id, list(MEMBERS))
        if migrations.LATEST_VERSION >= 3:
            fill_session(vault, clock, circle.id, members[0].id)
        if migrations.LATEST_VERSION >= 4:
            fill_journal(vault, clock)
    finally:
        vault.close()  # checkpoints the WAL: the .db file alone holds everything


# From version 3 on, the files also hold a held session with its register,
# its timed turns, a private note, the shareable record and a commitment.
SESSION_DAY = date(2026, 1, 29)
TURN_SECONDS = 150
SESSION_NOTE = "Ada was quieter than usual.\nAsk gently next time."
THEMES = "Anniversaries\nSleep"
RESOURCE = ("Cruse helpline", "0808 808 1677")
COMMITMENT = "Write one letter to Mum"


def fill_session(vault, clock, circle_id: str, member_id: str) -> None:
    from app.attendance import AttendanceStore, Presence
    from app.commitments import CommitmentStore
    from app.formats import RoundKind, RoundPlan
    from app.notes import NoteStore, NoteSubject
    from app.resources import ResourceDraft, ResourceKind, ResourceStore
    from app.session_records import RecordField, RecordStore
    from app.session_run import SessionRun
    from app.sessions import SessionDraft, SessionStore

    session = SessionStore(vault, clock).create(circle_id, SessionDraft(
        SESSION_DAY, time(19, 30), "Europe/London",
        (RoundPlan("Check-in", RoundKind.EACH, 2.0),), "St Anne's church room"))
    AttendanceStore(vault, clock).mark(session.id, member_id, Presence.PRESENT)
    run = SessionRun.prepare(vault, clock, session.id, [member_id])
    run.do(run.timer.start)
    clock.advance(TURN_SECONDS)
    run.do(run.timer.next)
    NoteStore(vault, clock).save(NoteSubject.SESSION, session.id, SESSION_NOTE)
    records = RecordStore(vault, clock)
    records.save(session.id, RecordField.THEMES, THEMES)
    resource = ResourceStore(vault, clock).add(circle_id, ResourceDraft(
        RESOURCE[0], ResourceKind.HELPLINE, RESOURCE[1]))
    records.choose_resource(session.id, resource.id, True)
    CommitmentStore(vault, clock).add(session.id, member_id, COMMITMENT, named=True)


# From version 4 on, the files also hold a journal entry and an own prompt.
JOURNAL_WRITTEN = datetime(2026, 2, 3, 21, 40)
JOURNAL_TITLE = "After the circle"
JOURNAL_BODY = "Rest is not a reward you earn.\n\nI said the word out loud. #courage"
OWN_PROMPT = "What did I not say tonight?"


def fill_journal(vault, clock) -> None:
    from app.journal.entries import EntryDraft, EntryStore
    from app.journal.moods import Mood
    from app.journal.prompts import PromptStore

    EntryStore(vault, clock).create(EntryDraft(
        JOURNAL_WRITTEN, JOURNAL_TITLE, JOURNAL_BODY, Mood.GOOD, ("circle",), True,
        "What stayed with you?"))
    PromptStore(vault, clock).add(OWN_PROMPT)


def main() -> None:
    version = migrations.LATEST_VERSION
    for kind, passphrase in (("plain", None), ("encrypted", PASSPHRASE)):
        target = HERE / f"v{version}-{kind}.db"
        if target.exists():
            print(f"{target.name} is already here; left as it is")
            continue
        with tempfile.TemporaryDirectory() as scratch:
            made = Path(scratch) / "circlekeeper.db"
            fill(made, passphrase)
            shutil.copyfile(made, target)
        print(f"wrote {target.name}")


if __name__ == "__main__":
    main()
