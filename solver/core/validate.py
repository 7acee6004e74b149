"""An independent check of a schedule against the catalog and the request's rules, without CP-SAT.

It re-derives every rule from its typed spec and the catalog's own sections and meetings (not
from the model's variables, nor from `rules.forbids`), so a bug in the model cannot hide behind
the same bug here. It reads the same rules the model does, so a request with a rule dropped is
judged the same way by both.
"""

from datetime import date
from itertools import combinations
from typing import assert_never

from solver.catalog.campus import campus_of, walk_minutes
from solver.catalog.schema import Catalog, Kind, Meeting, Section, Subject
from solver.core import rules
from solver.core.fields import SectionRef
from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Schedule
from solver.core.rules import Rule


def check_schedule(schedule: Schedule, request: Request) -> list[str]:
    """Every way `schedule` breaks a hard rule or the domain's rules; empty when it is valid."""
    catalog = request.catalog
    problems: list[str] = []
    taken = set(schedule.courses)
    subjects = {n: catalog.subject(n) for n in taken}
    names = {n: _joint_names(n, catalog) for n, s in subjects.items() if s}

    for number in taken:
        subject = subjects[number]
        if subject is None:
            problems.append(f"{number} is not in the catalog")
            continue
        for kind in subject.kinds:
            picked = [o for o in schedule.options if o.course == number and o.kind == kind]
            if len(picked) != 1:
                problems.append(f"{number} needs one {kind} section, has {len(picked)}")
    for option in schedule.options:
        if option.course not in taken:
            problems.append(f"{option.course} {option.label} chosen but {option.course} not taken")
        subject = subjects.get(option.course)
        if subject and not _real_sections(option, subject):
            problems.append(f"{option.course} {option.label} does not match its catalog sections")

    if not _groups_satisfiable(schedule, request):
        problems.append("the elective groups are not satisfied")
    for one, other in combinations(sorted(taken), 2):
        listed = [(x, y) for x, y in ((one, other), (other, one)) if y in _meets_with(subjects[x])]
        if names.get(one, set()) & names.get(other, set()) or listed:
            problems.append(f"{one} and {other} are one subject (joint or meets-with)")
    for a, b in combinations(schedule.options, 2):
        if _times_overlap(a, b) and _dates_overlap(subjects[a.course], subjects[b.course], catalog):
            problems.append(f"{a.course} {a.label} clashes with {b.course} {b.label}")

    meetings = [(f"{o.course} {o.label}", m) for o in schedule.options for m in o.meetings]
    for rule in request.rules:
        problems += _broken(rule, schedule, request, subjects, names, meetings)
    return problems


def _broken(
    rule: Rule,
    schedule: Schedule,
    request: Request,
    subjects: dict[str, Subject | None],
    names: dict[str, set[str]],
    meetings: list[tuple[str, Meeting]],  # each meeting, with its section as shown
) -> list[str]:
    """How `schedule` breaks `rule`, re-derived from the rule's spec and the raw meetings."""
    match rule:
        case rules.Required(subject=number):
            return (
                []
                if any(number in aliases for aliases in names.values())
                else [f"required {number} missing"]
            )
        case rules.Electives():
            return []  # checked with every group at once, in `_groups_satisfiable`
        case rules.Units(low=low, high=high):
            units = sum(s.units.total for s in subjects.values() if s and not s.units.arranged)
            if low is not None and units < low:
                return [f"{units} units, below {low:g}"]
            if high is not None and units > high:
                return [f"{units} units, above {high:g}"]
            return []
        case rules.FreeDay(day=day):
            return [f"{where} meets on free day {day}" for where, m in meetings if m.day == day]
        case rules.Earliest(start=start):
            return [f"{where} starts before the earliest time" for where, m in meetings
                    if m.start < start]  # fmt: skip
        case rules.Latest(end=end):
            return [f"{where} ends after the latest time" for where, m in meetings if m.end > end]
        case rules.Blocked(days=days, start=start, end=end):
            return [
                f"{where} meets in blocked time {rule.name or ''}".rstrip()
                for where, m in meetings
                if m.day in days and m.start < end and start < m.end
            ]
        case rules.Exclude(subject=number, ref=ref):
            # Each section an option offers must be allowed on its own: R02 is not excluded
            # by `exclude: [R01]` for meeting at R01's time.
            return [
                f"{number} {section.id} is excluded"
                for section in _offered(schedule, number, subjects)
                if ref.matches((section.id,), section.meetings)
            ]
        case rules.Lock(subject=number, refs=refs):
            subject = request.catalog.subject(number)
            kinds = _named_kinds(refs, subject) if subject else set()
            return [
                f"{number} {section.id} is not a locked section"
                for section in _offered(schedule, number, subjects)
                if section.kind in kinds
                and not any(ref.matches((section.id,), section.meetings) for ref in refs)
            ]
        case rules.MaxWalk():
            return _long_walks(rule, schedule, request, subjects)
        case rules.MaxInARow(minutes=limit, within=within):
            return _long_runs(schedule, request, limit, within)
        case rules.MaxDays(days=most):
            used = {m.day for _, m in meetings}
            return [f"class on {len(used)} days, more than {most}"] if len(used) > most else []
        case rules.DailyHours(hours=hours):
            return _daily(schedule, request, hours)
        case rules.Coreqs(subject=number, ways=ways):
            courses = set(schedule.courses)
            if number in courses and not any(set(way) <= courses for way in ways):
                return [f"{number} without its coreqs"]
            return []
        case rules.Workload(hours=limit):
            hours = sum(
                (s.hours if s.hours is not None else (0 if s.units.arranged else s.units.total))
                for s in subjects.values()
                if s
            )
            if round(hours * 100) > round(limit * 100):
                return [f"workload {hours:g} h/week above {limit:g}"]
            return []
        case _:
            assert_never(rule)


def _offered(schedule: Schedule, number: str, subjects: dict[str, Subject | None]) -> list[Section]:
    """The catalog sections the schedule's options of `number` offer, each a choice."""
    subject = subjects.get(number)
    ids = {i for o in schedule.options if o.course == number for i in o.ids}
    return [s for s in subject.sections if s.id in ids] if subject else []


def _long_walks(
    rule: rules.MaxWalk, schedule: Schedule, request: Request, subjects: dict[str, Subject | None]
) -> list[str]:
    """Back-to-back meetings of any two sections offered, in buildings farther apart than the
    walk allows, re-derived from the sections' rooms and the map."""
    catalog = request.catalog
    campus = request.campus or campus_of(catalog)
    offered = [(n, s) for n in schedule.courses for s in _offered(schedule, n, subjects)]
    problems = []
    for (n, a), (m, b) in combinations(offered, 2):
        if (n, a.kind) == (m, b.kind):
            continue  # two sections of one choice are never taken together
        if not any(
            p.day == q.day and 0 <= q.start - p.end <= rule.within
            for x, y in ((a, b), (b, a))
            for p in x.meetings
            for q in y.meetings
        ) or not _dates_overlap(subjects[n], subjects[m], catalog):
            continue
        places = [{campus.building_of(room) for room in s.rooms} for s in (a, b)]
        here, there = (found.pop() if len(found) == 1 else None for found in places)
        if here is None or there is None:
            continue  # an unknown or ambiguous place never blocks a schedule
        minutes = walk_minutes(campus.meters(here, there), rule.speed)
        if minutes > rule.minutes:
            problems.append(f"{minutes} min walk between {n} {a.id} and {m} {b.id}")
    return problems


def _long_runs(schedule: Schedule, request: Request, limit: int, within: float) -> list[str]:
    problems = []
    for segment in range(request.segment_count):
        meetings = sorted(
            (m.day.order, m.start, m.end)
            for o in schedule.options
            if segment in o.segments
            for m in o.meetings
        )
        day = begin = end = -1
        for this_day, start, stop in meetings:
            if this_day != day or start - end > within:
                day, begin, end = this_day, start, stop
            end = max(end, stop)
            if end - begin > limit:
                problems.append(f"{(end - begin) / 60:g} hours of class in a row")
                break
    return problems


def _meets_with(subject: Subject | None) -> tuple[str, ...]:
    return subject.meets_with if subject else ()


def _named_kinds(refs: tuple[SectionRef, ...], subject: Subject) -> set[Kind]:
    """A lock constrains only the kinds of the catalog sections it names."""
    return {
        section.kind
        for section in subject.sections
        for ref in refs
        if ref.matches((section.id,), section.meetings)
    }


def _daily(schedule: Schedule, request: Request, hours: float) -> list[str]:
    problems = []
    for segment in range(request.segment_count):
        per_day: dict[str, int] = {}
        for option in schedule.options:
            if segment in option.segments:
                for m in option.meetings:
                    per_day[m.day] = per_day.get(m.day, 0) + m.minutes
        for day, minutes in per_day.items():
            if minutes > hours * 60:
                problems.append(f"{minutes / 60:g} class hours on {day}")
    return problems


def _joint_names(number: str, catalog: Catalog) -> set[str]:
    """A number and every number joint with it, whichever subject lists the cross-listing."""
    linked = _cross_listings(catalog)
    names, todo = {number}, [number]
    while todo:
        for other in linked.get(todo.pop(), set()) - names:
            names.add(other)
            todo.append(other)
    return names


_last_listings: list[tuple[Catalog, dict[str, set[str]]]] = []


def _cross_listings(catalog: Catalog) -> dict[str, set[str]]:
    """Joint numbers as an undirected graph, built once per (frozen) catalog: the brute-force
    enumerator checks thousands of schedules against one catalog."""
    if not _last_listings or _last_listings[0][0] is not catalog:
        linked: dict[str, set[str]] = {}
        for subject in catalog.subjects:
            for other in subject.same_as:
                linked.setdefault(subject.number, set()).add(other)
                linked.setdefault(other, set()).add(subject.number)
        _last_listings[:] = [(catalog, linked)]
    return _last_listings[0][1]


def _real_sections(option: Option, subject: Subject) -> bool:
    sections = [s for s in subject.sections if s.id in option.ids]
    return len(sections) == len(option.ids) and all(
        sorted(s.meetings, key=lambda m: (m.day.order, m.start)) == list(option.meetings)
        and s.kind == option.kind
        for s in sections
    )


def _times_overlap(a: Option, b: Option) -> bool:
    return any(
        m.day == n.day and m.start < n.end and n.start < m.end
        for m in a.meetings
        for n in b.meetings
    )


def _date_range(subject: Subject | None, catalog: Catalog) -> tuple[date, date]:
    dates = catalog.dates
    start, end = date.min, date.max
    if subject is None:
        return start, end
    if dates is None:  # no calendar: halves only
        middle = date(2000, 1, 1)
        if subject.half == "first":
            return start, middle
        if subject.half == "second":
            return date(2000, 1, 2), end
        return start, end
    if subject.half == "first" and dates.first_half_end:
        end = dates.first_half_end
    if subject.half == "second" and dates.second_half_start:
        start = dates.second_half_start
    return subject.starts or start, subject.ends or end


def _dates_overlap(a: Subject | None, b: Subject | None, catalog: Catalog) -> bool:
    (a_start, a_end), (b_start, b_end) = _date_range(a, catalog), _date_range(b, catalog)
    return a_start <= b_end and b_start <= a_end


def _groups_satisfiable(schedule: Schedule, request: Request) -> bool:
    """Can the non-required courses be assigned to groups, one each, meeting every bound still
    in force (a group whose rule was dropped takes any number)?"""
    extra = [n for n in schedule.courses if n not in request.ungrouped]
    groups = request.groups
    bounds = [request.bounds(g) for g in range(len(groups))]
    counts = [0] * len(groups)

    def assign(i: int) -> bool:
        if i == len(extra):
            return all(low <= c <= high for (low, high), c in zip(bounds, counts, strict=True))
        for g, group in enumerate(groups):
            if extra[i] in group.members and counts[g] < bounds[g][1]:
                counts[g] += 1
                if assign(i + 1):
                    return True
                counts[g] -= 1
        return False

    return assign(0)
