"""Small preferences of this computer (such as the timer's cues), kept in
`settings.json` in the data directory. They hold nothing from any vault.

A missing, unreadable or hand-damaged file reads as "all defaults": a
preference is never worth refusing to start over.
"""

from __future__ import annotations

import json
from pathlib import Path

from .fileio import atomic_write_text, make_private_dir
from .paths import Paths

JSONValue = bool | int | float | str | None


class Settings:
    """Typed reads with a default, and writes that replace the file whole."""

    def __init__(self, file: Path | None, values: dict[str, JSONValue] | None = None) -> None:
        self.file = Path(file) if file is not None else None   # None: kept in memory only
        self._values: dict[str, JSONValue] = dict(values or {})

    @classmethod
    def load(cls, paths: Paths) -> "Settings":
        return cls.from_file(paths.settings_file)

    @classmethod
    def from_file(cls, file: Path) -> "Settings":
        try:
            raw = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        values = raw if isinstance(raw, dict) else {}
        return cls(file, {k: v for k, v in values.items()
                          if isinstance(k, str) and _is_plain(v)})

    def get_bool(self, key: str, default: bool = False) -> bool:
        value = self._values.get(key)
        return value if isinstance(value, bool) else default

    def get_int(self, key: str, default: int = 0) -> int:
        value = self._values.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    def get_str(self, key: str, default: str = "") -> str:
        value = self._values.get(key)
        return value if isinstance(value, str) else default

    def set(self, key: str, value: JSONValue) -> None:
        """Remember `value` and write the file at once (OSError if the disk refuses;
        the value is still remembered for this run)."""
        if not _is_plain(value):
            raise TypeError(f"a setting must be a plain value, not {type(value).__name__}")
        if self.file is not None:   # others in this app may have written since: keep theirs
            self._values = {**self._values, **Settings.from_file(self.file)._values}
        self._values[key] = value
        if self.file is not None:
            make_private_dir(self.file.parent)
            atomic_write_text(self.file, json.dumps(self._values, indent=2, sort_keys=True))


def _is_plain(value: object) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))
