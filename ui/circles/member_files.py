"""Members in and out of CSV files, from the members panel's buttons."""

from __future__ import annotations

from app.backups.folder import Reason

from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.context import AppContext
from app.errors import ValidationError
from app.export.members_csv import export_members
from app.importers.csv_table import read_table
from app.paths import slugify

from .. import dialogs
from .import_dialog import ImportDialog

CSV_FILTER = "CSV files (*.csv *.txt *.tsv);;All files (*)"
MAX_CSV_BYTES = 20 * 1024 * 1024


def import_members(parent: QWidget, context: AppContext, circle_id: str) -> bool:
    """Ask for a file, let the person map and preview it, import. True if anyone came in."""
    path = dialogs.ask_open_file(parent, "Import members from a CSV file", CSV_FILTER)
    if path is None:
        return False
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ValidationError("This file is too large to be a member list "
                                  f"(over {MAX_CSV_BYTES // 1024 // 1024} MB).")
        table = read_table(path.read_bytes())
    except ValidationError as error:
        dialogs.show_error(parent, "Cannot import this file", str(error))
        return False
    except OSError as error:
        dialogs.show_error(parent, "Cannot import this file",
                           f"The file could not be read: {error.strerror or error}")
        return False
    dialog = ImportDialog(path, table, context.members, circle_id, parent,
                          before_import=lambda: context.backups.make(Reason.BEFORE_IMPORT))
    if not dialog.exec() or dialog.outcome is None:
        return False
    dialogs.show_info(parent, "Import finished", dialog.outcome.summary())
    return True


def export_members_csv(parent: QWidget, context: AppContext, circle_id: str) -> None:
    circle = context.circles.get(circle_id)
    choice = dialogs.ask_choice(
        parent, "Export members", f"Export the members of “{circle.name}” to a CSV file?",
        ["Names and dates only", "Include private contact details"],
        "Contact details are private. Include them only if the file stays with you.")
    if choice is None:
        return
    target = dialogs.ask_export_file(parent, "Export members", "CSV files (*.csv)",
                                     f"{slugify(circle.name)}-members.csv", ".csv")
    if target is None:
        return
    members = context.members.list(circle_id)
    try:
        export_members(members, Path(target), include_contact=choice == 1)
    except OSError as error:
        dialogs.show_error(parent, "Not exported",
                           f"The file could not be written: {error.strerror or error}. "
                           "Nothing was changed.")
        return
    dialogs.show_info(parent, "Exported",
                      f"Saved {len(members)} member{'s' if len(members) != 1 else ''} "
                      f"to {target.name}.")
