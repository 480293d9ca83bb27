"""Processing deadlines in Vietnamese working days (Asia/Ho_Chi_Minh).

Working day = Monday–Friday, minus Vietnamese public holidays (the ``holidays`` package,
country VN: Tết, Giỗ Tổ with its substitute day, 30/4, 1/5, 2/9 and its adjacent day, …),
then corrected by the government's yearly swaps (ngày nghỉ hoán đổi / ngày làm bù) from the
versioned file ``data/working_day_swaps.json``. A swap always wins over the computed rule,
so a make-up Saturday counts as a working day and a swapped weekday does not.

Conventions (documented choices):
- Effective receipt day: a dossier received on a non-working day, or after the cut-off on a
  working day, counts as received on the next working day. The cut-off is 15:00 local time
  with the 15:00 rule (``rule_15h=True``, e.g. civil-status procedures) and the end of the
  office day (17:00) without it. "After" is strict: 15:00:00 exactly is still the same day.
- Counting starts the working day *after* the effective receipt day: received Monday,
  3 working days → due Thursday. ``working_days == 0`` means same day: due at the end of
  the effective receipt day.
- Due time of day: ``DUE_TIME`` = 17:00 local, the end of a public office's working day.
"""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Mapping
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "VN_TZ",
    "CUTOFF_15H",
    "DUE_TIME",
    "SWAPS_PATH",
    "working_day_swaps",
    "swaps_version",
    "is_working_day",
    "add_working_days",
    "next_working_day",
    "effective_receipt_day",
    "due_at",
]

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CUTOFF_15H = time(15, 0)
DUE_TIME = time(17, 0)  # end of the office day; also the cut-off when the 15:00 rule is off
SWAPS_PATH = Path(__file__).parent / "data" / "working_day_swaps.json"

SwapKind = Literal["day_off", "working_day"]
_KINDS = ("day_off", "working_day")

# Expands to each year on first lookup; public holidays only (no observances).
_VN_HOLIDAYS = holidays.country_holidays("VN")


@lru_cache(maxsize=1)
def _load_swaps() -> tuple[str, Mapping[date, SwapKind]]:
    raw = json.loads(SWAPS_PATH.read_text(encoding="utf-8"))
    swaps: dict[date, SwapKind] = {}
    for entry in raw["swaps"]:
        day = date.fromisoformat(entry["date"])
        kind = entry["kind"]
        if kind not in _KINDS:
            raise ValueError(f"{SWAPS_PATH.name}: {entry['date']}: unknown kind {kind!r}")
        if day in swaps:
            raise ValueError(f"{SWAPS_PATH.name}: {entry['date']}: listed twice")
        swaps[day] = kind
    return str(raw["version"]), MappingProxyType(swaps)


def working_day_swaps() -> Mapping[date, SwapKind]:
    """Date → "day_off" | "working_day", from the versioned swaps file."""
    return _load_swaps()[1]


def swaps_version() -> str:
    return _load_swaps()[0]


def _plain_date(d: date) -> date:
    # datetime is a date subclass; silently dropping its time and zone would hide bugs.
    if isinstance(d, datetime):
        raise TypeError("expected a date, got a datetime (convert to local date first)")
    return d


def is_working_day(d: date) -> bool:
    """True if public offices work on this calendar date."""
    d = _plain_date(d)
    swap = working_day_swaps().get(d)
    if swap is not None:
        return swap == "working_day"
    return d.weekday() < 5 and d not in _VN_HOLIDAYS


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    d = _plain_date(d) + timedelta(days=1)
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_working_days(d: date, n: int) -> date:
    """The n-th working day strictly after ``d`` (``d`` itself need not be a working day).

    ``n == 0`` returns ``d`` unchanged. Negative ``n`` is rejected.
    """
    d = _plain_date(d)
    if n < 0:
        raise ValueError("n must be >= 0")
    for _ in range(n):
        d = next_working_day(d)
    return d


def _to_local(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment.astimezone(VN_TZ)


def effective_receipt_day(received_at: datetime, rule_15h: bool) -> date:
    """The working day on which a dossier counts as received (see module docstring)."""
    local = _to_local(received_at, "received_at")
    day = local.date()
    cutoff = CUTOFF_15H if rule_15h else DUE_TIME
    if not is_working_day(day) or local.time() > cutoff:
        return next_working_day(day)
    return day


def due_at(received_at: datetime, working_days: int, rule_15h: bool) -> datetime:
    """Due moment (Asia/Ho_Chi_Minh, ``DUE_TIME``) for a dossier received at ``received_at``.

    ``received_at`` must be timezone-aware (any zone; it is converted).
    """
    if working_days < 0:
        raise ValueError("working_days must be >= 0")
    start = effective_receipt_day(received_at, rule_15h)
    return datetime.combine(add_working_days(start, working_days), DUE_TIME, tzinfo=VN_TZ)
