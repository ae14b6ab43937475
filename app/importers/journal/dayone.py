"""Day One's JSON export: `Journal.json`, alone or in the export's zip
(beside `photos/`; an export of several journals holds one JSON per journal).

    {"metadata": {"version": "1.0"},
     "entries": [{"uuid": "1546F373...", "creationDate": "2021-03-04T18:22:11Z",
                  "timeZone": "Europe/London", "text": "# Title\\n\\nMarkdown...",
                  "starred": false, "tags": ["Family"], "richText": "...",
                  "photos": [{"identifier": "AD6F2A6E...", "md5": "...", ...}],
                  "location": {...}, "weather": {...}, ...}]}

- `creationDate` is UTC; the entry keeps the wall-clock time of its own
  `timeZone` (a Londoner's 23:30 stays 23:30 whatever zone imports it). An
  unknown or missing zone falls back to UTC, with a note.
- `text` is Day One's Markdown, which escapes punctuation (`Hello\\!`); the
  escapes are undone outside code. Only that: the text is not rendered.
- A first line `# Heading` is Day One's title; there is no title field.
- Photos, videos, audio and PDFs (`![](dayone-moment://ID)`) are not
  imported: a marker such as "[photo not imported]" stays in their place and
  the preview counts them. Location, weather and `richText` are not kept.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from datetime import datetime, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...journal.entries import EntryDraft
from .common import (MAX_JSON_BYTES, ImportPreview, PreviewBuilder, UnreadableImport,
                     json_kind, media_marker, read_zip_member, stable_id, where_entry)
from .text import clean_tags, fit_title, split_heading, tidy

SOURCE = "dayone"
_MEDIA = re.compile(r"!\[[^\]\n]*\]\(dayone-moment:/{1,2}([^)\s]*)\)")
_MEDIA_KINDS = {"video": "video", "audio": "audio recording", "pdfAttachment": "PDF",
                "sketch": "sketch"}
_MEDIA_LISTS = {"photos": "photo", "videos": "video", "audios": "audio recording",
                "pdfAttachments": "PDF"}
# A backslash before ASCII punctuation, except in `code` and ```fenced code```.
_ESCAPE = re.compile(r"(```.*?```|`[^`\n]+`)|\\([!-/:-@\[-`{-~])", re.DOTALL)


def read_dayone_zip(path: Path) -> ImportPreview:
    """Every Day One journal in an export zip. The zip is read, never extracted."""
    journals: list[tuple[str, dict]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename.rsplit("/", 1)[-1]
                if (info.is_dir() or not name.lower().endswith(".json")
                        or info.filename.startswith("__MACOSX/") or name.startswith("._")):
                    continue
                try:
                    parsed = json.loads(read_zip_member(archive, info, MAX_JSON_BYTES))
                except (ValueError, RecursionError):
                    continue  # some other JSON file: not a journal
                if json_kind(parsed) == "dayone":
                    journals.append((name, parsed))
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise UnreadableImport(f"“{path.name}” is a damaged zip file and cannot be read. "
                               "Export it from Day One again.") from error
    except RuntimeError as error:  # zipfile: a member needs a password
        raise UnreadableImport(f"“{path.name}” is locked with a password. Export it "
                               "from Day One again without one.") from error
    except NotImplementedError as error:
        raise UnreadableImport(f"“{path.name}” is compressed in a way Circlekeeper "
                               "cannot read. Export it from Day One again.") from error
    except OSError as error:
        raise UnreadableImport(f"“{path.name}” could not be read "
                               f"({error.strerror or error}).") from error
    if not journals:
        raise UnreadableImport(f"“{path.name}” holds no Day One journal (no Journal.json "
                               "with entries in it), so there is nothing to import.")
    if len(journals) == 1:
        journals = [("", journals[0][1])]
    return read_dayone(path, journals)


def read_dayone(path: Path, journals: list[tuple[str, dict]]) -> ImportPreview:
    """The entries of parsed Day One journals; each is (its file name when
    there are several, else "", the parsed JSON)."""
    builder = PreviewBuilder(path, SOURCE)
    for within, data in journals:
        for number, item in enumerate(data.get("entries") or [], start=1):
            _read_entry(builder, number, item, within)
    return builder.preview


def _read_entry(builder: PreviewBuilder, number: int, item: object, within: str) -> None:
    where = where_entry(number, within=within)
    if not isinstance(item, dict):
        builder.skip(where, "not a Day One entry")
        return
    created = _utc(item.get("creationDate"))
    if created is None:
        builder.skip(where, "date could not be read")
        return
    zone_name, zone, problem = _zone(item.get("timeZone"))
    try:
        written = created.astimezone(zone).replace(tzinfo=None)
    except (OverflowError, ValueError):  # year 1 or 9999 moved past the calendar's end
        builder.skip(where, "date could not be read")
        return
    where = where_entry(number, written, within)
    text = item.get("text")
    text = text if isinstance(text, str) else ""
    media: dict[str, int] = {}
    title, body = split_heading(tidy(_MEDIA.sub(lambda m: _marker(m[1], media), text)))
    title, body = fit_title(unescape(title), tidy(unescape(body)))
    uuid = item.get("uuid")
    source_id = (uuid.strip() if isinstance(uuid, str) and uuid.strip()
                 else stable_id(str(item.get("creationDate")), text))
    added = builder.add(where, EntryDraft(
        written_at=written, title=title, body=body, tags=clean_tags(item.get("tags")),
        starred=item.get("starred") is True, timezone=zone_name,
        source=SOURCE, source_id=source_id))
    if not added:
        return
    if problem:
        builder.note(where, problem)
    for key, kind in _MEDIA_LISTS.items():  # listed but not placed in the text
        listed = item.get(key)
        if isinstance(listed, list) and len(listed) > media.get(kind, 0):
            media[kind] = len(listed)
    for kind, number_left_out in media.items():
        builder.left_out(kind, number_left_out)


def unescape(text: str) -> str:
    r"""Undo Day One's Markdown escapes: `\.` -> `.`, `\\` -> `\`; code is left alone."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: m[1] if m[1] is not None else m[2], text)


def _marker(reference: str, media: dict[str, int]) -> str:
    """"video/ABC" -> "[video not imported]"; a bare identifier is a photo."""
    kind = _MEDIA_KINDS.get(reference.split("/", 1)[0], "photo") if "/" in reference else "photo"
    media[kind] = media.get(kind, 0) + 1
    return media_marker(kind)


def _utc(value: object) -> datetime | None:
    """"2021-03-04T18:22:11Z" as an aware UTC time; None if unreadable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=256)
def _lookup(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _zone(value: object) -> tuple[str, tzinfo, str]:
    """(the zone's name, the zone, a note when it had to be UTC instead)."""
    if not isinstance(value, str) or not value.strip():
        return "UTC", timezone.utc, "no time zone given, so the time is UTC"
    name = value.strip()
    zone = _lookup(name)
    if zone is None:
        said = f"time zone “{name if len(name) <= 60 else name[:60] + '…'}” is not known here"
        return "UTC", timezone.utc, f"{said}, so the time is UTC"
    return name, zone, ""

