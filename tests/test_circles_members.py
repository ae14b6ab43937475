"""The circle and member stores over a real vault, with the fake clock."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.circles import CircleDraft, CircleKind, CircleStore
from app.clock import iso
from app.errors import ValidationError
from app.members import Appearance, MemberDraft, MemberStore, shared_name
from app.records import MAX_NAME
from app.schedule import Frequency, Schedule
from app.vault import open_vault

HTML_NAME = '<img src="file:///etc/hostname">'
fixture_settings = settings(max_examples=40, deadline=None,
                            suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def vault(tmp_path):
    vault = open_vault(tmp_path / "v" / "circlekeeper.db", create=True)
    yield vault
    vault.close()


@pytest.fixture
def circles(vault, clock):
    return CircleStore(vault, clock)


@pytest.fixture
def members(vault, clock):
    return MemberStore(vault, clock)


@pytest.fixture
def circle(circles):
    return circles.create(CircleDraft("Wednesday circle"))


def stamps(vault, table, row_id):
    return tuple(vault.query(f"SELECT created_at, updated_at FROM {table} WHERE id = ?",
                             (row_id,))[0])


# --- circles ---------------------------------------------------------------------

def test_create_keeps_every_field(circles, clock):
    draft = CircleDraft("Men's shed talk", "Talk while we make things.\nTea after.",
                        CircleKind.PEER_COACHING, "The old forge",
                        Schedule(Frequency.MONTHLY, 4, time(10, 0), -1),
                        "What's said here stays here.\nNo phones.")
    circle = circles.create(draft)
    assert circle.as_draft() == draft
    assert not circle.archived
    assert circle.created_at == circle.updated_at == iso(clock.now())
    assert circle.schedule.describe() == "Monthly on the last Friday at 10:00"
    assert circles.get(circle.id) == circle


def test_update_moves_updated_at_only(circles, clock, vault):
    circle = circles.create(CircleDraft("Before"))
    clock.advance(3600)
    changed = circles.update(circle.id, CircleDraft(
        "After", schedule=Schedule(Frequency.FORTNIGHTLY, 2, time(19, 0))))
    assert changed.name == "After"
    assert changed.schedule.describe() == "Every other Wednesday at 19:00"
    assert changed.created_at == circle.created_at
    assert changed.updated_at == iso(clock.now()) != circle.updated_at
    assert stamps(vault, "circles", circle.id) == (changed.created_at, changed.updated_at)


def test_archive_and_unarchive(circles, clock):
    kept = circles.create(CircleDraft("Kept"))
    old = circles.create(CircleDraft("Old"))
    clock.advance(60)
    circles.archive(old.id)
    assert [c.name for c in circles.list()] == ["Kept"]
    assert [c.name for c in circles.list(archived=True)] == ["Old"]
    assert circles.get(old.id).archived
    assert circles.get(old.id).updated_at == iso(clock.now())
    circles.unarchive(old.id)
    assert [c.name for c in circles.list()] == ["Kept", "Old"]
    assert circles.list(archived=True) == []
    assert not circles.get(kept.id).archived


def test_delete_and_undelete(circles):
    circle = circles.create(CircleDraft("Gone for now"))
    circles.archive(circle.id)
    circles.delete(circle.id)
    assert circles.list() == [] and circles.list(archived=True) == []
    with pytest.raises(ValidationError, match="no longer exists"):
        circles.get(circle.id)
    circles.undelete(circle.id)
    back = circles.get(circle.id)
    assert back.name == "Gone for now" and back.archived  # as it was before


def test_list_is_by_name_ignoring_case(circles):
    for name in ("beta", "Alpha", "gamma", "Delta"):
        circles.create(CircleDraft(name))
    assert [c.name for c in circles.list()] == ["Alpha", "beta", "Delta", "gamma"]


@pytest.mark.parametrize("name", ["", "   ", "\n\t", "\x00"])
def test_circle_needs_a_name(circles, name):
    with pytest.raises(ValidationError, match="circle's name"):
        circles.create(CircleDraft(name))
    assert circles.list() == []


def test_circle_name_too_long(circles):
    with pytest.raises(ValidationError, match="too long"):
        circles.create(CircleDraft("x" * (MAX_NAME + 1)))


@pytest.mark.parametrize("frequency", [Frequency.WEEKLY, Frequency.FORTNIGHTLY,
                                       Frequency.MONTHLY])
def test_regular_schedule_needs_a_weekday(circles, circle, frequency):
    bad = CircleDraft("No day", schedule=Schedule(frequency, None, time(19, 0)))
    with pytest.raises(ValidationError, match="day of the week"):
        circles.create(bad)
    with pytest.raises(ValidationError, match="day of the week"):
        circles.update(circle.id, bad)
    assert [c.name for c in circles.list()] == ["Wednesday circle"]


@pytest.mark.parametrize("schedule", [Schedule(Frequency.WEEKLY, 7),
                                      Schedule(Frequency.WEEKLY, -1),
                                      Schedule(Frequency.MONTHLY, 1, None, 5)])
def test_impossible_schedule_is_refused(circles, schedule):
    with pytest.raises(ValidationError):
        circles.create(CircleDraft("Odd", schedule=schedule))
    assert circles.list() == []


def test_ad_hoc_schedule_forgets_day_and_time(circles):
    circle = circles.create(CircleDraft("Whenever", schedule=Schedule(
        Frequency.AD_HOC, 3, time(19, 0), 2)))
    assert circle.schedule == Schedule(Frequency.AD_HOC)
    assert circle.schedule.describe() == "When arranged (ad hoc)"


def test_html_in_names_is_stored_exactly(circles, members):
    circle = circles.create(CircleDraft(HTML_NAME, purpose="<b>bold</b> & <script>"))
    member = members.add(circle.id, MemberDraft(HTML_NAME, contact="<a href='x'>"))
    assert circles.get(circle.id).name == HTML_NAME
    assert circles.get(circle.id).purpose == "<b>bold</b> & <script>"
    assert members.get(member.id).name == HTML_NAME
    assert members.get(member.id).contact == "<a href='x'>"


@fixture_settings
@given(name=st.text(max_size=60))
def test_circle_names_round_trip(circles, name):
    expected = " ".join(name.replace("\x00", "").split())
    if not expected:
        with pytest.raises(ValidationError):
            circles.create(CircleDraft(name))
        return
    circle = circles.create(CircleDraft(name))
    assert circles.get(circle.id).name == expected


# --- members ---------------------------------------------------------------------

def test_add_keeps_every_field_and_uses_the_clock(members, circle, vault, clock):
    draft = MemberDraft("Ada Lovelace", Appearance.INITIALS, "ada@example.org\n07700 900000",
                        date(2025, 9, 4), None)
    member = members.add(circle.id, draft)
    assert member.as_draft() == draft
    assert member.circle_id == circle.id
    assert members.get(member.id) == member
    assert stamps(vault, "members", member.id) == (iso(clock.now()), iso(clock.now()))


def test_add_many_is_all_or_nothing(members, circle):
    drafts = [MemberDraft("First"), MemberDraft("   "), MemberDraft("Third")]
    with pytest.raises(ValidationError, match="member's name"):
        members.add_many(circle.id, drafts)
    assert members.list(circle.id) == []
    with pytest.raises(ValidationError, match="before the date they joined"):
        members.add_many(circle.id, [MemberDraft("Ok"), MemberDraft(
            "Backwards", joined_on=date(2025, 5, 1), left_on=date(2025, 4, 1))])
    assert members.list(circle.id) == []
    added = members.add_many(circle.id, [MemberDraft("First"), MemberDraft("Third")])
    assert [m.name for m in added] == ["First", "Third"] == \
        [m.name for m in members.list(circle.id)]


def test_update_member(members, circle, vault, clock):
    member = members.add(circle.id, MemberDraft("Bea"))
    created = stamps(vault, "members", member.id)[0]
    clock.advance(120)
    changed = members.update(member.id, MemberDraft(
        "Beatrice Smith", Appearance.FULL_NAME, "bea@example.org", date(2025, 1, 2)))
    assert (changed.name, changed.appearance, changed.contact, changed.joined_on) == \
        ("Beatrice Smith", Appearance.FULL_NAME, "bea@example.org", date(2025, 1, 2))
    assert stamps(vault, "members", member.id) == (created, iso(clock.now()))
    with pytest.raises(ValidationError):
        members.update(member.id, MemberDraft(""))
    assert members.get(member.id) == changed


def test_leaving_and_rejoining(members, circle, vault, clock):
    zoe, adam = (members.add(circle.id, MemberDraft(n)) for n in ("Zoe", "adam"))
    assert [m.name for m in members.list(circle.id)] == ["adam", "Zoe"]
    clock.advance(60)
    members.mark_left(adam.id, date(2026, 1, 5))
    left = members.get(adam.id)
    assert left.has_left and left.left_on == date(2026, 1, 5)
    assert stamps(vault, "members", adam.id)[1] == iso(clock.now())
    assert [m.name for m in members.list(circle.id)] == ["Zoe", "adam"]  # current first
    assert members.count(circle.id) == 1
    members.rejoin(adam.id)
    assert not members.get(adam.id).has_left
    assert [m.name for m in members.list(circle.id)] == ["adam", "Zoe"]
    assert members.count(circle.id) == 2 and zoe in members.list(circle.id)


def test_remove_and_restore(members, circle):
    member = members.add(circle.id, MemberDraft("Carl"))
    members.remove(member.id)
    assert members.list(circle.id) == [] and members.count(circle.id) == 0
    with pytest.raises(ValidationError, match="no longer in the circle"):
        members.get(member.id)
    members.restore(member.id)
    assert members.list(circle.id) == [member]


def test_ordering_current_members_first_then_by_name(members, circle):
    for name in ("dora", "Bob", "Cleo", "alice", "Ed"):
        members.add(circle.id, MemberDraft(name))
    by_name = {m.name: m for m in members.list(circle.id)}
    members.mark_left(by_name["alice"].id, date(2025, 6, 1))
    members.mark_left(by_name["Cleo"].id, date(2025, 7, 1))
    assert [m.name for m in members.list(circle.id)] == ["Bob", "dora", "Ed", "alice", "Cleo"]


def test_members_belong_to_their_circle(circles, members):
    one, two = circles.create(CircleDraft("One")), circles.create(CircleDraft("Two"))
    members.add(one.id, MemberDraft("In one"))
    members.add(two.id, MemberDraft("In two"))
    assert [m.name for m in members.list(one.id)] == ["In one"]
    assert [m.name for m in members.list(two.id)] == ["In two"]


@pytest.mark.parametrize("name, full, first, initials", [
    ("Ada Lovelace", "Ada Lovelace", "Ada", "A. L."),
    ("Mary  Jane   Watson-Parker", "Mary Jane Watson-Parker", "Mary", "M. J. W."),
    ("Ólafur Þórsson", "Ólafur Þórsson", "Ólafur", "Ó. Þ."),
    ("émile zola", "émile zola", "émile", "É. Z."),
    ("Zoë", "Zoë", "Zoë", "Z."),
    ("李小龙", "李小龙", "李小龙", "李."),
    ("Σωκράτης Παππάς", "Σωκράτης Παππάς", "Σωκράτης", "Σ. Π."),
])
def test_shared_name_for_each_appearance(name, full, first, initials):
    assert shared_name(name, Appearance.FULL_NAME) == full
    assert shared_name(name, Appearance.FIRST_NAME) == first
    assert shared_name(name, Appearance.INITIALS) == initials
    assert shared_name(name, Appearance.NOT_NAMED) is None


@pytest.mark.parametrize("appearance", list(Appearance))
def test_blank_name_is_never_shared(appearance):
    assert shared_name("   ", appearance) is None


def test_member_shared_name_follows_their_choice(members, circle):
    for appearance, shown in [(Appearance.FULL_NAME, "Grace Hopper"),
                              (Appearance.FIRST_NAME, "Grace"),
                              (Appearance.INITIALS, "G. H."),
                              (Appearance.NOT_NAMED, None)]:
        member = members.add(circle.id, MemberDraft("Grace Hopper", appearance))
        assert members.get(member.id).shared_name == shown


@fixture_settings
@given(name=st.text(max_size=60), contact=st.text(max_size=80))
def test_member_text_round_trips(members, circle, name, contact):
    expected = " ".join(name.replace("\x00", "").split())
    draft = MemberDraft(name, contact=contact)
    if not expected:
        with pytest.raises(ValidationError):
            members.add(circle.id, draft)
        return
    member = members.get(members.add(circle.id, draft).id)
    assert member.name == expected
    assert member.contact == contact.replace("\x00", "").replace("\r\n", "\n").strip()


# --- rows that are gone, odd names, and ordering beyond ASCII -------------------------

def test_removed_member_cannot_be_edited_and_nothing_is_saved(members, circle):
    ann = members.add(circle.id, MemberDraft("Ann"))
    members.remove(ann.id)
    with pytest.raises(ValidationError, match="no longer in the circle"):
        members.update(ann.id, MemberDraft("Changed"))
    members.restore(ann.id)
    assert members.get(ann.id).name == "Ann"


def test_unknown_ids_are_plain_messages_not_library_errors(circles, members, circle):
    with pytest.raises(ValidationError, match="no longer exists"):
        circles.archive("no-such-id")
    with pytest.raises(ValidationError, match="no longer in the circle"):
        members.mark_left("no-such-id", date(2026, 1, 1))
    with pytest.raises(ValidationError, match="circle no longer exists"):
        members.add("no-such-circle", MemberDraft("Ann"))
    with pytest.raises(ValidationError, match="no longer exists"):
        circles.undelete(circle.id)  # it was never deleted


def test_leaving_before_joining_is_refused(members, circle):
    ann = members.add(circle.id, MemberDraft("Ann", joined_on=date(2026, 3, 1)))
    with pytest.raises(ValidationError, match="before the date they joined"):
        members.mark_left(ann.id, date(2026, 2, 1))
    assert members.get(ann.id).left_on is None


@pytest.mark.parametrize("name, initials", [
    ("Zoë “Zed” Ågren", "Z. Z. Å."),
    ("E\u0301mile Lo\u0301pez", "É. L."),      # a decomposed accent stays on its letter
    ("— …", None),
])
def test_initials_skip_punctuation(name, initials):
    assert shared_name(name, Appearance.INITIALS) == initials


def test_lists_sort_accented_names_alphabetically(circles, members, circle):
    for name in ("Zed", "Émile", "anna"):
        members.add(circle.id, MemberDraft(name))
        circles.create(CircleDraft(name))
    assert [m.name for m in members.list(circle.id)] == ["anna", "Émile", "Zed"]
    assert [c.name for c in circles.list() if c.id != circle.id] == ["anna", "Émile", "Zed"]
