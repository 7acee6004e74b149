"""Hostile numbers, drawn by hypothesis, in every numeric field of a preferences file and of a
catalog: each is read and solved with, or refused in one line naming its place; nothing crashes.
"""

import json
import math
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.catalog.store import load_catalog, save_catalog
from solver.core.deadline import Deadline
from solver.core.engine.ranking import rank_schedules
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.errors import CatalogError, CoursepickError, PreferencesError
from tests.factories import catalog, section, subject

CATALOG = catalog(
    subject("1.01", section("L01", ("MW", "10:00", "11:00")), rating=5.0, hours=9.0),
    subject("2.01", section("L01", ("TR", "12:00", "13:30")), hass=["H"]),
)
HOSTILE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.sampled_from(["1e19", "-0", "12", "abc", "", "0x10"]),
)
# Where a number goes in a preferences file (a path of keys), under required 1.01.
FIELDS = [
    ("units", "min"), ("units", "max"), ("units",), ("max_workload",), ("max_daily_hours",),
    ("time_limit",), ("top",), ("wishes", "fewer_days"), ("wishes", "lunch", "weight"),
    ("wishes", "lunch", "minutes"), ("wishes", "likes", "1.01"),
    ("electives", 0, "from", "min_rating"), ("electives", 0, "from", "max_hours"),
    ("electives", 0, "pick"),
]  # fmt: skip


def _with(path: tuple, value: object) -> dict:
    prefs: dict = {"required": ["1.01"], "electives": [{"pick": 1, "from": {"hass": "H"}}]}
    here: dict | list = prefs
    for key in path[:-1]:
        here = here.setdefault(key, {}) if isinstance(here, dict) else here[key]
    here[path[-1]] = value
    return prefs


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(FIELDS), HOSTILE)
def test_a_hostile_number_in_preferences_is_used_or_refused_in_one_line(path, value):
    text = yaml.safe_dump(_with(path, value))
    try:
        prefs, source = parse_preferences(text, "p.yaml")
        request = build_request(prefs, source, CATALOG)
        result = rank_schedules(request, top=3, deadline=Deadline.after(5))
    except PreferencesError as error:
        assert str(error).startswith("p.yaml:") and "\n" not in str(error)
        return
    # Read: every number is finite, and whatever was ranked is scored in finite points.
    for number in (prefs.max_workload, prefs.max_daily_hours, prefs.time_limit):
        assert number is None or math.isfinite(number)
    assert all(math.isfinite(r.points) for r in result.schedules)


NUMBERS = ["hours", "rating", "size"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(NUMBERS), HOSTILE)
def test_a_hostile_number_in_a_catalog_is_loaded_or_refused_in_one_line(tmp_path_factory, field,
                                                                       value):  # fmt: skip
    path: Path = tmp_path_factory.mktemp("catalog") / "c.json"
    save_catalog(CATALOG, path)
    document = json.loads(path.read_text())
    document["subjects"][0][field] = value
    path.write_text(json.dumps(document))  # NaN and Infinity as Python writes them
    try:
        loaded = load_catalog(path)
    except CatalogError as error:
        assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
        return
    number = getattr(loaded.subjects[0], field)
    assert number is None or math.isfinite(number)
    try:
        prefs, source = parse_preferences('required: ["1.01"]\nwishes: {fewer_days: 1}\n', "p")
        rank_schedules(build_request(prefs, source, loaded), top=2, deadline=Deadline.after(5))
    except CoursepickError:
        pass
