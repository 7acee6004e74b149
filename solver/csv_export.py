"""CSV export: every ranked schedule as rows for a spreadsheet, one per schedule and section.

Each row repeats its schedule's rank, score and totals, so a spreadsheet can filter and sort
rows without losing which schedule they belong to.
"""

import csv
import io

from solver.catalog import Day, Meeting, format_clock
from solver.options import Option
from solver.ranking import Ranked, Result
from solver.report import score
from solver.request import Request
from solver.score import day_spans, metrics

COLUMNS = [
    "rank",
    "score",
    "optimal",
    "subject",
    "title",
    "kind",
    "sections",
    "half",
    "days",
    "start",
    "end",
    "meetings",
    "rooms",
    "units",
    "total_units",
    "total_days",
    "weekdays",
    "first",
    "last",
    "idle_minutes",
    "hours_per_week",
]


def render_csv(result: Result, request: Request) -> str:
    """The ranked schedules as CSV text with a header row; no schedules gives the header alone."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for ranked in result.schedules:
        totals = _totals(ranked, request)
        for number in ranked.schedule.courses:
            options = [o for o in ranked.schedule.options if o.course == number]
            # A subject without sections still belongs to the schedule: it gets one bare row.
            for option in options or [None]:
                writer.writerow(totals | _section(number, option, request))
    return buffer.getvalue()


def _totals(ranked: Ranked, request: Request) -> dict[str, object]:
    schedule = ranked.schedule
    m = metrics(schedule, request.courses)
    used = day_spans(schedule.meetings)
    return {
        "rank": ranked.rank,
        "score": f"{score(ranked.points):g}",
        "optimal": "true" if ranked.optimal else "false",
        "total_units": m.units,
        "total_days": m.days,
        "weekdays": "".join(day for day in Day if day in used),
        "first": _clock(m.first_start),
        "last": _clock(m.last_end),
        "idle_minutes": m.idle_minutes,
        "hours_per_week": f"{m.hours_per_week:g}",
    }


def _section(number: str, option: Option | None, request: Request) -> dict[str, object]:
    subject = request.courses[number].subject
    row: dict[str, object] = {
        "subject": number,
        "title": _text(subject.title),
        "half": subject.half or "full",
        "units": "arranged" if subject.units.arranged else subject.units.total,
    }
    if option is None:
        return row
    meetings = sorted(option.meetings, key=lambda m: (m.day.index, m.start))
    return row | {
        "kind": option.kind.value,
        "sections": option.label,
        "days": "".join(dict.fromkeys(m.day.value for m in meetings)),
        "start": _clock(min((m.start for m in meetings), default=None)),
        "end": _clock(max((m.end for m in meetings), default=None)),
        "meetings": ", ".join(_summary(meetings) + (["TBA"] if option.tba else [])),
        "rooms": _text(" / ".join(option.rooms)),
    }


def _summary(meetings: list[Meeting]) -> list[str]:
    """Meetings grouped by time: `TR 11:00-12:30`, or `MW 10:00-11:00, F 14:00-15:00`."""
    days_at: dict[tuple[int, int], str] = {}
    for meeting in meetings:
        key = (meeting.start, meeting.end)
        days_at[key] = days_at.get(key, "") + meeting.day.value
    return [f"{days} {format_clock(a)}-{format_clock(b)}" for (a, b), days in days_at.items()]


def _clock(minutes: int | None) -> str:
    return "" if minutes is None else format_clock(minutes)


def _text(value: str) -> str:
    """Catalog text that a spreadsheet would run as a formula is kept as text."""
    return f"'{value}" if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value
