"""The CP-SAT ranking against the brute-force enumerator on small random catalogs."""

import os
import typing
from dataclasses import replace

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from solver.catalog.clock import format_clock
from solver.core.bruteforce import enumerate_schedules
from solver.core.engine.arrangements import COUNT_CAP
from solver.core.engine.ranking import rank_schedules
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.core.rules import (
    Blocked,
    Coreqs,
    DailyHours,
    Earliest,
    Electives,
    Exclude,
    FreeDay,
    Latest,
    Lock,
    MaxInARow,
    MaxWalk,
    Required,
    Rule,
    Units,
    Workload,
)
from solver.core.validate import check_schedule
from solver.core.wishes import (
    WISHES,
    AvoidEvenings,
    EarlierEnd,
    FewerDays,
    FewerGaps,
    FewerLongRuns,
    Keep,
    LaterStart,
    Likes,
    Lunch,
    ShortWalks,
)
from solver.core.wishes import FreeDay as FreeDay_
from solver.errors import PreferencesError
from tests.factories import catalog, section, subject

PATTERNS = ["MW", "TR", "F", "MWF", "T", "W", "R", "M", "WF"]
WEIGHTS = st.sampled_from([-1.5, 0, 0.5, 1, 2.25])  # negative: rewards, not penalties
# Rooms next door, across campus, and off the map (54 is not on it): walks of 0 to 20 minutes.
ROOMS = ["1-190", "2-131", "W20-491", "E51-145", "NW86-100", "54-100", "TBD"]
GAPS = st.sampled_from([0, 10, 30])  # minutes that still make two classes back to back


@st.composite
def times(draw, hourly: bool = False):
    if hourly or draw(st.booleans()):  # on the hour: back to back, with walks and runs between
        start, length = draw(st.integers(9, 14)) * 60, 60
    else:
        start = draw(st.integers(8 * 2, 17 * 2)) * 30
        length = draw(st.sampled_from([60, 90, 120]))
    days = draw(st.sampled_from(["MW", "TR"] if hourly else PATTERNS))
    return days, format_clock(start), format_clock(start + length)


@st.composite
def subjects(draw, index: int, hourly: bool = False):
    number = f"{index + 1}.{draw(st.integers(100, 999))}"
    sections = []
    for kind in draw(st.sampled_from(["L", "L", "LR", "LB", "R"])):
        count = draw(st.integers(1, 3))
        for k in range(count):
            tba = draw(st.sampled_from([False] * 6 + [True]))  # partly, or wholly, arranged
            timed = [] if tba and draw(st.booleans()) else [draw(times(hourly))]
            rooms = (draw(st.sampled_from(ROOMS[:5] if hourly else ROOMS)),)  # all on the map
            sections.append(section(f"{kind}{k + 1:02d}", *timed, tba=tba, rooms=rooms))
        if draw(st.booleans()) and sections:  # the same time in another room
            twin = sections[-1]
            room = draw(st.sampled_from(ROOMS))
            sections.append(replace(twin, id=f"{kind}{count + 1:02d}", rooms=[room]))
    return subject(
        number,
        *sections,
        units=draw(st.sampled_from([6, 9, 12])),
        hass=draw(st.sampled_from([[], ["H"], ["A"]])),
        half=draw(st.sampled_from([None, None, None, "first", "second"])),
        hours=draw(st.sampled_from([None, 8.0, 10.5])),
    )


def _section_ref(draw, subject) -> str:
    """A section of `subject` as a student names it: its id, or its days and start."""
    chosen = draw(st.sampled_from(subject.sections))
    if chosen.meetings and draw(st.booleans()):
        first = chosen.meetings[0]
        return f"{first.day} {format_clock(first.start)}"
    return chosen.id


# How the generator writes each hard rule and each wish: keyed by the registries' classes, so a
# rule or wish added there without a way to draw it here fails the test below.
RULES = {
    Required: lambda draw, subs: {},  # drawn with the subjects, in `problems`
    Electives: lambda draw, subs: {},  # likewise
    Units: lambda draw, subs: {"units": {"min": draw(st.sampled_from([6, 12, 18])), "max": 30}},
    FreeDay: lambda draw, subs: {"free_days": [draw(st.sampled_from("MTWRF"))]},
    Earliest: lambda draw, subs: {"earliest": draw(st.sampled_from(["09:00", "10:00"]))},
    Latest: lambda draw, subs: {"latest": draw(st.sampled_from(["15:00", "17:00", "18:30"]))},
    Blocked: lambda draw, subs: {
        "blocked": [
            {
                "days": draw(st.sampled_from(["TR", "M", "WF"])),
                "from": "12:00",
                "to": draw(st.sampled_from(["13:00", "14:30"])),
            }
        ]
    },  # fmt: skip
    Exclude: lambda draw, subs: {"exclude": _refs(draw, subs)},
    Lock: lambda draw, subs: {"lock": _refs(draw, subs)},
    DailyHours: lambda draw, subs: {"max_daily_hours": draw(st.sampled_from([2, 3]))},
    Workload: lambda draw, subs: {"max_workload": draw(st.sampled_from([20, 30]))},
    Coreqs: lambda draw, subs: {},  # drawn in `problems`: prerequisites and a `prereqs:` filter
    MaxWalk: lambda draw, subs: {
        "max_walk": {"minutes": draw(st.sampled_from([3, 6, 12])), "within": draw(GAPS)}
    },
    MaxInARow: lambda draw, subs: {
        "max_in_a_row": {"hours": draw(st.sampled_from([1.5, 2, 3])), "within": draw(GAPS)}
    },
}
WISH_SETTINGS = {
    FewerDays: lambda draw: draw(WEIGHTS),
    FewerGaps: lambda draw: draw(WEIGHTS),
    LaterStart: lambda draw: {"weight": draw(WEIGHTS), "before": "10:30"},
    EarlierEnd: lambda draw: {"weight": draw(WEIGHTS), "after": "15:00"},
    Lunch: lambda draw: {"weight": draw(WEIGHTS), "minutes": 60, "from": "11:30", "to": "13:30"},
    AvoidEvenings: lambda draw: {"weight": draw(WEIGHTS), "after": "16:00"},
    FreeDay_: lambda draw: {"weight": draw(WEIGHTS), "days": [draw(st.sampled_from("MF"))]},
    Likes: lambda draw: None,  # drawn in `problems`: it names subjects
    ShortWalks: lambda draw: _walks(draw),
    FewerLongRuns: lambda draw: {
        "weight": draw(WEIGHTS),
        "hours": draw(st.sampled_from([1, 1.5, 2.5])),
        "within": draw(GAPS),
    },
    Keep: lambda draw: None,  # drawn in `problems`: it names sections of subjects offered
}


def _walks(draw) -> dict | None:
    """Half the time: counting walks splits twin sections by building, so brute force grows."""
    if not draw(st.booleans()):
        return None
    over = draw(st.sampled_from([0, 4]))
    return {"weight": draw(WEIGHTS), "over_minutes": over, "within": draw(GAPS)}


def _refs(draw, subs) -> dict[str, list[str]]:
    with_sections = [s for s in subs if s.sections]
    if not with_sections:
        return {}
    chosen = draw(st.sampled_from(with_sections))
    return {chosen.number: [_section_ref(draw, chosen)]}


def test_the_generator_draws_every_rule_and_wish_of_the_registries():
    assert set(RULES) == set(typing.get_args(Rule))
    assert set(WISH_SETTINGS) == set(WISHES)


@st.composite
def problems(draw, walking: bool = False):
    count = draw(st.integers(2, 6))
    subs = [draw(subjects(i, walking)) for i in range(count)]
    if draw(st.booleans()):  # one subject under two numbers, or two that meet together
        a, b = draw(st.lists(st.integers(0, count - 1), min_size=2, max_size=2, unique=True))
        if draw(st.booleans()):  # joint numbers: one class, listed (here) on one side only
            subs[b] = replace(subs[b], sections=subs[a].sections)
            subs[a] = replace(subs[a], same_as=(subs[b].number,))
        else:
            subs[a] = replace(subs[a], meets_with=(subs[b].number,))
    numbers = [s.number for s in subs]
    for k, sub in enumerate(subs):  # prerequisites: another subject, taken or the same term
        other = draw(st.sampled_from(numbers))
        written = draw(
            st.sampled_from(
                [
                    "None",
                    "None",
                    other,
                    f"''Coreq: {other}''",
                    f"''Coreq: {other}''/''permission of instructor''",
                ]
            )
        )
        subs[k] = replace(sub, prereqs=written)
    required = numbers[: draw(st.integers(0, 2))]
    pool = numbers[len(required) :]
    prefs: dict = {"required": required, "top": draw(st.integers(1, 6))}
    hass = any("H" in s.hass for s in subs[len(required) :])
    if pool and (not hass or draw(st.booleans())):
        low = draw(st.integers(0, min(2, len(pool))))
        prefs["electives"] = [{"min": low, "max": draw(st.integers(low, len(pool))), "from": pool}]
    elif pool:
        spec = {"hass": "H"}
        if prereqs := draw(st.sampled_from([None, "met", "permission"])):
            spec["prereqs"] = prereqs
            prefs["taken"] = draw(st.lists(st.sampled_from(numbers), max_size=1))
        size = draw(st.sampled_from([{"pick": 1}, {"min": 1, "max": 2}]))
        prefs["electives"] = [{**size, "from": spec}]
    for write in RULES.values():
        if draw(st.integers(0, 3)) == 0:
            prefs.update(write(draw, subs))
    prefs["wishes"] = {wish.key: settings(draw) for wish, settings in WISH_SETTINGS.items()}
    if draw(st.booleans()):
        liked = draw(st.lists(st.sampled_from(numbers), max_size=2, unique=True))
        prefs["wishes"]["likes"] = {n: draw(st.sampled_from([-2, 0.5, 1, 3])) for n in liked}
    listed = "electives" in prefs and isinstance(prefs["electives"][0]["from"], list)
    offered = [s for s in subs[: len(subs) if listed else len(required)] if s.sections]
    if offered and draw(st.booleans()):
        held = draw(st.lists(st.sampled_from(offered), max_size=2, unique=True))
        sections = {s.number: [_section_ref(draw, s)] for s in held}
        prefs["wishes"]["keep"] = {"weight": draw(WEIGHTS), "sections": sections}
    if walking:  # every class on the hour, walks and runs always counted, often limited
        weight = st.sampled_from([-1, 0.5, 2])
        prefs["wishes"]["short_walks"] = {"weight": draw(weight), "over_minutes": 2}
        prefs["wishes"]["fewer_long_runs"] = {"weight": draw(weight), "hours": 1.5}
        if draw(st.booleans()):
            prefs["max_walk"] = {"minutes": draw(st.sampled_from([3, 6]))}
        if draw(st.booleans()):
            prefs["max_in_a_row"] = {"hours": draw(st.sampled_from([1.5, 2]))}
    prefs["wishes"] = {k: v for k, v in prefs["wishes"].items() if v is not None}
    return catalog(*subs), yaml.safe_dump(prefs)


@settings(
    max_examples=int(os.environ.get("COURSEPICK_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(problems())
def test_top_k_equals_brute_force(problem):
    _agrees_with_brute_force(problem)


@settings(
    max_examples=int(os.environ.get("COURSEPICK_EXAMPLES", 60)) // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(problems(walking=True))
def test_walks_and_runs_rank_as_brute_force_scores_them(problem):
    _agrees_with_brute_force(problem)


def _agrees_with_brute_force(problem) -> None:
    cat, text = problem
    prefs, source = parse_preferences(text, "random.yaml")
    try:
        request = build_request(prefs, source, cat)
    except PreferencesError as error:  # a group offering fewer subjects than it must take
        assert "to take, but" in str(error) or "matches its filter" in str(error)
        assume(False)
    assume(small(request))
    truth = enumerate_schedules(request)
    for by in ("sections", "subjects"):
        expected = _rows(truth.ranked, by)
        for top in (request.top, request.top + 3, 3 * request.top):
            result = rank_schedules(request, top=top, by=by)
            # The whole order, ties included: row k is the k-th, whatever `top` is.
            assert _seen(result, expected) == expected[:top], (by, top)
            for ranked in result.schedules:
                assert check_schedule(ranked.schedule, request) == []
                assert ranked.optimal
            if not truth.ranked:
                assert result.conflict is not None


def small(request, most: int = 2000) -> bool:
    """Is the brute force bounded by `most` schedules (each course taken or not, in each of its
    arrangements)? Sections split by building or by id multiply, and hypothesis now and then
    draws a catalog whose enumeration alone would take seconds."""
    bound = 1
    for course in request.courses.values():
        arrangements = 1
        for options in course.options.values():
            arrangements *= len(options)
        bound *= 1 + arrangements
    return bound <= most


def _rows(ranked: list, by: str) -> list[tuple]:
    """What the rows must be: every schedule in order (by sections), or each subject set's
    first schedule in order with how many others of that set score the same (by subjects)."""
    if by == "sections":
        return [(points, schedule.key, None) for points, schedule in ranked]
    rows, first = [], {}
    for points, schedule in ranked:
        subjects = frozenset(schedule.courses)
        if subjects not in first:
            first[subjects] = len(rows)
            rows.append([points, schedule.key, 0])
        elif points == rows[first[subjects]][0]:
            rows[first[subjects]][2] += 1
    return [tuple(row) for row in rows]


def _seen(result, expected: list[tuple]) -> list[tuple]:
    """The rows as `_rows` writes them. A count of equals stopped at its cap (a big twin-room
    set split by building) says "at least": it stands for the true count when that is more."""
    rows = []
    for index, ranked in enumerate(result.schedules):
        equals = ranked.equals
        count = equals and equals.count
        if equals is not None and equals.capped:
            assert equals.count == COUNT_CAP and expected[index][2] >= COUNT_CAP
            count = expected[index][2]
        rows.append((ranked.points, ranked.schedule.key, count))
    return rows
