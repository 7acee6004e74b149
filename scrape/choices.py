"""`one_of`: what a source writes, narrowed to one of the schema's closed sets of values."""

from typing import TypeVar, get_args

from solver.catalog.schema import Ci, Hass, Level, Season

LEVELS: tuple[Level, ...] = get_args(Level)
SEASONS: tuple[Season, ...] = get_args(Season)  # in calendar order
HASS: tuple[Hass, ...] = get_args(Hass)
CIS: tuple[Ci, ...] = get_args(Ci)

_Choice = TypeVar("_Choice", bound=str)


def one_of(value: str, choices: tuple[_Choice, ...], field: str) -> _Choice:
    """`value` as one of `choices`, or a ValueError naming the `Subject` field it was meant for."""
    for choice in choices:
        if value == choice:
            return choice
    raise ValueError(f"{field}: {value!r} is not one of {', '.join(choices)}")
