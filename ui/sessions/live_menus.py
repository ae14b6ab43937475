"""The live view's small menus: when the turn really started, who arrived,
who left. Filled each time they open, so they always match the room."""

from __future__ import annotations

from typing import Callable, Mapping

from PySide6.QtWidgets import QMenu, QPushButton

from app.members import Member

EARLIER = ((10, "10 seconds ago"), (30, "30 seconds ago"), (60, "1 minute ago"),
           (120, "2 minutes ago"), (180, "3 minutes ago"), (300, "5 minutes ago"))


def menu_button(text: str, fill: Callable[[QMenu], None]) -> QPushButton:
    button = QPushButton(text)
    menu = QMenu(button)
    menu.aboutToShow.connect(lambda: (menu.clear(), fill(menu)))
    button.setMenu(menu)
    return button


def fill_earlier(menu: QMenu, started_earlier: Callable[[float], None]) -> None:
    for seconds, label in EARLIER:
        menu.addAction(label).triggered.connect(
            lambda _c=False, s=seconds: started_earlier(s))


def fill_people(menu: QMenu, people: list[Member], slot: Callable[[str], None],
                empty: str) -> None:
    """One entry per person (an "&" in a name stays an "&"), or a greyed note."""
    for member in people:
        menu.addAction(member.name.replace("&", "&&")).triggered.connect(
            lambda _c=False, m=member.id: slot(m))
    if not people:
        menu.addAction(empty).setEnabled(False)


def not_taking_part(members: Mapping[str, Member], order: list[str]) -> list[Member]:
    """Members of the circle not taking part yet (and who have not left it)."""
    return sorted((m for m in members.values() if m.id not in set(order) and not m.has_left),
                  key=lambda m: m.name.lower())


def taking_part(members: Mapping[str, Member], order: list[str]) -> list[Member]:
    return [members[m] for m in order if m in members]
