"""A screenshot tour: `python -m tests.tour OUT_DIR` drives the real window
through its main screens with demo data and saves a PNG of each.

Used to look at the app as a person would (and for the README picture).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(out: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.context import AppContext
    from app.demo import create_demo
    from ui.circles.circle_editor import CircleEditor
    from ui.circles.member_dialog import MemberDialog
    from ui.main_window import MainWindow
    from ui.theme import apply_theme
    from ui.vault.new_vault_dialog import NewVaultDialog
    from app.agreements import load_templates

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    if os.environ.get("TOUR_DARK"):
        from ui.theme import dark_palette

        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    apply_theme(app)
    data = Path(tempfile.mkdtemp(prefix="ck-tour-"))
    context = AppContext.for_data_dir(data)
    create_demo(context)
    context.close_vault()
    context.create_vault("Sam's journal", passphrase="tour passphrase")
    context.close_vault()

    window = MainWindow(context)
    window.resize(1366, 768)
    window.show()
    shots = {}

    def snap(name: str, widget=None) -> None:
        app.processEvents()
        (widget or window).grab().save(str(out / f"{name}.png"))
        shots[name] = True

    window.show_start()
    snap("start-screen")
    locked = next(v for v in context.registry.load() if v.encrypted)
    window.open_vault(Path(locked.path), "wrong passphrase")
    snap("unlock-wrong-passphrase")
    demo = next(v for v in context.registry.load() if not v.encrypted)
    window.open_vault(Path(demo.path))
    page = window.circles_page
    page.circle_list.view.setCurrentIndex(page.circle_list.model.index(1))
    page.members.table.selectRow(1)
    snap("main-window")
    window.circles_page.view.tabs.setCurrentIndex(1)
    snap("circle-agreement")
    window.circles_page.view.tabs.setCurrentIndex(0)
    circle = window.circles_page.circle_list.current()
    editor = CircleEditor(load_templates(), lambda d: None, circle, parent=window)
    editor.show()
    snap("circle-editor", editor)
    editor.close()
    member = context.members.list(circle.id)[0]
    dialog = MemberDialog(lambda d: None, context.clock.now().date(), member, parent=window)
    dialog.show()
    snap("member-dialog", dialog)
    dialog.close()
    new_vault = NewVaultDialog(window)
    new_vault.show()
    snap("new-vault-dialog", new_vault)
    new_vault.close()
    QTimer.singleShot(0, app.quit)
    app.exec()
    context.close_vault()
    print("\n".join(str(out / f"{name}.png") for name in shots))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots/tmp"))
