"""The preferences file: its YAML contract as typed models, and the loader that names lines.

Every key a student may write is a field here; `preferences.example.yaml` shows each one. Errors
from YAML or validation come out as one `PreferencesError` reading `FILE:LINE: what to do`.
"""

from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from solver.catalog.campus import BACK_TO_BACK, WALKING_SPEED
from solver.catalog.clock import format_clock
from solver.catalog.files import Unfit, read_bounded
from solver.core.degree_keys import DegreeKeys, RequirementPath, StrictAmong
from solver.core.fields import (
    Days,
    Gap,
    Label,
    SectionRefs,
    Speed,
    Strict,
    SubjectNumber,
    TakenEntry,
    Term,
    TimeOfDay,
    bounded,
    one_or_many,
)
from solver.core.plan_keys import PlanKeys
from solver.core.together import Meet, Together
from solver.core.wishes import (
    WISHES,
    AvoidEvenings,
    EarlierEnd,
    FewerDays,
    FewerGaps,
    FewerLongRuns,
    FreeDay,
    Keep,
    LaterStart,
    Likes,
    Lunch,
    ShortWalks,
    Wish,
    shorthand,
)
from solver.core.yaml_source import YamlSource, read_yaml
from solver.errors import PreferencesError


class Bounds(Strict):
    min: Annotated[float, bounded(0, 1000)] | None = None
    max: Annotated[float, bounded(0, 1000)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Bounds":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is greater than max {self.max:g}")
        return self


def _exactly(value: object) -> object:
    """`units: 48` means exactly 48; a range is written {min: 36, max: 54}, or as text (as a
    search option is): `12`, `36-54`, `36-` (at least) or `-54` (at most)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"min": value, "max": value}
    if isinstance(value, str):
        low, dash, high = value.strip().partition("-")
        try:
            bounds = (float(low) if low else None, float(high) if high else None)
        except ValueError:
            raise ValueError(f"{value!r} is not 12, 6-9, 9- or -9") from None
        return {"min": bounds[0], "max": bounds[1] if dash else bounds[0]}
    if not isinstance(value, dict | Bounds):
        raise ValueError("write a number such as 48, or a range such as {min: 36, max: 54}")
    return value


Range = Annotated[Bounds, BeforeValidator(_exactly)]


class Filter(Strict):
    """Which catalog subjects an elective group may pick from; every given field must match."""

    # Each description is also the help of the search option (both doors) the field becomes.
    department: str | list[str] | None = Field(None, description="the part before the dot: 21W, 6")
    prefix: str | list[str] | None = Field(
        None, description="the number starts with it: 6.1, 21M.0"
    )
    level: Literal["U", "G"] | None = Field(None, description="U or G")
    hass: Literal["H", "A", "S", "E", "any"] | None = Field(None, description="H, A, S, E or any")
    ci: Literal["CI-H", "CI-HW", "any"] | None = Field(None, description="CI-H, CI-HW or any")
    gir: str | None = Field(None, description="CAL1, PHY2, REST, LAB, ...")
    units: Range | None = Field(None, description="12, or a range: 6-9, 9-")
    no_final: bool = Field(False, description="no final exam")
    half: Literal["first", "second", "full"] | None = Field(
        None, description="first, second or full"
    )
    min_rating: Annotated[float, bounded(0, 7)] | None = Field(
        None, description="evaluations, out of 7"
    )
    max_hours: Annotated[float, bounded(0, 168)] | None = Field(
        None, description="hours a week, in class and out"
    )
    prereqs: Literal["met", "permission"] | None = Field(
        None,
        description="prerequisites met by what was taken (permission: also those needing consent)",
    )
    requirement: RequirementPath | None = Field(
        None,
        description="counts toward this requirement of your programs (a path such as"
        " major6-3/2, or unmet: any requirement not yet met)",
    )
    limited: bool | None = Field(
        None, description="yes: only lottery subjects (limited enrolment); no: only open ones"
    )


Pool = Annotated[
    Annotated[list[SubjectNumber], Tag("list")] | Annotated[Filter, Tag("filter")],
    Discriminator(lambda v: "list" if isinstance(v, list) else "filter"),
]


class Group(Strict):
    """Pick exactly `pick`, or between `min` and `max`, subjects from a list or a filter."""

    name: Label | None = None
    pick: int | None = Field(None, ge=0, le=100)
    min: int | None = Field(None, ge=0, le=100)
    max: int | None = Field(None, ge=0, le=100)
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
    label: Label | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Block":
        if self.to <= self.from_:
            raise ValueError(
                f"blocked time ends ({format_clock(self.to)}) before it starts"
                f" ({format_clock(self.from_)})"
            )
        return self


def _first_field(name: str) -> BeforeValidator:
    """A bare number is the setting's main field: `max_walk: 10` is {minutes: 10}."""
    return BeforeValidator(lambda value: value if isinstance(value, dict) else {name: value})


class WalkLimit(Strict):
    """No walk between back-to-back classes longer than `minutes` (see solver.catalog.campus)."""

    minutes: Annotated[float, bounded(0, 60)]
    speed: Speed = WALKING_SPEED  # meters a second
    within: Gap = BACK_TO_BACK  # minutes after a class ends that the next still follows it


class RunLimit(Strict):
    """No more than `hours` of back-to-back classes in a row."""

    hours: Annotated[float, bounded(0, 24, above=True)]
    within: Gap = BACK_TO_BACK


class Wishes(Strict):
    """Soft wishes: each adds weight x amount to a schedule's penalty score (lower is better).

    One field per class of `solver.core.wishes.WISHES`, under its key (a test keeps them equal)."""

    fewer_days: Annotated[FewerDays | None, shorthand(FewerDays)] = None
    fewer_gaps: Annotated[FewerGaps | None, shorthand(FewerGaps)] = None
    later_start: Annotated[LaterStart | None, shorthand(LaterStart)] = None
    earlier_end: Annotated[EarlierEnd | None, shorthand(EarlierEnd)] = None
    lunch: Annotated[Lunch | None, shorthand(Lunch)] = None
    avoid_evenings: Annotated[AvoidEvenings | None, shorthand(AvoidEvenings)] = None
    free_day: Annotated[FreeDay | None, shorthand(FreeDay)] = None
    likes: Annotated[Likes | None, shorthand(Likes)] = None
    short_walks: Annotated[ShortWalks | None, shorthand(ShortWalks)] = None
    fewer_long_runs: Annotated[FewerLongRuns | None, shorthand(FewerLongRuns)] = None
    keep: Annotated[Keep | None, shorthand(Keep)] = None

    @property
    def active(self) -> tuple[Wish, ...]:
        """The wishes set with a weight, in registry order."""
        found = (getattr(self, wish.key) for wish in WISHES)
        return tuple(wish for wish in found if wish is not None and wish.active)


class Preferences(DegreeKeys):
    """What the student wants, exactly as written in their preferences file: the week's keys
    here, the degree's in `DegreeKeys`."""

    catalog: str | None = None
    term: Term | None = None
    required: Annotated[list[SubjectNumber], BeforeValidator(one_or_many)] = []
    # Subjects (current or old numbers) and GIRs (CAL1, "Physics I") done: for prerequisites.
    taken: Annotated[list[TakenEntry], BeforeValidator(one_or_many)] = []
    electives: list[Group] = []
    units: Range | None = None
    free_days: Days = ()
    earliest: TimeOfDay | None = None
    latest: TimeOfDay | None = None
    blocked: list[Block] = []
    lock: dict[SubjectNumber, SectionRefs] = {}
    exclude: dict[SubjectNumber, SectionRefs] = {}
    max_daily_hours: Annotated[float, bounded(0, 24, above=True)] | None = None
    max_days: int | None = Field(None, ge=0, le=7, strict=True)  # days of the week with class
    max_workload: Annotated[float, bounded(0, 168, above=True)] | None = None  # hours a week
    max_walk: Annotated[WalkLimit | None, _first_field("minutes")] = None
    max_in_a_row: Annotated[RunLimit | None, _first_field("hours")] = None
    # note: say which chosen subjects `taken:` does not qualify you for; strict: refuse them.
    prereqs: Literal["note", "strict"] = "note"
    wishes: Wishes = Wishes.model_construct()  # no validator built at import: see Preferences
    top: int = Field(10, ge=1, le=1000, strict=True)  # `top: true` is not a number
    by: Literal["subjects", "sections"] | None = None  # default: subjects when there are groups
    time_limit: Annotated[float, bounded(0, 86400, above=True)] | None = None  # seconds, all in
    # Registration: friends' files to solve with this one, what to share with them, a plan B
    # for lottery subjects, and a Hydrant link to the schedule held now.
    with_: Annotated[list[str], BeforeValidator(one_or_many)] = Field([], alias="with")
    together: Together | None = None
    plan_b: bool = Field(False, strict=True)
    hold: Annotated[str, Field(max_length=65536)] | None = None
    plan: PlanKeys | None = None  # `coursepick plan`: the terms to fill and how

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


def _keys(*models: type[BaseModel]) -> list[str]:
    return sorted(
        {info.alias or name for model in models for name, info in model.model_fields.items()}
    )


# Keys to suggest under `wishes:` (not under likes:, whose keys are subject numbers).
WISH_MODELS: tuple[type[BaseModel], ...] = (Wishes, *(w for w in WISHES if w is not Likes))


def _keys_at(loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed where an unknown key was found, to suggest the one a typo meant."""
    parents = [part for part in loc[:-1] if isinstance(part, str)]
    section = parents[0] if parents else None
    if section is None:
        return _keys(Preferences)
    if section == "electives":
        return _keys(Filter) if "from" in parents else _keys(Group)
    nested: dict[str, tuple[type[BaseModel], ...]] = {
        "wishes": WISH_MODELS,
        "blocked": (Block,),
        "units": (Bounds,),
        "max_walk": (WalkLimit,),
        "max_in_a_row": (RunLimit,),
        "sharing": (StrictAmong,),
        "together": (Together, Meet),
    }
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


MAX_BYTES = 1 << 20  # 1 MiB: a preferences file is a page or two; more is a mistake


def load_preferences(path: Path) -> tuple[Preferences, YamlSource]:
    """Read a preferences file: a regular file of at most `MAX_BYTES`, in UTF-8."""
    try:
        text = read_bounded(path, MAX_BYTES).decode("utf-8")
    except Unfit as unfit:
        raise PreferencesError(
            f"{path}: {unfit}: no preferences file (a .yaml of a page or two)"
        ) from None
    except OSError as error:
        raise PreferencesError(
            f"{path}: cannot read the preferences file: {error.strerror}"
        ) from None
    except UnicodeDecodeError:
        raise PreferencesError(f"{path}:1: not a text file (save it as UTF-8)") from None
    return parse_preferences(text, str(path))


def _located(error: ValidationError, source: YamlSource) -> PreferencesError:
    # A mistyped key is the cause of the "required" error it brings along: name it first.
    errors = error.errors()
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    path: tuple[str | int, ...] = ()
    for part in first["loc"]:
        # Skip pydantic's union tags and the like: only keys and indexes that exist in the file.
        if (*path, part) in source.lines:
            path = (*path, part)
    where = ".".join(str(part) for part in path)
    if first["type"] == "extra_forbidden":
        key = str(first["loc"][-1])
        import difflib  # for mistakes only

        close = difflib.get_close_matches(key, _keys_at(tuple(first["loc"])), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see preferences.example.yaml)"
        return source.error(path, f"unknown key '{key}'{hint}")
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        message = f"'{first['loc'][-1]}' is required here"
    if first["type"] == "string_pattern_mismatch":  # the only patterns here: printable labels
        message = "write plain text, without control characters"
    if first["type"] == "literal_error":  # "Input should be 'H', 'A' or 'any'", in plain words
        choices = str(first.get("ctx", {}).get("expected", "")).replace("'", "")
        message = f"'{first['input']}' is not one of {choices}"
    return source.error(path, f"{where}: {message}" if where else message)
