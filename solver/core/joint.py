"""Two to four students solved at once: their requests, what they share, and what a joint
solve hands to the views. No solver here (`solver.core.engine.joint_ranking` ranks).

A joint schedule is one schedule per student, in the order the files were given. Its score is
the sum of each student's own score and the together wishes' points; joint schedules are
ordered as one student's are (`solver.core.order`), over all of them: score, then the students'
total rating shortfall, total expected hours and total idle minutes (one `Tiebreak` whose weights
cover every student), then each student's schedule in key order, the first file's first.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from solver.catalog.schema import Catalog, Kind, joint_numbers
from solver.core.order import Tiebreak
from solver.core.request import Request
from solver.core.results import Outcome, Schedule, ScheduleKey
from solver.core.rules import Required, Rule
from solver.core.together import (
    CommonLunch,
    SameSections,
    Shared,
    Together,
    TogetherRule,
    TogetherWish,
)
from solver.core.wishes import score_points
from solver.core.yaml_source import YamlSource

MOST_STUDENTS = 4

Joint = tuple[Schedule, ...]  # one schedule per student
JointKey = tuple[ScheduleKey, ...]


@dataclass(frozen=True)
class Owned:
    """A student's own hard rule, named with their file."""

    student: int
    name: str
    rule: Rule

    @property
    def label(self) -> str:
        return f"{self.name}: {self.rule.label}"


JointRule = Owned | TogetherRule


@dataclass(frozen=True)
class JointRequest:
    names: tuple[str, ...]  # each student's file, as messages and views name it
    requests: tuple[Request, ...]
    wishes: tuple[TogetherWish, ...]  # the active together wishes, in registry order
    rules: tuple[TogetherRule, ...]  # subjects never taken apart (`weight: hard`)
    top: int
    time_limit: float | None

    @property
    def every_rule(self) -> tuple[JointRule, ...]:
        """Every rule in force, each student's in their file's order, then the together rules."""
        owned = [
            Owned(s, self.names[s], rule)
            for s, request in enumerate(self.requests)
            for rule in request.rules
        ]
        return (*owned, *self.rules)

    def without(self, dropped: Iterable[JointRule]) -> "JointRequest":
        gone = set(dropped)
        requests = tuple(
            r.without(o.rule for o in gone if isinstance(o, Owned) and o.student == s)
            for s, r in enumerate(self.requests)
        )
        kept = tuple(rule for rule in self.rules if rule not in gone)
        return replace(self, requests=requests, rules=kept)

    def tiebreak(self) -> Tiebreak:
        """The tie-breakers over every student: weights that cover all of them at once."""
        top = sum(Tiebreak.of(request).hours_top for request in self.requests)
        return Tiebreak(hours_top=top, students=len(self.requests))


def joint_key(joint: Joint) -> JointKey:
    return tuple(schedule.key for schedule in joint)


@dataclass(frozen=True)
class Points:
    """A joint schedule's score in points, and its parts: each student's own, each together
    wish's (by key)."""

    own: tuple[int, ...]
    together: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.own) + sum(self.together.values())


def joint_points(joint: Joint, request: JointRequest) -> Points:
    """The score of `joint`, from the schedules alone (no solver)."""
    own = tuple(score_points(s, r.wishes) for s, r in zip(joint, request.requests, strict=True))
    return Points(own, {wish.key: wish.points(joint) for wish in request.wishes})


def standing(joint: Joint, request: JointRequest, tiebreak: Tiebreak) -> tuple[int, int]:
    """(points, tie-breakers) of `joint`: its place in the order but for the keys."""
    tie = sum(tiebreak.value(s, r) for s, r in zip(joint, request.requests, strict=True))
    return joint_points(joint, request).total, tie


@dataclass(frozen=True)
class JointRanked:
    rank: int
    schedules: Joint
    points: Points
    optimal: bool  # False when the time limit cut the search before its place was proven


@dataclass(frozen=True)
class JointCorrection:
    drop: tuple[JointRule, ...]
    outcome: Outcome


@dataclass(frozen=True)
class JointResult:
    rows: tuple[JointRanked, ...]
    conflict: tuple[JointRule, ...] | None  # the rules that cannot all hold, when nothing fits
    solves: int
    complete: bool
    corrections: tuple[JointCorrection, ...] = ()
    instead: "JointResult | None" = None  # the best under the first correction
    dropped: tuple[JointRule, ...] = ()  # the rules these joint schedules break (`instead`)


def build_together(
    together: Together | None,
    names: Sequence[str],
    requests: Sequence[Request],
    source: YamlSource,
    catalog: Catalog,
) -> tuple[tuple[TogetherWish, ...], tuple[TogetherRule, ...]]:
    """The together wishes and rules of `together:` (in the first file, `source`): each subject
    resolved to each student's course; one that fewer than two students can take is an error on
    its line."""
    if together is None:
        return (), ()
    joint = joint_numbers(catalog)
    shared = []
    for k, number in enumerate(together.subjects):
        path = ("together", "subjects", k)
        subject = catalog.subject(number)
        if subject is None:
            raise source.error(path, catalog.unknown(number))
        names_of = {subject.number, *joint.get(subject.number, ())}
        courses = tuple(_course_in(request, names_of) for request in requests)
        who = [names[s] for s, course in enumerate(courses) if course is not None]
        if len(who) < 2:
            offers = f"only {who[0]} offers it" if who else "no file offers it"
            raise source.error(
                path,
                f"together {number}: {offers}; list it under required: or in an elective group"
                " of at least two of the files",
            )
        shared.append(Shared(number, courses, frozenset(Kind(k) for k in together.same)))
    wishes: list[TogetherWish] = []
    rules: tuple[TogetherRule, ...] = ()
    if together.weight == "hard":
        rules = tuple(TogetherRule(s) for s in shared)
    elif shared and together.weight != 0:
        wishes.append(SameSections(tuple(shared), together.weight))
    meet = together.meet
    if meet is not None and meet.weight != 0:
        wishes.append(CommonLunch(meet.weight, meet.minutes, meet.from_, meet.to))
    return tuple(wishes), rules


def _course_in(request: Request, names: set[str]) -> str | None:
    """The course of `request` that is one of these numbers (a subject and its joint ones), if
    the student may take it: required, or in an elective group."""
    takeable = {*request.ungrouped, *(n for group in request.groups for n in group.members)}
    for number, course in request.courses.items():
        if number in takeable and (number in names or names.intersection(course.aliases)):
            return number
    return None


def required_rule(rule: JointRule) -> bool:
    """Does dropping it make a required subject optional (for the order of corrections)?"""
    return isinstance(rule, Owned) and isinstance(rule.rule, Required)
