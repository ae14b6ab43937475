"""The vaults known on this computer, for the start screen.

A small JSON file in the data directory: each vault's label (a person's name
or a word they chose), its path, and whether it is locked with a passphrase.
It holds no content of any vault.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .fileio import atomic_write_text, make_private_dir


@dataclass(frozen=True)
class KnownVault:
    label: str
    path: str
    encrypted: bool = False
    last_opened: str = ""

    @property
    def exists(self) -> bool:
        return Path(self.path).exists()


def _entry(item: object) -> KnownVault | None:
    """One entry of the file, or None if it was damaged or edited into nonsense."""
    if not isinstance(item, dict):
        return None
    label, path = item.get("label"), item.get("path")
    encrypted, opened = item.get("encrypted", False), item.get("last_opened", "")
    if not (isinstance(label, str) and isinstance(path, str) and path
            and isinstance(encrypted, bool) and isinstance(opened, str)):
        return None
    return KnownVault(label, path, encrypted, opened)


class Registry:
    def __init__(self, file: Path) -> None:
        self.file = Path(file)

    def load(self) -> list[KnownVault]:
        """Known vaults, most recently opened first. An unreadable file reads as
        empty; an entry that makes no sense is skipped, the others are kept."""
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
            items = raw.get("vaults", [])
        except (OSError, ValueError, AttributeError):
            return []
        if not isinstance(items, list):
            return []
        vaults = [v for v in map(_entry, items) if v is not None]
        return sorted(vaults, key=lambda v: v.last_opened, reverse=True)

    def find(self, path: Path) -> KnownVault | None:
        key = str(Path(path).resolve())
        return next((v for v in self.load() if v.path == key), None)

    def remember(self, path: Path, *, label: str | None = None,
                 encrypted: bool = False, opened_at: str = "") -> KnownVault:
        """Add or refresh a vault; an existing label is kept unless a new one is given."""
        key = str(Path(path).resolve())
        vaults = self.load()
        old = next((v for v in vaults if v.path == key), None)
        entry = KnownVault(label or (old.label if old else Path(key).parent.name),
                           key, encrypted, opened_at or (old.last_opened if old else ""))
        self._save([entry] + [v for v in vaults if v.path != key])
        return entry

    def forget(self, path: Path) -> None:
        key = str(Path(path).resolve())
        self._save([v for v in self.load() if v.path != key])

    def _save(self, vaults: list[KnownVault]) -> None:
        make_private_dir(self.file.parent)
        data = {"vaults": [asdict(v) for v in vaults]}
        atomic_write_text(self.file, json.dumps(data, indent=2, ensure_ascii=False))
