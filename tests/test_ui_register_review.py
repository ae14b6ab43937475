"""The register page and the private review page, driven through real widgets."""

from __future__ import annotations

import random
from datetime import date, time

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from app.attendance import Presence, shuffled
from app.circles import CircleDraft
from app.formats import load_shipped
from app.members import MemberDraft
from app.session_run import SessionRun
from app.sessions import SessionDraft
from ui import dialogs
from ui.sessions import review_page
from ui.sessions.register_page import RegisterPage
from ui.sessions.review_page import ReviewPage, difference_text
from ui.widgets.private_banner import PRIVATE

from .ui_helpers import labels_showing

HOSTILE = '<b>Bold</b> <img src="file:///etc/hostname">'
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def session(context, circle):
    return context.sessions.create(circle.id, SessionDraft(
        date(2026, 1, 6), time(19, 0), "Europe/London", load_shipped()[0].rounds,
        "Church room", "Peer support evening"))


@pytest.fixture
def members(context, circle):
    return context.members.add_many(circle.id, [MemberDraft(n) for n in (
        "Ann Lee", "Bo Diaz", "Cy Tran", "Di Moss")])


def open_register(qtbot, context, session, rng=None) -> RegisterPage:
    page = RegisterPage(context, session.id, rng=rng)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    return page


def click(qtbot, page: RegisterPage, member, presence: Presence) -> None:
    qtbot.mouseClick(page.rows[member.id].button(presence), LEFT)


def saved_order(context, session) -> list[str]:
    return list(context.sessions.get(session.id).speaker_order)


# --- the register ------------------------------------------------------------------------


def test_marks_are_saved_at_once_and_the_order_follows(qtbot, context, session, members):
    ann, bo, cy, di = members
    page = open_register(qtbot, context, session)
    click(qtbot, page, cy, Presence.PRESENT)
    click(qtbot, page, ann, Presence.PRESENT)
    click(qtbot, page, bo, Presence.APOLOGIES)
    marks = context.attendance.marks(session.id)
    assert {m: mark.presence for m, mark in marks.items()} == {
        ann.id: Presence.PRESENT, bo.id: Presence.APOLOGIES, cy.id: Presence.PRESENT}
    assert page.order.ids() == [cy.id, ann.id]        # newcomers join at the end
    assert [page.order.item(i).text() for i in range(2)] == ["1.  Cy Tran", "2.  Ann Lee"]
    assert saved_order(context, session) == [cy.id, ann.id]
    # 2 x 11 min each + 13 min together, from 19:00 London
    assert page.summary.text() == ("2 present · 1 sent apologies · 0 absent · 1 not marked "
                                   "yet · about 35 min, ending about 19:35")
    click(qtbot, page, ann, Presence.ABSENT)
    assert context.attendance.marks(session.id)[ann.id].presence is Presence.ABSENT
    assert page.order.ids() == [cy.id] and saved_order(context, session) == [cy.id]
    click(qtbot, page, ann, Presence.PRESENT)           # back in: joins at the end
    assert page.order.ids() == [cy.id, ann.id]


def test_the_register_shows_saved_marks_and_order_again(qtbot, context, session, members):
    ann, bo, cy, di = members
    context.attendance.mark_many(session.id, [ann.id, bo.id, cy.id], Presence.PRESENT)
    context.attendance.mark(session.id, di.id, Presence.APOLOGIES)
    context.sessions.set_speaker_order(session.id, [cy.id, ann.id, bo.id])
    page = open_register(qtbot, context, session)
    assert page.rows[di.id].presence() is Presence.APOLOGIES
    assert page.rows[ann.id].button(Presence.PRESENT).isChecked()
    assert page.order.ids() == [cy.id, ann.id, bo.id]


def test_members_who_left_are_not_on_the_register(qtbot, context, session, members):
    ann, bo, cy, di = members
    context.members.mark_left(bo.id, date(2025, 12, 1))
    page = open_register(qtbot, context, session)
    assert set(page.rows) == {ann.id, cy.id, di.id}


def test_mark_everyone_present_leaves_apologies_alone(qtbot, context, session, members):
    ann, bo, cy, di = members
    page = open_register(qtbot, context, session)
    click(qtbot, page, bo, Presence.APOLOGIES)
    click(qtbot, page, cy, Presence.ABSENT)
    qtbot.mouseClick(page.everyone_button, LEFT)
    assert context.attendance.present(session.id) == {ann.id, cy.id, di.id}
    assert context.attendance.marks(session.id)[bo.id].presence is Presence.APOLOGIES
    assert page.order.ids() == [ann.id, cy.id, di.id]
    assert not page.everyone_button.isEnabled()


def test_reorder_with_alt_arrows_and_buttons_is_saved(qtbot, context, session, members):
    ann, bo, cy, di = members
    page = open_register(qtbot, context, session)
    qtbot.mouseClick(page.everyone_button, LEFT)
    page.order.setFocus()
    page.order.setCurrentRow(0)
    qtbot.keyClick(page.order, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert page.order.ids() == [bo.id, ann.id, cy.id, di.id]
    assert page.order.currentRow() == 1
    qtbot.keyClick(page.order, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert saved_order(context, session) == [bo.id, cy.id, ann.id, di.id]
    qtbot.keyClick(page.order, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page.order, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert saved_order(context, session) == [ann.id, bo.id, cy.id, di.id]
    assert not page.up_button.isEnabled()
    page.order.setCurrentRow(3)
    qtbot.mouseClick(page.up_button, LEFT)
    assert saved_order(context, session) == [ann.id, bo.id, di.id, cy.id]
    assert page.order.item(2).text() == "3.  Di Moss"
    assert page.order.currentRow() == 2 and page.down_button.isEnabled()
    # marking someone absent keeps the order of the rest
    click(qtbot, page, bo, Presence.ABSENT)
    assert saved_order(context, session) == [ann.id, di.id, cy.id]
    reopened = open_register(qtbot, context, session)
    assert reopened.order.ids() == [ann.id, di.id, cy.id]


def test_a_dragged_name_is_saved_in_its_new_place(qtbot, context, session, members):
    """A drop inside the list moves the row in the list's model (as
    QListWidget's own internal move does); the new order is saved once."""
    ann, bo, cy, di = members
    page = open_register(qtbot, context, session)
    qtbot.mouseClick(page.everyone_button, LEFT)
    with qtbot.waitSignal(page.order.reordered):
        page.order.model().moveRow(QModelIndex(), 3, QModelIndex(), 0)
    assert saved_order(context, session) == [di.id, ann.id, bo.id, cy.id]
    assert page.order.item(0).text() == "1.  Di Moss"


def test_shuffle_saves_a_permutation(qtbot, context, session, members):
    page = open_register(qtbot, context, session, rng=random.Random(7))
    qtbot.mouseClick(page.everyone_button, LEFT)
    before = page.order.ids()
    qtbot.mouseClick(page.shuffle_button, LEFT)
    expected = shuffled(before, random.Random(7))
    assert page.order.ids() == expected != before
    assert saved_order(context, session) == expected
    assert sorted(expected) == sorted(m.id for m in members)


def test_start_needs_someone_present_and_carries_the_order(qtbot, context, session, members):
    ann, bo, cy, di = members
    page = open_register(qtbot, context, session)
    assert not page.start_button.isEnabled()
    assert page.why_not.isVisible() and "Mark who is present" in page.why_not.text()
    click(qtbot, page, cy, Presence.PRESENT)
    click(qtbot, page, ann, Presence.PRESENT)
    assert page.start_button.isEnabled() and not page.why_not.isVisible()
    page.order.setCurrentRow(0)
    qtbot.keyClick(page.order, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(page.start_requested) as signal:
        qtbot.mouseClick(page.start_button, LEFT)
    assert signal.args == [[ann.id, cy.id]]


def test_a_group_only_agenda_can_start_with_nobody_marked(qtbot, context, circle, members):
    group = tuple(r for r in load_shipped()[0].rounds if not r.kind.per_speaker)
    session = context.sessions.create(circle.id, SessionDraft(
        date(2026, 1, 6), time(19, 0), "Europe/London", group))
    page = open_register(qtbot, context, session)
    assert page.start_button.isEnabled()


def test_keyboard_marks_a_row(qtbot, context, session, members):
    ann, bo, cy, di = members
    page = open_register(qtbot, context, session)
    with qtbot.waitActive(page):
        page.activateWindow()
    page.everyone_button.setFocus()
    qtbot.keyClick(page.everyone_button, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.rows[bo.id].button(Presence.PRESENT)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert context.attendance.marks(session.id)[bo.id].presence is Presence.PRESENT
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert context.attendance.marks(session.id)[bo.id].presence is Presence.APOLOGIES
    assert page.order.ids() == []


def test_names_and_agreement_are_plain_text(qtbot, context, members):
    circle = context.circles.create(CircleDraft(HOSTILE, agreement=f"We agree.\n{HOSTILE}"))
    odd = context.members.add(circle.id, MemberDraft(HOSTILE))
    session = context.sessions.create(circle.id, SessionDraft(
        date(2026, 1, 6), time(19, 0), "Europe/London", load_shipped()[0].rounds))
    page = open_register(qtbot, context, session)
    assert page.rows[odd.id].name.textFormat() == Qt.TextFormat.PlainText
    assert page.rows[odd.id].name.text() == HOSTILE
    assert labels_showing(page, HOSTILE)[0].textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(page.agreement_button, LEFT)
    assert page.agreement.isVisible() and HOSTILE in page.agreement.toPlainText()
    assert page.agreement.font().pointSizeF() > page.font().pointSizeF()
    assert "register" in page.agreement_button.text()
    qtbot.mouseClick(page.agreement_button, LEFT)
    assert not page.agreement.isVisible() and page.order.isVisible()


# --- the review --------------------------------------------------------------------------


def test_difference_text():
    assert difference_text(180) == "+3 min"
    assert difference_text(-61) == "\u22121 min"
    assert difference_text(45) == "+45 s"
    assert difference_text(0.3) == "on time"


@pytest.fixture
def held(context, clock, session, members):
    """Check-in (Ann 130 s, Bo passes after 10 s, Cy 300 s), the agreement
    (240 s), then Ann opens the sharing (220 s) and the session is ended."""
    ann, bo, cy, di = members
    run = SessionRun.prepare(context.vault, clock, session.id, [ann.id, bo.id, cy.id])
    run.do(run.timer.start)
    for seconds, command in ((130, run.timer.next), (10, run.timer.pass_turn),
                             (300, run.timer.next), (240, run.timer.next),
                             (220, run.timer.end)):
        clock.advance(seconds)
        run.do(command)
    return session


def table_rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def open_review(qtbot, context, session) -> ReviewPage:
    page = ReviewPage(context, session.id)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    return page


def test_review_shows_planned_actual_and_talk_time(qtbot, context, held):
    page = open_review(qtbot, context, held)
    assert table_rows(page.rounds) == [
        ["Check-in", "6 min", "7 min", "+1 min", "3", "1"],
        ["Reading the group agreement", "3 min", "4 min", "+1 min", "1", "0"],
        ["Open sharing", "5 min", "4 min", "\u22121 min", "1", "0"],
        ["Total", "14 min", "15 min", "+1 min", "5", "1"]]
    assert page.rounds.item(3, 0).font().bold()
    assert table_rows(page.talk) == [["Ann Lee", "6 min", "2", "0"],
                                     ["Cy Tran", "5 min", "1", "0"],
                                     ["Bo Diaz", "10 s", "1", "1"]]
    assert page.times.text() == "Started at 18:00 · ended at 18:15 · 15 min in all"
    assert page.tabs.currentWidget() is page.record       # the summary to share comes first
    page.show_tab(page.timings)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "&Timings (private)"
    assert page.not_reached.isVisible()
    assert page.not_reached.text() == ("Not reached: Break, Open sharing, second round, "
                                       "Check-out")
    assert page.private_label.isVisible() and page.private_label.text() == PRIVATE


def test_review_saves_the_rounds_as_a_format(qtbot, monkeypatch, context, circle, held):
    page = open_review(qtbot, context, held)
    monkeypatch.setattr(review_page, "ask_format_name", lambda parent, suggested: None)
    qtbot.mouseClick(page.save_button, LEFT)
    assert context.formats.own(circle.id) == []
    monkeypatch.setattr(review_page, "ask_format_name", lambda parent, suggested: "Our evening")
    qtbot.mouseClick(page.save_button, LEFT)
    own = context.formats.own(circle.id)
    assert [(f.name, f.rounds) for f in own] == [("Our evening", held.rounds)]
    assert "Our evening" in page.saved_note.text()
    asked = []
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: asked.append(a) or False)
    qtbot.mouseClick(page.save_button, LEFT)
    assert asked and len(context.formats.own(circle.id)) == 1


def test_review_close_emits_closed(qtbot, context, held):
    page = open_review(qtbot, context, held)
    with qtbot.waitSignal(page.closed):
        qtbot.mouseClick(page.close_button, LEFT)
