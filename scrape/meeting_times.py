"""MIT meeting-time notation to typed meetings and back: the only code that reads strings such as
"TR9.30-11", "W EVE (7-9 PM)" or FireRoad's "26-100/TR/0/11-12.30" (MIT-FORMATS.md §2).
"""

import re
from dataclasses import dataclass, field

from scrape.errors import MeetingTimeError
from solver.catalog.clock import format_clock
from solver.catalog.schema import Day, Meeting

NOON = 12 * 60
EVENING = 18 * 60  # the catalog writes EVE whenever a meeting ends at or after 6 PM
DAY_END = 24 * 60

_TIME = r"\d{1,2}(?:\.\d{2})?"
_SPAN = rf"(?P<start>{_TIME})(?:-(?P<end>{_TIME}))?"
_DAYS = r"(?P<days>[MTWRFSU]+)"
# Catalog style: "MW9.30-11" (daytime, no AM/PM) or "TR EVE (7-9 PM)" (evening).
_CATALOG_DAYTIME = re.compile(rf"{_DAYS}\s*{_SPAN}")
_CATALOG_EVENING = re.compile(rf"{_DAYS}\s*EVE\s*\(\s*{_SPAN}\s*PM\s*\)")
# FireRoad style, the time field of one DAYS/flag/time group: flag 0 "11-12.30", flag 1 "7-9 PM".
_FIREROAD_DAYS = re.compile(_DAYS)
_FIREROAD_DAYTIME = re.compile(_SPAN)
_FIREROAD_EVENING = re.compile(rf"{_SPAN}\s*PM")
_TBA_WORDS = {"TBA", "TBD", "TO BE ARRANGED"}


@dataclass(frozen=True)
class FireroadEntry:
    """One FireRoad/Hydrant raw section: its room (none when empty or TBA) and weekly meetings."""

    rooms: list[str] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    tba: bool = False  # no time yet: "TBA", or a room with no day/time groups ("TBD")


def is_tba(text: str) -> bool:
    """Whether a time spec means "to be arranged" rather than a time ("TBA", "TBD", "TBA.")."""
    return text.strip().rstrip(".").strip().upper() in _TBA_WORDS


def parse_times(text: str) -> list[Meeting]:
    """Read one section alternative in catalog notation ("MW9.30-11,F10", "TR EVE (7-9 PM)").

    Rooms must already be stripped off. Meetings come back sorted by day, then start.
    """
    if not text.strip():
        raise _error(text, "it is empty")
    if is_tba(text):
        raise _error(text, "it is TBA, which has no time (check is_tba first)")
    meetings: list[Meeting] = []
    for group in text.split(","):
        meetings.extend(_parse_catalog_group(group.strip(), text))
    return sorted(meetings, key=meeting_order)


def parse_fireroad(raw: str) -> FireroadEntry:
    """Read one FireRoad raw section: `TBA`, or `room/DAYS/flag/time[/DAYS/flag/time...]`."""
    text = raw.strip()
    if not text:
        raise _error(raw, "it is empty")
    if ";" in text:
        # FireRoad separates sections with ';': inside one entry it means two got glued together.
        raise _error(raw, "';' inside one section (two sections glued together)")
    if text == "TBA":
        return FireroadEntry(tba=True)
    room, *fields = text.split("/")
    rooms = [room.strip()] if room.strip() else []
    if not fields:
        # A room and no time at all, e.g. "TBD": the time is still to be arranged.
        return FireroadEntry(rooms=rooms, tba=True)
    if len(fields) % 3:
        raise _error(raw, "expected room/DAYS/flag/time with DAYS/flag/time repeated")
    meetings: list[Meeting] = []
    for at in range(0, len(fields), 3):
        days, flag, time = fields[at : at + 3]
        meetings.extend(_parse_fireroad_group(days, flag, time, raw))
    return FireroadEntry(rooms=rooms, meetings=sorted(meetings, key=meeting_order))


def format_times(meetings: list[Meeting]) -> str:
    """Write meetings in catalog notation, days sharing a time grouped: "TR11-12.30,F2".

    The inverse of `parse_times` for every meeting the notation can express; raises
    `MeetingTimeError` for one it cannot (starting before 6 AM, or ending at midnight).
    """
    if not meetings:
        raise MeetingTimeError("cannot write an empty list of meetings in MIT notation")
    spans: dict[tuple[int, int], list[Day]] = {}
    for meeting in sorted(meetings, key=meeting_order):
        days = spans.setdefault((meeting.start, meeting.end), [])
        if meeting.day not in days:
            days.append(meeting.day)
    return ",".join(
        "".join(day.value for day in days) + _format_span(start, end)
        for (start, end), days in spans.items()
    )


def meeting_order(meeting: Meeting) -> tuple[int, int, int]:
    """Sort key for meetings: day of the week, then start, then end."""
    return (meeting.day.order, meeting.start, meeting.end)


def _parse_catalog_group(group: str, text: str) -> list[Meeting]:
    if match := _CATALOG_EVENING.fullmatch(group):
        start, end = _evening_span(match["start"], match["end"], text)
    elif match := _CATALOG_DAYTIME.fullmatch(group):
        start, end = _daytime_span(match["start"], match["end"], text)
    else:
        raise _error(text, f"{group!r} is not DAYS followed by a time such as 'TR9.30-11'")
    return _meetings(match["days"], start, end, text)


def _parse_fireroad_group(days: str, flag: str, time: str, raw: str) -> list[Meeting]:
    if not _FIREROAD_DAYS.fullmatch(days):
        raise _error(raw, f"{days!r} is not a run of day letters MTWRFSU")
    if flag == "0" and (match := _FIREROAD_DAYTIME.fullmatch(time.strip())):
        start, end = _daytime_span(match["start"], match["end"], raw)
    elif flag == "1" and (match := _FIREROAD_EVENING.fullmatch(time.strip())):
        start, end = _evening_span(match["start"], match["end"], raw)
    elif flag not in ("0", "1"):
        raise _error(raw, f"flag {flag!r} is neither 0 (daytime) nor 1 (evening)")
    else:
        raise _error(raw, f"{time!r} is not a time such as '11-12.30' or '7-9 PM'")
    return _meetings(days, start, end, raw)


def _daytime_span(start_text: str, end_text: str | None, text: str) -> tuple[int, int]:
    """Times without AM/PM: a start of 6-11 is morning, 12 noon, 1-5 afternoon.

    The end is the first time on the clock after the start, so "11-2" ends at 14:00 and "9-5"
    at 17:00, while "6-9" (ROTC) stays in the morning.
    """
    hour, minute = _clock(start_text, text)
    start = (hour + 12 if hour <= 5 else hour) * 60 + minute
    if end_text is None:
        return start, start + 60
    end = _twelve_hour(end_text, text)
    while end <= start:
        end += NOON
    return start, end


def _evening_span(start_text: str, end_text: str | None, text: str) -> tuple[int, int]:
    """Times inside EVE (... PM) are all PM, except a start after the end ("11-2 PM") is AM."""
    start = _twelve_hour(start_text, text) + NOON
    if end_text is None:
        return start, start + 60
    end = _twelve_hour(end_text, text) + NOON
    if start >= end:
        start -= NOON
    return start, end


def _twelve_hour(text: str, whole: str) -> int:
    """Minutes past 12 o'clock on a 12-hour dial: "12.30" -> 30, "2" -> 120."""
    hour, minute = _clock(text, whole)
    return (hour % 12) * 60 + minute


def _clock(text: str, whole: str) -> tuple[int, int]:
    hour, _, minute = text.partition(".")
    if not 1 <= int(hour) <= 12 or int(minute or 0) >= 60:
        raise _error(whole, f"{text!r} is not a time on a 12-hour clock")
    return int(hour), int(minute or 0)


def _meetings(days: str, start: int, end: int, text: str) -> list[Meeting]:
    if end > DAY_END:
        raise _error(text, "it runs past midnight")
    # A repeated letter adds nothing: s25 has "TTRR" for Tuesday and Thursday (2.22).
    return [Meeting(day=Day(letter), start=start, end=end) for letter in dict.fromkeys(days)]


def _format_span(start: int, end: int) -> str:
    if end < EVENING:
        if start < 6 * 60:
            # A bare 5 means 17:00, so nothing before 6 AM has a spelling.
            raise _unwritable(start, end)
        return _format_pair(start, end)
    if end >= DAY_END or (start < NOON and end - start > NOON):
        # "EVE (5-7 PM)" reads 5 as 17:00, so 05:00-19:00 has no spelling either.
        raise _unwritable(start, end)
    return f" EVE ({_format_pair(start, end)} PM)"


def _format_pair(start: int, end: int) -> str:
    if end - start == 60:
        return _format_clock(start)
    return f"{_format_clock(start)}-{_format_clock(end)}"


def _format_clock(minutes: int) -> str:
    hour = minutes // 60 % 12 or 12
    return f"{hour}.{minutes % 60:02d}" if minutes % 60 else str(hour)


def _unwritable(start: int, end: int) -> MeetingTimeError:
    span = f"{format_clock(start)}-{format_clock(end)}"
    return MeetingTimeError(f"cannot write a meeting at {span} in MIT notation")


def _error(text: str, reason: str) -> MeetingTimeError:
    return MeetingTimeError(f"could not parse meeting time {text!r}: {reason}")
