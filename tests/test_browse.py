"""Browsing: search ranks subjects by number or by words (bm25); renders are compared whole."""

from datetime import UTC, date, datetime

import pytest

from solver.catalog.schema import Catalog, Kind, Meeting, Section, Subject, TermDates, Units
from solver.catalog.search import Match, search_subjects
from solver.render.browse import render_search, render_subject


def section(section_id: str, kind: Kind, times: str, *rooms: str, tba: bool = False) -> Section:
    """A section from `"TR 11:00-12:30"`-style text ("" for none)."""
    meetings = []
    for group in filter(None, times.split(", ")):
        days, span = group.split()
        start, end = span.split("-")
        meetings += [Meeting(day=day, start=start, end=end) for day in days]
    return Section(id=section_id, kind=kind, rooms=list(rooms), meetings=meetings, tba=tba)


ALGORITHMS = Subject(
    number="6.1210",
    title="Introduction to Algorithms",
    old_number="6.006",
    units=Units(lecture=5, prep=7),
    level="U",
    terms=["FA", "SP"],
    instructors=["S. Nakamura"],
)
LOW_LEVEL = Subject(
    number="6.1903",
    title="Introduction to Low-level Programming in C and Assembly",
    units=Units(lecture=2, lab=2, prep=2),
    level="U",
    terms=["SP"],
    gir=["REST"],
    same_as=["18.1903"],
    meets_with=["6.1904"],
    half="first",
    has_final=True,
    instructors=["J. Whitfield", "A. Rivera"],
    prereqs="6.100A",
    description="C and RISC-V assembly.",
    rating=5.64,
    hours=7.1,
    size=96,
    sections=[
        section("L01", Kind.LECTURE, "TR 13:00-14:00, F 13:00-14:30", "32-141"),
        section("R05", Kind.RECITATION, "WF 10:00-11:00", "34-302"),
        section("R03", Kind.RECITATION, "WF 10:00-11:00", "34-301"),
        section("R04", Kind.RECITATION, "W 11:00-12:00", "34-301", "34-303"),
        section("B01", Kind.LAB, "", "38-600", tba=True),
    ],
)
MATH_CS = Subject(number="18.062", title="Mathematics for Computer Science", instructors=["Lin"])
LINEAR = Subject(number="18.06", title="Linear Algebra", units=Units(lecture=4, prep=8))
MATRIX = Subject(number="18.065", title="Matrix Methods", gir=["REST"], hass=["S"])
RESEARCH = Subject(number="6.UR", title="Undergraduate Research in EECS")
WRITING = Subject(
    number="21W.742",
    title="Writing about Race",
    units=Units(lecture=3, prep=9),
    hass=["H"],
    ci="CI-H",
)

CATALOG = Catalog(
    term="2026SP",
    source="sample",
    fetched_at=datetime(2026, 1, 15, tzinfo=UTC),
    dates=TermDates(
        start=date(2026, 2, 2), end=date(2026, 5, 12), first_half_end=date(2026, 3, 20)
    ),
    subjects=[ALGORITHMS, LOW_LEVEL, MATH_CS, LINEAR, MATRIX, RESEARCH],
)


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("6.1210", ["6.1210"]),  # exact number
        ("18.06", ["18.06", "18.062", "18.065"]),  # exact number before earlier prefixes
        ("18.0", ["18.062", "18.06", "18.065"]),  # prefixes keep catalog order
        ("6.006", ["6.1210"]),  # old number
        ("18.1903", ["6.1903 / 18.1903"]),  # a joint number finds the subject
        ("1", ["6.1903 / 18.1903", "18.062", "18.06", "18.065", "6.1210"]),  # prefix, then rest
        ("algorithms", ["6.1210"]),  # title
        ("  ALGORITHMS ", ["6.1210"]),  # case and spaces do not matter
        ("intro algo", ["6.1210"]),  # every word, as a prefix
        ("whitfield", ["6.1903 / 18.1903"]),  # instructor
        ("risc", ["6.1903 / 18.1903"]),  # description
        ("HASS-S", ["18.065"]),  # attribute
        ("lin", ["18.06", "18.062"]),  # a title word weighs more than an instructor
        ("introduction", ["6.1210", "6.1903 / 18.1903"]),  # the shorter title fits better
        ('"low-level programming"', ["6.1903 / 18.1903"]),  # a phrase
        ('"programming low-level"', []),  # ... in its order
        ("matrix algorithms", ["18.065", "6.1210"]),  # no subject has both: either will do
        ("", ["6.1210", "6.1903 / 18.1903", "18.062", "18.06", "18.065", "6.UR"]),  # all
        ("xyz", []),
        ('"', []),
        ("NEAR(x) AND *", ["6.1903 / 18.1903"]),  # FTS5 syntax is words: "and" matches
    ],
)
def test_search_subjects(text: str, rows: list[str]) -> None:
    assert [" / ".join(m.numbers) for m in search_subjects(CATALOG, text)] == rows


def test_search_ranks_by_relevance_not_catalog_order() -> None:
    numerical = Subject(number="18.C21B", title="Numerical Methods for Large-Scale Linear Algebra")
    catalog = CATALOG.model_copy(update={"subjects": [numerical, LINEAR]})
    rows = search_subjects(catalog, "linear algebra")
    assert [m.subject.number for m in rows] == ["18.06", "18.C21B"]


def test_search_lists_cross_listed_numbers_as_one_row() -> None:
    twin = Subject(number="18.1903", title=LOW_LEVEL.title)  # lists no joint number itself
    catalog = Catalog(term="2026SP", source="sample", fetched_at=CATALOG.fetched_at,
                      subjects=[twin, ALGORITHMS, LOW_LEVEL])  # fmt: skip
    rows = search_subjects(catalog, "programming")
    assert [m.numbers for m in rows] == [("18.1903", "6.1903")]


def test_render_subject_shows_everything_and_merges_rooms() -> None:
    assert render_subject(LOW_LEVEL, CATALOG) == (
        "6.1903 Introduction to Low-level Programming in C and Assembly\n"
        "units: 2-2-2 (6 units)\n"
        "level: undergraduate\n"
        "offered: spring\n"
        "attributes: REST\n"
        "dates: first half of term, ends 2026-03-20\n"
        "same subject as: 18.1903\n"
        "meets with: 6.1904\n"
        "final exam: yes\n"
        "instructors: J. Whitfield, A. Rivera\n"
        "evaluations: rating 5.6/7, 7.1 hours a week, 96 students\n"
        "prereqs: 6.100A\n"
        "C and RISC-V assembly.\n"
        "sections:\n"
        "  L01      lecture     TR 13:00-14:00, F 13:00-14:30  32-141\n"
        "  R05/R03  recitation  WF 10:00-11:00                 34-302/34-301\n"
        "  R04      recitation  W 11:00-12:00                  34-301, 34-303\n"
        "  B01      lab         TBA                            38-600"
    )


def test_render_subject_with_arranged_units_and_no_sections() -> None:
    assert render_subject(RESEARCH, CATALOG) == (
        "6.UR Undergraduate Research in EECS\nunits: arranged\nsections: none scheduled"
    )


def test_render_search_tabulates_number_title_units_attributes() -> None:
    matches = [Match(s, (s.number,)) for s in (LINEAR, MATRIX, RESEARCH, WRITING)]
    assert render_search(matches, "x") == (
        "number    title                           units     attributes\n"
        "--------  ------------------------------  --------  ------------\n"
        "18.06     Linear Algebra                  12\n"
        "18.065    Matrix Methods                  arranged  REST, HASS-S\n"
        "6.UR      Undergraduate Research in EECS  arranged\n"
        "21W.742   Writing about Race              12        HASS-H, CI-H"
    )


def test_render_search_keeps_numbers_as_written() -> None:
    subject = Subject(number="6.1200", title="Mathematics for Computer Science")
    assert render_search([Match(subject, ("6.1200",))]).splitlines()[2].startswith("6.1200 ")


def test_render_search_joins_cross_listed_numbers() -> None:
    line = render_search([Match(LOW_LEVEL, ("6.1903", "18.1903"))]).splitlines()[2]
    assert line.startswith("6.1903 / 18.1903  Introduction to Low-level")


def test_render_search_says_when_nothing_matches() -> None:
    assert render_search([], "xyz") == "no subject matches 'xyz'"


# The full-text index kept between searches


def test_search_keeps_its_index_and_reuses_it(tmp_path) -> None:
    index = tmp_path / "search" / "2026SP.sqlite"
    first = search_subjects(CATALOG, "algorithms", index)
    made = index.stat()
    again = search_subjects(CATALOG, "algorithms", index)
    assert first == again and [m.subject.number for m in again] == ["6.1210"]
    assert (index.stat().st_ino, index.stat().st_mtime_ns) == (made.st_ino, made.st_mtime_ns)
    assert [p.name for p in index.parent.iterdir()] == ["2026SP.sqlite"]  # no temporary files


def test_search_rebuilds_a_stale_index(tmp_path) -> None:
    index = tmp_path / "2026SP.sqlite"
    search_subjects(CATALOG, "algorithms", index)
    renamed = Subject(number="6.1220", title="Design and Analysis of Algorithms")
    changed = CATALOG.model_copy(update={"subjects": [*CATALOG.subjects, renamed]})
    found = [m.subject.number for m in search_subjects(changed, "algorithms", index)]
    assert sorted(found) == ["6.1210", "6.1220"]  # the new subject is found
    assert [m.subject.number for m in search_subjects(CATALOG, "algorithms", index)] == ["6.1210"]


@pytest.mark.parametrize(
    "garbage", [b"", b"not a database at all" * 100, b"SQLite format 3\0" + b"\xff" * 4096]
)
def test_search_replaces_a_corrupt_index(tmp_path, garbage: bytes) -> None:
    index = tmp_path / "2026SP.sqlite"
    index.write_bytes(garbage)
    assert [m.subject.number for m in search_subjects(CATALOG, "whitfield", index)] == ["6.1903"]
    assert index.read_bytes().startswith(b"SQLite format 3\0") and index.read_bytes() != garbage


def test_search_without_a_writable_place_for_its_index_searches_in_memory(tmp_path) -> None:
    blocker = tmp_path / "search"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    found = search_subjects(CATALOG, "algorithms", blocker / "2026SP.sqlite")
    assert [m.subject.number for m in found] == ["6.1210"]


@pytest.mark.parametrize("width", [60, 80, 100])
def test_render_search_fits_the_width_shortening_titles(width: int) -> None:
    long = Subject(number="18.C21B", title="Numerical Methods for Large-Scale Linear Algebra " * 3)
    joint = Subject(number="20.C01", title="Machine Learning", same_as=("3.C01", "10.C01"))
    matches = [Match(long, ("18.C21B",)), Match(joint, ("20.C01", "3.C01", "10.C01")),
               Match(LINEAR, ("18.06",))]  # fmt: skip
    lines = render_search(matches, "x", width).splitlines()
    assert max(len(line) for line in lines) <= width
    assert "…" in lines[2] and "Linear Algebra" in lines[4]  # only what is too long is cut


def test_render_search_says_how_many_rows_were_left_out() -> None:
    table = render_search([Match(LINEAR, ("18.06",))], "x", more=12)
    assert table.splitlines()[-1] == "12 more; --limit to see them"
