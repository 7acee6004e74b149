"""What two to four students want to share, written under `together:` in the file solved:
subjects taken together in the same sections, and a common free lunch window.

The contract (`Together`, `Meet`) is read with the preferences; resolved against each student's
request it becomes the together wishes, one class each in `TOGETHER` (their definition,
`points()`, from every student's schedule, and its CP-SAT encoding over every student's model,
as a student's own wishes have, `solver.core.wishes`), and, written `weight: hard`, one
`TogetherRule` per subject.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal, cast

from pydantic import BeforeValidator, Field, model_validator

from solver.catalog.schema import Day, Kind
from solver.core.encoding import Encoder, Expr, Lit
from solver.core.fields import Strict, SubjectNumber, TimeOfDay, Weight, bounded
from solver.core.results import Schedule
from solver.core.score import centi, day_spans, has_lunch

KindName = Literal["lecture", "recitation", "lab", "design"]
_weight = cast(Callable[[object], float], bounded(-1000, 1000).func)


def _weight_or_hard(value: object) -> object:
    """A weight, or `hard`: a rule, not a wish."""
    if value == "hard":
        return value
    try:
        return _weight(value)
    except ValueError as error:
        raise ValueError(f"{error} (write a weight such as 3, or hard for a rule)") from None


class Meet(Strict):
    """A common free lunch window: per day on which all of them have class and no window of
    `minutes` between `from` and `to` is free for every one of them."""

    weight: Weight = 1.0
    minutes: int = Field(45, gt=0, le=240)
    from_: TimeOfDay = Field(11 * 60, alias="from")
    to: TimeOfDay = 14 * 60

    @model_validator(mode="after")
    def _fits(self) -> "Meet":
        if self.to - self.from_ < self.minutes:
            raise ValueError(f"a {self.minutes}-minute lunch does not fit between from and to")
        return self


class Together(Strict):
    """`together:`: the subjects to take together, in the same sections of the kinds in
    `same` (per subject taken apart: `weight`, or `hard`: a rule), and `meet`."""

    subjects: list[SubjectNumber] = []
    same: list[KindName] = ["lecture", "recitation", "lab", "design"]
    weight: Annotated[float | Literal["hard"], BeforeValidator(_weight_or_hard)] = 1.0
    meet: Meet | None = None


@dataclass(frozen=True)
class Shared:
    """One subject to take together: its course in each student's request (None where that
    student's file does not offer it) and the kinds whose sections they share."""

    written: str  # as the file names it
    courses: tuple[str | None, ...]
    kinds: frozenset[Kind]

    def apart(self, schedules: Sequence[Schedule]) -> bool:
        """Taken apart: by some of the students who could take it, but not by all of them in
        one section of each of its kinds (merged sections, R03/R05, share where an id does)."""
        who = [(s, c) for s, c in enumerate(self.courses) if c is not None]
        taking = [c in schedules[s].courses for s, c in who]
        if not any(taking):
            return False
        if not all(taking):
            return True
        for kind in self.kinds:
            ids = [
                {i for o in schedules[s].options if o.course == c and o.kind == kind for i in o.ids}
                for s, c in who
            ]
            if all(ids) and not set.intersection(*ids):
                return True
        return False

    def encode_apart(self, models: Sequence[Encoder]) -> Lit | int:
        """The same, 1 when taken apart, over each student's model (one CP-SAT model)."""
        any_of, all_of = models[0].any_of, models[0].all_of
        who = [(s, c) for s, c in enumerate(self.courses) if c is not None]
        takes = [models[s].take.get(c) for s, c in who]
        taken = [t for t in takes if t is not None]
        some = any_of(taken)
        if isinstance(some, int) or len(taken) < len(takes):
            return some  # someone can never take it (pruned away): taken at all is apart
        same: list[Lit] = []
        for kind in sorted(self.kinds, key=lambda k: k.order):
            chosen = [
                [(o, x) for o, x in models[s].chosen.items() if o.course == c and o.kind == kind]
                for s, c in who
            ]
            if not all(chosen):
                continue  # the subject has no section of this kind
            ids = sorted({i for options in chosen for o, _ in options for i in o.ids})
            common = []
            for i in ids:
                each = [any_of([x for o, x in options if i in o.ids]) for options in chosen]
                if not any(isinstance(e, int) for e in each):
                    common.append(all_of([e for e in each if not isinstance(e, int)], []))
            shared = any_of(common)
            if isinstance(shared, int):
                return some  # no section all of them can be in
            same.append(shared)
        return all_of([some], [all_of([*taken, *same], [])])


class TogetherWish(ABC):
    """A together wish: `points()` defines it from every student's schedule, `encode()` states
    the same amount over every student's model."""

    key: ClassVar[str]
    title: ClassVar[str]

    @abstractmethod
    def points(self, schedules: Sequence[Schedule]) -> int:
        """The penalty points of these schedules, one per student, in order."""

    @abstractmethod
    def encode(self, models: Sequence[Encoder]) -> Expr:
        """The same points over the students' models (one CP-SAT model), in order."""


@dataclass(frozen=True)
class SameSections(TogetherWish):
    """Per subject of `together.subjects` taken apart (see `Shared.apart`): its weight."""

    key: ClassVar[str] = "together"
    title: ClassVar[str] = "together"
    subjects: tuple[Shared, ...]
    weight: float

    def points(self, schedules: Sequence[Schedule]) -> int:
        return centi(self.weight) * 60 * sum(s.apart(schedules) for s in self.subjects)

    def encode(self, models: Sequence[Encoder]) -> Expr:
        return centi(self.weight) * 60 * sum(s.encode_apart(models) for s in self.subjects)


@dataclass(frozen=True)
class CommonLunch(TogetherWish):
    """Per day on which all of them have class and no free window of `minutes` between `start`
    and `end` is common to them (`Meet`)."""

    key: ClassVar[str] = "meet"
    title: ClassVar[str] = "meet"
    weight: float
    minutes: int
    start: int
    end: int

    def points(self, schedules: Sequence[Schedule]) -> int:
        spans = [day_spans(s.meetings) for s in schedules]
        every = set.intersection(*(set(found) for found in spans))
        missed = 0
        for day in every:
            merged = day_spans(m for s in schedules for m in s.meetings if m.day == day)
            missed += not has_lunch(merged[day], self.start, self.end, self.minutes)
        return centi(self.weight) * 60 * missed

    def encode(self, models: Sequence[Encoder]) -> Expr:
        days = set.intersection(*(set(m.days) for m in models))
        return centi(self.weight) * 60 * sum(self._missed(models, d) for d in sorted(days))

    def _missed(self, models: Sequence[Encoder], day: Day) -> Expr:
        """1 when all have class on `day` and no window free for all of them fits, as the
        `lunch` wish states it for one student (over every student's slots at once)."""
        spans = [slot for model in models for slot in model.on(day)]
        latest = self.end - self.minutes
        starts = sorted({self.start} | {e for _, _, e in spans if self.start < e <= latest})
        free = []
        for begin in starts:
            finish = begin + self.minutes
            blockers = [y for y, s, e in spans if s < finish and begin < e]
            if not blockers:
                return 0
            free.append(models[0].all_of([], blockers))
        return models[0].all_of([m.days[day] for m in models], [models[0].any_of(free)])


@dataclass(frozen=True)
class TogetherRule:
    """`weight: hard`: a subject is never taken apart (see `Shared.apart`)."""

    shared: Shared

    @property
    def label(self) -> str:
        return f"together {self.shared.written}"


# The registry of together wishes, in the order of every view's columns.
TOGETHER: tuple[type[TogetherWish], ...] = (SameSections, CommonLunch)
