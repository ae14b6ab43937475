"""Looking inside a backup without restoring it: open it read-only and lay
out what it holds (circles, their members and notes, the journal) so the
person can copy one thing out of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..clock import Clock
from ..lock import VaultLock
from ..vault import Vault, check_file, connect_read_only, looks_encrypted


@dataclass
class Item:
    title: str
    text: str = ""
    children: list["Item"] = field(default_factory=list)


def open_backup(path: Path, passphrase: str | None) -> Vault:
    """A backup (or any vault file) opened so that nothing can be written to it.
    Raises the same errors as opening a vault would."""
    path = Path(path)
    check_file(path, passphrase, full=False)
    key = passphrase if looks_encrypted(path) else None
    conn = connect_read_only(path, key)
    return Vault(path, conn, VaultLock(path), bool(key), key)  # the lock is never taken


def outline(vault: Vault, clock: Clock) -> list[Item]:
    """Everything worth copying out, in the order the window shows it."""
    from ..circles import CircleStore

    circles = CircleStore(vault, clock)
    items = [_circle(vault, clock, c) for c in circles.list() + circles.list(archived=True)]
    items.append(_journal(vault, clock))
    return items


def _circle(vault: Vault, clock: Clock, circle) -> Item:
    from ..members import MemberStore
    from ..notes import NoteStore, NoteSubject
    from ..sessions import SessionStore

    notes = NoteStore(vault, clock)
    members = MemberStore(vault, clock).list(circle.id)
    about = "\n\n".join(part for part in (circle.purpose, circle.location and
                                          f"Where: {circle.location}") if part)
    item = Item(f"Circle: {circle.name}", about)
    if circle.agreement:
        item.children.append(Item("Group agreement", circle.agreement))
    roll = "\n".join(f"{m.name}" + (f" — {m.contact}" if m.contact else "") for m in members)
    item.children.append(Item(f"Members ({len(members)})", roll))
    own = notes.get(NoteSubject.CIRCLE, circle.id)
    if own:
        item.children.append(Item("Notes about the circle", own))
    for member in members:
        text = notes.get(NoteSubject.MEMBER, member.id)
        if text:
            item.children.append(Item(f"Notes about {member.name}", text))
    for session in SessionStore(vault, clock).list(circle.id):
        text = notes.get(NoteSubject.SESSION, session.id)
        if text:
            item.children.append(Item(f"Session of {session.day:%d %B %Y}: notes", text))
    return item


def _journal(vault: Vault, clock: Clock) -> Item:
    from ..journal.entries import EntryStore

    entries = EntryStore(vault, clock).all()
    item = Item(f"Journal ({len(entries)} entries)")
    for entry in entries:
        when = entry.written_at.astimezone().strftime("%d %b %Y %H:%M")
        title = entry.title or " ".join(entry.body.split())[:60] or "(no text)"
        item.children.append(Item(f"{when} · {title}", entry.body))
    return item
