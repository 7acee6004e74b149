"""Hydrant's term JSON as typed records, read leniently (unknown keys ignored, text made
printable) but with numbers as JSON writes them: a string or a boolean where Hydrant writes a
number is an error of its entry, not a guess. `scrape.hydrant` turns these into a `Catalog`.
"""

import json
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, field_validator
from pydantic.alias_generators import to_camel

from scrape.errors import ScrapeError
from scrape.text import printable
from solver.catalog.schema import Kind

# One Hydrant section in the slot encoding: [[[start slot, slot count], ...], room].
_SlotSection = tuple[list[Any], str]
# Numbers as JSON writes them: no "12" or true read as 12 or 1.
_Int = Annotated[int, Strict()]
_Float = Annotated[float, Strict()]
_Bool = Annotated[bool, Strict()]


class _Raw(BaseModel):
    """Hydrant's camelCase JSON, read leniently: unknown keys are ignored, types still checked,
    text made printable."""

    model_config = ConfigDict(alias_generator=to_camel, extra="ignore", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        if isinstance(value, str):
            return printable(value)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return [printable(item) for item in value]
        return value


class RawTermInfo(_Raw):
    url_name: str
    start_date: date | None = None
    end_date: date | None = None
    h1_end_date: date | None = None
    h2_start_date: date | None = None
    monday_schedule_date: date | None = None  # absent in f22, f24 and i26
    holiday_dates: tuple[date, ...] = ()


class RawLocation(_Raw):
    x: _Float
    y: _Float


class RawTerm(_Raw):
    term_info: RawTermInfo
    last_updated: str = ""
    # Each subject and each location is read on its own, so one bad one is only a problem.
    classes: dict[str, Any]
    locations: dict[str, Any] = {}


_Month = Annotated[int, Strict(), Field(ge=1, le=12)]
_Day = Annotated[int, Strict(), Field(ge=1, le=31)]


class RawQuarter(_Raw):
    start: tuple[_Month, _Day] | None = None  # [month, day]
    end: tuple[_Month, _Day] | None = None


class RawSubject(_Raw):
    number: str
    name: str
    old_number: str | None = None
    description: str = ""
    in_charge: str = ""
    prereqs: str = ""
    terms: list[str] = []
    level: str | None = None
    gir: str = ""
    hass: list[str] = []
    comms: str = ""
    same: str = ""
    meets: str = ""
    half: Literal[False, 1, 2] = False
    quarter_info: RawQuarter | None = None
    final: _Bool = False
    lecture_units: _Int = 0
    lab_units: _Int = 0
    preparation_units: _Int = 0
    is_variable_units: _Bool = False
    rating: _Float = 0
    hours: _Float = 0
    size: _Float = 0
    limited: _Bool = False  # enrolment decided by a lottery (HASS, CI-H)
    nonext: _Bool = False  # not offered next academic year
    repeat: _Bool = False  # can be repeated for credit
    lecture_raw_sections: list[str] | str | None = None
    recitation_raw_sections: list[str] | str | None = None
    lab_raw_sections: list[str] | str | None = None
    design_raw_sections: list[str] | str | None = None
    lecture_sections: list[_SlotSection] | None = None
    recitation_sections: list[_SlotSection] | None = None
    lab_sections: list[_SlotSection] | None = None
    design_sections: list[_SlotSection] | None = None

    @field_validator("half", mode="before")
    @classmethod
    def _half_as_written(cls, value: Any) -> Any:
        # The literal alone would read true as 1 (the first half) and 0 as false.
        if value is False or (type(value) is int and value in (1, 2)):
            return value
        raise ValueError("Input should be false, 1 or 2")

    def raw_sections(self, kind: Kind) -> list[str]:
        raw = getattr(self, f"{kind.value}_raw_sections")
        # f24 stores a subject's only entry as a bare string instead of a one-element list.
        return [raw] if isinstance(raw, str) else list(raw or [])

    def slot_rooms(self, kind: Kind) -> list[str]:
        # Text inside the slot arrays is not reached by `_printable`, which sees only top levels.
        return [printable(room) for _, room in getattr(self, f"{kind.value}_sections") or []]


def read_term(data: bytes | str, where: str) -> RawTerm:
    try:
        document = json.loads(data)
    except ValueError as error:  # JSONDecodeError, or bytes that are not UTF-8
        raise ScrapeError(f"{where}: not JSON ({error})") from None
    except RecursionError:  # the decoder's own guard, raised before the stack runs out
        raise ScrapeError(f"{where}: not a Hydrant term file (JSON nested too deeply)") from None
    try:
        return RawTerm.model_validate(document)
    except ValidationError as error:
        raise ScrapeError(f"{where}: not a Hydrant term file: {explain(error)}") from None


def explain(error: ValidationError) -> str:
    """The first error of a validation, in one line: where, what, and the value (cut short)."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "top level"
    value = repr(first["input"])
    value = value if len(value) <= 60 else value[:57] + "..."
    return f"{where}: {first['msg']} (got {value})"
