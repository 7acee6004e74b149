"""`search --fits FILE`: subjects with a choice of sections that clashes with nothing in the best
schedule of a preferences file, nor with itself."""

import io
import itertools
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from solver.catalog.clock import format_clock, parse_clock
from solver.catalog.store import save_catalog
from solver.cli import main
from solver.core.fits import fitting
from solver.core.options import build_options, segment_boundaries, segments_of
from tests.factories import catalog, section, subject


def at(section_id: str, days: str, start: str, end: str):
    return section(section_id, (days, start, end))


CATALOG = catalog(
    subject("6.1210", at("L01", "TR", "11:00", "12:30"), at("R01", "F", "10:00", "11:00")),
    subject("21A.1", at("L01", "T", "11:30", "12:30")),  # clashes
    subject("21A.2", at("L01", "R", "12:00", "13:00"), at("L02", "M", "12:00", "13:00")),
    subject("21A.3", at("L01", "M", "09:00", "10:00"), at("R01", "F", "10:30", "11:30")),
    subject("21A.4", section("L01", tba=True)),  # no times: nothing to clash with
    subject("21A.5", at("L01", "W", "09:00", "10:00"), at("R01", "W", "09:30", "10:30"),
            at("R02", "W", "10:00", "11:00")),  # R01 clashes with its own lecture; R02 fits
    subject("21A.6", at("L01", "W", "09:00", "10:00"), at("R01", "W", "09:30", "10:30")),
    subject("21A.7"),  # no sections: not in any week
)  # fmt: skip


def search(tmp_path: Path, prefs: str) -> tuple[int, str, str]:
    path, prefs_path = tmp_path / "catalog.json", tmp_path / "mine.yaml"
    save_catalog(CATALOG, path)
    prefs_path.write_text(prefs, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["search", "--fits", prefs_path, "--sort", "number", "--format", "json"]
    code = main([*map(str, argv), "--catalog", str(path)], out, err)
    return code, out.getvalue(), err.getvalue()


def test_fits_keeps_subjects_with_a_clash_free_choice(tmp_path):
    code, out, err = search(tmp_path, 'required: ["6.1210"]\n')
    assert (code, err) == (0, "")
    assert [row["numbers"][0] for row in json.loads(out)] == ["21A.2", "21A.4", "21A.5"]


def test_fits_without_any_schedule_says_so(tmp_path):
    code, out, err = search(tmp_path, 'required: ["6.1210"]\nfree_days: [T]\n')
    assert (code, out) == (2, "")
    assert err.endswith(
        "mine.yaml: no schedule fits these preferences, so no subject fits beside one\n"
    )


# Against brute force: every choice of raw sections, one per kind, on small random catalogs.

DAYS = ["M", "W", "MW"]  # few slots, so clashes (with the schedule and within) are common
timed = st.tuples(
    st.sampled_from(DAYS),
    st.sampled_from(["09:00", "09:30", "10:00", "11:00"]),
    st.sampled_from(["60", "90"]),
).map(lambda t: (t[0], t[1], format_clock(parse_clock(t[1]) + int(t[2]))))


@st.composite
def random_subject(draw, number: str):
    sections = []
    for kind in draw(st.sampled_from(["L", "LR", "R", "LB"])):
        for k in range(draw(st.integers(1, 2))):
            times = draw(st.lists(timed, max_size=1))
            sections.append(section(f"{kind}{k + 1:02d}", *times, tba=not times))
    return subject(number, *sections)


def overlap(a, b) -> bool:
    return a.day == b.day and a.start < b.end and b.start < a.end


def brute_fits(candidate, busy_meetings) -> bool:
    by_kind = {}
    for s in candidate.sections:
        by_kind.setdefault(s.kind, []).append(s)
    for choice in itertools.product(*by_kind.values()):
        mine = [m for s in choice for m in s.meetings]
        if any(overlap(a, b) for a, b in itertools.combinations(mine, 2)):
            continue
        if not any(overlap(a, b) for a in mine for b in busy_meetings):
            return True
    return False


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fitting_agrees_with_brute_force(data):
    subjects = [data.draw(random_subject(f"21A.{k + 1}")) for k in range(5)]
    cat = catalog(*subjects)
    first = subjects[0]
    options = build_options(first, segments_of(first, cat, segment_boundaries(cat)))
    busy = [data.draw(st.sampled_from(choices)) for choices in options.values()]
    expected = {
        s.number for s in subjects[1:] if brute_fits(s, [m for o in busy for m in o.meetings])
    }
    assert fitting(cat, busy) == expected
