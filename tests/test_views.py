"""The two views of one order through the CLI: by subjects and by sections, the same first rows
whatever `--top` is, and a table that fits the terminal (on fixtures, and on the real term).
"""

import io
import json
from pathlib import Path

import pytest

from solver.catalog.store import save_catalog
from solver.cli import main
from tests.factories import catalog, section, subject

ROOT = Path(__file__).resolve().parents[1]

LONG = "An Unusually Long Subject Title That Would Never Fit Beside Its Sections"
CATALOG = catalog(
    subject("6.1210", section("L01", ("TR", "11:00", "12:30")),
            section("R01", ("WF", "10:00", "11:00")), section("R02", ("WF", "12:00", "13:00")),
            section("R03", ("WF", "14:00", "15:00")), title="Introduction to Algorithms",
            rating=5.9, hours=12.5),
    subject("21W.742", section("L01", ("MW", "15:00", "16:30")), hass=["H"], title=LONG,
            rating=6.4, hours=8.0),
    subject("21W.755", section("L01", ("TR", "15:00", "16:30")), hass=["H"], rating=6.4,
            hours=7.5),
    subject("24.900", section("L01", ("TR", "13:00", "14:30")), hass=["H"], rating=5.1,
            hours=9.0),
    subject("21H.001", section("L01", ("MW", "11:00", "12:30")), hass=["H"]),
)  # fmt: skip
PREFS = """\
required: ["6.1210"]
electives: [{name: HASS, pick: 1, from: {hass: H}}]
wishes: {fewer_days: 1}
"""


@pytest.fixture
def files(tmp_path) -> tuple[Path, Path]:
    save_catalog(CATALOG, tmp_path / "catalog.json")
    (tmp_path / "prefs.yaml").write_text(PREFS, encoding="utf-8")
    return tmp_path / "prefs.yaml", tmp_path / "catalog.json"


def solve(prefs: Path, catalog_path: Path, *options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["solve", str(prefs), "--catalog", str(catalog_path), *map(str, options)]
    code = main(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def rows(prefs: Path, catalog_path: Path, *options: object) -> list[tuple]:
    code, out, _ = solve(prefs, catalog_path, "--format", "json", *options)
    assert code == 0
    return [
        (s["score"], tuple(s["subjects"]), tuple(tuple(p["ids"]) for p in s["sections"]),
         s["equally_good"])
        for s in json.loads(out)["schedules"]
    ]  # fmt: skip


def test_with_elective_groups_each_row_is_another_set_of_subjects(files):
    found = rows(*files)
    assert [(r[0], r[1][1]) for r in found] == [
        (4.0, "21W.755"),  # TR: four days; rated 6.4
        (4.0, "24.900"),  # TR: four days; rated 5.1
        (5.0, "21W.742"),  # MW: five days; rated 6.4
        (5.0, "21H.001"),  # MW: five days; no evaluations, so last among equal scores
    ]
    # 6.1210's recitations R01-R03 (WF) all keep the same days; R02 clashes with 21H.001 on W.
    assert [r[3] for r in found] == [2, 2, 2, 1]
    # Each set in its best arrangement: with 21W.742 (MW 15:00), R03 (WF 14:00) leaves no gap.
    assert found[2][2] == (("L01",), ("R03",), ("L01",))


def test_by_sections_every_schedule_is_a_row(files):
    found = rows(*files, "--by", "sections", "--top", 8)
    assert [(r[1][1], r[2][1][0]) for r in found] == [
        ("21W.755", "R01"),  # equal scores, ratings, hours and idle time: section order
        ("21W.755", "R02"),
        ("21W.755", "R03"),
        ("24.900", "R01"),
        ("24.900", "R02"),
        ("24.900", "R03"),
        ("21W.742", "R03"),  # no idle time on W, then 2 hours with R02
        ("21W.742", "R02"),
    ]
    assert {r[3] for r in found} == {None}


@pytest.mark.parametrize("by", ["subjects", "sections"])
def test_the_first_rows_do_not_depend_on_top(files, by):
    full = rows(*files, "--by", by, "--top", 30)
    for top in (1, 3, 10):
        assert rows(*files, "--by", by, "--top", top) == full[:top]


def test_by_in_the_file_is_the_default_and_the_command_line_wins(files):
    prefs, catalog_path = files
    prefs.write_text(PREFS + "by: sections\n", encoding="utf-8")
    assert len({r[1] for r in rows(prefs, catalog_path)}) < len(rows(prefs, catalog_path))
    assert len({r[1] for r in rows(prefs, catalog_path, "--by", "subjects")}) == 4


def test_the_table_fits_80_columns_and_wide_shows_whole_titles(files):
    code, out, _ = solve(*files)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert LONG not in out and LONG[:40] in out and "\u2026" in out
    code, out, _ = solve(*files, "--wide")
    assert code == 0 and LONG in out


def test_the_table_names_its_columns_plainly(files):
    _, out, _ = solve(*files)
    assert out.splitlines()[1].split("  ")[-1].strip() == "expected hours/week"
    assert "+2 equally good section choices" in out


def test_version():
    out, err = io.StringIO(), io.StringIO()
    assert main(["--version"], out, err) == 0
    assert out.getvalue().startswith("coursepick ") and err.getvalue() == ""


# The sophomore of the issue on the real Spring 2026 term.

SOPHOMORE = """\
required: ["6.1210", "6.1910", "18.06"]
electives: [{name: HASS, pick: 1, from: {hass: any, level: U}}]
earliest: "10:00"
wishes: {free_day: {weight: 2, days: [F]}}
"""


@pytest.fixture(scope="module")
def real(real_catalog, tmp_path_factory) -> tuple[Path, Path]:
    prefs = tmp_path_factory.mktemp("sophomore") / "sophomore.yaml"
    prefs.write_text(SOPHOMORE, encoding="utf-8")
    return prefs, real_catalog


@pytest.mark.realdata
def test_the_sophomore_sees_ten_different_choices_of_subjects(real):
    found = rows(*real)
    assert len(found) == 10 and len({r[1] for r in found}) == 10
    assert all(r[3] is not None for r in found)


@pytest.mark.realdata
@pytest.mark.parametrize("by", ["subjects", "sections"])
def test_the_sophomore_gets_the_same_first_rows_whatever_top(real, by):
    full = rows(*real, "--by", by, "--top", 30)
    assert len(full) == 30
    for top in (1, 3, 10):
        assert rows(*real, "--by", by, "--top", top) == full[:top]
    if by == "sections":
        assert len(set(full)) == 30  # distinct arrangements


@pytest.mark.realdata
def test_two_free_days_that_cannot_both_hold_are_named_as_a_pair(real):
    # Every single drop still leaves nothing: the answer is the pair, with what it buys.
    _, catalog_path = real
    prefs = catalog_path.parent / "two-free-days.yaml"
    taken = 'taken: ["6.100A", "6.1200", "18.02"]\n'  # their prerequisites: no note first
    prefs.write_text(f'required: ["18.06", "6.1210"]\nfree_days: [M, F]\n{taken}', encoding="utf-8")
    code, out, err = solve(prefs, catalog_path, "--format", "json")
    assert code == 1 and err.startswith("coursepick: no schedule fits: ")
    document = json.loads(out)
    first = document["corrections"][0]
    assert first["drop"] == ["free day M", "free day F"]
    assert first["schedules"] > 0 and first["best_score"] == 0.0
    assert document["instead"]["drop"] == ["free day M", "free day F"]
    assert len(document["instead"]["schedules"]) == 10
