"""The solver's input: preferences resolved against a catalog into courses, options and rules.

This is where "a student takes one section of each kind" becomes data: sections that differ only
in room merge into one option, joint numbers merge into one course, every hard rule becomes a
typed `Rule` the model can switch on (and the infeasibility explanation can switch off), and the
wishes are resolved to course numbers. The request holds no raw preferences: everything after it
(the model, the validator, the brute force) reads the same rules.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from solver.catalog.campus import Campus, campus_of
from solver.catalog.schema import Catalog, Kind, Subject, joint_numbers, number_order
from solver.core import rules
from solver.core.eligibility import allowed, coreq_ways, prereq_of, record_of
from solver.core.fields import SectionRef
from solver.core.filters import matcher
from solver.core.options import Option, build_options, segment_boundaries, segments_of
from solver.core.preferences import Group, Preferences
from solver.core.rules import Rule
from solver.core.wishes import Keep, Likes, ShortWalks, Wish
from solver.core.yaml_source import YamlSource


@dataclass(frozen=True)
class Course:
    """A subject the schedule may include; joint numbers (same subject) are one course."""

    number: str
    aliases: tuple[str, ...]
    subject: Subject
    options: dict[Kind, tuple[Option, ...]]
    segments: frozenset[int]

    @property
    def units(self) -> int:
        return 0 if self.subject.units.arranged else self.subject.units.total

    @property
    def workload(self) -> float:
        """Expected hours per week: the evaluations' figure, else the units (MIT's definition)."""
        return self.subject.hours if self.subject.hours is not None else float(self.units)


@dataclass(frozen=True)
class ElectiveGroup:
    """The courses an elective group may pick from; its bounds are its `Electives` rule's."""

    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Request:
    courses: dict[str, Course]
    groups: tuple[ElectiveGroup, ...]
    rules: tuple[Rule, ...]
    exclusive: tuple[tuple[str, str], ...]  # meets-with pairs: at most one of each
    segment_count: int
    wishes: tuple[Wish, ...]  # the active ones, in registry order, liked subjects resolved
    top: int
    by: Literal["subjects", "sections"]  # a row per subject set, or per schedule
    time_limit: float | None
    catalog: Catalog = field(repr=False)
    campus: Campus | None = field(default=None, repr=False)  # where walks count: the map
    optional: tuple[str, ...] = ()  # courses that may be taken outside any group (what-if)
    notes: tuple[str, ...] = ()  # what the student should know that is not an error

    @property
    def options(self) -> list[Option]:
        return [
            o for course in self.courses.values() for opts in course.options.values() for o in opts
        ]

    @property
    def required(self) -> list[str]:
        return [rule.subject for rule in self.rules if isinstance(rule, rules.Required)]

    def without(self, dropped: Iterable[Rule]) -> "Request":
        """The request without these rules; a required subject becomes optional, not banned,
        and a group without its rule may take any number of its members."""
        dropped = set(dropped)
        optional = tuple(r.subject for r in dropped if isinstance(r, rules.Required))
        kept = tuple(r for r in self.rules if r not in dropped)
        return replace(self, rules=kept, optional=self.optional + optional)

    def bounds(self, group: int) -> tuple[int, int]:
        """How many of a group to take: its rule's bounds, or any number once that is dropped."""
        for rule in self.rules:
            if isinstance(rule, rules.Electives) and rule.group == group:
                return rule.low, rule.high
        return 0, len(self.groups[group].members)

    @property
    def ungrouped(self) -> set[str]:
        """Courses that count towards no elective group: the required and the optional ones."""
        return {*self.required, *self.optional}


def build_request(prefs: Preferences, source: YamlSource, catalog: Catalog) -> Request:
    """Resolve `prefs` against `catalog`; unknown or unoffered subjects raise with their line."""
    resolver = _Resolver(prefs, source, catalog)
    return resolver.build()


class _Resolver:
    def __init__(self, prefs: Preferences, source: YamlSource, catalog: Catalog) -> None:
        self.prefs, self.source, self.catalog = prefs, source, catalog
        self.season = catalog.term[4:]
        self.boundaries = segment_boundaries(catalog)
        self.joint = joint_numbers(catalog)
        self.alias: dict[str, str] = {}  # any number -> the course number it belongs to
        self.notes: dict[str, None] = {}  # what to tell the student, once each, in order
        self.courses: dict[str, Course] = {}
        self.record = record_of(catalog, prefs.taken)
        self.coreqs: dict[str, tuple[frozenset[str], ...]] = {}  # course -> ways, see _filtered
        walking = prefs.max_walk is not None or any(
            isinstance(wish, ShortWalks) for wish in prefs.wishes.active
        )  # only then do rooms in two buildings make two choices
        self.campus = campus_of(catalog) if walking else None
        self.apart = self._named_ids()

    def build(self) -> Request:
        prefs = self.prefs
        required = [self._course(n, ("required", i)) for i, n in enumerate(prefs.required)]
        resolved = [self._group(i, g, set(required)) for i, g in enumerate(prefs.electives)]
        for path_key in ("exclude", "lock"):
            for number in getattr(prefs, path_key):
                self._subject(number, (path_key, number))
        found: list[Rule] = [rules.Required(n) for n in dict.fromkeys(required)]
        found += [rule for _, rule in resolved]
        found += self._coreq_rules()
        found += self._hard_rules()
        wishes = tuple(self._wish(wish) for wish in prefs.wishes.active)
        return Request(
            courses=self.courses,
            groups=tuple(group for group, _ in resolved),
            rules=tuple(found),
            exclusive=self._exclusive_pairs(),
            segment_count=len(self.boundaries) + 1,
            wishes=wishes,
            top=prefs.top,
            by=prefs.by or ("subjects" if prefs.electives else "sections"),
            time_limit=prefs.time_limit,
            catalog=self.catalog,
            campus=self.campus,
            notes=(
                *self.notes,
                *(
                    f"{n} has no scheduled sections in {self.catalog.term}: it counts for units "
                    "but has no place in the week"
                    for n in dict.fromkeys(required)
                    if not self.courses[n].subject.sections
                ),
            ),
        )

    def _wish(self, wish: Wish) -> Wish:
        """Liked subjects and held sections by course number, so joint and old numbers count;
        the rest as written."""
        if isinstance(wish, Keep):
            return self._keep(wish)
        if not isinstance(wish, Likes):
            return wish
        for number in wish.subjects:
            self._subject(number, ("wishes", "likes", number))
        liked = {c: w for n, w in wish.subjects.items() if (c := self._course_of(n)) is not None}
        return wish.model_copy(update={"subjects": liked})

    def _keep(self, wish: Keep) -> Keep:
        held: dict[str, list[SectionRef]] = {}
        for number, refs in wish.sections.items():
            path = ("wishes", "keep", number)
            course = self._course_of(number)
            if course is None:
                self._subject(number, path)  # an unknown number says so first
                raise self.source.error(
                    path, f"keep {number}: it is neither required nor in an elective group"
                )
            for k, ref in enumerate(refs):
                self._matching(number, ref, (*path, k))
            held.setdefault(course, []).extend(refs)
        return wish.model_copy(update={"sections": held})

    def _named_ids(self) -> dict[str, frozenset[str]]:
        """Section ids that lock, exclude or keep name, by every number of their subject: such
        a section is an option of its own, not merged with others at its time."""
        prefs = self.prefs
        held = [wish for wish in prefs.wishes.active if isinstance(wish, Keep)]
        keep = held[0].sections if held else {}
        named: dict[str, set[str]] = {}
        for written in (prefs.lock, prefs.exclude, keep):
            for number, refs in written.items():
                subject = self.catalog.subject(number)
                ids = {ref.id for ref in refs if ref.id}
                if subject is None or not ids:
                    continue
                for name in (subject.number, *self.joint.get(subject.number, ())):
                    named.setdefault(name, set()).update(ids)
        return {name: frozenset(ids) for name, ids in named.items()}

    # Subjects and courses

    def _subject(self, number: str, path: tuple[str | int, ...]) -> Subject:
        subject = self.catalog.subject(number)
        if subject is None:
            raise self.source.error(path, self.catalog.unknown(number))
        if subject.number != number and subject.old_number == number:
            where = f"{self.source.file}, line {self.source.line_of(path)}"
            self.notes.setdefault(f"{number} ({where}) is now {subject.number}", None)
        if subject.terms and self.season not in subject.terms:
            offered = ", ".join(subject.terms)
            raise self.source.error(
                path, f"{number} is not offered in {self.catalog.term} (offered {offered})"
            )
        return subject

    def _course(self, number: str, path: tuple[str | int, ...]) -> str:
        """The course for a subject number, creating it (with its joint numbers) if new."""
        if number in self.alias:
            return self.alias[number]
        subject = self._subject(number, path)
        return self.alias.get(subject.number) or self._add(subject)

    def _course_of(self, number: str) -> str | None:
        """The course a number (current, joint or old) belongs to, if it is one."""
        subject = self.catalog.subject(number)
        return self.alias.get(number) or (self.alias.get(subject.number) if subject else None)

    def _add(self, subject: Subject) -> str:
        names = (subject.number, *self.joint.get(subject.number, ()))
        for name in names:
            self.alias.setdefault(name, subject.number)
        segments = segments_of(subject, self.catalog, self.boundaries)
        self.courses[subject.number] = Course(
            number=subject.number,
            aliases=names[1:],
            subject=subject,
            options=build_options(
                subject,
                segments,
                apart=self.apart.get(subject.number, frozenset()),
                campus=self.campus,
            ),
            segments=segments,
        )
        return subject.number

    def _group(self, index: int, group: Group, required: set[str]) -> tuple[ElectiveGroup, Rule]:
        path: tuple[str | int, ...] = ("electives", index)
        excluded: set[str] = set()  # every name of every excluded subject: joint and current
        for k, number in enumerate(group.exclude):
            subject = self._subject(number, (*path, "exclude", k))
            excluded.update((subject.number, *self.joint.get(subject.number, ())))
        if isinstance(group.from_, list):
            numbers = [self._course(n, (*path, "from", k)) for k, n in enumerate(group.from_)]
        else:
            numbers = self._filtered(group, excluded, required)
        members = tuple(
            n
            for n in dict.fromkeys(numbers)
            if n not in required and n not in excluded and not self._done(n)
        )
        high = group.high if group.high is not None else len(members)
        name = group.name or _describe(group)
        if len(members) < group.low:
            raise self.source.error(path, self._too_few(name, group, members))
        return ElectiveGroup(name, members), rules.Electives(index, name, group.low, high)

    def _done(self, course: str) -> bool:
        """Taken already, under any of its numbers: no group offers it again."""
        found = self.courses[course]  # the record holds current and joint numbers
        return not {found.number, *found.aliases}.isdisjoint(self.record.numbers)

    def _filtered(self, group: Group, excluded: set[str], required: set[str]) -> list[str]:
        """The courses a filter group offers. With `prereqs:`, a subject whose prerequisites
        lack only coreqs is offered under a `Coreqs` rule: taken with one way of them."""
        spec = group.from_
        assert not isinstance(spec, list)
        matches = matcher(spec.model_copy(update={"prereqs": None}), self.season)
        alongside = frozenset(n for r in required for n in (r, *self.joint.get(r, ())))
        numbers = []
        for subject in self.catalog.subjects:
            if not subject.sections or subject.number in excluded or not matches(subject):
                continue
            ways: tuple[frozenset[str], ...] = (frozenset(),)
            if spec.prereqs is not None:
                keep = allowed(spec.prereqs)
                ways = coreq_ways(prereq_of(subject), self.record, keep, alongside)
            if not ways:
                continue
            course = self.alias.get(subject.number) or self._add(subject)
            numbers.append(course)
            if frozenset() not in ways:
                self.coreqs.setdefault(course, ways)
        return numbers

    def _coreq_rules(self) -> list[Rule]:
        """Once every course is known: each way of coreqs in course numbers; a way naming a
        subject no group or requirement offers cannot be taken."""
        found: list[Rule] = []
        for course, ways in self.coreqs.items():
            named = [[self._course_of(number) for number in way] for way in ways]
            usable = tuple(tuple(sorted(set(filter(None, way)))) for way in named if all(way))
            found.append(rules.Coreqs(course, usable))
        return found

    def _too_few(self, name: str, group: Group, members: tuple[str, ...]) -> str:
        """Why a group can never be met, said as an input mistake rather than a conflict."""
        ordered = sorted(members, key=number_order)
        shown = ", ".join(ordered[:6]) + (" ..." if len(members) > 6 else "")
        aside = " (required, excluded and taken subjects aside)"
        if isinstance(group.from_, list):
            offer = f"only {len(members)}: {shown}" if members else "none"
            return f"electives {name}: {group.low} to take, but its list offers {offer}{aside}"
        if not members:
            return f"electives {name}: no subject of {self.catalog.term} matches its filter{aside}"
        return (
            f"electives {name}: {group.low} to take, but only {len(members)} subjects of "
            f"{self.catalog.term} match its filter{aside}: {shown}"
        )

    def _exclusive_pairs(self) -> tuple[tuple[str, str], ...]:
        pairs: set[tuple[str, str]] = set()
        for course in self.courses.values():
            for other in course.subject.meets_with:
                target = self.alias.get(other)
                if target and target != course.number:
                    low, high = sorted((course.number, target))
                    pairs.add((low, high))
        return tuple(sorted(pairs))

    # Hard rules on times and totals

    def _hard_rules(self) -> list[Rule]:
        prefs = self.prefs
        found: list[Rule] = []
        if prefs.units is not None and (prefs.units.min, prefs.units.max) != (None, None):
            found.append(rules.Units(prefs.units.min, prefs.units.max))
        found += [rules.FreeDay(day) for day in prefs.free_days]
        if prefs.earliest is not None:
            found.append(rules.Earliest(prefs.earliest))
        if prefs.latest is not None:
            found.append(rules.Latest(prefs.latest))
        found += [rules.Blocked(b.days, b.from_, b.to, b.label) for b in prefs.blocked]
        for number, refs in prefs.exclude.items():
            course = self._course_of(number)
            for k, ref in enumerate(refs):
                self._matching(number, ref, ("exclude", number, k))
                if course:
                    found.append(rules.Exclude(course, number, ref))
        for number, refs in prefs.lock.items():
            found.extend(self._lock(number, refs))
        if prefs.max_daily_hours is not None:
            found.append(rules.DailyHours(prefs.max_daily_hours))
        if prefs.max_workload is not None:
            found.append(rules.Workload(prefs.max_workload))
        if prefs.max_walk is not None:
            walk = prefs.max_walk
            found.append(rules.MaxWalk(walk.minutes, walk.speed, walk.within))
        if prefs.max_in_a_row is not None:
            run = prefs.max_in_a_row
            found.append(rules.MaxInARow(round(run.hours * 60), run.within))
        return found

    def _lock(self, number: str, refs: list[SectionRef]) -> list[Rule]:
        """A lock keeps, for each kind it names, only the named sections of that kind."""
        kept: list[Option] = []
        for k, ref in enumerate(refs):
            kept += self._matching(number, ref, ("lock", number, k))
        course = self._course_of(number)
        if not course:
            return []
        return [rules.Lock(course, number, tuple(refs), frozenset(o.kind for o in kept))]

    def _matching(self, number: str, ref: SectionRef, path: tuple[str | int, ...]) -> list[Option]:
        """The options of `number` that `ref` names; none is an error on the line of `ref`."""
        subject = self._subject(number, path)
        course = self._course_of(number)
        options = self.courses[course].options if course else build_options(subject, frozenset({0}))
        hits = [o for opts in options.values() for o in opts if ref.matches(o.ids, o.meetings)]
        if not hits:
            ids = ", ".join(s.id for s in subject.sections) or "none"
            raise self.source.error(path, f"{number} has no section {ref} (its sections: {ids})")
        return hits


def _describe(group: Group) -> str:
    count = str(group.pick) if group.pick is not None else f"{group.low}-{group.high or 'any'}"
    if isinstance(group.from_, list):
        shown = ", ".join(group.from_[:4]) + (" ..." if len(group.from_) > 4 else "")
        return f"(pick {count} of {shown})"
    spec = ", ".join(f"{k}={v}" for k, v in group.from_.model_dump(exclude_defaults=True).items())
    return f"(pick {count} with {spec})"
