"""The value types a preferences file is written in: subject numbers, times, days, weights.

Each reads what a student writes (an unquoted 18.100, a YAML 1.1 `10:00`, "MWF", `Friday`) into
one typed value, once, at the edge; everything after works with the typed value.
"""

import math
import re
from itertools import pairwise
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from solver.catalog.clock import format_clock
from solver.catalog.schema import TERM_PATTERN, Day, Meeting
from solver.core.yaml_source import RawFloat, RawInt

# Every name a day is written by, in capitals. The single letters are MIT's: R is Thursday,
# S Saturday, U Sunday.
DAY_NAMES: dict[str, Day] = {
    name: Day(names.split()[0])
    for names in (
        "M MO MON MONDAY", "T TU TUE TUES TUESDAY", "W WE WED WEDS WEDNESDAY",
        "R TH THU THUR THURS THURSDAY", "F FR FRI FRIDAY", "S SA SAT SATURDAY", "U SU SUN SUNDAY",
    )
    for name in names.split()
}  # fmt: skip
FULL_NAMES = {day: name.title() for name, day in DAY_NAMES.items() if name.endswith("DAY")}
DAY_FORMS = (
    "write MIT's letters M T W R F S U (R is Thursday, U Sunday) or names such as Tu, Thu, Fri,"
    ' Friday, in any case; several as [M, W], "MWF", "TuTh", "Tu, Th" or a range "M-F"'
)


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
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError(f"'{value}' is not a day: {DAY_FORMS}")
    days: list[Day] = []
    for item in items:
        if not isinstance(item, str):  # a number, a mapping: nothing a day is written as
            raise ValueError(f"'{item}' is not a day: {DAY_FORMS}")
        days += parse_days(item)
    return list(dict.fromkeys(days))


def parse_days(text: str) -> list[Day]:
    """The days one string names, in the order first written: "F", "Fri", "TR", "TuTh", "Mon,
    Wed", "M-F". Raises ValueError, naming the accepted forms, for anything else or anything that
    could be read two ways."""
    days: list[Day] = []
    for word in re.split(r"[\s,;/&+]+", re.sub(r"\s*[-\u2013]+\s*", "-", text.strip())):
        if "-" in word:
            days += _range(word)
        elif word:
            days += _word(word)
    return list(dict.fromkeys(days))


def _range(text: str) -> list[Day]:
    """ "M-F" or "Mon-Wed": every day from the first to the last, in week order."""
    ends = text.split("-")
    if len(ends) > 2:  # "M-W-F": a list of three days, or a range with a stray day?
        spaced = " ".join(ends)
        raise ValueError(f"'{text}' is ambiguous: write \"{spaced}\" for those days or a range"
                         f' of two, such as "{ends[0]}-{ends[-1]}"')  # fmt: skip
    first, last = (_word(end) if end else [] for end in ends)
    if len(first) != 1 or len(last) != 1:
        raise ValueError(f"'{text}' is not a range of days: write one day at each end, such as"
                         ' "M-F" or "Mon-Wed"')  # fmt: skip
    if first[0].order >= last[0].order:
        raise ValueError(f"'{text}' does not run forward through the week: write the first day"
                         ' first, such as "M-F"')  # fmt: skip
    return [day for day in Day if first[0].order <= day.order <= last[0].order]


def _word(word: str) -> list[Day]:
    """One word of letters. Mixed case shows where each name starts ("TuTh", "TTh", "Fr");
    a word in one case is MIT's letters when every letter is a day letter in week order ("TR",
    "mwf"), else names one after another, each as long as it can be ("FRI", "TTH", "fr")."""
    if not word.isalpha() or not word.isascii():
        raise ValueError(f"'{word}' is not a day: {DAY_FORMS}")
    if not (word.isupper() or word.islower()):
        chunks = re.findall(r"[A-Z][a-z]*|[a-z]+", word)
        if not all(chunk.upper() in DAY_NAMES for chunk in chunks):
            raise ValueError(f"'{word}' is not a day: {DAY_FORMS}")
        return [DAY_NAMES[chunk.upper()] for chunk in chunks]
    text = word.upper()
    letters = [Day(c) for c in text] if all(c in "MTWRFSU" for c in text) else []
    if any(a.order >= b.order for a, b in pairwise(letters)):
        letters = []  # MIT writes its letters in week order: "FR" is Fr(iday), not F and R
    names = _names(text)
    if letters:
        # TU is Tuesday, or Tuesday and Sunday in letters: a word wholly of names two letters
        # long or more that is letters too could mean either (SU too). "MTU" stays letters.
        named = [DAY_NAMES[name] for name in names or ()]
        if names and all(len(name) > 1 for name in names) and named != letters:
            raise ValueError(
                f"'{word}' is ambiguous: write \"{''.join(n.title() for n in names)}\" for"
                f' {_spoken(named)}, or "{" ".join(letters)}" for {_spoken(letters)}'
                " in MIT's letters"
            )
        return letters
    if names is None:
        raise ValueError(f"'{word}' is not a day: {DAY_FORMS}")
    return [DAY_NAMES[name] for name in names]


def _names(text: str) -> list[str] | None:
    """`text` (capitals) as day names one after another, each the longest that lets the rest
    be read too ("TUESAT" is TUE SAT), or None when it cannot be read so."""
    longest = max(map(len, DAY_NAMES))
    readable = [False] * len(text) + [True]  # readable[i]: text[i:] splits into names
    for start in range(len(text) - 1, -1, -1):
        ends = range(start + 1, min(len(text), start + longest) + 1)
        readable[start] = any(text[start:end] in DAY_NAMES and readable[end] for end in ends)
    if not readable[0]:
        return None
    names, start = [], 0
    while start < len(text):
        end = max(e for e in range(start + 1, min(len(text), start + longest) + 1)
                  if text[start:e] in DAY_NAMES and readable[e])  # fmt: skip
        names.append(text[start:end])
        start = end
    return names


def _spoken(days: list[Day]) -> str:
    names = [FULL_NAMES[day] for day in days]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


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
    """`R03` names a section; `WF 10:00` names whichever section meets then (its days written
    as `free_days:` are). Only these two written forms are the contract (the mapping they
    become is internal)."""
    if isinstance(value, SectionRef):  # built in code, not read from a file
        return value
    if not isinstance(value, str):
        raise ValueError("write a section as an id such as R03 or a time such as 'WF 10:00'")
    text = value.strip()
    if re.fullmatch(r"[LRBDlrbd]\d{2,3}", text):
        return {"id": text.upper()}
    match = re.fullmatch(r"(.*?[A-Za-z])\s*(\d{1,2}:\d{2})", text)  # "TuTh 10:00", "M-F 9:00"
    if match:
        return {"days": parse_days(match[1]), "start": match[2]}
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
