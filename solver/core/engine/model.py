"""The CP-SAT model: Booleans for courses and options, one small function per constraint family.

Clashes, blocked times and totals are precomputed from typed meetings, so the model holds only
Booleans, clique constraints and linear sums. Each rule is encoded by its kind (`_rule`), each
wish by its own class (`solver.core.wishes`); the objective is the sum of the wishes' encodings
and reproduces `solver.core.score` exactly. Every helper variable of a wish is defined exactly
(not only bounded on the side the objective pushes), so any weight, negative ones included, and
any bound on the score mean what they say.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import assert_never

from solver.catalog.campus import walk_minutes
from solver.catalog.schema import Day
from solver.core import rules
from solver.core.encoding import Expr, Lit, Part, Slot
from solver.core.engine.blocks import (
    Linear,
    Var,
    all_of,
    any_of,
    linear,
    max_of,
    running_or,
    var,
    when,
)
from solver.core.engine.runs import build_runs, forbid_longer
from solver.core.options import Option
from solver.core.request import Request
from solver.core.rules import Rule, forbids
from solver.core.score import day_spans, walk_ends
from solver.cpsat import cp_model


@dataclass
class Model:
    """A built model: the variables the ranking reads and cuts, and what the wishes state their
    amounts with (`solver.core.encoding.Encoder`)."""

    cp: cp_model.CpModel
    take: dict[str, Var]
    chosen: dict[Option, Var]
    rules: dict[Rule, Var]
    points: Linear = 0  # the score in points (see solver.core.score), minimised
    counted: dict[int, list[Var]] = field(default_factory=dict)  # group -> what counts for it
    forced: dict[str, Var] = field(default_factory=dict)  # candidate -> added as if required
    assumed: bool = False  # the rules are switched by assumptions, not held fixed
    slots: dict[Slot, Var] = field(default_factory=dict)  # see _slots
    days: dict[Day, Var] = field(default_factory=dict)  # see _days_used
    _idle: dict[Day, Linear] = field(default_factory=dict)
    _runs: dict[float, list[Part]] = field(default_factory=dict)
    _at_one: dict[tuple[Option, ...], Var] = field(default_factory=dict)

    def on(self, day: Day) -> list[tuple[Var, int, int]]:
        """The slots of `day`: (used, start, end)."""
        return [(y, slot.start, slot.end) for slot, y in self.slots.items() if slot.day == day]

    def idle(self, day: Day) -> Linear:
        """Idle minutes on `day`: free elementary intervals with a class both before and after.
        Built once per day: a wish and the tie-breakers may both ask."""
        if day not in self._idle:
            self._idle[day] = self._build_idle(day)
        return self._idle[day]

    def _build_idle(self, day: Day) -> Linear:
        cp, spans = self.cp, self.on(day)
        points = sorted({t for _, s, e in spans for t in (s, e)})
        pieces = list(zip(points, points[1:], strict=False))
        occupied = []
        for lo, hi in pieces:
            covering = [y for y, s, e in spans if s <= lo and hi <= e]
            busy = cp.new_bool_var("")
            if covering:
                cp.add_max_equality(busy, covering)
            else:
                cp.add(busy == 0)
            occupied.append(busy)
        before = running_or(cp, occupied)
        after = running_or(cp, occupied[::-1])[::-1]
        idle = []
        for i, (lo, hi) in enumerate(pieces):
            gap = cp.new_bool_var("")  # exactly: a class before, one after, none now
            cp.add(gap >= before[i] + after[i] - occupied[i] - 1)
            cp.add(gap <= before[i])
            cp.add(gap <= after[i])
            cp.add(gap <= 1 - occupied[i])
            idle.append((hi - lo) * gap)
        return sum(idle)

    def runs(self, within: float) -> list[Part]:
        """The slots linked into runs of back-to-back classes (see solver.core.engine.runs),
        built once per `within`: a rule and a wish may both ask."""
        if within not in self._runs:
            self._runs[within] = build_runs(self.cp, self.slots, within)
        return self._runs[within]

    def any_of(self, literals: Sequence[Lit]) -> Var | int:
        return any_of(self.cp, [var(x) for x in literals])

    def all_of(self, yes: Sequence[Lit], no: Sequence[Lit | int]) -> Var:
        return all_of(
            self.cp, [var(x) for x in yes], [x if isinstance(x, int) else var(x) for x in no]
        )

    def at_one(self, options: tuple[Option, ...]) -> Var:
        """Exactly: is one of these options (at least one) chosen. Built once per set: a walk's
        end is one of many."""
        if options not in self._at_one:
            chosen = list(dict.fromkeys(self.chosen[o] for o in options))
            found = chosen[0] if len(chosen) == 1 else self.cp.new_bool_var("")
            if len(chosen) > 1:
                self.cp.add_max_equality(found, chosen)
            self._at_one[options] = found
        return self._at_one[options]

    def max_of(self, terms: Sequence[Expr], high: int) -> Var:
        return max_of(self.cp, [linear(term) for term in terms], high)

    def when(self, condition: Lit, value: Expr, high: int) -> Var:
        return when(self.cp, var(condition), linear(value), high)


def build_model(
    request: Request,
    *,
    assume_rules: bool = False,
    scored: bool = True,
    cp: cp_model.CpModel | None = None,
) -> Model:
    """Build the model. With `assume_rules`, rules are left free for solving under assumptions;
    without `scored`, there is no objective (for counting schedules). Into `cp` when given (a
    joint solve holds one model per student in one CP-SAT model: its objective is the caller's)."""
    cp = cp_model.CpModel() if cp is None else cp
    take = {number: cp.new_bool_var(f"take[{number}]") for number in request.courses}
    chosen = _choices(cp, request, take)
    switches = {rule: cp.new_bool_var(rule.label) for rule in request.rules}
    if not assume_rules:
        for literal in switches.values():
            cp.add(literal == 1)
    model = Model(cp, take, chosen, switches, assumed=assume_rules)
    _one_option_per_kind(model, request)
    _slots(model)
    _no_clashes(model)
    _meets_with(model, request)
    _membership(model, request)
    model.days = _days_used(model)  # before the rules: `max_days` counts them
    for rule, literal in switches.items():
        _rule(model, request, rule, literal)
    if scored:
        model.points = linear(sum((wish.encode(model) for wish in request.wishes), 0))
        cp.minimize(model.points)
    return model


def _choices(cp: cp_model.CpModel, request: Request, take: dict[str, Var]) -> dict[Option, Var]:
    """A Boolean per option; the only option of its kind is simply the course's own Boolean.

    Most electives have one section, so this keeps thousands of equalities out of presolve."""
    chosen: dict[Option, Var] = {}
    for number, course in request.courses.items():
        for options in course.options.values():
            for o in options:
                single = len(options) == 1
                chosen[o] = take[number] if single else cp.new_bool_var(f"x[{number},{o.label}]")
    return chosen


def _one_option_per_kind(model: Model, request: Request) -> None:
    for number, course in request.courses.items():
        for options in course.options.values():
            if len(options) > 1:
                model.cp.add(sum(model.chosen[o] for o in options) == model.take[number])


def _slots(model: Model) -> None:
    """A Boolean per distinct meeting time: does some chosen option meet then?

    Options sharing a slot always clash, so its Boolean is simply their sum. Clashes and every
    per-day wish are stated over slots, whose number does not grow with the catalog: a thousand
    HASS electives at TR 11:00-12:30 are one slot, not a thousand."""
    members: dict[Slot, list[Var]] = defaultdict(list)
    for option, x in model.chosen.items():
        for day, spans in day_spans(option.meetings).items():
            for start, end in spans:  # an option's own overlapping meetings count once
                members[Slot(day, start, end, option.segments)].append(x)
    for slot, xs in sorted(members.items(), key=lambda item: _slot_order(item[0])):
        if len(xs) == 1:
            model.slots[slot] = xs[0]
            continue
        y = model.cp.new_bool_var(f"slot[{slot.day}{slot.start}-{slot.end}]")
        model.cp.add(y == sum(xs))
        model.slots[slot] = y


def _slot_order(slot: Slot) -> tuple[int, int, int, list[int]]:
    return slot.day.order, slot.start, slot.end, sorted(slot.segments)


def _no_clashes(model: Model) -> None:
    """Intervals overlap iff one contains the other's start, so one AtMostOne per start point
    (per part of term and day) forbids every clash: cliques, not pairs."""
    by_day: dict[Day, list[Slot]] = defaultdict(list)
    for slot in model.slots:
        by_day[slot.day].append(slot)
    cliques: set[frozenset[Slot]] = set()
    for slots in by_day.values():
        for segment in {segment for slot in slots for segment in slot.segments}:
            here = [slot for slot in slots if segment in slot.segments]
            for start in {slot.start for slot in here}:
                cliques.add(frozenset(s for s in here if s.start <= start < s.end))
    for clique in sorted(cliques, key=lambda c: sorted(_slot_order(s) for s in c)):
        if len(clique) > 1:
            model.cp.add_at_most_one(model.slots[slot] for slot in clique)


def _meets_with(model: Model, request: Request) -> None:
    for a, b in request.exclusive:
        model.cp.add_at_most_one(model.take[a], model.take[b])


def _membership(model: Model, request: Request) -> None:
    """Every chosen course is required or counts towards exactly one elective group."""
    ungrouped = request.ungrouped
    groups_of: dict[str, list[int]] = defaultdict(list)
    for index, group in enumerate(request.groups):
        for number in group.members:
            groups_of[number].append(index)
    counted: dict[int, list[Var]] = defaultdict(list)
    candidates = set(request.candidates)
    for number, take in model.take.items():
        if number in ungrouped:
            continue
        indexes = groups_of.get(number, [])
        if len(indexes) == 1 and number not in candidates:
            counted[indexes[0]].append(take)
            continue
        slots = [model.cp.new_bool_var(f"counts[{number},{i}]") for i in indexes]
        if number in candidates:  # taken as if required: then it counts for no group
            slots.append(model.forced.setdefault(number, model.cp.new_bool_var(f"add[{number}]")))
        model.cp.add(sum(slots) == take)
        for index, slot in zip(indexes, slots, strict=False):
            counted[index].append(slot)
    if model.forced:
        model.cp.add_at_most_one(model.forced.values())  # one subject added at a time
    model.counted = counted


def _rule(model: Model, request: Request, rule: Rule, literal: Var) -> None:
    """State `rule`, enforced when `literal` is true."""
    cp = model.cp
    match rule:
        case rules.Required(subject=subject):  # dropped, it is optional: taken or not
            cp.add_implication(literal, model.take[subject])
        case rules.Electives(group=group, low=low, high=high):
            counted = model.counted.get(group, [])
            if not model.assumed and high == 1 and counted:
                # At most one, as a clique: CP-SAT's presolve expands an objective over a
                # thousand-member group (pick 1 of any subject) far faster than as a sum.
                cp.add_at_most_one(counted)
                if low == 1:
                    cp.add_bool_or(counted)
            else:
                cp.add_linear_constraint(sum(counted), low, high).only_enforce_if(literal)
        case rules.Units(low=low, high=high):
            total = sum(course.units * model.take[n] for n, course in request.courses.items())
            if low is not None:
                cp.add(total >= round(low)).only_enforce_if(literal)
            if high is not None:
                cp.add(total <= int(high)).only_enforce_if(literal)
        case (
            rules.FreeDay()
            | rules.Earliest()
            | rules.Latest()
            | rules.Blocked()
            | rules.Exclude()
            | rules.Lock()
        ):
            for option, x in model.chosen.items():
                if forbids(rule, option):
                    cp.add_implication(literal, x.negated())
        case rules.MaxDays(days=most):
            cp.add(sum(model.days.values()) <= most).only_enforce_if(literal)
        case rules.DailyHours(hours=hours):
            _daily(model, request, round(hours * 60), literal)
        case rules.Workload(hours=hours):
            total = sum(round(c.workload * 100) * model.take[n] for n, c in request.courses.items())
            cp.add(total <= round(hours * 100)).only_enforce_if(literal)
        case rules.Coreqs(subject=subject, ways=ways) if subject in model.take:
            chosen_ways = []
            for k, way in enumerate(ways):
                if not all(course in model.take for course in way):
                    continue  # a coreq the pruning left no sections: not this way
                whole = cp.new_bool_var(f"coreqs[{subject},{k}]")
                for course in way:
                    cp.add_implication(whole, model.take[course])
                chosen_ways.append(whole)
            cp.add_bool_or([model.take[subject].negated(), *chosen_ways]).only_enforce_if(literal)
        case rules.Coreqs():
            pass  # the subject has no sections left: never taken anyway
        case rules.MaxWalk(minutes=minutes, speed=speed, within=within):
            for ends in walk_ends(model.chosen, within):  # not both ends, but for one option
                if walk_minutes(ends.meters, speed) > minutes:
                    here, there = model.at_one(ends.before), model.at_one(ends.after)
                    shared = [model.chosen[o] for o in ends.shared]
                    cp.add_bool_or([here.negated(), there.negated(), *shared]).only_enforce_if(
                        literal
                    )
        case rules.MaxInARow(minutes=minutes, within=within):
            forbid_longer(cp, model.runs(within), minutes, literal)
        case _:
            assert_never(rule)


def _daily(model: Model, request: Request, limit: int, literal: Var) -> None:
    """At most `limit` minutes of class on each day, in each part of the term."""
    load: dict[tuple[int, Day], list[Linear]] = defaultdict(list)
    for o in request.options:
        for seg in o.segments:
            per_day: dict[Day, int] = defaultdict(int)
            for m in o.meetings:
                per_day[m.day] += m.minutes
            for day, minutes in per_day.items():
                load[(seg, day)].append(minutes * model.chosen[o])
    for terms in load.values():
        model.cp.add(sum(terms) <= limit).only_enforce_if(literal)


def _days_used(model: Model) -> dict[Day, Var]:
    """A Boolean per day: exactly, is some slot of that day used."""
    used: dict[Day, list[Var]] = defaultdict(list)
    for slot, y in model.slots.items():
        used[slot.day].append(y)
    days: dict[Day, Var] = {}
    for day in sorted(used, key=lambda d: d.order):
        days[day] = model.cp.new_bool_var(f"day[{day}]")
        model.cp.add_max_equality(days[day], used[day])
    return days
