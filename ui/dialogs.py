"""Every modal question goes through these `ask_*`/`show_*` functions, so
tests can replace them, and every message shows user text as plain text."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         detail: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if detail:
        box.setInformativeText(detail)
        informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if informative is not None:
            informative.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_error(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text, detail)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text, detail)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def ask_confirm(parent: QWidget | None, title: str, text: str, ok_label: str,
                detail: str = "") -> bool:
    """A yes/no question whose 'yes' button says what will happen."""
    box = _box(parent, QMessageBox.Icon.Question, title, text, detail)
    ok = box.addButton(ok_label, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def ask_open_file(parent: QWidget | None, title: str, filters: str,
                  folder: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return Path(name) if name else None


def ask_open_folder(parent: QWidget | None, title: str, folder: str = "") -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, folder)
    return Path(name) if name else None


def ask_save_file(parent: QWidget | None, title: str, filters: str,
                  suggested: str = "", suffix: str = "") -> Path | None:
    """A file to write. With `suffix`, a name typed without it gets it *before*
    the dialog asks about replacing an existing file."""
    dialog = QFileDialog(parent, title, suggested, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if suffix:
        dialog.setDefaultSuffix(suffix)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def ask_export_file(parent: QWidget | None, title: str, filters: str, suggested: str,
                    suffix: str) -> Path | None:
    """Where to write an export: `suffix` (".csv") added when missing, and a
    file already there replaced only if the person says so."""
    target = ask_save_file(parent, title, filters, suggested, suffix=suffix.lstrip("."))
    if target is None:
        return None
    ending = "." + suffix.lstrip(".")
    if target.suffix.lower() != ending:
        target = target.with_name(target.name + ending)
        if target.exists() and not ask_confirm(
                parent, "Replace the file?", f"{target.name} already exists. Replace it?",
                "Replace"):
            return None
    return target


def ask_choice(parent: QWidget | None, title: str, text: str, choices: list[str],
               detail: str = "") -> int | None:
    """One of several named answers (their index), or None for Cancel."""
    box = _box(parent, QMessageBox.Icon.Question, title, text, detail)
    buttons = [box.addButton(choice, QMessageBox.ButtonRole.AcceptRole) for choice in choices]
    box.setDefaultButton(buttons[0])
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None


def run_or_report(parent: QWidget | None, work: Callable[[], object],
                  title: str = "Not saved") -> bool:
    """Do `work`; if the core refuses or the disk fails, say so plainly. True if done."""
    from app.errors import CirclekeeperError

    try:
        work()
    except CirclekeeperError as error:
        show_error(parent, title, str(error))
        return False
    except OSError as error:
        show_error(parent, title, f"It could not be saved: {error.strerror or error}")
        return False
    return True


def ask_passphrase(parent: QWidget | None, title: str, text: str) -> str | None:
    """A passphrase typed into a hidden field; None if the person cancels."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    phrase, ok = QInputDialog.getText(parent, title, text, QLineEdit.EchoMode.Password)
    return phrase if ok and phrase else None
