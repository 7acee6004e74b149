"""Elective filters: which catalog subjects a group written as a filter may pick from.

One test per field of `Filter`, registered by the field's name (`TESTS`), so a new field
without its test fails a test instead of being silently ignored."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from solver.catalog.schema import Subject
from solver.core.eligibility import NOTHING_TAKEN, Record, allowed, prereq_of, verdict
from solver.core.preferences import Bounds, Filter
from solver.errors import CoursepickError

Test = Callable[[Subject], bool]
# A requirement path (major6-3/2, or unmet) -> the subjects that would count toward it; the
# degree room knows, and the caller hands it in (the core never reads requirement lists).
Toward = Callable[[str], frozenset[str]]


@dataclass(frozen=True)
class Judging:
    """What some filters judge subjects against: what the student has taken, and which
    subjects count toward their requirements."""

    record: Record = NOTHING_TAKEN
    toward: Toward | None = None


# field -> (its value, what it is judged against) -> the test of a subject
TESTS: dict[str, Callable[[Any, Judging], Test]] = {}


def _test(name: str) -> Callable[[Callable[[Any, Judging], Test]], Callable[[Any, Judging], Test]]:
    def register(build: Callable[[Any, Judging], Test]) -> Callable[[Any, Judging], Test]:
        TESTS[name] = build
        return build

    return register


def matcher(spec: Filter, season: str, judging: Judging = Judging()) -> Test:
    """A test for an elective filter: every given field must match. Only the given fields are
    checked, since a filter runs over every subject of the catalog. `prereqs` is judged against
    the record alone (a request also counts coreqs taken the same term: see `resolve`)."""
    tests: list[Test] = [lambda s: not s.terms or season in s.terms]
    for name, build in TESTS.items():
        value = getattr(spec, name)
        if value != Filter.model_fields[name].default:  # given (no_final: False is not)
            tests.append(build(value, judging))
    return lambda subject: all(test(subject) for test in tests)


@_test("department")
def _department(value: str | list[str], _: Judging) -> Test:
    departments = _listed(value)
    return lambda s: s.number.split(".")[0] in departments


@_test("prefix")
def _prefix(value: str | list[str], _: Judging) -> Test:
    prefixes = tuple(_listed(value))
    return lambda s: s.number.startswith(prefixes)


@_test("level")
def _level(value: str, _: Judging) -> Test:
    return lambda s: s.level == value


@_test("hass")
def _hass(value: str, _: Judging) -> Test:
    return lambda s: bool(s.hass) if value == "any" else value in s.hass


@_test("ci")
def _ci(value: str, _: Judging) -> Test:
    return lambda s: s.ci is not None if value == "any" else s.ci == value


@_test("gir")
def _gir(value: str, _: Judging) -> Test:
    gir = value.upper()
    return lambda s: gir in s.gir


@_test("units")
def _units(value: Bounds, _: Judging) -> Test:
    low, high = value.min, value.max
    return lambda s: not s.units.arranged and _within(s.units.total, low, high)


@_test("no_final")
def _no_final(_: bool, __: Judging) -> Test:
    return lambda s: not s.has_final


@_test("half")
def _half(value: str, _: Judging) -> Test:
    return lambda s: (s.half or "full") == value


@_test("min_rating")
def _min_rating(value: float, _: Judging) -> Test:
    return lambda s: (s.rating or 0) >= value


@_test("max_hours")
def _max_hours(value: float, _: Judging) -> Test:
    return lambda s: s.hours is not None and s.hours <= value


@_test("prereqs")
def _prereqs(value: str, judging: Judging) -> Test:
    """Subjects the student can take: not taken already (under any of their numbers), and
    with prerequisites the record meets."""
    keep, record = allowed(value), judging.record
    return lambda s: not record.has_taken(s) and verdict(prereq_of(s), record).status in keep


@_test("requirement")
def _requirement(value: str, judging: Judging) -> Test:
    if judging.toward is None:
        raise CoursepickError(f"requirement {value}: no requirement lists to judge it with")
    counting = judging.toward(value)
    return lambda s: s.number in counting


@_test("limited")
def _limited(value: bool, _: Judging) -> Test:
    return lambda s: s.limited == value


def _listed(value: str | list[str]) -> list[str]:
    return [value.upper()] if isinstance(value, str) else [v.upper() for v in value]


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)
