"""A degree plan as one CP-SAT model: a literal per candidate subject and term where it is
offered, the requirement trees encoded over "planned at all" (the audit's `Encoder`, strict
sharing as an assignment of subjects to leaves), prerequisites as literals over earlier terms,
the limits of each term, and the penalty as a sum of its parts in hundredths.

The balance part is exact in integers: with L terms used and loads l_t summing to S, the load
above the mean is sum_t max(0, l_t - S/L); the model charges ceil(w * sum_t max(0, L*l_t - S)
/ L), with L one-hot so that every product stays linear.
"""

import math
from collections.abc import Iterable, Sequence
from typing import Any

from solver.catalog.prereqs import All, Coreq, Course, Either, Gir, Judged, Prereq
from solver.cpsat import cp_model
from solver.degree.model import Encoder
from solver.degree.plan_pool import Candidate
from solver.degree.plan_spec import PARTS, Placed, Spec

Lit = Any


class PlanModel:
    """The model of a spec. `cap_free`: the units cap becomes a variable `cap` to minimize (a
    correction); `waivable`: a literal per subject waives its prerequisites, counted in
    `waivers` (a correction)."""

    def __init__(self, spec: Spec, *, cap_free: bool = False, waivable: bool = False) -> None:
        self.spec = spec
        self.model = cp_model.CpModel()
        self.count = len(spec.terms)
        self.x: dict[str, dict[int, Lit]] = {}
        self.by_key = {c.key: c for c in spec.pool}
        self._by: dict[tuple[str, int], Lit] = {}
        self._met: dict[tuple[Prereq, int], Lit] = {}
        self.taken_numbers = {n for i in spec.taken for n in (i.key, *i.also)}
        self.taken_attributes = {a for i in spec.taken for a in i.attributes}
        self._places()
        self.take = {key: self._sum_bool(terms.values(), key) for key, terms in self.x.items()}
        self._one_order_per_kind()
        self.waivers: dict[str, Lit] = {}
        self._prereqs(waivable)
        self.cap = self._limits(cap_free)  # before the penalty: the even bound reads it
        self.encoder = Encoder(
            self.model,
            [*spec.taken, *(c.item for c in spec.pool if self.take[c.key] is not False)],
            {i.key: True for i in spec.taken}
            | {key: lit for key, lit in self.take.items() if lit is not False},
            spec.canonical,
            assume_manual=True,
        )
        for program in spec.programs:
            sat = self.encoder.program(program).sat
            if sat is False:
                self.model.add_bool_or([])  # a program nothing could ever satisfy
            elif sat is not True:
                self.model.add(sat == 1)
        self.encoder.finish()
        self.parts = self._penalty()

    # -- variables ---------------------------------------------------------------------------

    def _places(self) -> None:
        for candidate in self.spec.pool:
            fixed = self.spec.fixed.get(candidate.key)
            terms: dict[int, Lit] = {}
            for t, offer in enumerate(candidate.offers):
                if offer.offered or fixed == t:
                    terms[t] = self.model.new_bool_var(f"{candidate.key} in {self.spec.terms[t]}")
            self.x[candidate.key] = terms
            if terms:
                self.model.add_at_most_one(terms.values())
            if fixed is not None:
                self.model.add(terms[fixed] == 1)

    def _one_order_per_kind(self) -> None:
        """Subjects of one kind are interchangeable: of plans that only swap them, keep the one
        that takes them in number order, the earlier ones in earlier (or the same) terms."""
        kinds: dict[int, list[str]] = {}
        for candidate in self.spec.pool:
            kinds.setdefault(candidate.kind, []).append(candidate.key)
        for members in kinds.values():
            for first, then in zip(members, members[1:], strict=False):
                if self.take[then] is False:
                    continue
                if self.take[first] is False:
                    self.model.add(self.take[then] == 0)
                    continue
                self.model.add_implication(self.take[then], self.take[first])
                self.model.add(self.position(first) <= self.position(then)).only_enforce_if(
                    self.take[then]
                )

    def position(self, key: str) -> Lit:
        return sum(t * lit for t, lit in self.x[key].items())

    def _sum_bool(self, literals: Iterable[Lit], name: str) -> Lit:
        found = list(literals)
        if not found:
            return False
        if len(found) == 1:
            return found[0]
        either = self.model.new_bool_var(name)
        self.model.add(either == sum(found))  # at most one of them holds
        return either

    def by(self, key: str, term: int) -> Lit:
        """Planned in `term` or before."""
        if (key, term) not in self._by:
            terms = self.x.get(key, {})
            self._by[(key, term)] = self._sum_bool(
                (lit for t, lit in terms.items() if t <= term), f"{key} by {term}"
            )
        return self._by[(key, term)]

    # -- prerequisites -----------------------------------------------------------------------

    def _prereqs(self, waivable: bool) -> None:
        for candidate in self.spec.pool:
            if candidate.prereq is None:
                continue
            waived = candidate.key in self.spec.waived
            if waivable and not waived:
                self.waivers[candidate.key] = self.model.new_bool_var(f"waive {candidate.key}")
            for t, placed in self.x[candidate.key].items():
                if waived:
                    continue
                met = self.met(candidate.prereq, t)
                if met is True:
                    continue
                escape = [self.waivers[candidate.key]] if candidate.key in self.waivers else []
                if met is False:
                    self.model.add_bool_or([placed.Not(), *escape])
                else:
                    self.model.add_bool_or([placed.Not(), met, *escape])

    def met(self, tree: Prereq, term: int) -> Lit:
        """A literal for "the prerequisites hold for a subject planned in `term`"."""
        if (tree, term) not in self._met:
            self._met[(tree, term)] = self._met_now(tree, term)
        return self._met[(tree, term)]

    def _met_now(self, tree: Prereq, term: int) -> Lit:
        match tree:
            case Course(number):
                return True if number in self.taken_numbers else self.by(number, term - 1)
            case Coreq(number):
                return True if number in self.taken_numbers else self.by(number, term)
            case Gir(code):
                attribute = f"GIR:{'LAB' if code == 'LAB2' else code}"
                if attribute in self.taken_attributes:
                    return True
                ways = [
                    self.by(c.key, term - 1)
                    for c in self.spec.pool
                    if attribute in c.item.attributes
                ]
                return self._any(ways, f"{code} before {term}")
            case Judged():
                return True  # permission: counted as met, and the plan says so
            case All(parts):
                return self._all([self.met(part, term) for part in parts], "all")
            case Either(parts):
                return self._any([self.met(part, term) for part in parts], "any")
        raise AssertionError(tree)  # pragma: no cover - the union is exhausted above

    def _any(self, literals: Sequence[Lit], name: str) -> Lit:
        return self._gate(literals, name, every=False)

    def _all(self, literals: Sequence[Lit], name: str) -> Lit:
        return self._gate(literals, name, every=True)

    def _gate(self, literals: Sequence[Lit], name: str, *, every: bool) -> Lit:
        """A literal for the AND (`every`) or the OR of `literals`, constants folded in."""
        absorbing, neutral = (False, True) if every else (True, False)
        if any(lit is absorbing for lit in literals):
            return absorbing
        found = [lit for lit in literals if lit is not neutral]
        if not found:
            return neutral
        if len(found) == 1:
            return found[0]
        gate = self.model.new_bool_var(name)
        if every:
            self.model.add_min_equality(gate, found)
        else:
            self.model.add_max_equality(gate, found)
        return gate

    # -- limits and penalty ------------------------------------------------------------------

    def in_term(self, term: int) -> list[tuple[Candidate, Lit]]:
        return [(c, self.x[c.key][term]) for c in self.spec.pool if term in self.x[c.key]]

    def _limits(self, cap_free: bool) -> Lit:
        cap = self.model.new_int_var(0, 1000, "units cap") if cap_free else None
        for t in range(self.count):
            placed = self.in_term(t)
            units = sum(c.item.units * lit for c, lit in placed)
            if cap is not None:
                self.model.add(units <= cap)
            elif (most := self.spec.units_max[t]) is not None:
                self.model.add(units <= most)
            if (most := self.spec.subjects_max[t]) is not None:
                self.model.add(sum(lit for _, lit in placed) <= most)
        return cap

    def _penalty(self) -> dict[str, Lit]:
        w = self.spec.weights
        used = [
            self._any([lit for _, lit in self.in_term(t)], f"used {t}") for t in range(self.count)
        ]
        span = [self.model.new_bool_var(f"last {length}") for length in range(self.count + 1)]
        self.model.add_exactly_one(span)
        for length, lit in enumerate(span):
            for t in range(self.count):  # exactly the terms up to the last one used
                if t >= length and used[t] is not False:
                    self.model.add_implication(lit, _not(used[t]))
            if length and used[length - 1] is not True:
                if used[length - 1] is False:
                    self.model.add(lit == 0)
                else:
                    self.model.add_implication(lit, used[length - 1])
        self.span = span
        terms_used = sum(length * lit for length, lit in enumerate(span))
        parts: dict[str, Lit] = {
            "finish": w.finish * terms_used,
            "subjects": w.subjects * sum(_int(t) for t in self.take.values()),
            "balance": self._balance(span) if w.balance else 0,
            "uncertain": w.uncertain
            * sum(
                self.x[c.key][t]
                for c in self.spec.pool
                for t, offer in enumerate(c.offers)
                if offer.uncertain and t in self.x[c.key]
            ),
            "likes": -sum(
                points * _int(self.take[key]) for key, points in w.likes.items() if key in self.take
            ),
        }
        return {name: parts[name] for name in PARTS}

    def load(self, candidate: Candidate) -> int:
        return candidate.hours if self.spec.weights.by_hours else candidate.item.units

    def _balance(self, span: list[Lit]) -> Lit:
        loads = [sum(self.load(c) * lit for c, lit in self.in_term(t)) for t in range(self.count)]
        total = sum(loads)
        ceiling = sum(self.load(c) for c in self.spec.pool) * (self.count + 1) + 1
        points = self.model.new_int_var(0, ceiling * self.spec.weights.balance, "balance")
        for length in range(1, self.count + 1):
            above = []
            for t in range(length):
                excess = self.model.new_int_var(0, ceiling, f"above {length} {t}")
                self.model.add(excess >= length * loads[t] - total).only_enforce_if(span[length])
                above.append(excess)
            self.model.add(
                length * points >= self.spec.weights.balance * sum(above)
            ).only_enforce_if(span[length])
        self._even_bound(points, total, span)
        return points

    def _even_bound(self, points: Lit, total: Lit, span: list[Lit]) -> None:
        """A redundant bound that makes proofs quick: loads are multiples of g (the gcd of the
        subjects' loads), so a total of (L*q + r)*g over L terms is at best r terms at (q+1)*g
        and the rest at q*g, which is r*(L-r)*g above the mean in all, times L. The search
        alone cannot see this and would try every way to split the load."""
        sizes = [self.load(c) for c in self.spec.pool if self.load(c) > 0]
        if not sizes:
            return
        g = math.gcd(*sizes)
        most = sum(sizes)
        caps = [m for m in self.spec.units_max if m is not None]
        if not self.spec.weights.by_hours and len(caps) == self.count and self.cap is None:
            most = min(most, sum(caps))
        steps = self.model.new_int_var(0, most // g, "total in steps")
        self.model.add(total == g * steps)
        weight = self.spec.weights.balance
        for length in range(1, self.count + 1):
            table = [
                -(-weight * (n % length) * (length - n % length) * g // length)
                for n in range(most // g + 1)
            ]
            least = self.model.new_int_var(0, max(table), f"even {length}")
            self.model.add_element(steps, table, least)
            self.model.add(points >= least).only_enforce_if(span[length])

    def objective(self) -> Lit:
        return sum(self.parts.values())

    def rest(self) -> Lit:
        """Every part but the balance: quick to prove, and a lower bound of the objective."""
        return sum(part for name, part in self.parts.items() if name != "balance")

    # -- reading and excluding ---------------------------------------------------------------

    def read(self, solver: "cp_model.CpSolver", optimal: bool) -> Placed:
        terms = tuple(
            tuple(sorted(c.key for c, lit in self.in_term(t) if solver.value(lit)))
            for t in range(self.count)
        )
        points = {name: int(solver.value(part)) for name, part in self.parts.items()}
        assigned = {pair: bool(solver.value(lit)) for pair, lit in self.encoder.assigned.items()}
        return Placed(terms, points, optimal, assigned)

    def exclude(self, placed: Placed) -> None:
        """No later answer is this plan again."""
        chosen = {(key, t) for t, keys in enumerate(placed.terms) for key in keys}
        differ = [
            lit.Not() if (key, t) in chosen else lit
            for key, terms in self.x.items()
            for t, lit in terms.items()
        ]
        self.model.add_bool_or(differ)

    def at_least(self, subjects: int, units: int) -> None:
        """Redundant bounds from `covering_bounds`: so many subjects, and no fewer terms than
        their units need under the caps."""
        taken = [lit for lit in self.take.values() if lit is not False]
        if subjects:
            self.model.add(sum(taken) >= subjects)
        for length, lit in enumerate(self.span):
            room = [self.spec.units_max[t] for t in range(length)]
            if self.cap is None and None not in room and sum(room) < units:  # type: ignore[arg-type]
                self.model.add(lit == 0)

    def hint(self, placed: Placed) -> None:
        """Start the next search near this plan: the next best is often a small change."""
        self.model.clear_hints()
        chosen = {(key, t) for t, keys in enumerate(placed.terms) for key in keys}
        for key, terms in self.x.items():
            for t, lit in terms.items():
                self.model.add_hint(lit, (key, t) in chosen)

    def forbid(self, subjects: Iterable[str], term: int) -> None:
        """Not all of these subjects in `term`: their week has no schedule."""
        self.model.add_bool_or([self.x[key][term].Not() for key in subjects if term in self.x[key]])


def _int(literal: Lit) -> Lit:
    return 1 if literal is True else 0 if literal is False else literal


def _not(literal: Lit) -> Lit:
    return literal.Not()
