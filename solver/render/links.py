"""A schedule as a Hydrant share link: it opens in Hydrant with exactly its sections chosen, and
the student's blocked times as custom activities (`solver.catalog.hydrant_link` writes it)."""

from collections import defaultdict

from solver.catalog.hydrant_link import Activity, section_indexes, share_link
from solver.catalog.schema import Kind
from solver.core.request import Request
from solver.core.results import Result, Schedule
from solver.core.rules import Blocked


def hydrant_url(schedule: Schedule, request: Request) -> str:
    """The Hydrant link of `schedule` (sections merged by time, R03/R05: the first)."""
    classes = []
    for number in schedule.courses:
        chosen: dict[Kind, list[str]] = defaultdict(list)
        for option in schedule.options:
            if option.course == number:
                chosen[option.kind] += option.ids
        classes.append((number, section_indexes(request.courses[number].subject, chosen)))
    busy = [
        Activity(rule.name or "blocked", rule.days, rule.start, rule.end)
        for rule in request.rules
        if isinstance(rule, Blocked)
    ]
    return share_link(request.catalog.term, classes, busy)


def link_lines(result: Result, request: Request) -> dict[int, list[str]]:
    """A `hydrant: URL` line for each row the table shows (those under the first correction
    when nothing fits), by rank."""
    shown = result.instead if result.instead and result.instead.schedules else result
    return {r.rank: [f"hydrant: {hydrant_url(r.schedule, request)}"] for r in shown.schedules}
