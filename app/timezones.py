"""Time zones by IANA name ("Europe/London"), so a planned session keeps its
wall-clock time across daylight-saving changes and in calendar files."""

from __future__ import annotations

import os
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

FALLBACK = "UTC"


def zone(name: str) -> ZoneInfo:
    """The zone called `name`; UTC when this computer does not know it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        return ZoneInfo(FALLBACK)


def is_known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        return False
    return True


@lru_cache(maxsize=1)
def local_zone_name() -> str:
    """This computer's zone: $TZ, /etc/timezone, the /etc/localtime link,
    or Windows' own setting; UTC if none can be named."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    candidates.append(_windows_zone())
    return next((c for c in candidates if c and is_known(c)), FALLBACK)


def _windows_zone() -> str:
    """Windows names its zones differently; Qt (already loaded there) maps them."""
    try:
        from PySide6.QtCore import QTimeZone
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        return ""
    return bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "ignore")


def zone_names() -> list[str]:
    """Every zone this computer knows, for a picker."""
    return sorted(available_timezones())


def local_datetime(day: date, at: time, zone_name: str) -> datetime:
    """A wall-clock date and time in a zone, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=zone(zone_name))
