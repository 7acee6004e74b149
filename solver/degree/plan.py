"""Multi-term plans: a `plan:` section, a transcript and programs become a spec; the spec's
ranked plans come with what each subject counts for and its warnings; when no plan exists, the
smallest changes that make one possible (one more term, a higher units cap, prerequisites
waived), each checked by finding its plan."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from solver.catalog.schema import number_order
from solver.core.deadline import Deadline
from solver.core.eligibility import Status, verdict
from solver.core.plan_keys import PlanKeys
from solver.core.score import centi
from solver.cpsat import cp_model
from solver.degree.audit import check_paths, leaf_items, program_of
from solver.degree.errors import AuditError
from solver.degree.evaluate import Result, evaluate_assumed
from solver.degree.facts import SubjectFacts
from solver.degree.model import new_plan_solver
from solver.degree.offering import Offer
from solver.degree.plan_check import prereq_record
from solver.degree.plan_model import PlanModel
from solver.degree.plan_pool import Wanted, build_pool
from solver.degree.plan_rank import WeekCheck, rank_plans
from solver.degree.plan_spec import Correction, Placed, Planned, Spec, Warning, Weights
from solver.degree.sharing import GIRS, Overrides, Sharing
from solver.degree.transcript import Taken, Transcript
from solver.degree.tree import PlainReq, ReqList, walk


class PlanError(AuditError):
    """A plan cannot be asked as given: a fixed subject not offered then, a term not planned."""


@dataclass(frozen=True)
class Question:
    lists: tuple[ReqList, ...]
    transcript: Transcript
    facts: SubjectFacts
    sharing: Sharing
    overrides: Overrides
    keys: PlanKeys
    terms: tuple[str, ...]


def build_spec(question: Question, terms: Sequence[str] | None = None) -> Spec:
    """The spec of a question (over `terms` instead of its own, for a correction)."""
    keys, facts = question.keys, question.facts
    terms = tuple(terms or question.terms)
    if GIRS in question.sharing.strict and question.sharing.together:
        raise PlanError("sharing: girs cannot be strict: the GIRs overlap by MIT's rules")
    check_paths(question.lists, question.overrides)
    programs = tuple(program_of(r, question.sharing, question.overrides) for r in question.lists)
    taken = question.transcript.taken
    done = {n for item in taken for n in (item.key, *item.also)}
    fixed: dict[str, int] = {}
    for term, subjects in keys.fixed.items():
        if term not in terms:
            raise PlanError(
                f"plan: fixed: {term} is not among the planned terms ({', '.join(terms)})"
            )
        for number in subjects:
            key = facts.canonical(number)
            if key in done:
                raise PlanError(f"plan: fixed: {number} is taken already")
            if key in fixed:
                raise PlanError(f"plan: fixed: {number} is fixed in two terms")
            fixed[key] = terms.index(term)
    named = [("fixed", n) for ns in keys.fixed.values() for n in ns]
    named += [("want", n) for n in keys.want] + [("likes", n) for n in keys.wishes.likes]
    for key, number in named:
        if not facts.knows(number):
            raise PlanError(
                f"plan: {key}: {number} is in no term file coursepick knows: check the number,"
                " or `coursepick scrape` the terms it is offered in"
            )
    wanted = Wanted(
        want=frozenset(facts.canonical(n) for n in keys.want) - done,
        fixed=frozenset(fixed),
        likes=frozenset(facts.canonical(n) for n in keys.wishes.likes) - done,
        avoid=frozenset(facts.canonical(n) for n in keys.avoid),
    )
    clash = sorted((wanted.want | wanted.fixed) & wanted.avoid, key=number_order)
    if clash:
        raise PlanError(f"plan: {clash[0]} is both avoided and wanted (or fixed): keep one")
    by_hours = keys.wishes.balance.by == "hours"
    pool = tuple(build_pool(programs, taken, facts, terms, wanted, by_hours))
    by_key = {c.key: c for c in pool}
    for key, t in fixed.items():
        offer = by_key[key].offers[t]
        if not offer.offered:
            raise PlanError(f"plan: fixed: {key} is not offered in {terms[t]}: {offer.why}")
    wishes = keys.wishes
    weights = Weights(
        finish=centi(wishes.finish_early.weight),
        subjects=centi(wishes.fewer_subjects.weight),
        balance=centi(wishes.balance.weight),
        by_hours=by_hours,
        likes={facts.canonical(n): centi(w) for n, w in wishes.likes.items()},
    )
    return Spec(
        terms,
        tuple(keys.units.of(term) for term in terms),
        tuple(keys.subjects.of(term) for term in terms),
        programs,
        taken,
        pool,
        fixed,
        weights,
        canonical=facts.canonical,
    )


def plan_degree(
    question: Question, top: int, deadline: Deadline, week: WeekCheck | None = None
) -> Planned:
    spec = with_weeks(build_spec(question), week)
    ranking = rank_plans(spec, top, deadline, week)
    corrections: tuple[Correction, ...] = ()
    if not ranking.plans and ranking.status == "complete":
        corrections = tuple(_corrections(question, spec, deadline, week))
    return Planned(
        spec,
        ranking,
        tuple(counts_of(spec, plan) for plan in ranking.plans),
        tuple(warnings_of(spec, plan) for plan in ranking.plans),
        manual_of(spec),
        corrections,
    )


def with_weeks(spec: Spec, week: WeekCheck | None) -> Spec:
    """The spec with the first term closed to subjects that have no week even alone."""
    if week is None:
        return spec
    offered = {c.key for c in spec.pool if c.offers[0].offered and c.key not in spec.fixed}
    fits = week.alone(sorted(offered, key=number_order))
    why = f"no week in {spec.terms[0]} under your weekly rules"
    pool = tuple(
        replace(c, offers=(Offer(False, why), *c.offers[1:]))
        if c.key in offered and c.key not in fits
        else c
        for c in spec.pool
    )
    return replace(spec, pool=pool)


def counts_of(spec: Spec, placed: Placed) -> dict[str, tuple[str, ...]]:
    """What each planned subject counts toward: the leaves that count it, by path."""
    pool = {c.key: c.item for c in spec.pool}
    everything: list[Taken] = [*spec.taken, *(pool[k] for k in placed.subjects)]
    by_key = {item.key: item for item in everything}
    assigned: dict[str, list[Taken]] = {}
    for (key, path), counted in placed.assigned.items():
        if counted and key in by_key:
            assigned.setdefault(path, []).append(by_key[key])
    found: dict[str, list[str]] = {key: [] for key in sorted(placed.subjects, key=number_order)}
    for program in spec.programs:
        items = leaf_items(program, everything, spec.canonical, assigned)
        result = evaluate_assumed(
            program.root, program.id, items, met=program.met, ignore=program.ignore
        )
        for leaf in _leaves(result):
            for item in leaf.counted:
                if item.key in found:
                    found[item.key].append(leaf.path)
    return {key: tuple(paths) for key, paths in found.items()}


def _leaves(result: Result) -> list[Result]:
    if result.node.req is not None:
        return [result]
    return [leaf for child in result.children for leaf in _leaves(child)]


def warnings_of(spec: Spec, placed: Placed) -> tuple[Warning, ...]:
    """Permission needed (a prerequisite only a person judges), offering uncertain."""
    found: list[Warning] = []
    pool = {c.key: c for c in spec.pool}
    have = list(spec.taken)
    for t, keys in enumerate(placed.terms):
        record = prereq_record(have)
        for key in keys:
            candidate = pool[key]
            judged = verdict(candidate.prereq, record, frozenset(keys))
            if judged.status is Status.PERMISSION:
                found.append(Warning(key, "permission", f"needs {'; '.join(judged.missing)}"))
            elif key in spec.waived:
                found.append(Warning(key, "prerequisites", "prerequisites waived"))
            if candidate.offers[t].uncertain:
                found.append(
                    Warning(key, "offering", f"{spec.terms[t]}: {candidate.offers[t].why}")
                )
        have += [pool[key].item for key in keys]
    return tuple(found)


def manual_of(spec: Spec) -> tuple[tuple[str, str], ...]:
    found = []
    for program in spec.programs:
        for path, node in walk(program.root, program.id):
            if isinstance(node.req, PlainReq) and not _under(path, program.ignore | program.met):
                found.append((path, node.label))
    return tuple(found)


def _under(path: str, paths: frozenset[str]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in paths)


def next_term(term: str) -> str:
    """The fall or spring after `term`."""
    year, season = int(term[:4]), term[4:]
    return f"{year}FA" if season in ("JA", "SP", "SU") else f"{year + 1}SP"


def _corrections(
    question: Question, spec: Spec, deadline: Deadline, week: WeekCheck | None
) -> list[Correction]:
    """Each smallest change that alone makes a plan possible, checked by finding its plan."""
    found: list[Correction] = []
    more = [*spec.terms, next_term(spec.terms[-1])]
    try:
        longer = with_weeks(build_spec(question, more), week)
    except PlanError:
        longer = None
    if longer is not None:
        plans = rank_plans(longer, 1, deadline, week, best=False).plans
        if plans:
            found.append(Correction("term", f"plan one more term: {more[-1]}", plans[0], longer))
    capped = PlanModel(spec, cap_free=True)
    solver = _least(capped, capped.cap, deadline)
    most = max((m for m in spec.units_max if m is not None), default=None)
    if solver is not None and most is not None and (cap := int(solver.value(capped.cap))) > most:
        raised = replace(spec, units_max=tuple(cap for _ in spec.units_max))
        plans = rank_plans(raised, 1, deadline, week, best=False).plans
        if plans:
            found.append(Correction("units", f"raise the units cap to {cap}", plans[0], raised))
    waiving = PlanModel(spec, waivable=True)
    if waiving.waivers:
        solver = _least(waiving, sum(waiving.waivers.values()), deadline)
        if solver is not None:
            names = frozenset(k for k, lit in waiving.waivers.items() if solver.value(lit))
            waived = replace(spec, waived=names)
            plans = rank_plans(waived, 1, deadline, week, best=False).plans
            if plans and names:
                shown = ", ".join(sorted(names, key=number_order))
                text = f"waive the prerequisites of {shown} (ask the instructor)"
                found.append(Correction("prereqs", text, plans[0], waived))
    return found


def _least(plan: PlanModel, target: Any, deadline: Deadline) -> "cp_model.CpSolver | None":
    """The solver holding a plan with the least `target` (units cap, or waivers); None when
    none was proven within the time."""
    left = deadline.left
    if left == 0:
        return None
    plan.model.minimize(target)
    solver = new_plan_solver(left if left is not None else 3600)
    return solver if solver.solve(plan.model) == cp_model.OPTIMAL else None
