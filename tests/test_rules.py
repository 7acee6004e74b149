"""Every hard rule, domain rule and soft wish on tiny catalogs: the exact schedules chosen.

Each hard rule has a feasible case (the exact schedules, in rank order) and an infeasible case
(the exact rules named in the explanation). Every schedule the solver returns in any test here is
also checked by `solver.core.validate.check_schedule`, which shares no code with the model.
"""

import typing
from dataclasses import replace

import pytest
import yaml

from solver.catalog.schema import Catalog
from solver.core.engine.ranking import rank_schedules
from solver.core.hard_rules import BUILDERS
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.core.results import Result, Schedule
from solver.core.rules import Rule
from solver.core.score import score
from solver.core.validate import check_schedule
from solver.errors import PreferencesError
from solver.render.text import course_line
from tests.factories import catalog, section, subject


def solve(cat: Catalog, prefs: dict, top: int | None = None) -> Result:
    """Rank schedules for `prefs` (written as YAML, read as a user's file would be)."""
    parsed, source = parse_preferences(yaml.safe_dump(prefs), "prefs.yaml")
    request = build_request(parsed, source, cat)
    result = rank_schedules(request, top=top)
    for ranked in result.schedules:
        assert check_schedule(ranked.schedule, request) == [], describe(ranked.schedule)
    return result


def describe(schedule: Schedule) -> str:
    """`1.01 L01 R03/R05, 2.01 L02`, or `-` for the empty schedule."""
    parts = []
    for number in schedule.courses:
        labels = [o.label for o in schedule.options if o.course == number]
        parts.append(" ".join([number, *labels]))
    return ", ".join(parts) or "-"


def chosen(result: Result) -> list[str]:
    assert result.conflict is None
    return [describe(r.schedule) for r in result.schedules]


def conflict(result: Result) -> list[str]:
    assert result.schedules == ()
    assert result.conflict is not None
    return [rule.label for rule in result.conflict]


def scored(result: Result) -> list[tuple[str, float]]:
    return [(describe(r.schedule), score(r.points)) for r in result.schedules]


# Hard rules


TWO_TIMES = catalog(
    subject(
        "1.01", section("L01", ("MW", "10:00", "11:00")), section("L02", ("TR", "10:00", "11:00"))
    ),
    subject("2.01", section("L01", ("MW", "10:00", "11:00"))),
)


def test_every_rule_class_has_a_builder():
    # A rule class without one would never be built from a file: its key silently ignored.
    assert set(BUILDERS) == set(typing.get_args(Rule))


def test_required_subject_is_always_taken_in_each_of_its_sections():
    assert chosen(solve(TWO_TIMES, {"required": ["1.01"]})) == ["1.01 L01", "1.01 L02"]


def test_two_required_subjects_take_the_sections_that_do_not_clash():
    assert chosen(solve(TWO_TIMES, {"required": ["1.01", "2.01"]})) == ["1.01 L02, 2.01 L01"]


def test_required_subjects_that_always_clash_are_named():
    cat = catalog(
        subject("1.01", section("L01", ("MW", "10:00", "11:00"))),
        subject("2.01", section("L01", ("MW", "10:30", "11:30"))),
    )
    assert conflict(solve(cat, {"required": ["1.01", "2.01"]})) == [
        "required 1.01",
        "required 2.01",
    ]


THREE = catalog(
    subject("1.01", section("L01", ("M", "10:00", "11:00"))),
    subject("2.01", section("L01", ("T", "10:00", "11:00"))),
    subject("3.01", section("L01", ("M", "10:30", "11:30"))),  # clashes with 1.01
)


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ({"pick": 2, "from": ["1.01", "2.01", "3.01"]},
         ["1.01 L01, 2.01 L01", "2.01 L01, 3.01 L01"]),
        (
            {"min": 1, "max": 2, "from": ["1.01", "2.01", "3.01"]},
            # equal scores: fewer expected hours first, then subject numbers
            ["1.01 L01", "2.01 L01", "3.01 L01", "1.01 L01, 2.01 L01", "2.01 L01, 3.01 L01"],
        ),
        ({"min": 2, "from": ["1.01", "2.01", "3.01"]},
         ["1.01 L01, 2.01 L01", "2.01 L01, 3.01 L01"]),
        ({"max": 1, "from": ["1.01", "2.01"]}, ["-", "1.01 L01", "2.01 L01"]),
    ],
    ids=["pick", "min-max", "min", "max"],
)  # fmt: skip
def test_elective_group_from_a_list(group, expected):
    assert chosen(solve(THREE, {"electives": [group]})) == expected


@pytest.mark.parametrize(
    ("prefs", "expected"),
    [
        ({"electives": [{"pick": 2, "from": ["1.01", "3.01"]}]},  # 1.01 and 3.01 clash
         ["electives (pick 2 of 1.01, 3.01)"]),
        ({"electives": [{"name": "two", "min": 2, "max": 3, "from": ["1.01", "3.01"]}]},
         ["electives two"]),
        ({"electives": [{"name": "one", "max": 1, "from": ["1.01", "2.01"]}], "units": {"min": 24}},
         ["electives one", "units at least 24"]),
    ],
    ids=["pick", "min", "max"],
)  # fmt: skip
def test_elective_group_that_cannot_be_met_is_named(prefs, expected):
    assert conflict(solve(THREE, prefs)) == expected


def _filtered(number: str, day: str, start: str = "09:00", **fields):
    end = f"{int(start[:2]) + 1:02d}{start[2:]}"
    return subject(number, section("L01", (day, start, end)), **fields)


FILTERS = catalog(
    _filtered("21W.742", "M", hass=["H"], ci="CI-HW", level="U", rating=6.0, hours=9.0),
    _filtered("21W.755", "T", hass=["H"], ci="CI-H", level="U", rating=5.0, hours=8.0),
    _filtered("21W.756", "W", hass=["H"], level="U", terms=["FA"]),  # not offered this spring
    _filtered("21M.030", "R", hass=["A"], ci="CI-H", level="U", has_final=True, rating=5.5,
              hours=10.0),
    _filtered("24.900", "F", hass=["S"], level="U", units=9, has_final=True, rating=4.5, hours=7.0),
    _filtered("6.1200", "S", gir=["REST"], level="U", has_final=True, rating=5.2, hours=14.0),
    _filtered("6.1903", "U", gir=["REST"], level="U", units=6, half="first", rating=5.6, hours=7.1),
    _filtered("6.1904", "U", level="U", units=6, half="second"),
    _filtered("6.5151", "M", "14:00", level="G", rating=6.2, hours=12.0),
    _filtered("18.06", "T", "14:00", gir=["REST"], level="U", has_final=True, rating=5.8),
)  # fmt: skip

FILTER_CASES = [
    ({"department": "21W"}, ["21W.742", "21W.755"]),
    ({"department": ["21M", "24"]}, ["21M.030", "24.900"]),
    ({"prefix": "6.1"}, ["6.1200", "6.1903", "6.1904"]),
    ({"prefix": ["6.5", "18."]}, ["6.5151", "18.06"]),
    ({"level": "G"}, ["6.5151"]),
    ({"hass": "H"}, ["21W.742", "21W.755"]),
    ({"hass": "any"}, ["21M.030", "21W.742", "21W.755", "24.900"]),
    ({"ci": "CI-HW"}, ["21W.742"]),
    ({"ci": "any"}, ["21M.030", "21W.742", "21W.755"]),
    ({"gir": "REST"}, ["6.1200", "6.1903", "18.06"]),
    ({"units": 9}, ["24.900"]),
    ({"units": {"min": 6, "max": 9}}, ["6.1903", "6.1904", "24.900"]),
    ({"no_final": True}, ["6.1903", "6.1904", "6.5151", "21W.742", "21W.755"]),
    ({"half": "first"}, ["6.1903"]),
    ({"half": "second"}, ["6.1904"]),
    ({"half": "full", "level": "U", "hass": "any"}, ["21M.030", "21W.742", "21W.755", "24.900"]),
    ({"min_rating": 5.6}, ["6.1903", "6.5151", "18.06", "21W.742"]),
    ({"max_hours": 8}, ["6.1903", "21W.755", "24.900"]),
    ({"hass": "H", "min_rating": 5.5}, ["21W.742"]),
]


@pytest.mark.parametrize(("spec", "expected"), FILTER_CASES, ids=lambda v: str(v))
def test_elective_filter_picks_exactly_the_matching_subjects(spec, expected):
    # Which subjects, not in which order (their order is the tie-breakers', tested below).
    result = solve(FILTERS, {"electives": [{"pick": 1, "from": spec}]})
    assert sorted(chosen(result)) == sorted(f"{number} L01" for number in expected)


@pytest.mark.parametrize(("spec", "expected"), FILTER_CASES, ids=lambda v: str(v))
def test_elective_filter_cannot_pick_more_than_it_matches(spec, expected):
    # An input mistake, said with what matched, rather than "no schedule fits".
    prefs = {"electives": [{"name": "filtered", "pick": len(expected) + 1, "from": spec}]}
    message = (
        f"prefs.yaml:2: electives filtered: {len(expected) + 1} to take, but only "
        f"{len(expected)} subjects of 2026SP match its filter (required, excluded and taken "
        f"subjects aside): {', '.join(expected)}"
    )
    with pytest.raises(PreferencesError) as raised:
        solve(FILTERS, prefs)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ({"pick": 1, "from": {"hass": "H"}, "exclude": ["21W.755"]}, ["21W.742 L01"]),
        ({"pick": 1, "from": ["6.1200", "18.06"], "exclude": ["18.06"]}, ["6.1200 L01"]),
    ],
    ids=["filter", "list"],
)
def test_elective_exclude_removes_subjects_from_the_group(group, expected):
    assert chosen(solve(FILTERS, {"electives": [group]})) == expected


def test_elective_exclude_can_leave_too_few():
    group = {"name": "H", "pick": 2, "from": {"hass": "H"}, "exclude": ["21W.755"]}
    with pytest.raises(PreferencesError, match="electives H: 2 to take, but only 1 subjects"):
        solve(FILTERS, {"electives": [group]})


def _overlap_catalog(*numbers: str) -> Catalog:
    hass = {"21W.742": ["H"], "21W.755": ["H"]}
    days = {"21W.742": "M", "21W.755": "T", "6.1200": "W", "18.06": "R"}
    return catalog(*(_filtered(n, days[n], hass=hass.get(n, [])) for n in numbers))


ONE_HASS_AND_TWO_OF_THESE = {
    "electives": [
        {"name": "HASS-H", "pick": 1, "from": {"hass": "H"}},
        {"name": "these", "pick": 2, "from": ["21W.742", "6.1200", "18.06"]},
    ]
}


def test_a_subject_in_two_groups_counts_for_only_one():
    # 21W.742 + 6.1200 alone would satisfy both groups only by counting 21W.742 twice.
    cat = _overlap_catalog("21W.742", "21W.755", "6.1200", "18.06")
    assert chosen(solve(cat, ONE_HASS_AND_TWO_OF_THESE)) == [
        "6.1200 L01, 18.06 L01, 21W.742 L01",
        "6.1200 L01, 18.06 L01, 21W.755 L01",
        "6.1200 L01, 21W.742 L01, 21W.755 L01",
        "18.06 L01, 21W.742 L01, 21W.755 L01",
    ]


def test_groups_sharing_their_only_subject_cannot_both_be_met():
    prefs = {
        "electives": [
            {"name": "HASS-H", "pick": 1, "from": {"hass": "H"}},
            {"name": "these", "pick": 2, "from": ["21W.742", "6.1200"]},
        ]
    }
    cat = _overlap_catalog("21W.742", "6.1200")
    assert conflict(solve(cat, prefs)) == ["electives HASS-H", "electives these"]


UNITS = catalog(
    subject("1.01", section("L01", ("M", "09:00", "10:00")), units=12),
    subject("2.01", section("L01", ("T", "09:00", "10:00")), units=6),
    subject("3.01", section("L01", ("W", "09:00", "10:00")), units=9),
    subject("4.01", section("L01", ("R", "09:00", "10:00")), units=12),
)
UNITS_PREFS = {
    "required": ["1.01"],
    "electives": [{"name": "extra", "min": 0, "max": 3, "from": ["2.01", "3.01", "4.01"]}],
}


def test_units_between_min_and_max():
    result = solve(UNITS, {**UNITS_PREFS, "units": {"min": 21, "max": 24}})
    assert chosen(result) == ["1.01 L01, 3.01 L01", "1.01 L01, 4.01 L01"]


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        ({"min": 40}, ["units at least 40"]),  # all four make only 39
        ({"max": 10}, ["required 1.01", "units at most 10"]),
        ({"min": 13, "max": 17}, ["required 1.01", "units 13-17"]),  # 12, then 18 and up
    ],
    ids=["min", "max", "between"],
)
def test_units_out_of_reach_are_named(units, expected):
    assert conflict(solve(UNITS, {**UNITS_PREFS, "units": units})) == expected


def test_free_days_drop_sections_meeting_on_them():
    assert chosen(solve(TWO_TIMES, {"required": ["1.01"], "free_days": ["M"]})) == ["1.01 L02"]


def test_free_days_covering_every_section_are_named():
    result = solve(TWO_TIMES, {"required": ["1.01"], "free_days": ["M", "T"]})
    assert conflict(result) == ["required 1.01", "free day M", "free day T"]


def test_a_required_subject_on_a_free_day_is_the_explanation_not_the_totals():
    # Free Friday rules out 1.01 and 2.01; it also rules out any 36 units with one HASS-H subject.
    # Both sets are minimal; the one naming the subject is the one a student can act on.
    cat = catalog(
        subject("1.01", section("L01", ("MWF", "09:00", "10:00"))),
        subject("2.01", section("L01", ("TF", "11:00", "12:30"))),
        subject("21H.001", section("L01", ("TR", "14:00", "15:30")), hass=["H"]),
        subject("21H.002", section("L01", ("MW", "14:00", "15:30")), hass=["H"]),
    )
    prefs = {
        "required": ["1.01", "2.01"],
        "electives": [{"name": "HASS-H", "pick": 1, "from": {"hass": "H"}}],
        "units": {"min": 36, "max": 54},
        "free_days": ["F"],
    }
    assert conflict(solve(cat, prefs)) == ["required 1.01", "free day F"]


def _one(*sections) -> Catalog:
    return catalog(subject("1.01", *sections))


def test_earliest_allows_a_class_starting_exactly_then():
    cat = _one(section("L01", ("MW", "09:00", "10:00")), section("L02", ("MW", "10:00", "11:00")))
    assert chosen(solve(cat, {"required": ["1.01"], "earliest": "10:00"})) == ["1.01 L02"]


def test_earliest_with_free_day_explains_as_in_the_issue():
    cat = catalog(
        subject(
            "8.02",
            section("L01", ("MW", "09:00", "10:00")),
            section("L02", ("TF", "11:00", "12:00")),
        )
    )
    prefs = {"required": ["8.02"], "free_days": ["F"], "earliest": "10:00"}
    assert conflict(solve(cat, prefs)) == ["required 8.02", "free day F", "earliest 10:00"]


def test_earliest_after_every_section_starts_is_named():
    cat = _one(section("L01", ("MW", "09:00", "10:00")), section("L02", ("TR", "09:30", "10:30")))
    assert conflict(solve(cat, {"required": ["1.01"], "earliest": "10:00"})) == [
        "required 1.01",
        "earliest 10:00",
    ]


def test_latest_allows_a_class_ending_exactly_then():
    cat = _one(section("L01", ("MW", "16:00", "17:00")), section("L02", ("MW", "16:30", "17:30")))
    assert chosen(solve(cat, {"required": ["1.01"], "latest": "17:00"})) == ["1.01 L01"]


def test_latest_before_every_section_ends_is_named():
    cat = _one(section("L01", ("MW", "16:30", "17:30")))
    assert conflict(solve(cat, {"required": ["1.01"], "latest": "17:00"})) == [
        "required 1.01",
        "latest 17:00",
    ]


BLOCKED = _one(
    section("L01", ("TR", "15:00", "16:00")),  # ends as the block starts: allowed
    section("L02", ("TR", "15:30", "16:30")),  # overlaps it
    section("L03", ("MW", "16:00", "17:00")),  # same hours, other days
)


def test_blocked_time_drops_only_overlapping_sections():
    block = {"days": "TR", "from": "16:00", "to": "17:00", "label": "crew practice"}
    result = solve(BLOCKED, {"required": ["1.01"], "blocked": [block]})
    assert chosen(result) == ["1.01 L01", "1.01 L03"]


@pytest.mark.parametrize(
    ("block", "label"),
    [
        ({"days": "MTR", "from": "15:30", "to": "16:30", "label": "job"}, "blocked job"),
        ({"days": ["M", "T", "R"], "from": "15:30", "to": "16:30"}, "blocked MTR 15:30-16:30"),
    ],
)
def test_blocked_time_over_every_section_is_named(block, label):
    assert conflict(solve(BLOCKED, {"required": ["1.01"], "blocked": [block]})) == [
        "required 1.01",
        label,
    ]


SECTIONS = catalog(
    subject(
        "1.01",
        section("L01", ("MW", "10:00", "11:00")),
        section("L02", ("TR", "10:00", "11:00")),
        section("R01", ("F", "10:00", "11:00")),
        section("R02", ("F", "11:00", "12:00")),
        section("R03", ("F", "12:00", "13:00"), rooms=("34-301",)),
        section("R05", ("F", "12:00", "13:00"), rooms=("34-302",)),
    ),
    subject("2.01", section("L01", ("F", "11:00", "13:00"))),
)


@pytest.mark.parametrize(
    ("lock", "expected"),
    [
        (["R02"], ["1.01 L01 R02", "1.01 L02 R02"]),  # the lecture, not named, stays free
        (["R05"], ["1.01 L01 R05", "1.01 L02 R05"]),  # exactly the named section, not its twin
        (["F 12:00"], ["1.01 L01 R03/R05", "1.01 L02 R03/R05"]),
        (["R01", "TR 10:00"], ["1.01 L02 R01"]),
    ],
    ids=["id", "merged-id", "time", "id-and-time"],
)
def test_lock_keeps_only_the_named_sections(lock, expected):
    assert chosen(solve(SECTIONS, {"required": ["1.01"], "lock": {"1.01": lock}})) == expected


@pytest.mark.parametrize(
    ("lock", "label"),
    [(["R02"], "lock 1.01 R02"), (["F 11:00"], "lock 1.01 F 11:00")],
    ids=["id", "time"],
)
def test_lock_on_a_clashing_section_is_named(lock, label):
    prefs = {"required": ["1.01", "2.01"], "lock": {"1.01": lock}}
    assert conflict(solve(SECTIONS, prefs)) == ["required 1.01", "required 2.01", label]


@pytest.mark.parametrize(
    ("exclude", "expected"),
    [
        (["R01"], ["1.01 L01 R02", "1.01 L01 R03/R05"]),
        (["F 11:00"], ["1.01 L01 R01", "1.01 L01 R03/R05"]),
        (["L02", "F 10:00"], ["1.01 L01 R02", "1.01 L01 R03/R05"]),
    ],
    ids=["id", "time", "id-and-time"],
)
def test_exclude_drops_the_named_sections(exclude, expected):
    prefs = {"required": ["1.01"], "exclude": {"1.01": exclude}, "lock": {"1.01": ["L01"]}}
    assert chosen(solve(SECTIONS, prefs)) == expected


@pytest.mark.parametrize(
    ("exclude", "label"),
    [(["R01"], "exclude 1.01 R01"), (["F 10:00"], "exclude 1.01 F 10:00")],
    ids=["id", "time"],
)
def test_exclude_of_the_only_fitting_section_is_named(exclude, label):
    prefs = {"required": ["1.01", "2.01"], "exclude": {"1.01": exclude}}
    assert conflict(solve(SECTIONS, prefs)) == ["required 1.01", "required 2.01", label]


DAILY = catalog(
    subject("1.01", section("L01", ("M", "09:00", "10:30"))),
    subject(
        "2.01", section("L01", ("M", "11:00", "13:00")), section("L02", ("T", "11:00", "13:00"))
    ),
)


def test_max_daily_hours_spreads_classes_over_days():
    prefs = {"required": ["1.01", "2.01"], "max_daily_hours": 3}
    assert chosen(solve(DAILY, prefs)) == ["1.01 L01, 2.01 L02"]


def test_max_daily_hours_too_small_is_named():
    prefs = {"required": ["1.01", "2.01"], "max_daily_hours": 3, "exclude": {"2.01": ["L02"]}}
    assert conflict(solve(DAILY, prefs)) == [
        "required 1.01",
        "required 2.01",
        "exclude 2.01 L02",
        "at most 3 class hours a day",
    ]


WORKLOAD = catalog(
    subject("1.01", section("L01", ("M", "09:00", "10:00")), hours=10.0),
    subject("2.01", section("L01", ("T", "09:00", "10:00")), hours=15.0),
    subject("3.01", section("L01", ("W", "09:00", "10:00")), units=12),  # no evaluations: 12 h
)
ONE_OF_THREE = {"electives": [{"name": "one", "pick": 1, "from": ["1.01", "2.01", "3.01"]}]}


def test_max_workload_uses_hours_else_units():
    assert chosen(solve(WORKLOAD, {**ONE_OF_THREE, "max_workload": 12})) == ["1.01 L01", "3.01 L01"]


def test_max_workload_below_every_subject_is_named():
    result = solve(WORKLOAD, {**ONE_OF_THREE, "max_workload": 9})
    assert conflict(result) == ["electives one", "workload at most 9 h/week"]


# Rules of the domain


def test_one_section_of_each_kind():
    cat = _one(
        section("L01", ("MW", "09:00", "10:00")),
        section("L02", ("MW", "10:00", "11:00")),
        section("R01", ("F", "09:00", "10:00")),
        section("R02", ("F", "10:00", "11:00")),
        section("B01", ("T", "13:00", "15:00")),
    )
    assert chosen(solve(cat, {"required": ["1.01"]})) == [
        "1.01 L01 R01 B01",
        "1.01 L01 R02 B01",
        "1.01 L02 R01 B01",
        "1.01 L02 R02 B01",
    ]


def _halves(dates_known: bool) -> Catalog:
    kwargs = {} if dates_known else {"dates": None}
    return catalog(
        subject("1.01", section("L01", ("MW", "10:00", "11:00")), half="first", units=6),
        subject("2.01", section("L01", ("MW", "10:00", "11:00")), half="second", units=6),
        subject("3.01", section("L01", ("MW", "10:30", "11:30")), half="first", units=6),
        subject("4.01", section("L01", ("MW", "10:30", "11:30"))),
        subject("5.01", section("L01", ("M", "12:00", "15:00")), half="first", units=6),
        subject("6.01", section("L01", ("M", "12:00", "15:00")), half="second", units=6),
        **kwargs,
    )


@pytest.mark.parametrize("dates_known", [True, False], ids=["term-dates", "no-dates"])
def test_first_and_second_half_subjects_never_clash(dates_known):
    result = solve(_halves(dates_known), {"required": ["1.01", "2.01"]})
    assert chosen(result) == ["1.01 L01, 2.01 L01"]


@pytest.mark.parametrize("dates_known", [True, False], ids=["term-dates", "no-dates"])
@pytest.mark.parametrize("other", ["3.01", "4.01"], ids=["same-half", "full-term"])
def test_a_half_term_subject_clashes_within_its_half(dates_known, other):
    result = solve(_halves(dates_known), {"required": ["1.01", other]})
    assert conflict(result) == ["required 1.01", f"required {other}"]


@pytest.mark.parametrize("dates_known", [True, False], ids=["term-dates", "no-dates"])
def test_daily_hours_count_each_half_separately(dates_known):
    prefs = {"required": ["5.01", "6.01"], "max_daily_hours": 3}
    assert chosen(solve(_halves(dates_known), prefs)) == ["5.01 L01, 6.01 L01"]


TBA = catalog(
    subject("1.01", section("L01", ("MW", "10:00", "11:00"))),
    subject("2.01", section("L01", ("MW", "10:30", "11:30")), section("B01", tba=True)),
    subject("3.01", section("B01", tba=True)),
)


def test_tba_sections_clash_with_nothing():
    assert chosen(solve(TBA, {"required": ["1.01", "3.01"]})) == ["1.01 L01, 3.01 B01"]


def test_tba_sections_meet_on_no_day():
    assert chosen(solve(TBA, {"required": ["3.01"], "free_days": "MTWRFSU"})) == ["3.01 B01"]


def test_a_tba_section_does_not_excuse_its_subjects_timed_sections():
    result = solve(TBA, {"required": ["1.01", "2.01"]})
    assert conflict(result) == ["required 1.01", "required 2.01"]


JOINT = catalog(
    subject("6.1903", section("L01", ("TR", "13:00", "14:00")), same_as=["18.1903"]),
    subject("18.1903", section("L01", ("TR", "13:00", "14:00")), same_as=["6.1903"]),
    subject("2.01", section("L01", ("F", "13:00", "14:00")), meets_with=["2.02"]),
    subject("2.02", section("L01", ("F", "15:00", "16:00")), meets_with=["2.01"]),
)


@pytest.mark.parametrize(
    ("prefs", "expected"),
    [
        ({"electives": [{"pick": 1, "from": ["6.1903", "18.1903"]}]}, ["6.1903 L01"]),
        ({"electives": [{"max": 2, "from": ["18.1903", "6.1903"]}]}, ["-", "18.1903 L01"]),
        ({"electives": [{"max": 2, "from": {"prefix": ["6.19", "18.19"]}}]}, ["-", "6.1903 L01"]),
        ({"required": ["6.1903", "18.1903"]}, ["6.1903 L01"]),
        ({"required": ["18.1903"], "electives": [{"max": 2, "from": ["6.1903"]}]},
         ["18.1903 L01"]),
    ],
    ids=["pick", "min-max", "filter", "both-required", "required-and-elective"],
)  # fmt: skip
def test_joint_numbers_are_one_subject(prefs, expected):
    assert chosen(solve(JOINT, prefs)) == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"lock": {"18.1903": ["L02"]}}, ["6.1903 L02"]),
        ({"exclude": {"18.1903": ["TR 13:00"]}}, ["6.1903 L02"]),
    ],
    ids=["lock", "exclude"],
)
def test_lock_and_exclude_follow_joint_numbers(rule, expected):
    cat = catalog(
        subject("6.1903", section("L01", ("TR", "13:00", "14:00")),
                section("L02", ("MW", "13:00", "14:00")), same_as=["18.1903"]),
        subject("18.1903", section("L01", ("TR", "13:00", "14:00")),
                section("L02", ("MW", "13:00", "14:00")), same_as=["6.1903"]),
    )  # fmt: skip
    assert chosen(solve(cat, {"required": ["6.1903"], **rule})) == expected


def test_meets_with_subjects_are_never_both_taken():
    result = solve(JOINT, {"electives": [{"max": 2, "from": ["2.01", "2.02"]}]})
    assert chosen(result) == ["-", "2.01 L01", "2.02 L01"]


def test_meets_with_subjects_cannot_both_be_required():
    result = solve(JOINT, {"required": ["2.01", "2.02"]})
    assert conflict(result) == ["required 2.01", "required 2.02"]


ONE_SIDED = catalog(
    # Catalog pages do not always list a cross-listing on both subjects: read it both ways.
    subject("6.1903", section("L01", ("TR", "13:00", "14:00")), same_as=["18.1903", "2.1903"]),
    subject("18.1903", section("L01", ("TR", "13:00", "14:00"))),
    subject("2.1903", section("L01", ("TR", "13:00", "14:00")), same_as=["6.1903"]),
    subject("2.01", section("L01", ("F", "13:00", "14:00"))),
    subject("2.02", section("L01", ("F", "15:00", "16:00")), meets_with=["2.01"]),
)


@pytest.mark.parametrize(
    "numbers",
    [["18.1903", "6.1903"], ["18.1903", "2.1903"], ["2.1903", "18.1903", "6.1903"]],
    ids=lambda v: "+".join(v),
)
def test_joint_numbers_listed_on_one_side_only_are_still_one_subject(numbers):
    result = solve(ONE_SIDED, {"electives": [{"max": 3, "from": numbers}]})
    assert chosen(result) == ["-", f"{numbers[0]} L01"]


def test_meets_with_listed_on_one_side_only_still_excludes_both():
    result = solve(ONE_SIDED, {"electives": [{"max": 2, "from": ["2.01", "2.02"]}]})
    assert chosen(result) == ["-", "2.01 L01", "2.02 L01"]


@pytest.mark.parametrize("numbers", [("2.01", "2.02"), ("18.1903", "2.1903")], ids="+".join)
def test_the_validator_refuses_one_subject_taken_twice(numbers):
    # Plan on a catalog that lost the cross-listings, check against the one that has them.
    unlinked = catalog(*(replace(s, same_as=[], meets_with=[]) for s in ONE_SIDED.subjects))
    parsed, source = parse_preferences(yaml.safe_dump({"required": list(numbers)}), "p.yaml")
    request = build_request(parsed, source, unlinked)
    options = tuple(
        o for n in numbers for opts in request.courses[n].options.values() for o in opts
    )
    problems = check_schedule(Schedule(numbers, options), replace(request, catalog=ONE_SIDED))
    assert f"{numbers[0]} and {numbers[1]} are one subject (joint or meets-with)" in problems


def test_a_required_subject_does_not_count_for_an_elective_group():
    result = solve(
        THREE, {"required": ["1.01"], "electives": [{"pick": 1, "from": ["1.01", "2.01"]}]}
    )
    assert chosen(result) == ["1.01 L01, 2.01 L01"]


ROOMS = _one(
    section("L01", ("MW", "10:00", "11:00")),
    section("R03", ("F", "10:00", "11:00"), rooms=("34-301",)),
    section("R04", ("F", "11:00", "12:00"), rooms=("34-301",)),
    section("R05", ("F", "10:00", "11:00"), rooms=("34-302",)),
)


def test_sections_differing_only_in_room_are_one_choice():
    assert chosen(solve(ROOMS, {"required": ["1.01"]})) == ["1.01 L01 R03/R05", "1.01 L01 R04"]


def test_merged_sections_show_both_ids_and_rooms():
    parsed, source = parse_preferences('required: ["1.01"]', "prefs.yaml")
    request = build_request(parsed, source, ROOMS)
    first = rank_schedules(request).schedules[0].schedule
    merged = [o for o in first.options if o.label == "R03/R05"]
    assert course_line(first, "1.01", request) == "1.01 L01 R03/R05"
    assert [o.rooms for o in merged] == [("34-301", "34-302")]


FIVE = _one(*(section(f"L0{k}", ("MW", f"{8 + k:02d}:00", f"{9 + k:02d}:00")) for k in range(1, 6)))


@pytest.mark.parametrize("top", [1, 2, 4, 5, 6, 10])
def test_top_k_lists_min_of_k_and_the_distinct_schedules(top):
    result = solve(FIVE, {"required": ["1.01"]}, top=top)
    assert chosen(result) == [f"1.01 L0{k}" for k in range(1, 6)][:top]


# Soft wishes: each one changes which schedule ranks first, by exactly its weight x amount.

SOFT = {
    "fewer_days": (
        _one(section("L01", ("MWF", "10:00", "11:00")), section("L02", ("TR", "10:00", "11:30"))),
        {"required": ["1.01"]},
        {"fewer_days": 1},
        [("1.01 L02", 2.0), ("1.01 L01", 3.0)],
    ),
    "fewer_gaps": (  # without the wish, fewer expected hours decide between equal scores
        catalog(
            subject("1.01", section("L01", ("M", "09:00", "10:00"))),
            subject("2.01", section("L01", ("M", "12:00", "13:00")), hours=8.0),
            subject("3.01", section("L01", ("M", "10:30", "11:30")), hours=10.0),
        ),
        {"required": ["1.01"], "electives": [{"pick": 1, "from": ["2.01", "3.01"]}]},
        {"fewer_gaps": 1.5},
        [("1.01 L01, 3.01 L01", 0.75), ("1.01 L01, 2.01 L01", 3.0)],
    ),
    "later_start": (
        _one(section("L01", ("MW", "08:00", "09:00")), section("L02", ("MW", "09:30", "10:30"))),
        {"required": ["1.01"]},
        {"later_start": {"weight": 0.5, "before": "10:00"}},
        [("1.01 L02", 0.5), ("1.01 L01", 2.0)],
    ),
    "earlier_end": (
        _one(section("L01", ("MW", "17:00", "18:00")), section("L02", ("MW", "15:30", "16:30"))),
        {"required": ["1.01"]},
        {"earlier_end": {"weight": 0.5, "after": "16:00"}},
        [("1.01 L02", 0.5), ("1.01 L01", 2.0)],
    ),
    "lunch": (
        catalog(
            subject("1.01", section("L01", ("M", "11:30", "13:00")),
                    section("L02", ("M", "11:30", "12:30"))),
            subject("2.01", section("L01", ("T", "11:00", "13:00"))),
        ),
        {"required": ["1.01", "2.01"]},
        {"lunch": {"weight": 2, "minutes": 45, "from": "11:30", "to": "13:30"}},
        [("1.01 L02, 2.01 L01", 2.0), ("1.01 L01, 2.01 L01", 4.0)],
    ),
    "avoid_evenings": (
        _one(section("L01", ("MW", "17:00", "19:00")), section("L02", ("MW", "17:30", "18:30"))),
        {"required": ["1.01"]},
        {"avoid_evenings": {"weight": 1, "after": "18:00"}},
        [("1.01 L02", 1.0), ("1.01 L01", 2.0)],
    ),
    "free_day": (
        catalog(
            subject("1.01", section("L01", ("MW", "10:00", "11:00")),
                    section("L02", ("TR", "10:00", "11:00"))),
            subject("2.01", section("L01", ("F", "10:00", "11:00"))),
        ),
        {"required": ["1.01", "2.01"]},
        {"free_day": {"weight": 2, "days": ["M", "F"]}},
        [("1.01 L02, 2.01 L01", 2.0), ("1.01 L01, 2.01 L01", 4.0)],
    ),
    "likes": (
        catalog(
            subject("1.01", section("L01", ("M", "10:00", "11:00"))),
            subject("2.01", section("L01", ("T", "10:00", "11:00"))),
        ),
        {"electives": [{"pick": 1, "from": ["1.01", "2.01"]}]},
        {"likes": {"2.01": 1.5}},
        [("2.01 L01", -1.5), ("1.01 L01", 0.0)],
    ),
}  # fmt: skip


@pytest.mark.parametrize("wish", list(SOFT))
def test_soft_wish_changes_the_first_schedule(wish):
    cat, prefs, wishes, expected = SOFT[wish]
    without = solve(cat, prefs)
    with_wish = solve(cat, {**prefs, "wishes": wishes})
    assert scored(with_wish) == expected
    assert describe(without.schedules[0].schedule) == expected[1][0]


def test_likes_follow_joint_numbers():
    prefs = {
        "electives": [{"pick": 1, "from": ["2.01", "6.1903"]}],
        "wishes": {"likes": {"18.1903": 1}},
    }
    assert scored(solve(JOINT, prefs)) == [("6.1903 L01", -1.0), ("2.01 L01", 0.0)]
