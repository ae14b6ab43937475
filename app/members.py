"""Members of a circle, and how each wants to appear in anything shared."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .clock import Clock, iso
from .errors import ValidationError
from .records import (clean_line, clean_text, date_or_none, date_text, new_id, set_fields,
                      sort_key)
from .vault import Vault

GONE = "That member is no longer in the circle."


class Appearance(StrEnum):
    """How a member is named in anything shared: summaries, the projector."""

    FULL_NAME = "full"
    FIRST_NAME = "first"
    INITIALS = "initials"
    NOT_NAMED = "none"

    @property
    def label(self) -> str:
        return {"full": "Full name", "first": "First name only",
                "initials": "Initials only", "none": "Not named"}[self.value]


def shared_name(name: str, appearance: Appearance) -> str | None:
    """The name as this member agreed to be shown, or None when not named."""
    words = unicodedata.normalize("NFC", name).split()
    if not words or appearance is Appearance.NOT_NAMED:
        return None
    if appearance is Appearance.FULL_NAME:
        return " ".join(words)
    if appearance is Appearance.FIRST_NAME:
        return words[0]
    initials = [next((ch for ch in w if ch.isalnum()), "") for w in words]
    return " ".join(f"{ch.upper()}." for ch in initials if ch) or None


@dataclass(frozen=True)
class MemberDraft:
    name: str
    appearance: Appearance = Appearance.FIRST_NAME
    contact: str = ""                   # private: never in anything shared
    joined_on: date | None = None
    left_on: date | None = None


@dataclass(frozen=True)
class Member:
    id: str
    circle_id: str
    name: str
    appearance: Appearance
    contact: str
    joined_on: date | None
    left_on: date | None

    @property
    def has_left(self) -> bool:
        return self.left_on is not None

    @property
    def shared_name(self) -> str | None:
        return shared_name(self.name, self.appearance)

    def as_draft(self) -> MemberDraft:
        return MemberDraft(self.name, self.appearance, self.contact,
                           self.joined_on, self.left_on)


_COLUMNS = "id, circle_id, name, appearance, contact, joined_on, left_on"


def _from_row(row: tuple) -> Member:
    mid, circle_id, name, appearance, contact, joined_on, left_on = row
    return Member(mid, circle_id, name, Appearance(appearance), contact,
                  date_or_none(joined_on), date_or_none(left_on))


def validated(draft: MemberDraft) -> dict:
    try:
        appearance = Appearance(draft.appearance)
    except ValueError:
        raise ValidationError("Choose how this member appears in shared things.") from None
    if draft.joined_on and draft.left_on and draft.left_on < draft.joined_on:
        raise ValidationError("The date they left is before the date they joined.")
    return {
        "name": clean_line(draft.name, "member's name", required=True),
        "appearance": appearance.value,
        "contact": clean_text(draft.contact, "contact details", limit=2000),
        "joined_on": date_text(draft.joined_on),
        "left_on": date_text(draft.left_on),
    }


class MemberStore:
    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def list(self, circle_id: str) -> list[Member]:
        """Everyone in the circle, current members first, then by name."""
        rows = self.vault.query(
            f"SELECT {_COLUMNS} FROM members WHERE circle_id = ? AND deleted_at IS NULL",
            (circle_id,))
        members = [_from_row(r) for r in rows]
        return sorted(members, key=lambda m: (m.has_left, sort_key(m.name)))

    def count(self, circle_id: str) -> int:
        return self.vault.query(
            "SELECT count(*) FROM members WHERE circle_id = ? AND deleted_at IS NULL "
            "AND left_on IS NULL", (circle_id,))[0][0]

    def get(self, member_id: str) -> Member:
        rows = self.vault.query(
            f"SELECT {_COLUMNS} FROM members WHERE id = ? AND deleted_at IS NULL",
            (member_id,))
        if not rows:
            raise ValidationError(GONE)
        return _from_row(rows[0])

    def add(self, circle_id: str, draft: MemberDraft) -> Member:
        return self.add_many(circle_id, [draft])[0]

    def add_many(self, circle_id: str, drafts: list[MemberDraft]) -> list[Member]:
        """Add several members in one transaction: all of them or none."""
        if not self.vault.query("SELECT 1 FROM circles WHERE id = ? AND deleted_at IS NULL",
                                (circle_id,)):
            raise ValidationError("That circle no longer exists.")
        now = iso(self.clock.now())
        records = [{"id": new_id(), "circle_id": circle_id, **validated(d),
                    "created_at": now, "updated_at": now} for d in drafts]
        with self.vault.write() as db:
            db["members"].insert_all(records)
        return [self.get(r["id"]) for r in records]

    def update(self, member_id: str, draft: MemberDraft) -> Member:
        self._set(member_id, validated(draft))
        return self.get(member_id)

    def mark_left(self, member_id: str, on: date) -> None:
        member = self.get(member_id)
        if member.joined_on and on < member.joined_on:
            raise ValidationError("The date they left is before the date they joined.")
        self._set(member_id, {"left_on": on.isoformat()})

    def rejoin(self, member_id: str) -> None:
        self._set(member_id, {"left_on": None})

    def remove(self, member_id: str) -> None:
        """Soft delete, so the window can offer Undo."""
        self._set(member_id, {"deleted_at": iso(self.clock.now())})

    def restore(self, member_id: str) -> None:
        set_fields(self.vault, self.clock, "members", member_id, {"deleted_at": None},
                   missing=GONE, deleted=True)

    def _set(self, member_id: str, changes: dict) -> None:
        set_fields(self.vault, self.clock, "members", member_id, changes, missing=GONE)
