"""`plan`: a preferences file's `plan:` section, programs and transcript become the ranked plans
to the degree, term by term; when the first planned term has a catalog, each plan's first term
is also held to a clash-free week under the file's weekly rules (solved by the weekly engine)."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from solver.app.desk import Desk
from solver.app.given import Given, Read, read_preferences
from solver.app.solve import request_of
from solver.catalog.schema import Catalog, Subject, number_order
from solver.core.deadline import Deadline
from solver.core.plan_keys import plan_terms
from solver.core.preferences import Group
from solver.core.request import Request
from solver.core.results import Result
from solver.degree.facts import SubjectFacts
from solver.degree.plan_spec import Planned
from solver.degree.tree import ReqList
from solver.errors import CatalogError, CoursepickError

PLAN_LIMIT = 60.0  # seconds for the whole plan, by default
WEEK_SHARE = 0.25  # of what is left, the most one week's check may take


class PlanAskError(CoursepickError):
    """A plan cannot be asked: no `plan:` section, no programs."""


@dataclass(frozen=True)
class PlanAsk:
    preferences: Given
    top: int | None = None  # default: the section's `top:`, else 3
    time_limit: float | None = None  # default: the section's, else PLAN_LIMIT


@dataclass(frozen=True)
class Week:
    """The best week of a plan's first term, as `solve` shows a row."""

    result: Result
    request: Request


@dataclass(frozen=True)
class PlanAnswer:
    planned: Planned
    facts: SubjectFacts
    catalog: Catalog  # the catalog in use
    week_catalog: Catalog | None  # the first planned term's, when there is one
    weeks: tuple[Week | None, ...]  # per plan: its first term's best week
    warnings: tuple[str, ...]
    lists: tuple[ReqList, ...]  # the programs' requirement lists, in the file's order
    read: Read = field(repr=False)


def answer_plan(ask: PlanAsk, desk: Desk) -> PlanAnswer:
    from solver.degree.contract import overrides_of, sharing_of  # the degree room solves
    from solver.degree.facts import load_facts
    from solver.degree.lists import resolve_program
    from solver.degree.plan import Question, plan_degree
    from solver.degree.transcript import Entry, build_transcript

    read = read_preferences(ask.preferences)
    prefs = read.prefs
    if prefs.plan is None:
        raise PlanAskError(
            f"{read.source.file}: no plan: section: add one such as `plan: {{until: 2028SP}}`"
            " (README, Plan your degree)"
        )
    if not prefs.programs:
        raise PlanAskError(
            f"{read.source.file}: a plan needs programs: such as `programs: [girs, major6-3]`"
        )
    catalog = desk.open(prefs, read.folder).catalog
    try:
        terms = tuple(plan_terms(prefs.plan, catalog.term))
    except ValueError as error:
        raise read.source.error(("plan",), str(error)) from None
    lists = tuple(resolve_program(p, desk.cache, read.folder) for p in prefs.programs)
    facts = load_facts(desk.cache, catalog)
    transcript = build_transcript([Entry(t) for t in prefs.taken], facts, prefs.substitute)
    question = Question(
        lists,
        transcript,
        facts,
        sharing_of(prefs, [reqs.id for reqs in lists]),
        overrides_of(prefs),
        prefs.plan,
        terms,
    )
    deadline = desk.deadline(ask.time_limit or prefs.plan.time_limit or PLAN_LIMIT)
    week_catalog = _week_catalog(desk, catalog, terms[0])
    checker = WeekChecker(read, desk, week_catalog, deadline) if week_catalog else None
    planned = plan_degree(question, ask.top or prefs.plan.top or 3, deadline, checker)
    weeks = tuple(
        checker.week_of(plan.terms[0]) if checker and plan.terms[0] else None
        for plan in planned.ranking.plans
    )
    warnings = [w for reqs in lists for w in reqs.warnings] + list(transcript.warnings)
    return PlanAnswer(planned, facts, catalog, week_catalog, weeks, tuple(warnings), lists, read)


DAYS = "MTWRFSU"
SLOT = 5  # minutes: MIT's times are on the half hour, some on the five


def busy_always(subject: Subject) -> int:
    """The times every choice of the subject's sections meets, as a bitmask of 5-minute slots
    of the week: for each kind, what all its sections share (a kind with a section to be
    arranged shares nothing)."""
    found = 0
    for kind in subject.kinds:
        shared = -1
        for section in subject.sections_of(kind):
            mask = 0
            if not section.tba:
                for meeting in section.meetings:
                    first = DAYS.index(meeting.day) * 24 * 60 // SLOT
                    for slot in range(meeting.start // SLOT, -(-meeting.end // SLOT)):
                        mask |= 1 << (first + slot)
            shared &= mask
        found |= max(shared, 0)
    return found


def _week_catalog(desk: Desk, catalog: Catalog, term: str) -> Catalog | None:
    if catalog.term == term:
        return catalog
    try:
        return desk.catalogs.open(None, term).catalog
    except CatalogError:
        return None  # no term file for it: the plan is not checked down to sections


class WeekChecker:
    """Does a first term have a week? The file's weekly rules that only get harder as subjects
    are added (free days, blocked times, earliest and latest, daily hours, workload, walks,
    runs, max days, sections locked or excluded) over "this many of these" per kind; its
    required subjects, groups and units range are the plan's to decide, not the week's."""

    def __init__(self, read: Read, desk: Desk, catalog: Catalog, deadline: Deadline) -> None:
        self.read, self.desk, self.catalog, self.deadline = read, desk, catalog, deadline
        self.found: dict[tuple[tuple[tuple[str, ...], int], ...], Week | None] = {}

    def __call__(self, needs: Sequence[tuple[tuple[str, ...], int]]) -> Sequence[str] | None:
        week = self._solve(tuple(needs))
        return week.result.schedules[0].schedule.courses if week else None

    def alone(self, subjects: Sequence[str]) -> set[str]:
        """Those of `subjects` that have a week on their own (or were not judged in time): the
        others cannot be in the first term at all, whatever comes with them."""
        from solver.core.engine.fits import fit_candidates  # loads OR-Tools

        here = [s for s in subjects if self.catalog.subject(s) is not None]
        request = request_of(self._read(()), self.desk, self.catalog, here)
        course_of = {name: n for n, c in request.courses.items() for name in (n, *c.aliases)}
        fits = fit_candidates(request, self._share())
        return {
            s
            for s in here
            if (fit := fits.get(course_of.get(s, ""))) is None
            or not fit.proven
            or fit.points is not None
        }

    def clashing(self, subjects: Sequence[str]) -> set[frozenset[str]]:
        """Pairs of `subjects` that can never share a week: whatever sections each takes, their
        meetings overlap (in the same half of the term)."""
        busy = {}
        for number in subjects:
            subject = self.catalog.subject(number)
            if subject is not None and (mask := busy_always(subject)):
                busy[number] = (mask, subject.half)
        found: set[frozenset[str]] = set()
        numbers = sorted(busy, key=number_order)
        for i, a in enumerate(numbers):
            mask, half = busy[a]
            for b in numbers[i + 1 :]:
                other, other_half = busy[b]
                if mask & other and (half is None or other_half is None or half == other_half):
                    found.add(frozenset((a, b)))
        return found

    def week_of(self, subjects: Sequence[str]) -> Week | None:
        return self._solve(tuple(((s,), 1) for s in sorted(subjects, key=number_order)))

    def _solve(self, needs: tuple[tuple[tuple[str, ...], int], ...]) -> Week | None:
        from solver.core.engine.solve import solve  # loads OR-Tools

        if needs not in self.found:
            request = request_of(self._read(needs), self.desk, self.catalog)
            result = solve(request, self._share(), top=1)
            self.found[needs] = Week(result, request) if result.schedules else None
        return self.found[needs]

    def _share(self) -> Deadline:
        """A part of the time left, for one weekly check (none once the time is up: an
        `after(0)` would mean no limit at all)."""
        left = self.deadline.left
        if left is None:
            return self.deadline
        return Deadline(self.desk.clock() + left * WEEK_SHARE, self.desk.clock)

    def _read(self, needs: tuple[tuple[tuple[str, ...], int], ...]) -> Read:
        prefs = self.read.prefs
        required = [members[0] for members, count in needs if len(members) == 1]
        groups = [
            Group.model_validate({"pick": count, "from": list(members)})
            for members, count in needs
            if len(members) > 1
        ]
        named = {s for members, _ in needs for s in members}
        week = prefs.model_copy(
            update={
                "required": required,
                "electives": groups,
                "units": None,
                "prereqs": "note",
                "lock": {k: v for k, v in prefs.lock.items() if k in named},
                "exclude": {k: v for k, v in prefs.exclude.items() if k in named},
                "with_": [],
                "together": None,
                "plan_b": False,
                "hold": None,
                "top": 1,
                "by": "sections",
            }
        )
        return replace(self.read, prefs=week)
