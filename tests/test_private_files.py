"""Files the app writes (vault, backups, exports) are readable by the user
alone on POSIX: files 0600, the folders it makes 0700.

Each test runs under a umask of 0o022, the common default that leaves new
files readable by everyone (0644), so a test fails if the app relied on the
umask instead of setting the mode itself.
"""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, time
from pathlib import Path
from typing import Iterable

import pytest

from app import cli
from app.attendance import Presence
from app.circles import CircleDraft
from app.context import AppContext
from app.encryption import change_passphrase
from app.export.members_csv import export_members
from app.formats import RoundKind, RoundPlan
from app.journal.entries import EntryDraft
from app.lock import lock_path_for
from app.members import MemberDraft
from app.paths import Paths
from app.schedule import Frequency, Schedule
from app.session_run import abandon
from app.sessions import SessionDraft
from app.settings import Settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
ROUNDS = (RoundPlan("Check-in", RoundKind.EACH, 2.0),)


def assert_private(paths: Iterable[Path]) -> None:
    """Every path exists and is the user's alone: a folder 0700, a file 0600.

    The one check every test here uses. BACKUPS: the backups' tests call this
    with each backup file and the folders holding them (see the marked place
    at the end of this file).
    """
    wrong = []
    for path in paths:
        assert path.exists(), f"{path} was not written, so its mode cannot be checked"
        mode = stat.S_IMODE(path.stat().st_mode)
        wanted = PRIVATE_DIR if path.is_dir() else PRIVATE_FILE
        if mode != wanted:
            wrong.append(f"{path} is {mode:04o}, not {wanted:04o}")
    assert not wrong, "readable by others: " + "; ".join(wrong)


@pytest.fixture(autouse=True)
def umask_022():
    """New files default to 0644 and folders to 0755 unless the app says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def ctx(umask_022, isolated_data_dir, clock):
    """A context over a data directory that does not exist yet."""
    assert not isolated_data_dir.exists()
    context = AppContext(Paths(isolated_data_dir), clock)
    yield context
    context.close_vault()


def sidecars(vault_path: Path) -> list[Path]:
    return [vault_path, Path(f"{vault_path}-wal"), Path(f"{vault_path}-shm")]


# --- the vault and the app's own files ---------------------------------------------------

def test_a_new_vault_its_wal_shm_lock_and_folders_are_private(ctx, isolated_data_dir):
    vault = ctx.create_vault("Anna")
    ctx.circles.create(CircleDraft("Grief circle"))       # a write: the WAL has content
    path = vault.path

    assert_private([*sidecars(path), lock_path_for(path), ctx.paths.registry_file])
    assert_private([isolated_data_dir, ctx.paths.vaults_dir, path.parent])


def test_the_settings_file_is_private(ctx):
    Settings.load(ctx.paths).set("cues.chime", True)

    assert_private([ctx.paths.settings_file, ctx.paths.data_dir])


def test_a_rekeyed_vault_stays_private(ctx):
    vault = ctx.create_vault("Anna")
    ctx.circles.create(CircleDraft("Grief circle"))

    change_passphrase(vault, "a long enough passphrase")
    ctx.circles.create(CircleDraft("Second circle"))
    assert vault.encrypted
    assert_private(sidecars(vault.path))

    change_passphrase(vault, None)
    ctx.circles.create(CircleDraft("Third circle"))
    assert not vault.encrypted
    assert_private(sidecars(vault.path))


def test_a_vault_reopened_from_a_readable_file_is_made_private(ctx):
    """A vault copied in with 0644 (from a stick, a restore) is closed off on open."""
    path = ctx.create_vault("Anna").path
    ctx.close_vault()
    for file in sidecars(path):
        if file.exists():
            file.chmod(0o644)

    ctx.open_vault(path)
    ctx.circles.create(CircleDraft("Grief circle"))
    assert_private(sidecars(path))


# --- exports -----------------------------------------------------------------------------

@pytest.fixture
def closed_vault(ctx) -> Path:
    """A circle with a member, two held sessions and a planned one, a journal entry;
    closed, as the command line finds it."""
    ctx.create_vault("Anna")
    circle = ctx.circles.create(CircleDraft(
        "Tuesday Circle", agreement="Listen\nRespect",
        schedule=Schedule(Frequency.WEEKLY, 1, time(19, 0))))
    ann = ctx.members.add(circle.id, MemberDraft("Ann Lee", contact="ann@example.org"))
    for day in (date(2025, 12, 29), date(2026, 1, 5)):
        held = ctx.sessions.create(circle.id, SessionDraft(day, time(19, 0),
                                                           "Europe/London", ROUNDS))
        ctx.attendance.mark(held.id, ann.id, Presence.PRESENT)
        abandon(ctx.vault, ctx.clock, held.id)
    ctx.sessions.create(circle.id, SessionDraft(date(2099, 1, 5), time(19, 0),
                                                "Europe/London", ROUNDS))
    ctx.journal.create(EntryDraft(datetime(2026, 1, 5, 21), "After the circle", "Tired."))
    path = ctx.vault.path
    ctx.close_vault()
    return path


CIRCLE_EXPORTS = {
    "summary.pdf": ["summary"],
    "summary.md": ["summary"],
    "sign-in.pdf": ["handout", "sign-in"],
    "agreement.pdf": ["handout", "agreement"],
    "schedule.pdf": ["handout", "schedule"],
    "report.pdf": ["report", "--from", "2025-06-01", "--to", "2026-01-31"],
    "calendar.ics": ["calendar"],
}


@pytest.mark.parametrize("name", CIRCLE_EXPORTS)
def test_every_circle_export_of_the_command_line_is_private(closed_vault, tmp_path, name):
    target = tmp_path / "out" / name
    target.parent.mkdir()
    words = CIRCLE_EXPORTS[name]

    assert cli.main(["export", *words, "--circle", "Tuesday Circle", "--vault",
                     str(closed_vault), "-o", str(target)]) == 0
    assert_private([target])


@pytest.mark.parametrize("name", ["journal.pdf", "journal.md"])
def test_the_journal_export_is_private(closed_vault, tmp_path, name):
    target = tmp_path / name

    assert cli.main(["export", "journal", "--vault", str(closed_vault), "--from",
                     "2026-01-01", "--to", "2026-01-31", "-o", str(target)]) == 0
    assert_private([target])


@pytest.mark.parametrize("with_contact", [False, True])
def test_the_members_csv_is_private(ctx, tmp_path, with_contact):
    ctx.create_vault("Anna")
    circle = ctx.circles.create(CircleDraft("Tuesday Circle"))
    ctx.members.add(circle.id, MemberDraft("Ann Lee", contact="ann@example.org"))
    target = tmp_path / "members.csv"

    export_members(ctx.members.list(circle.id), target, include_contact=with_contact)
    assert_private([target])


def test_an_export_over_a_readable_old_file_is_private(closed_vault, tmp_path):
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"an old copy")
    target.chmod(0o644)

    assert cli.main(["export", "summary", "--circle", "Tuesday Circle", "--vault",
                     str(closed_vault), "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert_private([target])


def test_a_folder_made_for_several_summaries_is_private(closed_vault, tmp_path):
    folder = tmp_path / "summaries"

    assert cli.main(["export", "summary", "--all", "--circle", "Tuesday Circle", "--vault",
                     str(closed_vault), "-o", str(folder)]) == 0
    assert len(list(folder.glob("*.pdf"))) == 2
    assert_private([folder, *folder.iterdir()])


def test_folders_made_for_an_export_file_are_private(closed_vault, tmp_path):
    """Missing folders above an export's file are made 0700 (app/fileio.py
    atomic_write_bytes; they were 0755 from the umask until it used make_private_dir)."""
    target = tmp_path / "new" / "deeper" / "journal.pdf"

    assert cli.main(["export", "journal", "--vault", str(closed_vault), "--from",
                     "2026-01-01", "--to", "2026-01-31", "-o", str(target)]) == 0
    assert_private([target, target.parent, target.parent.parent])


# --- backups ------------------------------------------------------------------------------

def test_every_kind_of_backup_and_its_folder_is_private(ctx, tmp_path):
    import shutil

    from app.backups.folder import Reason, default_folder, list_backups
    from app.backups.policy import Retention
    from app.backups.service import BackupPlan

    vault = ctx.create_vault("Backed up")
    ctx.circles.create(CircleDraft("One"))
    for reason in (Reason.AUTOMATIC, Reason.MANUAL, Reason.BEFORE_IMPORT):
        ctx.backups.make(reason)
    old = ctx.backups.list()[-1]
    ctx.backups.restore(old.path, None)                      # makes BEFORE_RESTORE
    stick = tmp_path / "stick"
    stick.mkdir()
    ctx.backups.set_plan(BackupPlan(stick, Retention()))
    on_stick = ctx.backups.make(Reason.ON_CLOSE)
    ctx.close_vault()
    older = tmp_path / "older" / "circlekeeper.db"           # an old format: BEFORE_UPGRADE
    older.parent.mkdir()
    shutil.copyfile(Path(__file__).parent / "data" / "vaults" / "v1-plain.db", older)
    ctx.open_vault(older)
    made = list_backups(default_folder(vault.path)) + list_backups(default_folder(older))
    assert {b.reason for b in made} >= {Reason.AUTOMATIC, Reason.MANUAL, Reason.BEFORE_IMPORT,
                                        Reason.BEFORE_RESTORE, Reason.BEFORE_UPGRADE}
    assert_private([*(b.path for b in made), on_stick.path, on_stick.path.parent,
                    default_folder(vault.path), default_folder(older)])
