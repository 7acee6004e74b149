"""`coursepick plan` on real term files (../shared): every plan printed passes a checker that
asks other commands (`show --taken` for prerequisites, the term files for offerings, `audit
--road` for the programs at the end), and its first term's week keeps the weekly rules."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from solver.catalog.store import load_catalog, save_catalog, term_path
from tests.factories import run_cli

pytestmark = pytest.mark.realdata

HYDRANT = Path(__file__).resolve().parents[2] / "shared" / "data" / "mit" / "hydrant"
TERMS = {"f24.json": "2024FA", "s25.json": "2025SP", "s26.json": "2026SP"}
TAKEN = ["18.01", "18.02", "6.100A"]
UNITS = 48


@pytest.fixture(scope="session")
def real_cache(tmp_path_factory) -> Path:
    if not all((HYDRANT / name).exists() for name in TERMS):
        pytest.skip(f"real Hydrant term files not found in {HYDRANT} (../shared is absent)")
    from scrape.hydrant import parse_hydrant

    cache = tmp_path_factory.mktemp("plan-cache")
    for name in TERMS:
        term = parse_hydrant((HYDRANT / name).read_bytes(), source_url=name,
                             fetched_at=datetime(2026, 1, 5, tzinfo=UTC))  # fmt: skip
        save_catalog(term, term_path(cache, term.term))
    return cache


@pytest.fixture
def prefs(real_cache: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("COURSEPICK_CACHE_DIR", str(real_cache))
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump({
        "programs": ["minor15BA"], "taken": TAKEN, "free_days": ["F"],
        "plan": {"terms": ["2026SP", "2026FA", "2027SP"], "units": UNITS},
    }))  # fmt: skip
    return path


def test_every_plan_passes_a_checker_of_other_commands(prefs: Path, real_cache: Path) -> None:
    code, out, err = run_cli("plan", prefs, "--format", "json", "--top", "3")
    assert code == 0, err
    plans = json.loads(out)["plans"]
    assert len(plans) == 3 and [p["optimal"] for p in plans] == [True] * 3
    assert [p["score"] for p in plans] == sorted(p["score"] for p in plans)
    spring = {s.number for s in load_catalog(term_path(real_cache, "2026SP")).subjects}
    newest = {  # a subject's newest term file: where `show` reads its prerequisites
        s.number: term for term in TERMS.values()
        for s in load_catalog(term_path(real_cache, term)).subjects
    }  # fmt: skip
    for plan in plans:
        done = list(TAKEN)
        for term in plan["terms"]:
            assert term["units"] <= UNITS
            for number in term["subjects"]:
                if term["term"] == "2026SP":  # the term's own file decides
                    assert number in spring
                met = _prereqs_met(number, newest[number], done, term["subjects"])
                assert met, (number, term["term"])
            done += term["subjects"]
        week = plan["week"]
        assert set(week["subjects"]) <= set(plan["terms"][0]["subjects"])
        days = {m["day"] for s in week["sections"] for m in s["meetings"]}
        assert "F" not in days


def _prereqs_met(number: str, term: str, earlier: list[str], same_term: list[str]) -> bool:
    """By `show --taken`: met (or permission) with the earlier terms; or with this term's
    subjects too when only co-requisites were missing."""
    status = _status(number, term, earlier)
    if status["status"] != "not met":
        return True
    others = [s for s in same_term if s != number]
    return all("same term" in text for text in status["missing"]) and (
        _status(number, term, earlier + others)["status"] != "not met"
    )


def _status(number: str, term: str, taken: list[str]) -> dict:
    code, out, err = run_cli("show", number, "--taken", " ".join(taken), "--term", term,
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    return json.loads(out)[0]["prereqs"]


def test_the_road_reads_back_through_the_audit(prefs: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("plan", prefs, "--format", "road", "--top", "1")
    assert code == 0, err
    road = tmp_path / "plan.road"
    road.write_text(out)
    code, out, err = run_cli("audit", "--road", road, "--format", "json")
    assert code == 0, err
    assert [p["root"]["satisfied"] for p in json.loads(out)["programs"]] == [True]
