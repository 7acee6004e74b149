"""Hydrant term JSON to a catalog: hand-written fixtures checked field by field, then the real
archived term files (marked realdata) checked against the counts in SOURCES.md."""

import io
import json
from collections import Counter
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from scrape.errors import ScrapeError
from scrape.hydrant import parse_hydrant
from solver.catalog.schema import (
    Catalog,
    Day,
    Kind,
    Location,
    Meeting,
    Problem,
    Section,
    Subject,
    TermDates,
    Units,
)
from solver.catalog.search import search_subjects
from solver.catalog.store import save_catalog
from solver.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REAL = Path(__file__).parents[1].parent / "shared" / "data" / "mit" / "hydrant"
FETCHED = datetime(2026, 4, 24, 9, 30, tzinfo=UTC)
URL = "https://hydrant.mit.edu/s26.json"


def at(days: str, start: str, end: str) -> tuple[Meeting, ...]:
    return tuple(Meeting(day=Day(day), start=start, end=end) for day in days)


def lecture(number: int, room: str | None, *meetings: tuple[Meeting, ...]) -> Section:
    return section(Kind.LECTURE, number, room, *meetings)


def section(kind: Kind, number: int, room: str | None, *meetings: tuple[Meeting, ...]) -> Section:
    flat = sorted((m for group in meetings for m in group), key=lambda m: (m.day.order, m.start))
    return Section(
        id=f"{kind.letter}{number:02d}",
        kind=kind,
        rooms=[room] if room else [],
        meetings=flat,
        tba=not flat,
    )


@pytest.fixture(scope="module")
def term() -> Catalog:
    data = (FIXTURES / "hydrant_term.json").read_bytes()
    return parse_hydrant(data, source_url=URL, fetched_at=FETCHED)


@pytest.fixture(scope="module")
def legacy() -> Catalog:
    data = (FIXTURES / "hydrant_legacy.json").read_text()
    return parse_hydrant(data, source_url=None, fetched_at=FETCHED)


def test_term_header(term: Catalog) -> None:
    assert (term.term, term.source, term.source_url, term.fetched_at) == (
        "2026SP",
        "hydrant",
        URL,
        FETCHED,
    )
    assert term.note == "Hydrant s26, last updated 2026-04-23 12:44"


def test_term_dates_include_half_terms_monday_schedule_and_holidays(term: Catalog) -> None:
    assert term.dates == TermDates(
        start=date(2026, 2, 2),
        end=date(2026, 5, 12),
        first_half_end=date(2026, 3, 20),
        second_half_start=date(2026, 3, 30),
        monday_schedule=date(2026, 2, 17),
        holidays=[date(2026, 2, 16), date(2026, 4, 20)],
    )


def test_a_term_without_a_monday_schedule_date_has_none(legacy: Catalog) -> None:
    assert legacy.dates is not None and legacy.dates.start == date(2022, 9, 7)
    assert legacy.dates.monday_schedule is None


def test_locations(term: Catalog) -> None:
    assert term.locations == {
        "26": Location(x=766030.5, y=2956842.25),
        "W59": Location(x=764407.75, y=2954806.5),
    }


def test_every_subject_but_the_broken_one_is_kept_in_order(term: Catalog) -> None:
    assert term.numbers == [
        "6.1210",
        "18.03",
        "21M.301",
        "AS.301",
        "18.204",
        "ES.7016",
        "16.C21A",
        "5.383",
        "HST.207",
        "6.S977",
    ]


def test_problems_name_subject_text_and_source(term: Catalog) -> None:
    assert [(p.subject, p.text, p.where) for p in term.problems] == [
        ("18.204", "2-151/TR/0/2.30-4/S/0/..", URL),
        ("ES.7016", "TBD/MWRF/0/2;TBD/T/0/1", URL),
        ("9.99", "9.99", URL),
    ]
    reasons = [p.reason for p in term.problems]
    assert reasons[0].startswith("lecture: could not parse meeting time '2-151/TR/0/2.30-4/S/0/..'")
    assert "glued together" in reasons[1]
    assert reasons[2].startswith("lectureUnits: ")


EXPECTED = {
    "6.1210": Subject(
        number="6.1210",
        title="Introduction to Algorithms",
        old_number="6.006",
        units=Units(lecture=5, lab=0, prep=7),
        level="U",
        terms=["FA", "SP"],
        has_final=True,
        instructors=["B. Chapman"],
        prereqs="6.100A, 6.1200",
        description="Introduction to mathematical modeling of computational problems.",
        rating=4.89,
        hours=11.72,
        size=353.07,
        limited=True,
        sections=[
            lecture(1, "26-100", at("TR", "11:00", "12:30")),
            section(Kind.RECITATION, 1, "34-304", at("WF", "10:00", "11:00")),
            section(Kind.RECITATION, 2, "34-303", at("WF", "10:00", "11:00")),
            section(Kind.RECITATION, 3, None),  # "TBA"
        ],
    ),
    "18.03": Subject(  # its raw sections are a bare string, not a list
        number="18.03",
        title="Differential Equations",
        units=Units(lecture=5, lab=0, prep=7),
        level="U",
        terms=["FA", "SP"],
        gir=["REST"],
        has_final=True,
        instructors=["T. Ozuch-Meersseman"],  # "Fall: S. Dyatlov,Spring: T. Ozuch-Meersseman"
        prereqs="None",
        description="Study of differential equations.",
        rating=5.17,
        hours=9.36,
        size=313.94,
        nonext=True,
        sections=[lecture(1, "10-250", at("MWF", "13:00", "14:00"))],
    ),
    "21M.301": Subject(  # evenings; no evaluations yet (0 becomes None)
        number="21M.301",
        title="Harmony and Counterpoint I",
        units=Units(lecture=3, lab=0, prep=9),
        level="U",
        terms=["FA", "SP"],
        hass=["A"],
        ci="CI-H",
        instructors=["E. Ruehr", "D. David"],
        prereqs="''Permission of instructor''",
        description="Evening harmony.",
        repeat=True,
        sections=[
            lecture(1, "56-167", at("R", "19:00", "22:00")),
            lecture(2, "4-237", at("M", "15:00", "18:00")),
            section(Kind.LAB, 1, "4-237", at("R", "11:00", "14:00")),
            section(Kind.LAB, 2, "46-1015", at("W", "19:00", "20:00")),
        ],
    ),
    "AS.301": Subject(  # early morning, whose slot arrays have negative lengths
        number="AS.301",
        title="Leading People",
        units=Units(lecture=3, lab=0, prep=6),
        level="U",
        terms=["FA"],
        instructors=["P. Francik"],
        prereqs="AS.202",
        description="ROTC leadership.",
        rating=6.3,
        hours=6.6,
        size=6.0,
        sections=[
            lecture(1, "W59-073", at("R", "06:00", "09:00")),
            lecture(2, "1-150", at("TF", "07:30", "09:00")),
        ],
    ),
    "18.204": Subject(  # L01 is garbage; L02 keeps its Saturday and its raw position
        number="18.204",
        title="Undergraduate Seminar in Discrete Mathematics",
        units=Units(lecture=3, lab=0, prep=9),
        level="U",
        terms=["SP"],
        instructors=["E. S. Boyden, III"],
        prereqs="18.02",
        description="Undergraduate seminar.",
        rating=5.5,
        hours=8.0,
        size=20.0,
        sections=[lecture(2, "4-237", at("TR", "14:30", "16:00"), at("S", "10:00", "12:00"))],
    ),
    "ES.7016": Subject(  # L01 is two sections glued by ';'; R01 is a room with no time
        number="ES.7016",
        title="Experimental Study Group Chemistry",
        units=Units(lecture=4, lab=0, prep=8),
        level="U",
        terms=["SP"],
        prereqs="None",
        description="Experimental study.",
        rating=5.0,
        hours=10.0,
        size=12.0,
        sections=[
            lecture(2, None, at("TR", "15:00", "17:00")),
            section(Kind.RECITATION, 1, "TBD"),
        ],
    ),
    "16.C21A": Subject(
        number="16.C21A",
        title="Numerical Methods for PDEs",
        units=Units(lecture=2, lab=0, prep=4),
        level="U",
        terms=["SP"],
        same_as=["18.C21A", "6.C21A"],
        half="second",
        starts=date(2026, 3, 30),
        instructors=["Y. Marzouk"],
        prereqs="18.C21",
        description="Numerical methods.",
        sections=[lecture(1, "45-102", at("MWF", "10:00", "11:00"))],
    ),
    "5.383": Subject(
        number="5.383",
        title="Fast-flow Peptide and Protein Synthesis",
        units=Units(lecture=1, lab=2, prep=1),
        level="U",
        terms=["SP"],
        half="first",
        starts=date(2026, 3, 3),
        ends=date(2026, 4, 9),
        instructors=["B. Pentelute"],
        prereqs="5.363",
        description="Peptide synthesis.",
        rating=6.88,
        hours=12.78,
        size=2.33,
        sections=[
            lecture(1, "4-149", at("TR", "12:00", "13:00")),
            section(Kind.LAB, 1, "12-5170B", at("MW", "13:00", "17:00")),
        ],
    ),
    "HST.207": Subject(
        number="HST.207",
        title="Clinical Medicine",
        units=Units(lecture=0, lab=18, prep=0),
        level="G",
        terms=["SP"],
        instructors=["J. Alton"],
        prereqs="None",
        description="Clinical rotation.",
        rating=6.1,
        hours=40.0,
        size=30.0,
        sections=[
            section(Kind.LAB, 1, "MGH", at("MTWRF", "09:00", "17:00")),
            section(Kind.LAB, 2, "WHOI CAMPUS", at("MTWRF", "08:00", "17:00")),
        ],
    ),
    "6.S977": Subject(  # unscheduled, units arranged, joint
        number="6.S977",
        title="Special Subject in EECS",
        units=Units(arranged=True),
        level="G",
        terms=["SP"],
        same_as=["6.S978", "15.S60"],
        meets_with=["HST.S77"],
        instructors=["Bailey Flanigan (POLSCI, EECS)", "Bernardo Zacka (POLSCI)"],
        prereqs="None",
        description="Special subject.",
    ),
}


@pytest.mark.parametrize("number", EXPECTED)
def test_subject_is_converted_field_by_field(term: Catalog, number: str) -> None:
    assert term.subject(number) == EXPECTED[number]


def test_legacy_catalog_style_raw_strings(legacy: Catalog) -> None:
    assert legacy.term == "2022FA"
    assert legacy.locations == {}
    assert legacy.subject("1.013") == Subject(
        number="1.013",
        title="Senior Civil Engineering Design",
        units=Units(arranged=True),  # f22 writes arranged units as 0-0-0, with no flag
        level="U",
        terms=["FA", "JA", "SP", "SU"],
        meets_with=["1.061"],
        instructors=["Juanes, Ruben"],
        prereqs="None",
        description="Senior design.",
        rating=6.1,
        hours=9.0,
        size=15.0,
        sections=[
            lecture(1, "1-134", at("T", "14:00", "17:00"), at("R", "13:00", "17:00")),
            section(Kind.RECITATION, 1, "N52-199", at("MT", "19:00", "20:30")),
            section(Kind.RECITATION, 2, None, at("M", "08:00", "09:00")),
        ],
    )


def test_legacy_broken_entry_is_a_problem_and_the_rest_is_kept(legacy: Catalog) -> None:
    subject = legacy.subject("12.703")
    assert subject is not None
    assert (subject.half, subject.has_final, subject.instructors) == ("first", True, ())
    assert subject.sections == (lecture(2, "W59-073", at("R", "06:00", "09:00")),)
    assert legacy.problems == [
        Problem(
            subject="12.703",
            text="T2.30-4CLARK",
            reason="lecture: could not parse meeting time 'T2.30-4CLARK': 'T2.30-4CLARK'"
            " is not DAYS followed by a time such as 'TR9.30-11'",
        )
    ]


def minimal(**changes: Any) -> str:
    document: dict[str, Any] = {"termInfo": {"urlName": "s26"}, "classes": {}}
    document.update(changes)
    return json.dumps(document)


def test_a_minimal_term_has_no_dates() -> None:
    catalog = parse_hydrant(minimal(), source_url=None, fetched_at=FETCHED)
    assert (catalog.term, catalog.dates, catalog.subjects) == ("2026SP", None, [])


@pytest.mark.parametrize(
    ("url_name", "term"),
    [("s26", "2026SP"), ("f24", "2024FA"), ("i26", "2026JA"), ("m26", "2026SU")],
)
def test_term_names(url_name: str, term: str) -> None:
    data = minimal(termInfo={"urlName": url_name})
    assert parse_hydrant(data, source_url=None, fetched_at=FETCHED).term == term


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>502 Bad Gateway</html>", "x.json: not JSON"),
        (b"\xff\xfe\x00garbage", "x.json: not JSON"),
        ("[1, 2]", "x.json: not a Hydrant term file: top level: "),
        (minimal(classes=[]), "x.json: not a Hydrant term file: classes: "),
        ('{"classes": {}}', "x.json: not a Hydrant term file: termInfo: Field required"),
        (minimal(termInfo={"urlName": "x26"}), "x.json: unknown term name 'x26'"),
    ],
)
def test_unreadable_files_raise_one_line_scrape_errors(data: bytes | str, message: str) -> None:
    with pytest.raises(ScrapeError) as raised:
        parse_hydrant(data, source_url="x.json", fetched_at=FETCHED)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


# ---- the real archived term files ------------------------------------------------------------

KINDS = ["lecture", "recitation", "lab", "design"]
# SOURCES.md: subjects, slot-encoded sections per kind (lecture, recitation, lab, design), and the
# raw "TBA" entries (f22 has none; i26's one is in MIT-FORMATS.md §4).
DOCUMENTED = {
    "s26": (2668, (1746, 658, 371, 18), 42),
    "s25": (2284, (1858, 742, 324, 22), 49),
    "f24": (1649, (1842, 879, 296, 18), 49),
    "f22": (2255, (1828, 657, 253, 0), 0),
    "i26": (572, (49, 1, 2, 0), 1),
}
# Why our counts differ from those. Hydrant's slot lists also hold raw entries that are a room and
# no time ("TBD"), which we read as TBA sections; and the broken entries we report as problems.
ROOM_ONLY = {
    "s26": {"recitation": 3, "lab": 2},
    "s25": {"recitation": 3, "lab": 2},
    "f24": {"recitation": 9, "lab": 3},
    "f22": {},
    "i26": {"recitation": 1},
}
BROKEN = {
    "s26": {"ES.7016": "TBD/MWRF/0/2;TBD/T/0/1"},
    "s25": {"18.204": "2-151/TR/0/2.30-4/S/0/.."},
    "f24": {},
    "f22": {
        "12.703": "T2.30-4CLARK",
        "21M.460": "M EVE (8.30-10 PM),R EVE (7-8.",
        "HST.202": "MTWRF9-1,MTWRF1-5WRVAH-",
    },
    "i26": {},
}
BROKEN_KIND = {"HST.202": "lab"}  # every other broken entry is a lecture


@cache
def real_json(name: str) -> dict[str, Any]:
    path = REAL / f"{name}.json"
    if not path.exists():
        pytest.skip(
            f"real Hydrant data not found at {path} (../shared/data/mit is not checked out)"
        )
    return json.loads(path.read_bytes())


@cache
def real_catalog(name: str) -> Catalog:
    real_json(name)  # skips when absent
    data = (REAL / f"{name}.json").read_bytes()
    return parse_hydrant(data, source_url=f"{name}.json", fetched_at=FETCHED)


def sections(catalog: Catalog) -> list[Section]:
    return [section for subject in catalog.subjects for section in subject.sections]


def raw_entries(entry: dict[str, Any]) -> list[str]:
    result = []
    for kind in KINDS:
        raw = entry.get(f"{kind}RawSections") or []
        result += [raw] if isinstance(raw, str) else raw
    return result


@pytest.mark.realdata
@pytest.mark.parametrize("name", DOCUMENTED)
def test_real_subject_count(name: str) -> None:
    assert len(real_catalog(name).subjects) == DOCUMENTED[name][0]


@pytest.mark.realdata
@pytest.mark.parametrize("name", DOCUMENTED)
def test_real_timed_sections_per_kind_match_sources_md(name: str) -> None:
    timed = Counter(s.kind.value for s in sections(real_catalog(name)) if not s.tba)
    broken = Counter(BROKEN_KIND.get(number, "lecture") for number in BROKEN[name])
    documented = dict(zip(KINDS, DOCUMENTED[name][1], strict=True))
    expected = {
        kind: documented[kind] - ROOM_ONLY[name].get(kind, 0) - broken[kind] for kind in KINDS
    }
    assert {kind: timed[kind] for kind in KINDS} == expected


@pytest.mark.realdata
@pytest.mark.parametrize("name", DOCUMENTED)
def test_real_tba_sections_are_the_tba_entries_plus_room_only_ones(name: str) -> None:
    tba = [s for s in sections(real_catalog(name)) if s.tba]
    assert len(tba) == DOCUMENTED[name][2] + sum(ROOM_ONLY[name].values())
    assert all(not s.meetings for s in tba)


@pytest.mark.realdata
@pytest.mark.parametrize("name", DOCUMENTED)
def test_real_problems_are_exactly_the_broken_entries(name: str) -> None:
    problems = real_catalog(name).problems
    assert {p.subject: p.text for p in problems} == BROKEN[name]
    assert len(problems) == len(BROKEN[name])


@pytest.mark.realdata
@pytest.mark.parametrize("name", DOCUMENTED)
def test_real_every_raw_entry_is_a_section_or_a_problem(name: str) -> None:
    catalog = real_catalog(name)
    problems = Counter(p.subject for p in catalog.problems)
    for number, entry in real_json(name)["classes"].items():
        subject = catalog.subject(number)
        assert subject is not None
        assert len(subject.sections) + problems[number] == len(raw_entries(entry)), number


def lectures(name: str, number: str) -> list[list[str]]:
    subject = real_catalog(name).subject(number)
    assert subject is not None
    return [[str(m) for m in s.meetings] for s in subject.sections_of(Kind.LECTURE)]


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("name", "number", "expected"),
    [
        ("s26", "6.1210", [["T 11:00-12:30", "R 11:00-12:30"]]),
        ("s26", "18.03", [["M 13:00-14:00", "W 13:00-14:00", "F 13:00-14:00"]]),
        ("s26", "STS.088", [["R 19:00-22:00"]]),  # "7-10 PM"
        ("s26", "6.S051", [["R 07:00-10:00"]]),  # ambiguous "R7-10": read as morning
        ("f24", "AS.301", [["R 06:00-09:00"]]),
        ("f22", "AS.301", [["R 06:00-09:00"]]),
        ("f24", "18.950", [["T 13:00-14:30", "R 13:00-14:30"]]),  # a bare-string raw entry
        ("s25", "2.22", [["T 09:30-11:00", "R 09:30-11:00"]]),  # written "TTRR"
        ("s25", "HST.200", [["T 08:00-17:00", "R 08:00-17:00", "F 08:00-17:00"]]),
        # the garbage Saturday L01 is a problem; L02 and L03 keep their ids
        ("s25", "18.204", [["T 14:30-16:00", "R 14:30-16:00"]] * 2),
    ],
)
def test_real_spot_checks(name: str, number: str, expected: list[list[str]]) -> None:
    assert lectures(name, number) == expected


@pytest.mark.realdata
def test_real_hst207_meets_eight_hours_every_weekday() -> None:
    subject = real_catalog("s25").subject("HST.207")
    assert subject is not None
    assert [s.meetings for s in subject.sections] == [at("MTWRF", "09:00", "17:00")]
    assert subject.sections[0].rooms == ("MGH",)


@pytest.mark.realdata
def test_real_broken_saturday_keeps_the_rest_of_the_subject() -> None:
    subject = real_catalog("s25").subject("18.204")
    assert subject is not None
    assert [s.id for s in subject.sections] == ["L02", "L03"]
    assert "'..'" in real_catalog("s25").problems[0].reason


@pytest.mark.realdata
def test_real_legacy_rooms_come_from_the_slot_arrays() -> None:
    subject = real_catalog("f22").subject("AS.301")
    assert subject is not None
    assert subject.sections[0].rooms == ("W59-073",)


@pytest.mark.realdata
def test_real_term_metadata() -> None:
    s26 = real_catalog("s26")
    assert (s26.term, len(s26.locations)) == ("2026SP", 133)
    assert s26.dates is not None and s26.dates.second_half_start == date(2026, 3, 30)
    assert s26.dates.monday_schedule == date(2026, 2, 17)  # the Tuesday after Presidents' Day
    assert real_catalog("i26").dates == TermDates(
        start=date(2026, 1, 5), end=date(2026, 1, 30), holidays=[date(2026, 1, 19)]
    )


def test_control_characters_never_reach_the_catalog() -> None:
    # A terminal escape in a title, a bare carriage return in a description: printable text.
    document = json.loads((FIXTURES / "hydrant_term.json").read_text())
    entry = document["classes"]["6.1210"]
    entry["name"] = "\x1b[2JIntroduction\tto Algorithms"
    entry["description"] = "Modeling\r=HYPERLINK(1)\x9b"
    catalog = parse_hydrant(json.dumps(document), source_url=None, fetched_at=FETCHED)
    subject = catalog.subject("6.1210")
    assert subject is not None
    assert (subject.title, subject.description) == (
        "[2JIntroduction to Algorithms",
        "Modeling =HYPERLINK(1)",
    )


# Search on the real term (solver.catalog.search), as a student types it.


def _search(text: str) -> list[tuple[str, ...]]:
    return [match.numbers for match in search_subjects(real_catalog("s26"), text)]


def test_real_search_ranks_what_students_look_for_first():
    assert ("6.3900",) in _search("machine learning")[:5]
    assert ("18.06",) in _search("linear algebra")[:3]
    assert _search("intro to algorithms")[0] == ("6.1210",)
    assert _search("6.006") == [("6.1210",)]  # an old number
    rows = search_subjects(real_catalog("s26"), "HASS-H")
    assert len(rows) > 50 and all("H" in match.subject.hass for match in rows[:20])


def test_real_search_lists_cross_listed_subjects_once():
    rows = _search("machine learning for healthcare")
    assert rows[0] == ("HST.956", "6.7930")
    listed = [number for numbers in _search("machine learning") for number in numbers]
    assert len(listed) == len(set(listed))


def test_real_search_filters_hass_h_without_final_best_rated_first(tmp_path):
    path = tmp_path / "s26.json"
    save_catalog(real_catalog("s26"), path)
    out, err = io.StringIO(), io.StringIO()
    argv = ["search", "--hass", "H", "--no-final", "--sort", "rating", "--format", "json"]
    assert main([*argv, "--catalog", str(path)], out, err) == 0
    rows = json.loads(out.getvalue())
    assert len(rows) > 100
    subjects = [real_catalog("s26").subject(row["numbers"][0]) for row in rows]
    assert all("H" in s.hass and not s.has_final for s in subjects)
    ratings = [row["rating"] for row in rows if row["rating"] is not None]
    assert ratings == sorted(ratings, reverse=True) and ratings[0] > 6.5
    assert all(row["rating"] is None for row in rows[len(ratings) :])  # unrated last


def test_real_show_says_whether_6_1210_can_be_taken(tmp_path):
    path = tmp_path / "s26.json"
    save_catalog(real_catalog("s26"), path)

    def status(taken: str) -> dict:
        out, err = io.StringIO(), io.StringIO()
        argv = ["show", "6.1210", "--taken", taken, "--format", "json", "--catalog", str(path)]
        assert main(argv, out, err) == 0
        return json.loads(out.getvalue())[0]["prereqs"]

    assert status("6.100A 6.1200")["status"] == "met"
    assert status("6.0001 6.042")["status"] == "met"  # the old numbers of both
    lacking = status("6.100A")
    assert lacking["status"] == "not met"
    assert lacking["missing"] == ["one of 6.1200 / (6.120A, (6.3700 / 6.3800 / 18.05 / 18.600))"]
