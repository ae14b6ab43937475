"""This computer's small preferences: a JSON file that round-trips, and that
reads as defaults when it is missing, damaged or edited into nonsense."""

from __future__ import annotations

import json
import os

import pytest

from app.paths import Paths
from app.settings import Settings


@pytest.fixture
def paths(isolated_data_dir) -> Paths:
    return Paths(isolated_data_dir)


def test_round_trip(paths):
    settings = Settings.load(paths)
    assert settings.get_bool("cues.chime", False) is False
    assert settings.get_bool("cues.chime", True) is True
    settings.set("cues.chime", True)
    settings.set("cues.flash", False)
    settings.set("name", "Hall laptop")
    again = Settings.load(paths)
    assert again.get_bool("cues.chime") is True
    assert again.get_bool("cues.flash", True) is False
    assert again.get_str("name") == "Hall laptop"
    assert json.loads(paths.settings_file.read_text("utf-8"))["cues.chime"] is True
    if os.name == "posix":
        assert paths.settings_file.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b"null", b""])
def test_a_damaged_file_reads_as_defaults(paths, content):
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_bytes(content)
    settings = Settings.load(paths)
    assert settings.get_bool("cues.chime", False) is False
    settings.set("cues.chime", True)                 # and writing replaces it cleanly
    assert Settings.load(paths).get_bool("cues.chime") is True


def test_a_value_of_the_wrong_type_gives_the_default(paths):
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text(json.dumps(
        {"cues.chime": "yes", "cues.flash": 1, "nested": {"a": 1}, "name": 3}), "utf-8")
    settings = Settings.load(paths)
    assert settings.get_bool("cues.chime", False) is False
    assert settings.get_bool("cues.flash", False) is False
    assert settings.get_str("name", "none") == "none"
    settings.set("cues.flash", True)
    assert "nested" not in json.loads(paths.settings_file.read_text("utf-8"))


def test_only_plain_values_can_be_set(paths):
    with pytest.raises(TypeError):
        Settings.load(paths).set("list", [1, 2])


def test_in_memory_settings_write_nothing(paths):
    settings = Settings(None)
    settings.set("cues.chime", True)
    assert settings.get_bool("cues.chime") is True
    assert not paths.settings_file.exists()
