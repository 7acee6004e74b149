"""The solver's input: preferences resolved against a catalog into courses, options and rules.

This is where "a student takes one section of each kind" becomes data: sections that differ only
in room merge into one option, joint numbers merge into one course, and every hard rule becomes a
labelled `Rule` the model can switch on (and the infeasibility explanation can switch off).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from solver.catalog import Catalog, Kind, Subject, format_clock, number_order
from solver.options import Option, build_options, segment_boundaries, segments_of
from solver.preferences import Filter, Group, Preferences, SectionRef, Wishes
from solver.yaml_source import YamlSource


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
    label: str
    members: tuple[str, ...]
    low: int
    high: int


@dataclass(frozen=True)
class Rule:
    """One hard rule of the student's, as it is named in explanations."""

    label: str
    kind: str  # required | group | units | forbid | daily | workload
    subject: str | None = None
    group: int | None = None
    bounds: tuple[float | None, float | None] = (None, None)
    forbidden: frozenset[Option] = frozenset()


@dataclass(frozen=True)
class Request:
    courses: dict[str, Course]
    groups: tuple[ElectiveGroup, ...]
    rules: tuple[Rule, ...]
    exclusive: tuple[tuple[str, str], ...]  # meets-with pairs: at most one of each
    segment_count: int
    wishes: Wishes
    likes: dict[str, float]  # course number -> weight: liked electives (joint numbers resolved)
    top: int
    time_limit: float | None
    preferences: Preferences = field(repr=False)
    catalog: Catalog = field(repr=False)
    optional: tuple[str, ...] = ()  # courses that may be taken outside any group (what-if)

    @property
    def options(self) -> list[Option]:
        return [
            o for course in self.courses.values() for opts in course.options.values() for o in opts
        ]

    @property
    def required(self) -> list[str]:
        return [rule.subject for rule in self.rules if rule.kind == "required" and rule.subject]

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
        self.joint = _joint_numbers(catalog)
        self.alias: dict[str, str] = {}  # any number -> the course number it belongs to
        self.courses: dict[str, Course] = {}

    def build(self) -> Request:
        prefs = self.prefs
        required = [self._course(n, ("required", i)) for i, n in enumerate(prefs.required)]
        groups = tuple(self._group(i, g, set(required)) for i, g in enumerate(prefs.electives))
        for path_key in ("exclude", "lock"):
            for number in getattr(prefs, path_key):
                self._subject(number, (path_key, number))
        for number in prefs.wishes.likes:
            self._subject(number, ("wishes", "likes", number))
        rules = [Rule(f"required {n}", "required", subject=n) for n in dict.fromkeys(required)]
        rules += [Rule(g.label, "group", group=i) for i, g in enumerate(groups)]
        rules += self._hard_rules()
        return Request(
            courses=self.courses,
            groups=groups,
            rules=tuple(rules),
            exclusive=self._exclusive_pairs(),
            segment_count=len(self.boundaries) + 1,
            wishes=prefs.wishes,
            likes={self.alias[n]: w for n, w in prefs.wishes.likes.items() if n in self.alias},
            top=prefs.top,
            time_limit=prefs.time_limit,
            preferences=prefs,
            catalog=self.catalog,
        )

    # Subjects and courses

    def _subject(self, number: str, path: tuple) -> Subject:
        subject = self.catalog.subject(number)
        if subject is None:
            raise self.source.error(path, self.catalog.unknown(number))
        if subject.terms and self.season not in subject.terms:
            offered = ", ".join(subject.terms)
            raise self.source.error(
                path, f"{number} is not offered in {self.catalog.term} (offered {offered})"
            )
        return subject

    def _course(self, number: str, path: tuple) -> str:
        """The course for a subject number, creating it (with its joint numbers) if new."""
        if number in self.alias:
            return self.alias[number]
        return self._add(self._subject(number, path))

    def _add(self, subject: Subject) -> str:
        names = (subject.number, *self.joint.get(subject.number, ()))
        for name in names:
            self.alias.setdefault(name, subject.number)
        segments = segments_of(subject, self.catalog, self.boundaries)
        self.courses[subject.number] = Course(
            number=subject.number,
            aliases=names[1:],
            subject=subject,
            options=build_options(subject, segments),
            segments=segments,
        )
        return subject.number

    def _group(self, index: int, group: Group, required: set[str]) -> ElectiveGroup:
        path = ("electives", index)
        excluded = {self.alias.get(n, n) for n in group.exclude}
        for k, number in enumerate(group.exclude):
            self._subject(number, (*path, "exclude", k))
        if isinstance(group.from_, list):
            numbers = [self._course(n, (*path, "from", k)) for k, n in enumerate(group.from_)]
        else:
            matches = _matcher(group.from_, self.season)
            numbers = [
                self.alias.get(s.number) or self._add(s)
                for s in self.catalog.subjects
                if s.sections and s.number not in excluded and matches(s)
            ]
        members = tuple(
            n for n in dict.fromkeys(numbers) if n not in required and n not in excluded
        )
        high = group.high if group.high is not None else len(members)
        label = group.name or _describe(group)
        return ElectiveGroup(label=f"electives {label}", members=members, low=group.low, high=high)

    def _exclusive_pairs(self) -> tuple[tuple[str, str], ...]:
        pairs = set()
        for course in self.courses.values():
            for other in course.subject.meets_with:
                target = self.alias.get(other)
                if target and target != course.number:
                    pairs.add(tuple(sorted((course.number, target))))
        return tuple(sorted(pairs))

    # Hard rules on times and totals

    def _hard_rules(self) -> list[Rule]:
        prefs, rules = self.prefs, []
        if prefs.units is not None:
            low, high = prefs.units.min, prefs.units.max
            text = (
                f"{low:g}-{high:g}"
                if low is not None and high is not None
                else (f"at least {low:g}" if low is not None else f"at most {high:g}")
            )
            rules.append(Rule(f"units {text}", "units", bounds=(low, high)))
        for day in prefs.free_days:
            rules.append(self._forbid(f"free day {day}", lambda m, d=day: m.day == d))
        if prefs.earliest is not None:
            text = f"earliest {format_clock(prefs.earliest)}"
            rules.append(self._forbid(text, lambda m: m.start < prefs.earliest))
        if prefs.latest is not None:
            text = f"latest {format_clock(prefs.latest)}"
            rules.append(self._forbid(text, lambda m: m.end > prefs.latest))
        for block in prefs.blocked:
            label = (
                block.label
                or f"{''.join(block.days)} {format_clock(block.from_)}-{format_clock(block.to)}"
            )
            rules.append(
                self._forbid(
                    f"blocked {label}",
                    lambda m, b=block: m.day in b.days and m.start < b.to and b.from_ < m.end,
                )
            )
        for number, refs in prefs.exclude.items():
            course = self.alias.get(number)
            for k, ref in enumerate(refs):
                hits = self._matching(number, ref, ("exclude", number, k))
                if course:
                    rules.append(
                        Rule(f"exclude {number} {ref}", "forbid", forbidden=frozenset(hits))
                    )
        for number, refs in prefs.lock.items():
            rules.extend(self._lock(number, refs))
        if prefs.max_daily_hours is not None:
            rules.append(
                Rule(
                    f"at most {prefs.max_daily_hours:g} class hours a day",
                    "daily",
                    bounds=(None, prefs.max_daily_hours),
                )
            )
        if prefs.max_workload is not None:
            rules.append(
                Rule(
                    f"workload at most {prefs.max_workload:g} h/week",
                    "workload",
                    bounds=(None, prefs.max_workload),
                )
            )
        return rules

    def _forbid(self, label: str, clashes) -> Rule:
        hits = frozenset(
            o
            for course in self.courses.values()
            for opts in course.options.values()
            for o in opts
            if any(clashes(m) for m in o.meetings)
        )
        return Rule(label, "forbid", forbidden=hits)

    def _lock(self, number: str, refs: list[SectionRef]) -> list[Rule]:
        """A lock keeps, for each kind it names, only the named sections of that kind."""
        course = self.alias.get(number)
        kept: set[Option] = set()
        for k, ref in enumerate(refs):
            kept.update(self._matching(number, ref, ("lock", number, k)))
        if not course:
            return []
        kinds = {o.kind for o in kept}
        options = self.courses[course].options
        dropped = frozenset(o for kind in kinds for o in options[kind] if o not in kept)
        label = f"lock {number} {', '.join(str(r) for r in refs)}"
        return [Rule(label, "forbid", forbidden=dropped)]

    def _matching(self, number: str, ref: SectionRef, path: tuple) -> list[Option]:
        subject = self._subject(number, path)
        course = self.alias.get(number)
        options = self.courses[course].options if course else build_options(subject, frozenset({0}))
        hits = [o for opts in options.values() for o in opts if ref.matches(o.ids, o.meetings)]
        if not hits:
            ids = ", ".join(s.id for s in subject.sections) or "none"
            raise self.source.error(path, f"{number} has no section {ref} (its sections: {ids})")
        return hits


def _joint_numbers(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Each number's joint numbers, read both ways and transitively: a cross-listing is not
    always printed on every subject's page (6.1903 lists 18.1903, 18.1903 lists nothing)."""
    groups: dict[str, set[str]] = {}
    for subject in catalog.subjects:
        if not subject.same_as:
            continue
        group = {subject.number, *subject.same_as}
        for number in list(group):
            group |= groups.get(number, set())
        for number in group:
            groups[number] = group
    return {n: tuple(sorted(g - {n}, key=number_order)) for n, g in groups.items()}


def _matcher(spec: Filter, season: str) -> Callable[[Subject], bool]:
    """A test for an elective filter: every given field must match. Only the given fields are
    checked, since a filter runs over every subject of the catalog."""
    tests: list[Callable[[Subject], bool]] = [lambda s: not s.terms or season in s.terms]
    if spec.department is not None:
        departments = _listed(spec.department)
        tests.append(lambda s: s.number.split(".")[0] in departments)
    if spec.prefix is not None:
        prefixes = tuple(_listed(spec.prefix))
        tests.append(lambda s: s.number.startswith(prefixes))
    if spec.level is not None:
        tests.append(lambda s: s.level == spec.level)
    if spec.hass is not None:
        tests.append(lambda s: bool(s.hass) if spec.hass == "any" else spec.hass in s.hass)
    if spec.ci is not None:
        tests.append(lambda s: s.ci is not None if spec.ci == "any" else s.ci == spec.ci)
    if spec.gir is not None:
        tests.append(lambda s: spec.gir.upper() in s.gir)
    if spec.units is not None:
        low, high = spec.units.min, spec.units.max
        tests.append(lambda s: not s.units.arranged and _within(s.units.total, low, high))
    if spec.no_final:
        tests.append(lambda s: not s.has_final)
    if spec.half is not None:
        tests.append(lambda s: (s.half or "full") == spec.half)
    if spec.min_rating is not None:
        tests.append(lambda s: (s.rating or 0) >= spec.min_rating)
    if spec.max_hours is not None:
        tests.append(lambda s: s.hours is not None and s.hours <= spec.max_hours)
    return lambda subject: all(test(subject) for test in tests)


def _listed(value: str | list[str]) -> list[str]:
    return [value.upper()] if isinstance(value, str) else [v.upper() for v in value]


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _describe(group: Group) -> str:
    count = str(group.pick) if group.pick is not None else f"{group.low}-{group.high or 'any'}"
    if isinstance(group.from_, list):
        shown = ", ".join(group.from_[:4]) + (" ..." if len(group.from_) > 4 else "")
        return f"(pick {count} of {shown})"
    spec = ", ".join(f"{k}={v}" for k, v in group.from_.model_dump(exclude_defaults=True).items())
    return f"(pick {count} with {spec})"
