"""Lottery subjects (Hydrant's `limited`): shown, searched and filtered; and plan B, the best
schedule without each, holding the rest, exactly as brute force finds it, as the table, the JSON
and the MCP tool show it."""

import json
import os

import anyio
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mcp.client import Client

from solver.app.desk import Desk
from solver.core.bruteforce import enumerate_schedules
from solver.core.deadline import NO_DEADLINE
from solver.core.engine.plan_b import plan_b
from solver.core.engine.ranking import rank_schedules
from solver.core.plan_b import without_subject
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.core.validate import check_schedule
from solver.errors import PreferencesError
from solver.render.plan_b import plan_b_lines
from solver.serve.mcp import build_server
from tests.factories import PASSED, catalog, run_cli, saved, section, subject
from tests.test_ranking_vs_bruteforce import problems, small


@settings(max_examples=int(os.environ.get("COURSEPICK_EXAMPLES", 60)) // 4, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip
@given(problems(), st.data())
def test_plan_b_is_the_best_schedule_brute_force_finds_without_the_subject(problem, data):
    cat, text = problem
    try:
        request = build_request(*parse_preferences(text, "random.yaml"), cat)
    except PreferencesError:
        assume(False)
        raise
    assume(small(request, 1000))
    rows = rank_schedules(request, top=3, by="sections").schedules
    with_subjects = [row for row in rows if row.schedule.courses]
    assume(with_subjects)
    planned = data.draw(st.sampled_from(with_subjects)).schedule
    lose = data.draw(st.sampled_from(planned.courses))
    asked = without_subject(request, lose, planned)
    truth = enumerate_schedules(asked).ranked
    found = plan_b(request, planned, lose, NO_DEADLINE)
    if not truth:
        assert (found.found, found.proven) == (None, True)
        return
    assert found.found is not None and found.proven
    assert (found.found.points, found.found.schedule.key) == (truth[0][0], truth[0][1].key)
    assert lose not in found.found.schedule.courses
    assert check_schedule(found.found.schedule, asked) == []


CATALOG = catalog(
    subject("6.1210", section("L01", ("TR", "11:00", "12:30")),
            section("R01", ("WF", "10:00", "11:00")), section("R02", ("WF", "14:00", "15:00")),
            limited=True),
    subject("18.03", section("L01", ("MWF", "13:00", "14:00")),
            section("R01", ("TR", "09:30", "10:30")), section("R02", ("TR", "14:00", "15:00"))),
    subject("21W.755", section("L01", ("MW", "15:00", "16:30")), hass=["H"], limited=True),
    subject("21L.011", section("L01", ("MW", "15:00", "16:30")), hass=["H"], rating=5.0),
    subject("24.900", section("L01", ("TR", "09:30", "11:00")), hass=["H"], rating=6.5),
)  # fmt: skip
PREFS = """\
required: ["6.1210", "18.03"]
electives: [{name: HASS-H, pick: 1, from: ["21W.755", "21L.011", "24.900"]}]
wishes: {fewer_gaps: 1, likes: {"21W.755": 3}}
top: 1
"""


def test_the_table_shows_a_plan_b_under_the_row_for_each_lottery_subject(tmp_path):
    prefs = tmp_path / "p.yaml"
    prefs.write_text(PREFS)
    code, out, err = run_cli("solve", prefs, "--catalog", saved(CATALOG, tmp_path), "--plan-b")
    assert (code, err) == (0, "")
    # Without 21W.755, 21L.011 at its hour keeps everything else; 24.900 (better rated) would
    # move 18.03's recitation. Without 6.1210 (required) nothing comes in.
    assert [line.strip() for line in out.splitlines() if "plan B" in line] == [
        "plan B without 6.1210: no replacement, nothing else moves (score -1.00)",
        "plan B without 21W.755: swap for 21L.011, nothing else moves (score 2.00)",
    ]


def test_plan_b_in_the_file_and_in_the_json(tmp_path):
    prefs = tmp_path / "p.yaml"
    prefs.write_text(PREFS + "plan_b: true\n")
    path = saved(CATALOG, tmp_path)
    code, out, _ = run_cli("solve", prefs, "--catalog", path, "--format", "json")
    assert code == 0
    (row,) = json.loads(out)["schedules"]
    assert [(p["lose"], p["replacement"], p["moves"], p["score"]) for p in row["plan_b"]] == [
        ("6.1210", None, [], -1.0),
        ("21W.755", "21L.011", [], 2.0),
    ]
    swapped = row["plan_b"][1]
    assert [s["subject"] for s in swapped["sections"]] == [
        "6.1210", "6.1210", "18.03", "18.03", "21L.011"
    ]  # fmt: skip
    assert swapped["optimal"] and swapped["hydrant_url"].startswith("https://hydrant.mit.edu/")


def test_a_plan_b_that_must_move_a_section_says_which(tmp_path):
    prefs = tmp_path / "p.yaml"
    prefs.write_text(PREFS.replace('"21L.011", ', "") + "plan_b: true\n")
    code, out, _ = run_cli("solve", prefs, "--catalog", saved(CATALOG, tmp_path))
    assert code == 0
    assert "plan B without 21W.755: swap for 24.900, 1 held section move: 18.03 R01 \u2192 R02" \
           " (score 3.00)" in out  # fmt: skip


def test_the_mcp_solve_tool_gives_the_plans_b(tmp_path):
    path = saved(CATALOG, tmp_path)

    async def ask():
        async with Client(build_server(Desk(tmp_path / "cache", path))) as client:
            return await client.call_tool("solve", {"preferences": PREFS, "plan_b": True})

    answer = anyio.run(ask)
    (row,) = json.loads(answer.content[0].text)["schedules"]
    assert [p["lose"] for p in row["plan_b"]] == ["6.1210", "21W.755"]


def test_lottery_subjects_are_shown_searched_and_filtered(tmp_path):
    path = saved(CATALOG, tmp_path)
    _, shown, _ = run_cli("show", "21W.755", "--catalog", path)
    assert "enrolment: limited (a lottery may decide who gets in)" in shown.splitlines()
    _, found, _ = run_cli("show", "21W.755", "21L.011", "--catalog", path, "--format", "json")
    assert [s["limited"] for s in json.loads(found)] == [True, False]
    for value, expected in (([], ["6.1210", "21W.755"]), (["no"], ["18.03", "21L.011", "24.900"])):
        _, out, _ = run_cli("search", "--limited", *value, "--catalog", path, "--format", "json",
                            "--sort", "number")  # fmt: skip
        assert [row["numbers"][0] for row in json.loads(out)] == expected
    _, table, _ = run_cli("search", "--hass", "H", "--catalog", path, "--sort", "number")
    rows = table.splitlines()[2:]  # 21L.011, 21W.755, 24.900
    assert [(row.split()[0], "HASS-H, lottery" in row) for row in rows] == [
        ("21L.011", False), ("21W.755", True), ("24.900", False)
    ]  # fmt: skip
    prefs = tmp_path / "p.yaml"
    prefs.write_text(PREFS.replace('["21W.755", "21L.011", "24.900"]', "{hass: H, limited: false}"))
    _, out, _ = run_cli("solve", prefs, "--catalog", path, "--format", "json")
    assert json.loads(out)["schedules"][0]["subjects"][-1] == "21L.011"


@pytest.mark.realdata
def test_plan_b_on_the_real_term(real_catalog, tmp_path):
    prefs = tmp_path / "p.yaml"
    prefs.write_text(
        'required: ["6.1210", "18.03"]\n'
        'electives: [{name: HASS-H, pick: 1, from: ["21W.755", "21L.011", "24.00"]}]\n'
        "wishes: {fewer_days: 1, fewer_gaps: 1, lunch: 1}\nplan_b: true\ntop: 2\n"
        'taken: ["6.100A", "6.1200", "18.01", "18.02"]\n'
    )
    code, out, err = run_cli("solve", prefs, "--catalog", real_catalog, "--format", "json")
    assert (code, err) == (0, "")
    second = json.loads(out)["schedules"][1]
    assert second["subjects"] == ["6.1210", "18.03", "21W.755"]
    plans = {p["lose"]: p for p in second["plan_b"]}
    assert set(plans) == {"6.1210", "21W.755"}  # the lottery subjects (Hydrant's limited)
    assert (plans["21W.755"]["replacement"], plans["21W.755"]["moves"]) == ("24.00", [])
    assert plans["6.1210"]["replacement"] is None
    assert all(p["optimal"] for p in plans.values())
    assert "21W.755" not in {s["subject"] for s in plans["21W.755"]["sections"]}


def test_a_plan_b_the_time_limit_cuts_short_says_so(tmp_path):
    request = build_request(*parse_preferences(PREFS, "p.yaml"), CATALOG)
    planned = rank_schedules(request, top=1).schedules[0].schedule
    found = plan_b(request, planned, "21W.755", PASSED)
    assert (found.found, found.proven) == (None, False)
    assert plan_b_lines([found]) == ["plan B without 21W.755: none found in the time limit"]
