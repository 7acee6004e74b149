"""The catalog schema: one term's subjects, sections and meetings as typed, versioned records.

Everything downstream (solver, rendering) sees only these types; the scrapers are the only code
that reads MIT's notation. No I/O here: `solver.catalog.store` loads and saves them.
"""

import dataclasses
import functools
import re
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.dataclasses import dataclass

from solver.catalog.clock import Clock, format_clock

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
    def order(self) -> int:
        """Monday 0 to Sunday 6, as `date.weekday()` counts."""
        return "MTWRFSU".index(self.value)


class Kind(StrEnum):
    """A section kind; a student takes exactly one section of each kind a subject has."""

    LECTURE = "lecture"
    RECITATION = "recitation"
    LAB = "lab"
    DESIGN = "design"

    @property
    def order(self) -> int:
        """Lecture first, then recitation, lab, design."""
        return _KIND_INDEX[self]

    @property
    def letter(self) -> str:
        """The registrar's section prefix: L01, R03, B02 (lab), D01."""
        return {"lecture": "L", "recitation": "R", "lab": "B", "design": "D"}[self.value]


_KIND_INDEX = {kind: index for index, kind in enumerate(Kind)}


@functools.cache  # sorting schedules asks for the same few hundred numbers again and again
def number_order(number: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key for subject numbers in MIT's order: 6.1210 before 18.03, numbers before 21W."""
    parts = re.split(r"(\d+)", number)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


Term = Annotated[str, Field(pattern=TERM_PATTERN.pattern)]


# Catalog records are slotted, frozen pydantic dataclasses rather than BaseModels: a large term
# holds hundreds of thousands of them, and slots take a quarter of the memory and load faster.
# Each says so in full (not through an alias) so type checkers see the fields.
# Validators are built when first used: a solve only ever validates whole catalogs.
# No NaN or infinity: every number of a catalog ends up in a score, a sum or a JSON file.
STRICT = ConfigDict(extra="forbid", defer_build=True, allow_inf_nan=False)
# The closed sets of values a subject's fields take (sources narrow their text to these).
Level = Literal["U", "G"]
Season = Literal["FA", "JA", "SP", "SU"]  # in calendar order
Hass = Literal["H", "A", "S", "E"]
Ci = Literal["CI-H", "CI-HW"]
Half = Literal["first", "second"]
# Text shown to students: no control characters but the line break (a terminal escape, a bare
# carriage return that a spreadsheet reads as a new row). Scrapers clean what they read; a file
# that holds one is refused. Line breaks stay allowed: catalogs saved before held them.
CONTROL = "\x00-\x09\x0b-\x1f\x7f-\x9f"
Text = Annotated[str, Field(pattern=f"^[^{CONTROL}]*$")]
SectionId = Annotated[str, Field(pattern=r"^[LRBD]\d{2,3}$")]
SubjectNumber = Annotated[str, Field(pattern=r"^[A-Z0-9]+\.[A-Z0-9]+$")]
# A subject's joint or meets-with numbers, and a cross-listing's whole group, hold at most this
# many numbers (MIT's largest is 7): every number of a group is stored with each of the others.
MAX_JOINT = 32
Numbers = Annotated[tuple[str, ...], Field(max_length=MAX_JOINT)]
# Map coordinates as the term files give them (state-plane feet, about 3e6), bounded so that a
# distance between two of them, and a walk in whole minutes, stays a finite number.
Coordinate = Annotated[float, Field(ge=-1e9, le=1e9)]


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
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


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Section:
    """One registrable section: an id such as L01 or R03, its rooms and its weekly meetings."""

    id: SectionId
    kind: Kind
    rooms: tuple[Text, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    tba: bool = False  # some or all of its time is "to be arranged": it clashes with nothing


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Units:
    """Units as lecture-lab-prep hours (12 is a full subject), or arranged."""

    lecture: Annotated[int, Field(ge=0, le=200)] = 0
    lab: Annotated[int, Field(ge=0, le=200)] = 0
    prep: Annotated[int, Field(ge=0, le=200)] = 0
    arranged: bool = False

    @property
    def total(self) -> int:
        return self.lecture + self.lab + self.prep

    def __str__(self) -> str:
        return "arranged" if self.arranged else f"{self.lecture}-{self.lab}-{self.prep}"


Record = TypeVar("Record")


def trusted(cls: type[Record], *values: object) -> Record:
    """A record of `cls` from its field values in order, not validated: for values validated
    when they were first read (a catalog's compact copy), or written here. The slots are set
    directly, past the frozen dataclass's guard."""
    build = _BUILDERS.get(cls) or _builder(cls)
    return build(*values)


_BUILDERS: dict[type, Callable[..., Any]] = {}


def _builder(cls: type) -> Callable[..., Any]:
    """A function that sets each slot of a `cls` record from its field values, one statement a
    slot, written once per class as dataclasses write `__init__`: a real term's load builds six
    thousand records, in 13 ms this way, 17 ms looping over the fields."""
    setters = [cls.__dict__[f.name].__set__ for f in dataclasses.fields(cls)]
    names = [f"v{i}" for i in range(len(setters))]
    lines = [f"def build({', '.join(names)}):", "    record = new(cls)"]
    lines += [f"    set{i}(record, {name})" for i, name in enumerate(names)]
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    scope |= {f"set{i}": setter for i, setter in enumerate(setters)}
    exec("\n".join([*lines, "    return record"]), scope)
    _BUILDERS[cls] = scope["build"]
    return _BUILDERS[cls]


# A subject's units when its source says none: built once, without a validator at import.
ARRANGED = trusted(Units, 0, 0, 0, True)


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Subject:
    """A subject of the term, with everything a student filters on and its sections."""

    number: SubjectNumber
    title: Text
    old_number: Text | None = None
    units: Units = ARRANGED
    level: Level | None = None
    terms: tuple[Season, ...] = ()
    gir: tuple[str, ...] = ()  # CAL1, CAL2, PHY1, PHY2, CHEM, BIOL, REST, LAB, LAB2
    hass: tuple[Hass, ...] = ()
    ci: Ci | None = None
    same_as: Numbers = ()  # joint (cross-listed) numbers: one subject under several names
    meets_with: Numbers = ()
    half: Half | None = None
    starts: date | None = None  # "Begins Mar 31." and quarter dates
    ends: date | None = None  # "Ends Mar 21."
    has_final: bool = False
    instructors: tuple[Text, ...] = ()
    prereqs: Text = ""
    description: Text = ""
    # Bounded, as every number of a catalog: they end up in CP-SAT's integers and in scores.
    rating: Annotated[float, Field(ge=0, le=7)] | None = None  # subject evaluations: out of 7
    hours: Annotated[float, Field(ge=0, le=168)] | None = None  # a week, in class and out
    size: Annotated[float, Field(ge=0, le=100_000)] | None = None  # average enrolment
    limited: bool = False  # enrolment is limited (Hydrant's flag): a lottery decides who gets in
    nonext: bool = False  # not offered next academic year (the catalog's "not offered 2026-2027")
    repeat: bool = False  # can be taken more than once for credit
    sections: tuple[Section, ...] = ()

    @property
    def attributes(self) -> list[str]:
        """Requirement labels as students say them: GIR codes (CAL1, REST, LAB), HASS-H, CI-HW."""
        return [*self.gir, *(f"HASS-{letter}" for letter in self.hass), *filter(None, [self.ci])]

    @property
    def kinds(self) -> list[Kind]:
        """The section kinds this subject has, in catalog order (lecture first)."""
        present = {section.kind for section in self.sections}
        return [kind for kind in Kind if kind in present]

    def sections_of(self, kind: Kind) -> list[Section]:
        return [section for section in self.sections if section.kind == kind]


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class TermDates:
    """The term's calendar where the source knows it."""

    start: date
    end: date
    first_half_end: date | None = None
    second_half_start: date | None = None
    # A day, usually a Tuesday, that runs Monday's classes instead of its own.
    monday_schedule: date | None = None
    holidays: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Location:
    """A building's map coordinates as the source gives them."""

    x: Coordinate
    y: Coordinate


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Problem:
    """Something the scraper could not read, kept so the user is told, not silently misled."""

    subject: str | None = None
    text: str
    reason: str
    where: str = ""  # the page or file it came from


class Catalog(BaseModel):
    """One term: the file `coursepick scrape` writes and `coursepick solve` reads."""

    # Built when first used: a catalog read from its compact copy is never validated again.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)

    schema_version: int = SCHEMA_VERSION
    term: Term
    source: str  # which reader made it: a name from scrape.sources, or "sample"
    source_url: str | None = None
    fetched_at: datetime
    note: Text = ""
    dates: TermDates | None = None
    subjects: list[Subject]
    locations: dict[str, Location] = {}
    problems: list[Problem] = []

    _index: dict[str, Subject] = PrivateAttr(default_factory=dict)
    _renamed: dict[str, Subject] = PrivateAttr(default_factory=dict)  # old number -> subject
    _elsewhere: Callable[[str], str | None] | None = PrivateAttr(None)

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, version: int) -> int:
        if version < 1:
            raise ValueError(f"schema version {version} is not a version coursepick writes")
        if version > SCHEMA_VERSION:
            raise ValueError(f"schema version {version} is newer than this coursepick reads")
        return version

    @model_validator(mode="after")
    def _unique(self) -> "Catalog":
        self.index()
        return self

    def index(self) -> None:
        """Index subjects by number and old number, refusing a number or a section id listed
        twice: one pass over the whole catalog (a validator per subject costs seconds on big
        terms)."""
        index, renamed = self._index, self._renamed  # bound once: private attributes are slow
        for subject in self.subjects:
            if subject.old_number:
                renamed.setdefault(subject.old_number.upper(), subject)
            ids = [section.id for section in subject.sections]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{subject.number} lists a section id twice: {sorted(ids)}")
            if index.setdefault(subject.number, subject) is not subject:
                raise ValueError(f"{subject.number} is listed twice")
        for group in _joint_groups(self.subjects):
            if len(group) > MAX_JOINT:
                first = min(group, key=number_order)
                raise ValueError(
                    f"{first} is cross-listed with {len(group) - 1} numbers, more than {MAX_JOINT}"
                )

    @model_serializer(mode="wrap")
    def _versioned(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Files leave out default values (a third of a big term) but always say their version.
        return {"schema_version": self.schema_version, **handler(self)}

    def subject(self, number: str) -> Subject | None:
        """The subject of this number, or of this old number (6.006 is 6.1210 now)."""
        key = number.strip().upper()
        return self._index.get(key) or self._renamed.get(key)

    @property
    def numbers(self) -> list[str]:
        return list(self._index)

    def look_elsewhere(self, finder: Callable[[str], str | None]) -> None:
        """Let `unknown` name the last other term a number was seen in (the CLI's saved terms)."""
        self._elsewhere = finder

    def unknown(self, number: str) -> str:
        """The message for a subject number this term does not have: the last term it was
        offered in when another saved catalog has it, else close numbers if there are any."""
        typed = number.strip().upper()
        if self._elsewhere and (seen := self._elsewhere(typed)):
            return (
                f"{typed} is not offered in {term_name(self.term)}; last seen in {term_name(seen)}"
            )
        close = [n for n in self.numbers if n.startswith(typed)][:3]  # "6.121" -> 6.1210
        close = close or [n for n in self.numbers if _one_slip(typed, n)][:3]
        hint = f" (did you mean {', '.join(close)}?)" if close else " (try `coursepick search`)"
        return f"unknown subject {number} in {self.term}{hint}"


def _one_slip(typed: str, number: str) -> bool:
    """One character mistyped, or two neighbours swapped (18.60 for 18.06): a number one
    character shorter or longer is a different subject (8.03 is not 8.033)."""
    if len(typed) != len(number):
        return False
    wrong = [i for i, (a, b) in enumerate(zip(typed, number, strict=True)) if a != b]
    if len(wrong) == 1:
        return True
    if len(wrong) != 2 or wrong[1] != wrong[0] + 1:
        return False
    i, j = wrong
    return typed[i] == number[j] and typed[j] == number[i]


SEASON_NAMES = {"FA": "Fall", "JA": "IAP", "SP": "Spring", "SU": "Summer"}


def term_name(term: str) -> str:
    """`2026SP` as people say it: Spring 2026."""
    return f"{SEASON_NAMES.get(term[4:], term[4:])} {term[:4]}"


def joint_numbers(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Each number's joint numbers, read both ways and transitively: a cross-listing is not
    always printed on every subject's page (6.1903 lists 18.1903, 18.1903 lists nothing)."""
    return {
        number: tuple(sorted(group - {number}, key=number_order))
        for group in _joint_groups(catalog.subjects)
        for number in group
    }


def _joint_groups(subjects: list[Subject]) -> list[set[str]]:
    """The cross-listings: numbers joined by any subject's `same_as`, as disjoint groups (the
    connected parts of that graph), found in time linear in the numbers listed."""
    neighbours: dict[str, set[str]] = {}
    for subject in subjects:
        if subject.same_as:
            neighbours.setdefault(subject.number, set()).update(subject.same_as)
            for other in subject.same_as:
                neighbours.setdefault(other, set()).add(subject.number)
    groups: list[set[str]] = []
    placed: set[str] = set()
    for start in neighbours:
        if start in placed:
            continue
        group, waiting = {start}, [start]
        while waiting:
            for other in neighbours[waiting.pop()] - group:
                group.add(other)
                waiting.append(other)
        placed |= group
        groups.append(group)
    return groups
