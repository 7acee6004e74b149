"""`search`: subjects by words or number, kept by the filters of an elective group's `from:`,
by what the student can take and by what fits beside their best schedule, in the order asked.

The filters are the fields of `solver.core.preferences.Filter`, and `FILTER_OPTIONS` lists
them as both doors offer them (each field's name, description and kind), so a new field is a
new option of the command line and of the MCP tool at once, never one silently dropped.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal, get_args, get_origin

from pydantic import ValidationError

from solver.app.desk import Desk
from solver.app.given import Given, read_preferences
from solver.app.taken import Taken
from solver.catalog.schema import Catalog
from solver.catalog.search import Match, search_subjects, sort_matches
from solver.core.eligibility import NOTHING_TAKEN
from solver.core.filters import matcher
from solver.core.preferences import Filter
from solver.errors import CoursepickError

Sort = Literal["relevance", "rating", "hours", "number"]
SORTS: tuple[str, ...] = get_args(Sort)


@dataclass(frozen=True)
class FilterOption:
    """One filter as the doors offer it."""

    field: str  # the `Filter` field it sets
    name: str  # as the doors call it: `min_rating` (the command line: `--min-rating`)
    description: str
    # What a door receives: yes or no (`--no-final`), a number, one name or several
    # (departments), or a text the filter reads (`6-9` units, `U` for a level).
    kind: Literal["flag", "number", "names", "text"]
    alone: str | None = None  # what it means given without a value (`--can-take`: met)


# Where the doors call a filter otherwise than the preferences file does: "can take" reads
# better than "prereqs" in a search, and alone it means "met".
_RENAMED = {"prereqs": ("can_take", "met")}


def _option(name: str) -> FilterOption:
    info = Filter.model_fields[name]
    door, alone = _RENAMED.get(name, (name, None))
    return FilterOption(name, door, info.description or "", _kind(info.annotation), alone)


def _kind(annotation: object) -> Literal["flag", "number", "names", "text"]:
    if annotation is bool:
        return "flag"
    bare = {
        get_args(member)[0] if get_origin(member) is Annotated else get_origin(member) or member
        for member in get_args(annotation)  # the members of `X | None`
    }
    if float in bare:
        return "number"
    return "names" if list in bare else "text"


FILTER_OPTIONS: tuple[FilterOption, ...] = tuple(_option(name) for name in Filter.model_fields)


class FilterError(CoursepickError):
    """A filter value the filter refuses: which option, and why (each door spells the option
    its own way)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"search {option}: {message}")
        self.option, self.message = option, message


def build_filter(given: Mapping[str, object]) -> Filter:
    """The filters given by their doors' names, checked as an elective group's `from:` is."""
    by_name = {option.name: option for option in FILTER_OPTIONS}
    unknown = sorted(set(given) - set(by_name))
    if unknown:
        raise FilterError(unknown[0], "no such filter")
    try:
        return Filter.model_validate({by_name[n].field: v for n, v in given.items()})
    except ValidationError as error:
        problem = error.errors()[0]
        field_name = str(problem["loc"][0])
        door = next(o.name for o in FILTER_OPTIONS if o.field == field_name)
        raise FilterError(door, problem["msg"].removeprefix("Value error, ")) from None


@dataclass(frozen=True)
class SearchAsk:
    text: str = ""
    filters: Mapping[str, object] = field(default_factory=dict)  # by door name, as given
    taken: Taken = Taken()
    fits: Given | None = None  # keep subjects that fit beside these preferences' best week
    sort: Sort = "relevance"
    limit: int | None = None  # rows at most


@dataclass(frozen=True)
class SearchAnswer:
    matches: list[Match]  # the rows shown, best first
    catalog: Catalog
    sample: bool
    found: int  # rows before the limit


def answer_search(ask: SearchAsk, desk: Desk) -> SearchAnswer:
    """Rows for the ask; with any filter, only subjects offered this term are kept."""
    spec = build_filter(ask.filters) if ask.filters else None
    opened = desk.open()
    catalog = opened.catalog
    beside = _fitting(ask.fits, catalog) if ask.fits is not None else None
    matches = search_subjects(catalog, ask.text, desk.index / f"{catalog.term}.sqlite")
    if spec is not None:
        keep = matcher(spec, catalog.term[4:], ask.taken.record(catalog) or NOTHING_TAKEN)
        matches = [match for match in matches if keep(match.subject)]
    if beside is not None:
        matches = [match for match in matches if match.subject.number in beside]
    matches = sort_matches(matches, ask.sort)
    shown = matches if ask.limit is None else matches[: ask.limit]
    return SearchAnswer(shown, catalog, opened.is_sample, len(matches))


def _fitting(given: Given, catalog: Catalog) -> set[str]:
    """Subjects that fit beside the best schedule of these preferences."""
    from solver.core.engine.ranking import rank_schedules  # loads OR-Tools: only when asked
    from solver.core.fits import fitting
    from solver.core.resolve import build_request

    read = read_preferences(given)
    result = rank_schedules(build_request(read.prefs, read.source, catalog), top=1)
    if not result.schedules:
        raise CoursepickError(
            f"{given.name}: no schedule fits these preferences, so no subject fits beside one"
        )
    return fitting(catalog, result.schedules[0].schedule.options)
