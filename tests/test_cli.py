"""The `coursepick` command through `solver.cli.main`: exit codes, error lines, outputs, catalogs.

Every test runs with `COURSEPICK_CACHE_DIR` in a temporary directory, so no user cache is read or
written. Golden files live in tests/golden/; `COURSEPICK_REGENERATE=1 python -m pytest
tests/test_cli.py` rewrites them from the current output (review the diff before committing).
"""

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from solver import cli
from solver.catalog.hydrant_link import read_link
from solver.catalog.schema import Catalog
from solver.catalog.store import sample_catalog_path, save_catalog
from solver.cli import SAMPLE_NOTICE
from solver.errors import InternalError
from tests.factories import catalog, run_cli, saved, section, subject

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("COURSEPICK_REGENERATE") == "1"


run = run_cli


CATALOG = catalog(
    subject("8.02", section("L01", ("MW", "09:00", "10:00")),
            section("L02", ("TF", "11:00", "12:00")), title="Physics II", terms=["FA", "SP"]),
    subject("18.03", section("L01", ("MW", "13:00", "14:00")),
            section("R01", ("F", "13:00", "14:00")), title="Differential Equations"),
    subject("18.06", section("L01", ("TR", "10:00", "11:00")), title="Linear Algebra",
            terms=["FA"]),
    subject("18.1", section("L01", ("TR", "15:00", "16:00")), title="Not Real Analysis"),
    subject("18.100", section("L01", ("TR", "13:00", "14:00")), title="Real Analysis"),
)  # fmt: skip


@pytest.fixture
def catalog_file(tmp_path) -> Path:
    return saved(CATALOG, tmp_path)


@pytest.fixture
def write(tmp_path):
    """Write a preferences file; returns its path."""

    def write(text: str, name: str = "prefs.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


# Exit codes


def test_exit_0_when_schedules_are_found(write, catalog_file):
    code, out, err = run("solve", write('required: ["8.02"]\n'), "--catalog", catalog_file)
    assert (code, err) == (0, "")
    assert out.startswith("2026SP (sample): the 2 best schedules\n")


def test_exit_1_names_the_rules_that_cannot_all_hold(write, catalog_file):
    prefs = write('required: ["8.02"]\nfree_days: [F]\nearliest: "10:00"\n')
    code, out, err = run("solve", prefs, "--catalog", catalog_file)
    assert code == 1
    assert err == (
        "coursepick: no schedule fits: required 8.02, free day F and earliest 10:00"
        " cannot all hold\n"
    )
    # Then the fewest rules to give up, later rules first (making 8.02 optional would leave an
    # empty week, no way out); and the schedules the first of them buys.
    assert out.startswith(
        "nothing fits all of your rules; the fewest to give up:\n"
        "  1. drop earliest 10:00: 1 schedule, best score 0\n"
        "  2. drop free day F: 1 schedule, best score 0\n"
        "\n2026SP (sample): the best schedule, if you drop earliest 10:00\n"
    )
    assert "    8.02  L01  Physics II" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["solve"], "the following arguments are required: preferences"),
        (["slove", "x.yaml"], "argument COMMAND: invalid choice: 'slove' (choose from 'solve',"
                              " 'scrape', 'show', 'search', 'requirements', 'audit', 'plan',"
                              " 'mcp')"),
        (["solve", "p.yaml", "--top", "x"], "argument --top: 'x' is not a whole number"),
        (["solve", "p.yaml", "--top", "0"], "argument --top: must be at least 1, not 0"),
        (["solve", "p.yaml", "--show", "-1"], "argument --show: must be at least 0, not -1"),
        (["solve", "p.yaml", "--time-limit", "-1"],
         "argument --time-limit: must be more than 0 seconds, not -1"),
        (["solve", "p.yaml", "--format", "xml"],
         "argument --format: invalid choice: 'xml' (choose from 'table', 'json'"),  # and more
    ],
    ids=["no-command", "no-file", "bad-command", "top-word", "top-0", "show-negative",
         "time-limit-negative", "format"],
)  # fmt: skip
def test_exit_2_on_bad_usage(argv, message):
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err.startswith("usage: coursepick")
    last = err.splitlines()[-1]  # the usage, then one error line
    assert [line for line in err.splitlines() if ": error: " in line] == [last]
    assert last.partition(": error: ")[2].startswith(message)


def test_help_goes_to_the_given_output():
    code, out, err = run("solve", "--help")
    assert (code, err) == (0, "")
    assert out.startswith("usage: coursepick solve")


@pytest.mark.parametrize("url", ["ftp://example.org/x.json", "http://[::1", "http://:80/x",
                                 "catalog.html", "http://host:port/"])  # fmt: skip
def test_an_address_that_is_no_web_page_is_a_usage_error(cache, url):
    code, out, err = run("scrape", "--url", url)
    assert (code, out) == (2, "")
    assert err == f"coursepick: --url {url!r}: give an http:// or https:// address\n"


def test_exit_3_when_the_network_fails(cache, monkeypatch):
    # A bound but not listening socket refuses connections: a closed port that stays closed.
    # The retries' backoff (1 + 2 + 4 s) would dominate the suite: the waits are skipped.
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/x.json"
        code, out, err = run("scrape", "--source", "hydrant", "--url", url)
    assert (code, out) == (3, "")
    assert err.startswith(f"coursepick: could not fetch {url}: ")
    assert len(err.splitlines()) == 1
    assert not (cache / "catalogs").exists()


def test_exit_4_when_the_time_limit_ends_the_search_before_any_schedule(write, catalog_file):
    prefs = write('required: ["8.02"]\ntime_limit: 5\n')
    ticks = iter([0.0])  # the deadline is set at 0 s; every later look at the clock says 10 s
    code, out, err = run("solve", prefs, "--catalog", catalog_file, clock=lambda: next(ticks, 10.0))
    assert (code, out) == (4, "")
    assert err == "coursepick: the time limit ran out before any schedule was found\n"


def test_exit_70_on_a_bug_with_the_traceback_in_a_log_file(write, catalog_file, cache, monkeypatch):
    def broken(*_):
        raise ZeroDivisionError("a planted bug")

    monkeypatch.setitem(cli.COMMANDS, "solve", broken)
    code, out, err = run("solve", write('required: ["8.02"]\n'), "--catalog", catalog_file)
    assert (code, out) == (70, "")
    match = re.fullmatch(r"coursepick: internal error \(ZeroDivisionError: a planted bug\); the "
                         r"details are in (\S+); please report it\n", err)  # fmt: skip
    assert match and Path(match[1]).parent == cache / "logs"
    assert (
        "Traceback" in Path(match[1]).read_text() and "a planted bug" in Path(match[1]).read_text()
    )


def test_an_error_coursepick_catches_in_itself_is_logged_too(write, catalog_file, cache,
                                                            monkeypatch):  # fmt: skip
    def contradicts(*_):
        raise InternalError("internal error: the model valued a schedule 1, the checker 2")

    monkeypatch.setitem(cli.COMMANDS, "solve", contradicts)
    code, _, err = run("solve", write('required: ["8.02"]\n'), "--catalog", catalog_file)
    assert code == 70
    assert err.startswith("coursepick: internal error: the model valued a schedule 1, the "
                          f"checker 2; the details are in {cache / 'logs'}/")  # fmt: skip


def test_exit_74_when_the_output_cannot_be_written(tmp_path):
    with open("/dev/full", "w") as full:
        run_ = subprocess.run(
            [sys.executable, "-m", "solver", "solve", "preferences.example.yaml"],
            cwd=ROOT, env={**os.environ, "COURSEPICK_CACHE_DIR": str(tmp_path)}, stdout=full,
            stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    assert run_.returncode == 74
    assert run_.stderr.endswith("coursepick: cannot write the output: No space left on device\n")
    assert "Traceback" not in run_.stderr


HYDRANT_TERM = Path(__file__).parent / "fixtures" / "hydrant_term.json"


def test_scrape_reads_a_hydrant_file_on_disk_offline(cache):
    code, out, err = run("scrape", "--file", HYDRANT_TERM)
    assert code == 0
    saved = cache / "catalogs" / "2026SP.json"
    first, second = out.splitlines()
    assert first.startswith("saved 2026SP from hydrant: ") and first.endswith(str(saved))
    assert second == "  prerequisites: 6 of 6 read"
    document = json.loads(saved.read_text())
    assert document["source_url"] == HYDRANT_TERM.resolve().as_uri()
    assert len(document["subjects"]) > 0
    assert "problem: " in err  # the fixture's broken entry is reported, not hidden


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--file", "missing.json"], "missing.json: no such file (a Hydrant term file"),
        (
            ["--file", HYDRANT_TERM, "--term", "2025FA"],
            "asked for term 2025FA, but the file is for",
        ),
        (["--file", HYDRANT_TERM, "--source", "catalog"], "--file reads a Hydrant term file"),
    ],
)
def test_scrape_file_errors_leave_the_saved_catalog_alone(cache, argv, message):
    saved = cache / "catalogs" / "2026SP.json"
    assert run("scrape", "--file", HYDRANT_TERM)[0] == 0
    before = saved.read_bytes()
    code, out, err = run("scrape", *argv)
    assert (code, out) == (2, "")
    assert err.startswith("coursepick: ") and message in err and len(err.splitlines()) == 1
    assert saved.read_bytes() == before


# Bad preferences: one line, FILE:LINE: what is wrong, exit 2, no traceback.

BAD_PREFERENCES = [
    ("yaml-syntax", 'required: ["8.02"\nfree_days: [F]\n',
     "2: YAML syntax error: expected ',' or ']', but got '<scalar>'"
     " (check indentation, colons and quotes)"),
    ("yaml-tab", 'required: ["8.02"]\n\tfree_days: [F]\n',
     "2: YAML syntax error: found character '\\t' that cannot start any token"
     " (check indentation, colons and quotes)"),
    ("unknown-key", 'required: ["8.02"]\nfree_day: [F]\n',
     "2: unknown key 'free_day' (did you mean 'free_days'?)"),
    ("unknown-nested-key", 'wishes:\n  fewer_days: 1\n  lunch: {wieght: 2}\n',
     "3: unknown key 'wieght' (did you mean 'weight'?)"),
    ("unknown-filter-key", 'electives:\n  - pick: 1\n    from:\n      departmnt: "21W"\n',
     "4: unknown key 'departmnt' (did you mean 'department'?)"),
    ("mistyped-required-key", 'required: ["8.02"]\nmax_walk: {minute: 10}\n',
     "2: unknown key 'minute' (did you mean 'minutes'?)"),  # not "'minutes' is required"
    ("walk-speed", 'required: ["8.02"]\nmax_walk: {minutes: 10, speed: 0}\n',
     "2: max_walk.speed: 0 is less than 0.1"),
    ("no-run", 'required: ["8.02"]\nmax_in_a_row: 0\n', "2: max_in_a_row: 0 must be more than 0"),
    ("keep-a-list", 'required: ["8.02"]\nwishes: {keep: [R01]}\n',
     '2: wishes.keep: write the sections you hold: {"6.1210": [R03], "18.06": [L01]}'),
    ("unknown-key-no-match", 'required: ["8.02"]\ncolour: blue\n',
     "2: unknown key 'colour' (see preferences.example.yaml)"),
    ("duplicate-key", 'required: ["8.02"]\ntop: 3\nrequired: ["18.03"]\n',
     "3: duplicate key 'required' (it is already set above; keep one)"),
    ("unknown-subject", 'required:\n  - "8.02"\n  - "18.60"\n',
     "3: unknown subject 18.60 in 2026SP (did you mean 18.06?)"),  # not 18.03: two slips
    ("unquoted-number-stays-as-written", "required: [18.10]\n",
     "1: unknown subject 18.10 in 2026SP (did you mean 18.100?)"),
    ("not-offered", 'top: 3\nrequired: ["18.06"]\n',
     "2: 18.06 is not offered in 2026SP (offered FA)"),
    ("bad-time", 'earliest: "25:00"\n',
     "1: earliest: bad time '25:00': write a 24-hour time such as \"09:30\" or \"17:00\""),
    ("bad-time-unquoted", "top: 3\nlatest: 25:00\n",
     "2: latest: bad time '25:00': write a 24-hour time such as \"09:30\" or \"17:00\""),
    ("bad-minutes", 'blocked:\n  - {days: M, from: "9:75", to: "10:00"}\n',
     "2: blocked.0.from: bad time '9:75': write a 24-hour time such as \"09:30\" or \"17:00\""),
    ("blocked-ends-before-start", 'blocked:\n  - {days: TR, from: "16:00", to: "15:00"}\n',
     "2: blocked.0: blocked time ends (15:00) before it starts (16:00)"),
    ("units-min-over-max", "top: 3\nunits: {min: 54, max: 36}\n",
     "2: units: min 54 is greater than max 36"),
    ("electives-min-over-max", 'electives:\n  - min: 3\n    max: 1\n    from: ["8.02"]\n',
     "2: electives.0: min 3 is greater than max 1"),
    ("earliest-after-latest", 'top: 3\nearliest: "17:00"\nlatest: "10:00"\n',
     "3: latest: 10:00 is not after earliest (17:00)"),
    ("earliest-equals-latest", 'latest: "10:00"\nearliest: "10:00"\n',
     "1: latest: 10:00 is not after earliest (10:00)"),
    ("bad-day", "free_days: [F, X]\n",
     "1: free_days: 'X' is not a day: write MIT's letters M T W R F S U (R is Thursday,"
     ' U Sunday) or names such as Tu, Thu, Fri, Friday, in any case; several as [M, W], "MWF",'
     ' "TuTh", "Tu, Th" or a range "M-F"'),
    ("no-such-section", 'required: ["8.02"]\nlock: {"8.02": [R01]}\n',
     "2: 8.02 has no section R01 (its sections: L01, L02)"),
    ("pick-and-min", 'electives:\n  - pick: 1\n    min: 1\n    from: ["8.02"]\n',
     "2: electives.0: write either pick: N, or min:/max:, not both"),
    ("not-a-mapping", "- 8.02\n", "1: expected keys such as required:, electives:, units:"),
    ("python-tag", "top: !!python/name:os.system\n",
     "1: the tag !!python/name:os.system is not allowed (write a plain value)"),
    ("bad-int-tag", "top: 3\nunits: {min: !!int twelve}\n",
     "2: 'twelve' is not a !!int (remove the tag)"),
    ("nothing-to-schedule", "top: 3\n",
     "1: nothing to schedule: list subjects under required: or electives:"),
    ("units-not-a-range", 'required: ["8.02"]\nunits: [36, 54]\n',
     "2: units: write a number such as 48, or a range such as {min: 36, max: 54}"),
    ("choice-in-plain-words", 'electives:\n  - pick: 1\n    from: {hass: X}\n',
     "3: electives.0.from.hass: 'X' is not one of H, A, S, E or any"),
    ("pick-more-than-listed", 'electives:\n  - {name: cs, pick: 3, from: ["8.02", "18.03"]}\n',
     "2: electives cs: 3 to take, but its list offers only 2: 8.02, 18.03"
     " (required, excluded and taken subjects aside)"),
    ("units-nan", 'required: ["8.02"]\nunits: {min: .nan}\n',
     "2: units.min: .nan is not a number to count with: write a finite number"),
    ("units-huge", 'required: ["8.02"]\nunits: {max: 1e19}\n',
     "2: units.max: 1e19 is more than 1000"),
    ("workload-infinite", 'required: ["8.02"]\nmax_workload: .inf\n',
     "2: max_workload: .inf is not a number to count with: write a finite number"),
    ("weight-true", 'required: ["8.02"]\nwishes: {lunch: {weight: true}}\n',
     "2: wishes.lunch.weight: 'true' is not a number"),
    ("weight-too-negative", 'required: ["8.02"]\nwishes: {fewer_days: -1e4}\n',
     "2: wishes.fewer_days: -1e4 is less than -1000"),
    ("rating-nan", 'electives: [{pick: 1, from: {min_rating: .nan}}]\n',
     "1: electives.0.from.min_rating: .nan is not a number to count with: write a finite number"),
    ("time-limit-infinite", 'required: ["8.02"]\ntime_limit: .inf\n',
     "2: time_limit: .inf is not a number to count with: write a finite number"),
    ("label-with-a-terminal-escape",
     'required: ["8.02"]\nblocked:\n  - {days: M, from: "09:00", to: "10:00", label: "a\\eb"}\n',
     "3: blocked.0.label: write plain text, without control characters"),
    ("filter-matches-nothing", 'electives:\n  - {name: H, pick: 1, from: {hass: H}}\n',
     "2: electives H: no subject of 2026SP matches its filter"
     " (required, excluded and taken subjects aside)"),
]  # fmt: skip


BOMB = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    + ['required: ["8.02"]']
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BOMB, "1: anchors and aliases (& and *) are not allowed: write it out"),
        ("required: " + "[" * 3000 + "]" * 3000, "1: nested too deeply (a preferences file has at"
         " most 32 levels)"),
        ("required: " + "[" * 40 + "]" * 40,
         "1: nested too deeply (a preferences file has at most 32 levels)"),
    ],
    ids=["alias-bomb", "deeper-than-python-recurses", "deeper-than-allowed"],
)  # fmt: skip
def test_what_is_read_is_bounded(write, catalog_file, text, message):
    # Refused at once: an alias bomb would expand to 9**9 values, and deep nesting recursed.
    prefs = write(text + "\n")
    code, out, err = run("solve", prefs, "--catalog", catalog_file)
    assert (code, out, err) == (2, "", f"{prefs}:{message}\n")


def test_a_preferences_file_must_be_a_small_regular_file(write, catalog_file):
    code, _, err = run("solve", "/dev/zero", "--catalog", catalog_file)
    assert (code, err) == (
        2, "/dev/zero: not a regular file: no preferences file (a .yaml of a page or two)\n"
    )  # fmt: skip
    big = write("# a comment\n" * 100_000 + 'required: ["8.02"]\n')
    code, _, err = run("solve", big, "--catalog", catalog_file)
    assert (code, err) == (
        2, f"{big}: 1.1 MiB, more than 1 MiB: no preferences file (a .yaml of a page or two)\n"
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["device", "huge", "deep"])
def test_a_catalog_file_must_be_a_bounded_regular_file(write, tmp_path, kind):
    path = {"device": Path("/dev/zero"), "huge": tmp_path / "huge.json",
            "deep": tmp_path / "deep.json"}[kind]  # fmt: skip
    if kind == "huge":
        path.touch()
        os.truncate(path, 300 << 20)  # sparse: costs no disk
    if kind == "deep":
        path.write_text('{"term": "2026SP", "x": ' + "[" * 10_000 + "]" * 10_000 + "}")
    code, out, err = run("solve", write('required: ["8.02"]\n'), "--catalog", path)
    assert (code, out) == (2, "")
    assert err == {
        "device": "coursepick: /dev/zero: not a regular file: no catalog file (a whole MIT term"
                  " is about 3 MiB of JSON)\n",
        "huge": f"coursepick: {path}: 300.0 MiB, more than 256 MiB: no catalog file (a whole MIT"
                " term is about 3 MiB of JSON)\n",
        "deep": f"coursepick: {path}: not a catalog file (JSON nested too deeply): delete it and"
                " scrape again\n",
    }[kind]  # fmt: skip


def test_units_as_one_number_means_exactly_that(write, catalog_file):
    prefs = write('electives: [{min: 1, max: 2, from: ["8.02", "18.03"]}]\nunits: 24\n')
    code, out, _ = run("solve", prefs, "--catalog", catalog_file, "--format", "json")
    assert code == 0
    assert {s["units"] for s in json.loads(out)["schedules"]} == {24}


def test_a_required_subject_without_sections_is_noted(write, tmp_path):
    path = tmp_path / "with-thesis.json"
    save_catalog(catalog(*CATALOG.subjects, subject("6.THT", title="Thesis")), path)
    code, _, err = run("solve", write('required: ["8.02", "6.THT"]\n'), "--catalog", path)
    assert code == 0
    assert err == (
        "coursepick: note: 6.THT has no scheduled sections in 2026SP: it counts for units but"
        " has no place in the week\n"
    )


@pytest.mark.parametrize(
    ("text", "message"), [case[1:] for case in BAD_PREFERENCES], ids=[c[0] for c in BAD_PREFERENCES]
)
def test_bad_preferences_give_one_line_with_file_and_line(write, catalog_file, text, message):
    prefs = write(text)
    code, out, err = run("solve", prefs, "--catalog", catalog_file)
    assert (code, out) == (2, "")
    assert err == f"{prefs}:{message}\n"


def test_unquoted_subject_number_is_read_as_written(write, catalog_file):
    # YAML reads 18.100 as the float 18.1, and 18.1 is a subject too: it must not be taken.
    code, out, err = run("solve", write("required: [18.100]\n"), "--catalog", catalog_file)
    assert (code, err) == (0, "")
    assert "    18.100  L01" in out
    assert "18.1 " not in out


def test_a_single_required_subject_needs_no_list(write, catalog_file):
    code, out, err = run("solve", write('required: "18.100"\n'), "--catalog", catalog_file)
    assert (code, err) == (0, "")
    assert "    18.100  L01" in out


def test_missing_preferences_file(tmp_path, catalog_file):
    missing = tmp_path / "nope.yaml"
    code, out, err = run("solve", missing, "--catalog", catalog_file)
    assert (code, out) == (2, "")
    assert err == f"{missing}: cannot read the preferences file: No such file or directory\n"


def test_preferences_file_not_in_utf8(write, catalog_file):
    prefs = write("")
    prefs.write_bytes(b"required: ['\xff']\n")
    code, out, err = run("solve", prefs, "--catalog", catalog_file)
    assert (code, out, err) == (2, "", f"{prefs}:1: not a text file (save it as UTF-8)\n")


# Bad catalogs


def _truncated(path: Path) -> None:
    save_catalog(CATALOG, path)
    path.write_bytes(path.read_bytes()[:300])


def _newer(path: Path) -> None:
    save_catalog(CATALOG, path)
    document = json.loads(path.read_text())
    path.write_text(json.dumps({**document, "schema_version": 99}))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: p.write_text("<html>not json</html>"),
         "not a catalog file (corrupt or truncated JSON): delete it and scrape again"),
        (_truncated, "not a catalog file (corrupt or truncated JSON): delete it and scrape again"),
        (_newer, "written by a newer coursepick (catalog schema 99, this one reads up to 1):"
                 " upgrade coursepick or scrape again"),
        (lambda p: p.write_text('{"term": "2026SP"}'),
         "invalid catalog at source: Field required (delete it and scrape again)"),
        (lambda p: None, "no such catalog file (run `coursepick scrape`)"),
    ],
    ids=["corrupt", "truncated", "newer-schema", "not-a-catalog", "missing"],
)  # fmt: skip
@pytest.mark.parametrize("command", ["solve", "show", "search"])
def test_bad_catalog_file_is_one_line(tmp_path, write, damage, message, command):
    path = tmp_path / "broken.json"
    damage(path)
    first = {"solve": write('required: ["8.02"]\n'), "show": "8.02", "search": "physics"}[command]
    code, out, err = run(command, first, "--catalog", path)
    assert (code, out) == (2, "")
    assert err == f"coursepick: {path}: {message}\n"


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("2026XX", "'2026XX' is not a term: write the year and season, such as 2026SP, 2025FA"
                   " or 2026JA"),
        ("../../etc/passwd", "'../../etc/passwd' is not a term: write the year and season, such"
                             " as 2026SP, 2025FA or 2026JA"),
        ("2025fa", "no saved catalog for 2025FA (run `coursepick scrape --term 2025FA`, or pass"
                   " --catalog PATH)"),
    ],
    ids=["bad-season", "path", "not-saved"],
)  # fmt: skip
def test_bad_term_is_one_line(write, term, message):
    code, out, err = run("solve", write('required: ["8.02"]\n'), "--term", term)
    assert (code, out, err) == (2, "", f"coursepick: {message}\n")


def test_bad_term_in_the_preferences_file(write):
    prefs = write('required: ["8.02"]\nterm: 2026XX\n')
    code, out, err = run("solve", prefs)
    assert (code, out) == (2, "")
    assert err == (
        f"{prefs}:2: term: '2026XX' is not a term: write the year and season, such as 2026SP,"
        " 2025FA or 2026JA\n"
    )


# Output


HALF = catalog(
    subject("6.1210", section("L01", ("TR", "11:00", "12:30")),
            section("R03", ("WF", "12:00", "13:00"), rooms=("34-301",)),
            section("R05", ("WF", "12:00", "13:00"), rooms=("34-302",)),
            section("R09", ("MW", "10:00", "11:00"), rooms=("36-144",)), hours=12.4),
    subject("18.03", section("L01", ("MW", "13:00", "14:30")),
            section("R01", ("TR", "10:00", "11:00")), section("R02", ("TR", "14:00", "15:00")),
            hours=11.0),
    subject("6.1903", section("L01", ("TR", "13:00", "14:00")), section("B01", tba=True),
            units=6, half="first", hours=7.1),
    subject("21W.742", section("L01", ("MW", "15:00", "16:30")), hass=["H"], hours=8.5),
    subject("24.900", section("L01", ("TR", "15:00", "16:30")), hass=["H"], units=9),
)  # fmt: skip

HALF_PREFS = """\
required: ["6.1210", "18.03"]
electives:
  - {name: HASS-H, pick: 1, from: {hass: H}}
  - {name: half, max: 1, from: ["6.1903"]}
units: {max: 42}
wishes:
  fewer_days: 1
  fewer_gaps: 1
  lunch: {weight: 2, minutes: 45, from: "11:30", to: "13:30"}
  likes: {"21W.742": 0.5, "6.1903": 6}
top: 4
"""


@pytest.fixture
def half_case(tmp_path, write) -> tuple[Path, Path]:
    path = tmp_path / "half.json"
    save_catalog(HALF, path)
    return write(HALF_PREFS), path


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no {path}: run with COURSEPICK_REGENERATE=1 to write it"
    assert text == path.read_text(encoding="utf-8")


def test_table_and_breakdown_match_the_golden_file(half_case):
    prefs, path = half_case
    code, out, err = run("solve", prefs, "--catalog", path)
    assert (code, err) == (0, "")
    _golden("solve_table.txt", out)


def test_grid_matches_the_golden_file(half_case):
    prefs, path = half_case
    code, out, err = run("solve", prefs, "--catalog", path, "--top", 1, "--show", 1)
    assert (code, err) == (0, "")
    _golden("solve_grid.txt", out[out.index("#1  score") :])


@pytest.mark.parametrize("show", [0, 1, 2, 9])
def test_show_draws_the_grids_of_the_top_n(half_case, show):
    prefs, path = half_case
    code, out, _ = run("solve", prefs, "--catalog", path, "--show", show)
    assert code == 0
    assert re.findall(r"^#(\d+)  score", out, re.MULTILINE) == [str(n) for n in range(1, 5)][:show]


def ranks(out: str) -> list[str]:
    """The ranks the table lists (its rows start with the rank; subject lines are indented)."""
    table = out.split("\nscore breakdown")[0]
    return re.findall(r"^ ?(\d+)\*? ", table, re.MULTILINE)


@pytest.mark.parametrize(("argv", "rows"), [((), 4), (("--top", 2), 2), (("--top", 50), 16)])
def test_top_on_the_command_line_overrides_the_file(half_case, argv, rows):
    prefs, path = half_case
    code, out, _ = run("solve", prefs, "--catalog", path, "--by", "sections", *argv)
    assert code == 0
    assert out.startswith(f"2026SP (sample): the {rows} best schedules\n")
    assert ranks(out) == [str(n) for n in range(1, rows + 1)]


class _AnyList(list):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, list)


ANY_LIST = _AnyList()  # checked on its own, below the comparison
CLOCK = re.compile(r"^([01]\d|2[0-4]):[0-5]\d$")


def test_json_has_the_shape_the_issue_specifies(half_case):
    prefs, path = half_case
    code, out, err = run("solve", prefs, "--catalog", path, "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert set(document) == {"catalog", "by", "schedules", "infeasible", "corrections", "instead"}
    assert (document["corrections"], document["instead"]) == ([], None)
    assert document["by"] == "subjects"  # the file has elective groups
    assert document["catalog"] == {"term": "2026SP", "source": "sample"}
    assert document["infeasible"] is None
    assert [s["rank"] for s in document["schedules"]] == [1, 2, 3, 4]
    for schedule in document["schedules"]:
        assert {"rank", "score", "optimal", "equally_good", "equally_good_capped", "units",
                "subjects", "sections", "metrics", "breakdown"} <= set(schedule)  # fmt: skip
        assert type(schedule["equally_good"]) is int
        assert schedule["equally_good_capped"] is False
        assert type(schedule["score"]) is float and schedule["optimal"] is True
        assert type(schedule["units"]) is int
        assert all(type(n) is str for n in schedule["subjects"])
        info = schedule["subject_info"]  # each chosen subject's title and units, in order
        assert list(info) == schedule["subjects"]
        assert all(set(i) == {"title", "units"} and type(i["title"]) is str for i in info.values())
        assert sum(i["units"] for i in info.values()) == schedule["units"]
        metrics = schedule["metrics"]
        assert set(metrics) >= {"days", "first_start", "last_end", "idle_minutes", "hours_per_week"}
        assert type(metrics["days"]) is int and type(metrics["idle_minutes"]) is int
        assert CLOCK.match(metrics["first_start"]) and CLOCK.match(metrics["last_end"])
        assert type(metrics["hours_per_week"]) is float
        assert all(type(v) is float for v in schedule["breakdown"].values())
        assert sum(schedule["breakdown"].values()) == pytest.approx(schedule["score"])
        for part in schedule["sections"]:
            assert {"subject", "kind", "ids", "half", "meetings"} <= set(part)
            assert part["subject"] in schedule["subjects"]
            assert part["kind"] in {"lecture", "recitation", "lab", "design"}
            assert part["half"] in {"first", "second", None}
            assert all(type(i) is str for i in part["ids"])
            for meeting in part["meetings"]:
                assert set(meeting) == {"day", "start", "end"}
                assert meeting["day"] in list("MTWRFSU")
                assert CLOCK.match(meeting["start"]) and CLOCK.match(meeting["end"])


def test_json_of_the_best_schedule_in_full(half_case):
    prefs, path = half_case
    _, out, _ = run("solve", prefs, "--catalog", path, "--format", "json", "--top", 1)
    rows = json.loads(out)["schedules"]
    # The Hydrant link opens these sections: per kind, its index in the term's list (R09: 2).
    shared = read_link(rows[0].pop("hydrant_url"))
    assert shared.classes == (("6.1210", (0, 2)), ("6.1903", (0, 0)), ("18.03", (0, 1)),
                              ("24.900", (0,)))  # fmt: skip
    assert rows == [
        {
            "rank": 1,
            "score": 7.0,
            "optimal": True,
            "equally_good": 0,  # 6.1210's other recitation loses lunch on W (R03/R05, WF 12-13)
            "equally_good_capped": False,
            "units": 39,
            "subjects": ["6.1210", "6.1903", "18.03", "24.900"],
            "subject_info": {
                "6.1210": {"title": "Subject 6.1210", "units": 12},
                "6.1903": {"title": "Subject 6.1903", "units": 6},
                "18.03": {"title": "Subject 18.03", "units": 12},
                "24.900": {"title": "Subject 24.900", "units": 9},
            },
            "sections": [
                {"subject": "6.1210", "kind": "lecture", "ids": ["L01"], "half": None,
                 "tba": False, "rooms": ["1-190"],
                 "meetings": [{"day": "T", "start": "11:00", "end": "12:30"},
                              {"day": "R", "start": "11:00", "end": "12:30"}]},
                {"subject": "6.1210", "kind": "recitation", "ids": ["R09"], "half": None,
                 "tba": False, "rooms": ["36-144"],
                 "meetings": [{"day": "M", "start": "10:00", "end": "11:00"},
                              {"day": "W", "start": "10:00", "end": "11:00"}]},
                {"subject": "6.1903", "kind": "lecture", "ids": ["L01"], "half": "first",
                 "tba": False, "rooms": ["1-190"],
                 "meetings": [{"day": "T", "start": "13:00", "end": "14:00"},
                              {"day": "R", "start": "13:00", "end": "14:00"}]},
                {"subject": "6.1903", "kind": "lab", "ids": ["B01"], "half": "first",
                 "tba": True, "rooms": ["1-190"], "meetings": []},
                {"subject": "18.03", "kind": "lecture", "ids": ["L01"], "half": None,
                 "tba": False, "rooms": ["1-190"],
                 "meetings": [{"day": "M", "start": "13:00", "end": "14:30"},
                              {"day": "W", "start": "13:00", "end": "14:30"}]},
                {"subject": "18.03", "kind": "recitation", "ids": ["R02"], "half": None,
                 "tba": False, "rooms": ["1-190"],
                 "meetings": [{"day": "T", "start": "14:00", "end": "15:00"},
                              {"day": "R", "start": "14:00", "end": "15:00"}]},
                {"subject": "24.900", "kind": "lecture", "ids": ["L01"], "half": None,
                 "tba": False, "rooms": ["1-190"],
                 "meetings": [{"day": "T", "start": "15:00", "end": "16:30"},
                              {"day": "R", "start": "15:00", "end": "16:30"}]},
            ],
            # M, W: 10-11, 13-14:30 (2 idle hours each); T, R: 11-12:30, 13-16:30 (half an hour
            # each, and no 45 free minutes for lunch); 6.1903 liked by 6.
            "metrics": {"days": 4, "first_start": "10:00", "last_end": "16:30",
                        "idle_minutes": 300, "hours_per_week": 39.5},
            "breakdown": {"fewer_days": 4.0, "fewer_gaps": 5.0, "lunch": 4.0, "likes": -6.0},
            "walks": [], "rooms_not_on_map": [], "held_changes": [], "prereq_unmet": [],
        }
    ]  # fmt: skip


def test_json_when_nothing_fits(write, catalog_file):
    prefs = write('required: ["8.02"]\nfree_days: [F]\nearliest: "10:00"\n')
    code, out, err = run("solve", prefs, "--catalog", catalog_file, "--format", "json")
    assert code == 1
    message = "no schedule fits: required 8.02, free day F and earliest 10:00 cannot all hold"
    assert json.loads(out) == {
        "catalog": {"term": "2026SP", "source": "sample"},
        "by": "sections",
        "schedules": [],
        "infeasible": {"rules": ["required 8.02", "free day F", "earliest 10:00"],
                       "message": message},
        "corrections": [
            {"drop": ["earliest 10:00"], "schedules": 1, "capped": False, "best_score": 0.0,
             "finished": True},
            {"drop": ["free day F"], "schedules": 1, "capped": False, "best_score": 0.0,
             "finished": True},
        ],  # making 8.02 optional leaves only the empty schedule: no way out
        "instead": {"drop": ["earliest 10:00"], "schedules": ANY_LIST},
    }  # fmt: skip
    assert [s["subjects"] for s in json.loads(out)["instead"]["schedules"]] == [["8.02"]]
    assert err == f"coursepick: {message}\n"


# Which catalog (README): the command line (--catalog, then --term) > the file (`catalog:`, then
# `term:`) > the newest saved in the cache directory > the bundled sample, with a notice.


def _termed(term: str) -> Catalog:
    return catalog(subject("18.03", section("L01", ("MW", "13:00", "14:00")))).model_copy(
        update={"term": term}
    )


@pytest.fixture
def catalogs(tmp_path, cache) -> Path:
    save_catalog(_termed("2024FA"), tmp_path / "explicit.json")
    save_catalog(_termed("2024SP"), tmp_path / "next-to-prefs.json")
    for term in ["2025FA", "2026JA", "2026SP", "2025SU"]:
        save_catalog(_termed(term), cache / "catalogs" / f"{term}.json")
    (tmp_path / "elsewhere").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("lines", "argv", "term"),
    [
        (["catalog: next-to-prefs.json", "term: 2025FA"], ["--catalog", "explicit.json"], "2024FA"),
        (["catalog: next-to-prefs.json", "term: 2025FA"], [], "2024SP"),
        (["term: 2025FA"], [], "2025FA"),
        (["term: 2025FA"], ["--term", "2026JA"], "2026JA"),
        (["catalog: next-to-prefs.json"], ["--term", "2026JA"], "2026JA"),
        ([], ["--term", "2025SU"], "2025SU"),
        ([], [], "2026SP"),
    ],
    ids=["explicit-path", "file-catalog", "file-term", "command-line-term",
         "command-line-term-over-file-catalog", "term", "newest"],
)  # fmt: skip
def test_catalog_choice_order(catalogs, monkeypatch, lines, argv, term):
    monkeypatch.chdir(catalogs / "elsewhere")  # `catalog:` is relative to the file, not the cwd
    prefs = catalogs / "prefs.yaml"
    prefs.write_text("\n".join([*lines, 'required: ["18.03"]', ""]))
    argv = [str(catalogs / a) if a.endswith(".json") else a for a in argv]
    code, out, err = run("solve", prefs, "--format", "json", *argv)
    assert (code, err) == (0, "")
    assert json.loads(out)["catalog"]["term"] == term


def test_sample_catalog_with_a_notice_when_none_is_saved(write):
    code, out, err = run("solve", write('required: ["18.03"]\n'), "--format", "json")
    assert (code, err) == (0, SAMPLE_NOTICE + "\n")
    assert json.loads(out)["catalog"]["source"] == "sample"


# show and search


def test_show_prints_a_subject(catalog_file):
    code, out, err = run("show", "18.03", "--catalog", catalog_file)
    assert (code, err) == (0, "")
    assert out.startswith("18.03 Differential Equations\n")


def test_show_unknown_subject_suggests_close_numbers(catalog_file):
    code, out, err = run("show", "18.60", "--catalog", catalog_file)
    assert code == 2
    assert err == "coursepick: unknown subject 18.60 in 2026SP (did you mean 18.06?)\n"


@pytest.mark.parametrize(
    ("number", "hint"),
    [
        ("8.033", "(try `coursepick search`)"),  # 8.03 and 8.02 are other subjects
        ("18.0", "(did you mean 18.03, 18.06?)"),  # numbers that go on
        ("18.08", "(did you mean 18.03, 18.06?)"),  # one character mistyped
        ("81.03", "(did you mean 18.03?)"),  # neighbours swapped
    ],
)
def test_unknown_subject_suggests_only_close_numbers(catalog_file, number, hint):
    code, _, err = run("show", number, "--catalog", catalog_file)
    assert (code, err) == (2, f"coursepick: unknown subject {number} in 2026SP {hint}\n")


def test_a_subject_of_another_saved_term_says_when_it_was_last_offered(cache, write):
    fall = catalog(subject("8.033", section("L01", ("MWF", "10:00", "11:00"))), term="2025FA")
    older = catalog(subject("8.033", section("L01", ("MWF", "10:00", "11:00"))), term="2024FA")
    for term in (older, fall, CATALOG):
        saved(term, cache / "catalogs", f"{term.term}.json")
    code, _, err = run("show", "8.033")
    assert (code, err) == (2, "coursepick: 8.033 is not offered in Spring 2026; last seen in"
                              " Fall 2025\n")  # fmt: skip
    prefs = write('required: ["8.02", "8.033"]\n')
    code, _, err = run("solve", prefs)
    assert (code, err) == (2, f"{prefs}:1: 8.033 is not offered in Spring 2026; last seen in"
                              " Fall 2025\n")  # fmt: skip


def test_search_finds_subjects(catalog_file):
    code, out, err = run("search", "analysis", "--catalog", catalog_file)
    assert (code, err) == (0, "")
    # Both titles have the word once; the shorter title is the closer match.
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["18.100", "18.1"]


def test_search_json_lists_rows_best_first(catalog_file):
    code, out, err = run("search", "linear", "--format", "json", "--catalog", catalog_file)
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {"numbers": ["18.06"], "old_number": None, "title": "Linear Algebra", "units": 12,
         "level": None, "attributes": [], "instructors": [], "rating": None, "hours": None,
         "limited": False}
    ]  # fmt: skip


def test_search_without_matches_says_so(catalog_file):
    code, out, err = run("search", "basket weaving", "--catalog", catalog_file)
    assert (code, out, err) == (0, "no subject matches 'basket weaving'\n", "")


RATED = catalog(
    subject("21L.021", section("L01", ("MW", "11:00", "12:30")), title="Comedy", hass=["H"],
            rating=6.1, hours=8.0),
    subject("21H.266", section("L01", ("TR", "11:00", "12:30")), title="South Africa",
            hass=["H"], rating=7.0, hours=11.5),
    subject("24.05", section("L01", ("F", "11:00", "14:00")), title="Philosophy of Religion",
            hass=["H"], has_final=True, rating=6.8),
    subject("21G.904", section("L01", ("MTWR", "10:00", "11:00")), title="Korean IV",
            hass=["H"], units=9),
    subject("14.01", section("L01", ("MW", "9:00", "10:30")), title="Microeconomics",
            hass=["S"], rating=6.9, hours=9.0),
    subject("21H.001", title="How to Stage a Revolution", hass=["H"], terms=["FA"], rating=6.5),
)  # fmt: skip


@pytest.fixture
def rated_file(tmp_path) -> Path:
    path = tmp_path / "rated.json"
    save_catalog(RATED, path)
    return path


def _numbers(out: str) -> list[str]:
    return [row["numbers"][0] for row in json.loads(out)]


def test_search_filters_and_sorts_without_text(rated_file):
    # The fall-only 21H.001 is not offered this spring; 24.05 has a final; 14.01 is HASS-S.
    code, out, err = run("search", "--hass", "H", "--no-final", "--sort", "rating",
                         "--format", "json", "--catalog", rated_file)  # fmt: skip
    assert (code, err) == (0, "")
    assert _numbers(out) == ["21H.266", "21L.021", "21G.904"]  # unrated last


@pytest.mark.parametrize(
    ("options", "numbers"),
    [
        (["--sort", "hours"], ["21L.021", "14.01", "21H.266", "24.05", "21G.904", "21H.001"]),
        (["--sort", "number"], ["14.01", "21G.904", "21H.001", "21H.266", "21L.021", "24.05"]),
        (["--units", "9"], ["21G.904"]),
        (["--units", "10-"], ["21L.021", "21H.266", "24.05", "14.01"]),
        (["--min-rating", "6.8"], ["21H.266", "24.05", "14.01"]),
        (["--max-hours", "9"], ["21L.021", "14.01"]),
        (["--department", "21H"], ["21H.266"]),
        (["--prefix", "21"], ["21L.021", "21H.266", "21G.904"]),
        (["--hass", "any", "--min-rating", "6.9", "--sort", "rating"], ["21H.266", "14.01"]),
    ],
)
def test_search_filter_options(rated_file, options, numbers):
    code, out, err = run("search", *options, "--format", "json", "--catalog", rated_file)
    assert (code, err) == (0, "")
    assert _numbers(out) == numbers


def test_search_table_shows_evaluations_when_the_catalog_has_them(rated_file):
    code, out, err = run("search", "comedy", "--catalog", rated_file)
    assert (code, err) == (0, "")
    assert out.splitlines()[0].split() == ["number", "title", "units", "attributes", "rating",
                                           "hours"]  # fmt: skip
    assert out.splitlines()[2].split() == ["21L.021", "Comedy", "12", "HASS-H", "6.1", "8.0"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--min-rating", "9"], "--min-rating: 9 is more than 7"),
        (["--hass", "Q"], "--hass: Input should be 'H', 'A', 'S', 'E' or 'any'"),
        (["--level", "X"], "--level: Input should be 'U' or 'G'"),
        (["--units", "9-6"], "--units: min 9 is greater than max 6"),
    ],
)  # fmt: skip
def test_search_rejects_bad_filter_values_in_one_line(rated_file, options, message):
    code, out, err = run("search", *options, "--catalog", rated_file)
    assert (code, out, err) == (2, "", f"coursepick: search {message}\n")


def test_search_rejects_a_malformed_units_range(rated_file):
    code, out, err = run("search", "--units", "a-b", "--catalog", rated_file)
    assert code == 2
    assert err.endswith("search --units: 'a-b' is not 12, 6-9, 9- or -9\n")


def test_show_and_search_use_the_sample_with_a_notice():
    code, out, err = run("show", "18.03")
    assert (code, err) == (0, SAMPLE_NOTICE + "\n")
    assert out.startswith("18.03 ")


# The real command, once, as a user would run it on a fresh install.


def test_python_m_solver_solves_the_example_with_the_sample(tmp_path):
    env = {**os.environ, "COURSEPICK_CACHE_DIR": str(tmp_path / "empty")}
    run_ = subprocess.run(
        [sys.executable, "-m", "solver", "solve", "preferences.example.yaml"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run_.returncode == 0, run_.stderr
    assert run_.stderr == SAMPLE_NOTICE + "\n"
    lines = run_.stdout.splitlines()
    heading = "2026SP (sample): the 10 best choices of subjects, each in its best arrangement"
    assert lines[0] == heading
    assert lines[1].split() == ["#", "score", "units", "days", "first", "last", "idle", "hours",
                                "expected", "hours/week"]  # fmt: skip
    assert ranks(run_.stdout) == [str(n) for n in range(1, 11)]
    assert "score breakdown (penalty; lower is better):" in lines


def test_a_reader_that_leaves_early_is_no_error():
    # `coursepick search | head -1`: the reader has closed the pipe by the time the table comes.
    read, write = os.pipe()
    os.close(read)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "solver", "search", "--catalog", sample_catalog_path()],
            stdout=write, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(write)
    assert (run.returncode, run.stderr) == (0, "")


def test_what_if_in_json_is_part_of_the_one_document():
    example = ROOT / "preferences.example.yaml"
    code, out, err = run_cli("solve", example, "--what-if", "--format", "json", "--top", 1)
    assert code == 0, err
    document = json.loads(out)  # one document: no table printed after it
    labels = [entry["drop"] for entry in document["what_if"]["without"]]
    assert "units 36-54" in labels and document["what_if"]["now"]["schedules"] >= 1
    code, out, err = run_cli("solve", example, "--what-if", "--format", "csv")
    assert (code, out) == (2, "")
    assert err == "coursepick: --what-if has no CSV form: leave out --format, or use json\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_search_on_a_terminal_shows_25_rows_and_says_how_many_more(monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    out, err = _Terminal(), io.StringIO()
    assert cli.main(["search", "--catalog", str(sample_catalog_path())], out, err) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 + 25 + 1 and lines[-1].endswith(" more; --limit to see them")
    assert max(len(line) for line in lines) <= 72


def test_search_piped_shows_every_row_and_limit_cuts_it():
    _, every, _ = run("search", "--catalog", sample_catalog_path())
    _, three, _ = run("search", "--limit", "3", "--catalog", sample_catalog_path())
    _, json_three, _ = run("search", "--limit", "3", "--format", "json", "--catalog",
                           sample_catalog_path())  # fmt: skip
    rows = len(every.splitlines()) - 2
    assert rows > 25 and "more" not in every
    numbers = [line.split()[0] for line in every.splitlines()[2:5]]
    assert [line.split()[0] for line in three.splitlines()[2:5]] == numbers
    assert three.splitlines()[5:] == [f"{rows - 3} more; --limit to see them"]
    assert len(json.loads(json_three)) == 3
