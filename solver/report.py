"""Rendering ranked schedules: the table, the score breakdown, the weekly grid, and JSON.

Pure functions from results to strings; printing is the CLI's job.
"""

import json

from tabulate import tabulate

from solver.catalog import Catalog, Day, Kind, format_clock
from solver.ranking import Ranked, Result
from solver.request import Request, Rule
from solver.score import POINTS_PER_UNIT, Schedule, breakdown, day_spans, metrics

WISH_TITLES = {
    "fewer_days": "days",
    "fewer_gaps": "gaps",
    "later_start": "early",
    "earlier_end": "late",
    "lunch": "lunch",
    "avoid_evenings": "evening",
    "free_day": "free day",
    "likes": "likes",
}


def score(points: int) -> float:
    return round(points / POINTS_PER_UNIT, 4)


def _clock(minutes: int | None) -> str:
    return "-" if minutes is None else format_clock(minutes)


def _days(schedule: Schedule) -> str:
    used = day_spans(schedule.meetings)
    return "".join(day for day in Day if day in used) or "-"


def course_line(schedule: Schedule, number: str, request: Request) -> str:
    """`6.1210 L01 R03/R05`, with `(1st half)` and TBA noted where they apply."""
    course = request.courses[number]
    parts = [number]
    for option in schedule.options:
        if option.course == number:
            parts.append(option.label + (" (TBA)" if option.tba and not option.meetings else ""))
    if course.subject.half:
        parts.append(f"({course.subject.half} half)")
    return " ".join(parts)


def render_table(result: Result, request: Request) -> str:
    """The ranked table: one row per schedule, best first."""
    rows = []
    for ranked in result.schedules:
        schedule = ranked.schedule
        m = metrics(schedule, request.courses)
        rows.append([
            f"{ranked.rank}{'' if ranked.optimal else '*'}",
            f"{score(ranked.points):.2f}",
            "\n".join(course_line(schedule, n, request) for n in schedule.courses) or "(none)",
            m.units,
            f"{m.days} {_days(schedule)}",
            _clock(m.first_start),
            _clock(m.last_end),
            m.idle_minutes,
            f"{m.hours_per_week:g}",
        ])  # fmt: skip
    headers = ["#", "score", "subjects and sections", "units", "days", "first", "last",
               "idle min", "h/week"]  # fmt: skip
    table = tabulate(rows, headers=headers, tablefmt="simple_grid", disable_numparse=True)
    if any(not r.optimal for r in result.schedules):
        table += "\n* not proven optimal: the time limit stopped the search first"
    return table


def render_breakdown(result: Result, request: Request) -> str:
    """Each wish's share of each score, so the student sees why #1 beat #2."""
    shares = [breakdown(r.schedule, request) for r in result.schedules]
    wishes = list(dict.fromkeys(k for share in shares for k in share))
    if not wishes:
        return "score: no soft wishes set, so every schedule scores 0 (listed in subject order)"
    rows = [
        [r.rank, *(f"{score(share[w]):g}" for w in wishes), f"{score(r.points):g}"]
        for r, share in zip(result.schedules, shares, strict=True)
    ]
    headers = ["#", *(WISH_TITLES.get(w, w) for w in wishes), "= score"]
    return "score breakdown (penalty; lower is better):\n" + tabulate(
        rows, headers=headers, tablefmt="simple", disable_numparse=True
    )


def render_grid(ranked: Ranked, request: Request) -> str:
    """The week of one schedule: days across, half-hour rows down."""
    schedule = ranked.schedule
    meetings = [(o, m) for o in schedule.options for m in o.meetings]
    if not meetings:
        return f"#{ranked.rank}: no timed meetings"
    days = [d for d in Day if d.index < 5 or any(m.day == d for _, m in meetings)]
    first = min(m.start for _, m in meetings) // 30 * 30
    last = max(m.end for _, m in meetings)
    rows = []
    for slot in range(first, last, 30):
        row = [format_clock(slot)]
        for day in days:
            here = [
                _cell(o, request)
                for o, m in meetings
                if m.day == day and m.start < slot + 30 and slot < m.end
            ]
            row.append(" / ".join(here))
        rows.append(row)
    title = f"#{ranked.rank}  score {score(ranked.points):g}"
    tba = [course_line(schedule, o.course, request) for o in schedule.options if o.tba]
    grid = tabulate(rows, headers=["", *days], tablefmt="simple_grid", disable_numparse=True)
    note = f"\nalso, time to be arranged: {', '.join(dict.fromkeys(tba))}" if tba else ""
    return f"{title}\n{grid}{note}"


def _cell(option, request: Request) -> str:
    half = request.courses[option.course].subject.half
    mark = {"first": " (1H)", "second": " (2H)"}.get(half or "", "")
    return f"{option.course} {option.kind.letter}{mark}"


def describe_conflict(conflict: tuple[Rule, ...]) -> str:
    """`required 8.02, free day F and earliest 10:00 cannot all hold`."""
    labels = [rule.label for rule in conflict]
    if not labels:
        return "no schedule fits: the subjects' own sections always clash"
    if len(labels) == 1:
        return f"no schedule fits: {labels[0]} cannot hold"
    return f"no schedule fits: {', '.join(labels[:-1])} and {labels[-1]} cannot all hold"


def render_json(result: Result, request: Request, catalog: Catalog) -> str:
    schedules = []
    for ranked in result.schedules:
        schedule = ranked.schedule
        m = metrics(schedule, request.courses)
        schedules.append({
            "rank": ranked.rank,
            "score": score(ranked.points),
            "optimal": ranked.optimal,
            "units": m.units,
            "subjects": list(schedule.courses),
            "sections": [_section_json(o, request) for o in schedule.options],
            "metrics": {
                "days": m.days,
                "first_start": None if m.first_start is None else format_clock(m.first_start),
                "last_end": None if m.last_end is None else format_clock(m.last_end),
                "idle_minutes": m.idle_minutes,
                "hours_per_week": m.hours_per_week,
            },
            "breakdown": {k: score(v) for k, v in breakdown(schedule, request).items()},
        })  # fmt: skip
    infeasible = None
    if result.conflict is not None:
        infeasible = {
            "rules": [rule.label for rule in result.conflict],
            "message": describe_conflict(result.conflict),
        }
    document = {
        "catalog": {"term": catalog.term, "source": catalog.source},
        "schedules": schedules,
        "infeasible": infeasible,
    }
    return json.dumps(document, indent=2)


def _section_json(option, request: Request) -> dict:
    return {
        "subject": option.course,
        "kind": Kind(option.kind).value,
        "ids": list(option.ids),
        "half": request.courses[option.course].subject.half,
        "tba": option.tba,
        "rooms": list(option.rooms),
        "meetings": [
            {"day": m.day.value, "start": format_clock(m.start), "end": format_clock(m.end)}
            for m in option.meetings
        ],
    }


def _count(outcome) -> str:
    return f"{outcome.count}{'+' if outcome.capped else ''}"


def render_what_if(answer) -> str:
    """For each hard rule: the schedules and best score without it, against now."""
    now = answer.now
    best_now = "none fits" if now.best is None else f"best score {score(now.best):g}"
    rows = []
    for rule, without in answer.without:
        more = without.count - now.count
        action = (
            f"make {rule.subject} optional" if rule.kind == "required" else f"drop {rule.label}"
        )
        rows.append([
            action,
            _count(without),
            ("+" if more > 0 else "") + f"{more}{'+' if without.capped else ''}",
            "-" if without.best is None else f"{score(without.best):g}",
        ])  # fmt: skip
    headers = ["what if you", "schedules", "more", "best score"]
    table = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    return f"what if (now: {_count(now)} schedules fit, {best_now}):\n{table}"
