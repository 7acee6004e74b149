"""The CP-SAT ranking against the brute-force enumerator on small random catalogs."""

import os
from dataclasses import replace

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.catalog.clock import format_clock
from solver.core.bruteforce import enumerate_schedules
from solver.core.preferences import parse_preferences
from solver.core.ranking import rank_schedules
from solver.core.request import build_request
from solver.core.validate import check_schedule
from tests.factories import catalog, section, subject

PATTERNS = ["MW", "TR", "F", "MWF", "T", "W", "R", "M", "WF"]


@st.composite
def times(draw):
    start = draw(st.integers(8 * 2, 17 * 2)) * 30
    length = draw(st.sampled_from([60, 90, 120]))
    return draw(st.sampled_from(PATTERNS)), format_clock(start), format_clock(start + length)


@st.composite
def subjects(draw, index: int):
    number = f"{index + 1}.{draw(st.integers(100, 999))}"
    sections = []
    for kind in draw(st.sampled_from(["L", "L", "LR", "LB", "R"])):
        count = draw(st.integers(1, 3))
        for k in range(count):
            sections.append(section(f"{kind}{k + 1:02d}", draw(times())))
        if draw(st.booleans()) and sections:  # the same time in another room
            twin = sections[-1]
            sections.append(replace(twin, id=f"{kind}{count + 1:02d}", rooms=["2-1"]))
    return subject(
        number,
        *sections,
        units=draw(st.sampled_from([6, 9, 12])),
        hass=draw(st.sampled_from([[], ["H"], ["A"]])),
        half=draw(st.sampled_from([None, None, None, "first", "second"])),
        hours=draw(st.sampled_from([None, 8.0, 10.5])),
    )


@st.composite
def problems(draw):
    count = draw(st.integers(2, 6))
    subs = [draw(subjects(i)) for i in range(count)]
    numbers = [s.number for s in subs]
    required = numbers[: draw(st.integers(0, 2))]
    pool = numbers[len(required) :]
    prefs: dict = {"required": required, "top": draw(st.integers(1, 6))}
    if pool and draw(st.booleans()):
        low = draw(st.integers(0, min(2, len(pool))))
        prefs["electives"] = [{"min": low, "max": draw(st.integers(low, len(pool))), "from": pool}]
    elif pool:
        prefs["electives"] = [{"pick": 1, "from": {"hass": "H"}}]
    if draw(st.booleans()):
        prefs["free_days"] = [draw(st.sampled_from("MTWRF"))]
    if draw(st.booleans()):
        prefs["earliest"] = draw(st.sampled_from(["09:00", "10:00"]))
    if draw(st.booleans()):
        prefs["units"] = {"min": draw(st.sampled_from([6, 12, 18])), "max": 30}
    if draw(st.booleans()):
        prefs["max_daily_hours"] = draw(st.sampled_from([2, 3]))
    weight = st.sampled_from([0, 0.5, 1, 2.25])
    prefs["wishes"] = {
        "fewer_days": draw(weight),
        "fewer_gaps": draw(weight),
        "later_start": {"weight": draw(weight), "before": "10:30"},
        "earlier_end": {"weight": draw(weight), "after": "15:00"},
        "lunch": {"weight": draw(weight), "minutes": 60, "from": "11:30", "to": "13:30"},
        "avoid_evenings": {"weight": draw(weight), "after": "16:00"},
        "free_day": {"weight": draw(weight), "days": ["F"]},
    }
    if draw(st.booleans()):
        liked = draw(st.lists(st.sampled_from(numbers), max_size=2, unique=True))
        prefs["wishes"]["likes"] = {n: draw(st.sampled_from([0.5, 1, 3])) for n in liked}
    return catalog(*subs), yaml.safe_dump(prefs)


@settings(
    max_examples=int(os.environ.get("COURSEPICK_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(problems())
def test_top_k_equals_brute_force(problem):
    cat, text = problem
    prefs, source = parse_preferences(text, "random.yaml")
    request = build_request(prefs, source, cat)
    result = rank_schedules(request)
    truth = enumerate_schedules(request)
    expected = [points for points, _ in truth.ranked[: request.top]]
    assert [r.points for r in result.schedules] == expected
    assert len(result.schedules) == min(request.top, len(truth.ranked))
    keys = [r.schedule.key for r in result.schedules]
    assert len(set(keys)) == len(keys), "schedules must be distinct"
    # Below the last listed score the set is forced, so the order (ties by key) must match too.
    if expected:
        settled = [s.key for points, s in truth.ranked if points < expected[-1]]
        assert keys[: len(settled)] == settled
    assert keys == sorted(keys, key=lambda k: (result.schedules[keys.index(k)].points, k))
    for ranked in result.schedules:
        assert check_schedule(ranked.schedule, request) == []
        assert ranked.optimal
    if not truth.ranked:
        assert result.conflict is not None
