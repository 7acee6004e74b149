"""`search --fits FILE`: a subject fits when the preferences with it added to `required:` have a
schedule, by every rule, the rest free to re-arrange; its fit is that schedule's best score.
Checked against `solve` of the edited file, and against brute force on random problems."""

import json
import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings

from solver.core.bruteforce import enumerate_schedules
from solver.core.deadline import NO_DEADLINE
from solver.core.engine.fits import fit_candidates
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.errors import PreferencesError
from tests.factories import catalog, run_cli, saved, section, subject
from tests.test_ranking_vs_bruteforce import problems, small


def at(section_id: str, days: str, start: str, end: str):
    return section(section_id, (days, start, end))


CATALOG = catalog(
    subject("6.1210", at("L01", "TR", "11:00", "12:30"), at("L02", "MW", "14:00", "15:30")),
    subject("21A.1", at("L01", "T", "11:30", "12:30")),  # clashes with 6.1210 L01 only
    subject("21A.2", at("L01", "M", "14:00", "15:00")),  # clashes with 6.1210 L02 only
    subject("21A.3", at("L01", "F", "09:00", "10:00")),  # Friday only
    subject("21A.4", section("L01", tba=True)),  # no times: nothing to clash with
    subject("21A.5", at("L01", "W", "09:00", "10:00"), at("R01", "W", "09:30", "10:30")),
    subject("21A.6", at("L01", "MTWRF", "12:00", "13:00"), units=24),  # every day
)  # fmt: skip


def search(tmp_path: Path, prefs: str, *options: str) -> tuple[int, list[dict], str]:
    prefs_path = tmp_path / "mine.yaml"
    prefs_path.write_text(prefs, encoding="utf-8")
    code, out, err = run_cli("search", "--fits", prefs_path, "--format", "json", *options,
                             "--catalog", saved(CATALOG, tmp_path))  # fmt: skip
    return code, json.loads(out) if out else [], err


def fits_of(rows: list[dict]) -> dict[str, tuple[float, float | None]]:
    return {row["numbers"][0]: (row["fit_score"], row["fit_change"]) for row in rows}


def test_the_rest_of_the_week_re_arranges_around_a_newcomer(tmp_path):
    # Today's best takes 6.1210 L01 (TR); 21A.1 clashes with it, yet fits beside L02.
    code, rows, err = search(tmp_path, 'required: ["6.1210"]\nwishes: {fewer_days: 1}\n')
    assert (code, err) == (0, "")
    found = fits_of(rows)
    assert found["21A.1"] == (3.0, 1.0)  # beside L02 (MW): M T W, a day more than TR
    assert found["21A.2"] == (3.0, 1.0)  # beside L01: T R and M
    assert "21A.5" not in found  # its recitation always clashes with its lecture


def test_every_rule_of_the_file_holds_with_the_newcomer(tmp_path):
    prefs = 'required: ["6.1210"]\nfree_days: [F]\nunits: {max: 30}\n'
    code, rows, _ = search(tmp_path, prefs)
    found = fits_of(rows)
    assert code == 0
    assert "21A.3" not in found  # Friday is free
    assert "21A.6" not in found  # 12 + 24 units is more than 30
    assert {"21A.1", "21A.2", "21A.4"} <= set(found)


def test_rows_are_ranked_by_the_best_week_with_them(tmp_path):
    code, rows, _ = search(tmp_path, 'required: ["6.1210"]\nwishes: {fewer_days: 1}\n')
    scores = [row["fit_score"] for row in rows]
    assert code == 0 and scores == sorted(scores)


def test_each_fit_is_what_solve_says_of_the_file_with_the_subject_added(tmp_path):
    prefs = 'required: ["6.1210"]\nwishes: {fewer_days: 1, fewer_gaps: 1}\n'
    _, rows, _ = search(tmp_path, prefs)
    for number, (fit, _) in fits_of(rows).items():
        edited = tmp_path / f"with-{number}.yaml"
        edited.write_text(prefs.replace('["6.1210"]', f'["6.1210", "{number}"]'))
        _, out, _ = run_cli("solve", edited, "--format", "json", "--top", "1", "--catalog",
                            saved(CATALOG, tmp_path))  # fmt: skip
        assert json.loads(out)["schedules"][0]["score"] == fit, number


def test_when_nothing_fits_today_a_subject_can_still_make_it_fit(tmp_path):
    code, rows, _ = search(tmp_path, 'required: ["6.1210"]\nunits: {min: 30}\n')
    assert code == 0
    assert fits_of(rows)["21A.6"] == (0.0, None)  # 36 units: the file fits, with it only


def test_the_table_shows_the_change(tmp_path):
    prefs = tmp_path / "mine.yaml"
    prefs.write_text('required: ["6.1210"]\nwishes: {fewer_days: 1}\n')
    code, out, _ = run_cli("search", "21A.2", "--fits", prefs, "--catalog",
                           saved(CATALOG, tmp_path))  # fmt: skip
    assert code == 0
    assert out.splitlines()[0].split()[-1] == "fit" and out.splitlines()[2].endswith("+1.00")


# Against brute force, on the random problems of the ranking's property test: each subject of
# the catalog, added to `required:`, enumerated on its own.


@settings(
    max_examples=int(os.environ.get("COURSEPICK_EXAMPLES", 60)) // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(problems())
def test_every_fit_agrees_with_brute_force_of_the_file_with_the_subject_added(problem):
    _fits_agree_with_brute_force(problem)


@settings(
    max_examples=int(os.environ.get("COURSEPICK_EXAMPLES", 60)) // 4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(problems(walking=True))
def test_fits_with_walks_and_runs_agree_with_brute_force(problem):
    _fits_agree_with_brute_force(problem)


def _fits_agree_with_brute_force(problem) -> None:
    cat, text = problem
    prefs, source = parse_preferences(text, "random.yaml")
    numbers = [s.number for s in cat.subjects]
    try:
        request = build_request(prefs, source, cat, candidates=numbers)
    except PreferencesError:
        assume(False)
    assume(small(request, 1000))
    fits = fit_candidates(request, NO_DEADLINE)
    assert set(fits) == set(request.candidates)
    for number in request.candidates:
        edited = yaml.safe_load(text) | {"required": [*prefs.required, number]}
        added, source = parse_preferences(yaml.safe_dump(edited), "random.yaml")
        try:
            truth = enumerate_schedules(build_request(added, source, cat)).ranked
        except PreferencesError as error:  # it leaves a group too few subjects: no schedule
            assert "to take, but" in str(error) or "matches its filter" in str(error)
            truth = []
        expected = truth[0][0] if truth else None
        assert (fits[number].points, fits[number].proven) == (expected, True), number
