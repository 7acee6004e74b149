"""Each hard rule built from the preferences: one builder per rule class, registered in
`BUILDERS` in the order a request lists its rules (subjects, groups and coreqs first, then totals
and times), so a rule class without a builder is a failing test, not a rule silently ignored."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from solver.core import rules
from solver.core.fields import SectionRef
from solver.core.options import Option
from solver.core.preferences import Preferences
from solver.core.rules import Rule


class Resolved(Protocol):
    """What the builders read of the resolver (`solver.core.resolve.Resolver`)."""

    @property
    def prefs(self) -> Preferences: ...

    @property
    def required(self) -> Sequence[str]:
        """The required courses, in the file's order."""

    @property
    def electives(self) -> Sequence[rules.Electives]:
        """Each elective group's rule."""

    @property
    def coreqs(self) -> Mapping[str, tuple[frozenset[str], ...]]:
        """Course -> the ways of coreqs it needs taken with it."""

    def course_of(self, number: str) -> str | None:
        """The course a number (current, joint or old) belongs to, if it is one."""

    def matching(self, number: str, ref: SectionRef, path: tuple[str | int, ...]) -> list[Option]:
        """The options of `number` that `ref` names; none is an error on the line of `ref`."""


Builder = Callable[[Resolved], Iterable[Rule]]
BUILDERS: dict[type[Rule], Builder] = {}


def builds(kind: type[Rule]) -> Callable[[Builder], Builder]:
    """Register the builder of the rules of class `kind`."""

    def register(builder: Builder) -> Builder:
        BUILDERS[kind] = builder
        return builder

    return register


@builds(rules.Required)
def _required(found: Resolved) -> list[Rule]:
    return [rules.Required(number) for number in found.required]


@builds(rules.Electives)
def _electives(found: Resolved) -> list[Rule]:
    return list(found.electives)


@builds(rules.Coreqs)
def _coreqs(found: Resolved) -> list[Rule]:
    """Once every course is known: each way of coreqs in course numbers; a way naming a subject
    no group or requirement offers cannot be taken."""
    built: list[Rule] = []
    for course, ways in found.coreqs.items():
        named = [[found.course_of(number) for number in way] for way in ways]
        usable = tuple(tuple(sorted(set(filter(None, way)))) for way in named if all(way))
        built.append(rules.Coreqs(course, usable))
    return built


@builds(rules.Units)
def _units(found: Resolved) -> list[Rule]:
    units = found.prefs.units
    if units is None or (units.min, units.max) == (None, None):
        return []
    return [rules.Units(units.min, units.max)]


@builds(rules.FreeDay)
def _free_days(found: Resolved) -> list[Rule]:
    return [rules.FreeDay(day) for day in found.prefs.free_days]


@builds(rules.Earliest)
def _earliest(found: Resolved) -> list[Rule]:
    earliest = found.prefs.earliest
    return [] if earliest is None else [rules.Earliest(earliest)]


@builds(rules.Latest)
def _latest(found: Resolved) -> list[Rule]:
    latest = found.prefs.latest
    return [] if latest is None else [rules.Latest(latest)]


@builds(rules.Blocked)
def _blocked(found: Resolved) -> list[Rule]:
    return [rules.Blocked(b.days, b.from_, b.to, b.label) for b in found.prefs.blocked]


@builds(rules.Exclude)
def _exclude(found: Resolved) -> list[Rule]:
    built: list[Rule] = []
    for number, refs in found.prefs.exclude.items():
        course = found.course_of(number)
        for k, ref in enumerate(refs):
            found.matching(number, ref, ("exclude", number, k))
            if course:
                built.append(rules.Exclude(course, number, ref))
    return built


@builds(rules.Lock)
def _lock(found: Resolved) -> list[Rule]:
    """A lock keeps, for each kind it names, only the named sections of that kind."""
    built: list[Rule] = []
    for number, refs in found.prefs.lock.items():
        kept = [
            o
            for k, ref in enumerate(refs)
            for o in found.matching(number, ref, ("lock", number, k))
        ]
        course = found.course_of(number)
        if course:
            built.append(rules.Lock(course, number, tuple(refs), frozenset(o.kind for o in kept)))
    return built


@builds(rules.DailyHours)
def _daily_hours(found: Resolved) -> list[Rule]:
    hours = found.prefs.max_daily_hours
    return [] if hours is None else [rules.DailyHours(hours)]


@builds(rules.Workload)
def _workload(found: Resolved) -> list[Rule]:
    hours = found.prefs.max_workload
    return [] if hours is None else [rules.Workload(hours)]


@builds(rules.MaxWalk)
def _max_walk(found: Resolved) -> list[Rule]:
    walk = found.prefs.max_walk
    return [] if walk is None else [rules.MaxWalk(walk.minutes, walk.speed, walk.within)]


@builds(rules.MaxInARow)
def _max_in_a_row(found: Resolved) -> list[Rule]:
    run = found.prefs.max_in_a_row
    return [] if run is None else [rules.MaxInARow(round(run.hours * 60), run.within)]
