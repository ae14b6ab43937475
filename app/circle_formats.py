"""A circle's own formats, saved from a session it liked, offered beside the
shipped ones when planning."""

from __future__ import annotations

from collections.abc import Sequence

from .clock import Clock, iso
from .errors import ValidationError
from .formats import (Format, RoundPlan, load_shipped, rounds_from_json, rounds_to_json,
                      validated_rounds)
from .records import clean_line, clean_text, new_id, set_fields, sort_key
from .sessions import Session
from .vault import Vault

GONE = "That format no longer exists."


class FormatStore:
    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def own(self, circle_id: str) -> list[Format]:
        rows = self.vault.query(
            "SELECT id, name, description, rounds FROM formats "
            "WHERE circle_id = ? AND deleted_at IS NULL", (circle_id,))
        formats = [Format(name, description, rounds_from_json(rounds), fid)
                   for fid, name, description, rounds in rows]
        return sorted(formats, key=lambda f: sort_key(f.name))

    def available(self, circle_id: str) -> list[Format]:
        """The circle's own formats first, then the shipped ones."""
        return self.own(circle_id) + load_shipped()

    def save_from(self, session: Session, name: str, description: str = "") -> Format:
        """Keep a session's rounds as a format of its circle."""
        return self.save_rounds(session.circle_id, name, session.rounds, description)

    def save_rounds(self, circle_id: str, name: str, rounds: Sequence[RoundPlan],
                    description: str = "") -> Format:
        """Keep rounds (say, from the planner, before the session is saved) as a
        format of the circle. A format of the same name is replaced, so "save
        again" after a tweak does what it says."""
        name = clean_line(name, "format's name", required=True)
        description = clean_text(description, "format's description", limit=2000)
        rounds_json = rounds_to_json(validated_rounds(tuple(rounds)))
        now = iso(self.clock.now())
        existing = [f for f in self.own(circle_id) if f.name.casefold() == name.casefold()]
        if not self.vault.query("SELECT 1 FROM circles WHERE id = ? AND deleted_at IS NULL",
                                (circle_id,)):
            raise ValidationError("That circle no longer exists.")
        with self.vault.write() as db:
            if existing:
                db.execute("UPDATE formats SET name = ?, description = ?, rounds = ?, "
                           "updated_at = ? WHERE id = ?",
                           (name, description, rounds_json, now, existing[0].id))
            else:
                db["formats"].insert({"id": new_id(), "circle_id": circle_id,
                                      "name": name, "description": description,
                                      "rounds": rounds_json, "created_at": now,
                                      "updated_at": now})
        return next(f for f in self.own(circle_id) if f.name == name)

    def delete(self, format_id: str) -> None:
        set_fields(self.vault, self.clock, "formats", format_id,
                   {"deleted_at": iso(self.clock.now())}, missing=GONE)

    def undelete(self, format_id: str) -> None:
        set_fields(self.vault, self.clock, "formats", format_id, {"deleted_at": None},
                   missing=GONE, deleted=True)


