"""The .ics calendar export, read back with the icalendar parser, and the
`circlekeeper export calendar` command end to end."""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from app import cli
from app.circles import CircleDraft
from app.export import ics
from app.export.ics import calendar_bytes, default_file_name, export_calendar
from app.formats import RoundKind, RoundPlan, load_shipped
from app.members import MemberDraft
from app.sessions import SessionDraft

STAMP = datetime(2026, 1, 6, 18, 0, tzinfo=timezone.utc)
ROUNDS = (RoundPlan("Check-in", RoundKind.EACH, 2.0), RoundPlan("Break", RoundKind.GROUP, 10.0))
TRICKY = 'Hall; room 2, back door\nRing <b>twice</b> & wait 🌱 "quote" \\ done'


def plan(context, circle, day: date, at: time = time(19, 0), zone: str = "Europe/London",
         rounds=ROUNDS, place: str = "Village hall", format_name: str = "Short evening"):
    return context.sessions.create(circle.id, SessionDraft(day, at, zone, rounds, place,
                                                           format_name))


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def zone_key(moment: datetime) -> str:
    return getattr(moment.tzinfo, "key", None) or str(moment.tzinfo)


# --- the file ------------------------------------------------------------------------------

def test_events_keep_their_times_zone_and_stable_uid(context, circle):
    context.members.add_many(circle.id, [MemberDraft(n) for n in ("Ann", "Bo", "Cy")])
    first = plan(context, circle, date(2026, 1, 15))
    second = plan(context, circle, date(2026, 2, 18), time(18, 30), "America/New_York")
    data = calendar_bytes(circle, [first, second], 3, stamp=STAMP)
    calendar = parse(data)
    assert str(calendar["PRODID"]) == "-//Circlekeeper//EN"
    assert str(calendar["VERSION"]) == "2.0"
    one, two = events(calendar)
    assert str(one["UID"]) == f"{first.id}@circlekeeper.invalid"
    assert one.decoded("DTSTART") == first.starts_at
    assert zone_key(one.decoded("DTSTART")) == "Europe/London"
    # 3 speakers x 2 min + 10 min = 16 min
    assert one.decoded("DTEND") == first.starts_at + timedelta(minutes=16)
    assert one.decoded("DTEND") == first.planned_end(3)
    assert zone_key(two.decoded("DTSTART")) == "America/New_York"
    assert two.decoded("DTSTART").hour == 18 and two.decoded("DTSTART").minute == 30
    assert one.decoded("DTSTAMP") == STAMP
    assert str(one["SUMMARY"]) == circle.name
    assert str(one["LOCATION"]) == "Village hall"
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"Europe/London", "America/New_York"}
    assert b"DTSTART;TZID=Europe/London:20260115T190000" in data
    again = parse(calendar_bytes(circle, [first, second], 3, stamp=STAMP + timedelta(days=1)))
    assert [str(e["UID"]) for e in events(again)] == [str(e["UID"]) for e in (one, two)]


def test_summer_and_winter_meetings_both_start_at_seven_in_london(context, circle):
    winter = plan(context, circle, date(2026, 1, 15))
    summer = plan(context, circle, date(2026, 7, 16))
    data = calendar_bytes(circle, [winter, summer], 4, stamp=STAMP)
    starts = [e.decoded("DTSTART") for e in events(parse(data))]
    assert [(s.hour, s.minute) for s in starts] == [(19, 0), (19, 0)]
    assert [s.utcoffset() for s in starts] == [timedelta(0), timedelta(hours=1)]
    assert [s.astimezone(timezone.utc).hour for s in starts] == [19, 18]
    assert b"DTSTART;TZID=Europe/London:20260716T190000" in data
    [london] = parse(data).walk("VTIMEZONE")
    assert {c.name for c in london.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_description_lists_the_format_and_each_rounds_start(context, circle):
    session = plan(context, circle, date(2026, 1, 15))
    [event] = events(parse(calendar_bytes(circle, [session], 5, stamp=STAMP)))
    assert str(event["DESCRIPTION"]).splitlines() == [
        "Short evening", "19:00 Check-in (2 min each)", "19:10 Break (10 min)", "19:20 End"]


def test_commas_semicolons_newlines_markup_and_emoji_round_trip(context, circle):
    name = "Grief, loss; and <i>hope</i> 🌱 & more"
    tricky_circle = context.circles.create(CircleDraft(name))
    rounds = (RoundPlan("Sharing; part 1, <b>go</b> 🌸", RoundKind.EACH, 3.0),)
    session = plan(context, tricky_circle, date(2026, 3, 5), rounds=rounds)
    session = replace(session, place=TRICKY)     # the store keeps one line; the file must not care
    data = calendar_bytes(tricky_circle, [session], 2, stamp=STAMP)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))   # RFC 5545 folding
    [event] = events(parse(data))
    assert str(event["SUMMARY"]) == name
    assert str(event["LOCATION"]) == TRICKY
    assert "19:00 Sharing; part 1, <b>go</b> 🌸 (3 min each)" in str(event["DESCRIPTION"])
    assert b"\\;" in data and b"\\," in data


def test_no_member_names_or_contacts_reach_the_file(context, circle):
    context.members.add_many(circle.id, [
        MemberDraft("Zelda Canaryfield", contact="canary-phone 07700 900123"),
        MemberDraft("Quentin Sparrowhawk", contact="sparrow@example.org")])
    sessions = [plan(context, circle, date(2026, 1, 15)),
                plan(context, circle, date(2026, 1, 22))]
    data = calendar_bytes(circle, sessions, 2, stamp=STAMP).decode("utf-8")
    unfolded = data.replace("\r\n ", "")
    for secret in ("Zelda", "Canaryfield", "canary-phone", "07700", "Quentin",
                   "Sparrowhawk", "sparrow@example.org"):
        assert secret not in unfolded


def test_export_writes_the_file_privately_and_atomically(context, circle, tmp_path, monkeypatch):
    session = plan(context, circle, date(2026, 1, 15))
    target = tmp_path / "out" / "calendar.ics"
    export_calendar(circle, [session], 3, target, stamp=STAMP)
    assert events(parse(target.read_bytes()))
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    before = target.read_bytes()

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ics, "atomic_write_bytes", full)
    with pytest.raises(OSError):
        export_calendar(circle, [session], 9, target, stamp=STAMP)
    assert target.read_bytes() == before


def test_default_file_name_is_a_slug():
    assert default_file_name("Thursday Evening Peer Support") == "thursday-evening-peer-support.ics"
    assert default_file_name("🌱🌱") == "circle.ics"


# --- the command line ----------------------------------------------------------------------

def soon(days: int) -> date:
    """The CLI uses the real clock: plan relative to today."""
    return date.today() + timedelta(days=days)


@pytest.fixture
def planned(context, circle):
    """A closed vault whose circle has two upcoming sessions and one long past."""
    context.members.add_many(circle.id, [MemberDraft("Zelda Canaryfield", contact="zc@x.org"),
                                         MemberDraft("Bo Li")])
    sessions = [plan(context, circle, soon(7)), plan(context, circle, soon(14)),
                plan(context, circle, soon(-30))]
    path = context.vault.path
    context.close_vault()
    return path, sessions


def test_cli_writes_the_upcoming_sessions_to_the_named_file(planned, tmp_path, capsys):
    path, sessions = planned
    target = tmp_path / "mine.ics"
    assert cli.main(["export", "calendar", "--circle", "TEST CIRCLE",
                     "--output", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Wrote 2 sessions of “Test circle”" in out and str(target) in out
    calendar = parse(target.read_bytes())
    assert [str(e["UID"]).split("@")[0] for e in events(calendar)] == [
        s.id for s in sessions[:2]]
    assert events(calendar)[0].decoded("DTEND") == sessions[0].planned_end(2)
    assert b"Zelda" not in target.read_bytes()


def test_cli_default_output_is_the_circle_slug_here(planned, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["export", "calendar", "--circle", "test circle"]) == 0
    assert (tmp_path / "test-circle.ics").exists()


def test_cli_unknown_circle_lists_the_circles(planned, capsys):
    assert cli.main(["export", "calendar", "--circle", "Nope"]) == 2
    err = capsys.readouterr().err
    assert "No circle is called “Nope”" in err and "Test circle" in err
    assert "Traceback" not in err


def test_cli_two_circles_of_one_name_are_ambiguous(context, circle, capsys):
    context.circles.create(CircleDraft("test CIRCLE"))
    plan(context, circle, soon(7))
    context.close_vault()
    assert cli.main(["export", "calendar", "--circle", "Test circle"]) == 2
    assert "2 circles are called" in capsys.readouterr().err


def test_cli_with_several_vaults_asks_for_one(context, circle, tmp_path, capsys):
    plan(context, circle, soon(7))
    first = context.vault.path
    context.create_vault("Second vault")
    context.close_vault()
    assert cli.main(["export", "calendar", "--circle", "Test circle"]) == 2
    err = capsys.readouterr().err
    assert "--vault" in err and "Test vault" in err and "Second vault" in err
    target = tmp_path / "chosen.ics"
    assert cli.main(["export", "calendar", "--circle", "Test circle", "--vault", str(first),
                     "-o", str(target)]) == 0
    assert len(events(parse(target.read_bytes()))) == 1


def test_cli_without_upcoming_sessions_writes_nothing(context, circle, tmp_path, capsys):
    plan(context, circle, soon(-3))
    context.close_vault()
    target = tmp_path / "none.ics"
    assert cli.main(["export", "calendar", "--circle", "Test circle", "-o", str(target)]) == 1
    assert "no upcoming sessions" in capsys.readouterr().err
    assert not target.exists()


def test_cli_encrypted_vault_reads_the_passphrase(isolated_data_dir, clock, tmp_path,
                                                  monkeypatch, capsys):
    from app.context import AppContext
    from app.paths import Paths

    context = AppContext(Paths(isolated_data_dir), clock)
    context.create_vault("Locked", "correct horse battery")
    locked = context.circles.create(CircleDraft("Quiet circle"))
    plan(context, locked, soon(7))
    context.close_vault()
    target = tmp_path / "quiet.ics"
    args = ["export", "calendar", "--circle", "quiet circle", "-o", str(target)]
    monkeypatch.setenv("CIRCLEKEEPER_PASSPHRASE", "wrong one")
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err and not target.exists()
    monkeypatch.setenv("CIRCLEKEEPER_PASSPHRASE", "correct horse battery")
    assert cli.main(args) == 0
    assert len(events(parse(target.read_bytes()))) == 1


def test_cli_disk_full_is_a_plain_message(planned, tmp_path, monkeypatch, capsys):
    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ics, "atomic_write_bytes", full)
    assert cli.main(["export", "calendar", "--circle", "Test circle",
                     "-o", str(tmp_path / "x.ics")]) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and "Traceback" not in err


def test_cli_missing_vault_file_is_a_plain_message(tmp_path, capsys):
    assert cli.main(["export", "calendar", "--circle", "x",
                     "--vault", str(tmp_path / "gone.db")]) == 1
    assert "not there" in capsys.readouterr().err


def test_cli_no_known_vault(capsys):
    assert cli.main(["export", "calendar", "--circle", "x"]) == 2
    assert "No vault is known" in capsys.readouterr().err


def test_the_export_leaves_the_start_screen_list_alone(context, circle, tmp_path):
    """A vault named with --vault is not added to the registry by an export."""
    plan(context, circle, soon(7))
    path = context.vault.path
    context.close_vault()
    context.registry.forget(path)
    assert cli.main(["export", "calendar", "--circle", "test circle", "--vault", str(path),
                     "-o", str(tmp_path / "a.ics")]) == 0
    assert context.registry.load() == []


def test_shipped_formats_export_cleanly(context, circle):
    sessions = [plan(context, circle, date(2026, 1, 15) + timedelta(days=7 * i), rounds=f.rounds,
                     format_name=f.name) for i, f in enumerate(load_shipped())]
    calendar = parse(calendar_bytes(circle, sessions, 8, stamp=STAMP))
    assert len(events(calendar)) == len(sessions)
    for event, session in zip(events(calendar), sessions):
        assert str(event["DESCRIPTION"]).startswith(session.format_name)
        assert event.decoded("DTEND") == session.planned_end(8)


def test_icalendar_is_imported_only_when_a_file_is_made():
    import subprocess
    import sys

    code = ("import sys; import app.export.ics, app.cli; "
            "print('icalendar' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
