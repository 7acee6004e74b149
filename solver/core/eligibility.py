"""Whether a student can take a subject: its prerequisite tree against what they have taken.

A subject's status is `met`, `permission` (met only through a condition a person judges, such
as permission of instructor) or `not met`, with what is missing. Taken subjects count under any
of their numbers (current, old, joint), and each satisfies the GIR it fulfils. A coreq is met
when taken or when it is in the same schedule (`alongside`).
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from solver.catalog.prereqs import (
    GIR_CODES,
    All,
    Coreq,
    Course,
    Either,
    Gir,
    Judged,
    Prereq,
    PrereqSyntaxError,
    describe,
    parse_prereqs,
)
from solver.catalog.schema import Catalog, Subject, joint_numbers
from solver.catalog.science_core import subject_girs


class Status(StrEnum):
    NOT_MET = "not met"
    PERMISSION = "permission"
    MET = "met"


_RANK = {Status.NOT_MET: 0, Status.PERMISSION: 1, Status.MET: 2}


def allowed(level: str) -> frozenset[Status]:
    """The statuses a `prereqs:` filter of this level keeps: met, or met and permission."""
    return frozenset({Status.MET} if level == "met" else {Status.MET, Status.PERMISSION})


@dataclass(frozen=True)
class Verdict:
    status: Status
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Record:
    """What a student has taken: every number it goes by, and the GIRs it fulfils."""

    numbers: frozenset[str]
    girs: frozenset[str]

    def has_taken(self, subject: Subject) -> bool:
        """Taken already, under its number, an old number or a joint one."""
        names = (subject.number, subject.old_number, *subject.same_as)
        return any(name in self.numbers for name in names if name)


NOTHING_TAKEN = Record(frozenset(), frozenset())


GirsOf = Callable[[str], Iterable[str]]  # a subject number -> the GIRs it fulfils


def record_of(catalog: Catalog, taken: Iterable[str], girs_of: GirsOf | None = None) -> Record:
    """The record of a `taken:` list: subject numbers (current or old) and GIRs (CAL1 or
    Calculus I). A number this catalog lacks still counts under that number. A subject's GIRs
    are `girs_of(number)` when given (every saved term's), else this catalog's, else the
    science-core table's, so 18.02 is CAL2 whichever term is loaded."""
    joint = joint_numbers(catalog)
    numbers: set[str] = set()
    girs: set[str] = set()
    for entry in taken:
        key = " ".join(entry.split()).upper().removesuffix(" (GIR)")
        if key in GIR_CODES.values() or key in GIR_CODES:
            girs.add(GIR_CODES.get(key, key))
            continue
        numbers.update((key, *joint.get(key, ())))
        subject = catalog.subject(key)
        girs.update(girs_of(key) if girs_of is not None else subject_girs(subject, key))
        if subject is not None:
            numbers.update((subject.number, *joint.get(subject.number, ())))
            numbers.update(filter(None, [subject.old_number]))
    return Record(frozenset(numbers), frozenset(girs))


def prereq_of(subject: Subject) -> Prereq | None:
    return prereq_tree(subject.prereqs)


@functools.lru_cache(maxsize=4096)
def prereq_tree(text: str) -> Prereq | None:
    """The tree of a prerequisite text; prose outside the language is a condition a person
    judges (the scrape counts those)."""
    try:
        return parse_prereqs(text)
    except PrereqSyntaxError:
        return Judged(" ".join(text.split()))


def verdict(
    prereq: Prereq | None, record: Record, alongside: frozenset[str] = frozenset()
) -> Verdict:
    """The status of a prerequisite tree for a record, with what is missing when not met."""
    match prereq:
        case None:
            return Verdict(Status.MET)
        case Course(number):
            return _leaf(number.upper() in record.numbers, number)
        case Coreq(number):
            have = number.upper() in record.numbers or number.upper() in alongside
            return _leaf(have, f"{number} (or take it the same term)")
        case Gir(code):
            return _leaf(code in record.girs, describe(prereq))
        case Judged(text):
            return Verdict(Status.PERMISSION, (text,))
        case All(parts):
            verdicts = [verdict(part, record, alongside) for part in parts]
            status = min((v.status for v in verdicts), key=_RANK.__getitem__)
            return Verdict(status, tuple(m for v in verdicts for m in v.missing))
        case Either(parts):
            verdicts = [verdict(part, record, alongside) for part in parts]
            best = max(verdicts, key=lambda v: _RANK[v.status])
            if best.status is Status.NOT_MET:
                return Verdict(Status.NOT_MET, (f"one of {describe(prereq)}",))
            return best
    raise AssertionError(prereq)  # pragma: no cover - the union is exhausted above


def _leaf(have: bool, what: str) -> Verdict:
    return Verdict(Status.MET) if have else Verdict(Status.NOT_MET, (what,))


MAX_WAYS = 64  # a prerequisite tree of real subjects has a handful


def coreq_ways(
    prereq: Prereq | None, record: Record, allowed: frozenset[Status], alongside: frozenset[str]
) -> tuple[frozenset[str], ...]:
    """The sets of coreqs of which taking one in the same term gives a status in `allowed`:
    an empty set among them means the status is allowed already; none means no way."""
    match prereq:
        case None:
            return (frozenset(),)
        case Course(number):
            return (frozenset(),) if number.upper() in record.numbers else ()
        case Gir(code):
            return (frozenset(),) if code in record.girs else ()
        case Judged():
            return (frozenset(),) if Status.PERMISSION in allowed else ()
        case Coreq(number):
            key = number.upper()
            have = key in record.numbers or key in alongside
            return (frozenset(),) if have else (frozenset({key}),)
        case All(parts):
            ways: tuple[frozenset[str], ...] = (frozenset(),)
            for part in parts:
                ways = _fewest(
                    a | b for a in ways for b in coreq_ways(part, record, allowed, alongside)
                )
            return ways
        case Either(parts):
            return _fewest(
                w for part in parts for w in coreq_ways(part, record, allowed, alongside)
            )
    raise AssertionError(prereq)  # pragma: no cover - the union is exhausted above


def _fewest(ways: Iterable[frozenset[str]]) -> tuple[frozenset[str], ...]:
    """The ways no other way is a part of, smallest first (at most `MAX_WAYS`)."""
    kept: list[frozenset[str]] = []
    for way in sorted(set(ways), key=lambda w: (len(w), sorted(w))):
        if not any(other <= way for other in kept):
            kept.append(way)
    return tuple(kept[:MAX_WAYS])
