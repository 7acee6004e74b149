"""The student's hard rules: one small typed class each, and `Rule`, their union.

A rule is a typed spec resolved against the catalog (course numbers, not what was typed), with
the label explanations name it by. The model encodes each kind of rule and the validator checks
it, each on its own, both dispatching with `match`; `forbids` says which options a rule on times
or sections rules out, for the model and the pruning.
"""

from dataclasses import dataclass
from typing import assert_never

from solver.catalog.clock import format_clock
from solver.catalog.schema import Day, Kind
from solver.core.fields import SectionRef
from solver.core.options import Option


@dataclass(frozen=True)
class Required:
    subject: str  # a course number

    @property
    def label(self) -> str:
        return f"required {self.subject}"


@dataclass(frozen=True)
class Electives:
    """Take between `low` and `high` of the group `group` (an index into `Request.groups`)."""

    group: int
    name: str
    low: int
    high: int

    @property
    def label(self) -> str:
        return f"electives {self.name}"


@dataclass(frozen=True)
class Units:
    low: float | None
    high: float | None

    @property
    def label(self) -> str:
        if self.low is not None and self.high is not None:
            return f"units {self.low:g}-{self.high:g}"
        return (
            f"units at least {self.low:g}"
            if self.low is not None
            else f"units at most {self.high:g}"
        )


@dataclass(frozen=True)
class FreeDay:
    day: Day

    @property
    def label(self) -> str:
        return f"free day {self.day}"


@dataclass(frozen=True)
class Earliest:
    start: int  # minutes after midnight: no class starts before

    @property
    def label(self) -> str:
        return f"earliest {format_clock(self.start)}"


@dataclass(frozen=True)
class Latest:
    end: int  # minutes after midnight: no class ends after

    @property
    def label(self) -> str:
        return f"latest {format_clock(self.end)}"


@dataclass(frozen=True)
class Blocked:
    days: tuple[Day, ...]
    start: int
    end: int
    name: str | None = None

    @property
    def label(self) -> str:
        times = f"{''.join(self.days)} {format_clock(self.start)}-{format_clock(self.end)}"
        return f"blocked {self.name or times}"


@dataclass(frozen=True)
class Exclude:
    """Never the sections of `subject` (a course number) that `ref` names."""

    subject: str
    written: str  # the number as the student wrote it, for the label
    ref: SectionRef

    @property
    def label(self) -> str:
        return f"exclude {self.written} {self.ref}"


@dataclass(frozen=True)
class Lock:
    """Only the named sections of `subject`, for each kind they name (`kinds`)."""

    subject: str
    written: str
    refs: tuple[SectionRef, ...]
    kinds: frozenset[Kind]

    @property
    def label(self) -> str:
        return f"lock {self.written} {', '.join(str(ref) for ref in self.refs)}"


@dataclass(frozen=True)
class DailyHours:
    hours: float  # at most this many hours of class on any day

    @property
    def label(self) -> str:
        return f"at most {self.hours:g} class hours a day"


@dataclass(frozen=True)
class MaxDays:
    days: int  # class on at most this many days of the week

    @property
    def label(self) -> str:
        return f"at most {self.days} day{'' if self.days == 1 else 's'} with class"


@dataclass(frozen=True)
class Workload:
    hours: float  # at most this many expected hours a week

    @property
    def label(self) -> str:
        return f"workload at most {self.hours:g} h/week"


@dataclass(frozen=True)
class Coreqs:
    """Take `subject` only with every course of one of `ways`: the coreqs its prerequisites
    need in the same term (none left: the subject cannot be taken)."""

    subject: str
    ways: tuple[tuple[str, ...], ...]

    @property
    def label(self) -> str:
        return f"coreqs of {self.subject}"


@dataclass(frozen=True)
class MaxWalk:
    """No walk between back-to-back classes (the next starting within `within` minutes of the
    last's end) longer than `minutes` at `speed` meters a second."""

    minutes: float
    speed: float
    within: float

    @property
    def label(self) -> str:
        return f"walks at most {self.minutes:g} min"


@dataclass(frozen=True)
class MaxInARow:
    """No run of back-to-back classes (gaps of at most `within` minutes) longer than `minutes`,
    from its first start to its last end, in any part of the term."""

    minutes: int
    within: float

    @property
    def label(self) -> str:
        return f"at most {self.minutes / 60:g} h in a row"


Rule = (
    Required | Electives | Units | FreeDay | Earliest | Latest | Blocked | Exclude | Lock
    | DailyHours | MaxDays | Workload | Coreqs | MaxWalk | MaxInARow
)  # fmt: skip
OptionRule = FreeDay | Earliest | Latest | Blocked | Exclude | Lock


def forbids(rule: OptionRule, option: Option) -> bool:
    """Does `rule` rule `option` out?"""
    match rule:
        case FreeDay(day=day):
            return any(m.day == day for m in option.meetings)
        case Earliest(start=start):
            return any(m.start < start for m in option.meetings)
        case Latest(end=end):
            return any(m.end > end for m in option.meetings)
        case Blocked(days=days, start=start, end=end):
            return any(m.day in days and m.start < end and start < m.end for m in option.meetings)
        case Exclude(subject=subject, ref=ref):
            return option.course == subject and ref.matches(option.ids, option.meetings)
        case Lock(subject=subject, refs=refs, kinds=kinds):
            return (
                option.course == subject
                and option.kind in kinds
                and not any(ref.matches(option.ids, option.meetings) for ref in refs)
            )
        case _:
            assert_never(rule)
