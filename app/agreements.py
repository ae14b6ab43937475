"""Group-agreement templates shipped in `data/agreements/*.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .paths import shipped_data


@dataclass(frozen=True)
class AgreementTemplate:
    title: str
    description: str
    text: str


def load_templates(folder: Path | None = None) -> list[AgreementTemplate]:
    """Every readable template, in file-name order. A broken file is skipped."""
    folder = folder or shipped_data("agreements")
    templates = []
    for file in sorted(folder.glob("*.toml")):
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
            templates.append(AgreementTemplate(str(raw["title"]),
                                               str(raw.get("description", "")),
                                               str(raw["text"]).strip()))
        except (OSError, ValueError, KeyError):
            continue
    return templates
