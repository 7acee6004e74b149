"""The bundled sample catalog: it loads, says it is a sample, and holds every shape we schedule."""

import itertools
import re
from collections.abc import Callable
from datetime import date

import pytest

from solver.catalog.schema import Catalog, Day, Kind, Meeting, Section, Subject
from solver.catalog.store import load_catalog, sample_catalog_path

# Department (6, 21W, STS, AS) then subject (1210, 01, 120A, C01, UR), as MIT numbers them.
REAL_LOOKING = re.compile(r"^(\d{1,2}|21[AGHLMW]|[A-Z]{2,4})\.(\d{2,4}[A-Z]?|[A-Z]{1,2}\d{0,3})$")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(sample_catalog_path())


def test_is_labelled_a_sample_of_spring_2026(catalog: Catalog) -> None:
    assert (catalog.source, catalog.term) == ("sample", "2026SP")
    assert "sample" in catalog.note.lower()
    assert "not a real term" in catalog.note
    assert "coursepick scrape" in catalog.note


def test_has_the_spring_2026_dates(catalog: Catalog) -> None:
    assert catalog.dates is not None
    assert (catalog.dates.start, catalog.dates.end) == (date(2026, 2, 2), date(2026, 5, 12))
    assert catalog.dates.first_half_end == date(2026, 3, 20)
    assert catalog.dates.second_half_start == date(2026, 3, 30)
    assert date(2026, 2, 16) in catalog.dates.holidays


def test_has_40_to_60_subjects(catalog: Catalog) -> None:
    assert 40 <= len(catalog.subjects) <= 60


def test_numbers_are_unique_and_real_looking(catalog: Catalog) -> None:
    numbers = [subject.number for subject in catalog.subjects]
    assert len(numbers) == len(set(numbers))
    assert [number for number in numbers if not REAL_LOOKING.match(number)] == []


def test_every_subject_has_a_title_and_a_description(catalog: Catalog) -> None:
    assert [s.number for s in catalog.subjects if not (s.title and s.description)] == []


def _meetings(subject: Subject) -> list[Meeting]:
    return [meeting for section in subject.sections for meeting in section.meetings]


def _same_time_other_room(subject: Subject) -> bool:
    for a, b in itertools.combinations(subject.sections, 2):
        if a.kind == b.kind and a.meetings == b.meetings and a.meetings and a.rooms != b.rooms:
            return True
    return False


def _timed_lecture_tba_lab(subject: Subject) -> bool:
    lectures, labs = subject.sections_of(Kind.LECTURE), subject.sections_of(Kind.LAB)
    return any(s.meetings for s in lectures) and any(s.tba and not s.meetings for s in labs)


def _has_two_spans(sections: list[Section]) -> bool:
    return any(len({(m.start, m.end) for m in section.meetings}) > 1 for section in sections)


# (shape, how many subjects at least, test of one subject)
SHAPES: list[tuple[str, int, Callable[[Subject], bool]]] = [
    ("first half of term", 2, lambda s: s.half == "first" and s.ends == date(2026, 3, 20)),
    ("second half of term", 2, lambda s: s.half == "second" and s.starts == date(2026, 3, 30)),
    ("evening meeting (R 19:00-22:00)", 1, lambda s: any(m.end >= 22 * 60 for m in _meetings(s))),
    ("ROTC before 07:00", 1, lambda s: any(m.start < 7 * 60 for m in _meetings(s))),
    ("timed lecture with a TBA lab", 1, _timed_lecture_tba_lab),
    ("units arranged", 1, lambda s: s.units.arranged),
    ("lecture only", 5, lambda s: s.kinds == [Kind.LECTURE]),
    ("lecture and recitation", 5, lambda s: s.kinds == [Kind.LECTURE, Kind.RECITATION]),
    ("lecture and lab", 3, lambda s: s.kinds == [Kind.LECTURE, Kind.LAB]),
    ("lab only", 1, lambda s: s.kinds == [Kind.LAB]),
    ("several lecture options", 2, lambda s: len(s.sections_of(Kind.LECTURE)) >= 3),
    ("10+ recitation options", 3, lambda s: len(s.sections_of(Kind.RECITATION)) >= 10),
    ("same time in two rooms", 5, _same_time_other_room),
    ("a section meeting at two different times", 2, lambda s: _has_two_spans(s.sections)),
    ("6 units", 2, lambda s: s.units.total == 6),
    ("9 units", 1, lambda s: s.units.total == 9),
    ("18 units", 1, lambda s: s.units.total == 18),
    ("graduate", 1, lambda s: s.level == "G"),
    ("final exam", 5, lambda s: s.has_final),
    ("HASS-H", 5, lambda s: "H" in s.hass),
    ("HASS-A", 2, lambda s: "A" in s.hass),
    ("HASS-S", 2, lambda s: "S" in s.hass),
    ("CI-H", 5, lambda s: s.ci == "CI-H"),
    ("CI-HW", 2, lambda s: s.ci == "CI-HW"),
    ("evaluations", 40, lambda s: None not in (s.rating, s.hours, s.size)),
    *(
        (f"GIR {code}", 1, lambda s, code=code: code in s.gir)
        for code in ["CAL1", "CAL2", "PHY1", "PHY2", "CHEM", "BIOL", "REST", "LAB"]
    ),
]


@pytest.mark.parametrize(("shape", "at_least", "test"), SHAPES, ids=[row[0] for row in SHAPES])
def test_contains_shape(
    catalog: Catalog, shape: str, at_least: int, test: Callable[[Subject], bool]
) -> None:
    assert len([subject for subject in catalog.subjects if test(subject)]) >= at_least


@pytest.mark.parametrize("link", ["same_as", "meets_with"])
def test_links_go_both_ways_and_share_sections(catalog: Catalog, link: str) -> None:
    pairs = 0
    for subject in catalog.subjects:
        for number in getattr(subject, link):
            other = catalog.subject(number)
            assert other is not None, f"{subject.number} {link} {number}, not in the sample"
            assert subject.number in getattr(other, link)
            # One class under two numbers: the student sees the same sections under either.
            assert other.sections == subject.sections
            pairs += 1
    assert pairs >= 2  # each link is counted from both ends


def test_meeting_lengths_vary(catalog: Catalog) -> None:
    lengths = {m.minutes for subject in catalog.subjects for m in _meetings(subject)}
    assert {60, 90, 120, 180} <= lengths


# The scenario the sample is built to serve: 6.1210 + 18.03 + 6.1200 + a HASS-H + a CI-H, with
# Friday free and nothing before 10:00. Checked by brute force, without the solver.
CORE = ["6.1210", "18.03", "6.1200"]


def _allowed(section: Section) -> bool:
    return all(m.day != Day.F and m.start >= 10 * 60 for m in section.meetings)


def _choices(subject: Subject) -> list[tuple[Section, ...]]:
    """Every allowed way to take the subject: one section of each kind it has."""
    per_kind = [[s for s in subject.sections_of(kind) if _allowed(s)] for kind in subject.kinds]
    return list(itertools.product(*per_kind))


def _clash(sections: tuple[Section, ...]) -> bool:
    meetings = [m for section in sections for m in section.meetings]
    return any(
        a.day == b.day and a.start < b.end and b.start < a.end
        for a, b in itertools.combinations(meetings, 2)
    )


def _core_schedules(catalog: Catalog) -> list[tuple[Section, ...]]:
    subjects = [catalog.subject(number) for number in CORE]
    picks = itertools.product(*(_choices(s) for s in subjects if s is not None))
    schedules = [tuple(itertools.chain(*pick)) for pick in picks]
    return [schedule for schedule in schedules if not _clash(schedule)]


def test_scenario_core_has_real_choice_of_times(catalog: Catalog) -> None:
    times = {
        tuple((m.day, m.start) for section in schedule for m in section.meetings)
        for schedule in _core_schedules(catalog)
    }
    assert len(times) >= 10


@pytest.mark.parametrize(
    "wanted", [lambda s: "H" in s.hass, lambda s: s.ci == "CI-H"], ids=["HASS-H", "CI-H"]
)
def test_scenario_leaves_room_for_several_humanities(
    catalog: Catalog, wanted: Callable[[Subject], bool]
) -> None:
    core = _core_schedules(catalog)
    fitting = [
        subject.number
        for subject in catalog.subjects
        if wanted(subject)
        and any(not _clash(schedule + choice) for schedule in core for choice in _choices(subject))
    ]
    assert len(fitting) >= 5
