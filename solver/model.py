"""The CP-SAT model: Booleans for courses and options, one small function per constraint family.

Clashes, blocked times and totals are precomputed from typed meetings, so the model holds only
Booleans, clique constraints and linear sums. The objective reproduces `solver.score` exactly.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from solver.catalog import Day
from solver.cpsat import cp_model
from solver.options import Option
from solver.request import Request, Rule
from solver.score import centi, day_spans

Lit = cp_model.IntVar


@dataclass(frozen=True)
class Slot:
    """A distinct meeting time: a day, a span, and the parts of the term it is in."""

    day: Day
    start: int
    end: int
    segments: frozenset[int]


@dataclass
class Model:
    """A built model and the variables the ranking reads and cuts."""

    cp: cp_model.CpModel
    take: dict[str, Lit]
    chosen: dict[Option, Lit]
    rules: dict[Rule, Lit]
    points: cp_model.LinearExpr  # the score in points (see solver.score), minimised
    counted: dict[int, list[Lit]] = field(default_factory=dict)  # group -> what counts for it
    slots: dict[Slot, Lit] = field(default_factory=dict)  # see _slots


def build_model(request: Request, *, assume_rules: bool = False, scored: bool = True) -> Model:
    """Build the model. With `assume_rules`, rules are left free for solving under assumptions;
    without `scored`, there is no objective (for counting schedules)."""
    cp = cp_model.CpModel()
    take = {number: cp.NewBoolVar(f"take[{number}]") for number in request.courses}
    chosen = _choices(cp, request, take)
    rules = {rule: cp.NewBoolVar(rule.label) for rule in request.rules}
    if not assume_rules:
        for literal in rules.values():
            cp.Add(literal == 1)
    model = Model(cp, take, chosen, rules, points=0)
    _one_option_per_kind(model, request)
    _slots(model, request)
    _no_clashes(model)
    _meets_with(model, request)
    _membership(model, request)
    for rule, literal in rules.items():
        RULES[rule.kind](model, request, rule, literal)
    if scored:
        _objective(model, request)
    return model


def _choices(cp: cp_model.CpModel, request: Request, take: dict[str, Lit]) -> dict[Option, Lit]:
    """A Boolean per option; the only option of its kind is simply the course's own Boolean.

    Most electives have one section, so this keeps thousands of equalities out of presolve."""
    chosen: dict[Option, Lit] = {}
    for number, course in request.courses.items():
        for options in course.options.values():
            for o in options:
                single = len(options) == 1
                chosen[o] = take[number] if single else cp.NewBoolVar(f"x[{number},{o.label}]")
    return chosen


def _one_option_per_kind(model: Model, request: Request) -> None:
    for number, course in request.courses.items():
        for options in course.options.values():
            if len(options) > 1:
                model.cp.Add(sum(model.chosen[o] for o in options) == model.take[number])


def _slots(model: Model, request: Request) -> None:
    """A Boolean per distinct meeting time: does some chosen option meet then?

    Options sharing a slot always clash, so its Boolean is simply their sum. Clashes and every
    per-day wish are stated over slots, whose number does not grow with the catalog: a thousand
    HASS electives at TR 11:00-12:30 are one slot, not a thousand."""
    members: dict[Slot, list[Lit]] = defaultdict(list)
    for option, x in model.chosen.items():
        for day, spans in day_spans(list(option.meetings)).items():
            for start, end in spans:  # an option's own overlapping meetings count once
                members[Slot(day, start, end, option.segments)].append(x)
    for slot, xs in sorted(members.items(), key=lambda item: _slot_order(item[0])):
        if len(xs) == 1:
            model.slots[slot] = xs[0]
            continue
        y = model.cp.NewBoolVar(f"slot[{slot.day}{slot.start}-{slot.end}]")
        model.cp.Add(y == sum(xs))
        model.slots[slot] = y


def _slot_order(slot: Slot) -> tuple:
    return slot.day.index, slot.start, slot.end, sorted(slot.segments)


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
            model.cp.AddAtMostOne(model.slots[slot] for slot in clique)


def _meets_with(model: Model, request: Request) -> None:
    for a, b in request.exclusive:
        model.cp.AddAtMostOne(model.take[a], model.take[b])


def _membership(model: Model, request: Request) -> None:
    """Every chosen course is required or counts towards exactly one elective group."""
    ungrouped = request.ungrouped
    groups_of: dict[str, list[int]] = defaultdict(list)
    for index, group in enumerate(request.groups):
        for number in group.members:
            groups_of[number].append(index)
    counted: dict[int, list[Lit]] = defaultdict(list)
    for number, take in model.take.items():
        if number in ungrouped:
            continue
        indexes = groups_of.get(number, [])
        if len(indexes) == 1:
            counted[indexes[0]].append(take)
            continue
        slots = [model.cp.NewBoolVar(f"counts[{number},{i}]") for i in indexes]
        model.cp.Add(sum(slots) == take)
        for index, slot in zip(indexes, slots, strict=True):
            counted[index].append(slot)
    model.counted = counted


def _required(model: Model, request: Request, rule: Rule, literal: Lit) -> None:
    model.cp.Add(model.take[rule.subject] == literal)


def _group(model: Model, request: Request, rule: Rule, literal: Lit) -> None:
    group = request.groups[rule.group]
    count = sum(model.counted.get(rule.group, []))
    model.cp.AddLinearConstraint(count, group.low, group.high).OnlyEnforceIf(literal)


def _units(model: Model, request: Request, rule: Rule, literal: Lit) -> None:
    low, high = rule.bounds
    total = sum(course.units * model.take[n] for n, course in request.courses.items())
    if low is not None:
        model.cp.Add(total >= round(low)).OnlyEnforceIf(literal)
    if high is not None:
        model.cp.Add(total <= int(high)).OnlyEnforceIf(literal)


def _forbid(model: Model, request: Request, rule: Rule, literal: Lit) -> None:
    for option in rule.forbidden:
        if option in model.chosen:
            model.cp.AddImplication(literal, model.chosen[option].Not())


def _daily(model: Model, request: Request, rule: Rule, literal: Lit) -> None:
    limit = round((rule.bounds[1] or 0) * 60)
    load: dict[tuple[int, Day], list] = defaultdict(list)
    for o in request.options:
        for seg in o.segments:
            per_day: dict[Day, int] = defaultdict(int)
            for m in o.meetings:
                per_day[m.day] += m.minutes
            for day, minutes in per_day.items():
                load[(seg, day)].append(minutes * model.chosen[o])
    for terms in load.values():
        model.cp.Add(sum(terms) <= limit).OnlyEnforceIf(literal)


def _workload(model: Model, request: Request, rule: Rule, literal: Lit) -> None:
    total = sum(round(c.workload * 100) * model.take[n] for n, c in request.courses.items())
    model.cp.Add(total <= round((rule.bounds[1] or 0) * 100)).OnlyEnforceIf(literal)


RULES = {
    "required": _required,
    "group": _group,
    "units": _units,
    "forbid": _forbid,
    "daily": _daily,
    "workload": _workload,
}


# The objective: one term per wish, each equal to its points in solver.score.


def _objective(model: Model, request: Request) -> None:
    wishes, cp = request.wishes, model.cp
    days = _days_used(model)
    terms: dict[str, cp_model.LinearExpr] = {}
    if wishes.fewer_days:
        terms["fewer_days"] = centi(wishes.fewer_days) * 60 * sum(days.values())
    if wishes.fewer_gaps:
        terms["fewer_gaps"] = centi(wishes.fewer_gaps) * sum(_idle(model, day) for day in days)
    if wishes.later_start:
        before = wishes.later_start.before
        terms["later_start"] = centi(wishes.later_start.weight) * sum(
            _day_extreme(model, day, lambda start, end: before - start) for day in days
        )
    if wishes.earlier_end:
        after = wishes.earlier_end.after
        terms["earlier_end"] = centi(wishes.earlier_end.weight) * sum(
            _day_extreme(model, day, lambda start, end: end - after) for day in days
        )
    if wishes.lunch:
        terms["lunch"] = (
            centi(wishes.lunch.weight)
            * 60
            * sum(_lunch_missed(model, request, day) for day in days)
        )
    if wishes.avoid_evenings:
        after = wishes.avoid_evenings.after
        terms["avoid_evenings"] = centi(wishes.avoid_evenings.weight) * sum(
            sum(max(0, m.end - max(m.start, after)) for m in o.meetings) * x
            for o, x in model.chosen.items()
        )
    if wishes.free_day:
        terms["free_day"] = (
            centi(wishes.free_day.weight)
            * 60
            * sum(days[d] for d in wishes.free_day.days if d in days)
        )
    if request.likes:
        terms["likes"] = -60 * sum(
            centi(w) * model.take[n] for n, w in request.likes.items() if n in model.take
        )
    model.points = sum(terms.values())
    cp.Minimize(model.points)


def _days_used(model: Model) -> dict[Day, Lit]:
    """A Boolean per day that some slot is used on; the objective only ever pushes it down."""
    days: dict[Day, Lit] = {}
    for slot, y in model.slots.items():
        if slot.day not in days:
            days[slot.day] = model.cp.NewBoolVar(f"day[{slot.day}]")
        model.cp.AddImplication(y, days[slot.day])
    return dict(sorted(days.items(), key=lambda item: item[0].index))


def _on(model: Model, day: Day) -> list[tuple[Lit, int, int]]:
    return [(y, slot.start, slot.end) for slot, y in model.slots.items() if slot.day == day]


def _idle(model: Model, day: Day) -> cp_model.LinearExpr:
    """Idle minutes on `day`: free elementary intervals with a class both before and after."""
    cp, spans = model.cp, _on(model, day)
    points = sorted({t for _, s, e in spans for t in (s, e)})
    pieces = list(zip(points, points[1:], strict=False))
    occupied = []
    for lo, hi in pieces:
        covering = [y for y, s, e in spans if s <= lo and hi <= e]
        busy = cp.NewBoolVar("")
        if covering:
            cp.AddMaxEquality(busy, covering)
        else:
            cp.Add(busy == 0)
        occupied.append(busy)
    before = _running_or(cp, occupied)
    after = _running_or(cp, occupied[::-1])[::-1]
    idle = []
    for i, (lo, hi) in enumerate(pieces):
        gap = cp.NewBoolVar("")
        cp.Add(gap >= before[i] + after[i] - occupied[i] - 1)
        idle.append((hi - lo) * gap)
    return sum(idle)


def _running_or(cp: cp_model.CpModel, flags: list[Lit]) -> list:
    """result[i] >= OR(flags[:i]) (lower bounds only: the objective keeps them tight)."""
    result: list = [0]
    for flag in flags[:-1]:
        seen = cp.NewBoolVar("")
        cp.Add(seen >= flag)
        if not isinstance(result[-1], int):
            cp.Add(seen >= result[-1])
        result.append(seen)
    return result


def _day_extreme(model: Model, day: Day, excess) -> cp_model.LinearExpr:
    """max(0, excess(start, end)) over the chosen meetings of `day` (how early, or how late)."""
    worst = [(y, amount) for y, s, e in _on(model, day) if (amount := excess(s, e)) > 0]
    if not worst:
        return 0
    top = model.cp.NewIntVar(0, max(amount for _, amount in worst), "")
    for y, amount in worst:
        model.cp.Add(top >= amount * y)
    return top


def _lunch_missed(model: Model, request: Request, day: Day) -> Lit | int:
    """1 when no free window of the lunch length fits in the lunch hours on `day`."""
    lunch, cp = request.wishes.lunch, model.cp
    spans = _on(model, day)
    latest = lunch.to - lunch.minutes
    starts = sorted({lunch.from_} | {e for _, _, e in spans if lunch.from_ < e <= latest})
    windows = []
    for start in starts:
        end = start + lunch.minutes
        blockers = [y for y, s, e in spans if s < end and start < e]
        if not blockers:
            return 0
        free = cp.NewBoolVar("")
        for y in blockers:
            cp.AddImplication(free, y.Not())
        windows.append(free)
    missed = cp.NewBoolVar("")
    cp.AddBoolOr([missed, *windows])
    return missed
