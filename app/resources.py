"""A circle's list of resources (helplines, local services, books, groups),
chosen into a session's shareable summary when useful."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .clock import Clock, iso
from .errors import ValidationError
from .records import clean_line, clean_text, new_id, set_fields, sort_key
from .vault import Vault

GONE = "That resource is no longer on the circle's list."


class ResourceKind(StrEnum):
    HELPLINE = "helpline"
    SERVICE = "service"
    BOOK = "book"
    GROUP = "group"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"helpline": "Helpline", "service": "Local service", "book": "Book or reading",
                "group": "Group", "other": "Other"}[self.value]

    @property
    def heading(self) -> str:
        """The plural heading in a summary: "Helplines", "Books and reading"."""
        return {"helpline": "Helplines", "service": "Local services",
                "book": "Books and reading", "group": "Groups",
                "other": "Other resources"}[self.value]


@dataclass(frozen=True)
class ResourceDraft:
    title: str
    kind: ResourceKind = ResourceKind.OTHER
    detail: str = ""          # a phone number, opening hours, an author: shared as typed


@dataclass(frozen=True)
class Resource:
    id: str
    circle_id: str
    kind: ResourceKind
    title: str
    detail: str

    def as_draft(self) -> ResourceDraft:
        return ResourceDraft(self.title, self.kind, self.detail)


_COLUMNS = "id, circle_id, kind, title, detail"


def _from_row(row: tuple) -> Resource:
    rid, circle_id, kind, title, detail = row
    try:
        resource_kind = ResourceKind(kind)
    except ValueError:
        resource_kind = ResourceKind.OTHER
    return Resource(rid, circle_id, resource_kind, title, detail)


def _validated(draft: ResourceDraft) -> dict:
    try:
        kind = ResourceKind(draft.kind)
    except ValueError:
        raise ValidationError("Choose what kind of resource this is.") from None
    return {"kind": kind.value,
            "title": clean_line(draft.title, "resource's name", required=True),
            "detail": clean_text(draft.detail, "details", limit=2000)}


def ordered(resources: list[Resource]) -> list[Resource]:
    """Grouped by kind (helplines first), then by title."""
    rank = {kind: i for i, kind in enumerate(ResourceKind)}
    return sorted(resources, key=lambda r: (rank[r.kind], sort_key(r.title)))


class ResourceStore:
    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def list(self, circle_id: str) -> list[Resource]:
        rows = self.vault.query(f"SELECT {_COLUMNS} FROM resources WHERE circle_id = ? "
                                "AND deleted_at IS NULL", (circle_id,))
        return ordered([_from_row(r) for r in rows])

    def get(self, resource_id: str) -> Resource:
        rows = self.vault.query(f"SELECT {_COLUMNS} FROM resources WHERE id = ? "
                                "AND deleted_at IS NULL", (resource_id,))
        if not rows:
            raise ValidationError(GONE)
        return _from_row(rows[0])

    def add(self, circle_id: str, draft: ResourceDraft) -> Resource:
        if not self.vault.query("SELECT 1 FROM circles WHERE id = ? AND deleted_at IS NULL",
                                (circle_id,)):
            raise ValidationError("That circle no longer exists.")
        now = iso(self.clock.now())
        record = {"id": new_id(), "circle_id": circle_id, **_validated(draft),
                  "created_at": now, "updated_at": now}
        with self.vault.write() as db:
            db["resources"].insert(record)
        return self.get(record["id"])

    def update(self, resource_id: str, draft: ResourceDraft) -> Resource:
        set_fields(self.vault, self.clock, "resources", resource_id, _validated(draft),
                   missing=GONE)
        return self.get(resource_id)

    def remove(self, resource_id: str) -> None:
        """Soft delete (Undo). It also leaves every summary it was chosen into."""
        set_fields(self.vault, self.clock, "resources", resource_id,
                   {"deleted_at": iso(self.clock.now())}, missing=GONE)

    def restore(self, resource_id: str) -> None:
        set_fields(self.vault, self.clock, "resources", resource_id, {"deleted_at": None},
                   missing=GONE, deleted=True)
