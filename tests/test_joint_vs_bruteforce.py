"""Joint solves (two to four students in one CP-SAT model) against brute force on small random
catalogs: the ranking row for row, the correction sets when nothing fits, and what each buys."""

import itertools
import os

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from solver.core.engine.joint_fix import costs, find_joint_corrections, joint_outcome
from solver.core.engine.joint_ranking import rank_joint
from solver.core.joint import JointRequest, build_together, joint_key
from solver.core.joint_check import check_joint, enumerate_joint
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.core.results import Outcome
from solver.core.together import TOGETHER, CommonLunch, SameSections, TogetherRule
from solver.errors import PreferencesError
from tests.factories import catalog
from tests.test_corrections import STRICT
from tests.test_ranking_vs_bruteforce import RULES, WISH_SETTINGS, small, subjects

EXAMPLES = int(os.environ.get("COURSEPICK_EXAMPLES", 60)) // 2
KINDS = ["lecture", "recitation", "lab"]
# How the generator writes each together wish and the together rule: keyed by their classes, so
# one added to the registry without a way to draw it here fails the test below.
TOGETHER_SETTINGS = {
    SameSections: lambda draw: {"weight": draw(st.sampled_from([-1, 0.5, 2]))},
    CommonLunch: lambda draw: {
        "meet": {
            "weight": draw(st.sampled_from([-1, 1, 3])),
            "minutes": 60,
            "from": "11:30",
            "to": draw(st.sampled_from(["12:30", "13:30"])),
        }
    },  # fmt: skip
    TogetherRule: lambda draw: {"weight": "hard"},
}


def test_the_generator_draws_every_together_wish_and_rule():
    assert set(TOGETHER_SETTINGS) == {*TOGETHER, TogetherRule}


@st.composite
def joint_problems(draw, tight: bool = False):
    """A small catalog and two or three students' files over it, the first with `together:`.
    Tight: two students with a subject each and strict rules, so that often nothing fits."""
    count = draw(st.integers(2, 4))
    subs = [draw(subjects(i)) for i in range(count)]
    numbers = [s.number for s in subs]
    files, offered = [], []
    for _ in range(2 if tight else draw(st.integers(2, 3))):
        required = draw(st.lists(st.sampled_from(numbers), max_size=1 if tight else 2, unique=True))
        pool = [n for n in numbers if n not in required]
        prefs: dict = {"required": required}
        if pool and draw(st.booleans()):
            low = draw(st.integers(0, 1))
            prefs["electives"] = [{"min": low, "max": draw(st.integers(low, len(pool))),
                                   "from": pool}]  # fmt: skip
        if not required and "electives" not in prefs:  # a file must schedule something
            required = prefs["required"] = [numbers[0]]
        offered.append({*required, *(pool if "electives" in prefs else ())})
        if tight:
            strict = st.lists(st.sampled_from(list(STRICT)), min_size=1, max_size=2, unique=True)
            for key in draw(strict):
                prefs[key] = draw(STRICT[key])
        else:
            for write in RULES.values():
                if draw(st.integers(0, 5)) == 0:
                    prefs.update(write(draw, subs))
        wishes = {w.key: s(draw) for w, s in WISH_SETTINGS.items() if draw(st.integers(0, 2)) == 0}
        prefs["wishes"] = {k: v for k, v in wishes.items() if v is not None}
        files.append(prefs)
    shared = sorted(n for n in numbers if sum(n in o for o in offered) >= 2)
    together: dict = {"subjects": draw(st.lists(st.sampled_from(shared), max_size=2, unique=True))
                      if shared else []}  # fmt: skip
    together["same"] = draw(st.lists(st.sampled_from(KINDS), min_size=1, unique=True))
    for write in TOGETHER_SETTINGS.values():
        if draw(st.booleans()):
            together.update(write(draw))
    files[0]["together"] = together
    files[0]["top"] = draw(st.integers(1, 5))
    return catalog(*subs), [yaml.safe_dump(f) for f in files]


def _joint(problem, most: int = 3000) -> JointRequest:
    cat, texts = problem
    names = [f"student{k}.yaml" for k in range(len(texts))]
    read = [parse_preferences(text, name) for text, name in zip(texts, names, strict=True)]
    try:
        requests = [build_request(prefs, source, cat) for prefs, source in read]
        prefs, source = read[0]
        wishes, rules = build_together(prefs.together, names, requests, source, cat)
    except PreferencesError:  # a group offering too few, a subject only one file offers
        assume(False)
        raise
    assume(all(small(r, 300) for r in requests))
    joint = JointRequest(tuple(names), tuple(requests), wishes, rules, prefs.top, None)
    bound = 1
    for r in requests:
        bound *= len(_valid(r))
    assume(bound <= most)
    return joint


def _valid(request):
    from solver.core.bruteforce import enumerate_schedules

    return enumerate_schedules(request).ranked


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip
@given(joint_problems())
def test_the_joint_ranking_is_brute_force_s_order(problem):
    joint = _joint(problem)
    truth = [(points, joint_key(j)) for points, j in enumerate_joint(joint)]
    for top in (joint.top, 3 * joint.top):
        result = rank_joint(joint, top=top)
        assert [(r.points.total, joint_key(r.schedules)) for r in result.rows] == truth[:top]
        for row in result.rows:
            assert check_joint(row.schedules, joint) == []
            assert row.optimal
        assert (result.conflict is not None) == (not truth)


def _brute_outcome(joint: JointRequest) -> Outcome:
    found = enumerate_joint(joint)
    return Outcome(min(len(found), 100), len(found) > 100, found[0][0] if found else None)


@settings(max_examples=EXAMPLES // 3, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip
@given(joint_problems(tight=True))
def test_joint_correction_sets_are_the_cheapest_brute_force_finds(problem):
    joint = _joint(problem, most=400)
    rules = list(joint.every_rule)
    assume(len(rules) <= 6 and not enumerate_joint(joint))
    price = costs(rules)
    subsets = [s for size in range(1, len(rules) + 1) for s in itertools.combinations(rules, size)]
    expected: list[tuple] = []
    for subset in sorted(subsets, key=lambda s: sum(price[r] for r in s)):
        if len(expected) == 3:
            break
        if any(set(earlier) <= set(subset) for earlier in expected):
            continue
        fits = enumerate_joint(joint.without(subset))
        if any(all(s.courses for s in j) for _, j in fits):
            expected.append(subset)
    found = find_joint_corrections(joint)
    assert [tuple(c) for c in found] == expected
    for drop in found:
        assert joint_outcome(joint.without(drop)) == _brute_outcome(joint.without(drop))
