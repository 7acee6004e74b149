"""The solver's input: courses with their options, elective groups, typed rules and wishes.

The request holds no raw preferences (`solver.core.resolve` builds it from them): everything
after it (the model, the validator, the brute force) reads the same rules.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from solver.catalog.campus import Campus
from solver.catalog.schema import Catalog, Kind, Subject
from solver.core import rules
from solver.core.eligibility import NOTHING_TAKEN, Record
from solver.core.options import Option
from solver.core.rules import Rule
from solver.core.wishes import Wish


@dataclass(frozen=True)
class Course:
    """A subject the schedule may include; joint numbers (same subject) are one course."""

    number: str
    aliases: tuple[str, ...]
    subject: Subject
    options: dict[Kind, tuple[Option, ...]]
    segments: frozenset[int]

    @property
    def units(self) -> int:
        return 0 if self.subject.units.arranged else self.subject.units.total

    @property
    def workload(self) -> float:
        """Expected hours per week: the evaluations' figure, else the units (MIT's definition)."""
        return self.subject.hours if self.subject.hours is not None else float(self.units)


@dataclass(frozen=True)
class ElectiveGroup:
    """The courses an elective group may pick from; its bounds are its `Electives` rule's."""

    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Request:
    courses: dict[str, Course]
    groups: tuple[ElectiveGroup, ...]
    rules: tuple[Rule, ...]
    exclusive: tuple[tuple[str, str], ...]  # meets-with pairs: at most one of each
    segment_count: int
    wishes: tuple[Wish, ...]  # the active ones, in registry order, liked subjects resolved
    top: int
    by: Literal["subjects", "sections"]  # a row per subject set, or per schedule
    time_limit: float | None
    catalog: Catalog = field(repr=False)
    campus: Campus | None = field(default=None, repr=False)  # where walks count: the map
    optional: tuple[str, ...] = ()  # courses that may be taken outside any group (what-if)
    notes: tuple[str, ...] = ()  # what the student should know that is not an error
    record: Record = NOTHING_TAKEN  # what the student has taken: for prerequisites
    # Courses a fit check adds one at a time as if required (`search --fits`); otherwise they
    # are as the preferences make them: members of their groups, or never taken.
    candidates: tuple[str, ...] = ()

    @property
    def options(self) -> list[Option]:
        return [
            o for course in self.courses.values() for opts in course.options.values() for o in opts
        ]

    @property
    def required(self) -> list[str]:
        return [rule.subject for rule in self.rules if isinstance(rule, rules.Required)]

    def without(self, dropped: Iterable[Rule]) -> "Request":
        """The request without these rules; a required subject becomes optional, not banned,
        and a group without its rule may take any number of its members."""
        dropped = set(dropped)
        optional = tuple(r.subject for r in dropped if isinstance(r, rules.Required))
        kept = tuple(r for r in self.rules if r not in dropped)
        return replace(self, rules=kept, optional=self.optional + optional)

    def bounds(self, group: int) -> tuple[int, int]:
        """How many of a group to take: its rule's bounds, or any number once that is dropped."""
        for rule in self.rules:
            if isinstance(rule, rules.Electives) and rule.group == group:
                return rule.low, rule.high
        return 0, len(self.groups[group].members)

    @property
    def ungrouped(self) -> set[str]:
        """Courses that count towards no elective group: the required and the optional ones."""
        return {*self.required, *self.optional}
