"""The degree keys of a preferences file (as strict as the rest: unknown keys refused, errors
with lines) and CourseRoad road files."""

import json

import pytest

from solver.core.preferences import parse_preferences
from solver.degree.contract import overrides_of, sharing_of
from solver.degree.errors import AuditError
from solver.degree.road import load_road, parse_road
from solver.degree.sharing import Sharing
from solver.errors import PreferencesError


def _keys(text: str):
    return parse_preferences(text, "mine.yaml")[0]


def test_the_degree_keys_read_into_settings():
    keys = _keys(
        "programs: [girs, major6-3, ./draft.reql]\nsharing: {strict: [major6-3, minor6]}\n"
        "overlay: minor6/2\nmet: [major6-3/2/2]\nignore: []\nsubstitute: {21W.789: 6.1040}\n"
        "required: [6.1210]\n"
    )
    assert keys.programs == ["girs", "major6-3", "./draft.reql"]
    assert sharing_of(keys, keys.programs) == Sharing(frozenset({"major6-3", "minor6"}), True)
    assert overrides_of(keys).met == frozenset({"major6-3/2/2"})
    assert overrides_of(keys).overlay == frozenset({"minor6/2"})
    assert keys.substitute == {"21W.789": "6.1040"}


def test_strict_sharing_leaves_the_girs_free():
    keys = _keys("programs: [girs, major6-3]\nsharing: strict\n")
    assert sharing_of(keys, keys.programs) == Sharing(frozenset({"major6-3"}))


ERRORS = [
    ("sharing: loose\n", "mine.yaml:1: sharing: 'loose' is not one of free, strict"),
    ("sharing: {strikt: [a]}\n", "mine.yaml:1: unknown key 'strikt' (did you mean 'strict'?)"),
    ("\nmet: [major6-3/x]\n", "mine.yaml:2: met.0: 'major6-3/x' is not a list id or a node path"),
    ("substitute: {hello: 6.1040}\n", "mine.yaml:1: substitute.hello"),
]


@pytest.mark.parametrize(("text", "error"), ERRORS)
def test_a_mistake_names_its_line(text, error):
    with pytest.raises(PreferencesError) as raised:
        _keys(text)
    assert str(raised.value).startswith(error)


def test_girs_cannot_be_strict():
    keys = _keys("sharing: {strict: [girs, major6-3]}\n")
    with pytest.raises(PreferencesError, match="girs cannot be strict"):
        sharing_of(keys, ["girs", "major6-3"])


def test_a_road_gives_its_programs_and_subjects_with_their_terms(tmp_path):
    road = {
        "coursesOfStudy": ["girs", "major6-3"],
        "progressOverrides": {"major6-3.2.2": 3},
        "selectedSubjects": [
            {"subject_id": "6.0001", "units": 6, "semester": 0},
            {"subject_id": "HASS-A", "units": 12, "semester": 7},
        ],
    }
    path = tmp_path / "mine.road"
    path.write_text(json.dumps(road))
    read = load_road(path)
    assert read.programs == ("girs", "major6-3")
    assert [(e.text, e.units, e.term) for e in read.entries] == [
        ("6.0001", 6, "semester 0"),
        ("HASS-A", 12, "semester 7"),
    ]
    assert "progressOverrides (major6-3.2.2: 3) are not applied" in read.warnings[0]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ([], "not a road file: it has no selectedSubjects list"),
        ({"selectedSubjects": [{"units": 12}]}, "selectedSubjects[0] has no subject_id"),
        ({"selectedSubjects": [], "coursesOfStudy": "girs"}, "coursesOfStudy is not a list"),
    ],
)
def test_a_broken_road_is_one_line(data, error):
    with pytest.raises(AuditError, match=error.replace("[", r"\[").replace("]", r"\]")):
        parse_road(data, "x.road")


def test_a_road_that_is_not_json_is_one_line(tmp_path):
    path = tmp_path / "x.road"
    path.write_text("[" * 100_000)
    with pytest.raises(AuditError, match="not a road file"):
        load_road(path)


def test_taken_subjects_may_be_written_unquoted():
    # YAML reads 6.1200 as the number 6.12: the entry is what the student wrote.
    assert _keys("taken: [6.1200, 18.01, CAL1]\n").taken == ["6.1200", "18.01", "CAL1"]
