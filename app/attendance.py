"""The register of a session: who is present, who sent apologies, who is
absent, and who arrived late."""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

from .clock import Clock, iso
from .errors import ValidationError
from .members import Member
from .vault import Vault


class Presence(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return {"present": "Present", "apologies": "Sent apologies",
                "absent": "Absent"}[self.value]


@dataclass(frozen=True)
class Mark:
    presence: Presence
    late: bool = False


class AttendanceStore:
    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def marks(self, session_id: str) -> dict[str, Mark]:
        """Member id to their mark; members not marked yet are absent from the dict."""
        rows = self.vault.query(
            "SELECT member_id, presence, late FROM attendance WHERE session_id = ?",
            (session_id,))
        return {mid: Mark(Presence(presence), bool(late)) for mid, presence, late in rows}

    def mark(self, session_id: str, member_id: str, presence: Presence,
             *, late: bool = False) -> None:
        record = {"session_id": session_id, "member_id": member_id,
                  "presence": Presence(presence).value, "late": int(late),
                  "updated_at": iso(self.clock.now())}
        known = self.vault.query(
            "SELECT 1 FROM sessions s JOIN members m ON m.circle_id = s.circle_id "
            "WHERE s.id = ? AND m.id = ? AND s.deleted_at IS NULL AND m.deleted_at IS NULL",
            (session_id, member_id))
        if not known:
            raise ValidationError("That person is not a member of this session's circle.")
        with self.vault.write() as db:
            db.execute("INSERT INTO attendance (session_id, member_id, presence, late, "
                       "updated_at) VALUES (:session_id, :member_id, :presence, :late, "
                       ":updated_at) ON CONFLICT (session_id, member_id) DO UPDATE SET "
                       "presence = excluded.presence, late = excluded.late, "
                       "updated_at = excluded.updated_at", record)

    def present(self, session_id: str) -> set[str]:
        return {mid for mid, mark in self.marks(session_id).items()
                if mark.presence is Presence.PRESENT}


def speaking_order(members: list[Member], present: set[str],
                   saved: tuple[str, ...] = ()) -> list[str]:
    """Who speaks in person-by-person rounds: the saved order first (kept as
    the facilitator dragged it), then anyone else present, in list order."""
    live = {m.id for m in members if m.id in present}
    order = [mid for mid in saved if mid in live]
    order += [m.id for m in members if m.id in live and m.id not in order]
    return order


def shuffled(order: list[str], rng: random.Random | None = None) -> list[str]:
    result = list(order)
    (rng or random.Random()).shuffle(result)
    return result
