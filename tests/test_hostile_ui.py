"""Hostile text (tests/hostile.py) through every text field of every form,
page and dialog, pasted as a person would and saved the way they would.

The fields are found, not listed (every visible, editable QLineEdit,
QPlainTextEdit, QTextEdit and editable QComboBox), so a field added later is
tried too. Each gets each string while the others hold ordinary text; then
the vault is read (`hostile.Trial`). What Qt holds (it drops a lone
surrogate; a line box keeps 32,767 characters) is stored in a shape of
tests/hostile.py, or refused with a sentence the person sees, only when too
long or empty. Exceptions in Qt slots fail the test (pytest-qt).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QWidget

from app.attendance import Presence
from app.circles import CircleDraft
from app.formats import RoundKind, RoundPlan, Step
from app.journal.entries import EntryDraft
from app.journal.tags import parse_tag_list
from app.members import MemberDraft
from app.resources import ResourceDraft
from app.session_run import abandon
from app.sessions import SessionDraft
from ui import dialogs
from ui.circles.circle_editor import CircleEditor
from ui.circles.member_dialog import MemberDialog
from ui.circles.resource_dialog import ResourceDialog
from ui.sessions import planner_dialog, review_page
from ui.sessions.commitment_dialog import CommitmentDialog
from ui.sessions.planner_dialog import PlannerDialog
from ui.sessions.review_page import ReviewPage
from ui.vault.new_vault_dialog import NewVaultDialog

from .hostile import (HOSTILE, SMALL, Trial, atoms, encodable, leave, name_of,
                      plain_sentence, put, shapes, text_fields, without_surrogates)
from .test_ui_journal import open_journal
from .ui_helpers import drive_dialog, press_ok

NOT_SAVED = "Not saved yet:"
SHAPES: dict[str, Callable[[str], set[str]]] = {   # a field that keeps text its own way
    "Tags": lambda held: {" ".join(parse_tag_list(held)), *parse_tag_list(held)},
}


def no_problems(problems: list[str]) -> None:
    found = [problem for problem in problems if problem]
    assert not found, "\n".join(found)


@pytest.fixture
def said(monkeypatch) -> list[str]:
    """What message boxes said (errors); questions are answered yes."""
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, detail="":
                        shown.append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda *a, **k: None)
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    return shown


# ----- a vault with something of everything --------------------------------------------

@dataclass
class World:
    window: object
    circle: object
    member: object
    resource: object
    planned: object
    held: object


@pytest.fixture
def world(window, clock) -> World:
    ctx = window.context
    circle = ctx.circles.create(CircleDraft("Base circle", location="Hall"))
    member = ctx.members.add(circle.id, MemberDraft("Base member"))
    resource = ctx.resources.add(circle.id, ResourceDraft("Base resource"))
    coaching = RoundPlan("Case", RoundKind.COACHING, steps=(Step("Listen", 5),))
    planned = ctx.sessions.create(circle.id, SessionDraft(
        date(2099, 1, 5), time(19, 0), "Europe/London", (coaching, RoundPlan("Check-in"))))
    held = ctx.sessions.create(circle.id, SessionDraft(
        date(2026, 1, 2), time(19, 0), "Europe/London", (RoundPlan("Check-in"),)))
    ctx.attendance.mark(held.id, member.id, Presence.PRESENT)
    abandon(ctx.vault, clock, held.id)
    window.circles_page.reload(circle.id)
    return World(window, circle, member, resource, planned, held)


# ----- dialogs: each field, each string ----------------------------------------------

@dataclass(frozen=True)
class Form:
    name: str
    dialog: type[QDialog]
    open: Callable[[World], object]          # what the person clicks to open it
    keep: frozenset[str] = frozenset()        # fields left as they are while others are tried
    refuses_anything: frozenset[str] = frozenset()
    edits: bool = False                       # changes a row (else makes a new one)
    big: bool = True                          # the 1 MB strings too (once per field is enough)


def _page(world: World):
    return world.window.circles_page


def _review(world: World) -> ReviewPage:
    run_window = world.window.session_flow.open(world.held.id)
    return run_window.findChild(ReviewPage)


FORMS = [
    Form("new circle", CircleEditor, lambda w: _page(w).new_action.trigger()),
    Form("edit circle", CircleEditor, lambda w: (_page(w).reload(w.circle.id),
                                                 _page(w).edit_action.trigger()),
         edits=True, big=False),
    Form("add member", MemberDialog, lambda w: _page(w).members.add_action.trigger()),
    Form("edit member", MemberDialog, lambda w: (
        _page(w).members.show_circle(w.circle.id, w.member.id),
        _page(w).members.edit_action.trigger()), edits=True, big=False),
    Form("add resource", ResourceDialog, lambda w: _page(w).resources.add_action.trigger()),
    Form("edit resource", ResourceDialog, lambda w: (
        _page(w).resources.show_circle(w.circle.id, w.resource.id),
        _page(w).resources.edit_action.trigger()), edits=True, big=False),
    Form("plan session", PlannerDialog, lambda w: _page(w).sessions.plan_action.trigger(),
         frozenset({"Time zone"}), frozenset({"Time zone"}), big=False),
    Form("edit session", PlannerDialog, lambda w: (
        _page(w).sessions.show_circle(w.circle, w.planned.id),
        _page(w).sessions.edit_action.trigger()),
         frozenset({"Time zone"}), frozenset({"Time zone"}), edits=True),
    Form("add commitment", CommitmentDialog,
         lambda w: _review(w).record.commitments.add_action.trigger()),
]


def try_form(qtbot, monkeypatch, world: World, form: Form, index: int, key: str, n: int,
             refusals: list[str]) -> Trial:
    trial = Trial(form.name, key, refusals=refusals)

    def steps(dialog: QDialog) -> None:
        fields = text_fields(dialog)
        for i, box in enumerate(fields):
            if name_of(box) not in form.keep:
                put(box, f"Base {n}.{i}")
        target = fields[index]
        trial.where = f"{form.name}: {name_of(target)}"
        trial.held = put(target, HOSTILE[key] if key else f"Before {n}")
        press_ok(qtbot, dialog)
        if dialog.isVisible():
            if dialog.error.isVisible():
                trial.refusals.append(dialog.error.text())
            dialog.reject()

    drive_dialog(monkeypatch, form.dialog, steps)
    form.open(world)
    return trial


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_every_field_of_every_form(qtbot, monkeypatch, world, said, form):
    seen: list[list[str]] = []
    drive_dialog(monkeypatch, form.dialog, lambda d: (seen.append(
        [name_of(box) for box in text_fields(d)]), d.reject()))
    form.open(world)
    assert seen and seen[0], f"{form.name}: no text fields found"
    problems, n = [], 0
    for index in range(len(seen[0])):
        last: set[str] = set()
        for key in HOSTILE if form.big else SMALL:
            n += 1
            if form.edits and shapes(HOSTILE[key]) & last:
                # the field would keep the value it has: other text first, so a save shows
                try_form(qtbot, monkeypatch, world, form, index, "", n, [])
            before = atoms(world.window.context.vault)
            trial = try_form(qtbot, monkeypatch, world, form, index, key, n, said)
            refuses = trial.where.split(": ", 1)[-1] in form.refuses_anything
            problems.append(trial.verdict(before, atoms(world.window.context.vault), refuses,
                                          SHAPES))
            last = shapes(trial.held)
            said.clear()
    no_problems(problems)


# ----- pages that save as they are typed --------------------------------------------------

def try_autosaved(context, root: QWidget, said: list[str], skip=frozenset()) -> list[str]:
    """Each visible field of `root`, each string: the field holds other text
    first (saved), then the string, and focus moves on, which saves it."""
    fields = [box for box in text_fields(root) if name_of(box) not in skip]
    assert fields, f"no text fields on {type(root).__name__}"
    problems = []
    for box in fields:
        for key, text in HOSTILE.items():
            put(box, f"Base {key}")
            leave(box)
            before = atoms(context.vault)
            trial = Trial(name_of(box), key, refusals=said)
            trial.held = put(box, text)
            leave(box)
            trial.refusals += [label.text() for label in root.findChildren(QLabel)
                               if label.isVisible() and label.text().startswith(NOT_SAVED)]
            problems.append(trial.verdict(before, atoms(context.vault), kept_as=SHAPES))
            said.clear()
        put(box, "Base again")              # so the next field is not refused for this one
        leave(box)
    return problems


def test_circle_and_member_notes(world, said):
    from .test_ui_notes_resources import choose, open_notes

    panel, problems = open_notes(world.window), []
    for subject in ("The circle as a whole", "Base member"):
        choose(panel, subject)
        problems += try_autosaved(world.window.context, panel, said)
    no_problems(problems)


def test_journal_entry_fields(qtbot, world, said):
    page = open_journal(qtbot, world.window)
    page.new_entry()
    put(page.editor.body, "First words")
    leave(page.editor.body)
    no_problems(try_autosaved(world.window.context, page, said, {"Search the journal"}))


def test_the_session_record_and_its_private_note(world, said):
    page = _review(world)
    problems = try_autosaved(world.window.context, page.record, said)
    page.tabs.setCurrentIndex(1)
    problems += try_autosaved(world.window.context, page.note, said)
    no_problems(problems)


def test_the_search_box_finds_or_shows_nothing(qtbot, world):
    page = open_journal(qtbot, world.window)
    for text in SMALL.values():
        if encodable(text):
            world.window.context.journal.create(EntryDraft(datetime(2026, 1, 3), body=text))
    page.reload()
    for key, text in HOSTILE.items():
        held = put(page.entries.search_box, text)
        page.entries.refresh()
        if key in SMALL and encodable(text) and any(ch.isalnum() for ch in held):
            assert page.entries.model.rowCount() >= 1, key


# ----- the other dialogs ------------------------------------------------------------------

def test_own_prompts(qtbot, world, said):
    dialog = world.window.journal_actions.show_prompts()
    problems = []
    for key, text in HOSTILE.items():
        before = atoms(world.window.context.vault)
        trial = Trial("New prompt", key, refusals=said)
        trial.held = put(dialog.text, text)
        if dialog.add_button.isEnabled():
            qtbot.keyClick(dialog.text, Qt.Key.Key_Return)   # Enter adds it
        else:
            trial.refusals.append("Write the prompt first (the Add button is not on).")
        problems.append(trial.verdict(before, atoms(world.window.context.vault)))
        said.clear()
    no_problems(problems)


@pytest.mark.parametrize("where", ["planner", "review"])
def test_a_format_name(qtbot, monkeypatch, world, said, where):
    """The name asked for by "Save as a format…" (a QInputDialog: typed as is)."""
    problems = []
    formats = world.window.context.formats
    for key, text in HOSTILE.items():
        held = without_surrogates(text)                     # what QInputDialog gives
        monkeypatch.setattr(planner_dialog if where == "planner" else review_page,
                            "ask_format_name", lambda *a: held)
        for old in formats.own(world.circle.id):            # so saving makes a new row
            formats.delete(old.id)
        before = atoms(world.window.context.vault)
        trial = Trial(f"{where}: format name", key, held, said)
        if where == "planner":
            drive_dialog(monkeypatch, PlannerDialog,
                         lambda d: (d.save_format.click(), d.reject()))
            _page(world).sessions.plan_action.trigger()
        else:
            _review(world).save_button.click()
        problems.append(trial.verdict(before, atoms(world.window.context.vault)))
        said.clear()
    no_problems(problems)


def test_a_new_vault_takes_any_name_or_refuses_it(qtbot, monkeypatch, window):
    problems = []
    for key, text in HOSTILE.items():
        trial = Trial("vault name", key)

        def steps(dialog: NewVaultDialog) -> None:
            dialog.protect.setChecked(False)
            trial.held = put(dialog.label, text)
            press_ok(qtbot, dialog)
            if dialog.isVisible():
                trial.refusals.append(dialog.error.text())
                dialog.reject()

        before = Counter(v.label for v in window.context.registry.load())
        drive_dialog(monkeypatch, NewVaultDialog, steps)
        window.vault_actions.new.trigger()
        problems.append(trial.verdict(before, Counter(
            v.label for v in window.context.registry.load())))
    no_problems(problems)


PASSPHRASES = ["rtl_override", "emoji_zwj", "combining_marks", "quotes_sql", "megabyte_word"]


@pytest.mark.parametrize("key", PASSPHRASES + ["nul"])
def test_a_hostile_passphrase_locks_and_unlocks_or_is_refused(qtbot, monkeypatch, window,
                                                               key):
    text = HOSTILE[key]

    def steps(dialog: NewVaultDialog) -> None:
        put(dialog.label, "Locked")
        put(dialog.passphrase, text)
        put(dialog.repeat, text)
        press_ok(qtbot, dialog)
        if dialog.isVisible():
            assert key == "nul" and plain_sentence(dialog.error.text())
            assert "NUL" in dialog.error.text()
            dialog.reject()

    drive_dialog(monkeypatch, NewVaultDialog, steps)
    window.vault_actions.new.trigger()
    if key == "nul":
        return
    assert window.context.vault.encrypted
    path = window.context.vault.path
    window.show_unlock(path)
    put(window.unlock_page.passphrase, "wrong " + text)
    qtbot.mouseClick(window.unlock_page.unlock_button, Qt.MouseButton.LeftButton)
    assert window.context.vault is None and plain_sentence(window.unlock_page.error.text())
    put(window.unlock_page.passphrase, text)
    qtbot.mouseClick(window.unlock_page.unlock_button, Qt.MouseButton.LeftButton)
    assert window.context.vault is not None and window.context.vault.path == path


# ----- shown as the characters they are ---------------------------------------------------

MARKUP = "<script>"


def rich_places(root: QWidget) -> list[str]:
    """Labels, tooltips and list tooltips that would read HTML in user text as markup."""
    bad = [f"label {label.text()[:60]!r}" for label in root.findChildren(QLabel)
           if MARKUP in label.text() and label.textFormat() != Qt.TextFormat.PlainText]
    bad += [f"tooltip {w.toolTip()[:60]!r}" for w in root.findChildren(QWidget)
            if MARKUP in w.toolTip() and Qt.mightBeRichText(w.toolTip())]
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        for row in range(model.rowCount() if model is not None else 0):
            tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str) and MARKUP in tip and Qt.mightBeRichText(tip):
                bad.append(f"item tooltip {tip[:60]!r}")
    return bad


def test_hostile_names_show_literally_everywhere(qtbot, world):
    ctx = world.window.context
    text = SMALL["html_script"]
    ctx.circles.update(world.circle.id, CircleDraft(text, purpose=text, location=text,
                                                    agreement=text))
    ctx.members.update(world.member.id, MemberDraft(text, contact=text))
    ctx.resources.update(world.resource.id, ResourceDraft(text, detail=text))
    ctx.commitments.add(world.held.id, world.member.id, text, True)
    ctx.journal.create(EntryDraft(datetime(2026, 1, 3), text, text, tags=(text,)))
    world.window.circles_page.reload(world.circle.id)
    roots = [world.window, _review(world)]
    for tab in range(world.window.circles_page.view.tabs.count()):
        world.window.circles_page.view.tabs.setCurrentIndex(tab)
        assert rich_places(world.window) == []
    open_journal(qtbot, world.window).reload()
    assert [place for root in roots for place in rich_places(root)] == []
    shown = [label for label in world.window.findChildren(QLabel) if text in label.text()]
    assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)


def test_a_megabyte_word_does_not_stall_a_text_box(qtbot, world):
    """Qt wraps a line with no break in time that grows with the square of its
    length: a box holding one wraps anywhere (ui/widgets/text_box.py)."""
    word = HOSTILE["megabyte_word"]
    entry = world.window.context.journal.create(EntryDraft(datetime(2026, 1, 3), body=word))
    page = open_journal(qtbot, world.window)
    page.reload()
    page.open_entry(entry.id)
    body = page.editor.body
    assert body.toPlainText() == word
    assert body.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    put(body, "Ordinary words again")
    assert body.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    put(body, "x" + word[:100_000])
    assert body.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
