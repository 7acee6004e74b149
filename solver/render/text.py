"""The terminal views: the ranked table, the score breakdown, the weekly grid, the conflict and
the what-if table. Pure functions from results to strings; printing is the CLI's job.
"""

from tabulate import tabulate

from solver.catalog.clock import format_clock
from solver.catalog.schema import Day
from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Outcome, Ranked, Result, Schedule, WhatIf
from solver.core.rules import Required, Rule
from solver.core.score import score
from solver.render.summary import FACTS, summarize_all


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
    rows = [
        [
            f"{s.rank}{s.star}",
            f"{s.score:.2f}",
            "\n".join(course_line(s.schedule, n, request) for n in s.schedule.courses) or "(none)",
            *s.facts(),
        ]
        for s in summarize_all(result, request)
    ]
    headers = ["#", "score", "subjects and sections", *FACTS]
    table = tabulate(rows, headers=headers, tablefmt="simple_grid", disable_numparse=True)
    if any(not r.optimal for r in result.schedules):
        table += "\n* not proven optimal: the time limit stopped the search first"
    return table


def render_breakdown(result: Result, request: Request) -> str:
    """Each wish's share of each score, so the student sees why #1 beat #2."""
    summaries = summarize_all(result, request)
    if not request.wishes:
        return "score: no soft wishes set, so every schedule scores 0 (listed in subject order)"
    rows = [
        [s.rank, *(f"{share.score:g}" for share in s.shares), f"{s.score:g}"] for s in summaries
    ]
    headers = ["#", *(wish.title for wish in request.wishes), "= score"]
    return "score breakdown (penalty; lower is better):\n" + tabulate(
        rows, headers=headers, tablefmt="simple", disable_numparse=True
    )


def render_grid(ranked: Ranked, request: Request) -> str:
    """The week of one schedule: days across, half-hour rows down."""
    schedule = ranked.schedule
    meetings = [(o, m) for o in schedule.options for m in o.meetings]
    if not meetings:
        return f"#{ranked.rank}: no timed meetings"
    days = [d for d in Day if d.order < 5 or any(m.day == d for _, m in meetings)]
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


def _cell(option: Option, request: Request) -> str:
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


def _count(outcome: Outcome) -> str:
    return f"{outcome.count}{'+' if outcome.capped else ''}"


def render_what_if(answer: WhatIf) -> str:
    """For each hard rule: the schedules and best score without it, against now."""
    now = answer.now
    best_now = "none fits" if now.best is None else f"best score {score(now.best):g}"
    rows = []
    for rule, without in answer.without:
        more = without.count - now.count
        action = (
            f"make {rule.subject} optional" if isinstance(rule, Required) else f"drop {rule.label}"
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
