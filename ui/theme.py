"""Follow the system's light or dark palette; add a handful of styles on top."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.paths import resource


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """A calm dark palette for when the system asks for dark but Qt gave light."""
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202326", QPalette.ColorRole.WindowText: "#e8e6e3",
        QPalette.ColorRole.Base: "#17191b", QPalette.ColorRole.AlternateBase: "#24282b",
        QPalette.ColorRole.Text: "#e8e6e3", QPalette.ColorRole.Button: "#2a2e31",
        QPalette.ColorRole.ButtonText: "#e8e6e3", QPalette.ColorRole.Highlight: "#3d8a8f",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2a2e31",
        QPalette.ColorRole.ToolTipText: "#e8e6e3", QPalette.ColorRole.PlaceholderText: "#9a9da0",
        QPalette.ColorRole.Link: "#7cc4c8",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d8084"))
    return p


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    wants_dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    if wants_dark and not is_dark(app.palette()):
        app.setPalette(dark_palette())
    palette = app.palette()
    dark = is_dark(palette)
    base = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 10.0
    tokens = {
        "title_size": f"{base * 1.6:.0f}",
        "body_large": f"{base * 1.2:.0f}",
        "muted": palette.color(QPalette.ColorGroup.Disabled,
                               QPalette.ColorRole.WindowText).name()
        if dark else "#5f6368",
        "error": "#ff8a80" if dark else "#b3261e",
        "border": palette.color(QPalette.ColorRole.Mid).name(),
        "banner": "#2f3b3c" if dark else "#fff6dc",
    }
    qss = resource("styles", "base.qss").read_text(encoding="utf-8")
    for key, value in tokens.items():
        qss = qss.replace("{" + key + "}", value)
    app.setStyleSheet(qss)
