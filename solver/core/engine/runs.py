"""Runs of back-to-back classes in CP-SAT: for each used slot, when its run began.

A run is what `solver.core.score.runs` defines: classes of one day, in one part of the term, each
starting at most `within` minutes after the last ended. In a part of the term the chosen slots
never overlap, so a used slot's run began where the run of any used slot just before it (ending
0 to `within` minutes earlier) began, or at its own start when there is none: one integer per
slot and conditional equalities, linear in the slots, rather than one clause per chain. The
`max_in_a_row` rule bounds runs here; the `fewer_long_runs` wish counts them in its own class.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence

from solver.catalog.schema import Day
from solver.core.encoding import Link, Part, Slot
from solver.core.engine.blocks import Var, any_of, linear, var
from solver.cpsat import cp_model


def build_runs(cp: cp_model.CpModel, slots: Mapping[Slot, Var], within: float) -> list[Part]:
    """Each day's parts of the term with their slots linked into runs. Parts whose slots are the
    same (a full-term day seen from every quarter) are built once."""
    by_day: dict[Day, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_day[slot.day].append(slot)
    parts: dict[tuple[Day, frozenset[Slot]], None] = {}
    for day, found in by_day.items():
        for segment in sorted({s for slot in found for s in slot.segments}):
            parts.setdefault((day, frozenset(s for s in found if segment in s.segments)), None)
    return [_part(cp, slots, day, members, within) for day, members in parts]


def _part(
    cp: cp_model.CpModel, slots: Mapping[Slot, Var], day: Day, members: frozenset[Slot],
    within: float,
) -> Part:  # fmt: skip
    ordered = sorted(members, key=lambda s: (s.start, s.end))
    earliest = ordered[0].start
    began: dict[Slot, Var] = {}
    links = []
    for slot in ordered:
        used = slots[slot]
        began[slot] = start = cp.new_int_var(earliest, slot.start, "")
        cp.add(start == slot.start).only_enforce_if(used.negated())
        before = [b for b in ordered if 0 <= slot.start - b.end <= within]
        for b in before:
            cp.add(start == began[b]).only_enforce_if([used, slots[b]])
        preceded = any_of(cp, [slots[b] for b in before])
        first = [used] if isinstance(preceded, int) else [used, preceded.negated()]
        cp.add(start == slot.start).only_enforce_if(first)
        after = [slots[a] for a in ordered if 0 <= a.start - slot.end <= within]
        links.append(Link(slot, used, start, any_of(cp, after)))
    return Part(day, tuple(links))


def forbid_longer(cp: cp_model.CpModel, parts: Sequence[Part], limit: int, literal: Var) -> None:
    """No run longer than `limit` minutes, when `literal` holds."""
    for part in parts:
        earliest = part.links[0].slot.start
        for link in part.links:
            if link.slot.end - earliest > limit:
                cp.add(link.slot.end - linear(link.began) <= limit).only_enforce_if(
                    [var(link.used), literal]
                )
