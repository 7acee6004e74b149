"""CSV export: every ranked schedule as rows for a spreadsheet, one per schedule and section.

Each row repeats its schedule's rank, score, totals and score breakdown (a `penalty_` column per
wish set), so a spreadsheet can filter and sort rows without losing which schedule they belong to.
"""

import csv
import io
import re

from solver.catalog.clock import format_clock
from solver.catalog.schema import Meeting
from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Result
from solver.render.summary import Summary, clock, summarize_all

COLUMNS = [
    "rank",
    "score",
    "optimal",
    "equally_good",
    "breaks",
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
    """The ranked schedules as CSV text with a header row; no schedules gives the header alone.
    When nothing fits, the rows are the best schedules under the first correction set, and
    `breaks` names the rules they break."""
    buffer = io.StringIO()
    penalties = [f"penalty_{wish.key}" for wish in request.wishes]
    # CRLF ends rows, as RFC 4180 has it; then a field holding either character is quoted too.
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS + penalties, lineterminator="\r\n")
    writer.writeheader()
    shown = result.instead if result.instead is not None else result
    breaks = _text("; ".join(rule.label for rule in shown.dropped))
    for summary in summarize_all(shown, request):
        totals = _totals(summary) | {"breaks": breaks}
        for number in summary.schedule.courses:
            options: list[Option | None] = [
                o for o in summary.schedule.options if o.course == number
            ]
            # A subject without sections still belongs to the schedule: it gets one bare row.
            for option in options or [None]:
                writer.writerow(totals | _section(number, option, request))
    return buffer.getvalue()


def _totals(s: Summary) -> dict[str, object]:
    return {
        "rank": s.rank,
        "score": f"{s.score:g}",
        "optimal": "true" if s.ranked.optimal else "false",
        "equally_good": _equals(s),
        "total_units": s.units,
        "total_days": s.days,
        "weekdays": s.weekdays,
        "first": clock(s.first, ""),
        "last": clock(s.last, ""),
        "idle_minutes": s.idle_minutes,
        "hours_per_week": f"{s.hours_per_week:g}",
    } | {f"penalty_{share.key}": f"{share.score:g}" for share in s.shares}


def _equals(s: Summary) -> str:
    """By subjects: the other arrangements with the same score, `50+` when counting stopped."""
    equals = s.ranked.equals
    return "" if equals is None else f"{equals.count}{'+' if equals.capped else ''}"


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
    meetings = sorted(option.meetings, key=lambda m: (m.day.order, m.start))
    return row | {
        "kind": option.kind.value,
        "sections": option.label,
        "days": "".join(dict.fromkeys(m.day.value for m in meetings)),
        "start": clock(min((m.start for m in meetings), default=None), ""),
        "end": clock(max((m.end for m in meetings), default=None), ""),
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


_FORMULA = re.compile(r"(^|[\r\n])([=+\-@\t\r])")


def _text(value: str) -> str:
    """Text that a spreadsheet would run as a formula, at its start or after a line break, is
    kept as text."""
    return _FORMULA.sub(r"\1'\2", value)
