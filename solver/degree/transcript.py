"""A transcript: the subjects a student has taken, each under its current number with the facts
the audit counts (units, attributes), from `taken:` entries or a road file's subjects.

Old and joint numbers become the current number (6.0001 counts as 6.100A). A GIR or attribute
written as a subject (`CAL1`, `Physics I`, CourseRoad's generic `HASS-A`) is a subject of its
own that carries only that attribute. A petition (`substitute: {A: B}`) lets A count as B too.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from solver.catalog.prereqs import GIR_CODES
from solver.catalog.schema import number_order
from solver.degree.errors import AuditError
from solver.degree.facts import SubjectFacts
from solver.degree.tree import ATTRIBUTES, UNITS_PER_SUBJECT

SUBJECT = re.compile(r"[A-Z0-9]+\.[A-Z0-9]+")


@dataclass(frozen=True, slots=True)
class Taken:
    """One subject as the audit counts it; `key` is unique in a transcript."""

    key: str  # the current number, or `HASS-A#2` for the second generic HASS-A subject
    shown: str  # as the student wrote it
    number: str  # the current number ("" for a generic subject)
    units: int
    attributes: frozenset[str] = frozenset()
    also: frozenset[str] = frozenset()  # numbers it counts as too: a petition's
    half_lab: bool = False  # LAB2: two of them, or one LAB subject, fulfil GIR:LAB
    term: str = ""

    @property
    def order(self) -> tuple[int, tuple[tuple[int, int, str], ...]]:
        """Most units first, then the lowest number: which subjects an at-most cap keeps."""
        return -self.units, number_order(self.number or self.key)


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of a transcript as given: `6.0001`, with its units and term when a road has them."""

    text: str
    units: int | None = None
    term: str = ""


@dataclass(frozen=True)
class Transcript:
    taken: tuple[Taken, ...]
    warnings: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = field(default=())  # (as written, current number)


def _generic(text: str) -> str | None:
    """The attribute a non-subject entry stands for: `CAL1`, `GIR:CAL1`, `Physics I`,
    `HASS-A`, `CI-H`; None when it is none of them."""
    key = " ".join(text.split()).upper().removesuffix(" (GIR)")
    key = GIR_CODES.get(key, key)
    if f"GIR:{key}" in ATTRIBUTES:
        return f"GIR:{key}"
    return key if key in ATTRIBUTES else None


def build_transcript(
    entries: Iterable[Entry], facts: SubjectFacts, substitute: dict[str, str] | None = None
) -> Transcript:
    """The transcript of these entries; unknown subjects are warned about, a word that is no
    subject number and no GIR is an error, and so is a transcript of unknown subjects only."""
    taken: dict[str, Taken] = {}
    warnings: list[str] = []
    renamed: list[tuple[str, str]] = []
    unknown: list[str] = []
    generics: dict[str, int] = {}
    for entry in entries:
        text = entry.text.strip()
        code = _generic(text)
        if code is not None:
            generics[code] = generics.get(code, 0) + 1
            key = f"{code}#{generics[code]}"
            attributes = {code, "HASS"} if code.startswith("HASS-") else {code}
            taken[key] = Taken(
                key,
                text,
                "",
                entry.units or UNITS_PER_SUBJECT,
                frozenset(attributes),
                term=entry.term,
            )
            continue
        if not SUBJECT.fullmatch(text.upper()):
            raise AuditError(
                f"taken: {text!r} is neither a subject number such as 6.1210 nor a GIR such as"
                " CAL1 or Physics I"
            )
        number = facts.canonical(text)
        if number != text.upper():
            renamed.append((text, number))
        found = facts.get(number)
        if found is None:
            unknown.append(text)
        if number in taken:
            warnings.append(f"{text} is taken twice (as {taken[number].shown}): counted once")
            continue
        units = entry.units if entry.units is not None else (found.units if found else None)
        if units is None:
            units = UNITS_PER_SUBJECT
        taken[number] = Taken(
            number,
            text,
            number,
            units,
            found.attributes if found else frozenset(),
            half_lab=bool(found and "LAB2" in found.girs and "LAB" not in found.girs),
            term=entry.term,
        )
    subjects = len(taken) - sum(generics.values())
    if unknown and len(set(unknown)) >= subjects:
        raise AuditError(
            "none of the taken subjects is in a term file coursepick knows"
            f" ({', '.join(unknown[:5])}{' ...' if len(unknown) > 5 else ''}): check the"
            " numbers, or run `coursepick"
            " scrape` for the terms they were taken in"
        )
    for text in unknown:
        warnings.append(
            f"{text} is in no term file coursepick knows: it counts under its own number only,"
            " with no attributes, as 12 units unless the road says otherwise"
        )
    for old, new in (substitute or {}).items():
        _petition(taken, facts, old, new, warnings)
    return Transcript(tuple(taken.values()), tuple(warnings), tuple(renamed))


def _petition(
    taken: dict[str, Taken], facts: SubjectFacts, old: str, new: str, warnings: list[str]
) -> None:
    """`substitute: {A: B}`: A counts as B, and keeps its own attributes too."""
    key = facts.canonical(old)
    if key not in taken:
        warnings.append(f"substitute: {old} is not in the transcript, so it stands for nothing")
        return
    target = facts.canonical(new)
    extra = facts.get(target)
    before = taken[key]
    taken[key] = Taken(
        before.key,
        before.shown,
        before.number,
        before.units,
        before.attributes | (extra.attributes if extra else frozenset()),
        before.also | {target},
        before.half_lab,
        before.term,
    )
