"""The CSV export, read back with csv.DictReader as a spreadsheet would load it."""

import csv
import io

import pytest

from solver.catalog.schema import Subject, Units
from solver.core.engine.ranking import rank_schedules
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.render.csv_rows import _text, render_csv
from tests.factories import catalog, section, subject

SUBJECTS = [
    subject(
        "6.1210",
        section("L01", ("TR", "11:00", "12:30"), rooms=("26-100",)),
        section("R01", ("MW", "11:00", "12:00"), rooms=("36-144",)),
        section("R02", ("MW", "11:00", "12:00"), rooms=("36-153",)),
        section("R03", ("F", "10:00", "11:00"), rooms=("36-155",)),
        title='Algorithms, "Advanced"',
    ),
    subject(
        "6.1200",
        section("L01", ("MW", "10:00", "11:00"), ("F", "14:00", "15:00"), rooms=("32-123",)),
        title="Mathematics for Computer Science",
        half="first",
        units=6,
    ),
    subject("6.4100", section("L01", tba=True, rooms=()), title="=HYPERLINK(1)"),
    Subject(number="6.UR", title="Undergraduate Research", units=Units(arranged=True)),
]
PREFERENCES = 'required: ["6.1210", "6.1200", "6.4100", "6.UR"]\nwishes: {fewer_gaps: 1}\n'


@pytest.fixture(scope="module")
def text() -> str:
    prefs, source = parse_preferences(PREFERENCES, "prefs.yaml")
    request = build_request(prefs, source, catalog(*SUBJECTS))
    return render_csv(rank_schedules(request), request)


@pytest.fixture(scope="module")
def rows(text) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_header_row_names_the_columns(text):
    assert text.splitlines()[0].split(",") == [
        "rank", "score", "optimal", "equally_good", "breaks", "subject", "title", "kind",
        "sections", "half", "days", "start", "end", "meetings", "rooms", "units", "total_units",
        "total_days", "weekdays", "first", "last", "idle_minutes", "hours_per_week",
        "penalty_fewer_gaps",
    ]  # fmt: skip


def test_one_row_per_schedule_and_section_in_rank_then_subject_order(rows):
    assert [(r["rank"], r["subject"], r["kind"], r["sections"]) for r in rows] == [
        ("1", "6.1200", "lecture", "L01"),
        ("1", "6.1210", "lecture", "L01"),
        ("1", "6.1210", "recitation", "R01/R02"),
        ("1", "6.4100", "lecture", "L01"),
        ("1", "6.UR", "", ""),  # no sections, still part of the schedule
        ("2", "6.1200", "lecture", "L01"),
        ("2", "6.1210", "lecture", "L01"),
        ("2", "6.1210", "recitation", "R03"),
        ("2", "6.4100", "lecture", "L01"),
        ("2", "6.UR", "", ""),
    ]


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, {"title": "Mathematics for Computer Science", "half": "first", "days": "MWF",
             "start": "10:00", "end": "15:00", "meetings": "MW 10:00-11:00, F 14:00-15:00",
             "rooms": "32-123", "units": "6"}),
        (1, {"title": 'Algorithms, "Advanced"', "half": "full", "days": "TR", "start": "11:00",
             "end": "12:30", "meetings": "TR 11:00-12:30", "rooms": "26-100", "units": "12"}),
        (2, {"days": "MW", "meetings": "MW 11:00-12:00", "rooms": "36-144 / 36-153"}),
        (3, {"days": "", "start": "", "end": "", "meetings": "TBA", "rooms": ""}),
        (4, {"title": "Undergraduate Research", "meetings": "", "units": "arranged"}),
        (7, {"days": "F", "start": "10:00", "end": "11:00", "meetings": "F 10:00-11:00",
             "rooms": "36-155"}),
    ],
)  # fmt: skip
def test_section_values(rows, index, expected):
    assert {k: rows[index][k] for k in expected} == expected


@pytest.mark.parametrize(
    ("rank", "expected"),
    [
        ("1", {"score": "0", "optimal": "true", "total_units": "30", "total_days": "5",
               "weekdays": "MTWRF", "first": "10:00", "last": "15:00", "idle_minutes": "0",
               "hours_per_week": "30", "penalty_fewer_gaps": "0"}),
        ("2", {"score": "3", "optimal": "true", "total_units": "30", "total_days": "5",
               "weekdays": "MTWRF", "first": "10:00", "last": "15:00", "idle_minutes": "180",
               "hours_per_week": "30", "penalty_fewer_gaps": "3"}),
    ],
)  # fmt: skip
def test_every_row_of_a_schedule_repeats_its_totals(rows, rank, expected):
    found = [{k: r[k] for k in expected} for r in rows if r["rank"] == rank]
    assert found == [expected] * 5


def test_catalog_text_a_spreadsheet_would_run_as_a_formula_stays_text(rows):
    assert rows[3]["title"] == "'=HYPERLINK(1)"


def test_no_schedule_gives_the_header_alone():
    prefs, source = parse_preferences('required: ["6.1210"]\nfree_days: [T]\n', "prefs.yaml")
    request = build_request(prefs, source, catalog(*SUBJECTS))
    text = render_csv(rank_schedules(request), request)
    assert text.count("\n") == 1 and text.startswith("rank,score,")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("first line\n=cmd|' /C calc'!A0", "first line\n'=cmd|' /C calc'!A0"),
        ("line\r+1", "line\r'+1"),
        ('Algorithms, "Advanced"', 'Algorithms, "Advanced"'),
    ],
)
def test_formulas_are_kept_as_text_at_the_start_and_after_any_line_break(text, kept):
    assert _text(text) == kept


def test_rows_end_in_crlf_and_read_back_cell_by_cell(text):
    assert text.count("\r\n") == text.count("\n") == len(text.splitlines())
    read = {row["subject"]: row["title"] for row in csv.DictReader(io.StringIO(text))}
    assert read["6.1210"] == 'Algorithms, "Advanced"'
