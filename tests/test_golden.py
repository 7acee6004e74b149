"""Whole outputs of `coursepick solve` compared with golden files: every view, on the bundled sample
and on the real Spring 2026 term (skipped when ../shared is absent).

`COURSEPICK_REGENERATE=1 python -m pytest tests/test_golden.py` rewrites them; review the diff.
"""

import io
import os
from pathlib import Path

import pytest

from solver.catalog.store import sample_catalog_path
from solver.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "preferences.example.yaml"
GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("COURSEPICK_REGENERATE") == "1"


def _solve(catalog: Path, *options: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main(["solve", str(EXAMPLE), "--catalog", str(catalog), *options], out, err)
    assert (code, err.getvalue()) == (0, "")
    return out.getvalue()


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no {path}: run with COURSEPICK_REGENERATE=1 to write it"
    assert text == path.read_bytes().decode("utf-8")


VIEWS = {
    "table.txt": ("--show", "2"),
    "json": ("--format", "json"),
    "csv": ("--format", "csv"),
}


@pytest.mark.parametrize("view", VIEWS)
def test_the_example_on_the_sample_matches_its_golden_file(view):
    _golden(f"example_sample.{view}", _solve(sample_catalog_path(), *VIEWS[view]))


def test_the_table_and_its_breakdown_fit_80_columns():
    text = _solve(sample_catalog_path(), "--top", "30")
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.realdata
@pytest.mark.parametrize("view", VIEWS)
def test_the_example_on_the_real_term_matches_its_golden_file(real_catalog, view):
    _golden(f"example_s26.{view}", _solve(real_catalog, *VIEWS[view]))


@pytest.mark.realdata
@pytest.mark.parametrize("rank", [1, 2])
def test_the_calendar_of_the_real_term_matches_its_golden_file(real_catalog, tmp_path, rank):
    saved = tmp_path / "week.ics"
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["solve", str(EXAMPLE), "--catalog", str(real_catalog), "--ics", str(saved),
         "--rank", str(rank), "--format", "json"], out, err,
    )  # fmt: skip
    assert code == 0
    _golden(f"example_s26_rank{rank}.ics", saved.read_bytes().decode("utf-8"))


@pytest.mark.realdata
def test_the_html_report_of_the_real_term_matches_its_golden_file(real_catalog, tmp_path):
    saved = tmp_path / "report.html"
    out, err = io.StringIO(), io.StringIO()
    code = main(["solve", str(EXAMPLE), "--catalog", str(real_catalog), "--html", str(saved)],
                out, err)  # fmt: skip
    assert code == 0
    _golden("example_s26.html", saved.read_text(encoding="ascii"))
