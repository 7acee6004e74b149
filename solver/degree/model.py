"""The audit's rules as a CP-SAT model, for the two questions the evaluator alone cannot answer:
which assignment of subjects to leaves is best under strict sharing, and which fewest further
subjects satisfy every program.

Each node gets, per subject, a literal for "counted here" that is an exact function of which
subjects are taken or chosen and (strict) which leaf each is assigned to; at-most caps keep the
subjects `solver.degree.evaluate` keeps. A node's `sat` literal only implies its rule, so a
model that asks for `sat` (or maximizes it) is exact. Answers are checked by the evaluator.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from solver.catalog.schema import number_order
from solver.cpsat import SEED, cp_model
from solver.degree.evaluate import ItemIndex, phantoms
from solver.degree.program import Program
from solver.degree.transcript import Taken
from solver.degree.tree import AttributeReq, Node, PlainReq, Req, Threshold

Lit = Any  # a CP-SAT literal (or a linear expression of them), or the constants True / False


@dataclass
class Encoded:
    sat: Lit
    counted: dict[str, Lit]
    have: Lit = 0


@dataclass
class Encoder:
    model: "cp_model.CpModel"
    items: Sequence[Taken]
    active: dict[str, Lit]  # True for taken subjects, a choice literal for candidates
    canonical: Callable[[str], str]
    assume_manual: bool = False
    track_have: bool = False
    assigned: dict[tuple[str, str], Lit] = field(default_factory=dict)  # (subject, leaf)
    groups: dict[tuple[int, str], list[Lit]] = field(default_factory=dict)
    sats: list[Lit] = field(default_factory=list)
    haves: list[Lit] = field(default_factory=list)
    _units: dict[str, int] = field(default_factory=dict)
    _order: dict[str, Any] = field(default_factory=dict)
    _index: ItemIndex | None = None

    def program(self, program: Program) -> Encoded:
        """Encode one program's tree; call `finish` once every program is in."""
        if self._index is None:
            self._index = ItemIndex(self.items, self.canonical)
            for item in self.items:
                self._units[item.key], self._order[item.key] = item.units, item.order
        return self._node(program, program.root, program.id, overlay=False)

    def finish(self) -> None:
        """Each subject counts toward at most one leaf inside a sharing group."""
        for literals in self.groups.values():
            if len(literals) > 1:
                self.model.add_at_most_one(literals)

    def _node(self, program: Program, node: Node, path: str, overlay: bool) -> Encoded:
        overlay = overlay or path in program.overlay
        if path in program.ignore:  # a whole program ignored: nothing left to satisfy
            self.sats.append(True)
            return Encoded(True, {})
        if node.req is not None:
            encoded = self._leaf(program, node, node.req, path, overlay)
        else:
            encoded = self._group(program, node, path, overlay)
        if path in program.met:
            kept = [i for i in range(len(node.children)) if f"{path}/{i}" not in program.ignore]
            need = _need(node, len(kept))
            criterion = node.threshold.criterion if node.threshold else "subjects"
            encoded = Encoded(True, self._stand_ins(path, need, criterion), need)
        self.sats.append(encoded.sat)
        self.haves.append(encoded.have)
        return encoded

    def _stand_ins(self, path: str, need: int, criterion: str) -> dict[str, Lit]:
        made = phantoms(path, need, criterion)
        for item in made:
            self._units[item.key], self._order[item.key] = item.units, item.order
        return {item.key: True for item in made}

    def _leaf(self, program: Program, node: Node, req: Req, path: str, overlay: bool) -> Encoded:
        threshold = node.threshold
        if isinstance(req, PlainReq):
            if self.assume_manual and (threshold is None or threshold.at_least):
                need = threshold.bound if threshold else 1
                crit = threshold.criterion if threshold else "subjects"
                return Encoded(True, self._stand_ins(path, need, crit), need)
            always = threshold is not None and (not threshold.at_least or threshold.bound <= 0)
            return Encoded(always, {}, 0)
        counted: dict[str, Lit] = {}
        for item in self._index.matching(req) if self._index else ():
            counted[item.key] = self._count_here(program, item, path, overlay)
        if threshold is not None:
            return self._threshold(node, counted, threshold, [])
        sat = self.model.new_bool_var(f"sat {path}")
        if isinstance(req, AttributeReq) and req.code == "GIR:LAB":
            halves = {item.key for item in self.items if item.half_lab}
            self.model.add(
                sum((1 if k in halves else 2) * v for k, v in counted.items()) >= 2
            ).only_enforce_if(sat)
        else:
            self.model.add(sum(counted.values()) >= 1).only_enforce_if(sat)
        return Encoded(sat, counted, self._have(sat, 1))

    def _count_here(self, program: Program, item: Taken, path: str, overlay: bool) -> Lit:
        active = self.active[item.key]
        if program.group is None or overlay:
            return active
        literal = self.model.new_bool_var(f"{item.key} at {path}")
        if active is not True:
            self.model.add_implication(literal, active)
        self.assigned[(item.key, path)] = literal
        self.groups.setdefault((program.group, item.key), []).append(literal)
        return literal

    def _group(self, program: Program, node: Node, path: str, overlay: bool) -> Encoded:
        children = [
            self._node(program, child, f"{path}/{i}", overlay)
            for i, child in enumerate(node.children)
            if f"{path}/{i}" not in program.ignore
        ]
        keys = sorted({key for child in children for key in child.counted})
        pooled = {
            key: self._or([c.counted[key] for c in children if key in c.counted], path)
            for key in keys
        }
        if node.threshold is not None:
            return self._threshold(node, pooled, node.threshold, children)
        sat = self.model.new_bool_var(f"sat {path}")
        if node.connection == "all":
            for child in children:
                self._implies(sat, child.sat)
            have: Lit = 0
            if self.track_have:
                have = self.model.new_int_var(0, len(children), f"have {path}")
                self.model.add(have <= sum(_as_int(c.sat) for c in children))
        else:
            self.model.add(sum(_as_int(c.sat) for c in children) >= 1).only_enforce_if(sat)
            have = self._have(sat, 1)
        self._distinct(node, children, sat, path)
        return Encoded(sat, pooled, have)

    def _threshold(
        self, node: Node, counted: dict[str, Lit], threshold: Threshold, children: list[Encoded]
    ) -> Encoded:
        weights = {
            key: self._units[key] if threshold.criterion == "units" else 1 for key in counted
        }
        total = sum(weights[key] * _as_int(lit) for key, lit in counted.items())
        bound = max(threshold.bound, 0)
        sat = self.model.new_bool_var("sat")
        if node.connection == "all" or node.req is not None:
            for child in children:
                self._implies(sat, child.sat)
        have: Lit = 0
        if self.track_have:
            have = self.model.new_int_var(0, bound, "have")
            self.model.add(have <= total)
        self._distinct(node, children, sat, "distinct")
        if not threshold.at_least:
            return Encoded(sat, self._cap(counted, threshold), have)
        self.model.add(total >= bound).only_enforce_if(sat)
        return Encoded(sat, counted, have)

    def _cap(self, counted: dict[str, Lit], threshold: Threshold) -> dict[str, Lit]:
        """What passes an at-most node: in the evaluator's order, each subject while it fits."""
        passed: dict[str, Lit] = {}
        so_far: list[tuple[int, Lit]] = []
        for key in sorted(counted, key=lambda k: self._order.get(k, (0, number_order(k)))):
            size = self._units[key] if threshold.criterion == "units" else 1
            fits = self.model.new_bool_var("fits")
            used = sum(w * _as_int(lit) for w, lit in so_far)
            self.model.add(used + size <= threshold.bound).only_enforce_if(fits)
            self.model.add(used + size > threshold.bound).only_enforce_if(fits.negated())
            through = self.model.new_bool_var("passes")
            self.model.add_min_equality(through, [_as_int(counted[key]), fits])
            passed[key] = through
            so_far.append((size, through))
        return passed

    def _distinct(self, node: Node, children: list[Encoded], sat: Lit, name: str) -> None:
        if node.distinct is None:
            return
        pairs: dict[tuple[int, str], Lit] = {}
        for index, child in enumerate(children):
            for key, literal in child.counted.items():
                pair = self.model.new_bool_var(f"{name} {index} {key}")
                self.model.add(pair <= _as_int(literal))
                pairs[(index, key)] = pair
        for key in {key for _, key in pairs}:
            self.model.add_at_most_one(p for (_, k), p in pairs.items() if k == key)
        for index in range(len(children)):
            self.model.add_at_most_one(p for (i, _), p in pairs.items() if i == index)
        self.model.add(sum(pairs.values()) >= node.distinct.bound).only_enforce_if(sat)

    def _or(self, literals: list[Lit], path: str) -> Lit:
        if any(literal is True for literal in literals):
            return True
        unique = {id(literal): literal for literal in literals if literal is not False}
        if not unique:
            return False
        if len(unique) == 1:
            return next(iter(unique.values()))
        either = self.model.new_bool_var(f"counted under {path}")
        self.model.add_max_equality(either, list(unique.values()))
        return either

    def _implies(self, sat: Lit, child: Lit) -> None:
        if child is False:
            self.model.add(sat == 0)
        elif child is not True:
            self.model.add_implication(sat, child)

    def _have(self, sat: Lit, need: int) -> Lit:
        return _as_int(sat) * need if self.track_have else 0


def _as_int(literal: Lit) -> Lit:
    if literal is True:
        return 1
    if literal is False:
        return 0
    return literal


def _need(node: Node, children: int) -> int:
    if node.threshold is not None:
        return max(node.threshold.bound, 0)
    return children if node.req is None and node.connection == "all" else 1


def new_plan_solver(seconds: float) -> "cp_model.CpSolver":
    """A CP-SAT solver for multi-term plans: CP-SAT's portfolio of eight strategies, interleaved
    in one thread so that each run gives the same answer. A plan's load balance is a
    partition problem whose bound one strategy alone can take minutes to prove; the portfolio's
    core-based and LNS workers prove it in seconds."""
    solver = new_degree_solver(seconds)
    solver.parameters.num_workers = 8
    solver.parameters.interleave_search = True
    return solver


def new_degree_solver(seconds: float) -> "cp_model.CpSolver":
    """A CP-SAT solver for the degree models: one worker and a fixed seed (the same answer each
    run), with presolve and the LP relaxation the weekly ranker turns off: here one solve
    must prove a covering bound, which the relaxation gives."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = SEED
    solver.parameters.max_time_in_seconds = max(seconds, 0.001)
    solver.parameters.catch_sigint_signal = False
    return solver
