"""`show` and `search` against what a student has taken (--taken, --prefs): prerequisites."""

import json
from pathlib import Path

import pytest

from tests.factories import catalog, run_cli, saved, section, subject

CATALOG = catalog(
    subject("6.1210", section("L01", ("TR", "11:00", "12:30")), title="Introduction to Algorithms",
            old_number="6.006", prereqs="6.100A, (6.1200/(6.120A, (6.3700/18.600)))"),
    subject("6.100A", section("L01", ("MW", "10:00", "11:00")), title="Programming",
            old_number="6.0001", prereqs="None"),
    subject("6.1200", section("L01", ("MW", "14:00", "15:30")), title="Mathematics for CS",
            prereqs="Calculus I (GIR)"),
    subject("21G.304", section("L01", ("MWF", "14:00", "15:00")), title="French IV", hass=["H"],
            prereqs="21G.303/''permission of instructor''"),
    subject("21W.742", section("L01", ("MW", "15:00", "16:30")), title="Writing about Race",
            hass=["H"], prereqs="None"),
    subject("18.01", section("L01", ("MWF", "9:00", "10:00")), title="Calculus", gir=["CAL1"]),
    subject("18.06", section("L01", ("MWF", "10:00", "11:00")), title="Linear Algebra",
            prereqs="Calculus II (GIR)"),
)  # fmt: skip


@pytest.fixture
def catalog_file(tmp_path) -> Path:
    return saved(CATALOG, tmp_path)


run = run_cli


def for_you(out: str) -> list[str]:
    return [line.removeprefix("for you: ") for line in out.splitlines() if "for you" in line]


@pytest.mark.parametrize(
    ("taken", "says"),
    [
        ("6.100A 6.1200", "prerequisites met"),
        ("6.0001, 6.120A 18.600", "prerequisites met"),  # an old number; the other way in
        ("6.100A", "prerequisites not met: missing one of 6.1200 / (6.120A, (6.3700 / 18.600))"),
        ("", None),  # nothing said when we do not know what was taken
    ],
)
def test_show_says_whether_prerequisites_are_met(catalog_file, taken, says):
    code, out, err = run("show", "6.1210", "--taken", taken, "--catalog", catalog_file)
    assert (code, err) == (0, "")
    assert for_you(out) == ([says] if says else [])


def test_show_names_a_missing_gir_as_mit_does(catalog_file):
    code, out, err = run("show", "18.06", "--taken", "18.01", "--catalog", catalog_file)
    assert (code, err) == (0, "")
    assert for_you(out) == ["prerequisites not met: missing Calculus II (GIR)"]


def test_show_json_gives_status_and_what_is_missing(catalog_file):
    code, out, _ = run("show", "6.1210", "21G.304", "6.1200", "--taken", "6.100A 18.01",
                       "--format", "json", "--catalog", catalog_file)  # fmt: skip
    assert code == 0
    assert [row["prereqs"] for row in json.loads(out)] == [
        {"text": "6.100A, (6.1200/(6.120A, (6.3700/18.600)))", "status": "not met",
         "missing": ["one of 6.1200 / (6.120A, (6.3700 / 18.600))"]},
        {"text": "21G.303/''permission of instructor''", "status": "permission",
         "missing": ["permission of instructor"]},
        {"text": "Calculus I (GIR)", "status": "met", "missing": []},  # 18.01 fulfils CAL1
    ]  # fmt: skip


def test_show_reads_taken_from_a_preferences_file(catalog_file, tmp_path):
    prefs = tmp_path / "mine.yaml"
    prefs.write_text('required: ["6.1210"]\ntaken: ["6.100A", "6.1200"]\n', encoding="utf-8")
    code, out, _ = run("show", "6.006", "--prefs", prefs, "--catalog", catalog_file)
    assert code == 0 and for_you(out) == ["prerequisites met"]


def test_show_with_a_broken_preferences_file_says_where(catalog_file, tmp_path):
    prefs = tmp_path / "mine.yaml"
    prefs.write_text("taken: [6.100A\n", encoding="utf-8")
    code, out, err = run("show", "6.1210", "--prefs", prefs, "--catalog", catalog_file)
    assert (code, out) == (2, "")
    assert err.startswith(f"{prefs}:") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("options", "numbers"),
    [
        (["--can-take"], ["21W.742"]),
        (["--can-take", "permission"], ["21G.304", "21W.742"]),
        (["--can-take", "--taken", "21G.303"], ["21G.304", "21W.742"]),
    ],
)
def test_search_can_take_keeps_what_prerequisites_allow(catalog_file, options, numbers):
    code, out, err = run("search", "--hass", "H", *options, "--format", "json", "--sort",
                         "number", "--catalog", catalog_file)  # fmt: skip
    assert (code, err) == (0, "")
    assert [row["numbers"][0] for row in json.loads(out)] == numbers


@pytest.mark.parametrize("taken", ["6.100A", "6.0001", "6.100A CAL1"])  # its number, its old one
def test_search_can_take_leaves_out_what_was_taken(catalog_file, taken):
    code, out, _ = run("search", "--can-take", "--taken", taken, "--format", "json",
                       "--catalog", catalog_file)  # fmt: skip
    numbers = {row["numbers"][0] for row in json.loads(out)}
    assert code == 0 and "6.100A" not in numbers and "21W.742" in numbers


def test_search_can_take_over_the_whole_catalog(catalog_file):
    code, out, _ = run("search", "--can-take", "--taken", "CAL1", "--format", "json",
                       "--sort", "number", "--catalog", catalog_file)  # fmt: skip
    assert code == 0
    assert [row["numbers"][0] for row in json.loads(out)] == ["6.100A", "6.1200", "18.01",
                                                              "21W.742"]  # fmt: skip


@pytest.mark.parametrize("taken", ["6.100A", "6.0001"])  # its number, or its old one
def test_a_taken_subject_is_not_offered_again_by_a_group(catalog_file, tmp_path, taken):
    prefs = tmp_path / "mine.yaml"
    prefs.write_text(
        f'taken: ["{taken}"]\n'
        'electives:\n  - {min: 1, max: 2, from: ["6.100A", "6.1200"]}\n'
        "  - {pick: 1, from: {prefix: '6.1'}}\n",  # 6.100A, 6.1200, 6.1210
        encoding="utf-8",
    )
    code, out, err = run("solve", prefs, "--format", "json", "--catalog", catalog_file)
    assert code == 0, err
    picked = {s["subject"] for row in json.loads(out)["schedules"] for s in row["sections"]}
    assert "6.100A" not in picked and "6.1200" in picked


# A GIR is a GIR whatever term file is loaded: 18.01A has no code in CATALOG (it is not even in
# it), yet it is Calculus I by MIT's table; a subject this term lacks gets its GIR from the
# other saved terms.
def test_a_science_core_subject_counts_for_its_gir_without_a_code(catalog_file):
    code, out, _ = run_cli("show", "6.1200", "--taken", "18.01A", "--catalog", catalog_file)
    assert (code, for_you(out)) == (0, ["prerequisites met"])


def test_a_subject_this_term_lacks_gets_its_gir_from_another_saved_term(cache):
    from solver.catalog.store import save_catalog, term_path

    older = catalog(subject("21M.100", section("L01", ("MW", "10:00", "11:00")), gir=["REST"],
                            title="Old"), term="2025FA")  # fmt: skip
    save_catalog(older, term_path(cache, "2025FA"))
    rest = catalog(subject("6.9000", section("L01", ("MW", "12:00", "13:00")), title="Needs REST",
                           prereqs="REST (GIR)"), term="2026SP")  # fmt: skip
    save_catalog(rest, term_path(cache, "2026SP"))
    code, out, _ = run_cli("show", "6.9000", "--taken", "21M.100", "--term", "2026SP")
    assert (code, for_you(out)) == (0, ["prerequisites met"])


# A required or chosen subject whose prerequisites `taken:` does not meet (issue 21, item 2).
def _solve_file(tmp_path, catalog_file, text: str, *options: str) -> tuple[int, str, str]:
    prefs = tmp_path / "mine.yaml"
    prefs.write_text(text, encoding="utf-8")
    return run("solve", prefs, "--catalog", catalog_file, *options)


def test_a_required_subject_without_its_prerequisites_is_noted(tmp_path, catalog_file):
    code, out, err = _solve_file(tmp_path, catalog_file, 'required: ["6.1210"]\n')
    assert code == 0
    assert err == "coursepick: note: 6.1210: prerequisites not met by taken: (missing 6.100A;" \
                  " one of 6.1200 / (6.120A, (6.3700 / 18.600)))\n"  # fmt: skip
    assert "    prerequisites not met: 6.1210 (missing 6.100A; one of" in out


def test_with_prereqs_strict_it_is_an_error_on_its_line(tmp_path, catalog_file):
    code, out, err = _solve_file(tmp_path, catalog_file, 'prereqs: strict\nrequired: ["6.1210"]\n')
    assert (code, out) == (2, "")
    assert err.startswith(f"{tmp_path / 'mine.yaml'}:2: 6.1210: prerequisites not met (missing")


def test_met_prerequisites_say_nothing(tmp_path, catalog_file):
    text = 'required: ["6.1210"]\ntaken: [6.100A, 6.1200]\n'
    code, out, err = _solve_file(tmp_path, catalog_file, text, "--format", "json")
    assert (code, err) == (0, "")
    assert all(row["prereq_unmet"] == [] for row in json.loads(out)["schedules"])


def test_each_row_lists_its_chosen_subjects_without_prerequisites(tmp_path, catalog_file):
    text = "electives:\n  - {pick: 1, from: [6.1200, 21W.742]}\ntop: 5\n"
    code, out, _ = _solve_file(tmp_path, catalog_file, text, "--format", "json")
    unmet = {tuple(row["subjects"]): row["prereq_unmet"] for row in json.loads(out)["schedules"]}
    assert code == 0
    assert unmet == {("6.1200",): [{"subject": "6.1200", "missing": ["Calculus I (GIR)"]}],
                     ("21W.742",): []}  # fmt: skip


def test_with_prereqs_strict_a_group_offers_only_what_you_can_take(tmp_path, catalog_file):
    text = "prereqs: strict\nelectives:\n  - {pick: 1, from: [6.1200, 21W.742]}\ntop: 5\n"
    code, out, _ = _solve_file(tmp_path, catalog_file, text, "--format", "json")
    assert code == 0
    assert [row["subjects"] for row in json.loads(out)["schedules"]] == [["21W.742"]]
    with_calculus = text.replace("strict\n", "strict\ntaken: [CAL1]\n")
    code, out, _ = _solve_file(tmp_path, catalog_file, with_calculus, "--format", "json")
    assert sorted(row["subjects"][0] for row in json.loads(out)["schedules"]) == [
        "21W.742",
        "6.1200",
    ]


def test_a_coreq_in_the_same_schedule_counts(tmp_path):
    lab = catalog(
        subject("8.01", section("L01", ("MW", "10:00", "11:00"))),
        subject("8.011", section("L01", ("TR", "10:00", "11:00")), prereqs="''Coreq: 8.01''"),
    )
    path = saved(lab, tmp_path)
    code, out, err = _solve_file(
        tmp_path, path, 'required: ["8.011", "8.01"]\n', "--format", "json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["schedules"][0]["prereq_unmet"] == []
    code, _, err = _solve_file(tmp_path, path, 'required: ["8.011"]\n')
    assert "8.011: prerequisites not met by taken: (missing 8.01 (or take it the same term))" in err
