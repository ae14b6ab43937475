"""Text as other programs leave it: decoded whatever its encoding, line
endings evened out, a first-line heading told apart from the body, tags
without their symbols. Pure functions over strings; nothing here is rendered.
"""

from __future__ import annotations

import re

from ...journal.entries import MAX_TITLE
from ...journal.tags import normalise_tag
from ..csv_table import _BOMS, _bomless_utf16

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BLANK_START = re.compile(r"\A(?:[ \t]*\n)+")
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")


def decode_text(data: bytes) -> tuple[str, str]:
    """Text from a file's bytes and a note ("" when it was plain UTF-8).

    A BOM wins (UTF-8, UTF-16); then UTF-16 recognised by its zero bytes,
    UTF-8, Windows cp1252, and latin-1, which reads anything. A UTF-8 BOM in
    front of bytes that are not UTF-8 (an editor added it to an old file) is
    dropped and the rest read as cp1252. Raises ValueError for binary data."""
    bom_failed = False
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked_text(data[len(bom):].decode(codec)), ""
            except UnicodeDecodeError:
                if codec == "utf-8-sig":  # an editor marked an old file as UTF-8
                    data, bom_failed = data[len(bom):], True
                break
    if b"\x00" in data:
        codec = _bomless_utf16(data)
        if codec is None:
            raise ValueError("binary")
        try:
            return _checked_text(data.decode(codec)), "read as UTF-16 text"
        except UnicodeDecodeError:
            raise ValueError("binary") from None
    for codec, name in (("utf-8", ""), ("cp1252", "Windows-1252 (cp1252)"),
                        ("latin-1", "Latin-1")):
        try:
            text = _checked_text(data.decode(codec))
        except UnicodeDecodeError:
            continue
        if not name:
            return text, ""
        said = "it starts with a UTF-8 mark but is not UTF-8" if bom_failed else "not UTF-8"
        return text, f"{said}; read as {name}"
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _checked_text(text: str) -> str:
    """Text a person wrote has hardly any control characters; a binary file does."""
    bad = len(_CONTROL.findall(text.rstrip("\x1a")))  # \x1a: an old DOS end-of-file mark
    if "\x00" in text or bad > max(2, len(text) // 100):
        raise ValueError("binary")
    return text


def tidy(text: str) -> str:
    """Line endings as "\\n", no blank lines before the text, nothing trailing."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BLANK_START.sub("", text).rstrip()


def split_heading(text: str) -> tuple[str, str]:
    """("Heading", rest) when the first line is a Markdown `# Heading`; else ("", text)."""
    first, _, rest = text.partition("\n")
    match = _HEADING.fullmatch(first)
    if match is None or not match[1].strip():
        return "", text
    return match[1].strip(), rest


def clean_tags(value: object) -> tuple[str, ...]:
    """Tags as another program listed them, each once and without its symbol:
    ["@Tom", "#work", "#Work"] -> ("tom", "work"); "grief, family" and
    "grief family" -> ("grief", "family")."""
    if isinstance(value, str):
        value = value.split(",") if "," in value else value.split()
    if not isinstance(value, list):
        return ()
    tags = (normalise_tag(tag) for tag in value if isinstance(tag, str))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def fit_title(title: str, body: str) -> tuple[str, str]:
    """A title longer than a title may be stays at the top of the body instead."""
    if len(title) <= MAX_TITLE:
        return title, body
    return "", f"{title}\n\n{body}" if body else title
