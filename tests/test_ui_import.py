"""Members in and out of CSV files, driven from the members panel's real buttons."""

from __future__ import annotations

import codecs
import csv
import io
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialogButtonBox

from app.errors import ValidationError
from app.importers.members_csv import Role, preview
from app.members import Appearance, MemberDraft
from ui import dialogs
from ui.circles.import_dialog import ImportDialog

from .test_ui_circles import HOSTILE, add_circle_from_template, add_member
from .ui_helpers import drive_dialog, labels_showing, press_ok

# What Excel saves for "CSV UTF-8 (comma delimited)" in a German locale: a BOM,
# semicolons, CRLF, day-first dates. "Dabei seit" is not a heading the import
# knows, so the person chooses "Joined" for it in the dialog.
EXCEL_CSV = ("\ufeffVorname;Nachname;E-Mail;Dabei seit\r\n"
             "Jürgen;Müller;juergen@example.org;31.01.2026\r\n"
             "Zoë;Ågren;zoe@example.org;01.02.2026\r\n"
             ";;nobody@example.org;03.02.2026\r\n"        # row 4: no name
             "Ann;Smith;ann.again@example.org;\r\n"       # row 5: already in the circle
             "Renée;Dupont;;05.03.2026\r\n").encode("utf-8")


@pytest.fixture
def circle_id(qtbot, monkeypatch, window) -> str:
    """A circle made through the editor, with one member, Ann Smith, already in it."""
    add_circle_from_template(monkeypatch, qtbot, window, "Tuesday circle")
    add_member(monkeypatch, qtbot, window, "Ann Smith", Appearance.FULL_NAME,
               "ann@example.org")
    return window.circles_page.circle_list.current().id


@pytest.fixture
def messages(monkeypatch) -> dict[str, list[tuple[str, str]]]:
    """show_info/show_error replaced: each call's (title, text), by kind."""
    seen: dict[str, list[tuple[str, str]]] = {"info": [], "error": []}
    monkeypatch.setattr(dialogs, "show_info",
                        lambda parent, title, text, detail="": seen["info"].append((title, text)))
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text, detail="": seen["error"].append((title, text)))
    return seen


def choose_file(monkeypatch, tmp_path: Path, data: bytes, name: str = "members.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: path)
    return path


def run_import(window) -> None:
    window.circles_page.members.import_action.trigger()


def stored_names(window, circle_id: str) -> list[str]:
    return [m.name for m in window.context.members.list(circle_id)]


def panel_names(window) -> list[str]:
    model = window.circles_page.members.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def roles_shown(dialog: ImportDialog) -> list[str]:
    return [dialog.columns.cellWidget(r, 2).currentText()
            for r in range(dialog.columns.rowCount())]


def preview_rows(dialog: ImportDialog) -> list[tuple[str, ...]]:
    grid = dialog.preview
    return [tuple(grid.item(r, c).text() for c in range(grid.columnCount()))
            for r in range(grid.rowCount())]


def ok_button(dialog: ImportDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def choose_role(dialog: ImportDialog, column: int, role: Role) -> None:
    """Pick a role in a column's combo box, as a person choosing from its list does."""
    combo = dialog.columns.cellWidget(column, 2)
    combo.setCurrentIndex(combo.findData(role))


def test_excel_file_is_mapped_previewed_and_imported(qtbot, monkeypatch, window, circle_id,
                                                     messages, tmp_path):
    choose_file(monkeypatch, tmp_path, EXCEL_CSV)
    seen_in_dialog = {}

    def steps(dialog: ImportDialog) -> None:
        assert dialog.isVisible()
        seen_in_dialog["guessed"] = roles_shown(dialog)
        choose_role(dialog, 3, Role.JOINED)
        seen_in_dialog["roles"] = roles_shown(dialog)
        seen_in_dialog["preview"] = preview_rows(dialog)
        seen_in_dialog["button"] = (ok_button(dialog).text(), ok_button(dialog).isEnabled())
        seen_in_dialog["summary"] = dialog.summary.text()
        press_ok(qtbot, dialog)

    shown = drive_dialog(monkeypatch, ImportDialog, steps)
    run_import(window)

    assert len(shown) == 1 and not shown[0].isVisible()
    assert seen_in_dialog["guessed"] == ["First name", "Last name", "Email", "Don't import"]
    assert seen_in_dialog["roles"][3] == "Joined"
    assert seen_in_dialog["preview"] == [
        ("2", "Jürgen Müller", "2026-01-31", "imported"),
        ("3", "Zoë Ågren", "2026-02-01", "imported"),
        ("4", "", "", "skipped: no name"),
        ("5", "", "", "skipped: “Ann Smith” is already in this circle"),
        ("6", "Renée Dupont", "2026-03-05", "imported"),
    ]
    assert seen_in_dialog["button"] == ("Import 3 members", True)
    assert seen_in_dialog["summary"] == "3 members to import; 2 rows will be skipped."

    members = {m.name: m for m in window.context.members.list(circle_id)}
    assert set(members) == {"Ann Smith", "Jürgen Müller", "Zoë Ågren", "Renée Dupont"}
    assert members["Jürgen Müller"].joined_on == date(2026, 1, 31)
    assert members["Zoë Ågren"].contact == "zoe@example.org"
    assert members["Ann Smith"].contact == "ann@example.org"   # the duplicate changed nothing
    assert panel_names(window) == stored_names(window, circle_id)
    assert messages["error"] == []
    [(title, text)] = messages["info"]
    assert title == "Import finished"
    assert text.startswith("Imported 3 members.")
    assert "row 4: no name" in text
    assert "row 5: “Ann Smith” is already in this circle" in text


def test_english_headings_are_all_guessed(qtbot, monkeypatch, window, circle_id, messages,
                                          tmp_path):
    data = ("\ufeffFirst name;Last name;Email;Joined\r\n"
            "Bo;Li;bo@example.org;2026-02-03\r\n").encode("utf-8")
    choose_file(monkeypatch, tmp_path, data)
    guessed = []

    def steps(dialog: ImportDialog) -> None:
        guessed.extend(roles_shown(dialog))
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, ImportDialog, steps)
    run_import(window)
    assert guessed == ["First name", "Last name", "Email", "Joined"]
    bo = next(m for m in window.context.members.list(circle_id) if m.name == "Bo Li")
    assert (bo.contact, bo.joined_on) == ("bo@example.org", date(2026, 2, 3))
    assert messages["info"] == [("Import finished", "Imported 1 member.")]


def test_changing_a_role_replans_and_can_disable_import(qtbot, monkeypatch, window, circle_id,
                                                        messages, tmp_path):
    choose_file(monkeypatch, tmp_path, b"Name,Email\r\nCleo,cleo@example.org\r\n"
                                       b"Dev,dev@example.org\r\n")
    checked = []

    def steps(dialog: ImportDialog) -> None:
        assert roles_shown(dialog) == ["Name", "Email"]
        assert [row[1] for row in preview_rows(dialog)] == ["Cleo", "Dev"]

        choose_role(dialog, 0, Role.IGNORE)
        with pytest.raises(ValidationError) as core:
            preview(dialog.table, {0: Role.IGNORE, 1: Role.EMAIL}, set())
        assert dialog.summary.isVisible() and dialog.summary.text() == str(core.value)
        assert "names" in dialog.summary.text()
        assert dialog.preview.rowCount() == 0
        assert not ok_button(dialog).isEnabled()
        assert ok_button(dialog).text() == "Import"     # no stale "Import 2 members"

        choose_role(dialog, 1, Role.NAME)      # the email column as names: odd but allowed
        assert [row[1] for row in preview_rows(dialog)] == ["cleo@example.org",
                                                           "dev@example.org"]
        choose_role(dialog, 0, Role.NAME)      # two name columns: the core refuses
        assert dialog.summary.text().startswith("Only one column can be “Name”")
        assert not ok_button(dialog).isEnabled()

        choose_role(dialog, 1, Role.EMAIL)
        assert [row[1:] for row in preview_rows(dialog)] == [("Cleo", "", "imported"),
                                                            ("Dev", "", "imported")]
        assert ok_button(dialog).isEnabled()
        assert ok_button(dialog).text() == "Import 2 members"
        checked.append(True)
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, ImportDialog, steps)
    run_import(window)
    assert checked
    cleo = next(m for m in window.context.members.list(circle_id) if m.name == "Cleo")
    assert cleo.contact == "cleo@example.org"


def test_windows_1252_file_keeps_its_accents(qtbot, monkeypatch, window, circle_id, messages,
                                             tmp_path):
    # "’" is 0x92 in cp1252 but a control character in latin-1: only cp1252 reads it right.
    data = ("Name;Joined\r\nZoë;31/01/2026\r\nJürgen;\r\nRenée;\r\nSiobhán O’Neill;\r\n"
            .encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    choose_file(monkeypatch, tmp_path, data)
    how = []

    def steps(dialog: ImportDialog) -> None:
        how.extend(label.text() for label in labels_showing(dialog, "read as"))
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, ImportDialog, steps)
    run_import(window)
    assert "Windows (Western European)" in how[0] and "semicolons" in how[0]
    expected = {"Ann Smith", "Zoë", "Jürgen", "Renée", "Siobhán O’Neill"}
    assert set(stored_names(window, circle_id)) == expected
    assert set(panel_names(window)) == expected
    zoe = next(m for m in window.context.members.list(circle_id) if m.name == "Zoë")
    assert zoe.joined_on == date(2026, 1, 31)


def test_an_image_is_refused_with_a_message_and_no_dialog(qtbot, monkeypatch, window,
                                                          circle_id, messages, tmp_path):
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    png = tmp_path / "photo.png"
    assert image.save(str(png), "PNG")
    assert png.read_bytes().startswith(b"\x89PNG")
    choose_file(monkeypatch, tmp_path, png.read_bytes(), "photo.csv")
    shown = drive_dialog(monkeypatch, ImportDialog, lambda dialog: press_ok(qtbot, dialog))

    run_import(window)

    assert shown == []
    [(title, text)] = messages["error"]
    assert title == "Cannot import this file"
    assert "does not look like a CSV file" in text and "Save As" in text
    assert "codec" not in text and "Traceback" not in text
    assert messages["info"] == []
    assert stored_names(window, circle_id) == ["Ann Smith"]


def test_markup_in_a_name_is_previewed_and_stored_literally(qtbot, monkeypatch, window,
                                                            circle_id, messages, tmp_path):
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([["Name", "Phone"], [HOSTILE, "0123"]])
    choose_file(monkeypatch, tmp_path, out.getvalue().encode("utf-8"))
    texts = {}

    def steps(dialog: ImportDialog) -> None:
        texts["sample"] = dialog.columns.item(0, 1).text()
        texts["preview"] = dialog.preview.item(0, 1).text()
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, ImportDialog, steps)
    run_import(window)
    assert texts == {"sample": HOSTILE, "preview": HOSTILE}
    assert HOSTILE in stored_names(window, circle_id)
    assert HOSTILE in panel_names(window)


def test_cancelling_the_dialog_imports_nothing(qtbot, monkeypatch, window, circle_id, messages,
                                               tmp_path):
    choose_file(monkeypatch, tmp_path, EXCEL_CSV)

    def cancel(dialog: ImportDialog) -> None:
        assert ok_button(dialog).isEnabled()
        cancel_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)

    shown = drive_dialog(monkeypatch, ImportDialog, cancel)
    run_import(window)
    assert len(shown) == 1 and not shown[0].isVisible()
    assert stored_names(window, circle_id) == ["Ann Smith"]
    assert panel_names(window) == ["Ann Smith"]
    assert messages == {"info": [], "error": []}


def export_to(monkeypatch, window, target: Path, choice: int) -> None:
    asked = []
    monkeypatch.setattr(dialogs, "ask_choice", lambda *a, **k: asked.append(a) or choice)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a, **k: target)
    members = window.circles_page.members
    assert members.export_action.isEnabled()
    members.export_action.trigger()
    assert asked, "the person is asked whether to include contact details"


def read_back(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("choice", [0, 1])
def test_export_writes_a_private_csv_with_contacts_only_when_asked(
        qtbot, monkeypatch, window, circle_id, messages, tmp_path, choice):
    # (QTest cannot type "ë": this member goes in through the store, then the panel reloads.)
    window.context.members.add(circle_id, MemberDraft(
        "Zoë Ågren", Appearance.INITIALS, "zoe@example.org\n+44 20 7946 0000",
        joined_on=date(2026, 1, 31)))
    window.circles_page.members.show_circle(circle_id)
    export_to(monkeypatch, window, tmp_path / "out", choice)

    written = tmp_path / "out.csv"
    assert written.exists() and not (tmp_path / "out").exists()
    rows = read_back(written)
    raw = written.read_text(encoding="utf-8-sig")
    if choice == 0:
        assert rows[0] == ["Name", "Appears as", "Joined", "Left"]
        ann_joined = window.context.members.list(circle_id)[0].joined_on.isoformat()
        assert rows[1:] == [["Ann Smith", "Full name", ann_joined, ""],
                            ["Zoë Ågren", "Initials only", "2026-01-31", ""]]
        assert "example.org" not in raw and "7946" not in raw
    else:
        assert rows[0] == ["Name", "Appears as", "Joined", "Left", "Contact"]
        contacts = {row[0]: row[4] for row in rows[1:]}
        assert contacts == {"Ann Smith": "ann@example.org",
                            "Zoë Ågren": "zoe@example.org\n+44 20 7946 0000"}
    if os.name == "posix":
        assert written.stat().st_mode & 0o777 == 0o600
    assert messages["info"] == [("Exported", "Saved 2 members to out.csv.")]
    assert messages["error"] == []
