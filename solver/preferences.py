"""The preferences file: its YAML contract as typed models, and the loader that names lines.

Every key a student may write is a field here; `preferences.example.yaml` shows each one. Errors
from YAML or validation come out as one `PreferencesError` reading `FILE:LINE: what to do`.
"""

import difflib
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from solver.catalog import TERM_PATTERN, Day, Meeting, format_clock
from solver.errors import PreferencesError
from solver.yaml_source import RawFloat, RawInt, YamlSource, read_yaml

DAY_NAMES = {
    "MON": "M", "MONDAY": "M", "TUE": "T", "TUES": "T", "TUESDAY": "T", "WED": "W",
    "WEDNESDAY": "W", "THU": "R", "THUR": "R", "THURS": "R", "THURSDAY": "R", "FRI": "F",
    "FRIDAY": "F", "SAT": "S", "SATURDAY": "S", "SUN": "U", "SUNDAY": "U",
}  # fmt: skip


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


def _one_or_many(value: object) -> object:
    """`required: "6.1210"` means a list of one."""
    return [value] if isinstance(value, str | RawFloat | RawInt) else value


def _weight_only(value: object) -> object:
    """A wish written as a bare number is its weight, with default settings."""
    return {"weight": value} if isinstance(value, int | float) else value


def _term(value: object) -> str:
    text = str(value.text if isinstance(value, RawInt | RawFloat) else value).strip().upper()
    if not TERM_PATTERN.fullmatch(text):
        raise ValueError(
            f"'{value}' is not a term: write the year and season, such as 2026SP, 2025FA or 2026JA"
        )
    return text


SubjectNumber = Annotated[str, BeforeValidator(_subject_number)]
Term = Annotated[str, BeforeValidator(_term)]
TimeOfDay = Annotated[int, BeforeValidator(_time_of_day)]
Days = Annotated[list[Day], BeforeValidator(_days)]
Weight = Annotated[float, Field(ge=-1000, le=1000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Bounds(Strict):
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Bounds":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is greater than max {self.max:g}")
        return self


class Filter(Strict):
    """Which catalog subjects an elective group may pick from; every given field must match."""

    department: str | list[str] | None = None  # "21W", "6": the part before the dot
    prefix: str | list[str] | None = None  # "6.1", "21M.0": the number starts with it
    level: Literal["U", "G"] | None = None
    hass: Literal["H", "A", "S", "E", "any"] | None = None
    ci: Literal["CI-H", "CI-HW", "any"] | None = None
    gir: str | None = None
    units: (
        Annotated[
            Bounds, BeforeValidator(lambda v: {"min": v, "max": v} if isinstance(v, int) else v)
        ]
        | None
    ) = None  # noqa: E501
    no_final: bool = False
    half: Literal["first", "second", "full"] | None = None
    min_rating: float | None = None
    max_hours: float | None = None


Pool = Annotated[
    Annotated[list[SubjectNumber], Tag("list")] | Annotated[Filter, Tag("filter")],
    Discriminator(lambda v: "list" if isinstance(v, list) else "filter"),
]


class Group(Strict):
    """Pick exactly `pick`, or between `min` and `max`, subjects from a list or a filter."""

    name: str | None = None
    pick: int | None = Field(None, ge=0)
    min: int | None = Field(None, ge=0)
    max: int | None = Field(None, ge=0)
    from_: Pool = Field(alias="from")
    exclude: list[SubjectNumber] = []

    @model_validator(mode="after")
    def _bounds(self) -> "Group":
        if self.pick is not None and (self.min is not None or self.max is not None):
            raise ValueError("write either pick: N, or min:/max:, not both")
        if self.pick is None and self.min is None and self.max is None:
            raise ValueError("say how many to take: pick: N, or min: / max:")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        return self

    @property
    def low(self) -> int:
        return self.pick if self.pick is not None else (self.min or 0)

    @property
    def high(self) -> int | None:
        return self.pick if self.pick is not None else self.max


class Block(Strict):
    """A blocked time: no class may meet then (a job, practice, a commute)."""

    days: Days
    from_: TimeOfDay = Field(alias="from")
    to: TimeOfDay
    label: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Block":
        if self.to <= self.from_:
            raise ValueError(
                f"blocked time ends ({format_clock(self.to)}) before it starts"
                f" ({format_clock(self.from_)})"
            )
        return self


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
    days: Days = []
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


SectionRefs = list[Annotated[SectionRef, BeforeValidator(_section_ref)]]


class Wish(Strict):
    weight: Weight = 1.0


class StartWish(Wish):
    before: TimeOfDay = 10 * 60  # penalised per hour a day's first class starts before this


class EndWish(Wish):
    after: TimeOfDay = 16 * 60  # penalised per hour a day's last class ends after this


class LunchWish(Wish):
    minutes: int = Field(45, gt=0, le=240)
    from_: TimeOfDay = Field(11 * 60, alias="from")
    to: TimeOfDay = 14 * 60

    @model_validator(mode="after")
    def _fits(self) -> "LunchWish":
        if self.to - self.from_ < self.minutes:
            raise ValueError(f"a {self.minutes}-minute lunch does not fit between from and to")
        return self


class EveningWish(Wish):
    after: TimeOfDay = 18 * 60  # penalised per hour of class after this


class FreeDayWish(Wish):
    days: Days = [Day.F]


def _wish(model: type[Wish]) -> object:
    return Annotated[model | None, BeforeValidator(_weight_only)]


class Wishes(Strict):
    """Soft wishes: each adds weight x amount to a schedule's penalty score (lower is better)."""

    fewer_days: Weight = 0  # per day on campus
    fewer_gaps: Weight = 0  # per idle hour between classes
    later_start: _wish(StartWish) = None  # type: ignore[valid-type]
    earlier_end: _wish(EndWish) = None  # type: ignore[valid-type]
    lunch: _wish(LunchWish) = None  # type: ignore[valid-type]
    avoid_evenings: _wish(EveningWish) = None  # type: ignore[valid-type]
    free_day: _wish(FreeDayWish) = None  # type: ignore[valid-type]
    likes: dict[SubjectNumber, Weight] = {}  # subtracted when taken: liked electives rank higher


class Preferences(Strict):
    """What the student wants, exactly as written in their preferences file."""

    catalog: str | None = None
    term: Term | None = None
    required: Annotated[list[SubjectNumber], BeforeValidator(_one_or_many)] = []
    electives: list[Group] = []
    units: Bounds | None = None
    free_days: Days = []
    earliest: TimeOfDay | None = None
    latest: TimeOfDay | None = None
    blocked: list[Block] = []
    lock: dict[SubjectNumber, SectionRefs] = {}
    exclude: dict[SubjectNumber, SectionRefs] = {}
    max_daily_hours: float | None = Field(None, gt=0, le=24)
    max_workload: float | None = Field(None, gt=0)  # hours per week, from subject evaluations
    wishes: Wishes = Wishes()
    top: int = Field(10, ge=1, le=1000, strict=True)  # `top: true` is not a number
    time_limit: float | None = Field(None, gt=0)  # seconds for the whole search

    @field_validator("latest")
    @classmethod
    def _after_earliest(cls, latest: int | None, info: ValidationInfo) -> int | None:
        # A field validator, not a model one, so the error points at the `latest:` line.
        earliest = info.data.get("earliest")
        if earliest is not None and latest is not None and earliest >= latest:
            raise ValueError(
                f"{format_clock(latest)} is not after earliest ({format_clock(earliest)})"
            )
        return latest

    @model_validator(mode="after")
    def _something_to_schedule(self) -> "Preferences":
        if not self.required and not self.electives:
            raise ValueError("nothing to schedule: list subjects under required: or electives:")
        return self


def _keys(*models: type[BaseModel]) -> list[str]:
    return sorted(
        {info.alias or name for model in models for name, info in model.model_fields.items()}
    )


WISH_MODELS = (Wishes, StartWish, EndWish, LunchWish, EveningWish, FreeDayWish)


def _keys_at(loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed where an unknown key was found, to suggest the one a typo meant."""
    parents = [part for part in loc[:-1] if isinstance(part, str)]
    section = parents[0] if parents else None
    if section is None:
        return _keys(Preferences)
    if section == "electives":
        return _keys(Filter) if "from" in parents else _keys(Group)
    nested = {"wishes": WISH_MODELS, "blocked": (Block,), "units": (Bounds,)}
    return _keys(*nested.get(section, (Preferences,)))


def parse_preferences(text: str, file: str) -> tuple[Preferences, YamlSource]:
    """Parse preferences YAML; the `YamlSource` lets later checks point at lines."""
    source = read_yaml(text, file)
    if not isinstance(source.data, dict):
        raise PreferencesError(f"{file}:1: expected keys such as required:, electives:, units:")
    try:
        return Preferences.model_validate(source.data), source
    except ValidationError as error:
        raise _located(error, source) from None


def load_preferences(path: Path) -> tuple[Preferences, YamlSource]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PreferencesError(
            f"{path}: cannot read the preferences file: {error.strerror}"
        ) from None
    except UnicodeDecodeError:
        raise PreferencesError(f"{path}:1: not a text file (save it as UTF-8)") from None
    return parse_preferences(text, str(path))


def _located(error: ValidationError, source: YamlSource) -> PreferencesError:
    first = error.errors()[0]
    path: tuple[str | int, ...] = ()
    for part in first["loc"]:
        # Skip pydantic's union tags and the like: only keys and indexes that exist in the file.
        if (*path, part) in source.lines:
            path = (*path, part)
    where = ".".join(str(part) for part in path)
    if first["type"] == "extra_forbidden":
        key = str(first["loc"][-1])
        close = difflib.get_close_matches(key, _keys_at(tuple(first["loc"])), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see preferences.example.yaml)"
        return source.error(path, f"unknown key '{key}'{hint}")
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        message = f"'{first['loc'][-1]}' is required here"
    return source.error(path, f"{where}: {message}" if where else message)
