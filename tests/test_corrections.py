"""Correction sets and what-if against brute force on small random catalogs: the sets found are
the cheapest ones brute force finds, and every count (below the cap) and best score agrees."""

import itertools
import os

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from solver.core.bruteforce import enumerate_schedules
from solver.core.engine.corrections import costs, find_corrections
from solver.core.engine.outcomes import COUNT_CAP
from solver.core.engine.what_if import what_if
from solver.core.preferences import parse_preferences
from solver.core.request import Request
from solver.core.resolve import build_request
from solver.core.results import Outcome
from solver.core.rules import Rule
from solver.errors import PreferencesError
from tests.factories import PASSED
from tests.test_ranking_vs_bruteforce import problems, small
from tests.test_what_if import BASE, CATALOG

EXAMPLES = int(os.environ.get("COURSEPICK_EXAMPLES", 60)) // 4  # brute force over rule sets is slow
STRICT = {
    "free_days": st.sampled_from([["M", "T"], ["W", "F"], ["T", "R"]]),
    "earliest": st.sampled_from(["11:00", "12:00"]),
    "latest": st.sampled_from(["14:00", "15:00"]),
    "max_daily_hours": st.sampled_from([1, 2]),
}


@st.composite
def tight_problems(draw):
    """A random problem with a few strict rules added, so that often nothing fits."""
    cat, text = draw(problems())
    prefs = yaml.safe_load(text)
    for key in draw(st.lists(st.sampled_from(list(STRICT)), min_size=1, max_size=3, unique=True)):
        prefs[key] = draw(STRICT[key])
    return cat, yaml.safe_dump(prefs)


def _request(problem) -> Request:
    cat, text = problem
    try:
        prefs, source = parse_preferences(text, "random.yaml")
        request = build_request(prefs, source, cat)
    except PreferencesError:  # a group offering fewer subjects than it must take, and the like
        assume(False)
        raise
    assume(small(request, 1000))  # brute force runs once per set of rules
    return request


def _brute_outcome(request: Request) -> Outcome:
    ranked = enumerate_schedules(request).ranked
    count = len(ranked)
    return Outcome(min(count, COUNT_CAP), count > COUNT_CAP, ranked[0][0] if ranked else None)


def _brute_corrections(request: Request, most: int = 3) -> list[tuple[Rule, ...]]:
    """The cheapest sets of rules whose removal lets a schedule with some subject fit, none a
    superset of another, by trying every set in order of cost."""
    price = costs(request)
    subsets = [
        subset
        for size in range(1, len(request.rules) + 1)
        for subset in itertools.combinations(request.rules, size)
    ]
    found: list[tuple[Rule, ...]] = []
    for subset in sorted(subsets, key=lambda s: sum(price[r] for r in s)):
        if len(found) == most:
            break
        if any(set(earlier) <= set(subset) for earlier in found):
            continue
        fits = enumerate_schedules(request.without(subset)).ranked
        if any(schedule.courses for _, schedule in fits):
            found.append(subset)
    return found


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip
@given(tight_problems())
def test_correction_sets_are_the_cheapest_brute_force_finds(problem):
    request = _request(problem)
    assume(len(request.rules) <= 7 and not enumerate_schedules(request).ranked)
    found = find_corrections(request)
    assert [tuple(c) for c in found] == _brute_corrections(request)


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip
@given(st.one_of(problems(), tight_problems()))
def test_what_if_agrees_with_brute_force(problem):
    request = _request(problem)
    answer = what_if(request)
    assert answer.now == _brute_outcome(request)
    for rule, found in answer.without:
        assert found == _brute_outcome(request.without([rule])), rule.label


def test_what_if_past_its_time_limit_marks_everything_unfinished():
    prefs, source = parse_preferences(yaml.safe_dump(BASE), "base.yaml")
    answer = what_if(build_request(prefs, source, CATALOG), deadline=PASSED)
    assert not answer.now.finished
    assert all(not found.finished for _, found in answer.without)
