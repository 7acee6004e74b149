"""Multi-term plans against brute force on small random specs: every assignment of subjects to
terms the independent checker accepts, with swaps of interchangeable subjects (one kind) as one
plan, ranked by the penalty's definition; the least uniform units cap and the fewest waivers
the corrections' models find; and one tiny feasible and infeasible spec per constraint family.
"""

import itertools
import os
from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.catalog.prereqs import All, Coreq, Course, Either, Gir, Judged, Prereq
from solver.core.deadline import Deadline
from solver.core.eligibility import Record, Status, verdict
from solver.degree.audit import program_of
from solver.degree.offering import Offer
from solver.degree.plan import _least
from solver.degree.plan_check import check_plan, points_of
from solver.degree.plan_model import PlanModel
from solver.degree.plan_pool import Candidate
from solver.degree.plan_rank import rank_plans
from solver.degree.plan_spec import Placed, Spec, Weights
from solver.degree.sharing import FREE, NO_OVERRIDES
from solver.degree.transcript import Taken
from solver.degree.tree import AttributeReq, Node, PlainReq, ReqList, SubjectReq, Threshold
from tests.degree_helpers import reql

EXAMPLES = int(os.environ.get("COURSEPICK_EXAMPLES", 60))
TERMS = ("2026FA", "2027SP", "2027FA")
NUMBERS = ("1.01", "1.02", "1.03", "1.04", "1.05", "1.06")
TAKEN = Taken("1.00", "1.00", "1.00", 12, frozenset({"GIR:CAL1"}))
YES, NO, MAYBE = Offer(True), Offer(False, "not offered"), Offer(True, "no recent file", True)
ATTRIBUTES = ("HASS-H", "GIR:CAL1")
CAPS = {False: [None, 12, 18, 24, 36], True: [6, 12]}  # units a term may hold
SEARCH = 60.0  # seconds: far more than a spec this small needs, so no answer is unproven

Form = tuple[tuple[int, ...], ...]  # per term, the sorted kinds in it: one plan up to swaps


def _prereq(numbers: Sequence[str]) -> st.SearchStrategy[Prereq | None]:
    leaf = st.one_of(
        st.sampled_from(numbers).map(Course),
        st.sampled_from(numbers).map(Coreq),
        st.just(Gir("CAL1")),
        st.just(Judged("permission of instructor")),
    )
    tree = st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(lambda p: All(tuple(p))),
            st.lists(inner, min_size=2, max_size=3).map(lambda p: Either(tuple(p))),
        ),
        max_leaves=3,
    )
    return st.one_of(st.none(), tree)


def _threshold(caps: bool) -> st.SearchStrategy[Threshold | None]:
    at_least = st.one_of(
        st.builds(Threshold, st.sampled_from(["GTE", "GT"]), st.integers(0, 2)),
        st.builds(Threshold, st.just("GTE"), st.sampled_from([12, 18, 24]), st.just("units")),
    )
    at_most = st.builds(Threshold, st.just("LTE"), st.integers(1, 2))
    return st.one_of(st.none(), at_least, *([at_most] if caps else []))


def _tree(leaves: Sequence[Node], caps: bool) -> st.SearchStrategy[Node]:
    def group(children: list[Node]) -> st.SearchStrategy[Node]:
        distinct = st.builds(Threshold, st.just("GTE"), st.integers(1, 2))
        return st.builds(
            Node,
            connection=st.sampled_from(["all", "any"]),
            children=st.just(tuple(children)),
            threshold=_threshold(caps),
            distinct=st.one_of(st.none(), st.none(), distinct),
        )

    leaf = st.sampled_from(leaves)
    return st.recursive(
        leaf, lambda inner: st.lists(inner, min_size=1, max_size=3).flatmap(group), max_leaves=4
    )


@st.composite
def specs(draw: st.DrawFn, tight: bool = False) -> Spec:
    """2-3 terms and 3-6 candidates. Sometimes the last 2-3 candidates are one kind: alike in
    units, hours, offers, prerequisites, attributes and likes, and named by no leaf, no other
    candidate's prerequisites and no fixed term, so that swapping them changes nothing.
    `tight`: every term has a low units cap, and a program asks for every subject apart, so
    that the cap is often what no plan fits under."""
    count = draw(st.integers(2, 3))
    size = draw(st.integers(3, 6))
    alike = min(draw(st.sampled_from([0, 0, 2, 3])), size - 2)
    numbers = NUMBERS[:size]
    apart, group = numbers[: size - alike], numbers[size - alike :]
    taken = draw(st.sampled_from([(), (TAKEN,)]))
    named = [*apart, TAKEN.key]
    offers = st.tuples(*[st.sampled_from([YES, YES, MAYBE, NO]) for _ in range(count)])
    attributes = st.frozensets(st.sampled_from(ATTRIBUTES), max_size=1)
    units = st.sampled_from([6, 12])
    like = st.sampled_from([0, 0, -40, 20, 150])

    pool: list[Candidate] = []
    likes: dict[str, int] = {}
    for number in apart:
        size_of = draw(units)
        pool.append(
            Candidate(
                Taken(number, number, number, size_of, draw(attributes)),
                "",
                size_of + draw(st.sampled_from([0, 0, 3])),
                draw(_prereq([n for n in named if n != number])),
                draw(offers),
                named=False,
                kind=len(pool) + 1,
                alike=(number,),
            )
        )
        likes[number] = draw(like)
    if group:
        size_of, shared = draw(units), draw(attributes)
        hours = size_of + draw(st.sampled_from([0, 2]))
        prereq, offered, liked = draw(_prereq(named)), draw(offers), draw(like)
        kind = len(pool) + 1
        for number in group:
            item = Taken(number, number, number, size_of, shared)
            pool.append(Candidate(item, "", hours, prereq, offered, False, kind, group))
            likes[number] = liked

    leaves = [
        *(Node(req=SubjectReq(n)) for n in [*apart, TAKEN.key, "1.09"]),
        *(Node(req=AttributeReq(code)) for code in ATTRIBUTES),
        Node(req=PlainReq("a person judges")),
    ]
    lists = draw(
        st.lists(st.lists(_tree(leaves, caps=not group), min_size=1, max_size=2), max_size=2)
    )
    if tight:
        lists.append([Node(children=tuple(Node(req=SubjectReq(n)) for n in apart))])
    programs = tuple(
        program_of(ReqList(f"p{i}", sections=tuple(s)), FREE, NO_OVERRIDES)
        for i, s in enumerate(lists)
    )
    fixed = draw(st.dictionaries(st.sampled_from(apart), st.integers(0, count - 1), max_size=2))
    weights = Weights(
        finish=draw(st.sampled_from([0, 100, 1000])),
        subjects=draw(st.sampled_from([0, 30, 100])),
        balance=draw(st.sampled_from([0, 1, 10, 25])),
        by_hours=draw(st.booleans()),
        uncertain=draw(st.sampled_from([0, 50])),
        likes={k: v for k, v in likes.items() if v},
    )
    return Spec(
        TERMS[:count],
        tuple(draw(st.sampled_from(CAPS[tight])) for _ in range(count)),
        tuple(draw(st.sampled_from([None, None, 1, 2])) for _ in range(count)),
        programs,
        taken,
        tuple(pool),
        fixed,
        weights,
    )


# -- brute force -----------------------------------------------------------------------------


def _assignments(spec: Spec) -> list[tuple[tuple[str, ...], ...]]:
    """Every way to put each candidate in no term or one term where it may go (offered, or
    fixed there), within each term's limits."""
    count = len(spec.terms)
    choices = []
    for c in spec.pool:
        if c.key in spec.fixed:
            choices.append([spec.fixed[c.key]])
        else:
            choices.append([None, *(t for t in range(count) if c.offers[t].offered)])
    found = []
    for where in itertools.product(*choices):
        terms = tuple(
            tuple(sorted(c.key for c, at in zip(spec.pool, where, strict=True) if at == t))
            for t in range(count)
        )
        if all(_within(spec, t, keys) for t, keys in enumerate(terms)):
            found.append(terms)
    return found


def _within(spec: Spec, t: int, keys: Sequence[str]) -> bool:
    units = {c.key: c.item.units for c in spec.pool}
    most, subjects = spec.units_max[t], spec.subjects_max[t]
    fits = most is None or sum(units[k] for k in keys) <= most
    return fits and (subjects is None or len(keys) <= subjects)


def _placed(spec: Spec, terms: tuple[tuple[str, ...], ...]) -> Placed:
    return Placed(terms, points_of(spec, terms), True, {})


def _form(spec: Spec, terms: Sequence[Sequence[str]]) -> Form:
    kind = {c.key: c.kind for c in spec.pool}
    return tuple(tuple(sorted(kind[k] for k in keys)) for keys in terms)


def brute_plans(spec: Spec) -> dict[Form, int]:
    """Every plan the checker accepts, one per form, with its total penalty."""
    found: dict[Form, int] = {}
    for terms in _assignments(spec):
        placed = _placed(spec, terms)
        if check_plan(spec, placed) == []:
            total = found.setdefault(_form(spec, terms), placed.total)
            assert total == placed.total, f"swaps of one kind cost differently: {terms}"
    return found


def _unmet(spec: Spec, terms: Sequence[Sequence[str]]) -> set[str]:
    """The planned subjects whose prerequisites do not hold, term by term."""
    pool = {c.key: c for c in spec.pool}
    have = {n for item in spec.taken for n in (item.key, *item.also)}
    girs = {a[4:] for item in spec.taken for a in item.attributes if a.startswith("GIR:")}
    unmet: set[str] = set()
    for keys in terms:
        record = Record(frozenset(have), frozenset(girs))
        for key in keys:
            if verdict(pool[key].prereq, record, frozenset(keys)).status is Status.NOT_MET:
                unmet.add(key)
        have |= set(keys)
        girs |= {a[4:] for k in keys for a in pool[k].item.attributes if a.startswith("GIR:")}
    return unmet


def brute_least_cap(spec: Spec) -> int | None:
    """The least units cap, the same in every term, under which some plan passes the checker."""
    free = replace(spec, units_max=(None,) * len(spec.terms))
    units = {c.key: c.item.units for c in spec.pool}
    caps = [
        max(sum(units[k] for k in keys) for keys in terms)
        for terms in _assignments(free)
        if check_plan(free, _placed(free, terms)) == []
    ]
    return min(caps, default=None)


def brute_fewest_waivers(spec: Spec) -> int | None:
    """The fewest subjects whose prerequisites must be waived for some plan to pass."""
    waived = replace(spec, waived=frozenset(c.key for c in spec.pool))
    counts = [
        len(_unmet(spec, terms))
        for terms in _assignments(waived)
        if check_plan(waived, _placed(waived, terms)) == []
    ]
    return min(counts, default=None)


# -- the property tests ----------------------------------------------------------------------

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(specs())
def test_the_ranking_is_brute_force_s_order(spec):
    plans = brute_plans(spec)
    top = min(4, len(plans) + 1)
    ranking = rank_plans(spec, top, Deadline.after(SEARCH))
    forms = [_form(spec, p.terms) for p in ranking.plans]
    totals = [p.total for p in ranking.plans]
    assert {
        "totals": totals,
        "problems": [check_plan(spec, p) for p in ranking.plans],
        "distinct forms": len(set(forms)),
        "brute force's totals of those forms": [plans.get(form) for form in forms],
        "status": ranking.status,
    } == {
        "totals": sorted(plans.values())[:top],
        "problems": [[] for _ in ranking.plans],
        "distinct forms": len(forms),
        "brute force's totals of those forms": totals,
        "status": "complete" if len(plans) < top else "top",
    }


@SETTINGS
@given(st.booleans().flatmap(lambda tight: specs(tight=tight)))
def test_the_least_units_cap_is_brute_force_s(spec):
    capped = PlanModel(spec, cap_free=True)
    solver = _least(capped, capped.cap, Deadline.after(SEARCH))
    found = None if solver is None else int(solver.value(capped.cap))
    assert found == brute_least_cap(spec)


@settings(SETTINGS, max_examples=EXAMPLES // 2)
@given(specs())
def test_the_fewest_waivers_are_brute_force_s(spec):
    waiving = PlanModel(spec, waivable=True)
    solver = _least(waiving, sum(waiving.waivers.values()), Deadline.after(SEARCH))
    found = None if solver is None else sum(solver.value(lit) for lit in waiving.waivers.values())
    assert found == brute_fewest_waivers(spec)


# -- one tiny spec per constraint family -----------------------------------------------------


def _subject(
    number: str,
    units: int = 12,
    offers: tuple[Offer, ...] = (YES, YES),
    prereq: Prereq | None = None,
) -> Candidate:
    item = Taken(number, number, number, units)
    return Candidate(item, "", units, prereq, offers, False, int(number[-1]), (number,))


def _spec(definitions: str, *pool: Candidate, **changes: object) -> Spec:
    spec = Spec(
        TERMS[:2],
        (None, None),
        (None, None),
        (program_of(reql(definitions), FREE, NO_OVERRIDES),),
        (),
        pool,
    )
    return replace(spec, **changes)


def _best(spec: Spec) -> tuple[tuple[str, ...], ...] | None:
    ranking = rank_plans(spec, 1, Deadline.after(SEARCH))
    return ranking.plans[0].terms if ranking.plans else None


A, B = "1.01", "1.02"
FAMILIES = [
    # (what is asked, spec, the best plan's terms or None when nothing fits)
    ("offered later", _spec("main := 1.01", _subject(A, offers=(NO, YES))), ((), (A,))),
    ("never offered", _spec("main := 1.01", _subject(A, offers=(NO, NO))), None),
    (
        "prerequisite earlier",
        _spec("main := 1.01", _subject(A, prereq=Course(B)), _subject(B)),
        ((B,), (A,)),
    ),
    (
        "prerequisite only in the same term",
        _spec("main := 1.01", _subject(A, prereq=Course(B)), _subject(B, offers=(NO, YES))),
        None,
    ),
    (
        "coreq in the same term",
        _spec("main := 1.01", _subject(A, prereq=Coreq(B)), _subject(B)),
        ((A, B), ()),
    ),
    (
        "coreq only later",
        _spec(
            "main := 1.01",
            _subject(A, offers=(YES, NO), prereq=Coreq(B)),
            _subject(B, offers=(NO, YES)),
        ),
        None,
    ),
    (
        "units cap moves a subject on",
        _spec("main := 1.01, 1.02", _subject(A), _subject(B), fixed={A: 0}, units_max=(12, 12)),
        ((A,), (B,)),
    ),
    (
        "units cap below one subject",
        _spec("main := 1.01", _subject(A), units_max=(6, 6)),
        None,
    ),
    (
        "subjects cap moves a subject on",
        _spec(
            "main := 1.01, 1.02", _subject(A, 6), _subject(B, 6), fixed={A: 0}, subjects_max=(1, 1)
        ),
        ((A,), (B,)),
    ),
    (
        "subjects cap of none",
        _spec("main := 1.01", _subject(A), subjects_max=(0, 0)),
        None,
    ),
    ("fixed later", _spec("main := 1.01", _subject(A), fixed={A: 1}), ((), (A,))),
    (
        "fixed over the units cap",
        _spec("main := 1.01", _subject(A), _subject(B), fixed={A: 0, B: 0}, units_max=(12, 12)),
        None,
    ),
    ("program needs one of two", _spec("main := 1.01", _subject(A), _subject(B)), ((A,), ())),
    ("program needs both", _spec("main := 1.01, 1.02", _subject(A), _subject(B)), ((A, B), ())),
    ("program names no candidate", _spec("main := 1.09", _subject(A)), None),
]


@pytest.mark.parametrize(
    ("spec", "expected"), [(s, e) for _, s, e in FAMILIES], ids=[n for n, _, _ in FAMILIES]
)
def test_a_constraint_family(spec, expected):
    assert _best(spec) == expected


def test_the_penalty_charges_the_load_above_the_mean():
    spec = _spec("main := 1.01", _subject(A), _subject(B, 6), weights=Weights(1, 0, 10, False, 0))
    # Two terms of 12 and 6 units: the mean is 9, and 3 units are above it.
    assert points_of(spec, ((A,), (B,)))["balance"] == 30
