"""Looking subjects up as `coursepick search` and `show` do, for every door (the command line,
the MCP server): filters checked as an elective group's `from:`, what the student has taken,
subjects that fit beside a schedule, and subjects asked for by number."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from solver.catalog.schema import Catalog, Subject
from solver.catalog.search import Match, search_subjects, sort_matches
from solver.core.eligibility import NOTHING_TAKEN, Record, Verdict, prereq_of, verdict
from solver.core.filters import matcher
from solver.core.preferences import Filter, Preferences
from solver.core.yaml_source import YamlSource
from solver.errors import CoursepickError

SORTS = ("relevance", "rating", "hours", "number")
FILTERS = ("department", "prefix", "level", "hass", "ci", "gir", "units", "min_rating",
           "max_hours", "no_final", "half", "prereqs")  # fmt: skip


def parse_units(text: str) -> dict[str, float | None]:
    """`12`, `6-9`, `9-` or `-9` as a units range."""
    low, dash, high = text.partition("-")
    try:
        bounds = (float(low) if low else None, float(high) if high else None)
    except ValueError:
        raise ValueError(f"{text!r} is not 12, 6-9, 9- or -9") from None
    return {"min": bounds[0], "max": bounds[1] if dash else bounds[0]}


def parse_taken(text: str) -> list[str]:
    """`"6.100A 6.1200, CAL1"`: subjects and GIRs, by spaces or commas."""
    return text.replace(",", " ").split()


def build_filter(given: dict[str, object], name: Callable[[str], str]) -> Filter:
    """The filters given, checked as an elective group's `from:` is; `name(field)` is how the
    caller spells a field in the error (`--min-rating` on the command line)."""
    try:
        return Filter.model_validate(given)
    except ValidationError as error:
        problem = error.errors()[0]
        message = problem["msg"].removeprefix("Value error, ")
        raise CoursepickError(f"search {name(str(problem['loc'][0]))}: {message}") from None


def find_subjects(
    catalog: Catalog,
    text: str,
    *,
    index: Path | None = None,
    spec: Filter | None = None,
    record: Record | None = None,
    beside: set[str] | None = None,
    sort: str = "relevance",
) -> list[Match]:
    """Search rows for `text`, kept by the filters `spec` (then only subjects offered this term,
    as in an elective group) and by `beside` (numbers that fit), in the order `sort` asks."""
    matches = search_subjects(catalog, text, index)
    if spec is not None:
        keep = matcher(spec, catalog.term[4:], record or NOTHING_TAKEN)
        matches = [match for match in matches if keep(match.subject)]
    if beside is not None:
        matches = [match for match in matches if match.subject.number in beside]
    return sort_matches(matches, sort)


def fitting_beside(prefs: Preferences, source: YamlSource, catalog: Catalog) -> set[str] | None:
    """Subjects that fit beside the best schedule of these preferences; None when none fits."""
    from solver.core.engine.ranking import rank_schedules  # loads OR-Tools: only when asked
    from solver.core.fits import fitting
    from solver.core.resolve import build_request

    result = rank_schedules(build_request(prefs, source, catalog), top=1)
    if not result.schedules:
        return None
    return fitting(catalog, result.schedules[0].schedule.options)


@dataclass(frozen=True)
class Found:
    """Subjects asked for by number: those found with their prerequisites' status for the
    student, the numbers that are old ones (asked, current), and a message per unknown one."""

    subjects: list[Subject]
    standings: list[Verdict]
    renamed: list[tuple[str, str]]
    unknown: list[str]


def look_up(catalog: Catalog, numbers: Iterable[str], record: Record | None) -> Found:
    asked = [number.strip() for number in numbers]
    found = [catalog.subject(number) for number in asked]
    subjects = [subject for subject in found if subject]
    return Found(
        subjects,
        [verdict(prereq_of(subject), record or NOTHING_TAKEN) for subject in subjects],
        [(n, s.number) for n, s in zip(asked, found, strict=True) if s and s.number != n.upper()],
        [catalog.unknown(n) for n, s in zip(asked, found, strict=True) if s is None],
    )
