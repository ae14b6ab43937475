"""Reflection prompts: the shipped ones in `data/prompts/*.toml`, grouped
by theme, and the person's own, kept in their vault."""

from __future__ import annotations

import random
import tomllib
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..clock import Clock, iso
from ..errors import ValidationError
from ..paths import shipped_data
from ..records import check_storable
from ..vault import Vault

OWN_THEME = "My own prompts"
MAX_PROMPT = 500


@dataclass(frozen=True)
class Prompt:
    text: str
    theme: str
    id: str | None = None     # set for the person's own prompts


def shipped_prompts(folder: Path | None = None) -> list[Prompt]:
    """Every prompt under `data/prompts/`; a damaged file is skipped, not fatal."""
    prompts: list[Prompt] = []
    for file in sorted((folder or shipped_data("prompts")).glob("*.toml")):
        try:
            themes = tomllib.loads(file.read_text(encoding="utf-8")).get("theme", [])
        except (OSError, ValueError):
            continue
        for theme in themes if isinstance(themes, list) else []:
            name = str(theme.get("name", "")).strip() if isinstance(theme, dict) else ""
            for text in theme.get("prompts", []) if name else []:
                if isinstance(text, str) and text.strip():
                    prompts.append(Prompt(text.strip(), name))
    return prompts


class PromptStore:
    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def own(self) -> list[Prompt]:
        return [Prompt(text, OWN_THEME, prompt_id) for prompt_id, text in self.vault.query(
            "SELECT id, text FROM journal_prompts WHERE deleted_at IS NULL ORDER BY created_at")]

    def all(self) -> list[Prompt]:
        return shipped_prompts() + self.own()

    def add(self, text: str) -> Prompt:
        clean = " ".join(check_storable(text or "", "prompt").replace("\x00", "").split())
        if not clean:
            raise ValidationError("Write the prompt first.")
        if len(clean) > MAX_PROMPT:
            raise ValidationError(f"A prompt can be at most {MAX_PROMPT} characters.")
        prompt_id, now = str(uuid.uuid4()), iso(self.clock.now())
        with self.vault.write() as db:
            db.execute("INSERT INTO journal_prompts (id, text, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?)", (prompt_id, clean, now, now))
        return Prompt(clean, OWN_THEME, prompt_id)

    def remove(self, prompt_id: str) -> None:
        with self.vault.write() as db:
            db.execute("UPDATE journal_prompts SET deleted_at = ? WHERE id = ?",
                       (iso(self.clock.now()), prompt_id))

    def suggest(self, rng: random.Random | None = None,
                avoid: str | None = None) -> Prompt | None:
        """One prompt to offer (a different one from `avoid` when there is a choice)."""
        choices = [p for p in self.all() if p.text != avoid] or self.all()
        return (rng or random).choice(choices) if choices else None
