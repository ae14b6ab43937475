"""The Journal menu's windows, driven as a person would: mood over time,
export of a period or of the current results, import with its preview and
progress, and one's own prompts. None outlives the vault."""

from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.journal.moods import Mood
from app.journal.mood_series import Span
from ui.journal.export_options import JournalExportOptions

from .test_ui_journal import add, open_journal, rows


def test_mood_window_charts_the_chosen_span_and_follows_new_moods(qtbot, window):
    page = open_journal(qtbot, window)
    today = window.context.clock.now().astimezone().replace(tzinfo=None)
    add(window, today.replace(hour=8), "Morning", "x", mood=Mood.LOW)
    moods = window.journal_actions.show_moods()
    moods.show_span(Span.WEEK)
    assert len(moods.chart.points) == 7
    assert [p.average for p in moods.chart.points if p.average is not None] == [2.0]
    assert "1 entry with a mood" in moods.caption.text()
    page.new_entry()                         # a new mood today moves the day's average
    page.editor.mood.buttons[Mood.GREAT].click()
    qtbot.keyClicks(page.editor.body, "Better by evening")
    qtbot.waitUntil(lambda: moods.chart.points[-1].average == 3.5, timeout=2000)
    moods.show_span(Span.YEAR)
    assert len(moods.chart.points) == 12
    window.show_start()                      # the vault closes: its moods leave the screen
    assert not moods.isVisible() and window.journal_actions.windows == {}


def test_export_of_the_results_holds_exactly_what_the_list_shows(qtbot, window):
    page = open_journal(qtbot, window)
    add(window, datetime(2026, 1, 2, 9), "Quiet", "A walk by the sea")
    add(window, datetime(2026, 1, 3, 9), "Loud", "A <b>party</b> next door")
    qtbot.keyClicks(page.entries.search_box, "party")
    assert len(rows(page)) == 1
    dialog = window.journal_actions.show_export(page)
    assert "Loud" in dialog.document.markdown and "Quiet" not in dialog.document.markdown
    assert "<b>party</b>" in dialog.document.markdown.replace("\\", "")
    notices = [label.text() for label in dialog.findChildren(QLabel, "privateNotice")]
    assert any(text.startswith("Your journal, for you alone") for text in notices)
    options = dialog.findChild(JournalExportOptions)
    assert options.only_results() and not options.preset.isEnabled()
    options.results.setChecked(False)                   # now the period (this month): both
    assert "Quiet" in dialog.document.markdown and "Loud" in dialog.document.markdown
    dialog.close()


def test_export_of_a_period_includes_only_that_period(qtbot, window):
    page = open_journal(qtbot, window)
    add(window, datetime(2025, 12, 30, 9), "Last year", "old")
    add(window, datetime(2026, 1, 3, 9), "This month", "new")
    dialog = window.journal_actions.show_export(page)       # no search: a period
    assert "This month" in dialog.document.markdown
    assert "Last year" not in dialog.document.markdown


def test_import_previews_then_brings_entries_in_with_progress(qtbot, window, tmp_path):
    page = open_journal(qtbot, window)
    export = tmp_path / "jrnl.json"
    entries = [{"title": f"Day {n}", "body": f"Line {n} <i>as typed</i>", "date": "2019-06-02",
                "time": f"{n % 24:02d}:{n % 60:02d}", "starred": False, "tags": []}
               for n in range(600)]
    entries.append({"title": "", "body": "", "date": "2019-06-03", "time": "08:00",
                    "starred": False, "tags": []})
    export.write_text(json.dumps({"tags": {}, "entries": entries}), "utf-8")
    dialog = window.journal_actions.show_import(page)
    dialog.read(export)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert "600 entries to import from a jrnl export; 1 skipped" in dialog.heading.text()
    assert dialog.skipped.count() == 1 and "empty" in dialog.skipped.item(0).text()
    assert window.context.journal.count() == 0          # nothing until Import is pressed
    seen = []
    dialog.progress.valueChanged.connect(seen.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert seen[-1] == 600 and len(seen) >= 3           # several batches, shown as they went
    assert dialog.heading.text() == "Imported 600 entries."
    assert window.context.journal.count() == 600
    assert len(rows(page)) == 600 and "<i>as typed</i>" in rows(page)[0]
    dialog.result = None                                 # the same file again adds nothing
    dialog.read(export)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert dialog.result.added == 0 and window.context.journal.count() == 600


def test_an_unreadable_file_is_said_in_words_and_nothing_can_be_imported(qtbot, window,
                                                                        tmp_path):
    page = open_journal(qtbot, window)
    bad = tmp_path / "notes.json"
    bad.write_text("{ this is not json", "utf-8")
    dialog = window.journal_actions.show_import(page)
    dialog.read(bad)
    qtbot.waitUntil(lambda: dialog.heading.text() == "This cannot be imported", timeout=5000)
    assert dialog.details.text() and not dialog.import_button.isEnabled()


def test_own_prompts_are_added_offered_and_removed(qtbot, window):
    page = open_journal(qtbot, window)
    dialog = window.journal_actions.show_prompts()
    qtbot.keyClicks(dialog.text, "What did I <b>not</b> say tonight?")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "What did I <b>not</b> say tonight?"]
    texts = {window.context.prompts.suggest(avoid=None).text for _ in range(400)}
    assert "What did I <b>not</b> say tonight?" in texts     # offered with the others
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 0 and window.context.prompts.own() == []
    assert page.isVisible()


def test_hiding_hides_the_journal_windows_too_and_show_brings_them_back(qtbot, window):
    open_journal(qtbot, window)
    moods = window.journal_actions.show_moods()
    assert moods.isVisible()
    window.privacy.hide_now()
    assert not moods.isVisible()
    window.privacy.show_again()
    assert moods.isVisible()
