"""`circlekeeper import FILE` end to end: entries read back from the vault,
what was skipped said with its reason, twice adds nothing, and every refusal
one sentence with the right exit code."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app import cli
from app.context import AppContext
from app.paths import Paths

DATA = Path(__file__).parent / "data" / "journal_imports"
JRNL = DATA / "jrnl_export.json"
PASSPHRASE = "correct horse battery"


@pytest.fixture
def data_dir(tmp_path, clock) -> Path:
    """A data folder with one plain vault in it, closed, as the command finds it."""
    folder = tmp_path / "circlekeeper"
    context = AppContext(Paths(folder), clock)
    context.create_vault("Sam")
    context.close_vault()
    return folder


def run(capsys, *words: str) -> tuple[int, str, str]:
    code = cli.main(["import", *words])
    out, err = capsys.readouterr()
    return code, out, err


def entries(data_dir: Path, passphrase: str | None = None) -> list:
    context = AppContext(Paths(data_dir))
    [known] = context.registry.load()
    context.open_vault(Path(known.path), passphrase)
    try:
        return context.journal.all()
    finally:
        context.close_vault()


def test_a_jrnl_export_comes_in_and_says_what_was_skipped(data_dir, capsys):
    code, out, err = run(capsys, str(JRNL), "--data-dir", str(data_dir))
    assert code == 0, err
    backed_up, *lines = out.splitlines()
    assert backed_up.startswith("Backed up the vault first, to ") and backed_up.endswith(".ckbackup")
    assert Path(backed_up.rsplit(" ", 1)[1]).exists()
    assert lines == [
        f"Read a jrnl export: {JRNL}",
        "Imported 4 entries, written 2021-03-04 to 2021-03-08.",
        "Skipped 3:",
        "  entry 3 (2021-03-06 07:15): empty entry",
        "  entry 5: date could not be read (“2021-02-30”)",
        "  entry 7 (2021-03-09 08:00): empty entry",
    ]
    assert err == ""  # no progress lines when stderr is not a terminal
    got = {e.title: e for e in entries(data_dir)}
    assert set(got) == {"Called in sick.", "Café au lait à Montréal — déjà vu!",
                        "<b>bold</b> claims.", "Synced from Day One."}
    assert got["Café au lait à Montréal — déjà vu!"].body == (
        "今日は静かな一日でした。 🌱💚\nمرحبا بالعالم\nשלום עולם")
    assert got["<b>bold</b> claims."].body == (
        "<img src=x onerror=alert(1)> and <script>alert('x')</script> & &amp;")
    assert got["Called in sick."].chosen_tags == ("tom", "health")


def test_importing_twice_adds_nothing(data_dir, capsys):
    assert run(capsys, str(JRNL), "--data-dir", str(data_dir))[0] == 0
    code, out, _ = run(capsys, str(JRNL), "--data-dir", str(data_dir))
    assert code == 0
    assert out.splitlines()[1:3] == ["No entries were imported.",
                                     "4 entries were already imported, so left out."]
    assert len(entries(data_dir)) == 4


def test_a_dry_run_changes_nothing(data_dir, capsys):
    code, out, _ = run(capsys, str(JRNL), "--dry-run", "--data-dir", str(data_dir))
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "Would import 4 entries, written 2021-03-04 to 2021-03-08."
    assert "  entry 3 (2021-03-06 07:15): empty entry" in lines
    assert lines[-1] == "Nothing was changed (--dry-run)."
    assert entries(data_dir) == []
    run(capsys, str(JRNL), "--data-dir", str(data_dir))
    _, out, _ = run(capsys, str(JRNL), "--dry-run", "--data-dir", str(data_dir))
    assert out.splitlines()[1:3] == ["No entries would be imported.",
                                     "4 entries are already imported, so would be left out."]


def test_a_day_one_zip_with_notes(data_dir, tmp_path, capsys):
    path = tmp_path / "Day One Export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(DATA / "dayone_Journal.json", "Journal.json")
        archive.writestr("photos/f3d1a0d6a2c8e3b1c7a9d5e4f2b0c6a8.jpeg", b"\xff\xd8")
    code, out, _ = run(capsys, str(path), "--data-dir", str(data_dir))
    assert code == 0
    assert "Imported 7 entries, written 2021-03-27 to 2021-05-02." in out
    assert "  entry 5 (2021-04-05 10:00): empty entry" in out
    assert ("  1 photo was not imported; each is marked “[photo not imported]” in its "
            "entry.") in out
    assert ("  entry 7 (2021-05-01 12:00): time zone “Mars/Olympus_Mons” is not known "
            "here, so the time is UTC") in out
    by_zone = {(e.timezone, e.written_at.isoformat()) for e in entries(data_dir)}
    assert ("Europe/London", "2021-03-28T00:30:00") in by_zone
    assert ("America/Los_Angeles", "2021-03-27T17:30:00") in by_zone


def test_a_folder_of_text_files(data_dir, capsys):
    code, out, _ = run(capsys, str(DATA / "text_folder"), "--data-dir", str(data_dir))
    assert code == 0
    assert "Imported 9 entries" in out
    assert "  2023-04-09.md: empty file" in out
    assert "  photo.jpg: not a Markdown or text file" in out
    bodies = {e.body for e in entries(data_dir)}
    assert "Café crème – “quoted”\nSecond line" in bodies


def test_many_repeated_notes_are_said_once(data_dir, tmp_path, capsys):
    folder = tmp_path / "undated"
    folder.mkdir()
    for n in range(5):
        (folder / f"note {n}.txt").write_text(f"Note {n}")
    _, out, _ = run(capsys, str(folder), "--data-dir", str(data_dir))
    assert ("  note 0.txt, note 1.txt, note 2.txt and 2 more: no date in its name, so dated "
            "when the file was last changed") in out.splitlines()


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text('{"theme": "dark"}'), "is not a jrnl or Day One export"),
    (lambda p: p.write_bytes(b"PK\x03\x04 truncated"), "is a damaged zip file"),
])
def test_an_unreadable_file_is_one_sentence_and_changes_nothing(data_dir, tmp_path, capsys,
                                                                 make, message):
    path = tmp_path / "export.json"
    make(path)
    code, out, err = run(capsys, str(path), "--data-dir", str(data_dir))
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert entries(data_dir) == []


def test_a_missing_file(data_dir, tmp_path, capsys):
    code, _, err = run(capsys, str(tmp_path / "nowhere.json"), "--data-dir", str(data_dir))
    assert code == 1 and "is not there" in err


def test_a_locked_vault_needs_its_passphrase(tmp_path, clock, capsys, monkeypatch):
    folder = tmp_path / "locked"
    context = AppContext(Paths(folder), clock)
    context.create_vault("Locked", PASSPHRASE)
    context.close_vault()
    monkeypatch.delenv("CIRCLEKEEPER_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: cannot ask
    code, _, err = run(capsys, str(JRNL), "--data-dir", str(folder))
    assert code == 1 and "locked with a passphrase" in err and "Traceback" not in err
    monkeypatch.setenv("CIRCLEKEEPER_PASSPHRASE", "wrong one")
    code, _, err = run(capsys, str(JRNL), "--data-dir", str(folder))
    assert code == 1 and err.strip() and "Traceback" not in err
    monkeypatch.setenv("CIRCLEKEEPER_PASSPHRASE", PASSPHRASE)
    assert run(capsys, str(JRNL), "--data-dir", str(folder))[0] == 0
    assert len(entries(folder, PASSPHRASE)) == 4


def test_choosing_the_vault_by_file_or_name(tmp_path, clock, capsys):
    folder = tmp_path / "shared"
    context = AppContext(Paths(folder), clock)
    paths = {}
    for label in ("Sam", "Alex Morgan"):
        context.create_vault(label)
        paths[label] = context.vault.path
        context.close_vault()
    code, _, err = run(capsys, str(JRNL), "--data-dir", str(folder))
    assert code == 2 and "choose one with --vault FILE" in err
    assert run(capsys, str(JRNL), "--data-dir", str(folder), "--vault", "alex  MORGAN")[0] == 0
    assert run(capsys, str(JRNL), "--data-dir", str(folder), "--vault",
               str(paths["Sam"]))[0] == 0
    for label, path in paths.items():
        context.open_vault(path)
        assert context.journal.count() == 4, label
        context.close_vault()
    code, _, err = run(capsys, str(JRNL), "--data-dir", str(folder), "--vault", "Nobody")
    assert code == 1 and "not there" in err


def test_no_vault_known(tmp_path, capsys):
    code, _, err = run(capsys, str(JRNL), "--data-dir", str(tmp_path / "empty"))
    assert code == 2 and "No vault is known" in err


def test_names_from_a_file_cannot_drive_the_terminal(data_dir, tmp_path, capsys):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "ok.md").write_text("fine")
    (folder / "evil\x1b[2J\u202egpj.exe").write_bytes(b"\x00")
    _, out, _ = run(capsys, str(folder), "--data-dir", str(data_dir))
    assert "\x1b" not in out and "\u202e" not in out
    assert "  evil\ufffd[2J\ufffdgpj.exe: not a Markdown or text file" in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal(data_dir, tmp_path, capsys, monkeypatch):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"tags": {}, "entries": [
        {"title": f"Day {n}.", "body": "", "date": "2020-01-01", "time": "12:00"}
        for n in range(1200)]}))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["import", str(path), "--data-dir", str(data_dir)]) == 0
    assert terminal.getvalue() == ("\rImporting… 500 of 1,200\rImporting… 1,000 of 1,200"
                                   "\rImporting… 1,200 of 1,200\n")
    assert "Imported 1,200 entries, written 2020-01-01." in capsys.readouterr().out


def test_a_failure_halfway_says_what_was_kept(data_dir, tmp_path, capsys, monkeypatch):
    from app.errors import DiskFull
    from app.journal.entries import EntryStore

    path = tmp_path / "big.json"
    path.write_text(json.dumps({"tags": {}, "entries": [
        {"title": f"Day {n}.", "body": "", "date": "2020-01-01", "time": "12:00"}
        for n in range(700)]}))
    insert, calls = EntryStore._insert, []

    def full_after_600(self, db, draft):
        calls.append(draft)
        if len(calls) > 600:
            raise DiskFull("The disk is full, so the entry was not saved.")
        return insert(self, db, draft)

    monkeypatch.setattr(EntryStore, "_insert", full_after_600)
    code, out, err = run(capsys, str(path), "--data-dir", str(data_dir))
    assert code == 1 and out.startswith("Backed up the vault first, to ") and len(out.splitlines()) == 1
    assert err == ("The disk is full, so the entry was not saved. The first 500 entries are in "
                   "the vault; import the same file again to add the rest.\n")
    monkeypatch.setattr(EntryStore, "_insert", insert)
    assert len(entries(data_dir)) == 500
    _, out, _ = run(capsys, str(path), "--data-dir", str(data_dir))
    assert "Imported 200 entries" in out and "500 entries were already imported" in out


def test_the_command_runs_in_its_own_process(data_dir):
    result = subprocess.run([sys.executable, "-m", "app.cli", "import", str(JRNL),
                             "--data-dir", str(data_dir), "--dry-run"],
                            capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stderr
    assert "Would import 4 entries" in result.stdout
