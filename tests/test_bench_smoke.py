"""The benchmark's own parts on a tiny synthetic term: the generator and one case end to end.

No timings are asserted here; the figures belong to `python -m bench`.
"""

import os
import sys
from pathlib import Path

import pytest

from bench.cases import Case
from bench.picks import choose_subjects
from bench.report import Row, agreement
from bench.startup import Spent, measure_startup, render_startup
from bench.synthetic import build_synthetic
from bench.watch import measure_watch, render_watch
from bench.worker import measure_brute, measure_search, measure_solve
from solver.catalog.store import load_catalog, sample_catalog_path, save_catalog

TINY = 0.05  # 133 subjects


def test_synthetic_catalog_survives_a_save_and_load(tmp_path: Path) -> None:
    catalog = build_synthetic(TINY, seed=7)
    save_catalog(catalog, tmp_path / "tiny.json")
    assert load_catalog(tmp_path / "tiny.json") == catalog


def test_synthetic_catalog_is_the_same_for_a_seed_and_differs_across_seeds() -> None:
    first, again, other = (build_synthetic(TINY, seed=s) for s in (7, 7, 8))
    assert first.model_dump_json() == again.model_dump_json()
    assert first.model_dump_json() != other.model_dump_json()


@pytest.mark.parametrize("scale, subjects", [(TINY, 133), (0.2, 534)])
def test_synthetic_catalog_has_the_requested_size(scale: float, subjects: int) -> None:
    assert len(build_synthetic(scale).subjects) == subjects


@pytest.mark.parametrize(("by", "rows"), [("sections", 5), ("subjects", 3)])
def test_a_tiny_case_agrees_with_brute_force(tmp_path: Path, by: str, rows: int) -> None:
    catalog = build_synthetic(0.2, seed=1)
    path = tmp_path / "tiny.json"
    save_catalog(catalog, path)
    picks = choose_subjects(catalog)
    preferences = {
        "required": list(picks.required[:2]),
        "electives": [{"min": 0, "max": 1, "from": list(picks.pool[:3])}],
        "wishes": {"fewer_days": 1, "fewer_gaps": 1, "lunch": 2},
        "top": 5,
        "by": by,
    }
    case = Case("tiny", "syn", preferences)
    (tmp_path / "tiny.yaml").write_text(case.render())

    solve = measure_solve(path, tmp_path / "tiny.yaml", 5)
    brute = measure_brute(path, tmp_path / "tiny.yaml", 5, cap=None)  # finished, however slow

    assert brute["finished"]
    assert len(solve["points"]) == rows  # by subjects: no elective, or one of the two that fit
    assert agreement(Row("syn", "tiny", True, solve=solve, brute=brute)) == "agree"


def test_search_measure_times_both_ways_interleaved(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    save_catalog(build_synthetic(TINY, seed=7), path)
    found = measure_search(path, 3)
    assert len(found["fresh"]) == len(found["kept"]) == 3
    assert all(t > 0 for t in found["fresh"] + found["kept"])


def test_watch_measure_times_a_save_beside_a_cold_run(tmp_path: Path) -> None:
    preferences = tmp_path / "mine.yaml"
    preferences.write_text('required: ["6.1210", "18.03"]\n')
    command = [sys.executable, "-m", "solver", "solve", str(preferences), "--catalog",
               str(sample_catalog_path())]  # fmt: skip
    colds = iter([0.5, 0.7])
    found = measure_watch(command, preferences, 2, lambda: next(colds), dict(os.environ))
    assert found["cold"] == [0.5, 0.7]
    assert len(found["watch"]) == 2 and all(0 < t < 60 for t in found["watch"])
    assert preferences.read_text() == 'required: ["6.1210", "18.03"]\n'  # as it was
    table = render_watch([("sample", "2 required", found)], "simple")
    assert "2 required" in table.splitlines()[-1]


def test_startup_runs_each_command_beside_the_floor_in_turn(tmp_path: Path) -> None:
    ran: list[str] = []

    def run(command, env, cwd) -> Spent:  # a fake process: the floor costs 2, a command 1
        name = "floor" if command[-1].endswith("c.json") else command[0]
        ran.append(name)
        return Spent(wall=2.0 if name == "floor" else 1.0, cpu=4.0 if name == "floor" else 1.0,
                     code=0)  # fmt: skip

    rows = measure_startup({"a": ["a"], "b": ["b"]}, tmp_path / "c.json", {}, tmp_path, 2, run)
    assert ran == ["floor", "a", "b"] + ["floor", "a", "floor", "b"] * 2  # warm-up, then in turn
    assert [(r.name, r.ratio(lambda s: s.cpu), r.ratio(lambda s: s.wall)) for r in rows] == [
        ("a", 0.25, 0.5),
        ("b", 0.25, 0.5),
    ]
    assert "0.25x" in render_startup(rows, "simple").splitlines()[-1]
