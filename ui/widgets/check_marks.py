"""Tick boxes inside lists and tables that can be seen on a dark palette.

Fusion outlines an item view's tick box in the palette's Window colour made
darker; on a dark palette that is the colour of the view's own ground, so an
unticked box vanishes and nothing says the row can be ticked. Giving the view
a light Window colour makes the outline show. (A global fix belongs in
`ui/theme.py`; this keeps it to the views that need it.)
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView

from ..theme import is_dark


def visible_check_boxes(view: QAbstractItemView) -> None:
    palette = view.palette()
    if is_dark(palette):
        palette.setColor(QPalette.ColorRole.Window,
                         palette.color(QPalette.ColorRole.Text).darker(120))
        view.setPalette(palette)
