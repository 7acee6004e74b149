"""The search filters as both doors offer them: the fields of `solver.core.preferences.Filter`
(the filters of an elective group's `from:`), each with its name, description and kind, so a new
field is a new option of the command line and of the MCP tool at once, never one silently
dropped; and the values given, checked as a `from:` is."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal, get_args, get_origin

from pydantic import ValidationError

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
# better than "prereqs" in a search, and alone it means "met"; `--limited` alone means "yes".
_RENAMED = {"prereqs": ("can_take", "met"), "limited": ("limited", "yes")}


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
