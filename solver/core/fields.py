"""The value types a preferences file is written in: subject numbers, times, days, weights.

Each reads what a student writes (an unquoted 18.100, a YAML 1.1 `10:00`, "MWF", `Friday`) into
one typed value, once, at the edge; everything after works with the typed value.
"""

import math
import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from solver.catalog.clock import format_clock
from solver.catalog.schema import TERM_PATTERN, Day, Meeting
from solver.core.yaml_source import RawFloat, RawInt

DAY_NAMES = {
    "MON": "M", "MONDAY": "M", "TUE": "T", "TUES": "T", "TUESDAY": "T", "WED": "W",
    "WEDNESDAY": "W", "THU": "R", "THUR": "R", "THURS": "R", "THURSDAY": "R", "FRI": "F",
    "FRIDAY": "F", "SAT": "S", "SATURDAY": "S", "SUN": "U", "SUNDAY": "U",
}  # fmt: skip


class Strict(BaseModel):
    """A part of the preferences file: unknown keys are refused, values never change."""

    # Validators are built when first used: only `Preferences` itself is validated from files.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


def _subject_number(value: object) -> str:
    # An unquoted 18.100 arrives as a float; its source text is the subject the user meant.
    text = value.text if isinstance(value, RawFloat | RawInt) else value
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9]+\.[A-Za-z0-9]+", text.strip()):
        raise ValueError(f'\'{text}\' is not a subject number such as "6.1210" or "21W.742"')
    return text.strip().upper()


def _time_of_day(value: object) -> int:
    # YAML 1.1 reads an unquoted 10:00 as the integer 600; the source text is what was meant.
    text = value.text if isinstance(value, RawInt | RawFloat) else value
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", str(text).strip())
    if (
        not match
        or int(match[1]) > 24
        or int(match[2]) > 59
        or int(match[1]) * 60 + int(match[2]) > 24 * 60
    ):
        raise ValueError(f'bad time \'{text}\': write a 24-hour time such as "09:30" or "17:00"')
    return int(match[1]) * 60 + int(match[2])


def _days(value: object) -> list[Day]:
    items = list(value) if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError('days are letters M T W R F S U, e.g. [M, W] or "MWF"')
    days: list[Day] = []
    for item in items:
        letter = DAY_NAMES.get(str(item).strip().upper(), str(item).strip().upper())
        if letter not in "MTWRFSU" or len(letter) != 1:
            raise ValueError(f"'{item}' is not a day: use M T W R F S U (R is Thursday)")
        if Day(letter) not in days:
            days.append(Day(letter))
    return days


def _term(value: object) -> str:
    text = str(value.text if isinstance(value, RawInt | RawFloat) else value).strip().upper()
    if not TERM_PATTERN.fullmatch(text):
        raise ValueError(
            f"'{value}' is not a term: write the year and season, such as 2026SP, 2025FA or 2026JA"
        )
    return text


def bounded(low: float, high: float, *, above: bool = False) -> BeforeValidator:
    """A number between `low` and `high` (strictly above `low` with `above`): no booleans, no
    .nan or .inf, and the limits named when it is out of them, since every number here ends up
    in CP-SAT's integers or in a JSON file."""

    def read(value: object) -> float:
        text = value.text if isinstance(value, RawInt | RawFloat) else str(value)
        if isinstance(value, str):  # YAML 1.1 reads 1e19 (no dot) as text
            try:
                value = float(value)
            except ValueError:
                raise ValueError(f"'{text}' is not a number") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"'{text.lower()}' is not a number")
        if not math.isfinite(value):
            raise ValueError(f"{text} is not a number to count with: write a finite number")
        if value > high:
            raise ValueError(f"{text} is more than {high:g}")
        if value < low or (above and value == low):
            raise ValueError(f"{text} must be more than {low:g}" if above else
                             f"{text} is less than {low:g}")  # fmt: skip
        return float(value)

    return BeforeValidator(read)


def as_written(value: object) -> object:
    """A number YAML read (`taken: [6.1200]`) as the text the student wrote."""
    return value.text if isinstance(value, RawFloat | RawInt) else value


def one_or_many(value: object) -> object:
    """`required: "6.1210"` means a list of one."""
    return [value] if isinstance(value, str | RawFloat | RawInt) else value


SubjectNumber = Annotated[str, BeforeValidator(_subject_number)]
Term = Annotated[str, BeforeValidator(_term)]
TimeOfDay = Annotated[int, BeforeValidator(_time_of_day)]
Days = Annotated[tuple[Day, ...], BeforeValidator(_days)]
Weight = Annotated[float, bounded(-1000, 1000)]
Speed = Annotated[float, bounded(0.1, 5)]  # meters a second: a slow stroll to a run
Gap = Annotated[float, bounded(0, 60)]  # minutes between classes that still follow each other
# A name the student gives (a group, a blocked time): shown in tables and files, so printable.
Label = Annotated[str, Field(pattern=r"^[^\x00-\x1f\x7f-\x9f]*$", max_length=100)]
# A subject or a GIR taken, as written: 6.1200 (unquoted, read by YAML as a number), CAL1.
TakenEntry = Annotated[Label, BeforeValidator(as_written)]


def _section_ref(value: object) -> object:
    """`R03` names a section; `WF 10:00` names whichever section meets then. Only these two
    written forms are the contract (the mapping they become is internal)."""
    if isinstance(value, SectionRef):  # built in code, not read from a file
        return value
    if not isinstance(value, str):
        raise ValueError("write a section as an id such as R03 or a time such as 'WF 10:00'")
    text = value.strip()
    if re.fullmatch(r"[LRBDlrbd]\d{2,3}", text):
        return {"id": text.upper()}
    match = re.fullmatch(r"([A-Za-z]+)\s+(\d{1,2}:\d{2})", text)
    if match:
        return {"days": match[1], "start": match[2]}
    raise ValueError(f"'{text}' is neither a section id such as R03 nor a time such as 'WF 10:00'")


class SectionRef(Strict):
    id: str | None = None
    days: Days = ()
    start: TimeOfDay | None = None

    def __str__(self) -> str:
        if self.id:
            return self.id
        return "".join(self.days) + " " + format_clock(self.start or 0)

    def matches(self, ids: tuple[str, ...], meetings: tuple[Meeting, ...]) -> bool:
        """Does this refer to a section with these ids (merged rooms) and meetings?"""
        if self.id:
            return self.id in ids
        return all(any(m.day == d and m.start == self.start for m in meetings) for d in self.days)


# `lock: {"6.1210": R03}` means a list of one, as `required: "6.1210"` does.
SectionRefs = Annotated[
    list[Annotated[SectionRef, BeforeValidator(_section_ref)]], BeforeValidator(one_or_many)
]
