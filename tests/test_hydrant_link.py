"""Hydrant share links: a schedule written as one reads back as the same sections; a link made
as Hydrant makes it (a fixture written by hand from its format) reads right; a damaged or
foreign link is one line and exit code 2; `--from-hydrant` and `hold:` hold what a link holds."""

import base64
import json
from urllib.parse import parse_qs, quote, urlsplit

import msgpack
import pytest

from solver.catalog.hydrant_link import (
    Activity,
    hydrant_term,
    link_sections,
    picked_sections,
    read_link,
    share_link,
)
from solver.catalog.schema import Kind
from solver.core.engine.ranking import rank_schedules
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.errors import LinkError
from solver.render.links import hydrant_url
from tests.factories import catalog, run_cli, saved, section, subject

CATALOG = catalog(
    subject("6.1210", section("L01", ("TR", "11:00", "12:30")),
            section("R01", ("WF", "10:00", "11:00")), section("R02", ("WF", "11:00", "12:00")),
            section("R03", ("WF", "10:00", "11:00"), rooms=("34-303",)),
            section("R04", tba=True, rooms=())),  # a "TBA" placeholder: no section in Hydrant
    subject("18.03", section("L01", ("MWF", "13:00", "14:00")),
            section("R01", ("TR", "09:00", "10:00")), section("R02", ("TR", "14:00", "15:00"))),
    subject("24.900", section("L01", ("TR", "15:00", "16:30")), hass=["H"], limited=True),
    subject("21W.742", section("L01", ("MW", "15:00", "16:30")),
            section("L02", ("TR", "13:00", "14:30")), hass=["H"]),
)  # fmt: skip

# Hydrant's share state for two classes, byte by byte (MessagePack, src/lib/state.ts `deflate`):
FIXTURE = bytes.fromhex(
    "94"  # an array of 4: [classes, custom activities, selected option, PE classes]
    "92"  # classes: an array of 2
    "94"
    "a6"
    "362e31323130"
    "92a0a0"
    "00"
    "02"  # ["6.1210", ["", ""] (rooms), 0, 2]: L01 R03
    "93"
    "a5"
    "31382e3033"
    "00"
    "01"  # ["18.03", 0, 1] (older links: no rooms): L01 R02
    "c0"  # no custom activities
    "00"  # schedule option 0
    "90"  # no PE classes
)


def test_the_fixture_decodes_with_msgpack_as_hydrant_wrote_it():
    assert msgpack.unpackb(FIXTURE) == [[["6.1210", ["", ""], 0, 2], ["18.03", 0, 1]], None, 0, []]


def test_a_link_made_by_hydrant_reads_right():
    url = "https://hydrant.mit.edu/?t=s26&s=" + quote(base64.b64encode(FIXTURE).decode())
    shared = read_link(url)
    assert (shared.term, shared.classes) == ("2026SP", (("6.1210", (0, 2)), ("18.03", (0, 1))))
    picked = picked_sections(shared, CATALOG)
    assert picked.subjects == (("6.1210", ("L01", "R03")), ("18.03", ("L01", "R02")))


def test_a_placeholder_is_no_section_of_hydrant_s():
    sections = CATALOG.subject("6.1210").sections_of(Kind.RECITATION)
    assert [s.id for s in link_sections(CATALOG.subject("6.1210"), Kind.RECITATION)] == [
        s.id for s in sections[:3]
    ]


def _request(text: str):
    prefs, source = parse_preferences(text, "p.yaml")
    return build_request(prefs, source, CATALOG)


@pytest.mark.parametrize("by", ["sections", "subjects"])
def test_a_link_written_reads_back_as_the_same_sections(by):
    request = _request(
        'required: ["6.1210", "18.03"]\n'
        "electives: [{pick: 1, from: {hass: H}}]\n"
        "blocked: [{days: M, from: '16:00', to: '17:15', label: crew}]\n"
        "top: 20\n"
    )
    rows = rank_schedules(request, by=by).schedules
    assert len(rows) > 1
    for ranked in rows:
        picked = picked_sections(read_link(hydrant_url(ranked.schedule, request)), CATALOG)
        # A placeholder is for Hydrant to choose: the link leaves its kind open.
        chosen = {(o.course, o.ids[0]) for o in ranked.schedule.options if o.ids != ("R04",)}
        assert {(n, i) for n, ids in picked.subjects for i in ids} == chosen
        assert [n for n, _ in picked.subjects] == list(ranked.schedule.courses)


def test_blocked_times_go_in_as_custom_activities_on_hydrant_s_slots():
    url = share_link("2026SP", [("6.1210", [0, 1])], [Activity("crew", ("T", "R"), 960, 1035)])
    (state,) = parse_qs(urlsplit(url).query)["s"]
    # Half-hour slots from 6:00, 34 a day: Tuesday 16:00 is 34 + 20; 16:00-17:15 takes three.
    assert msgpack.unpackb(base64.b64decode(state)) == [
        [["6.1210", 0, 1]], [[[[54, 3], [122, 3]], "crew", "", ""]], 0, []
    ]  # fmt: skip


def test_terms_are_named_as_hydrant_names_them():
    assert [hydrant_term(t) for t in ("2026SP", "2025FA", "2026JA", "2025SU")] == [
        "s26", "f25", "i26", "m25"
    ]  # fmt: skip


def _state(*state) -> str:
    return "https://hydrant.mit.edu/?t=s26&s=" + quote(
        base64.b64encode(msgpack.packb(state)).decode()
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.com/?t=s26&s=kA%3D%3D", "is not a Hydrant link"),
        ("hydrant.mit.edu/?s=kA", "is not a Hydrant link"),
        ("https://hydrant.mit.edu/?t=s26", "holds no schedule"),
        ("https://hydrant.mit.edu/?t=s26&s=%21%21%21", "is damaged"),
        ("https://hydrant.mit.edu/?t=s26&s=kQ%3D%3D", "is damaged"),  # an array cut short
        (_state("6.1210"), "is damaged"),  # no list of classes
        (_state([["6.1210", -1]], None, 0), "is damaged"),  # a negative index
        (_state([["not a number", 0]], None, 0), "is damaged"),
        ("https://hydrant.mit.edu/?t=fall&s=kA%3D%3D", "names the term 'fall'"),
        ("https://hydrant.mit.edu/?t=s26&s=" + "A" * 70_000, "characters long"),
    ],
)
def test_a_damaged_or_foreign_link_is_one_line(url, message):
    with pytest.raises(LinkError, match=message) as raised:
        read_link(url)
    assert "\n" not in str(raised.value)


def test_a_link_for_another_term_says_which():
    with pytest.raises(LinkError, match=r"is for Fall 2025 \(t=f25\), but the catalog is Spring"):
        picked_sections(read_link(_state([["6.1210", 0]], None, 0).replace("t=s26", "t=f25")),
                        CATALOG)  # fmt: skip


def test_a_section_the_term_lacks_is_one_line():
    with pytest.raises(LinkError, match=r"picks recitation #9 of 6.1210, which has 3 in 2026SP"):
        picked_sections(read_link(_state([["6.1210", 0, 8]], None, 0)), CATALOG)


HOLD = "electives: [{pick: 1, from: {hass: H}}]\nwishes: {fewer_days: 1}\n"


def test_from_hydrant_holds_the_link_s_subjects_and_sections(tmp_path):
    prefs = tmp_path / "p.yaml"
    prefs.write_text(HOLD + 'earliest: "10:00"\n')
    url = _state([["6.1210", 0, 0], ["18.03", 0, 1], ["24.900", 0], ["99.999", 0]], None, 0)
    code, out, err = run_cli("solve", prefs, "--catalog", saved(CATALOG, tmp_path),
                             "--from-hydrant", url, "--format", "json")  # fmt: skip
    assert code == 0
    assert err == (
        "coursepick: note: the Hydrant link names 99.999, which Spring 2026 does not have: left"
        " out (is the link for another term?)\n"
    )
    best = json.loads(out)["schedules"][0]
    # R01 starts at 10:00; 24.900 stays the HASS group's pick, held like the rest.
    assert best["subjects"] == ["6.1210", "18.03", "24.900"]
    assert best["held_changes"] == []
    assert {s["subject"]: s["ids"] for s in best["sections"] if s["kind"] == "recitation"} == {
        "6.1210": ["R01"], "18.03": ["R02"]
    }  # fmt: skip


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://hydrant.mit.edu/?t=s26&s=%21%21", "the Hydrant link is damaged"),
        ("https://hydrant.mit.edu/?t=f25&s=lJDAAJA%3D", "the Hydrant link is for Fall 2025"),
    ],
)
def test_a_bad_link_is_one_line_with_exit_code_2(tmp_path, url, message):
    prefs = tmp_path / "p.yaml"
    prefs.write_text(HOLD)
    code, out, err = run_cli("solve", prefs, "--catalog", saved(CATALOG, tmp_path),
                             "--from-hydrant", url)  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith(f"coursepick: {message}") and err.count("\n") == 1


def test_a_bad_hold_in_the_file_names_its_line(tmp_path):
    prefs = tmp_path / "p.yaml"
    prefs.write_text(HOLD + "hold: https://example.com/?s=x\n")
    code, _, err = run_cli("solve", prefs, "--catalog", saved(CATALOG, tmp_path))
    assert code == 2
    assert err == f"{prefs}:3: hold: 'https://example.com/?s=x' is not a Hydrant link" \
                  " (https://hydrant.mit.edu/?t=s26&s=...)\n"  # fmt: skip


def test_every_row_has_a_link_in_the_table_json_and_report(tmp_path):
    prefs = tmp_path / "p.yaml"
    prefs.write_text('required: ["6.1210"]\ntop: 2\n')
    path = saved(CATALOG, tmp_path)
    _, table, _ = run_cli("solve", prefs, "--catalog", path, "--links")
    _, document, _ = run_cli("solve", prefs, "--catalog", path, "--format", "json")
    urls = [row["hydrant_url"] for row in json.loads(document)["schedules"]]
    assert [line.strip() for line in table.splitlines() if "hydrant:" in line] == [
        f"hydrant: {url}" for url in urls
    ]
    run_cli("solve", prefs, "--catalog", path, "--html", tmp_path / "r.html")
    report = (tmp_path / "r.html").read_text()
    assert all(url.replace("&", "&amp;") in report for url in urls)


@pytest.mark.realdata
def test_on_the_real_term_every_row_s_link_opens_its_sections(real_catalog, tmp_path):
    from solver.catalog.store import load_catalog
    from tests.test_docs import EXAMPLE

    code, out, _ = run_cli("solve", EXAMPLE, "--catalog", real_catalog, "--format", "json")
    assert code == 0
    term = load_catalog(real_catalog)
    for row in json.loads(out)["schedules"]:
        picked = picked_sections(read_link(row["hydrant_url"]), term)
        assert picked.unknown == ()
        assert [n for n, _ in picked.subjects] == row["subjects"]
        assert {(n, i) for n, ids in picked.subjects for i in ids} == {
            (s["subject"], s["ids"][0]) for s in row["sections"] if s["meetings"] or s["rooms"]
        }
    held = tmp_path / "held.yaml"
    held.write_text("wishes: {fewer_days: 1}\n")
    first = json.loads(out)["schedules"][0]
    code, again, _ = run_cli("solve", held, "--catalog", real_catalog, "--from-hydrant",
                             first["hydrant_url"], "--format", "json")  # fmt: skip
    best = json.loads(again)["schedules"][0]
    assert (code, best["subjects"], best["held_changes"]) == (0, first["subjects"], [])
