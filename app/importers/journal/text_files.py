"""A folder of Markdown or plain text files (Obsidian daily notes, a folder of
`.txt` diaries...), searched through its subfolders: one entry per file.

- Date: from the file name when it holds one (`2023-04-05.md`,
  `2023-04-05 evening.txt`, `2023-04-05_2130.md`, `20230405-walk.md`), else
  from a front matter `date:` (or `created:`) line, else the file's
  modification time, which the preview notes.
- Title: front matter `title:`, else a first line `# Heading` (taken out of
  the body), else what the file name says besides its date (may be empty).
- Front matter (`---` lines around `key: value` lines at the very top) is
  read line by line, never by a YAML library: `tags:` (a list, `[a, b]`, or
  "a, b") and `mood:` (1 to 5) are used; it is then left out of the body.
- Files and folders whose names start with "." (`.obsidian`, `.DS_Store`,
  `.git`) are not the person's entries and are passed over without a word.
- An entry's source id is its path inside the folder, so a renamed file is
  a new entry to a later import.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from ...journal.entries import MAX_BODY, EntryDraft
from ...journal.moods import mood_or_none
from .common import (TEXT_SUFFIXES, ImportPreview, PreviewBuilder, UnreadableImport,
                     storable)
from .text import clean_tags, decode_text, fit_title, split_heading, tidy

SOURCE = "files"
MAX_FILE_BYTES = 4 * MAX_BODY + 16   # UTF-8 takes at most 4 bytes a character
_NAME_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[-_.]?)(?P<m>\d\d)(?P=sep)(?P<d>\d\d)(?!\d)"
    r"(?:[ _T-]?(?P<H>\d\d)[:.h-]?(?P<M>\d\d)(?!\d))?")
_WRITTEN_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")
_ITEM = re.compile(r"[ \t]*-[ \t]+(.*)")
_FENCE = re.compile(r"---[ \t]*")
_END = re.compile(r"(?:---|\.\.\.)[ \t]*")
# jrnl's own journal file (not its export): "[2021-03-04 09:00:00 AM] Title. Body"
_JRNL_LINE = re.compile(r"^\[\d{4}-\d\d-\d\d \d{1,2}:\d\d(?::\d\d)?(?: ?[AP]M)?\] ",
                        re.MULTILINE | re.IGNORECASE)
JRNL_FILE = ("a jrnl journal file, not its export: run jrnl --export json and import "
             "the file that makes")


def read_folder(folder: Path) -> ImportPreview:
    builder = PreviewBuilder(folder, SOURCE)
    found = 0
    for path in _walk(folder):
        relative = readable_name(path.relative_to(folder).as_posix())
        suffix = path.suffix.lower()
        if suffix not in TEXT_SUFFIXES:
            builder.skip(relative, "a JSON file inside a folder; import it on its own"
                         if suffix == ".json" else "not a Markdown or text file")
            continue
        found += 1
        _read_file(builder, path, relative)
    if not found:
        raise UnreadableImport(f"The folder “{folder.name}” holds no Markdown or text files "
                               "(.md, .markdown or .txt), so there is nothing to import.")
    return builder.preview


def read_text_file(path: Path) -> ImportPreview:
    """One Markdown or text file: one entry."""
    builder = PreviewBuilder(path, SOURCE)
    _read_file(builder, path, readable_name(path.name))
    if [issue.reason for issue in builder.preview.skipped] == [JRNL_FILE]:
        raise UnreadableImport(f"“{readable_name(path.name)}” is {JRNL_FILE}.")
    return builder.preview


def readable_name(name: str) -> str:
    """A file name as text. A name whose bytes are not UTF-8 (an old disk's
    "caf\xe9.txt") reaches Python as lone surrogates, which the vault cannot
    store: its bytes are read as Windows-1252 instead, as its text would be."""
    if storable(name):
        return name
    raw = os.fsencode(name)
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _walk(folder: Path) -> list[Path]:
    """Every file under `folder` in name order, hidden ones and folders left out;
    linked folders are not followed (they could lead back into this one)."""
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files += (Path(root, name) for name in sorted(names) if not name.startswith("."))
    return files


def _read_file(builder: PreviewBuilder, path: Path, where: str) -> None:
    try:
        info = path.stat()
        if info.st_size > MAX_FILE_BYTES:
            builder.skip(where, f"too large for one entry ({info.st_size // 2**20:,} MB)")
            return
        data = path.read_bytes()
    except OSError as error:
        builder.skip(where, f"could not be read ({error.strerror or error})")
        return
    try:
        text, encoding_note = decode_text(data)
    except ValueError:
        builder.skip(where, "not a text file (it holds binary data)")
        return
    if _JRNL_LINE.match(text) and len(_JRNL_LINE.findall(text, 0, 100_000)) > 1:
        builder.skip(where, JRNL_FILE)
        return
    front, text = split_front_matter(tidy(text))
    stem_date, name_rest = date_from_name(readable_name(path.stem))
    written, date_note = stem_date, ""
    if written is None and front.get("date"):
        written = _written_date(str(front["date"]))
        if written is None:
            date_note = f"the date “{str(front['date'])[:40]}” could not be read; "
    if written is None:
        try:
            written = datetime.fromtimestamp(info.st_mtime).replace(microsecond=0)
        except (OverflowError, OSError, ValueError):
            builder.skip(where, "date could not be read (not in its name, and the file's "
                                "own date is impossible)")
            return
        date_note += "no date in its name, so dated when the file was last changed"
    title = str(front.get("title") or "").strip()
    if not title:
        title, text = split_heading(text)
    if not title.strip() and not text.strip():
        builder.skip(where, "empty file")
        return
    title, body = fit_title(title.strip() or name_rest, tidy(text))
    if builder.add(where, EntryDraft(
            written_at=written, title=title, body=body, tags=clean_tags(front.get("tags")),
            mood=mood_or_none(front.get("mood")), source=SOURCE, source_id=where)):
        for note in filter(None, (date_note, encoding_note)):
            builder.note(where, note)


def date_from_name(stem: str) -> tuple[datetime | None, str]:
    """("2023-04-05 evening") -> (2023-04-05 00:00, "evening"); (None, stem) if
    the name holds no real date. A time right after the date is used too."""
    for match in _NAME_DATE.finditer(stem):
        hour, minute = match["H"], match["M"]
        try:
            moment = datetime(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        end = match.end()
        if hour is not None:
            if int(hour) < 24 and int(minute) < 60:
                moment = moment.replace(hour=int(hour), minute=int(minute))
            else:
                end = match.start("H")
        rest = f"{stem[:match.start()]} {stem[end:]}"
        return moment, " ".join(rest.replace("_", " ").split()).strip(" -–—.,")
    return None, stem.strip()


def _written_date(text: str) -> datetime | None:
    """"2023-04-05", "2023-04-05 21:30", "2023-04-05T21:30:00+01:00" (the wall
    clock as written: the offset is not applied)."""
    match = _WRITTEN_DATE.match(text.strip().strip("'\""))
    if match is None:
        return None
    try:
        return datetime(*(int(part or 0) for part in match.groups()))  # type: ignore[misc]
    except ValueError:
        return None


def split_front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    """({"title": ..., "tags": [...]}, the text after it); ({}, text) when the
    text does not start with front matter (a `---` rule is just a rule)."""
    lines = text.split("\n", 200)
    if not lines or not _FENCE.fullmatch(lines[0]):
        return {}, text
    end = next((i for i, line in enumerate(lines[1:200], start=1) if _END.fullmatch(line)),
               None)
    if end is None:
        return {}, text
    fields: dict[str, str | list[str]] = {}
    key = None
    for line in lines[1:end]:
        if (item := _ITEM.fullmatch(line)) is not None and key is not None:
            current = fields.get(key)
            fields[key] = [*(current if isinstance(current, list) else []), _unquote(item[1])]
        elif (pair := _KEY.fullmatch(line)) is not None:
            key = pair[1].casefold()
            fields[key] = _value(pair[2])
    if not fields:
        return {}, text
    if "date" not in fields and "created" in fields:
        fields["date"] = fields["created"]
    return fields, "\n".join(lines[end + 1:])


def _value(text: str) -> str | list[str]:
    """`[a, "b"]` -> ["a", "b"]; anything else a string, quotes taken off."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return [_unquote(part) for part in text[1:-1].split(",") if part.strip()]
    return _unquote(text)


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text
