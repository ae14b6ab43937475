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


class Registry:
    def __init__(self, file: Path) -> None:
        self.file = Path(file)

    def load(self) -> list[KnownVault]:
        """Known vaults, most recently opened first. A damaged list reads as empty."""
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
            vaults = [KnownVault(**{k: v for k, v in item.items()
                                    if k in KnownVault.__dataclass_fields__})
                      for item in raw.get("vaults", [])]
            if not all(isinstance(v.label, str) and isinstance(v.path, str)
                       and isinstance(v.last_opened, str) for v in vaults):
                raise TypeError("a field of the wrong type")
        except (OSError, ValueError, TypeError, AttributeError):
            return []
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
