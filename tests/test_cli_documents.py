"""`circlekeeper export summary|handout|report` end to end: files written,
read back, and every refusal a sentence with the right exit code."""

from __future__ import annotations

from datetime import date, time

import pytest
from pypdf import PdfReader

from app import cli
from app.attendance import Presence
from app.circles import CircleDraft
from app.formats import RoundKind, RoundPlan
from app.members import MemberDraft
from app.session_records import RecordField
from app.session_run import abandon
from app.sessions import SessionDraft

ROUNDS = (RoundPlan("Check-in", RoundKind.EACH, 2.0),)


@pytest.fixture
def vault(context):
    """A vault with one circle, two held sessions and one planned; closed, as
    the command line finds it."""
    circle = context.circles.create(CircleDraft("Tuesday Circle", agreement="Listen\nRespect"))
    ann = context.members.add(circle.id, MemberDraft("Ann Lee"))
    for day, theme in ((date(2026, 3, 3), "Sleep"), (date(2026, 3, 17), "Work")):
        session = context.sessions.create(circle.id, SessionDraft(
            day, time(19, 0), "Europe/London", ROUNDS))
        context.attendance.mark(session.id, ann.id, Presence.PRESENT)
        abandon(context.vault, context.clock, session.id)
        context.records.save(session.id, RecordField.THEMES, theme)
    context.sessions.create(circle.id, SessionDraft(date(2099, 1, 1), time(19, 0),
                                                    "Europe/London", ROUNDS))
    path = context.vault.path
    context.close_vault()
    return path


def export(vault, *words: str) -> int:
    return cli.main(["export", *words, "--circle", "tuesday circle", "--vault", str(vault)])


def text_of(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_latest_summary_by_default(vault, tmp_path, capsys):
    target = tmp_path / "latest.pdf"
    assert export(vault, "summary", "-o", str(target)) == 0
    assert f"Wrote {target}" in capsys.readouterr().out
    text = text_of(target)
    assert "Work" in text and "Sleep" not in text and "Tuesday Circle" in text


def test_every_summary_into_a_folder_in_markdown(vault, tmp_path):
    assert export(vault, "summary", "--all", "--format", "md", "-o", str(tmp_path)) == 0
    files = sorted(tmp_path.glob("*.md"))
    assert len(files) == 2
    texts = [f.read_text("utf-8") for f in files]
    assert any("Sleep" in t for t in texts) and any("Work" in t for t in texts)


def test_chosen_days_and_a_day_without_a_session(vault, tmp_path, capsys):
    assert export(vault, "summary", "--session", "2026-03-03", "-o", str(tmp_path)) == 0
    [only] = tmp_path.glob("*.pdf")
    assert "Sleep" in text_of(only)
    capsys.readouterr()
    assert export(vault, "summary", "--session", "2026-03-04", "-o", str(tmp_path)) == 1
    err = capsys.readouterr().err
    assert "No session of “Tuesday Circle” was held on 2026-03-04" in err
    assert "2026-03-03, 2026-03-17" in err
    assert "Traceback" not in err


def test_a_bad_date_is_refused_by_the_parser(vault, capsys):
    with pytest.raises(SystemExit) as stop:
        export(vault, "summary", "--session", "3rd March")
    assert stop.value.code == 2
    assert "is not a date like 2026-03-05" in capsys.readouterr().err


@pytest.mark.parametrize("which, words", [("sign-in", "Ann"), ("agreement", "Respect"),
                                          ("schedule", "2099")])
def test_handouts(vault, tmp_path, which, words):
    target = tmp_path / f"{which}.pdf"
    assert export(vault, "handout", which, "-o", str(target)) == 0
    assert words in text_of(target)


def test_report_on_letter_paper(vault, tmp_path):
    target = tmp_path / "report.pdf"
    assert export(vault, "report", "--from", "2026-01-01", "--to", "2026-12-31",
                  "--paper", "letter", "-o", str(target)) == 0
    page = PdfReader(target).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    assert "2" in text_of(target)


def test_a_circle_with_nothing_held_says_so(context, tmp_path, capsys):
    context.circles.create(CircleDraft("Tuesday circle"))
    path = context.vault.path
    context.close_vault()
    out = tmp_path / "out"
    out.mkdir()
    assert export(path, "summary", "-o", str(out)) == 1
    assert "has no held sessions yet" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_an_unwritable_target_is_a_sentence(vault, tmp_path, capsys):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder")
    code = export(vault, "handout", "agreement", "-o", str(not_a_folder / "a.pdf"))
    err = capsys.readouterr().err
    assert code == 1 and "could not be written" in err and "Traceback" not in err
    assert not_a_folder.read_text() == "a file, not a folder"


def test_the_file_name_chooses_the_format_and_a_clash_is_refused(vault, tmp_path, capsys):
    target = tmp_path / "latest.md"
    assert export(vault, "summary", "-o", str(target)) == 0
    assert target.read_text("utf-8").startswith("# ")
    assert export(vault, "summary", "--format", "pdf", "-o", str(tmp_path / "x.md")) == 1
    assert "does not match the file name" in capsys.readouterr().err
    assert not (tmp_path / "x.md").exists()


def test_several_summaries_need_a_folder_not_a_file_name(vault, tmp_path, capsys):
    assert export(vault, "summary", "--all", "-o", str(tmp_path / "summary.pdf")) == 1
    assert "need a folder" in capsys.readouterr().err
    assert not (tmp_path / "summary.pdf").exists()
    assert export(vault, "summary", "--all", "-o", str(tmp_path / "new folder")) == 0
    assert len(list((tmp_path / "new folder").glob("*.pdf"))) == 2


def test_two_sessions_on_one_day_get_two_files(context, tmp_path):
    circle = context.circles.create(CircleDraft("Tuesday circle"))
    for start, theme in ((time(10, 0), "Morning"), (time(19, 0), "Evening")):
        session = context.sessions.create(circle.id, SessionDraft(
            date(2026, 3, 3), start, "Europe/London", ROUNDS))
        abandon(context.vault, context.clock, session.id)
        context.records.save(session.id, RecordField.THEMES, theme)
    path = context.vault.path
    context.close_vault()
    out = tmp_path / "out"
    out.mkdir()
    assert export(path, "summary", "--all", "--format", "md", "-o", str(out)) == 0
    texts = sorted(p.read_text("utf-8") for p in out.glob("*.md"))
    assert len(texts) == 2 and any("Morning" in t for t in texts) and any(
        "Evening" in t for t in texts)
