"""One summary per ranked schedule: every number a view shows, computed once, in one unit each.

Every view (table, JSON, CSV, HTML) reads these, so they cannot drift apart: idle time is minutes
everywhere, scores and shares are weight x hours (or x days), workload is hours a week.
"""

from dataclasses import dataclass

from solver.catalog.campus import BACK_TO_BACK, WALKING_SPEED, walk_minutes
from solver.catalog.clock import format_clock
from solver.catalog.schema import Day
from solver.core.eligibility import Status, prereq_of, verdict
from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Ranked, Result, Schedule
from solver.core.rules import MaxWalk
from solver.core.score import Week, idle_minutes, score, walks
from solver.core.wishes import Keep, ShortWalks

LONG_WALK = 5  # minutes: walks longer than this are shown, unless short_walks sets its own


@dataclass(frozen=True)
class Walking:
    """A long walk between back-to-back classes, as the views show it."""

    day: Day
    at: int  # when the second class starts
    rooms: tuple[str, str]  # from, to
    minutes: int

    def __str__(self) -> str:
        return (
            f"{self.day} {format_clock(self.at)} {self.rooms[0]} \u2192 {self.rooms[1]}: "
            f"{self.minutes} min walk"
        )


@dataclass(frozen=True)
class Share:
    """One wish's part of a score."""

    key: str
    title: str
    points: int

    @property
    def score(self) -> float:
        return score(self.points)


# The week at a glance, in every view; durations in hours, like the scores. See Summary.facts.
FACTS = ("units", "days", "first", "last", "idle hours", "expected hours/week")


@dataclass(frozen=True)
class Summary:
    ranked: Ranked
    units: int
    weekdays: str  # the days with class, in MIT's letters ("MTWRF"), "" for none
    first: int | None  # minutes after midnight of the week's first class
    last: int | None
    idle_minutes: int
    hours_per_week: float  # expected hours a week: evaluations, else units
    shares: tuple[Share, ...]  # one per active wish, in registry order
    walks: tuple[Walking, ...] = ()  # long walks, when walks count (max_walk, short_walks)
    unplaced: tuple[str, ...] = ()  # its rooms the map does not know, when walks count
    changes: tuple[str, ...] = ()  # held sections (keep) it changes: "6.1210 R03 -> R05"
    moved: frozenset[Option] = frozenset()  # its options standing where a held section was
    # Its subjects whose prerequisites `taken:` does not meet (coreqs in the week count), each
    # with what is missing.
    unmet: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def rank(self) -> int:
        return self.ranked.rank

    @property
    def schedule(self) -> Schedule:
        return self.ranked.schedule

    @property
    def score(self) -> float:
        return score(self.ranked.points)

    @property
    def days(self) -> int:
        return len(self.weekdays)

    def facts(self) -> tuple[str, ...]:
        """The week at a glance, one value per name in `FACTS`."""
        return (
            str(self.units),
            self.weekdays or "-",
            clock(self.first) or "-",
            clock(self.last) or "-",
            f"{self.idle_minutes / 60:.3g}",
            f"{self.hours_per_week:g}",
        )

    @property
    def equals(self) -> str:
        """`+11 equally good section choices`, by subjects; empty when there are none."""
        equals = self.ranked.equals
        if equals is None or not equals.count:
            return ""
        count = f"{equals.count} or more" if equals.capped else str(equals.count)
        plural = "s" if equals.count != 1 or equals.capped else ""
        return f"+{count} equally good section choice{plural}"

    @property
    def star(self) -> str:
        """`*` when the time limit stopped the search before this rank was proven."""
        return "" if self.ranked.optimal else "*"


def summarize(ranked: Ranked, request: Request) -> Summary:
    schedule = ranked.schedule
    week = Week.of(schedule)
    chosen = [request.courses[n] for n in schedule.courses]
    held = _held_changes(schedule, request)
    return Summary(
        ranked=ranked,
        units=sum(c.units for c in chosen),
        weekdays="".join(day for day in Day if day in week.spans),
        first=min((m.start for m in week.meetings), default=None),
        last=max((m.end for m in week.meetings), default=None),
        idle_minutes=sum(idle_minutes(spans) for spans in week.spans.values()),
        hours_per_week=round(sum(c.workload for c in chosen), 2),
        shares=tuple(Share(w.key, w.title, w.points(week)) for w in request.wishes),
        walks=long_walks(schedule, request),
        unplaced=_unplaced(schedule, request),
        changes=tuple(
            f"{number} {section} \u2192 {' '.join(o.label for o in instead) or '(not taken)'}"
            for number, section, instead in held
        ),
        moved=frozenset(o for *_, instead in held for o in instead),
        unmet=_unmet(schedule, request),
    )


def _unmet(schedule: Schedule, request: Request) -> tuple[tuple[str, tuple[str, ...]], ...]:
    courses = [request.courses[n] for n in schedule.courses]
    alongside = frozenset(name for c in courses for name in (c.number, *c.aliases))
    found = []
    for course in courses:
        judged = verdict(prereq_of(course.subject), request.record, alongside)
        if judged.status is Status.NOT_MET:
            found.append((course.number, judged.missing))
    return tuple(found)


def long_walks(schedule: Schedule, request: Request) -> tuple[Walking, ...]:
    """The walks to show: longer than short_walks' `over_minutes`, else than `LONG_WALK`."""
    if request.campus is None:
        return ()
    speed: float = WALKING_SPEED
    within: float = BACK_TO_BACK
    longer: float = LONG_WALK
    for rule in request.rules:
        if isinstance(rule, MaxWalk):
            speed, within = rule.speed, rule.within
    for wish in request.wishes:
        if isinstance(wish, ShortWalks):
            speed, within, longer = wish.speed, wish.within, wish.over_minutes
    shown = []
    for walk in walks(schedule.options, within):
        minutes = walk_minutes(walk.meters, speed)
        if minutes > longer:
            rooms = ("/".join(walk.before.rooms), "/".join(walk.after.rooms))
            shown.append(Walking(walk.day, walk.at, rooms, minutes))
    return tuple(sorted(shown, key=lambda w: (w.day.order, w.at)))


def _unplaced(schedule: Schedule, request: Request) -> tuple[str, ...]:
    if request.campus is None:
        return ()
    rooms = [
        room
        for o in schedule.options
        if o.building is None and o.meetings
        for room in (o.rooms or ("(no room)",))
    ]
    return tuple(dict.fromkeys(rooms))


def _held_changes(schedule: Schedule, request: Request) -> list[tuple[str, str, list[Option]]]:
    """Each held section (keep) the schedule does not keep: subject, section, and the options
    standing in its place (its kind's, or the subject's when held by time; none if dropped)."""
    changes = []
    for wish in request.wishes:
        if isinstance(wish, Keep):
            for number, ref in wish.changed(schedule.options):
                instead = [
                    o
                    for o in schedule.options
                    if o.course == number and (ref.id is None or o.kind.letter == ref.id[0])
                ]
                changes.append((number, str(ref), instead))
    return changes


def summarize_all(result: Result, request: Request) -> list[Summary]:
    return [summarize(ranked, request) for ranked in result.schedules]


def clock(minutes: int | None, missing: str | None = "-") -> str | None:
    """A time of day as "HH:MM", or `missing` when there is none."""
    return missing if minutes is None else format_clock(minutes)
