"""Old subject numbers (6.006 became 6.1210) work wherever a student names a subject."""

import io
import json
from pathlib import Path

import pytest

from solver.cli import main
from tests.factories import catalog, saved, section, subject

CATALOG = catalog(
    subject("6.1210", section("L01", ("TR", "11:00", "12:30")),
            section("R01", ("W", "10:00", "11:00")), section("R02", ("F", "14:00", "15:00")),
            title="Introduction to Algorithms", old_number="6.006"),
    subject("18.03", section("L01", ("MW", "13:00", "14:00")), title="Differential Equations"),
    subject("21W.742", section("L01", ("MW", "15:00", "16:30")), hass=["H"], old_number="21W.700"),
    subject("24.900", section("L01", ("TR", "15:00", "16:30")), hass=["H"]),
)  # fmt: skip


@pytest.fixture
def catalog_file(tmp_path) -> Path:
    return saved(CATALOG, tmp_path)


def run(tmp_path: Path, prefs: str, *argv: object) -> tuple[int, str, str]:
    path = tmp_path / "prefs.yaml"
    path.write_text(prefs, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["solve", str(path), *map(str, argv)], out, err)
    return code, out.getvalue(), err.getvalue()


def test_catalog_finds_a_subject_by_its_old_number():
    assert CATALOG.subject("6.006").number == "6.1210"
    assert CATALOG.subject(" 21w.700 ").number == "21W.742"
    assert CATALOG.subject("6.1210").number == "6.1210"
    assert CATALOG.subject("6.009") is None


def test_required_old_number_solves_as_the_new_one_with_a_note(tmp_path, catalog_file):
    code, out, err = run(tmp_path, 'required: ["6.006", "18.03"]\n', "--catalog", catalog_file,
                         "--format", "json")  # fmt: skip
    assert code == 0
    assert err == f"coursepick: note: 6.006 ({tmp_path / 'prefs.yaml'}, line 1) is now 6.1210\n"
    rows = json.loads(out)["schedules"]
    assert len(rows) == 2  # R01 or R02 with the one lecture
    assert all({s["subject"] for s in row["sections"]} == {"6.1210", "18.03"} for row in rows)


def test_old_and_new_number_of_one_subject_are_one_course(tmp_path, catalog_file):
    prefs = 'required: ["6.006", "6.1210"]\n'
    code, out, _ = run(tmp_path, prefs, "--catalog", catalog_file, "--format", "json")
    assert code == 0
    rows = json.loads(out)["schedules"]
    assert [row["units"] for row in rows] == [12, 12]  # counted once, not twice


def test_lock_and_likes_accept_old_numbers(tmp_path, catalog_file):
    prefs = (
        'required: ["6.1210"]\n'
        "electives:\n  - {name: HASS-H, pick: 1, from: {hass: H}}\n"
        'lock: {"6.006": [R02]}\n'
        'wishes:\n  likes: {"21W.700": 5}\n'
    )
    code, out, err = run(tmp_path, prefs, "--catalog", catalog_file, "--format", "json")
    assert code == 0, err
    where = tmp_path / "prefs.yaml"
    assert f"6.006 ({where}, line 4) is now 6.1210" in err
    assert f"21W.700 ({where}, line 6) is now 21W.742" in err
    rows = json.loads(out)["schedules"]
    chosen = [{(s["subject"], i) for s in row["sections"] for i in s["ids"]} for row in rows]
    assert ("21W.742", "L01") in chosen[0]  # the liked elective ranks first
    assert all(("6.1210", "R02") in row for row in chosen)


def test_show_by_old_number_names_the_new_one(catalog_file):
    out, err = io.StringIO(), io.StringIO()
    code = main(["show", "6.006", "--catalog", str(catalog_file)], out, err)
    assert code == 0
    assert out.getvalue().startswith("6.1210")
    assert err.getvalue() == "coursepick: note: 6.006 is now 6.1210\n"


@pytest.mark.parametrize("excluded", ["21W.700", "21W.742", "21w.742"])
def test_exclude_by_any_number_keeps_the_subject_out_of_a_filter_group(tmp_path, catalog_file,
                                                                      excluded):  # fmt: skip
    prefs = f'electives:\n  - {{pick: 1, from: {{hass: H}}, exclude: ["{excluded}"]}}\n'
    code, out, err = run(tmp_path, prefs, "--catalog", catalog_file, "--format", "json")
    assert code == 0, err
    picked = {s["subject"] for row in json.loads(out)["schedules"] for s in row["sections"]}
    assert picked == {"24.900"}
