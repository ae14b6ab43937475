"""Every file location the app uses comes from this module.

`--data-dir DIR` or the environment variable CIRCLEKEEPER_DATA_DIR moves all
of the user's files under DIR; otherwise platformdirs decides.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "Circlekeeper"
DATA_DIR_ENV = "CIRCLEKEEPER_DATA_DIR"
VAULT_FILENAME = "circlekeeper.db"


def install_root() -> Path:
    """Where the shipped `data/` and `resources/` folders are (source tree or bundle)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def shipped_data(*parts: str) -> Path:
    """A file or folder under the shipped `data/` folder."""
    return install_root().joinpath("data", *parts)


def resource(*parts: str) -> Path:
    """A file or folder under the shipped `resources/` folder."""
    return install_root().joinpath("resources", *parts)


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike | None = None,
                     environ: dict[str, str] | None = None) -> Path:
    """The command-line flag wins, then the environment variable, then platformdirs."""
    environ = os.environ if environ is None else environ
    chosen = cli_value or environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    return default_data_dir()


def slugify(label: str) -> str:
    """A safe folder name for a vault label ("Anna's journal" -> "anna-s-journal")."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    return slug[:40] or "vault"


@dataclass(frozen=True)
class Paths:
    """The user's files under one data directory."""

    data_dir: Path

    @property
    def vaults_dir(self) -> Path:
        return self.data_dir / "vaults"

    @property
    def registry_file(self) -> Path:
        return self.data_dir / "vaults.json"

    @property
    def settings_file(self) -> Path:
        """This computer's small preferences (cues on or off); no vault content."""
        return self.data_dir / "settings.json"

    def new_vault_path(self, label: str) -> Path:
        """A fresh folder for a new vault, named after its label."""
        base = slugify(label)
        candidate = self.vaults_dir / base
        n = 2
        while candidate.exists():
            candidate = self.vaults_dir / f"{base}-{n}"
            n += 1
        return candidate / VAULT_FILENAME
