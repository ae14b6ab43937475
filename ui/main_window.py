"""The one main window: a stack of pages (start, unlock, circles) and the menus.

It decides which page shows and opens vaults through the AppContext; the
circles page does the circle work, each vault dialog its own form.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from app import __version__
from app.errors import CirclekeeperError, PassphraseRequired, WrongPassphrase

from . import dialogs
from .icons import icon
from .text import plain_label
from .privacy_guard import PrivacyGuard
from .backups.auto_backup import AutoBackup
from .backups.recovery_flow import RECOVERABLE, RecoveryFlow
from .vault_actions import VaultActions
from .widgets.notice_bar import NoticeBar

if TYPE_CHECKING:  # pages are built when first shown, so the first paint comes sooner
    from app.context import AppContext

    from .vault.start_page import StartPage
    from .vault.unlock_page import UnlockPage


class MainWindow(QMainWindow):
    def __init__(self, context: "AppContext") -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle("Circlekeeper")
        self.setWindowIcon(icon("circlekeeper"))
        self.stack = QStackedWidget()
        self.place_notice = NoticeBar()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.place_notice)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.loading = plain_label("Opening…")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        self._start_page: "StartPage | None" = None
        self._unlock_page: "UnlockPage | None" = None
        self.circles_page = None
        self.workspace = None
        self.journal_actions = None
        self.session_flow = None
        self.share = None
        self._locked_path: Path | None = None
        self.vault_actions = VaultActions(self)
        self.privacy = PrivacyGuard(self, context.clock.monotonic)
        self.auto_backup = AutoBackup(context, context.clock.monotonic, self)
        self.recovery = RecoveryFlow(self)
        self.backups_window = None
        self._build_menus()

    # ----- pages -------------------------------------------------------------
    @property
    def start_page(self) -> "StartPage":
        if self._start_page is None:
            from .vault.start_page import StartPage

            page = self._start_page = StartPage()
            page.open_requested.connect(lambda path: self.open_vault(path))
            page.new_requested.connect(self.vault_actions.new_vault)
            page.open_file_requested.connect(self.vault_actions.open_file)
            page.forget_requested.connect(self._forget)
            self.stack.addWidget(page)
        return self._start_page

    @property
    def unlock_page(self) -> "UnlockPage":
        if self._unlock_page is None:
            from .vault.unlock_page import UnlockPage

            page = self._unlock_page = UnlockPage()
            page.unlock_requested.connect(
                lambda phrase: self.open_vault(self._locked_path, phrase))
            page.back_requested.connect(lambda: self.show_start())
            self.stack.addWidget(page)
        return self._unlock_page

    def start(self, vault_path: Path | None = None) -> None:
        """Called once the window has painted: open the right vault or list them."""
        if vault_path is not None:
            self.open_vault(Path(vault_path))
            return
        vaults = [v for v in self.context.registry.load() if v.exists]
        if len(vaults) == 1 and not vaults[0].encrypted:
            self.open_vault(Path(vaults[0].path))
        else:
            self.show_start()

    def _leave_vault(self) -> None:
        """Close the vault and forget anything about it still on screen (the undo
        offer, session windows: a running one is saved and can be carried on),
        backing it up first if it changed."""
        if self.session_flow is not None:
            self.session_flow.close_all(ask=False)
        self._save_and_close_windows()
        if self.backups_window is not None:
            self.backups_window.close()
            self.backups_window = None
        failed = self.auto_backup.back_up_on_close()
        self.context.close_vault()
        self.place_notice.show_text("")
        if failed:
            dialogs.show_error(self, "No backup was made on closing",
                               "Everything you wrote is saved in the vault.", failed)

    def _save_and_close_windows(self) -> None:
        if self.workspace is not None:
            self.workspace.flush()
        if self.journal_actions is not None:
            self.journal_actions.close_windows()
        self.auto_backup.wait()

    def put_away_open_work(self) -> bool:
        """Before the vault file is replaced: everything typed saved, the session
        windows closed (asking about a running one). False if the person said no."""
        if self.session_flow is not None and not self.session_flow.close_all(ask=True):
            return False
        self._save_and_close_windows()
        return True

    def show_page(self, page) -> None:
        """Show a page that stands instead of a vault (the recovery page)."""
        self.privacy.forget_hidden()
        self._leave_vault()
        self._set_workspace_enabled(False)
        self.stack.setCurrentWidget(page)
        self.setWindowTitle("Circlekeeper")

    def show_backups(self) -> None:
        from .backups.backups_window import BackupsWindow

        if self.backups_window is None:
            self.backups_window = BackupsWindow(self)
        self.backups_window.reload()
        self.backups_window.show()
        self.backups_window.raise_()

    def show_start(self, error: str = "") -> None:
        self.privacy.forget_hidden()
        self._leave_vault()
        self._set_workspace_enabled(False)
        self.start_page.show_vaults(self.context.registry.load())
        self.start_page.show_error(error)
        self.stack.setCurrentWidget(self.start_page)
        self.setWindowTitle("Circlekeeper")

    def show_unlock(self, path: Path, error: str = "") -> None:
        self.privacy.forget_hidden()
        self._leave_vault()
        self._set_workspace_enabled(False)
        self._locked_path = path
        known = self.context.registry.find(path)
        self.unlock_page.ask(known.label if known else path.name, error)
        self.stack.setCurrentWidget(self.unlock_page)
        self.setWindowTitle("Circlekeeper")

    def open_vault(self, path: Path, passphrase: str | None = None, *,
                   create: bool = False, label: str | None = None) -> bool:
        """Open (or create) a vault and show its circles; explain any refusal."""
        try:
            self.context.open_vault(path, passphrase, create=create, label=label)
        except PassphraseRequired:
            self.show_unlock(path)
            return False
        except WrongPassphrase as error:
            self.show_unlock(path, str(error))
            return False
        except RECOVERABLE as error:
            if not self.recovery.offer(Path(path), error):
                self.show_start(str(error))
            return False
        except (CirclekeeperError, OSError) as error:  # incl. no backup before an update
            self.show_start(str(error) if isinstance(error, CirclekeeperError)
                            else f"The vault could not be opened: {error.strerror or error}")
            return False
        self.auto_backup.start()
        self._show_workspace()
        self._warn_if_fragile(Path(path))
        return True

    def _warn_if_fragile(self, path: Path) -> None:
        """A vault on a network drive or a USB stick gets a notice (SQLite's
        locking and syncing cannot be trusted there)."""
        from app.storage_place import fragile_place

        self.place_notice.show_text(fragile_place(path) or "")

    def show_vault(self) -> None:
        """Show the open vault again (after it was replaced by a backup)."""
        self._show_workspace()

    def _show_workspace(self) -> None:
        if self.circles_page is None:
            from .circles.circles_page import CirclesPage

            from .sessions.session_flow import SessionFlow

            from .journal.journal_actions import JournalActions
            from .workspace import Workspace

            self.circles_page = CirclesPage(self.context, self)
            self.workspace = Workspace(self.context, self.circles_page, self)
            self.workspace.place_changed.connect(self._place_changed)
            self.stack.addWidget(self.workspace)
            self._add_circle_menu()
            self.journal_actions = JournalActions(self.context, self, self.workspace)
            self.journal_actions.add_to(self.journal_menu)
            self.session_flow = SessionFlow(self.context, self, self.circles_page.sessions.reload)
            self.circles_page.sessions.run_requested.connect(self.session_flow.open)
            self._add_share_menu()
            for panel in (self.circles_page.members, self.circles_page.resources):
                panel.changed.connect(self._circle_changed)
        self.stack.setCurrentWidget(self.workspace)
        self._set_workspace_enabled(True)
        self.workspace.reload()
        known = self.context.registry.find(self.context.vault.path)
        label = known.label if known else self.context.vault.path.parent.name
        self.setWindowTitle(f"{label} — Circlekeeper")
        QTimer.singleShot(0, self.session_flow.offer_to_carry_on)

    def _circle_changed(self) -> None:
        circle = self.circles_page.circle_list.current()
        if circle is not None:
            self.session_flow.circle_changed(circle.id)

    def _forget(self, path: Path) -> None:
        known = self.context.registry.find(path)
        name = known.label if known else path.name
        if dialogs.ask_confirm(self, "Forget this vault?",
                               f"Remove “{name}” from this list?", "Forget",
                               "The vault file itself stays where it is; you can open "
                               "it again later with “Open a file…”."):
            self.context.registry.forget(path)
            self.start_page.show_vaults(self.context.registry.load())

    # ----- menus -------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.vault_actions.add_file_actions(file_menu)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.edit_menu = bar.addMenu("&Edit")
        self.circle_menu = bar.addMenu("&Circle")
        self.journal_menu = bar.addMenu("&Journal")
        self.share_menu = bar.addMenu("Share && prin&t")
        self.share_menu.setToolTipsVisible(True)
        self.vault_menu = bar.addMenu("&Vault")
        self.vault_actions.add_vault_actions(self.vault_menu)
        self.vault_menu.addSeparator()
        self.privacy.add_to(self.vault_menu)
        help_menu = bar.addMenu("&Help")
        about = QAction("&About Circlekeeper", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)
        self._set_workspace_enabled(False)

    def _add_circle_menu(self) -> None:
        self.edit_menu.addAction(self.circles_page.undo_action)
        for action in self.circles_page.menu_actions():
            if action is None:
                self.circle_menu.addSeparator()
            else:
                self.circle_menu.addAction(action)

    def _add_share_menu(self) -> None:
        from .export.share_actions import ShareActions

        sessions = self.circles_page.sessions
        self.share = ShareActions(self.context, self, self.circles_page.circle_list.current)
        sessions.share_requested.connect(self.share.share_session)
        self.session_flow.share_requested.connect(self.share.share_session)
        self.share_menu.addAction(sessions.share_action)
        self.share_menu.addSeparator()
        for action in self.share.actions():
            self.share_menu.addAction(action)
        self.share_menu.aboutToShow.connect(self.share.update)

    def _place_changed(self, place: int) -> None:
        from .workspace import CIRCLES

        for menu in (self.circle_menu, self.share_menu):
            menu.setEnabled(place == CIRCLES)

    def _set_workspace_enabled(self, enabled: bool) -> None:
        for menu in (self.edit_menu, self.circle_menu, self.journal_menu, self.share_menu):
            menu.setEnabled(enabled and self.circles_page is not None)
        if enabled and self.workspace is not None:
            self._place_changed(self.workspace.place)
        self.vault_actions.update(self.context.vault if enabled else None)

    def _about(self) -> None:
        dialogs.show_info(self, "About Circlekeeper", f"Circlekeeper {__version__}",
                          "An offline tool for peer-support circles and private "
                          "reflection. Everything stays on this computer; nothing is "
                          "ever sent over a network.")

    def report(self, error: CirclekeeperError | OSError, title: str = "Not saved") -> None:
        text = str(error) if isinstance(error, CirclekeeperError) else (
            f"The file could not be written: {error.strerror or error}")
        dialogs.show_error(self, title, text)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.session_flow is not None and not self.session_flow.close_all(ask=True):
            event.ignore()
            return
        self._leave_vault()
        super().closeEvent(event)
