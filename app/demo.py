"""`circlekeeper demo`: a vault with made-up circles from `data/demo/`."""

from __future__ import annotations

import tomllib
from datetime import date, time
from pathlib import Path

from .agreements import load_templates
from .circles import CircleDraft, CircleKind
from .context import AppContext
from .members import Appearance, MemberDraft
from .paths import shipped_data
from .schedule import Frequency, Schedule


def _agreement(title: str) -> str:
    return next((t.text for t in load_templates() if t.title == title), "")


def _circle_draft(raw: dict) -> CircleDraft:
    schedule = Schedule(Frequency(raw.get("frequency", "ad_hoc")), raw.get("weekday"),
                        time.fromisoformat(raw["meeting_time"]) if raw.get("meeting_time") else None,
                        raw.get("week_of_month"))
    return CircleDraft(raw["name"], raw.get("purpose", ""), CircleKind(raw.get("kind", "other")),
                       raw.get("location", ""), schedule,
                       _agreement(raw.get("agreement_template", "")))


def _member_draft(raw: dict | str) -> MemberDraft:
    if isinstance(raw, str):
        return MemberDraft(raw)
    as_date = lambda key: date.fromisoformat(raw[key]) if raw.get(key) else None  # noqa: E731
    return MemberDraft(raw["name"], Appearance(raw.get("appearance", "first")),
                       raw.get("contact", ""), as_date("joined_on"), as_date("left_on"))


def create_demo(context: AppContext, label: str = "Demo circles",
                source: Path | None = None) -> Path:
    """Create a new vault filled from the demo file; returns its path."""
    raw = tomllib.loads((source or shipped_data("demo", "circle.toml")).read_text("utf-8"))
    vault = context.create_vault(label)
    for section in ("circle", "second_circle"):
        if section not in raw:
            continue
        circle = context.circles.create(_circle_draft(raw[section]))
        members = raw.get("members", []) if section == "circle" else raw[section]["members"]
        context.members.add_many(circle.id, [_member_draft(m) for m in members])
    return vault.path
