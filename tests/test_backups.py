"""Backups in the core: thinning, naming, making, checking, restoring and
recovering a damaged vault (no window)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.backups.folder import (Reason, backup_name, chosen_folder, default_folder,
                                list_backups, read_name)
from app.backups.make import make_backup, thin
from app.backups.policy import Retention, to_keep
from app.backups.restore import newest_usable, recover
from app.backups.service import BackupPlan
from app.backups.verify import verify_backup
from app.circles import CircleDraft
from app.errors import BackupFailed, DamagedVault, WrongPassphrase
from app.vault import check_file, open_vault

UTC = timezone.utc
PASS = "correct horse battery"


def names(context) -> list[str]:
    return [c.name for c in context.circles.list()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ----- which backups are kept --------------------------------------------------------
def hourly(days: int, end: datetime) -> list[datetime]:
    return [end - timedelta(hours=h) for h in range(days * 24)]


def test_thinning_keeps_recent_then_daily_weekly_monthly():
    end = datetime(2026, 11, 24, 12, tzinfo=UTC)
    times = hourly(400, end)
    kept = to_keep(times, Retention(recent=5, daily=7, weekly=4, monthly=6), tz=UTC)
    newest_first = sorted(kept, reverse=True)
    assert newest_first[:5] == times[:5]                      # the newest five
    days = {t.date() for t in kept}
    assert {end.date() - timedelta(days=d) for d in range(7)} <= days  # a week of days
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 6 and (2026, 6) in months and (2026, 5) not in months
    assert len(kept) < 5 + 7 + 4 + 6 + 1                      # buckets overlap, no more


def test_thinning_keeps_the_newest_backup_of_each_day():
    end = datetime(2026, 11, 24, 20, tzinfo=UTC)
    times = hourly(3, end)
    kept = to_keep(times, Retention(recent=1, daily=3, weekly=0, monthly=0), tz=UTC)
    assert sorted(kept) == [datetime(2026, 11, 22, 23, tzinfo=UTC),
                            datetime(2026, 11, 23, 23, tzinfo=UTC), end]


def test_days_are_the_persons_own():
    tz = timezone(timedelta(hours=-8))        # 02:00 UTC is still yesterday evening there
    late = datetime(2026, 11, 24, 2, tzinfo=UTC)
    earlier = datetime(2026, 11, 23, 22, tzinfo=UTC)
    kept = to_keep([late, earlier], Retention(recent=1, daily=5, weekly=0, monthly=0), tz=tz)
    assert kept == {late}                     # one local day: only its newest


def test_retention_refuses_nonsense():
    with pytest.raises(ValueError):
        Retention(recent=0)
    with pytest.raises(ValueError):
        Retention(daily=-1)


# ----- names and folders ---------------------------------------------------------------
def test_a_backup_name_says_when_and_why(tmp_path):
    made = datetime(2026, 3, 29, 1, 30, 5, tzinfo=UTC)
    name = backup_name(made, Reason.BEFORE_IMPORT, 2)
    assert name == "backup-20260329T013005Z-before-import-2.ckbackup"
    assert read_name(tmp_path / name) == (made, Reason.BEFORE_IMPORT)
    for other in ("backup-2026-manual.ckbackup", ".backup-20260329T013005Z-manual.ckbackup.tmp",
                  "backup-20260329T013005Z-sideways.ckbackup", "notes.txt"):
        assert read_name(tmp_path / other) is None


def test_folders_beside_the_vault_or_in_a_chosen_place(tmp_path):
    vault = tmp_path / "vaults" / "anna-s-journal" / "circlekeeper.db"
    assert default_folder(vault) == vault.parent / "backups"
    assert default_folder(tmp_path / "Documents" / "group.db") == tmp_path / "Documents" / "group backups"
    assert chosen_folder(tmp_path / "stick", vault) == tmp_path / "stick" / "circlekeeper-anna-s-journal"


def test_listing_skips_other_files_and_missing_folders(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "backup-20260101T000000Z-manual.ckbackup").write_bytes(b"x" * 10)
    (folder / "backup-20260102T000000Z-automatic.ckbackup").write_bytes(b"y" * 20)
    (folder / ".backup-20260103T000000Z-manual.ckbackup.tmp").write_bytes(b"half")
    (folder / "holiday.jpg").write_bytes(b"")
    found = list_backups(folder, tmp_path / "unplugged-stick")
    assert [(b.reason, b.size) for b in found] == [(Reason.AUTOMATIC, 20), (Reason.MANUAL, 10)]


# ----- making one ------------------------------------------------------------------------
@pytest.mark.parametrize("passphrase", [None, PASS])
def test_a_backup_is_a_whole_vault_as_locked_as_the_original(tmp_path, clock, passphrase):
    vault = open_vault(tmp_path / "v" / "circlekeeper.db", passphrase, create=True)
    from app.circles import CircleStore

    CircleStore(vault, clock).create(CircleDraft("Tuesday circle"))
    backup = make_backup(vault.file, tmp_path / "b", Reason.MANUAL, clock.now())
    vault.close()
    assert backup.path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in backup.path.parent.iterdir()] == [backup.path.name]  # no leftovers
    assert check_file(backup.path, passphrase) >= 1
    if passphrase:
        assert not backup.path.read_bytes().startswith(b"SQLite format 3")
        with pytest.raises(WrongPassphrase):
            verify_backup(backup.path, "not the passphrase")
    copy = open_vault(backup.path, passphrase)
    assert [c.name for c in CircleStore(copy, clock).list()] == ["Tuesday circle"]
    copy.close()


def test_a_failed_backup_leaves_nothing_and_says_so(tmp_path, clock):
    vault = open_vault(tmp_path / "v" / "circlekeeper.db", create=True)
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    with pytest.raises(BackupFailed, match="Your vault itself is fine"):
        make_backup(vault.file, blocked / "b", Reason.MANUAL, clock.now())
    vault.close()


def test_thin_deletes_only_what_the_policy_lets_go(tmp_path, clock):
    vault = open_vault(tmp_path / "v" / "circlekeeper.db", create=True)
    folder = tmp_path / "b"
    made = []
    for day in range(6):
        made.append(make_backup(vault.file, folder, Reason.AUTOMATIC, clock.now()))
        clock.advance(24 * 3600)
    vault.close()
    removed = thin(folder, Retention(recent=2, daily=3, weekly=0, monthly=0), tz=UTC)
    assert sorted(removed) == sorted(b.path for b in made[:3])
    assert [b.path for b in list_backups(folder)] == [b.path for b in reversed(made[3:])]


# ----- the service: changes, settings, restore --------------------------------------------
def test_a_change_is_what_makes_a_backup_due(context):
    backups = context.backups
    assert not backups.unsaved_changes
    context.circles.create(CircleDraft("New"))
    assert backups.unsaved_changes
    made = backups.make(Reason.AUTOMATIC)
    assert not backups.unsaved_changes
    assert made.path.parent == default_folder(context.vault.path)


def test_a_chosen_folder_is_used_when_plugged_in(context, tmp_path):
    stick = tmp_path / "stick"
    context.backups.set_plan(BackupPlan(stick, Retention(recent=3)))
    assert context.backups.chosen_missing                      # not plugged in yet
    assert context.backups.make(Reason.MANUAL).path.parent == default_folder(context.vault.path)
    assert not stick.exists()                                   # never made up on this disk
    stick.mkdir()
    context.clock.advance(1)
    on_stick = context.backups.make(Reason.MANUAL)
    assert on_stick.path.parent == chosen_folder(stick, context.vault.path)
    assert [b.path for b in context.backups.list()][0] == on_stick.path  # both places listed
    assert len(context.backups.list()) == 2
    assert context.backups.plan.retention == Retention(recent=3)


def test_restore_puts_the_backup_back_after_backing_up_the_present(context):
    context.circles.create(CircleDraft("Before"))
    old = context.backups.make(Reason.MANUAL)
    context.clock.advance(60)
    context.circles.create(CircleDraft("After"))
    restored = context.backups.restore(old.path, None)
    assert names(context) == ["Before"]                          # the same Vault object
    assert restored.safety is not None and restored.safety.reason is Reason.BEFORE_RESTORE
    safety = open_vault(restored.safety.path)
    from app.circles import CircleStore

    assert sorted(c.name for c in CircleStore(safety, context.clock).list()) == ["After", "Before"]
    safety.close()
    context.circles.create(CircleDraft("Goes on"))                # and it still saves
    assert "Goes on" in names(context)


def test_restoring_an_encrypted_backup_needs_its_passphrase(tmp_path, clock):
    from app.context import AppContext

    ctx = AppContext.for_data_dir(tmp_path / "data", clock)
    ctx.create_vault("Locked", PASS)
    backup = ctx.backups.make(Reason.MANUAL)
    with pytest.raises(WrongPassphrase):
        ctx.backups.restore(backup.path, "wrong passphrase")
    ctx.backups.restore(backup.path, PASS)
    assert ctx.vault.encrypted and ctx.vault.is_open
    ctx.close_vault()


# ----- recovery of a damaged vault -----------------------------------------------------------
def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2 + 100, len(data), 997):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("passphrase", [None, PASS])
def test_recovery_sets_the_damaged_file_aside_untouched(tmp_path, clock, passphrase):
    from app.context import AppContext

    ctx = AppContext.for_data_dir(tmp_path / "data", clock)
    vault = ctx.create_vault("Group", passphrase)
    ctx.circles.create(CircleDraft("Kept in the backup"))
    ctx.backups.make(Reason.AUTOMATIC)
    for n in range(50):
        ctx.circles.create(CircleDraft(f"Circle {n}", purpose="p" * 400))
    path = vault.path
    ctx.close_vault()
    damage(path)
    before = digest(path)
    with pytest.raises(DamagedVault):
        check_file(path, passphrase)
    backup, passed_over = newest_usable(list_backups(default_folder(path)), passphrase)
    assert backup is not None and passed_over == []
    done = recover(path, backup.path, passphrase, clock.now())
    assert done.set_aside is not None and digest(done.set_aside) == before
    assert done.set_aside.name.startswith("circlekeeper.db.damaged-")
    ctx.open_vault(path, passphrase)
    assert names(ctx) == ["Kept in the backup"]
    ctx.close_vault()


def test_a_damaged_backup_is_passed_over_for_an_older_good_one(tmp_path, clock):
    vault = open_vault(tmp_path / "v" / "circlekeeper.db", create=True)
    good = make_backup(vault.file, tmp_path / "b", Reason.AUTOMATIC, clock.now())
    clock.advance(60)
    bad = make_backup(vault.file, tmp_path / "b", Reason.AUTOMATIC, clock.now())
    vault.close()
    bad.path.write_bytes(bad.path.read_bytes()[:1000])
    chosen, passed_over = newest_usable(list_backups(tmp_path / "b"), None)
    assert chosen.path == good.path and [b.path for b in passed_over] == [bad.path]


def test_an_old_vault_is_backed_up_as_it_was_before_its_format_is_updated(tmp_path, clock):
    import shutil

    from app.context import AppContext
    from app import migrations

    old = Path(__file__).parent / "data" / "vaults" / "v1-plain.db"
    path = tmp_path / "old" / "circlekeeper.db"
    path.parent.mkdir()
    shutil.copyfile(old, path)
    ctx = AppContext.for_data_dir(tmp_path / "data", clock)
    ctx.open_vault(path)
    assert ctx.vault.schema_version == migrations.LATEST_VERSION
    ctx.close_vault()
    [backup] = list_backups(default_folder(path))
    assert backup.reason is Reason.BEFORE_UPGRADE
    assert check_file(backup.path) == 1                    # the vault as it was


def test_no_update_without_its_backup(tmp_path, clock, monkeypatch):
    import shutil

    from app.backups import make
    from app.context import AppContext

    old = Path(__file__).parent / "data" / "vaults" / "v1-plain.db"
    path = tmp_path / "old" / "circlekeeper.db"
    path.parent.mkdir()
    shutil.copyfile(old, path)
    before = digest(path)

    def no_room(*args, **kwargs):
        raise BackupFailed("The backup was not made: there is no space left.")

    monkeypatch.setattr(make, "make_backup", no_room)
    ctx = AppContext.for_data_dir(tmp_path / "data", clock)
    with pytest.raises(BackupFailed, match="backup is always made first"):
        ctx.open_vault(path)
    assert digest(path) == before and check_file(path) == 1
