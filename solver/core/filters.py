"""Elective filters: which catalog subjects a group written as a filter may pick from."""

from collections.abc import Callable

from solver.catalog.schema import Subject
from solver.core.eligibility import NOTHING_TAKEN, Record, allowed, prereq_of, verdict
from solver.core.preferences import Filter


def matcher(spec: Filter, season: str, record: Record = NOTHING_TAKEN) -> Callable[[Subject], bool]:
    """A test for an elective filter: every given field must match. Only the given fields are
    checked, since a filter runs over every subject of the catalog. `prereqs` is judged against
    `record` alone (a request also counts coreqs taken the same term: see `request`)."""
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
        gir = spec.gir.upper()
        tests.append(lambda s: gir in s.gir)
    if spec.units is not None:
        low, high = spec.units.min, spec.units.max
        tests.append(lambda s: not s.units.arranged and _within(s.units.total, low, high))
    if spec.no_final:
        tests.append(lambda s: not s.has_final)
    if spec.half is not None:
        tests.append(lambda s: (s.half or "full") == spec.half)
    if spec.min_rating is not None:
        least = spec.min_rating
        tests.append(lambda s: (s.rating or 0) >= least)
    if spec.max_hours is not None:
        most = spec.max_hours
        tests.append(lambda s: s.hours is not None and s.hours <= most)
    if spec.prereqs is not None:
        keep = allowed(spec.prereqs)
        tests.append(lambda s: verdict(prereq_of(s), record).status in keep)
    return lambda subject: all(test(subject) for test in tests)


def _listed(value: str | list[str]) -> list[str]:
    return [value.upper()] if isinstance(value, str) else [v.upper() for v in value]


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)
