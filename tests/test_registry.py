"""The list of known vaults for the start screen (vaults.json)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.circles import CircleDraft
from app.context import AppContext
from app.paths import Paths
from app.registry import KnownVault, Registry


@pytest.fixture
def registry(tmp_path):
    return Registry(tmp_path / "data" / "vaults.json")


def test_empty_when_there_is_no_file(registry):
    assert registry.load() == []
    assert registry.find(Path("/nowhere/circlekeeper.db")) is None
    assert not registry.file.exists()


def test_remember_find_forget(registry, tmp_path):
    path = tmp_path / "anna" / "circlekeeper.db"
    entry = registry.remember(path, label="Anna", encrypted=True,
                              opened_at="2026-01-06T18:00:00+00:00")
    assert entry == KnownVault("Anna", str(path.resolve()), True, "2026-01-06T18:00:00+00:00")
    assert registry.load() == [entry]
    assert registry.find(path) == entry
    assert Registry(registry.file).find(path) == entry  # read back from the file
    registry.forget(path)
    assert registry.load() == [] and registry.find(path) is None


def test_paths_are_matched_after_resolving(registry, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    registry.remember(Path("v/circlekeeper.db"), label="Relative")
    assert registry.find(tmp_path / "v" / "circlekeeper.db").label == "Relative"
    assert registry.find(Path("v/../v/circlekeeper.db")).label == "Relative"


def test_newest_opened_first(registry, tmp_path):
    for name, opened in (("b", "2026-01-02T09:00:00+00:00"), ("c", "2026-01-03T09:00:00+00:00"),
                         ("a", "2026-01-01T09:00:00+00:00")):
        registry.remember(tmp_path / name / "circlekeeper.db", label=name, opened_at=opened)
    assert [v.label for v in registry.load()] == ["c", "b", "a"]
    registry.remember(tmp_path / "a" / "circlekeeper.db", opened_at="2026-01-04T09:00:00+00:00")
    assert [v.label for v in registry.load()] == ["a", "c", "b"]


def test_refresh_keeps_label_and_time_unless_given(registry, tmp_path):
    path = tmp_path / "x" / "circlekeeper.db"
    registry.remember(path, label="Journal", opened_at="2026-01-01T09:00:00+00:00")
    again = registry.remember(path, encrypted=True)
    assert (again.label, again.encrypted, again.last_opened) == \
        ("Journal", True, "2026-01-01T09:00:00+00:00")
    assert len(registry.load()) == 1
    assert registry.remember(path, label="Renamed").label == "Renamed"


def test_unlabelled_vault_is_named_after_its_folder(registry, tmp_path):
    assert registry.remember(tmp_path / "family-laptop" / "circlekeeper.db").label == \
        "family-laptop"


def test_exists(registry, tmp_path):
    there = tmp_path / "there.db"
    there.write_bytes(b"x")
    assert registry.remember(there).exists
    assert not registry.remember(tmp_path / "gone.db").exists


@pytest.mark.parametrize("content", [
    "{ not json",
    "",
    "null",
    "[1, 2, 3]",
    '"just a string"',
    '{"vaults": null}',
    '{"vaults": [1]}',
    '{"vaults": [{"label": "no path"}]}',
    '{"vaults": [{"label": "a", "path": 5}]}',
    '{"vaults": [{"label": null, "path": "/a"}]}',
])
def test_damaged_file_reads_as_empty(registry, content, tmp_path):
    registry.file.parent.mkdir(parents=True)
    registry.file.write_text(content, encoding="utf-8")
    assert registry.load() == []
    assert registry.find(Path("/a")) is None
    entry = registry.remember(tmp_path / "new.db", label="New")  # and is replaced, no crash
    assert registry.load() == [entry]


def test_a_damaged_entry_is_skipped_and_the_others_kept(registry):
    registry.file.parent.mkdir(parents=True)
    registry.file.write_text(
        '{"vaults": [{"label": "a", "path": "/a", "last_opened": null},'
        ' {"label": "b", "path": "/b", "last_opened": "2026-01-01"}, 7]}', encoding="utf-8")
    assert [v.label for v in registry.load()] == ["b"]


def test_bytes_that_are_not_utf8_read_as_empty(registry):
    registry.file.parent.mkdir(parents=True)
    registry.file.write_bytes(b'{"vaults": [{"label": "\xff\xfe", "path": "/a"}]}')
    assert registry.load() == []


def test_unknown_keys_are_ignored(registry):
    registry.file.parent.mkdir(parents=True)
    registry.file.write_text(json.dumps({"vaults": [
        {"label": "A", "path": "/a", "colour": "blue"}], "version": 9}), encoding="utf-8")
    assert registry.load() == [KnownVault("A", "/a")]


def test_no_temporary_files_are_left(registry, tmp_path):
    for i in range(3):
        registry.remember(tmp_path / f"{i}.db")
    assert os.listdir(registry.file.parent) == ["vaults.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_file_and_folder_are_private(registry, tmp_path):
    old = os.umask(0o022)
    try:
        registry.remember(tmp_path / "x.db", label="X")
    finally:
        os.umask(old)
    assert registry.file.stat().st_mode & 0o777 == 0o600
    assert registry.file.parent.stat().st_mode & 0o777 == 0o700


@settings(max_examples=50, deadline=None)
@given(label=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_label_round_trips(label):
    with tempfile.TemporaryDirectory() as folder:
        registry = Registry(Path(folder) / "vaults.json")
        registry.remember(Path(folder) / "v.db", label=label)
        assert Registry(registry.file).load()[0].label == label


def test_context_remembers_what_it_opens(isolated_data_dir, clock):
    context = AppContext(Paths(isolated_data_dir), clock)
    vault = context.create_vault("Anna's journal", passphrase="long enough passphrase")
    context.circles.create(CircleDraft("Reflections"))
    path = vault.path
    context.close_vault()
    known = context.registry.find(path)
    assert known == KnownVault("Anna's journal", str(path.resolve()), True,
                               "2026-01-06T18:00:00+00:00")
    clock.advance(86400)
    context.open_vault(path, "long enough passphrase")
    try:
        assert context.registry.find(path).last_opened == "2026-01-07T18:00:00+00:00"
        assert context.registry.find(path).label == "Anna's journal"
        assert [c.name for c in context.circles.list()] == ["Reflections"]
    finally:
        context.close_vault()
    raw = context.paths.registry_file.read_text(encoding="utf-8")
    assert "Reflections" not in raw  # it holds no content of any vault
