"""Runs of back-to-back classes in CP-SAT: for each used slot, when its run began.

A run is what `solver.core.score.runs` defines: classes of one day, in one part of the term, each
starting at most `within` minutes after the last ended. In a part of the term the chosen slots
never overlap, so a used slot's run began where the run of any used slot just before it (ending
0 to `within` minutes earlier) began, or at its own start when there is none: one integer per
slot and conditional equalities, linear in the slots, rather than one clause per chain.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.catalog.schema import Day

if TYPE_CHECKING:
    from solver.core.engine.model import Lit, Model, Slot

Expr = Any


@dataclass(frozen=True)
class Link:
    """A slot of one part of the term and day, and when its run began (if it is used)."""

    slot: "Slot"
    used: "Lit"
    began: Any  # an IntVar: the start of its run; its own start when unused
    followed: "Lit | int"  # a used slot starts 0 to `within` minutes after it ends


@dataclass(frozen=True)
class Part:
    day: Day
    links: tuple[Link, ...]


def build_runs(model: "Model", within: float) -> list[Part]:
    """Each day's parts of the term with their slots linked into runs. Parts whose slots are the
    same (a full-term day seen from every quarter) are built once."""
    by_day: dict[Day, list[Slot]] = defaultdict(list)
    for slot in model.slots:
        by_day[slot.day].append(slot)
    parts: dict[tuple[Day, frozenset[Slot]], None] = {}
    for day, slots in by_day.items():
        for segment in sorted({s for slot in slots for s in slot.segments}):
            parts.setdefault((day, frozenset(s for s in slots if segment in s.segments)), None)
    return [_part(model, day, slots, within) for day, slots in parts]


def _part(model: "Model", day: Day, slots: frozenset["Slot"], within: float) -> Part:
    cp = model.cp
    ordered = sorted(slots, key=lambda s: (s.start, s.end))
    earliest = ordered[0].start
    began: dict[Slot, Any] = {}
    links = []
    for slot in ordered:
        used = model.slots[slot]
        began[slot] = start = cp.new_int_var(earliest, slot.start, "")
        cp.add(start == slot.start).only_enforce_if(used.negated())
        before = [b for b in ordered if 0 <= slot.start - b.end <= within]
        for b in before:
            cp.add(start == began[b]).only_enforce_if([used, model.slots[b]])
        preceded = model.any_of([model.slots[b] for b in before])
        first = [used] if isinstance(preceded, int) else [used, preceded.negated()]
        cp.add(start == slot.start).only_enforce_if(first)
        after = [model.slots[a] for a in ordered if 0 <= a.start - slot.end <= within]
        links.append(Link(slot, used, start, model.any_of(after)))
    return Part(day, tuple(links))


def forbid_longer(model: "Model", parts: list[Part], limit: int, literal: "Lit") -> None:
    """No run longer than `limit` minutes, when `literal` holds."""
    for part in parts:
        earliest = part.links[0].slot.start
        for link in part.links:
            if link.slot.end - earliest > limit:
                model.cp.add(link.slot.end - link.began <= limit).only_enforce_if(
                    [link.used, literal]
                )


def minutes_beyond(model: "Model", parts: list[Part], limit: int) -> dict[Day, Expr]:
    """Each day's minutes of runs beyond `limit`, in the part of the term where they are most."""
    cp = model.cp
    per_day: dict[Day, list[tuple[Expr, int]]] = defaultdict(list)
    for part in parts:
        earliest = part.links[0].slot.start
        total, bound = [], 0
        for link in part.links:
            most = link.slot.end - earliest - limit
            if most <= 0:
                continue
            beyond = cp.new_int_var(0, most, "")
            cp.add_max_equality(beyond, [0, link.slot.end - link.began - limit])
            ends = model.all_of([link.used], [link.followed])  # the last slot of its run
            counted = cp.new_int_var(0, most, "")  # exactly: beyond where a run ends, else 0
            cp.add(counted == beyond).only_enforce_if(ends)
            cp.add(counted == 0).only_enforce_if(ends.negated())
            total.append(counted)
            bound += most
        if total:
            per_day[part.day].append((sum(total), bound))
    worst: dict[Day, Expr] = {}
    for day, sums in per_day.items():
        worst[day] = cp.new_int_var(0, max(bound for _, bound in sums), "")
        cp.add_max_equality(worst[day], [total for total, _ in sums])
    return worst
