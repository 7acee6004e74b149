"""Walks between buildings and runs of classes in a row: the rules and wishes, on tiny catalogs
with rooms in real MIT buildings, and on the real Spring 2026 term.

Distances are recomputed here from the coordinates in `buildings.json` (state-plane feet), not
taken from the code under test.
"""

import io
import json
import math
from pathlib import Path

import pytest

from solver.catalog.campus import Campus, campus_of, shipped_campus
from solver.catalog.schema import Catalog, Location
from solver.cli import main
from tests.conftest import REAL_TERM
from tests.factories import catalog, run_cli, saved, section, subject
from tests.test_rules import chosen, conflict, scored, solve

TABLE = json.loads((Path(__file__).parents[1] / "solver/catalog/buildings.json").read_text())
FEET = 1200 / 3937
SPEED = 1.3  # the documented default, meters a second


def minutes_between(a: str, b: str, table: dict = TABLE["buildings"]) -> int:
    """Walking minutes, to the nearest one (as every view shows them and wishes count them)."""
    (ax, ay), (bx, by) = table[a], table[b]
    return round(math.hypot(ax - bx, ay - by) * FEET / SPEED / 60)


FAR = minutes_between("W20", "E51")  # Student Center to Sloan: about 11 minutes


@pytest.mark.parametrize(
    ("room", "building"),
    [
        ("34-301", "34"),
        ("W20-491", "W20"),
        ("NE49-4000", "NE49"),
        ("e51-145", "E51"),
        ("14N-112", "14"),  # a wing of building 14, which the map has as one point
        ("54-100", None),  # the Green Building is not on Hydrant's map
        ("TBD", None),
        ("VIRTUAL", None),
        ("WHOI CAMPUS", None),
        ("", None),
    ],
)
def test_rooms_map_to_buildings_by_mit_numbering(room, building):
    assert shipped_campus().building_of(room) == building


def test_the_shipped_table_says_where_it_comes_from():
    campus = shipped_campus()
    assert "s26.json" in campus.source and "2026-04-23" in campus.source
    assert len(campus.buildings) == len(TABLE["buildings"]) > 100


def test_a_catalog_with_locations_uses_its_own_map():
    near = {"W20": Location(x=0, y=0), "E51": Location(x=100, y=0)}  # 100 feet apart
    own = campus_of(Catalog.model_validate({**_apart().model_dump(), "locations": near}))
    assert isinstance(own, Campus) and set(own.buildings) == {"W20", "E51"}
    assert own.meters("W20", "E51") == pytest.approx(100 * FEET)
    assert campus_of(_apart()) is shipped_campus()


def _apart(gap: str = "11:00", second_room: str = "E51-145", **half) -> Catalog:
    """1.01 at MW 10-11 in the Student Center; 2.01 from `gap` in `second_room`."""
    end = f"{int(gap[:2]) + 1}:{gap[3:]}"
    return catalog(
        subject("1.01", section("L01", ("MW", "10:00", "11:00"), rooms=("W20-491",)),
                half=half.get("first")),
        subject("2.01", section("L01", ("MW", gap, end), rooms=(second_room,)),
                half=half.get("second")),
    )  # fmt: skip


def test_max_walk_refuses_back_to_back_classes_too_far_apart():
    assert FAR == 11
    prefs = {"required": ["1.01", "2.01"], "max_walk": 10}
    assert conflict(solve(_apart(), prefs)) == ["required 1.01", "required 2.01",
                                                 "walks at most 10 min"]  # fmt: skip
    assert chosen(solve(_apart(), {**prefs, "max_walk": 12})) == ["1.01 L01, 2.01 L01"]


def test_a_class_after_more_than_the_gap_does_not_follow_the_last():
    late = _apart(gap="11:15")
    prefs = {"required": ["1.01", "2.01"], "max_walk": {"minutes": 5}}
    assert chosen(solve(late, prefs)) == ["1.01 L01, 2.01 L01"]  # 15 minutes: time to walk
    within = {"minutes": 5, "within": 20}
    assert conflict(solve(late, {**prefs, "max_walk": within}))[-1] == "walks at most 5 min"


def test_a_slower_walker_needs_more_time():
    prefs = {"required": ["1.01", "2.01"], "max_walk": {"minutes": 12, "speed": 1.0}}
    assert FAR * SPEED / 1.0 > 12.5
    assert conflict(solve(_apart(), prefs))[-1] == "walks at most 12 min"


def test_a_room_not_on_the_map_never_blocks_a_schedule():
    prefs = {"required": ["1.01", "2.01"], "max_walk": 1}
    assert chosen(solve(_apart(second_room="54-100"), prefs)) == ["1.01 L01, 2.01 L01"]
    assert chosen(solve(_apart(second_room="TBD"), prefs)) == ["1.01 L01, 2.01 L01"]


def test_classes_in_opposite_halves_of_the_term_never_walk_between_each_other():
    halves = _apart(first="first", second="second")
    prefs = {"required": ["1.01", "2.01"], "max_walk": 1}
    assert chosen(solve(halves, prefs)) == ["1.01 L01, 2.01 L01"]


def test_max_walk_takes_the_section_in_the_nearer_building():
    cat = catalog(
        subject("1.01", section("L01", ("MW", "10:00", "11:00"), rooms=("W20-491",))),
        subject("2.01", section("L01", ("MW", "11:00", "12:00"), rooms=("E51-145",)),
                section("L02", ("MW", "11:00", "12:00"), rooms=("W11-110",))),
    )  # fmt: skip
    # Same time, other buildings: without walks they are one choice (L01/L02); with walks they
    # are two, and the one too far away is out.
    assert chosen(solve(cat, {"required": ["1.01", "2.01"]})) == ["1.01 L01, 2.01 L01/L02"]
    walked = solve(cat, {"required": ["1.01", "2.01"], "max_walk": 10})
    assert chosen(walked) == ["1.01 L01, 2.01 L02"]


def test_short_walks_charge_each_minute_beyond_the_threshold_each_day():
    cat = catalog(
        subject("1.01", section("L01", ("MW", "10:00", "11:00"), rooms=("W20-491",))),
        subject("2.01", section("L01", ("MW", "11:00", "12:00"), rooms=("E51-145",))),
        subject("3.01", section("L01", ("TR", "11:00", "12:00"), rooms=("E51-145",))),
    )
    prefs = {
        "required": ["1.01"],
        "electives": [{"pick": 1, "from": ["2.01", "3.01"]}],
        "wishes": {"short_walks": {"weight": 0.5, "over_minutes": 4}},
        "by": "sections",
    }
    walked = 0.5 * (FAR - 4) * 2  # twice a week, weight x minutes beyond 4
    assert scored(solve(cat, prefs)) == [
        ("1.01 L01, 3.01 L01", 0),
        ("1.01 L01, 2.01 L01", walked),
    ]


def test_the_grid_and_the_report_show_the_long_walk(tmp_path):
    path = saved(_apart(), tmp_path)
    prefs = tmp_path / "p.yaml"
    prefs.write_text('required: ["1.01", "2.01"]\nwishes: {short_walks: 1}\n')
    html = tmp_path / "r.html"
    code, out, err = run_cli("solve", prefs, "--catalog", path, "--show", 1, "--html", html)
    assert code == 0, err
    line = f"walk: M 11:00 W20-491 \u2192 E51-145: {FAR} min walk"
    assert line in out.splitlines() and "walk: W 11:00 W20-491" in out
    assert f"M 11:00 W20-491 &#8594; E51-145: {FAR} min walk" in (tmp_path / "r.html").read_text()
    code, out, _ = run_cli("solve", prefs, "--catalog", path, "--format", "json")
    walks = json.loads(out)["schedules"][0]["walks"]
    assert [(w["day"], w["at"], w["from"], w["to"]) for w in walks] == [
        ("M", "11:00", "W20-491", "E51-145"), ("W", "11:00", "W20-491", "E51-145"),
    ]  # fmt: skip
    assert walks[0]["minutes"] == FAR


def test_rooms_not_on_the_map_are_named_once(tmp_path):
    path = saved(_apart(second_room="54-100"), tmp_path)
    prefs = tmp_path / "p.yaml"
    prefs.write_text('required: ["1.01", "2.01"]\nmax_walk: 5\ntop: 3\n')
    code, out, err = run_cli("solve", prefs, "--catalog", path)
    assert (code, err) == (0, "")
    assert out.count("54-100") == 1  # the note, once; the table and grid list no rooms
    assert "not on the map, so no walk is counted to or from: 54-100" in out


# Runs of classes in a row


def _day(*spans: tuple[str, str], gap_rooms: str = "2-131") -> Catalog:
    return catalog(*(
        subject(f"{k + 1}.01", section("L01", ("M", start, end), rooms=(gap_rooms,)))
        for k, (start, end) in enumerate(spans)
    ))  # fmt: skip


THREE = _day(("09:00", "10:00"), ("10:00", "11:00"), ("11:00", "12:00"))


def test_max_in_a_row_refuses_a_run_too_long():
    prefs = {"required": ["1.01", "2.01", "3.01"], "max_in_a_row": 2}
    assert conflict(solve(THREE, prefs)) == [
        "required 1.01", "required 2.01", "required 3.01", "at most 2 h in a row",
    ]  # fmt: skip
    assert chosen(solve(THREE, {**prefs, "max_in_a_row": 3})) == ["1.01 L01, 2.01 L01, 3.01 L01"]


def test_a_break_longer_than_the_gap_ends_a_run():
    broken = _day(("09:00", "10:00"), ("10:00", "11:00"), ("11:15", "12:15"))
    prefs = {"required": ["1.01", "2.01", "3.01"], "max_in_a_row": {"hours": 2}}
    assert chosen(solve(broken, prefs)) == ["1.01 L01, 2.01 L01, 3.01 L01"]
    within = {"hours": 2, "within": 15}  # a quarter of an hour is no break
    assert conflict(solve(broken, {**prefs, "max_in_a_row": within}))[-1] == "at most 2 h in a row"


def test_fewer_long_runs_charges_each_hour_beyond_the_threshold():
    prefs = {
        "required": ["1.01", "2.01", "3.01"],
        "wishes": {"fewer_long_runs": {"weight": 2, "hours": 1.5}},
    }
    assert scored(solve(THREE, prefs)) == [("1.01 L01, 2.01 L01, 3.01 L01", 3.0)]  # 2 x 1.5 h


def test_runs_are_counted_in_each_part_of_the_term():
    halves = catalog(
        subject("1.01", section("L01", ("M", "09:00", "11:00")), half="first"),
        subject("2.01", section("L01", ("M", "11:00", "13:00")), half="second"),
        subject("3.01", section("L01", ("M", "13:00", "14:00"))),
    )
    prefs = {"required": ["1.01", "2.01", "3.01"], "max_in_a_row": 3}
    # First half 9-11 and 13-14; second half 11-14: never more than 3 hours in a row.
    assert len(chosen(solve(halves, prefs))) == 1
    wish = {"required": ["1.01", "2.01", "3.01"], "wishes": {"fewer_long_runs": {"hours": 2}}}
    assert [s for _, s in scored(solve(halves, wish))] == [1.0]  # the second half's 3 hours


# The real Spring 2026 term


@pytest.fixture(scope="module")
def real(real_catalog) -> tuple[Path, dict]:
    raw = json.loads(REAL_TERM.read_bytes())
    return real_catalog, {k.strip(): (v["x"], v["y"]) for k, v in raw["locations"].items()}


@pytest.mark.realdata
def test_far_apart_back_to_back_classes_on_the_real_term(real, tmp_path):
    path, locations = real
    # 21T.210 meets MW 11-13 in W97 (Theater Arts, far west); 6.5951 MW 13-14:30 in E25.
    far = minutes_between("W97", "E25", locations)
    assert far > 20
    prefs = tmp_path / "p.yaml"
    prefs.write_text('required: ["21T.210", "6.5951"]\nmax_walk: 10\n')
    code, out, err = run_cli("solve", prefs, "--catalog", path)
    assert code == 1 and "  1. drop walks at most 10 min: 1 schedule" in out
    assert err.splitlines()[-1] == (
        "coursepick: no schedule fits: required 21T.210, required 6.5951 and walks at most "
        "10 min cannot all hold"
    )
    # As a wish, the farther pair ranks below the nearer one, by its walking minutes.
    prefs.write_text(
        'required: ["21T.210"]\nelectives: [{pick: 1, from: ["6.5951", "24.918"]}]\n'
        "wishes: {short_walks: {weight: 1, over_minutes: 5}}\n"
    )
    code, out, err = run_cli("solve", prefs, "--catalog", path, "--format", "json")
    assert code == 0, err
    rows = json.loads(out)["schedules"]
    near = minutes_between("W97", "56", locations)  # 24.918: MW 13-14:30 in 56-162
    assert [r["subjects"] for r in rows] == [["21T.210", "24.918"], ["6.5951", "21T.210"]]
    assert [r["breakdown"]["short_walks"] for r in rows] == [
        2 * (near - 5), 2 * (far - 5),
    ]  # fmt: skip
    out_text = io.StringIO()
    main(["solve", str(prefs), "--catalog", str(path), "--show", "2"], out_text, io.StringIO())
    assert f"walk: M 13:00 W97-162 \u2192 E25-111: {far} min walk" in out_text.getvalue()
