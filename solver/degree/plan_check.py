"""The checker every plan is held to, independent of the plan's model: offerings, limits and
repeats, prerequisites term by term (the same reading as `show --taken`), every program
satisfied at the end by the audit's evaluator, and the penalty recomputed from its definition.
"""

import math
from collections.abc import Iterable, Sequence

from solver.core.eligibility import Record, Status, verdict
from solver.degree.audit import leaf_items
from solver.degree.evaluate import evaluate_assumed
from solver.degree.facts import SubjectFacts
from solver.degree.plan_pool import Candidate
from solver.degree.plan_spec import PARTS, Placed, Spec
from solver.degree.transcript import Taken


def points_of(spec: Spec, terms: Sequence[Sequence[str]]) -> dict[str, int]:
    """The penalty of a plan by part, in hundredths, from the definitions (no model)."""
    w = spec.weights
    pool = {c.key: c for c in spec.pool}
    used = [t for t, keys in enumerate(terms) if keys]
    length = used[-1] + 1 if used else 0
    keys = [key for term in terms for key in term]

    def load(key: str) -> int:
        return pool[key].hours if w.by_hours else pool[key].item.units

    loads = [sum(load(k) for k in terms[t]) for t in range(length)]
    total = sum(loads)
    above = sum(max(0, length * load_t - total) for load_t in loads)
    points = {
        "finish": w.finish * length,
        "subjects": w.subjects * len(keys),
        "balance": math.ceil(w.balance * above / length) if length else 0,
        "uncertain": w.uncertain
        * sum(1 for t, term in enumerate(terms) for k in term if pool[k].offers[t].uncertain),
        "likes": -sum(w.likes.get(k, 0) for k in keys),
    }
    return {name: points[name] for name in PARTS}


def check_plan(spec: Spec, placed: Placed, facts: SubjectFacts | None = None) -> list[str]:
    """What is wrong with a plan; an empty list when it keeps every rule."""
    problems: list[str] = []
    pool = {c.key: c for c in spec.pool}
    seen: set[str] = set()
    taken = {n for item in spec.taken for n in (item.key, *item.also)}
    for t, keys in enumerate(placed.terms):
        term = spec.terms[t]
        for key in keys:
            candidate = pool.get(key)
            if candidate is None:
                problems.append(f"{key} in {term} is no candidate")
                continue
            if key in seen or key in taken:
                problems.append(f"{key} in {term} is taken twice")
            seen.add(key)
            if not candidate.offers[t].offered and spec.fixed.get(key) != t:
                problems.append(f"{key} is not offered in {term}")
            if key not in spec.waived:
                problems += _prereqs(spec, placed, candidate, t)
        units = sum(pool[k].item.units for k in keys if k in pool)
        if (most := spec.units_max[t]) is not None and units > most:
            problems.append(f"{term}: {units} units, more than {most}")
        if (most := spec.subjects_max[t]) is not None and len(keys) > most:
            problems.append(f"{term}: {len(keys)} subjects, more than {most}")
    for key, t in spec.fixed.items():
        if key not in placed.terms[t]:
            problems.append(f"{key} is fixed in {spec.terms[t]} but not there")
    problems += _programs(spec, placed, pool, facts)
    if (expected := points_of(spec, placed.terms)) != placed.points:
        problems.append(f"penalty {placed.points} is not {expected} by its definition")
    return problems


def prereq_record(items: Iterable[Taken]) -> Record:
    """What these subjects give for prerequisites: every number they go by, and their GIRs."""
    have = list(items)
    return Record(
        frozenset(n for item in have for n in (item.key, *item.also)),
        frozenset(a[4:] for item in have for a in item.attributes if a.startswith("GIR:")),
    )


def _prereqs(spec: Spec, placed: Placed, candidate: Candidate, term: int) -> list[str]:
    pool = {c.key: c.item for c in spec.pool}
    earlier = [pool[key] for t in range(term) for key in placed.terms[t] if key in pool]
    record = prereq_record([*spec.taken, *earlier])
    outcome = verdict(candidate.prereq, record, frozenset(placed.terms[term]))
    if outcome.status is Status.NOT_MET:
        missing = ", ".join(outcome.missing)
        return [f"{candidate.key} in {spec.terms[term]}: prerequisites not met ({missing})"]
    return []


def _programs(
    spec: Spec, placed: Placed, pool: dict[str, Candidate], facts: SubjectFacts | None
) -> list[str]:
    everything: list[Taken] = [*spec.taken, *(pool[k].item for k in placed.subjects if k in pool)]
    by_key = {item.key: item for item in everything}
    assigned: dict[str, list[Taken]] = {}
    for (key, path), counted in placed.assigned.items():
        if counted and key in by_key:
            assigned.setdefault(path, []).append(by_key[key])
    canonical = facts.canonical if facts is not None else spec.canonical
    problems = []
    for program in spec.programs:
        items = leaf_items(program, everything, canonical, assigned)
        result = evaluate_assumed(
            program.root, program.id, items, met=program.met, ignore=program.ignore
        )
        if not result.satisfied:
            problems.append(f"{program.id} is not satisfied at the end")
    return problems
