"""The degree audit through the doors: `coursepick requirements`, `coursepick audit`, elective
groups and search drawing from a requirement, and the MCP `audit` tool, on the bundled sample
and the bundled lists (offline)."""

import json

import pytest

from solver.catalog.store import sample_catalog_path
from tests.factories import run_cli

SAMPLE = ["--catalog", str(sample_catalog_path())]
TAKEN = "18.01 18.02 8.01 8.02 5.111 7.012 6.1200 6.1210 6.1010 6.1910 21W.742 14.01 21M.030"


def test_requirements_lists_the_bundled_lists():
    code, out, err = run_cli("requirements")
    assert (code, err) == (0, "")
    assert {line.split()[0] for line in out.splitlines()[1:]} >= {
        "girs", "major6-3", "major6-4", "major18gm", "minor15BA"
    }  # fmt: skip


def test_a_list_as_json_is_in_fireroads_shape():
    code, out, _ = run_cli("requirements", "major6-3", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert (document["list-id"], document["short-title"]) == ("major6-3.reql", "6-3")
    assert document["reqs"][0]["connection-type"] == "all"


def test_a_list_as_a_tree_names_every_path():
    code, out, _ = run_cli("requirements", "major6-3")
    assert code == 0
    assert "6.1200  [major6-3/0/1]" in [line.strip() for line in out.splitlines()]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["requirements", "major99"], "major99"),
        (["audit", "--program", "major99", "--taken", "6.1210"], "major99"),
        (["audit", "--taken", "6.1210"], "no programs to audit"),
        (["audit", "--program", "girs"], "nothing taken"),
    ],
)
def test_what_cannot_be_answered_is_one_line_and_exit_2(argv, message):
    code, out, err = run_cli(*argv, *(SAMPLE if argv[0] == "audit" else []))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err


def test_audit_as_json_gives_each_programs_tree():
    code, out, err = run_cli("audit", "--program", "girs", "--program", "major6-3", "--taken",
                             TAKEN, "--format", "json", *SAMPLE)  # fmt: skip
    document = json.loads(out)
    assert code == 0  # not satisfied, and still exit 0
    roots = [program["root"] for program in document["programs"]]
    assert [root["path"] for root in roots] == ["girs", "major6-3"]
    science = roots[0]["children"][0]
    assert (science["path"], science["satisfied"], science["have"]) == ("girs/0", True, 6)
    assert not roots[1]["satisfied"]
    assert document["left"]["proven"] and document["left"]["fewest"] > 0


def test_audit_reads_programs_taken_and_sharing_from_a_preferences_file(tmp_path):
    prefs = tmp_path / "mine.yaml"
    prefs.write_text(
        f"programs: [girs, major6-3]\nsharing: strict\ntaken: [{', '.join(TAKEN.split())}]\n"
    )
    code, out, _ = run_cli("audit", prefs, "--format", "json", *SAMPLE)
    strict = {p["id"]: p["strict"] for p in json.loads(out)["programs"]}
    assert (code, strict) == (0, {"girs": False, "major6-3": True})


def test_an_override_naming_no_requirement_is_an_error_on_its_line(tmp_path):
    prefs = tmp_path / "mine.yaml"
    prefs.write_text("programs: [major6-3]\ntaken: [6.1210]\nmet: [major6-3/7/7]\n")
    code, _, err = run_cli("audit", prefs, *SAMPLE)
    assert code == 2 and "major6-3/7/7" in err


def test_an_elective_group_draws_from_a_requirement(tmp_path):
    prefs = tmp_path / "mine.yaml"
    prefs.write_text(
        'required: ["6.1210"]\ntaken: ["6.1200", "6.100A"]\nprograms: [major6-3]\n'
        "electives:\n  - pick: 1\n    from: {requirement: major6-3/1}\ntop: 50\n"
    )
    code, out, _ = run_cli("solve", prefs, "--format", "json", *SAMPLE)
    _, found, _ = run_cli("search", "--requirement", "major6-3/1", "--format", "json", *SAMPLE)
    toward = {row["numbers"][0] for row in json.loads(found)}
    chosen = {s for row in json.loads(out)["schedules"] for s in row["subjects"]} - {"6.1210"}
    assert code == 0 and chosen and chosen <= toward
    assert toward <= {"6.1910", "6.1210", "6.1010", "6.1020", "6.1800", "6.4100", "6.3900",
                      "6.1400", "6.1220"}  # the requirement's subjects  # fmt: skip


def test_a_requirement_the_lists_lack_is_an_error_on_the_groups_line(tmp_path):
    prefs = tmp_path / "mine.yaml"
    prefs.write_text(
        'required: ["6.1210"]\nelectives:\n  - pick: 1\n    from: {requirement: major6-3/9}\n'
    )
    code, _, err = run_cli("solve", prefs, *SAMPLE)
    assert (code, err) == (2, f"{prefs}:4: requirement: no node major6-3/9 in the programs audited"
                              " (major6-3)\n")  # fmt: skip


def test_search_unmet_needs_programs_and_takes_them_from_the_file(tmp_path):
    code, _, err = run_cli("search", "--requirement", "unmet", *SAMPLE)
    assert code == 2 and "programs" in err
    prefs = tmp_path / "mine.yaml"
    prefs.write_text(f"programs: [major6-3]\ntaken: [{', '.join(TAKEN.split())}]\n")
    code, out, _ = run_cli("search", "--requirement", "unmet", "--prefs", prefs, "--format",
                           "json", *SAMPLE)  # fmt: skip
    numbers = {row["numbers"][0] for row in json.loads(out)}
    assert code == 0 and "6.1800" in numbers and "6.1210" not in numbers  # taken: not unmet
