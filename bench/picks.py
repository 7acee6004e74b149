"""Subjects for the benchmark's cases that really exist and fit together in a given catalog.

For the real Spring 2026 term the required subjects are a classic sophomore load (6.1210, 18.03,
8.02, 6.1200); for a synthetic term they are chosen the same way every run: the lecture +
recitation subjects with the most section choices that still fit together after 10:00.
"""

import yaml

from bench.cases import Picks, number_key
from solver.catalog.schema import Catalog, Day, Subject
from solver.core.engine.ranking import rank_schedules
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request

REAL_REQUIRED = ("6.1210", "18.03", "8.02", "6.1200")


def choose_subjects(catalog: Catalog) -> Picks:
    """Required subjects, the pick-2 pool and a busy day, chosen deterministically."""
    real = [catalog.subject(n) for n in REAL_REQUIRED]
    if all(s is not None and s.sections for s in real) and _fits(catalog, list(REAL_REQUIRED)):
        required = list(REAL_REQUIRED)
    else:
        required = []
        for subject in sorted(_candidates(catalog), key=lambda s: (-_choices(s), _order(s))):
            if _fits(catalog, [*required, subject.number]):
                required.append(subject.number)
            if len(required) == 4:
                break
    chosen = [catalog.subject(n) for n in required]
    busy = _busy_day(chosen)
    return Picks(tuple(required), _pool(catalog, chosen), busy.value if busy else None)


def _order(subject: Subject) -> tuple:
    return number_key(subject.number)


def _choices(subject: Subject) -> int:
    product = 1
    for kind in subject.kinds:
        product *= len({tuple(x.meetings) for x in subject.sections_of(kind)})
    return product


def _plain(subject: Subject) -> bool:
    """A full-term, timed, 12-unit subject with no other number: a safe required subject."""
    return (
        bool(subject.sections)
        and not any(x.tba for x in subject.sections)
        and subject.half is None
        and subject.starts is None
        and subject.ends is None
        and not subject.units.arranged
        and subject.units.total == 12
        and not subject.same_as
        and not subject.meets_with
        and (not subject.terms or "SP" in subject.terms)
    )


def _candidates(catalog: Catalog) -> list[Subject]:
    return [
        s
        for s in catalog.subjects
        if _plain(s) and {k.value for k in s.kinds} == {"lecture", "recitation"} and not s.hass
    ]


def _fits(catalog: Catalog, required: list[str]) -> bool:
    """Do these subjects fit in one week with nothing before 10:00? (A quick CP-SAT check.)"""
    text = yaml.safe_dump({"required": required, "earliest": "10:00", "top": 1})
    prefs, source = parse_preferences(text, "<bench>")
    return bool(rank_schedules(build_request(prefs, source, catalog), top=1).schedules)


def _pool(catalog: Catalog, required: list[Subject]) -> tuple[str, ...]:
    """Fifteen undergraduate subjects with the most choices, from the required departments first;
    never two numbers of one subject (joint or meets-with), which the solver would merge."""
    taken = {n for s in required for n in (s.number, *s.same_as, *s.meets_with)}
    departments = {s.number.split(".")[0] for s in required}
    electives = [s for s in catalog.subjects if _plain_elective(s) and s.level == "U"]
    electives.sort(
        key=lambda s: (s.number.split(".")[0] not in departments, -_choices(s), _order(s))
    )
    pool: list[str] = []
    for subject in electives:
        if subject.number not in taken and len(pool) < 15:
            pool.append(subject.number)
            taken.update((subject.number, *subject.same_as, *subject.meets_with))
    return tuple(pool)


def _plain_elective(subject: Subject) -> bool:
    return (
        bool(subject.sections)
        and subject.half is None
        and not subject.units.arranged
        and subject.units.total == 12
        and (not subject.terms or "SP" in subject.terms)
    )


def _busy_day(required: list[Subject]) -> Day | None:
    """A weekday on which every section of some kind of some required subject meets."""
    for day in (Day.F, Day.M, Day.T, Day.W, Day.R):
        for subject in required:
            for kind in subject.kinds:
                sections = subject.sections_of(kind)
                if all(any(m.day == day for m in x.meetings) for x in sections):
                    return day
    return None
