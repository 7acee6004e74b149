"""`coursepick solve --with`: two to four students in one solve, as the command line and the MCP
server give it, on a small catalog and on the real Spring 2026 term; what taking a subject
together and meeting for lunch mean; and bad input, one line naming its file."""

import json
from pathlib import Path

import anyio
import pytest
from mcp.client import Client

from solver.app.desk import Desk
from solver.catalog.schema import Kind
from solver.core.options import Option
from solver.core.results import Schedule
from solver.core.together import CommonLunch, Shared
from solver.serve.mcp import build_server
from tests.factories import catalog, meetings, run_cli, saved, section, subject

CATALOG = catalog(
    subject("6.1210", section("L01", ("TR", "11:00", "12:30")),
            section("R01", ("WF", "10:00", "11:00")), section("R02", ("WF", "12:00", "13:00")),
            section("R03", ("WF", "10:00", "11:00"), rooms=("34-303",)), limited=True),
    subject("18.03", section("L01", ("MWF", "13:00", "14:00")),
            section("R01", ("TR", "09:00", "10:00")), section("R02", ("TR", "14:00", "15:00"))),
    subject("24.900", section("L01", ("TR", "15:00", "16:30")), hass=["H"]),
    subject("21W.742", section("L01", ("MW", "15:00", "16:30")), hass=["H"], same_as=["WGS.231"]),
    subject("WGS.231", section("L01", ("MW", "15:00", "16:30")), hass=["H"]),
)  # fmt: skip

ME = """\
required: ["6.1210", "18.03"]
electives: [{pick: 1, from: {hass: H}}]
wishes: {fewer_days: 1, fewer_gaps: 1}
together:
  subjects: ["6.1210", "21W.742"]
  same: [lecture, recitation]
  weight: 3
  meet: {weight: 1, minutes: 45, from: "11:30", to: "13:30"}
top: 3
"""
FRIEND = """\
required: ["6.1210", "WGS.231"]
wishes: {later_start: {weight: 1, before: "11:00"}}
"""


@pytest.fixture
def files(tmp_path) -> tuple[Path, Path, Path]:
    me, friend = tmp_path / "me.yaml", tmp_path / "friend.yaml"
    me.write_text(ME)
    friend.write_text(FRIEND)
    return me, friend, saved(CATALOG, tmp_path)


def test_the_joint_json_has_a_row_per_joint_schedule_with_each_student(files):
    me, friend, path = files
    code, out, err = run_cli("solve", me, "--with", friend, "--catalog", path, "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert (document["by"], document["students"]) == ("joint", [str(me), str(friend)])
    best = document["schedules"][0]
    assert (best["rank"], best["optimal"]) == (1, True)
    mine, theirs = best["students"]
    assert (mine["file"], theirs["file"]) == (str(me), str(friend))
    # Both take 6.1210 in one recitation (R02: my friend starts late) and 21W.742 = WGS.231.
    assert mine["subjects"] == ["6.1210", "18.03", "21W.742"]
    assert theirs["subjects"] == ["6.1210", "WGS.231"]
    assert set(theirs["shared"]) == {"6.1210 L01", "6.1210 R02", "WGS.231 L01"}
    assert best["together"] == {"together": 0.0, "meet": 2.0}  # W, F: 12:00-14:00 for me
    assert best["score"] == mine["score"] + theirs["score"] + 2.0
    assert [s["ids"] for s in theirs["sections"]] == [["L01"], ["R02"], ["L01"]]


def test_the_table_has_a_column_per_student_with_shared_sections_marked(files):
    me, friend, path = files
    code, out, _ = run_cli("solve", me, "--with", friend, "--catalog", path, "--top", 1)
    assert code == 0
    assert out.splitlines()[:10] == [
        "2026SP (sample): the best joint schedule of me.yaml and friend.yaml",
        "",
        "#1  joint score 11.00 = me.yaml 9.00 + friend.yaml 0.00 + together 2.00",
        "    me.yaml                         friend.yaml",
        "    6.1210   L01= R02= (lottery)    6.1210   L01= R02= (lottery)",
        "    18.03    L01 R01                WGS.231  L01=",
        "    21W.742  L01=                   24 units, MTWRF 11:00-16:30",
        "    36 units, MTWRF 09:00-16:30     early 0",
        "    days 5, gaps 4",
        "    together: together 0, meet 2",
    ]


def test_with_in_the_file_is_read_relative_to_it(files):
    me, friend, path = files
    me.write_text(ME + f"with: [{friend.name}]\n")
    _, alone, _ = run_cli("solve", me, "--catalog", path, "--format", "json")
    _, given, _ = run_cli("solve", me, "--with", friend, "--catalog", path, "--format", "json")
    assert json.loads(alone)["schedules"] == json.loads(given)["schedules"]


def test_output_dir_saves_each_student_s_report_and_calendar(files, tmp_path):
    me, friend, path = files
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run_cli("solve", me, "--with", friend, "--catalog", path, "--output-dir", out)
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "friend.html", "friend.ics", "me.html", "me.ics"
    ]  # fmt: skip
    assert "WGS.231" in (out / "friend.html").read_text()
    assert err.count("saved ") == 4


@pytest.mark.parametrize(
    ("friend", "line"),
    [
        ('required: ["6.1210", "9.999"]\n', "{friend}:1: unknown subject 9.999 in 2026SP"),
        ("required: [6.1210\n", "{friend}:2: YAML syntax error"),
        ("term: 2025FA\nrequired: ['6.1210']\n", "{friend}:1: term 2025FA: {me} is solved on"),
        (None, "{friend}: cannot read the preferences file: No such file or directory"),
    ],
)
def test_a_friend_s_file_with_errors_is_one_line_naming_it(files, friend, line):
    me, path_friend, path = files
    if friend is None:
        path_friend.unlink()
    else:
        path_friend.write_text(friend)
    code, out, err = run_cli("solve", me, "--with", path_friend, "--catalog", path)
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert err.startswith(line.format(friend=path_friend, me=me))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--what-if"], "what-if asks about one file: leave it out of a solve with friends"),
        (["--by", "subjects"], "a joint solve ranks every distinct joint schedule"),
        (["--format", "csv"], "--format csv shows one file's schedules"),
    ],
)
def test_what_a_joint_solve_does_not_do_is_one_line(files, argv, message):
    me, friend, path = files
    code, _, err = run_cli("solve", me, "--with", friend, "--catalog", path, *argv)
    assert (code, err) == (2, f"coursepick: {message}" + err.split(message, 1)[1])
    assert err.count("\n") == 1


def test_five_students_are_too_many(files):
    me, friend, path = files
    code, _, err = run_cli("solve", me, *(["--with", friend] * 4), "--catalog", path)
    assert code == 2
    assert "a joint solve takes two to 4 students in all" in err


def test_a_subject_only_one_file_offers_cannot_be_taken_together(files):
    me, friend, path = files
    me.write_text(ME.replace('"21W.742"]', '"18.03"]'))
    code, _, err = run_cli("solve", me, "--with", friend, "--catalog", path)
    assert code == 2
    assert err == (
        f"{me}:5: together 18.03: only {me} offers it; list it under required: or in an"
        " elective group of at least two of the files\n"
    )


def test_when_nothing_fits_the_fixes_name_whose_rule_or_the_together_rule(files):
    me, friend, path = files
    # I can only be in R01/R03 (by 12:30), my friend only in R02: never together.
    me.write_text(
        'required: ["6.1210"]\nlatest: "12:30"\n'
        'together: {subjects: ["6.1210"], same: [recitation], weight: hard}\n'
    )
    friend.write_text(FRIEND + 'exclude: {"6.1210": [R01, R03]}\n')
    code, out, err = run_cli("solve", me, "--with", friend, "--catalog", path, "--top", 1)
    assert code == 1
    assert out.splitlines()[:4] == [
        "no joint schedule fits all of your rules; the fewest to give up:",
        "  1. drop together 6.1210: 1 joint schedule, best score 0",
        "  2. drop friend.yaml: exclude 6.1210 R03: 1 joint schedule, best score 2",
        "  3. drop friend.yaml: exclude 6.1210 R01: 1 joint schedule, best score 2",
    ]
    assert err == (
        "coursepick: no joint schedule fits: me.yaml: required 6.1210; me.yaml: latest 12:30;"
        " friend.yaml: exclude 6.1210 R01; friend.yaml: exclude 6.1210 R03 and together 6.1210"
        " cannot all hold\n"
    )


def _schedule(number: str, *options: tuple[str, str, tuple[str, str, str]]) -> Schedule:
    """A schedule of one subject with these options: (kind, ids as R01/R03, (days, from, to))."""
    built = tuple(
        Option(number, Kind(kind), tuple(ids.split("/")), (), tuple(meetings(*times)), False,
               frozenset({0}), 0)
        for kind, ids, times in options
    )  # fmt: skip
    return Schedule((number,) if options else (), built)


@pytest.mark.parametrize(
    ("mine", "theirs", "missed"),
    [
        (("M", "11:30", "12:30"), ("M", "12:30", "13:30"), 1),  # no common hour
        (("M", "11:30", "12:00"), ("M", "12:45", "13:30"), 1),  # 45 common minutes, not 60
        (("M", "11:30", "12:30"), ("M", "09:00", "10:00"), 0),  # 12:30-13:30 free for both
        (("M", "09:00", "10:00"), ("M", "14:00", "15:00"), 0),  # the whole lunch
        (("M", "11:30", "12:30"), ("T", "12:30", "13:30"), 0),  # never on campus the same day
        (("MT", "11:30", "12:30"), ("MT", "12:30", "13:30"), 2),  # each day counts
    ],
)
def test_meet_counts_the_days_all_have_class_and_no_common_free_window(mine, theirs, missed):
    meet = CommonLunch(1, 60, 11 * 60 + 30, 13 * 60 + 30)
    weeks = [_schedule("1.00", ("lecture", "L01", mine)),
             _schedule("2.00", ("lecture", "L01", theirs))]  # fmt: skip
    assert meet.points(weeks) == missed * 6000


def test_taken_apart_is_by_some_who_could_or_in_no_common_section():
    at = ("M", "10:00", "11:00")

    def mine(*ids: str) -> Schedule:
        return _schedule("6.1210", *(("lecture" if i[0] == "L" else "recitation", i, at)
                                     for i in ids))  # fmt: skip

    both = Shared("6.1210", ("6.1210", "6.1210"), frozenset({Kind.LECTURE, Kind.RECITATION}))
    assert not both.apart([mine(), mine()])  # neither takes it
    assert both.apart([mine("L01", "R01"), mine()])  # one does, the other could
    assert not both.apart([mine("L01", "R01/R03"), mine("L01", "R03")])  # R03 is common
    assert both.apart([mine("L01", "R01"), mine("L01", "R02")])
    lecture = Shared("6.1210", ("6.1210", "6.1210"), frozenset({Kind.LECTURE}))
    assert not lecture.apart([mine("L01", "R01"), mine("L01", "R02")])
    once = Shared("6.1210", ("6.1210", None), frozenset({Kind.LECTURE}))
    assert not once.apart([mine("L01", "R01"), mine()])  # the other cannot take it


def test_the_mcp_solve_tool_takes_friends_and_answers_as_the_command_does(files, tmp_path):
    me, friend, path = files

    async def ask():
        async with Client(build_server(Desk(tmp_path / "cache", path))) as client:
            return await client.call_tool(
                "solve", {"preferences": ME, "with": [FRIEND], "time_limit": 30}
            )

    answer = anyio.run(ask)
    _, out, _ = run_cli("solve", me, "--with", friend, "--catalog", path, "--format", "json")
    document, expected = json.loads(answer.content[0].text), json.loads(out)
    assert document["students"] == ["preferences", "with[0]"]
    strip = lambda d: [[{k: v for k, v in s.items() if k != "file"} for s in r["students"]]  # noqa: E731
                       for r in d["schedules"]]  # fmt: skip
    assert strip(document) == strip(expected)


@pytest.mark.realdata
def test_two_real_files_on_the_real_term(real_catalog, tmp_path):
    me, friend = tmp_path / "me.yaml", tmp_path / "friend.yaml"
    me.write_text(
        'required: ["6.1210", "18.03"]\n'
        "electives: [{name: HASS-H, pick: 1, from: {hass: H, no_final: true, min_rating: 6}}]\n"
        'earliest: "10:00"\nwishes: {fewer_days: 1, fewer_gaps: 1}\n'
        'together: {subjects: ["6.1210", "18.03"], same: [lecture, recitation], weight: 3,\n'
        '           meet: {weight: 1, minutes: 45, from: "11:30", to: "13:30"}}\ntop: 3\n'
        'taken: ["6.100A", "6.1200", "18.01", "18.02"]\n'
    )
    friend.write_text(
        'required: ["6.1210", "18.03", "8.02"]\nlatest: "16:00"\n'
        'wishes: {fewer_gaps: 1, later_start: {weight: 1, before: "10:00"}}\n'
        'taken: ["6.100A", "6.1200", "18.01", "18.02", "8.01"]\n'
    )
    code, out, err = run_cli("solve", me, "--with", friend, "--catalog", real_catalog,
                             "--format", "json")  # fmt: skip
    assert (code, err) == (0, "")
    rows = json.loads(out)["schedules"]
    assert [r["score"] for r in rows] == [8.0, 8.0, 8.0]
    for row in rows:
        mine, theirs = row["students"]
        assert row["together"] == {"together": 0.0, "meet": 2.0}
        assert {"6.1210 L01", "18.03 L01"} <= set(mine["shared"]) & set(theirs["shared"])
        assert theirs["subjects"] == ["6.1210", "8.02", "18.03"]


def test_exit_4_when_the_time_limit_ends_a_joint_search_before_any_schedule(files):
    me, friend, path = files
    me.write_text(ME + "time_limit: 5\n")
    ticks = iter([0.0])  # the deadline is set at 0 s; every later look at the clock says 10 s
    code, out, err = run_cli("solve", me, "--with", friend, "--catalog", path,
                             clock=lambda: next(ticks, 10.0))  # fmt: skip
    assert (code, out) == (4, "")
    assert err == "coursepick: the time limit ran out before any schedule was found\n"


def test_a_friend_s_keys_for_the_whole_solve_are_noted_not_read(files):
    me, friend, path = files
    friend.write_text(FRIEND + "with: [me.yaml]\n")
    code, _, err = run_cli("solve", me, "--with", friend, "--catalog", path, "--top", 1)
    assert (code, err) == (0, f"coursepick: note: {friend}: catalog:, with: and together: are"
                              f" read from {me} only, not from here\n")  # fmt: skip


def test_a_confined_server_reads_no_friend_s_file_a_text_names(files, tmp_path):
    me, friend, path = files

    async def ask():
        desk = Desk(tmp_path / "cache", path, confined=True)
        async with Client(build_server(desk)) as client:
            return await client.call_tool("solve", {"preferences": ME + f"with: [{friend}]\n"})

    answer = anyio.run(ask)
    assert answer.is_error
    assert answer.content[0].text.endswith(
        "preferences:10: with: names files: give the friends' preferences themselves (`with`)"
    )
