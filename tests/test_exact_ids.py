"""A section named by id is exactly that section: lock, exclude and keep act on it alone, though
the solver merges sections that meet at the same time into one choice.

The property test checks the solver against an enumerator of its own over the catalog's raw
sections (no merged options, no shared code): every raw combination the rules allow is one the
solver lists (each id it shows is allowed on its own), with the same score.
"""

import itertools
import json
import os
from dataclasses import replace

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.catalog.clock import format_clock
from solver.catalog.schema import Catalog, Section
from solver.core.engine.ranking import rank_schedules
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.errors import PreferencesError
from tests.factories import catalog, run_cli, saved, section, subject
from tests.test_rules import chosen, scored, solve

TWINS = catalog(
    subject("18.02", section("L01", ("MWF", "10:00", "11:00")),
            section("R01", ("TR", "09:00", "10:00"), rooms=("2-131",)),
            section("R02", ("TR", "09:00", "10:00"), rooms=("2-132",)),
            section("R03", ("TR", "11:00", "12:00"), rooms=("2-135",)),
            section("R04", ("TR", "11:00", "12:00"), rooms=("2-136",))),
)  # fmt: skip
BASE = {"required": ["18.02"], "by": "sections"}


def test_without_rules_sections_at_one_time_are_one_choice():
    assert chosen(solve(TWINS, BASE)) == ["18.02 L01 R01/R02", "18.02 L01 R03/R04"]


def test_excluding_one_section_leaves_its_twin_at_the_same_time():
    excluded = solve(TWINS, {**BASE, "exclude": {"18.02": ["R01"]}})
    assert chosen(excluded) == ["18.02 L01 R02", "18.02 L01 R03/R04"]


def test_excluding_a_time_excludes_every_section_then():
    excluded = solve(TWINS, {**BASE, "exclude": {"18.02": ["TR 09:00"]}})
    assert chosen(excluded) == ["18.02 L01 R03/R04"]


def test_a_lock_shows_the_locked_section():
    assert chosen(solve(TWINS, {**BASE, "lock": {"18.02": ["R03"]}})) == ["18.02 L01 R03"]
    assert chosen(solve(TWINS, {**BASE, "lock": {"18.02": "R03"}})) == ["18.02 L01 R03"]  # one
    assert chosen(solve(TWINS, {**BASE, "lock": {"18.02": ["TR 11:00"]}})) == ["18.02 L01 R03/R04"]


def test_keep_prefers_the_held_section_and_says_what_changes(tmp_path):
    held = {**BASE, "wishes": {"keep": {"18.02": ["R04"]}}}
    assert scored(solve(TWINS, held)) == [
        ("18.02 L01 R04", 0), ("18.02 L01 R01/R02", 10), ("18.02 L01 R03", 10),
    ]  # fmt: skip
    # Blocked from holding it: the best schedule changes it, and every view says so.
    prefs = tmp_path / "p.yaml"
    prefs.write_text(
        'required: ["18.02"]\nblocked: [{days: TR, from: "11:00", to: "12:00"}]\n'
        'wishes: {keep: {weight: 3, sections: {"18.02": [R04]}}}\nby: sections\n'
    )
    path = saved(TWINS, tmp_path)
    code, out, err = run_cli("solve", prefs, "--catalog", path, "--html", tmp_path / "r.html")
    assert code == 0, err
    assert "    changes held 18.02 R04 \u2192 R01/R02" in out.splitlines()
    assert "#  held  = score\n1     3        3\n" in out
    report = (tmp_path / "r.html").read_text()
    assert "changes held sections: 18.02 R04 &#8594; R01/R02" in report
    assert report.count("block moved") == 2  # the recitation on Tuesday and Thursday


def test_keep_by_time_and_a_dropped_subject():
    cat = catalog(
        *TWINS.subjects,
        subject("8.02", section("L01", ("TR", "09:00", "10:00")),
                section("L02", ("M", "15:00", "16:00"))),
    )  # fmt: skip
    prefs = {
        "required": ["18.02"],
        "electives": [{"min": 0, "max": 1, "from": ["8.02"]}],
        "wishes": {"keep": {"weight": 2, "sections": {"18.02": ["TR 09:00"], "8.02": ["L01"]}}},
        "by": "sections",
    }
    # 8.02 L01 clashes with 18.02's held recitation time: one of the two must change.
    assert scored(solve(cat, prefs))[:3] == [
        ("18.02 L01 R01/R02", 2),
        ("8.02 L01, 18.02 L01 R03/R04", 2),
        ("8.02 L02, 18.02 L01 R01/R02", 2),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("keep", "message"),
    [
        ({"9.01": ["L01"]}, "unknown subject 9.01"),
        ({"18.02": ["R09"]}, "18.02 has no section R09"),
    ],
)
def test_keep_names_sections_of_subjects_that_exist(keep, message):
    text = yaml.safe_dump({**BASE, "wishes": {"keep": keep}})
    prefs, source = parse_preferences(text, "p.yaml")
    with pytest.raises(PreferencesError, match=message):
        build_request(prefs, source, TWINS)


def test_keep_of_a_subject_the_file_does_not_schedule_is_an_error():
    cat = catalog(*TWINS.subjects, subject("8.02", section("L01", ("M", "15:00", "16:00"))))
    prefs, source = parse_preferences(
        yaml.safe_dump({**BASE, "wishes": {"keep": {"8.02": ["L01"]}}}), "p.yaml"
    )
    with pytest.raises(PreferencesError, match=r"^p\.yaml:\d+: keep 8\.02: it is neither required"):
        build_request(prefs, source, cat)


# Against raw sections

ROOMS = ["1-190", "2-131", "W20-491", "E51-145"]


@st.composite
def twinned(draw) -> tuple[Catalog, dict]:
    subjects, numbers = [], []
    for index in range(draw(st.integers(1, 3))):
        sections: list[Section] = []
        for kind in draw(st.sampled_from(["L", "LR", "R"])):
            for k in range(draw(st.integers(1, 3))):
                start = draw(st.integers(9, 13)) * 60
                days = draw(st.sampled_from(["MW", "TR", "F"]))
                times = (days, format_clock(start), format_clock(start + 60))
                sections.append(
                    section(f"{kind}{k + 1:02d}", times, rooms=(draw(st.sampled_from(ROOMS)),))
                )
            for k in range(draw(st.integers(0, 2))):  # twins: the same time, another room
                twin = draw(st.sampled_from([s for s in sections if s.id[0] == kind]))
                room = draw(st.sampled_from(ROOMS))
                sections.append(replace(twin, id=f"{kind}{k + 5:02d}", rooms=(room,)))
        number = f"{index + 1}.01"
        subjects.append(subject(number, *sections))
        numbers.append(number)
    prefs: dict = {"required": numbers, "by": "sections", "top": 1000}

    def refs() -> dict:
        chosen = draw(st.sampled_from(subjects))
        picked = draw(
            st.lists(st.sampled_from(chosen.sections), min_size=1, max_size=2, unique=True)
        )
        by_time = draw(st.booleans())
        written = [
            f"{p.meetings[0].day} {format_clock(p.meetings[0].start)}" if by_time else p.id
            for p in picked
        ]
        return {chosen.number: written}

    for key in ("exclude", "lock"):
        if draw(st.booleans()):
            prefs[key] = refs()
    keep = refs() if draw(st.booleans()) else {}
    prefs["wishes"] = (
        {"keep": {"weight": draw(st.sampled_from([1, 2.5])), "sections": keep}} if keep else {}
    )
    if draw(st.booleans()):
        prefs["max_walk"] = draw(st.sampled_from([3, 8]))
    return catalog(*subjects), prefs


def raw_schedules(cat: Catalog, prefs: dict) -> dict[frozenset[tuple[str, str]], int]:
    """Every valid combination of raw sections, as {(subject, id)}, with its score in points."""
    from solver.catalog.campus import shipped_campus  # the map, not the solver's use of it

    campus = shipped_campus()
    subjects = [cat.subject(n) for n in prefs["required"]]
    kinds = [[s.sections_of(k) for k in s.kinds] for s in subjects]
    found = {}
    for picked in itertools.product(*(itertools.product(*per) for per in kinds)):
        chosen = [
            (s.number, section)
            for s, sections in zip(subjects, picked, strict=True)
            for section in sections
        ]
        allowed = all(_allowed(sec, prefs, cat.subject(n)) for n, sec in chosen)
        if _clash(chosen) or not allowed:
            continue
        if "max_walk" in prefs and _walks_too_far(chosen, campus, prefs["max_walk"]):
            continue
        keep = prefs["wishes"].get("keep")
        changed = 0
        if keep:
            for number, written in keep["sections"].items():
                changed += sum(
                    not any(n == number and _names(ref, sec) for n, sec in chosen)
                    for ref in written
                )
        points = round(keep["weight"] * 100) * 60 * changed if keep else 0
        found[frozenset((n, sec.id) for n, sec in chosen)] = points
    return found


def _names(ref: str, sec: Section) -> bool:
    if ref[0] in "LRBD" and ref[1:].isdigit():
        return sec.id == ref
    days, start = ref.split()
    return all(
        any(m.day == d and format_clock(m.start) == start for m in sec.meetings) for d in days
    )


def _allowed(sec: Section, prefs: dict, subject) -> bool:
    """Not excluded; and, for a kind a lock names, one of the locked sections."""
    if any(_names(ref, sec) for ref in prefs.get("exclude", {}).get(subject.number, [])):
        return False
    locked = prefs.get("lock", {}).get(subject.number, [])
    kinds = {s.kind for s in subject.sections for ref in locked if _names(ref, s)}
    return sec.kind not in kinds or any(_names(ref, sec) for ref in locked)


def _clash(chosen) -> bool:
    meetings = [m for _, sec in chosen for m in sec.meetings]
    return any(
        a.day == b.day and a.start < b.end and b.start < a.end
        for a, b in itertools.combinations(meetings, 2)
    )


def _walks_too_far(chosen, campus, minutes: float) -> bool:
    for (_, a), (_, b) in itertools.permutations(chosen, 2):
        here, there = (campus.building_of(s.rooms[0]) for s in (a, b))
        if here is None or there is None:
            continue
        walk = round(campus.meters(here, there) / 1.3 / 60)  # whole minutes, as documented
        if walk > minutes and any(
            p.day == q.day and 0 <= q.start - p.end <= 10 for p in a.meetings for q in b.meetings
        ):
            return True
    return False


@settings(
    max_examples=int(os.environ.get("COURSEPICK_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(twinned())
def test_every_raw_section_combination_the_rules_allow_is_listed_with_its_score(problem):
    cat, prefs = problem
    truth = raw_schedules(cat, prefs)
    parsed, source = parse_preferences(yaml.safe_dump(prefs), "p.yaml")
    request = build_request(parsed, source, cat)
    result = rank_schedules(request)
    listed: dict[frozenset[tuple[str, str]], int] = {}
    for ranked in result.schedules:
        per_option = [[(o.course, i) for i in o.ids] for o in ranked.schedule.options]
        for combination in itertools.product(*per_option):
            listed[frozenset(combination)] = ranked.points
    assert listed == truth
    if truth:  # keep keeps a held section whenever some schedule can
        assert result.schedules[0].points == min(truth.values())


@pytest.mark.realdata
def test_exact_ids_on_the_real_term(real_catalog, tmp_path):
    # In s26, 18.03's recitations R02, R03 and R04 all meet TR 10:00, in three rooms.
    prefs = tmp_path / "p.yaml"
    prefs.write_text('required: ["18.03"]\nexclude: {"18.03": [R02]}\nby: sections\ntop: 3\n')
    code, out, err = run_cli("solve", prefs, "--catalog", real_catalog, "--format", "json")
    assert code == 0, err
    rows = [[o["ids"] for o in row["sections"]] for row in json.loads(out)["schedules"]]
    assert rows[:2] == [[["L01"], ["R01"]], [["L01"], ["R03", "R04"]]]
    prefs.write_text('required: ["18.03"]\nlock: {"18.03": [R03]}\nby: sections\n')
    code, out, err = run_cli("solve", prefs, "--catalog", real_catalog)
    assert code == 0, err
    assert "18.03  L01 R03  Differential Equations" in out
