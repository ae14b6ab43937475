"""Every icon the window uses, by name, in one place (files in resources/icons)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from app.paths import resource

NAMES = ("circlekeeper", "circle", "archive", "lock", "vault")


@cache
def icon(name: str) -> QIcon:
    if name not in NAMES:
        raise KeyError(f"unknown icon {name!r}")
    return QIcon(str(resource("icons", f"{name}.svg")))
