"""The catalog schema: one term's subjects, sections and meetings as typed, versioned models.

Everything downstream (solver, rendering) sees only these types; the scrapers are the only code
that reads MIT's notation. Files are JSON, written atomically and checked on load.
"""

import difflib
import functools
import gc
import json
import re
from datetime import date, datetime
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.dataclasses import dataclass

from solver.errors import CatalogError
from solver.files import write_atomic

SCHEMA_VERSION = 1
TERM_PATTERN = re.compile(r"^(?P<year>\d{4})(?P<season>FA|JA|SP|SU)$")


class Day(StrEnum):
    """A weekday in MIT's letters: R is Thursday, S Saturday, U Sunday."""

    M = "M"
    T = "T"
    W = "W"
    R = "R"
    F = "F"
    S = "S"
    U = "U"

    @property
    def index(self) -> int:
        return "MTWRFSU".index(self.value)


class Kind(StrEnum):
    """A section kind; a student takes exactly one section of each kind a subject has."""

    LECTURE = "lecture"
    RECITATION = "recitation"
    LAB = "lab"
    DESIGN = "design"

    @property
    def index(self) -> int:
        return _KIND_INDEX[self]

    @property
    def letter(self) -> str:
        """The registrar's section prefix: L01, R03, B02 (lab), D01."""
        return {"lecture": "L", "recitation": "R", "lab": "B", "design": "D"}[self.value]


_KIND_INDEX = {kind: index for index, kind in enumerate(Kind)}


@functools.cache  # sorting schedules asks for the same few hundred numbers again and again
def number_order(number: str) -> tuple:
    """Sort key for subject numbers in MIT's order: 6.1210 before 18.03, numbers before 21W."""
    parts = re.split(r"(\d+)", number)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def parse_clock(value: object) -> int:
    """Read "HH:MM" (24-hour) into minutes after midnight; ints pass through."""
    try:  # catalogs hold a hundred thousand times: a lookup, which also shares the int objects
        return _CLOCK_MINUTES[value]
    except (KeyError, TypeError):
        pass
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        hours, colon, minutes = value.strip().partition(":")
        digits = hours.isdigit() and minutes.isdigit() and len(hours) <= 2 and len(minutes) == 2
        if colon and digits and int(hours) <= 24 and int(minutes) < 60:
            return int(hours) * 60 + int(minutes)
    raise ValueError(f"expected a 24-hour time such as '13:30', got {value!r}")


_CLOCK_MINUTES = {f"{m // 60:02d}:{m % 60:02d}": m for m in range(24 * 60 + 1)}


def format_clock(minutes: int) -> str:
    """Minutes after midnight as "HH:MM"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# Minutes after midnight in Python, "HH:MM" in JSON: arithmetic stays trivial, files stay readable.
Clock = Annotated[int, BeforeValidator(parse_clock), PlainSerializer(format_clock, return_type=str)]

Term = Annotated[str, Field(pattern=TERM_PATTERN.pattern)]


# Catalog records are slotted, frozen pydantic dataclasses rather than BaseModels: a large term
# holds hundreds of thousands of them, and slots take a quarter of the memory and load faster.
record = dataclass(frozen=True, slots=True, kw_only=True, config=ConfigDict(extra="forbid"))
SectionId = Annotated[str, Field(pattern=r"^[LRBD]\d{2,3}$")]
SubjectNumber = Annotated[str, Field(pattern=r"^[A-Z0-9]+\.[A-Z0-9]+$")]


@record
class Meeting:
    """One weekly meeting: a day and a time span within it."""

    day: Day
    start: Clock
    end: Clock

    @model_validator(mode="after")
    def _span(self) -> "Meeting":
        if not 0 <= self.start < self.end <= 24 * 60:
            raise ValueError(
                f"meeting {self.day} {format_clock(self.start)}-{format_clock(self.end)}"
                " must end after it starts, within one day"
            )
        return self

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def __str__(self) -> str:
        return f"{self.day} {format_clock(self.start)}-{format_clock(self.end)}"


@record
class Section:
    """One registrable section: an id such as L01 or R03, its rooms and its weekly meetings."""

    id: SectionId
    kind: Kind
    rooms: tuple[str, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    tba: bool = False  # some or all of its time is "to be arranged": it clashes with nothing


@record
class Units:
    """Units as lecture-lab-prep hours (12 is a full subject), or arranged."""

    lecture: int = 0
    lab: int = 0
    prep: int = 0
    arranged: bool = False

    @property
    def total(self) -> int:
        return self.lecture + self.lab + self.prep

    def __str__(self) -> str:
        return "arranged" if self.arranged else f"{self.lecture}-{self.lab}-{self.prep}"


@record
class Subject:
    """A subject of the term, with everything a student filters on and its sections."""

    number: SubjectNumber
    title: str
    old_number: str | None = None
    units: Units = Units(arranged=True)
    level: Literal["U", "G"] | None = None
    terms: tuple[Literal["FA", "JA", "SP", "SU"], ...] = ()
    gir: tuple[str, ...] = ()  # CAL1, CAL2, PHY1, PHY2, CHEM, BIOL, REST, LAB, LAB2
    hass: tuple[Literal["H", "A", "S", "E"], ...] = ()
    ci: Literal["CI-H", "CI-HW"] | None = None
    same_as: tuple[str, ...] = ()  # joint (cross-listed) numbers: one subject under several names
    meets_with: tuple[str, ...] = ()
    half: Literal["first", "second"] | None = None
    starts: date | None = None  # "Begins Mar 31." and quarter dates
    ends: date | None = None  # "Ends Mar 21."
    has_final: bool = False
    instructors: tuple[str, ...] = ()
    prereqs: str = ""
    description: str = ""
    rating: float | None = None  # subject evaluations: out of 7
    hours: float | None = None  # reported hours per week, in class and out
    size: float | None = None  # average enrolment
    sections: tuple[Section, ...] = ()

    @property
    def kinds(self) -> list[Kind]:
        """The section kinds this subject has, in catalog order (lecture first)."""
        present = {section.kind for section in self.sections}
        return [kind for kind in Kind if kind in present]

    def sections_of(self, kind: Kind) -> list[Section]:
        return [section for section in self.sections if section.kind == kind]


@record
class TermDates:
    """The term's calendar where the source knows it."""

    start: date
    end: date
    first_half_end: date | None = None
    second_half_start: date | None = None
    # A day, usually a Tuesday, that runs Monday's classes instead of its own.
    monday_schedule: date | None = None
    holidays: tuple[date, ...] = ()


@record
class Location:
    """A building's map coordinates as the source gives them."""

    x: float
    y: float


@record
class Problem:
    """Something the scraper could not read, kept so the user is told, not silently misled."""

    subject: str | None = None
    text: str
    reason: str
    where: str = ""  # the page or file it came from


class Catalog(BaseModel):
    """One term: the file `coursepick scrape` writes and `coursepick solve` reads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SCHEMA_VERSION
    term: Term
    source: Literal["catalog", "hydrant", "sample"]
    source_url: str | None = None
    fetched_at: datetime
    note: str = ""
    dates: TermDates | None = None
    subjects: list[Subject]
    locations: dict[str, Location] = {}
    problems: list[Problem] = []

    _index: dict[str, Subject] = PrivateAttr(default_factory=dict)

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, version: int) -> int:
        if version > SCHEMA_VERSION:
            raise ValueError(f"schema version {version} is newer than this coursepick reads")
        return version

    @model_validator(mode="after")
    def _unique(self) -> "Catalog":
        # One pass over the whole catalog: a validator per subject costs seconds on big terms.
        index = self._index  # bound once: private attributes are slow to look up
        for subject in self.subjects:
            ids = [section.id for section in subject.sections]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{subject.number} lists a section id twice: {sorted(ids)}")
            if index.setdefault(subject.number, subject) is not subject:
                raise ValueError(f"{subject.number} is listed twice")
        return self

    @model_serializer(mode="wrap")
    def _versioned(self, handler: SerializerFunctionWrapHandler) -> dict:
        # Files leave out default values (a third of a big term) but always say their version.
        return {"schema_version": self.schema_version, **handler(self)}

    def subject(self, number: str) -> Subject | None:
        return self._index.get(number.upper())

    @property
    def numbers(self) -> list[str]:
        return list(self._index)

    def unknown(self, number: str) -> str:
        """The message for a subject number this term does not have, with close numbers."""
        typed = number.strip().upper()
        extended = [n for n in self.numbers if n.startswith(typed)][:3]  # "6.121" -> 6.1210
        close = extended or difflib.get_close_matches(typed, self.numbers, n=3, cutoff=0.75)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (try `coursepick search`)"
        return f"unknown subject {number} in {self.term}{hint}"


def load_catalog(path: Path) -> Catalog:
    """Read and validate a catalog file; any problem becomes one `CatalogError` line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError(f"{path}: no such catalog file (run `coursepick scrape`)") from None
    except OSError as error:
        raise CatalogError(f"{path}: cannot read the catalog: {error.strerror}") from None
    collecting = gc.isenabled()
    gc.disable()  # a catalog is a tree of a million objects: cycle checks while building it
    try:  # cost two thirds of the load time and find nothing
        return Catalog.model_validate_json(raw)
    except ValidationError as error:
        raise CatalogError(f"{path}: {_explain(raw, error)}") from None
    finally:
        if collecting:
            gc.enable()


def _explain(raw: bytes, error: ValidationError) -> str:
    """Say why a catalog file failed to load, in the terms a user can act on."""
    try:
        version = json.loads(raw).get("schema_version")
    except (ValueError, AttributeError):
        return "not a catalog file (corrupt or truncated JSON): delete it and scrape again"
    if isinstance(version, int) and version > SCHEMA_VERSION:
        return (
            f"written by a newer coursepick (catalog schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}): upgrade coursepick or scrape again"
        )
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"invalid catalog at {where}: {first['msg']} (delete it and scrape again)"


def save_catalog(catalog: Catalog, path: Path) -> None:
    """Write the catalog as JSON, atomically: an interrupted save never damages the old file."""
    try:
        write_atomic(path, catalog.model_dump_json(exclude_defaults=True))
    except OSError as error:
        raise CatalogError(f"{path}: cannot write the catalog: {error.strerror}") from None


def sample_catalog_path() -> Path:
    """The bundled sample catalog (a hand-written sample, not a real term)."""
    return Path(str(resources.files("solver") / "data" / "sample_catalog.json"))
