"""Preferences resolved against a catalog into a `Request`.

This is where "a student takes one section of each kind" becomes data: sections that differ only
in room merge into one option, joint numbers merge into one course, every hard rule becomes a
typed `Rule` the model can switch on (and the infeasibility explanation can switch off; each is
built by its registered builder, `solver.core.hard_rules`), and the wishes are resolved to course
numbers.
"""

from collections.abc import Sequence

from solver.catalog.campus import campus_of
from solver.catalog.schema import Catalog, Subject, joint_numbers, number_order
from solver.core import rules
from solver.core.eligibility import (
    GirsOf,
    Status,
    allowed,
    coreq_ways,
    prereq_of,
    record_of,
    verdict,
)
from solver.core.fields import SectionRef
from solver.core.filters import Judging, Toward, matcher
from solver.core.hard_rules import BUILDERS
from solver.core.options import Option, build_options, segment_boundaries, segments_of
from solver.core.preferences import Group, Preferences
from solver.core.request import Course, ElectiveGroup, Request
from solver.core.wishes import Keep, Likes, ShortWalks, Wish
from solver.core.yaml_source import YamlSource
from solver.errors import CoursepickError


def build_request(
    prefs: Preferences,
    source: YamlSource,
    catalog: Catalog,
    toward: Toward | None = None,
    girs_of: GirsOf | None = None,
    candidates: Sequence[str] = (),
) -> Request:
    """Resolve `prefs` against `catalog`; unknown or unoffered subjects raise with their line.
    `toward` says which subjects count toward a requirement, for groups drawn from one;
    `girs_of` a taken subject's GIRs from every term known (see `eligibility.record_of`);
    `candidates`, subjects a fit check adds one at a time as if required (those offered this
    term and neither required nor taken; see `Request.candidates`)."""
    if not prefs.required and not prefs.electives and not candidates:  # an audit's file may
        raise source.error((), "nothing to schedule: list subjects under required: or electives:")
    return Resolver(prefs, source, catalog, toward, girs_of).build(candidates)


class Resolver:
    def __init__(
        self,
        prefs: Preferences,
        source: YamlSource,
        catalog: Catalog,
        toward: Toward | None,
        girs_of: GirsOf | None = None,
    ) -> None:
        self.prefs, self.source, self.catalog, self.toward = prefs, source, catalog, toward
        self.season = catalog.term[4:]
        self.boundaries = segment_boundaries(catalog)
        self.joint = joint_numbers(catalog)
        self.alias: dict[str, str] = {}  # any number -> the course number it belongs to
        self.notes: dict[str, None] = {}  # what to tell the student, once each, in order
        self.courses: dict[str, Course] = {}
        self.record = record_of(catalog, prefs.taken, girs_of)
        self.coreqs: dict[str, tuple[frozenset[str], ...]] = {}  # course -> ways, see _filtered
        self.required: list[str] = []  # the required courses, in the file's order
        self.electives: list[rules.Electives] = []  # each group's rule
        walking = prefs.max_walk is not None or any(
            isinstance(wish, ShortWalks) for wish in prefs.wishes.active
        )  # only then do rooms in two buildings make two choices
        self.campus = campus_of(catalog) if walking else None
        self.apart = self._named_ids()

    def build(self, candidates: Sequence[str] = ()) -> Request:
        prefs = self.prefs
        required = [self._course(n, ("required", i)) for i, n in enumerate(prefs.required)]
        resolved = [self._group(i, g, set(required)) for i, g in enumerate(prefs.electives)]
        for path_key in ("exclude", "lock"):
            for number in getattr(prefs, path_key):
                self._subject(number, (path_key, number))
        self.required = list(dict.fromkeys(required))
        self._check_required(required)
        self.electives = [rule for _, rule in resolved]
        added = self._candidates(candidates)  # before the rules: a lock may name one
        found = [rule for build in BUILDERS.values() for rule in build(self)]
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
            record=self.record,
            candidates=added,
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
        liked = {c: w for n, w in wish.subjects.items() if (c := self.course_of(n)) is not None}
        return wish.model_copy(update={"subjects": liked})

    def _keep(self, wish: Keep) -> Keep:
        held: dict[str, list[SectionRef]] = {}
        for number, refs in wish.sections.items():
            path = ("wishes", "keep", number)
            course = self.course_of(number)
            if course is None:
                self._subject(number, path)  # an unknown number says so first
                raise self.source.error(
                    path, f"keep {number}: it is neither required nor in an elective group"
                )
            for k, ref in enumerate(refs):
                self.matching(number, ref, (*path, k))
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

    def course_of(self, number: str) -> str | None:
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

    def _group(
        self, index: int, group: Group, required: set[str]
    ) -> tuple[ElectiveGroup, rules.Electives]:
        path: tuple[str | int, ...] = ("electives", index)
        excluded: set[str] = set()  # every name of every excluded subject: joint and current
        for k, number in enumerate(group.exclude):
            subject = self._subject(number, (*path, "exclude", k))
            excluded.update((subject.number, *self.joint.get(subject.number, ())))
        if isinstance(group.from_, list):
            listed = [self._course(n, (*path, "from", k)) for k, n in enumerate(group.from_)]
            numbers = [n for n in listed if self._admitted(self.courses[n], None, required)]
        else:
            numbers = self._filtered(group, excluded, required, (*path, "from"))
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

    def _filtered(
        self, group: Group, excluded: set[str], required: set[str], path: tuple[str | int, ...]
    ) -> list[str]:
        """The courses a filter group offers. With `prereqs:`, a subject whose prerequisites
        lack only coreqs is offered under a `Coreqs` rule: taken with one way of them."""
        spec = group.from_
        assert not isinstance(spec, list)
        try:
            matches = matcher(
                spec.model_copy(update={"prereqs": None}), self.season, Judging(toward=self.toward)
            )
        except CoursepickError as error:  # a requirement the lists do not have: on its line
            raise self.source.error(path, str(error)) from None
        numbers = []
        for subject in self.catalog.subjects:
            if not subject.sections or subject.number in excluded or not matches(subject):
                continue
            if not self._admitted(subject, spec.prereqs, required):
                continue
            numbers.append(self.alias.get(subject.number) or self._add(subject))
        return numbers

    def _admitted(self, found: Subject | Course, level: str | None, required: set[str]) -> bool:
        """May a group offer this subject, as far as its prerequisites go? With a level (the
        filter's `prereqs:`, or `permission` when the file says `prereqs: strict`), only if
        `taken:` meets them, or would with coreqs taken the same term: then it comes with a
        `Coreqs` rule (taken with one way of them)."""
        level = level or ("permission" if self.prefs.prereqs == "strict" else None)
        if level is None:
            return True
        subject = found.subject if isinstance(found, Course) else found
        alongside = frozenset(n for r in required for n in (r, *self.joint.get(r, ())))
        ways = coreq_ways(prereq_of(subject), self.record, allowed(level), alongside)
        if ways and frozenset() not in ways:
            course = self.alias.get(subject.number) or self._add(subject)
            self.coreqs.setdefault(course, ways)
        return bool(ways)

    def _candidates(self, numbers: Sequence[str]) -> tuple[str, ...]:
        """The courses of these subjects that could be added: offered this term, neither
        required nor taken (the request's courses gain those not in it yet)."""
        found: dict[str, None] = {}
        for number in numbers:
            subject = self.catalog.subject(number)
            if subject is None or (subject.terms and self.season not in subject.terms):
                continue
            course = self.alias.get(subject.number) or self._add(subject)
            if course not in self.required and not self._done(course):
                found.setdefault(course, None)
        return tuple(found)

    def _check_required(self, required: list[str]) -> None:
        """Each required subject whose prerequisites `taken:` does not meet (other required
        subjects count as coreqs): a note, or with `prereqs: strict` an error on its line."""
        alongside = frozenset(n for r in self.required for n in (r, *self.joint.get(r, ())))
        for index, number in enumerate(required):  # a course per `required:` entry, in order
            course = self.courses[number]
            found = verdict(prereq_of(course.subject), self.record, alongside)
            if found.status is not Status.NOT_MET:
                continue
            missing = "; ".join(found.missing)
            if self.prefs.prereqs == "strict":
                raise self.source.error(
                    ("required", index),
                    f"{course.number}: prerequisites not met (missing {missing}): list what you"
                    " took under taken:, or write prereqs: note",
                )
            self.notes.setdefault(
                f"{course.number}: prerequisites not met by taken: (missing {missing})", None
            )

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

    def matching(self, number: str, ref: SectionRef, path: tuple[str | int, ...]) -> list[Option]:
        """The options of `number` that `ref` names; none is an error on the line of `ref`."""
        subject = self._subject(number, path)
        course = self.course_of(number)
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
