"""`coursepick plan` on a small world of two saved terms: every plan printed passes a checker
written here from the world's own facts, the first term is held to a clash-free week, the road
it writes reads back through `audit --road`, and bad input gets one line and its exit code."""

import json
from pathlib import Path

import pytest
import yaml

from solver.catalog.store import save_catalog, term_path
from tests.factories import catalog, run_cli, section, subject

UNITS_CAP = 24
LIST = """P#,#P Major#,#Planning test#,#Bachelor


main


main := A.2, B.1, HASS-H
"""


def world(cache: Path) -> None:
    """2025FA and 2026SP term files: A.1 then A.2 (spring only), B.1 not offered next year,
    H.1 and H.2 interchangeable HASS-H subjects."""
    fall = catalog(
        subject("A.1", section("L01", ("MWF", "09:00", "10:00")), terms=("FA", "SP")),
        subject("B.1", section("L01", ("TR", "13:00", "14:00")), terms=("FA", "SP")),
        subject("H.1", section("L01", ("MW", "14:00", "15:00")), terms=("FA", "SP"), hass=("H",)),
        subject("H.2", section("L01", ("TR", "15:00", "16:00")), terms=("FA", "SP"), hass=("H",)),
        term="2025FA",
    )
    spring = catalog(
        subject("A.1", section("L01", ("MWF", "09:00", "10:00")), terms=("FA", "SP")),
        subject("A.2", section("L01", ("TR", "10:00", "11:00")), terms=("SP",), prereqs="A.1"),
        subject("B.1", section("L01", ("TR", "13:00", "14:00")), terms=("FA", "SP"), nonext=True),
        subject("H.1", section("L01", ("MW", "14:00", "15:00")), terms=("FA", "SP"), hass=("H",)),
        subject("H.2", section("L01", ("TR", "15:00", "16:00")), terms=("FA", "SP"), hass=("H",)),
    )
    for term in (fall, spring):
        save_catalog(term, term_path(cache, term.term))


@pytest.fixture
def prefs(tmp_path: Path, cache: Path) -> Path:
    world(cache)
    (tmp_path / "p.reql").write_text(LIST)
    path = tmp_path / "prefs.yaml"
    write(path, {})
    return path


def write(path: Path, extra: dict, plan: dict | None = None) -> None:
    document = {
        "programs": ["p.reql"],
        "plan": {"terms": ["2026SP", "2026FA", "2027SP"], "units": UNITS_CAP, **(plan or {})},
        **extra,
    }
    path.write_text(yaml.safe_dump(document))


def plans_of(path: Path, *more: str) -> list[dict]:
    code, out, err = run_cli("plan", path, "--format", "json", "--top", "10", *more)
    assert code == 0, err
    return json.loads(out)["plans"]


def check(plan: dict) -> list[str]:
    """The world's rules, read off the plan's JSON alone."""
    where = {s: t for t, term in enumerate(plan["terms"]) for s in term["subjects"]}
    terms = [term["term"] for term in plan["terms"]]
    problems = []
    if not ("A.2" in where and "B.1" in where and len({"H.1", "H.2"} & set(where)) == 1):
        problems.append("the program is not satisfied")
    if where.get("A.1", 99) >= where.get("A.2", -1):
        problems.append("A.2 before its prerequisite A.1")
    if "A.2" in where and terms[where["A.2"]].endswith("FA"):
        problems.append("A.2 in a fall")
    if "B.1" in where and terms[where["B.1"]] != "2026SP":
        problems.append("B.1 in 2026-2027, which it is not offered in")
    problems += [f"{t['term']} over the cap" for t in plan["terms"] if t["units"] > UNITS_CAP]
    return problems


def test_every_plan_keeps_the_rules_and_the_ranking_is_complete(prefs: Path) -> None:
    plans = plans_of(prefs)
    # A.1 in spring: H in the fall or the next spring; A.1 in the fall: H in any term. Three
    # terms (3 x 1000) and four subjects (4 x 10); loads of 24, 12, 12 units are 24 above the
    # mean in thirds (0.1 x 24 / 3 = 0.8), and 24, 0, 24 (nothing in the fall) twice that.
    assert len(plans) == 5
    assert all(check(plan) == [] for plan in plans)
    assert [plan["score"] for plan in plans] == [3040.8] * 4 + [3041.6]
    shapes = {tuple(tuple(t["subjects"]) for t in p["terms"]) for p in plans}
    assert len(shapes) == 5
    assert all(plan["optimal"] for plan in plans)


def test_the_first_term_has_a_week_under_the_weekly_rules(prefs: Path) -> None:
    """A.1's only spring section is at MWF 9: blocked, so it moves to the fall."""
    write(prefs, {"blocked": [{"days": "MWF", "from": "09:00", "to": "10:00"}]})
    plans = plans_of(prefs)
    assert len(plans) == 3
    assert all(check(plan) == [] and "A.1" not in plan["terms"][0]["subjects"] for plan in plans)
    week = plans[0]["week"]
    assert sorted(week["subjects"]) == plans[0]["terms"][0]["subjects"]


def test_interchangeable_subjects_are_one_plan(prefs: Path) -> None:
    plans = plans_of(prefs)
    hass = [s for p in plans for t in p["terms"] for s in t["subjects"] if s.startswith("H.")]
    assert set(hass) == {"H.1"} and plans[0]["alike"]["H.1"] == ["H.2"]


def test_the_road_reads_back_with_the_same_answer(prefs: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("plan", prefs, "--format", "road")
    assert code == 0, err
    road = tmp_path / "plan.road"
    road.write_text(out)
    semesters = {s["subject_id"]: s["semester"] for s in json.loads(out)["selectedSubjects"]}
    plan = plans_of(prefs)[0]
    index = {"2026SP": 3, "2026FA": 4, "2027SP": 6}  # CourseRoad: 1 fall, 2 IAP, 3 spring...
    assert semesters == {s: index[t["term"]] for t in plan["terms"] for s in t["subjects"]}
    code, out, err = run_cli("audit", "--road", road, "--program", tmp_path / "p.reql",
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["programs"][0]["root"]["satisfied"] is True


def test_write_week_gives_a_file_solve_accepts(prefs: Path, tmp_path: Path) -> None:
    week = tmp_path / "week.yaml"
    code, _, err = run_cli("plan", prefs, "--write-week", week)
    assert code == 0, err
    written = yaml.safe_load(week.read_text())
    assert written["term"] == "2026SP" and "plan" not in written
    code, out, err = run_cli("solve", week)
    assert code == 0, err
    assert all(number in out for number in written["required"])


def test_nothing_fits_gives_the_smallest_change(prefs: Path) -> None:
    write(prefs, {}, {"terms": ["2026SP", "2026FA"]})
    code, out, err = run_cli("plan", prefs)
    assert code == 1
    assert "no plan fits" in out and "fix: plan one more term: 2027SP" in out
    write(prefs, {}, {"units": 12})
    code, out, _ = run_cli("plan", prefs)
    assert code == 1 and "fix: raise the units cap to 24" in out


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ({"terms": ["2026XX"]}, "is not a term"),
        ({"terms": ["2026FA", "2026SP"]}, "terms: 2026SP comes after 2026FA"),
        ({"fixed": {"2026FA": ["A.2"]}}, "fixed: A.2 is not offered in 2026FA: offered in SP only"),
        ({"fixed": {"2028FA": ["A.1"]}}, "fixed: 2028FA is not among the planned terms"),
        ({"units": -1}, "greater than or equal to 0"),
        ({"fixed": {"2026FA": ["99.999"]}}, "fixed: 99.999 is in no term file coursepick knows"),
        ({"want": ["Z.9"]}, "want: Z.9 is in no term file coursepick knows"),
        ({"terms": [], "until": "2025FA"}, "until: 2025FA is before 2026SP: there is no term"),
        ({"wishes": {"finish_fast": 1}}, "finish_fast"),
    ],
)
def test_bad_plans_get_one_line(prefs: Path, plan: dict, expected: str) -> None:
    write(prefs, {}, plan)
    code, out, err = run_cli("plan", prefs)
    assert (code, out) == (2, "")
    assert expected in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_a_file_without_a_plan_section_is_told_what_to_add(prefs: Path) -> None:
    prefs.write_text("programs: [p.reql]\n")
    code, _, err = run_cli("plan", prefs)
    assert code == 2 and "no plan: section" in err


def test_a_week_check_after_the_time_is_up_gets_no_time(tmp_path: Path) -> None:
    # `Deadline.after(0)` means no limit: the share of nothing must stay nothing.
    from solver.app.desk import Desk
    from solver.app.plan import WeekChecker
    from solver.core.deadline import Deadline

    clock = lambda: 100.0  # noqa: E731
    checker = WeekChecker(None, Desk(tmp_path, clock=clock), None, Deadline(50.0, clock))  # type: ignore[arg-type]
    assert checker._share().passed
