"""`search --fits FILE`: subjects with a choice of sections that clashes with nothing in the best
schedule of a preferences file, nor with itself."""

import io
import json
from pathlib import Path

from solver.catalog.store import save_catalog
from solver.cli import main
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
    assert err.endswith("mine.yaml: no schedule fits these preferences, so --fits has none\n")
