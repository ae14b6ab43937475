"""What every journal importer shares: the preview it builds, the reasons it
gives, and `read_import`, which finds out what kind of file it was handed
(reading text whatever its encoding is `text.py`'s).

    preview = read_import(path)                  # reads, changes nothing
    preview.drafts, preview.skipped, preview.notes
    result = apply_import(context.journal, preview, progress=...)
    result.added, result.already_imported

Decisions:
- Nothing in an imported file is executed or interpreted: text that looks
  like HTML is kept as the characters it is; a zip is read, never extracted.
- Text is kept as written, less what only the other program needed: line
  endings become "\\n", blank lines around the body are dropped, and a title
  the other program kept in the text (a first-line `# Heading`) moves to the
  title. A title too long for a title stays at the top of the body.
- An item that cannot become an entry is skipped with a reason in plain words
  (`preview.skipped`); something worth knowing about an entry that did come in
  (its date came from the file's modification time, its time zone was not
  known) is a note (`preview.notes`).
- Entries already in the vault are found by `(source, source_id)`, by the
  store when it adds them (`EntryStore.add_many`), so importing a file twice
  adds nothing the second time.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import CirclekeeperError
from ...journal.entries import MAX_BODY, SAME_SECOND, EntryDraft, key_base

if TYPE_CHECKING:
    from ...journal.entries import EntryStore

KIND_LABELS = {"jrnl": "a jrnl export", "dayone": "a Day One export",
               "files": "a folder of text files"}
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
MAX_JSON_BYTES = 512 * 1024 * 1024
# The vault keeps at most SAME_SECOND entries in one second; an import leaves
# room for entries already there (files that share a modification time).
PER_SECOND = SAME_SECOND - 100
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with entries; an empty zip
NOT_AN_EXPORT = ("is not a jrnl or Day One export (jrnl --export json; Day One: File ▸ "
                 "Export ▸ JSON) nor a folder of Markdown or text files.")


class UnreadableImport(CirclekeeperError):
    """The file or folder cannot be imported at all; `str()` says why in one sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(printable(message))     # a file name may not be UTF-8


@dataclass(frozen=True)
class ImportIssue:
    """A skipped item, or a note about one that came in.

    `where` names the item: a file name, or "entry 12 (2021-03-04 18:22)";
    `reason` is plain words, lower case, no full stop ("empty entry")."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


@dataclass
class ImportPreview:
    """What an import would bring in, changing nothing yet."""

    source: Path
    kind: str                                     # "jrnl", "dayone" or "files"
    drafts: list[EntryDraft] = field(default_factory=list)
    skipped: list[ImportIssue] = field(default_factory=list)
    notes: list[ImportIssue] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)  # "photo" -> 12 not imported

    @property
    def kind_label(self) -> str:
        """"a Day One export", for sentences."""
        return KIND_LABELS.get(self.kind, self.kind)

    def summary(self) -> str:
        """E.g. "412 entries to import from a Day One export; 2 skipped." """
        text = f"{count(len(self.drafts), 'entry')} to import from {self.kind_label}"
        if self.skipped:
            text += f"; {len(self.skipped):,} skipped"
        return text + "."

    def left_out_sentences(self) -> list[str]:
        """E.g. "3 photos were not imported; each is marked “[photo not imported]”." """
        return [f"{count(n, kind)} {'was' if n == 1 else 'were'} not imported; each is "
                f"marked “{media_marker(kind)}” in its entry."
                for kind, n in sorted(self.left_out.items())]


@dataclass(frozen=True)
class ImportResult:
    preview: ImportPreview
    added: int
    already_imported: int

    def summary(self) -> str:
        """E.g. "Imported 410 entries; 2 were already imported." """
        again = self.already_imported
        if not self.added and again:
            return ("Nothing new: the entry was already imported." if again == 1 else
                    f"Nothing new: all {count(again, 'entry')} were already imported.")
        text = (f"Imported {count(self.added, 'entry')}" if self.added
                else "No entries were imported")
        if again:
            text += f"; {count(again, 'entry')} {'was' if again == 1 else 'were'} already imported"
        return text + "."


def count(number: int, noun: str) -> str:
    """"1 entry", "2 entries", "1,200 photos"."""
    if number == 1:
        return f"1 {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
    return f"{number:,} {plural}"


def media_marker(kind: str) -> str:
    """The text left where a photo (video, audio...) was: "[photo not imported]"."""
    return f"[{kind} not imported]"


# ----- building a preview ---------------------------------------------------------

class PreviewBuilder:
    """Collects an importer's drafts, skips and notes; refuses the second copy
    of an entry within the same import and anything too long to store."""

    def __init__(self, source: Path, kind: str) -> None:
        self.preview = ImportPreview(Path(source), kind)
        self._seen: dict[str, str] = {}
        self._per_second: dict[int, int] = {}

    def skip(self, where: str, reason: str) -> None:
        self.preview.skipped.append(ImportIssue(printable(where), printable(reason)))

    def note(self, where: str, text: str) -> None:
        self.preview.notes.append(ImportIssue(printable(where), printable(text)))

    def left_out(self, kind: str, number: int = 1) -> None:
        self.preview.left_out[kind] = self.preview.left_out.get(kind, 0) + number

    def add(self, where: str, draft: EntryDraft) -> bool:
        """Keep `draft` unless it is empty, too long, or a repeat; False if skipped."""
        if not draft.title.strip() and not draft.body.strip():
            self.skip(where, "empty entry")
            return False
        if not all(map(storable, (draft.title, draft.body, draft.prompt,
                                  draft.source_id or "", *draft.tags))):
            self.skip(where, "holds a broken character (half of an emoji or symbol, "
                             "which the file could not have meant)")
            return False
        if len(draft.body) > MAX_BODY:
            self.skip(where, f"too long for one entry ({len(draft.body):,} characters; "
                             f"at most {MAX_BODY:,})")
            return False
        if draft.source_id is not None:
            first = self._seen.get(draft.source_id)
            if first is not None:
                self.skip(where, f"a second copy of {first}")
                return False
            self._seen[draft.source_id] = where
        self.preview.drafts.append(self._spread(where, draft))
        return True

    def _spread(self, where: str, draft: EntryDraft) -> EntryDraft:
        """A second that already has PER_SECOND entries passes the next ones on
        to the second after it (the vault cannot order more within a second)."""
        written = draft.written_at
        while self._per_second.get(key_base(written), 0) >= PER_SECOND:
            written += timedelta(seconds=1)
        self._per_second[key_base(written)] = self._per_second.get(key_base(written), 0) + 1
        if written == draft.written_at:
            return draft
        self.note(where, f"more than {PER_SECOND:,} entries share its time to the second, "
                         "so it is placed a few seconds later")
        return replace(draft, written_at=written)


def where_entry(number: int, moment: datetime | None = None, within: str = "") -> str:
    """"entry 12 (2021-03-04 18:22)", or "Journal.json, entry 12" and so on."""
    text = f"entry {number}"
    if moment is not None:
        text += f" ({moment:%Y-%m-%d %H:%M})"
    return f"{within}, {text}" if within else text


def stable_id(*parts: str) -> str:
    """The same text gives the same id on every computer and every run
    (even text with a lone surrogate, which the entry is then skipped for)."""
    data = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def storable(text: str) -> bool:
    """False for text with a lone surrogate (JSON can hold "\\ud800"; UTF-8,
    and so the vault, cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str) -> str:
    """Text from a file, fit to show or print: a lone surrogate as its code."""
    return text if storable(text) else text.encode("utf-8", "backslashreplace").decode()


# ----- reading ----------------------------------------------------------------------

def read_import(path: Path) -> ImportPreview:
    """Read a jrnl JSON export, a Day One JSON export or its zip, a folder of
    Markdown/text files, or one such file. Changes nothing; raises
    UnreadableImport with a sentence when it cannot be read at all."""
    path = Path(path).expanduser()
    if path.is_dir():
        from .text_files import read_folder

        return read_folder(path)
    if not path.exists():
        raise UnreadableImport(f"“{path}” is not there; check the name and the folder.")
    try:
        with path.open("rb") as handle:
            start = handle.read(4)
    except OSError as error:
        raise UnreadableImport(f"“{path.name}” could not be read "
                               f"({error.strerror or error}).") from None
    if start in _ZIP_MAGIC or path.suffix.lower() == ".zip":
        from .dayone import read_dayone_zip

        return read_dayone_zip(path)
    if path.suffix.lower() in TEXT_SUFFIXES:
        from .text_files import read_text_file

        return read_text_file(path)
    return read_json_export(path, _read_bytes(path), path.name)


def read_json_export(path: Path, data: bytes, name: str) -> ImportPreview:
    """A jrnl or Day One export, told apart by its structure."""
    parsed = parse_json(data, name)
    kind = json_kind(parsed)
    if kind == "dayone":
        from .dayone import read_dayone

        return read_dayone(path, [("", parsed)])
    if kind == "jrnl":
        from .jrnl import read_jrnl

        return read_jrnl(path, parsed)
    raise UnreadableImport(f"“{name}” {NOT_AN_EXPORT}")


def parse_json(data: bytes, name: str) -> object:
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise UnreadableImport(f"“{name}” is not a text file that can be read "
                               f"(not UTF-8), so it is not a journal export.") from None
    except (ValueError, RecursionError):
        raise UnreadableImport(f"“{name}” {NOT_AN_EXPORT}") from None


def json_kind(data: object) -> str | None:
    """"jrnl", "dayone", or None for any other JSON."""
    if not isinstance(data, dict):
        return None
    entries = data.get("entries")
    if not isinstance(entries, list):
        return "jrnl" if _jrnl_entry(data) else None
    sample = [e for e in entries[:50] if isinstance(e, dict)]
    if any("creationDate" in e for e in sample):
        return "dayone"
    if any(_jrnl_entry(e) for e in sample):
        return "jrnl"
    if not sample and not entries:  # an empty journal is still an export
        if isinstance(data.get("metadata"), dict):
            return "dayone"
        if isinstance(data.get("tags"), dict):
            return "jrnl"
    return None


def _jrnl_entry(item: dict) -> bool:
    return "date" in item and ("title" in item or "body" in item)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise UnreadableImport(f"“{path.name}” is too large to be a journal export "
                                   f"({size // 2**20:,} MB).")
        return path.read_bytes()
    except OSError as error:
        raise UnreadableImport(f"“{path.name}” could not be read "
                               f"({error.strerror or error}).") from None


def read_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, never more than `limit` (a zip can lie about sizes)."""
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnreadableImport(f"“{info.filename}” in the zip is too large to be a "
                               "journal export.")
    return data


# ----- into the vault -------------------------------------------------------------

def already_imported(store: "EntryStore", preview: ImportPreview) -> int:
    """How many of the preview's entries are in the vault from an earlier
    import (deleted ones too: the store would skip those as well)."""
    by_source: dict[str, list[str]] = {}
    for draft in preview.drafts:
        if draft.source_id is not None:
            by_source.setdefault(draft.source, []).append(draft.source_id)
    found = 0
    for source, ids in by_source.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found += store.vault.query(
                f"SELECT count(*) FROM journal_entries WHERE source = ? AND source_id IN "
                f"({','.join('?' * len(chunk))})", (source, *chunk))[0][0]
    return found


def apply_import(store: "EntryStore", preview: ImportPreview, *,
                 progress: Callable[[int], None] | None = None,
                 batch: int = 500) -> ImportResult:
    """Add the preview's entries; those imported before are left out.
    `progress` is told how many drafts are done after each batch."""
    added, skipped = store.add_many(preview.drafts, batch=batch, progress=progress)
    return ImportResult(preview, added, skipped)


def grouped(issues: Iterable[ImportIssue]) -> list[tuple[str, list[str]]]:
    """Issues with the same reason together: [(reason, [where, ...]), ...],
    in the order each reason first appears (for notes that repeat by the hundred)."""
    groups: dict[str, list[str]] = {}
    for issue in issues:
        groups.setdefault(issue.reason, []).append(issue.where)
    return list(groups.items())
