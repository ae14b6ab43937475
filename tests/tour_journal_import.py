"""A small jrnl export for the journal tour's import picture."""

from __future__ import annotations

import json
from pathlib import Path


def sample_export(folder: Path) -> Path:
    entries = [
        {"title": "Moving day", "body": "Boxes everywhere. Found the old photos. #family",
         "date": "2019-06-02", "time": "21:10", "starred": True, "tags": ["#family"]},
        {"title": "", "body": "", "date": "2019-06-03", "time": "08:00", "starred": False,
         "tags": []},
        {"title": "Garden", "body": "First tomatoes. Small, but ours.", "date": "2019-07-14",
         "time": "18:30", "starred": False, "tags": []},
    ]
    path = folder / "jrnl-export.json"
    path.write_text(json.dumps({"tags": {"#family": 1}, "entries": entries}), "utf-8")
    return path
