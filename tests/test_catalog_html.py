"""scrape.catalog_html: catalog pages (fixtures in MIT's HTML format) to subjects and problems."""

from pathlib import Path

import pytest
from pydantic import TypeAdapter

from scrape.catalog_html import (
    CatalogPage,
    parse_catalog_page,
    parse_index_page,
    parse_term_name,
)
from scrape.errors import ScrapeError
from solver.catalog.schema import Subject

FIXTURES = Path(__file__).parent / "fixtures" / "catalog"
BASE = "http://catalog.test/catalog/"
REAL_HTML = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "mit" / "fireroad" / "test_html.txt"
)


def page(name: str) -> CatalogPage:
    return parse_catalog_page((FIXTURES / name).read_text(), url=BASE + name)


def meeting(text: str) -> dict[str, str]:
    """ "T 11:00-12:30" as the catalog's JSON writes a meeting."""
    day, span = text.split()
    start, end = span.split("-")
    return {"day": day, "start": start, "end": end}


def section(id: str, room: str | None, *meetings: str, tba: bool = False) -> dict[str, object]:
    """A section as `dump_python(mode="json", exclude_defaults=True)` writes it."""
    kind = {"L": "lecture", "R": "recitation", "B": "lab", "D": "design"}[id[0]]
    dumped: dict[str, object] = {"id": id, "kind": kind}
    if room is not None:
        dumped["rooms"] = [room]
    if meetings:
        dumped["meetings"] = [meeting(text) for text in meetings]
    if tba:
        dumped["tba"] = True
    return dumped


def fields(subject: Subject) -> dict[str, object]:
    """Everything but the description (checked on its own), defaults left out."""
    dumped = TypeAdapter(Subject).dump_python(subject, mode="json", exclude_defaults=True)
    dumped.pop("description", None)
    return dumped


def by_number(*pages: CatalogPage) -> dict[str, Subject]:
    return {subject.number: subject for one in pages for subject in one.subjects}


ARRANGED_SPECIAL = {
    "title": "Special Subject in Computer Science",
    "level": "U",
    "terms": ["FA", "JA", "SP"],
    "instructors": ["Consult department"],
    "prereqs": "Permission of instructor",
}

EXPECTED = {
    # Old number on its own h3 line, a REST icon, a coreq in <I>, one alternative in two rooms,
    # +final, and per-term instructors (this is a spring page).
    "6.1010": {
        "number": "6.1010",
        "title": "Fundamentals of Programming Practice",
        "old_number": "6.009",
        "units": {"lecture": 2, "lab": 4, "prep": 6},
        "level": "U",
        "terms": ["FA", "SP"],
        "gir": ["REST"],
        "has_final": True,
        "instructors": ["M. Okafor", "D. Lindqvist"],
        "prereqs": "6.1000 or 6.100A; Coreq: 8.01",
        "sections": [
            section("L01", "26-100", "T 11:00-12:30", "R 11:00-12:30"),
            section("R01", "5-134", "F 10:00-11:00"),
            section("R02", "5-134", "F 11:00-12:00"),
            section("R03", "24-121", "F 11:00-12:00"),
            section("R04", "24-121", "F 14:00-15:00"),
        ],
    },
    # [J] and "Same subject as", a GIR icon, an evening recitation.
    "6.1200": {
        "number": "6.1200",
        "title": "Mathematics for Computer Science",
        "units": {"lecture": 5, "prep": 7},
        "level": "U",
        "terms": ["FA", "SP"],
        "gir": ["CAL2"],
        "same_as": ["18.062"],
        "has_final": True,
        "instructors": ["Z. Abel", "F. Nyberg"],
        "prereqs": "Calculus I (GIR)",
        "sections": [
            section("L01", "32-123", "T 14:30-16:00", "R 14:30-16:00"),
            section("R01", "36-155", "W 10:00-11:00", "F 10:00-11:00"),
            section("R02", "36-155", "W 11:00-12:00", "F 11:00-12:00"),
            section("R03", "4-163", "W 19:00-20:00"),
        ],
    },
    # "(New)" on its own h3 line, first half of term, "Ends Mar 20." (the year from the h1).
    "6.1300": {
        "number": "6.1300",
        "title": "Programming Bootcamp",
        "units": {"lecture": 2, "prep": 4},
        "level": "U",
        "terms": ["SP"],
        "half": "first",
        "ends": "2026-03-20",
        "instructors": ["S. Varga"],
        "prereqs": "None",
        "sections": [section("L01", "32-082", "M 13:00-14:30", "W 13:00-14:30")],
    },
    "6.1310": {
        "number": "6.1310",
        "title": "Programming Bootcamp Projects",
        "units": {"lecture": 2, "prep": 4},
        "level": "U",
        "terms": ["SP"],
        "half": "second",
        "starts": "2026-03-30",
        "instructors": ["S. Varga"],
        "prereqs": "6.1300",
        "sections": [section("L01", "34-101", "T 19:00-20:30", "R 19:00-20:30")],
    },
    # One section meeting at two times (MW9.30-11,F10), a TBA lab, "Subject meets with".
    "6.1400": {
        "number": "6.1400",
        "title": "Computation Structures Laboratory",
        "units": {"lecture": 3, "lab": 6, "prep": 3},
        "level": "U",
        "terms": ["SP"],
        "gir": ["LAB"],
        "meets_with": ["6.1401"],
        "instructors": ["T. Brandt"],
        "prereqs": "6.1010",
        "sections": [
            section("L01", "1-190", "M 09:30-11:00", "W 09:30-11:00", "F 10:00-11:00"),
            section("B01", None, tba=True),
        ],
    },
    # A range of three anchors sharing one block, with per-number schedules.
    "6.S191": {
        "number": "6.S191",
        **ARRANGED_SPECIAL,
        "sections": [section("L01", "4-270", "T 15:00-17:00")],
    },
    "6.S192": {
        "number": "6.S192",
        **ARRANGED_SPECIAL,
        "sections": [section("L01", "VIRTUAL", "W 15:00-17:00")],
    },
    "6.S193": {"number": "6.S193", **ARRANGED_SPECIAL},
    # A malformed anchor (name="6.3900>"), plural kinds "Lectures:" and "Labs:".
    "6.3900": {
        "number": "6.3900",
        "title": "Introduction to Machine Learning",
        "units": {"lecture": 4, "prep": 8},
        "level": "U",
        "terms": ["FA", "SP"],
        "instructors": ["N. Castellano"],
        "prereqs": "6.1010 and 18.06",
        "sections": [
            section("L01", "10-250", "T 09:30-11:00"),
            section("B01", "34-501", "M 11:00-12:30"),
            section("B02", "34-501", "M 13:00-14:30"),
        ],
    },
    # Design sections, a room name with a space, a partial-lab icon.
    "6.4200": {
        "number": "6.4200",
        "title": "Robotics: Science and Systems",
        "units": {"lecture": 2, "lab": 6, "prep": 4},
        "level": "U",
        "terms": ["SP"],
        "gir": ["LAB2"],
        "instructors": ["K. Mbeki"],
        "prereqs": "6.3900",
        "sections": [
            section("L01", "32-144", "M 13:00-14:30", "W 13:00-14:30"),
            section("D01", "32-044", "T 13:00-16:00", "R 13:00-16:00"),
            section("D02", "WHOI CAMPUS", "T 13:00-16:00", "R 13:00-16:00"),
        ],
    },
    # A bare TBA (not in italics), a graduate subject.
    "6.5830": {
        "number": "6.5830",
        "title": "Database Systems",
        "units": {"lecture": 3, "prep": 9},
        "level": "G",
        "terms": ["SP"],
        "meets_with": ["6.5831"],
        "instructors": ["L. Okonkwo"],
        "prereqs": "6.1400",
        "sections": [section("L01", None, tba=True)],
    },
    # Units arranged, every term, no schedule line at all.
    "6.UR": {
        "number": "6.UR",
        "title": "Undergraduate Research in Electrical Engineering and Computer Science",
        "level": "U",
        "terms": ["FA", "JA", "SP", "SU"],
        "instructors": ["Consult department"],
        "prereqs": "None",
    },
    # HASS and CI icons, two lecture alternatives, per-term instructors.
    "21W.021": {
        "number": "21W.021",
        "title": "Writing and Experience",
        "units": {"lecture": 3, "prep": 9},
        "level": "U",
        "terms": ["FA", "SP"],
        "hass": ["H"],
        "ci": "CI-H",
        "instructors": ["P. Haldane"],
        "prereqs": "None",
        "sections": [
            section("L01", "14E-310", "M 09:30-11:00", "W 09:30-11:00"),
            section("L02", "56-180", "T 15:30-17:00", "R 15:30-17:00"),
        ],
    },
    "21W.035": {
        "number": "21W.035",
        "title": "Science Writing and New Media",
        "units": {"lecture": 3, "prep": 9},
        "level": "U",
        "terms": ["SP"],
        "hass": ["A"],
        "ci": "CI-HW",
        "same_as": ["CMS.335"],
        "instructors": ["A. Lindgren"],
        "prereqs": "None",
        "sections": [section("L01", "E15-335", "T 19:00-20:30", "R 19:00-20:30")],
    },
    # Quarter dates "Meets 4/6 to 5/8." and a three-hour evening.
    "21W.825": {
        "number": "21W.825",
        "title": "Documentary Writing",
        "units": {"lecture": 2, "prep": 4},
        "level": "G",
        "terms": ["SP"],
        "hass": ["S"],
        "starts": "2026-04-06",
        "ends": "2026-05-08",
        "instructors": ["R. Iyer"],
        "prereqs": "21W.021",
        "sections": [section("L01", "E15-341", "W 19:00-22:00")],
    },
}


def test_index_lists_department_pages_only_once_each():
    html = (FIXTURES / "index.cgi.html").read_text()

    urls = parse_index_page(html, BASE + "index.cgi")

    assert urls == [BASE + "m6a.html", BASE + "m21Wa.html"]


def test_index_without_a_department_list_is_an_error():
    with pytest.raises(ScrapeError, match="no department pages"):
        parse_index_page("<html><body><ul><li>nothing</li></ul></body></html>", BASE)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("IAP/Spring 2026", "2026SP"),
        ("Fall 2025", "2025FA"),
        ("Spring 2026", "2026SP"),
        ("IAP 2026", "2026JA"),
        ("Summer 2025", "2025SU"),
        ("MIT Subject Listing & Schedule", None),
    ],
)
def test_term_names_become_term_codes(name, code):
    assert parse_term_name(name) == code


def test_page_header_names_the_term_and_the_sibling_pages():
    first = page("m6a.html")

    assert (first.term_name, first.truncated) == ("IAP/Spring 2026", None)
    assert first.siblings == [BASE + "m6b.html"]
    assert page("m6b.html").siblings == [BASE + "m6a.html"]
    assert page("m21Wa.html").siblings == []


def test_every_readable_block_becomes_a_subject_in_page_order():
    # PIP is a junk anchor; 6.1500 cannot be read; 6.4210 is not offered this year.
    assert [subject.number for subject in page("m6a.html").subjects] == [
        "6.1010",
        "6.1200",
        "6.1300",
        "6.1310",
        "6.1400",
        "6.S191",
        "6.S192",
        "6.S193",
    ]
    assert [subject.number for subject in page("m6b.html").subjects] == [
        "6.3900",
        "6.4200",
        "6.5830",
        "6.UR",
    ]


@pytest.mark.parametrize("number", list(EXPECTED))
def test_subject_fields(number):
    subjects = by_number(page("m6a.html"), page("m6b.html"), page("m21Wa.html"))

    assert fields(subjects[number]) == EXPECTED[number]


def test_units_arranged_is_read_as_arranged():
    subjects = by_number(page("m6a.html"), page("m6b.html"))

    assert subjects["6.UR"].units.arranged
    assert subjects["6.S192"].units.arranged
    assert not subjects["6.1010"].units.arranged


def test_description_stops_before_instructors_and_textbooks():
    subjects = by_number(page("m6a.html"))

    assert subjects["6.1010"].description == (
        "Teaches habits of careful program construction through weekly labs in Python: "
        "decomposing a problem, choosing representations, testing, and debugging. Larger "
        "projects in the second half of the term."
    )
    assert subjects["6.1200"].description.endswith("from algorithms and networks.")


def test_unreadable_subjects_are_problems_and_the_rest_of_the_page_is_kept():
    problems = page("m6a.html").problems + page("m6b.html").problems + page("m21Wa.html").problems

    assert [(p.subject, p.text, p.where) for p in problems] == [
        ("6.1500", "TR9.30-", BASE + "m6a.html"),
        ("21W.789", "Studio:", BASE + "m21Wa.html"),
    ]
    assert "could not parse meeting time 'TR9.30-'" in problems[0].reason
    assert problems[1].reason == "an unknown section kind"


def test_not_offered_subjects_are_left_out():
    assert "6.4210" not in by_number(page("m6b.html"))
    assert page("m6b.html").problems == []


@pytest.mark.parametrize(
    ("cut", "reason"),
    [
        ("in the middle of a subject", "the page ends before </html>"),
        ("right after a subject's end mark", "the page ends before </html>"),
    ],
)
def test_a_page_cut_off_is_reported_as_truncated(cut, reason):
    html = (FIXTURES / "m6a.html").read_text()
    end = html.index("<!--end-->", html.index('name="6.1300"')) + len("<!--end-->")
    cut_html = html[: end - 200] if cut == "in the middle of a subject" else html[:end]

    assert parse_catalog_page(cut_html, url=BASE + "m6a.html").truncated == reason


def test_a_last_block_without_its_end_mark_is_truncated():
    html = (FIXTURES / "m21Wa.html").read_text()
    last_end = html.rindex("<!--end-->")
    html = html[:last_end] + html[last_end + len("<!--end-->") :]

    page = parse_catalog_page(html, url=BASE + "m21Wa.html")

    assert page.truncated == "the block of 21W.825 has no <!--end-->"


def schedule_page(schedule: str, numbers: tuple[str, ...] = ("9.100",)) -> CatalogPage:
    """A one-block spring page with the given schedule line."""
    anchors = "".join(f'<a name="{number}"></a>' for number in numbers)
    html = f"""<html><body><h1>MIT Subject Listing &amp; Schedule<br>IAP/Spring 2026</h1>
{anchors}<p><h3>{numbers[0]} Test Subject<br><img src="/icns/hr.gif"></h3>
<img title="Undergrad" src="/icns/under.gif"> (<img title="Spring" src="/icns/spring.gif">)
<br>Units: 3-0-9
<br>{schedule}<!--s-->
<br><img src="/icns/hr.gif">
<br>A description.
<br><I>A. Teacher</I><br>
</p><!--end-->
</body></html>"""
    return parse_catalog_page(html, url=BASE + "m9a.html")


@pytest.mark.parametrize(
    ("schedule", "sections"),
    [
        (
            "<b>Lecture:</b> <i>MW10</i> (1-190) or <i>MW11</i> (1-190)",
            [
                section("L01", "1-190", "M 10:00-11:00", "W 10:00-11:00"),
                section("L02", "1-190", "M 11:00-12:00", "W 11:00-12:00"),
            ],
        ),
        (
            "<b>Lecture:</b> <i>TR EVE</i> (7-9 PM) (4-270)",
            [section("L01", "4-270", "T 19:00-21:00", "R 19:00-21:00")],
        ),
        (
            "<b>Fall:</b> <b>Lecture:</b> <i>M10</i> (1-190) "
            "<b>Spring:</b> <b>Lecture:</b> <i>T10</i> (2-190)",
            [section("L01", "2-190", "T 10:00-11:00")],
        ),
        (
            "<b>Lecture:</b> <i>F2</i> () <b>Recitation:</b> <i>TBA</i> (TBD)",
            [section("L01", None, "F 14:00-15:00"), section("R01", "TBD", tba=True)],
        ),
    ],
)
def test_schedule_lines(schedule, sections):
    parsed = schedule_page(schedule)

    assert parsed.problems == []
    assert fields(parsed.subjects[0])["sections"] == sections


@pytest.mark.parametrize(
    ("schedule", "text", "reason"),
    [
        (
            "<b>Lecture:</b> <i>MW10</i> (1-190) <i>F10</i> (1-190)",
            "F10 (1-190)",
            "expected 'or' between lecture alternatives",
        ),
        ("<b>Lecture:</b> see the department", "see the department", "unreadable lecture times"),
        ("<b>Seminar:</b> <i>M10</i> (1-190)", "Seminar:", "an unknown section kind"),
        ("<i>MW10</i> (1-190)", "MW10 (1-190)", "meeting times before any 'Lecture:' label"),
        (
            "<b>9.999:</b> <b>Lecture:</b> <i>M10</i> (1-190)",
            "9.999:",
            "a schedule for a number this block lacks ['9.100']",
        ),
        ("Ends Feb 30. <b>Lecture:</b> <i>M10</i> (1-190)", "Feb 30", "not a calendar date"),
    ],
)
def test_unreadable_schedule_lines_are_problems(schedule, text, reason):
    parsed = schedule_page(schedule)

    assert parsed.subjects == []
    assert [(p.subject, p.text, p.reason) for p in parsed.problems] == [("9.100", text, reason)]


@pytest.mark.realdata
def test_real_catalog_fragment_reads_field_by_field():
    if not REAL_HTML.exists():
        pytest.skip(f"real catalog HTML not found at {REAL_HTML} (shared data is not checked out)")
    parsed = parse_catalog_page(
        REAL_HTML.read_text(), url="http://student.mit.edu/catalog/m1a.html"
    )
    subjects = {subject.number: subject for subject in parsed.subjects}

    # A fragment cut from m1a.html: no page header, and its last block lacks <!--end-->.
    assert parsed.truncated == "the page ends before </html>"
    assert parsed.problems == []
    assert list(subjects) == ["1.001", "1.007", "1.010", "1.011", "1.013", "1.015"]
    assert fields(subjects["1.001"]) == {
        "number": "1.001",
        "title": "Engineering Computation and Data Science",
        "units": {"lecture": 3, "lab": 2, "prep": 7},
        "level": "G",
        "terms": ["SP"],
        "meets_with": ["1.00"],
        "instructors": ["J. Williams"],
        "prereqs": "Calculus I (GIR)",
    }
    assert fields(subjects["1.007"]) == {
        "number": "1.007",
        "title": "Big Engineering: Small Solutions with a Large Impact",
        "units": {"lecture": 3, "prep": 3},
        "level": "U",
        "terms": ["FA"],
        "instructors": ["B. Marelli"],
        "prereqs": "None",
        "sections": [
            section("L01", "1-134", "T 14:00-16:00"),
            section("R01", "1-371", "R 15:00-16:00"),
        ],
    }
    assert fields(subjects["1.010"]) == {
        "number": "1.010",
        "title": "Uncertainty in Engineering",
        "units": {"lecture": 5, "prep": 7},
        "level": "U",
        "terms": ["FA"],
        "has_final": True,
        "instructors": ["S. Saavedra"],
        "prereqs": "Calculus II (GIR)",
        "sections": [
            section("L01", "1-242", "T 09:00-10:30", "R 09:00-10:30"),
            section("R01", "1-242", "T 15:00-17:00"),
        ],
    }
    assert fields(subjects["1.011"]) == {
        "number": "1.011",
        "title": "Project Evaluation and Management",
        "units": {"lecture": 3, "lab": 1, "prep": 8},
        "level": "U",
        "terms": ["SP"],
        "instructors": ["J. Sussman"],
        "prereqs": "None",
    }
    assert fields(subjects["1.013"]) == {
        "number": "1.013",
        "title": "Senior Civil and Environmental Engineering Design",
        "units": {"lecture": 2, "lab": 6, "prep": 4},
        "level": "U",
        "terms": ["SP"],
        "instructors": ["H. Hemond"],
        "prereqs": "Permission of instructor",
    }
    assert fields(subjects["1.015"]) == {
        "number": "1.015",
        "title": "Design of Electromechanical Robotic Systems",
        "units": {"lecture": 3, "lab": 3, "prep": 6},
        "level": "U",
        "terms": ["SP"],
        "gir": ["LAB2"],
        "same_as": ["2.017"],
        "instructors": ["F. S. Hover", "J. J. Leonard"],
        "prereqs": "2.003; Coreq: 2.005, 2.05 and 2.051, or 2.016; 2.671",
    }
    assert subjects["1.001"].description.startswith("Presents fundamentals of computing")
    assert subjects["1.007"].description.endswith("Course 1 sophomores.")
