"""The audit on real data: CourseRoad's example road (old numbers, 2017-era) against the real
lists and the real Spring 2026 term. Marked realdata: skipped without ../shared."""

import shutil
from pathlib import Path

import pytest

from solver.catalog.store import load_catalog, term_path
from solver.degree.ask import AuditAsk, run_audit
from solver.render.audit import render_audit

FIREROAD = Path(__file__).resolve().parents[2] / "shared" / "data" / "mit" / "fireroad"
pytestmark = pytest.mark.realdata


@pytest.fixture
def real_cache(cache, real_catalog):
    if not FIREROAD.is_dir():
        pytest.skip(f"FireRoad's data not found at {FIREROAD}")
    shutil.copytree(FIREROAD / "requirements", cache / "requirements")
    term_path(cache, "2026SP").parent.mkdir(parents=True)
    shutil.copy(real_catalog, term_path(cache, "2026SP"))
    return cache


def test_the_example_road_audits_with_its_old_numbers_counted(real_cache):
    catalog = load_catalog(term_path(real_cache, "2026SP"))
    answer = run_audit(AuditAsk(road=FIREROAD / "example.road", time_limit=30), real_cache, catalog)
    programs = {p.reqs.id: p for p in answer.audit.programs}
    assert list(programs) == ["girs", "master6-P", "major6-2"]  # minor18 is not in ../shared
    assert any("program minor18 left out" in w for w in answer.warnings)
    science = programs["girs"].result.children[0]
    assert science.satisfied  # 8.01 (fall only, not in s26) by the science-core table
    counted = {item.shown: item.number for item in answer.audit.transcript.taken}
    assert counted["6.0001"] == "6.100A" and counted["6.006"] == "6.1210"
    major = programs["major6-2"].result
    shown = {i.shown for r in _all(major) for i in r.counted}
    assert {"6.0001", "6.006", "6.004", "6.009"} <= shown  # old numbers count as their new ones
    assert answer.left is not None and answer.left.fewest is not None
    assert answer.left.manual == (("major6-2/0/6", "Additional EECS"),)
    text = render_audit(answer.audit, answer.left)
    assert "major6-2: Bachelor of Science in Electrical Engineering and Computer Science" in text


def _all(result):
    yield result
    for child in result.children:
        yield from _all(child)
