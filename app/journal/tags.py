"""Tags: chosen from a list, or written in the text as `#tag`.

A tag is kept case-folded (so #Grief and #grief are one tag) and without its
`#`. In the text a tag starts with a letter (so "#1" and a Markdown "# Heading"
are not tags) and runs over letters, digits, `_` and `-`.
"""

from __future__ import annotations

import re
import unicodedata

_HASHTAG = re.compile(r"(?<![\w#&])#([^\W\d_]\S*)")
MAX_TAG = 60


def normalise_tag(text: str) -> str:
    """"#Self-Care " -> "self-care"; "" when nothing tag-like is left."""
    tag = (text or "").replace("\x00", "")
    tag = unicodedata.normalize("NFC", tag).strip().lstrip("#@").strip()
    tag = re.sub(r"\s+", "-", tag).casefold().strip("-")
    return tag[:MAX_TAG]


def tags_in_text(text: str) -> list[str]:
    """The `#tags` written in a text, in order, each once."""
    found: list[str] = []
    for match in _HASHTAG.finditer(unicodedata.normalize("NFC", text or "")):
        tag = normalise_tag(_tag_part(match.group(1)).rstrip("-"))
        if tag and tag not in found:
            found.append(tag)
    return found


def _tag_part(word: str) -> str:
    """The tag at the start of `word`: letters, marks (so "#हिंदी" stays whole),
    digits, `_` and `-`, up to the first other character ("grief." -> "grief")."""
    for index, char in enumerate(word):
        if char not in "-_" and unicodedata.category(char)[0] not in "LMN":
            return word[:index]
    return word


def merge_tags(chosen: tuple[str, ...] | list[str], body: str) -> tuple[str, ...]:
    """An entry's tags: the chosen ones, then those written in its text."""
    tags: list[str] = []
    for tag in [*(normalise_tag(t) for t in chosen), *tags_in_text(body)]:
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def parse_tag_list(text: str) -> tuple[str, ...]:
    """Tags typed in a field, separated by commas or spaces ("grief, #family")."""
    return merge_tags([part for part in re.split(r"[,\s]+", text or "") if part], "")
