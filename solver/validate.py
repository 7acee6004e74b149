"""An independent check of a schedule against the catalog and the preferences, without CP-SAT.

It re-derives every rule from the preferences and the raw meetings (not from the model's
precomputed sets), so a bug in the model cannot hide behind the same bug here.
"""

from datetime import date
from itertools import combinations

from solver.catalog import Catalog, Subject
from solver.options import Option
from solver.request import Request
from solver.score import Schedule


def check_schedule(schedule: Schedule, request: Request, catalog: Catalog) -> list[str]:
    """Every way `schedule` breaks a hard rule or the domain's rules; empty when it is valid."""
    prefs = request.preferences
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

    for number in prefs.required:
        if not any(number in aliases for aliases in names.values()):
            problems.append(f"required {number} missing")
    if not _groups_satisfiable(schedule, request):
        problems.append("the elective groups are not satisfied")
    for a, b in combinations(sorted(taken), 2):
        meets = {(x, y) for x, y in ((a, b), (b, a)) if subjects[x] and y in subjects[x].meets_with}
        if names.get(a, set()) & names.get(b, set()) or meets:
            problems.append(f"{a} and {b} are one subject (joint or meets-with)")

    units = sum(0 if s.units.arranged else s.units.total for s in subjects.values() if s)
    if prefs.units and prefs.units.min is not None and units < prefs.units.min:
        problems.append(f"{units} units, below {prefs.units.min:g}")
    if prefs.units and prefs.units.max is not None and units > prefs.units.max:
        problems.append(f"{units} units, above {prefs.units.max:g}")

    for a, b in combinations(schedule.options, 2):
        if _dates_overlap(subjects[a.course], subjects[b.course], catalog) and _times_overlap(a, b):
            problems.append(f"{a.course} {a.label} clashes with {b.course} {b.label}")

    for option in schedule.options:
        problems += _time_rules(option, request)
    problems += _totals(schedule, request, subjects)
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
        sorted(s.meetings, key=lambda m: (m.day.index, m.start)) == list(option.meetings)
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


def _time_rules(option: Option, request: Request) -> list[str]:
    prefs, problems = request.preferences, []
    where = f"{option.course} {option.label}"
    for m in option.meetings:
        if m.day in prefs.free_days:
            problems.append(f"{where} meets on free day {m.day}")
        if prefs.earliest is not None and m.start < prefs.earliest:
            problems.append(f"{where} starts before the earliest time")
        if prefs.latest is not None and m.end > prefs.latest:
            problems.append(f"{where} ends after the latest time")
        for block in prefs.blocked:
            if m.day in block.days and m.start < block.to and block.from_ < m.end:
                problems.append(f"{where} meets in blocked time {block.label or ''}".rstrip())
    for rules, locked in ((prefs.exclude, False), (prefs.lock, True)):
        for number, refs in rules.items():
            if request.courses.get(option.course) and number not in (
                option.course,
                *request.courses[option.course].aliases,
            ):
                continue
            hits = [ref.matches(option.ids, option.meetings) for ref in refs]
            if not locked and any(hits):
                problems.append(f"{where} is excluded")
            if locked and not any(hits) and _kind_locked(refs, option, request):
                problems.append(f"{where} is not a locked section")
    return problems


def _kind_locked(refs, option: Option, request: Request) -> bool:
    """A lock constrains only the kinds of the sections it names."""
    course = request.courses[option.course]
    return any(
        ref.matches(other.ids, other.meetings)
        for ref in refs
        for other in course.options[option.kind]
    )


def _totals(schedule: Schedule, request: Request, subjects: dict) -> list[str]:
    prefs, problems = request.preferences, []
    if prefs.max_daily_hours is not None:
        for segment in range(request.segment_count):
            per_day: dict = {}
            for option in schedule.options:
                if segment in option.segments:
                    for m in option.meetings:
                        per_day[m.day] = per_day.get(m.day, 0) + m.minutes
            for day, minutes in per_day.items():
                if minutes > prefs.max_daily_hours * 60:
                    problems.append(f"{minutes / 60:g} class hours on {day}")
    if prefs.max_workload is not None:
        hours = sum(
            (s.hours if s.hours is not None else (0 if s.units.arranged else s.units.total))
            for s in subjects.values()
            if s
        )
        if round(hours * 100) > round(prefs.max_workload * 100):
            problems.append(f"workload {hours:g} h/week above {prefs.max_workload:g}")
    return problems


def _groups_satisfiable(schedule: Schedule, request: Request) -> bool:
    """Can the non-required courses be assigned to groups, one each, meeting every bound?"""
    extra = [n for n in schedule.courses if n not in request.ungrouped]
    groups = request.groups
    counts = [0] * len(groups)

    def assign(i: int) -> bool:
        if i == len(extra):
            return all(g.low <= c <= g.high for g, c in zip(groups, counts, strict=True))
        for g, group in enumerate(groups):
            if extra[i] in group.members and counts[g] < group.high:
                counts[g] += 1
                if assign(i + 1):
                    return True
                counts[g] -= 1
        return False

    return assign(0)
