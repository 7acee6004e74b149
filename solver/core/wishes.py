"""Soft wishes: one class each, in one registry (`WISHES`).

A wish is written under `wishes:` as its key with a weight, or with its settings. Its class owns
everything about it: the key, the title every view shows, `points()` (the definition: pure, from
the schedule's week) and `encode()` (the same amount as a CP-SAT expression over the model's
variables). A schedule's score is the sum of its wishes' points; the objective is the sum of their
encodings; the ranking checks that the two agree on every schedule it lists.
"""

from abc import abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Field, model_validator

from solver.catalog.campus import BACK_TO_BACK, WALKING_SPEED, walk_minutes
from solver.catalog.schema import Day
from solver.core.encoding import Encoder, Expr
from solver.core.fields import (
    Days,
    Gap,
    SectionRef,
    SectionRefs,
    Speed,
    Strict,
    SubjectNumber,
    TimeOfDay,
    Weight,
    bounded,
)
from solver.core.options import Option
from solver.core.results import Schedule
from solver.core.score import (
    Walk,
    Week,
    centi,
    has_lunch,
    idle_minutes,
    runs,
    walk_ends,
    walks,
)


class Wish(Strict):
    """A soft wish: `points()` defines it, `encode()` states the same amount for CP-SAT."""

    key: ClassVar[str]  # its key under `wishes:` in the preferences file
    title: ClassVar[str]  # its column in every view
    # What its points depend on, so a standing computed once is reused for every schedule alike
    # in that: meeting times; times in each part of the term; and buildings; which sections of
    # which courses; which courses alone.
    looks_at: ClassVar[Literal["times", "parts", "places", "sections", "courses"]] = "times"

    @property
    def active(self) -> bool:
        return True

    @abstractmethod
    def points(self, week: Week) -> int:
        """The penalty points of `week` (negative for a reward)."""

    @abstractmethod
    def encode(self, model: Encoder) -> Expr:
        """The same points as an expression over `model`'s variables."""


class Weighted(Wish):
    """A wish with a weight: points are weight x an amount (per hour, or per day)."""

    weight: Weight = 1.0

    @property
    def active(self) -> bool:
        return self.weight != 0


class FewerDays(Weighted):
    key, title = "fewer_days", "days"

    def points(self, week: Week) -> int:
        return centi(self.weight) * 60 * len(week.spans)

    def encode(self, model: Encoder) -> Expr:
        return centi(self.weight) * 60 * sum(model.days.values())


class FewerGaps(Weighted):
    key, title = "fewer_gaps", "gaps"

    def points(self, week: Week) -> int:
        return centi(self.weight) * sum(idle_minutes(spans) for spans in week.spans.values())

    def encode(self, model: Encoder) -> Expr:
        return centi(self.weight) * sum(model.idle(day) for day in model.days)


class LaterStart(Weighted):
    key, title = "later_start", "early"
    before: TimeOfDay = 10 * 60  # per hour a day's first class starts before this

    def points(self, week: Week) -> int:
        early = sum(max(0, self.before - spans[0][0]) for spans in week.spans.values())
        return centi(self.weight) * early

    def encode(self, model: Encoder) -> Expr:
        before = self.before
        return centi(self.weight) * sum(
            _day_extreme(model, day, lambda start, end: before - start) for day in model.days
        )


class EarlierEnd(Weighted):
    key, title = "earlier_end", "late"
    after: TimeOfDay = 16 * 60  # per hour a day's last class ends after this

    def points(self, week: Week) -> int:
        late = sum(max(0, spans[-1][1] - self.after) for spans in week.spans.values())
        return centi(self.weight) * late

    def encode(self, model: Encoder) -> Expr:
        after = self.after
        return centi(self.weight) * sum(
            _day_extreme(model, day, lambda start, end: end - after) for day in model.days
        )


class Lunch(Weighted):
    key, title = "lunch", "lunch"
    minutes: int = Field(45, gt=0, le=240)
    from_: TimeOfDay = Field(11 * 60, alias="from")
    to: TimeOfDay = 14 * 60

    @model_validator(mode="after")
    def _fits(self) -> "Lunch":
        if self.to - self.from_ < self.minutes:
            raise ValueError(f"a {self.minutes}-minute lunch does not fit between from and to")
        return self

    def points(self, week: Week) -> int:
        window = (self.from_, self.to, self.minutes)
        missed = sum(1 for spans in week.spans.values() if not has_lunch(spans, *window))
        return centi(self.weight) * 60 * missed

    def encode(self, model: Encoder) -> Expr:
        return centi(self.weight) * 60 * sum(self._missed(model, day) for day in model.days)

    def _missed(self, model: Encoder, day: Day) -> Expr:
        """1 when no free window of `minutes` fits between `from` and `to` on `day`: windows
        start at `from` or where a class ends, and each is free when none of its blockers is
        chosen."""
        spans = model.on(day)
        latest = self.to - self.minutes
        starts = sorted({self.from_} | {e for _, _, e in spans if self.from_ < e <= latest})
        free = []
        for begin in starts:
            finish = begin + self.minutes
            blockers = [y for y, s, e in spans if s < finish and begin < e]
            if not blockers:
                return 0
            free.append(model.all_of([], blockers))
        return 1 - model.any_of(free)


class AvoidEvenings(Weighted):
    key, title = "avoid_evenings", "eve"
    after: TimeOfDay = 18 * 60  # per hour of class after this

    def points(self, week: Week) -> int:
        evening = sum(max(0, m.end - max(m.start, self.after)) for m in week.meetings)
        return centi(self.weight) * evening

    def encode(self, model: Encoder) -> Expr:
        after = self.after
        return centi(self.weight) * sum(
            sum(max(0, m.end - max(m.start, after)) for m in option.meetings) * x
            for option, x in model.chosen.items()
        )


class FreeDay(Weighted):
    key, title = "free_day", "free"
    days: Days = (Day.F,)

    def points(self, week: Week) -> int:
        busy = sum(1 for day in self.days if day in week.spans)
        return centi(self.weight) * 60 * busy

    def encode(self, model: Encoder) -> Expr:
        used = [model.days[day] for day in self.days if day in model.days]
        return centi(self.weight) * 60 * sum(used)


class Likes(Wish):
    """Subjects the student would enjoy: each one taken subtracts its weight (per subject)."""

    key, title = "likes", "likes"
    looks_at = "courses"
    subjects: dict[SubjectNumber, Weight] = {}

    @property
    def active(self) -> bool:
        return bool(self.subjects)

    def points(self, week: Week) -> int:
        return -60 * sum(centi(w) for n, w in self.subjects.items() if n in week.courses)

    def encode(self, model: Encoder) -> Expr:
        taken = [centi(w) * model.take[n] for n, w in self.subjects.items() if n in model.take]
        return -60 * sum(taken)


class ShortWalks(Weighted):
    """Per minute of each walk between back-to-back classes beyond `over_minutes`."""

    key, title = "short_walks", "walks"
    looks_at = "places"
    over_minutes: Annotated[float, bounded(0, 60)] = 5
    speed: Speed = WALKING_SPEED
    within: Gap = BACK_TO_BACK

    def cost(self, walk: Walk) -> int:
        over = walk_minutes(walk.meters, self.speed) - self.over_minutes
        return round(centi(self.weight) * 60 * max(0.0, over))  # over_minutes may be 4.5

    def points(self, week: Week) -> int:
        return sum(self.cost(walk) for walk in walks(week.options, self.within))

    def encode(self, model: Encoder) -> Expr:
        """Per pair of walk ends (`score.walk_ends`): the cost when one option of each is
        chosen, less the one option at both (which walks nowhere)."""
        total: list[Expr] = []
        for ends in walk_ends(model.chosen, self.within):
            over = walk_minutes(ends.meters, self.speed) - self.over_minutes
            cost = round(centi(self.weight) * 60 * max(0.0, over))
            if cost:
                both = model.all_of([model.at_one(ends.before), model.at_one(ends.after)], [])
                total.append(cost * (both - sum(model.chosen[o] for o in ends.shared)))
        return sum(total)


class FewerLongRuns(Weighted):
    """Per hour of a run of back-to-back classes beyond `hours`, on each day (in the part of the
    term where that day's runs are longest)."""

    key, title = "fewer_long_runs", "runs"
    looks_at = "parts"
    hours: Annotated[float, bounded(0, 24, above=True)] = 3
    within: Gap = BACK_TO_BACK

    @property
    def minutes(self) -> int:
        return round(self.hours * 60)

    def points(self, week: Week) -> int:
        worst: dict[Day, int] = defaultdict(int)
        for (_, day), lengths in runs(week.options, self.within).items():
            beyond = sum(max(0, length - self.minutes) for length in lengths)
            worst[day] = max(worst[day], beyond)
        return centi(self.weight) * sum(worst.values())

    def encode(self, model: Encoder) -> Expr:
        """Per part of the term and day, the minutes beyond `minutes` where each run ends (its
        last used slot is followed by none); a day counts its worst part."""
        limit = self.minutes
        per_day: dict[Day, list[tuple[Expr, int]]] = defaultdict(list)
        for part in model.runs(self.within):
            earliest = part.links[0].slot.start
            total, bound = [], 0
            for link in part.links:
                most = link.slot.end - earliest - limit
                if most <= 0:
                    continue
                beyond = model.max_of([0, link.slot.end - link.began - limit], most)
                ends = model.all_of([link.used], [link.followed])  # the last slot of its run
                total.append(model.when(ends, beyond, most))
                bound += most
            if total:
                per_day[part.day].append((sum(total), bound))
        worst = [
            model.max_of([total for total, _ in sums], max(bound for _, bound in sums))
            for sums in per_day.values()
        ]
        return centi(self.weight) * sum(worst)


class Keep(Weighted):
    """Sections the student holds: each one the schedule does not keep costs its weight."""

    key, title = "keep", "held"
    looks_at = "sections"
    weight: Weight = 10.0  # a held section outweighs most comforts
    sections: dict[SubjectNumber, SectionRefs] = {}

    @property
    def active(self) -> bool:
        return bool(self.sections) and self.weight != 0

    def changed(self, options: Iterable[Option]) -> list[tuple[str, SectionRef]]:
        """The held sections (subject, section) that `options` do not keep."""
        chosen = list(options)
        return [
            (number, ref)
            for number, refs in self.sections.items()
            for ref in refs
            if not any(o.course == number and ref.matches(o.ids, o.meetings) for o in chosen)
        ]

    def points(self, week: Week) -> int:
        return centi(self.weight) * 60 * len(self.changed(week.options))

    def encode(self, model: Encoder) -> Expr:
        chosen = model.chosen.items()
        kept = [
            model.any_of([x for o, x in chosen if o.course == n and ref.matches(o.ids, o.meetings)])
            for n, refs in self.sections.items()
            for ref in refs
        ]
        return centi(self.weight) * 60 * sum(1 - k for k in kept)


def _day_extreme(model: Encoder, day: Day, excess: Callable[[int, int], int]) -> Expr:
    """max(0, excess(start, end)) over the chosen meetings of `day` (how early, or how late)."""
    worst = [(y, amount) for y, s, e in model.on(day) if (amount := excess(s, e)) > 0]
    if not worst:
        return 0
    return model.max_of([0, *(amount * y for y, amount in worst)], max(a for _, a in worst))


# The registry, in the order of every view's columns (and of the objective's terms).
WISHES: tuple[type[Wish], ...] = (
    FewerDays, FewerGaps, LaterStart, EarlierEnd, Lunch, AvoidEvenings, FreeDay, Likes,
    ShortWalks, FewerLongRuns, Keep,
)  # fmt: skip


def _shorthand(wish: type[Wish]) -> Callable[[object], object]:
    """A weighted wish written as a bare number is its weight, with default settings; likes are
    written as the mapping of subjects itself."""

    def read(value: object) -> object:
        if wish is Likes:
            if not isinstance(value, dict):
                raise ValueError('write the subjects you like, each with a weight: {"6.1200": 1.5}')
            return {"subjects": value}
        if wish is Keep:
            if not isinstance(value, dict):
                raise ValueError('write the sections you hold: {"6.1210": [R03], "18.06": [L01]}')
            return value if {"weight", "sections"} & set(value) else {"sections": value}
        if isinstance(value, dict | Wish):
            return value
        return {"weight": value}  # a bare weight; `weight` says what is wrong with it

    return read


def shorthand(wish: type[Wish]) -> BeforeValidator:
    """Reads a wish's field in the preferences file: its settings, or its shorthand."""
    return BeforeValidator(_shorthand(wish))


def breakdown(schedule: Schedule, wishes: Iterable[Wish]) -> dict[str, int]:
    """Penalty points per active wish, by its key, in registry order."""
    week = Week.of(schedule)
    return {wish.key: wish.points(week) for wish in wishes}


def score_points(schedule: Schedule, wishes: Iterable[Wish]) -> int:
    """A schedule's score in points: the sum of its wishes' (see solver.core.score)."""
    return sum(breakdown(schedule, wishes).values())
