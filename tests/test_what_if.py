"""`--what-if` counts and best scores, confirmed by brute-force enumeration of edited files."""

import pytest
import yaml

from solver.core.bruteforce import enumerate_schedules
from solver.core.deadline import NO_DEADLINE
from solver.core.engine.ranking import rank_schedules
from solver.core.engine.what_if import what_if
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.core.validate import check_schedule
from tests.factories import PASSED, catalog, section, subject

CATALOG = catalog(
    subject(
        "1.10",
        section("L01", ("TR", "10:00", "11:30")),
        section("R01", ("F", "10:00", "11:00")),
        section("R02", ("W", "09:00", "10:00")),
        section("R03", ("M", "14:00", "15:00")),
    ),
    subject(
        "2.20",
        section("L01", ("MW", "11:00", "12:30")),
        section("L02", ("TR", "13:00", "14:30")),
        hass=["H"],
    ),
    subject(
        "3.30",
        section("L01", ("F", "13:00", "15:00")),
        section("L02", ("MW", "09:00", "10:30")),
        hass=["H"],
    ),
    subject(
        "4.40",
        section("L01", ("TR", "10:00", "11:00")),
        section("L02", ("M", "15:00", "17:00")),
        hass=["H"],
    ),
)

BASE = {
    "required": ["1.10"],
    "electives": [{"name": "HASS", "pick": 1, "from": {"hass": "H"}}],
    "free_days": ["F"],
    "earliest": "10:00",
    "wishes": {"fewer_days": 1, "fewer_gaps": 1},
}


def brute(prefs: dict) -> tuple[int, int | None]:
    parsed, source = parse_preferences(yaml.safe_dump(prefs), "edited.yaml")
    ranked = enumerate_schedules(build_request(parsed, source, CATALOG)).ranked
    return len(ranked), (ranked[0][0] if ranked else None)


def edited(**changes) -> dict:
    prefs = {k: v for k, v in BASE.items() if k not in changes or changes[k] is not None}
    prefs.update({k: v for k, v in changes.items() if v is not None})
    return prefs


EXPECTED = {
    "required 1.10": edited(
        required=[],
        electives=[*BASE["electives"], {"min": 0, "max": 1, "from": ["1.10"]}],
    ),
    "electives HASS": edited(electives=[{"min": 0, "max": 3, "from": {"hass": "H"}}]),
    "free day F": edited(free_days=None),
    "earliest 10:00": edited(earliest=None),
}


def test_what_if_matches_brute_force_on_edited_files():
    parsed, source = parse_preferences(yaml.safe_dump(BASE), "base.yaml")
    answer = what_if(build_request(parsed, source, CATALOG))
    assert (answer.now.count, answer.now.best) == brute(BASE)
    seen = {rule.label: outcome for rule, outcome in answer.without}
    assert set(seen) == set(EXPECTED)
    for label, prefs in EXPECTED.items():
        assert (seen[label].count, seen[label].best) == brute(prefs), label
        assert not seen[label].capped
    assert seen["free day F"].count > answer.now.count  # the case is not trivial


def test_counts_stop_at_the_cap():
    parsed, source = parse_preferences(yaml.safe_dump(edited(free_days=None)), "p.yaml")
    answer = what_if(build_request(parsed, source, CATALOG), cap=2)
    assert (answer.now.count, answer.now.capped) == (2, True)


@pytest.mark.parametrize("label", EXPECTED)
def test_a_request_with_a_rule_dropped_is_judged_one_way(label):
    # The ranking, the validator and brute force all read the request's rules: with "free day F"
    # dropped, all three see the same schedules (once they disagreed: 8 ranked, 5 refused, 3).
    parsed, source = parse_preferences(yaml.safe_dump(BASE), "base.yaml")
    request = build_request(parsed, source, CATALOG)
    rule = next(r for r in request.rules if r.label == label)
    loose = request.without([rule])
    ranked = rank_schedules(loose, top=100, by="sections").schedules
    assert [check_schedule(r.schedule, loose) for r in ranked] == [[]] * len(ranked)
    truth = enumerate_schedules(loose).ranked
    assert [(r.points, r.schedule.key) for r in ranked] == [(p, s.key) for p, s in truth]
    assert len(ranked) == brute(EXPECTED[label])[0]


def test_an_explanation_cut_short_by_the_time_limit_still_names_rules_that_cannot_hold():
    from solver.core.engine.explain import explain

    prefs = {"required": ["1.10"], "free_days": ["M", "W", "F"], "earliest": "10:00"}
    parsed, source = parse_preferences(yaml.safe_dump(prefs), "tight.yaml")
    request = build_request(parsed, source, CATALOG)
    for deadline in (NO_DEADLINE, PASSED):
        named = explain(request, deadline)
        assert named  # a set of the student's own rules, minimal or not when cut short
        kept = request.without([rule for rule in request.rules if rule not in named])
        assert rank_schedules(kept, top=1).schedules == ()
