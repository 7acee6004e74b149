"""Reading and writing MIT meeting-time notation: catalog style, FireRoad style, and the inverse."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrape.errors import MeetingTimeError
from scrape.meeting_times import (
    FireroadEntry,
    format_times,
    is_tba,
    meeting_order,
    parse_fireroad,
    parse_times,
)
from solver.catalog.schema import Day, Meeting


def meetings(spec: str) -> list[Meeting]:
    """Expected meetings in a compact form: "TR 11:00-12:30; F 14:00-15:00"."""
    result = []
    for part in spec.split(";"):
        days, span = part.split()
        start, end = span.split("-")
        result += [Meeting(day=Day(day), start=start, end=end) for day in days]
    return sorted(result, key=meeting_order)


CATALOG = [
    ("MWF10", "MWF 10:00-11:00"),
    ("MWF1", "MWF 13:00-14:00"),  # 18.03: a bare 1 is 1 PM
    ("TR1-2.30", "TR 13:00-14:30"),
    ("TR11-12.30", "TR 11:00-12:30"),  # 6.1210
    ("TR EVE (7-9 PM)", "TR 19:00-21:00"),
    ("MW EVE (7-8.30 PM)", "MW 19:00-20:30"),
    ("MT EVE (7-8.30 PM)", "MT 19:00-20:30"),
    ("M EVE (3-6 PM)", "M 15:00-18:00"),  # EVE because it ends at 6 PM
    ("W EVE (4-6.30 PM)", "W 16:00-18:30"),
    ("W EVE (7 PM)", "W 19:00-20:00"),  # a single evening time lasts an hour too
    ("R EVE (7-10 PM)", "R 19:00-22:00"),  # STS.088
    ("R EVE (11-2 PM)", "R 11:00-14:00"),  # start after end inside EVE: the start is AM
    ("R6-9", "R 06:00-09:00"),  # AS.301, ROTC: morning, not evening
    ("R7-10", "R 07:00-10:00"),  # 6.S051: read as morning
    ("TF7.30-9", "TF 07:30-09:00"),  # NS.11
    ("W6.30-8.30", "W 06:30-08:30"),  # NS.100
    ("T6.30-9.30", "T 06:30-09:30"),  # MS.401
    ("M11-1", "M 11:00-13:00"),  # across noon
    ("M11-2", "M 11:00-14:00"),
    ("F10-1", "F 10:00-13:00"),
    ("F9-12.30", "F 09:00-12:30"),  # an end of 12 is noon
    ("T12", "T 12:00-13:00"),
    ("R12.30-2.30", "R 12:30-14:30"),
    ("MTWRF9-5", "MTWRF 09:00-17:00"),  # HST.207: an 8-hour hospital day
    ("TR8.30", "TR 08:30-09:30"),
    ("W5.30", "W 17:30-18:30"),
    ("MW9.30-11,F10", "MW 09:30-11:00; F 10:00-11:00"),  # one section, two groups
    ("TR11,F2", "TR 11:00-12:00; F 14:00-15:00"),
    ("TR10.30-12.30,TR1.30", "TR 10:30-12:30; TR 13:30-14:30"),  # 2.680
    ("T2-5,R1-5", "T 14:00-17:00; R 13:00-17:00"),  # f22 style
    ("S10-12", "S 10:00-12:00"),  # Saturday is kept
    ("U2", "U 14:00-15:00"),  # Sunday
    ("TTRR9.30-11", "TR 09:30-11:00"),  # s25 2.22 repeats its day letters
    (" MW 9.30-11 ", "MW 09:30-11:00"),  # stray spaces are harmless
]


@pytest.mark.parametrize(("text", "expected"), CATALOG)
def test_parse_times_reads_catalog_notation(text: str, expected: str) -> None:
    assert parse_times(text) == meetings(expected)


# Every row of MIT-FORMATS.md §2.4: the FireRoad raw string, its catalog twin, room, meetings.
FIREROAD = [
    ("10-250/MWF/0/1", "MWF1", "10-250", "MWF 13:00-14:00"),
    ("26-100/TR/0/11-12.30", "TR11-12.30", "26-100", "TR 11:00-12:30"),
    ("46-1015/W/1/7 PM", "W EVE (7 PM)", "46-1015", "W 19:00-20:00"),
    ("56-167/R/1/7-10 PM", "R EVE (7-10 PM)", "56-167", "R 19:00-22:00"),
    ("10-401/M/1/3-6 PM", "M EVE (3-6 PM)", "10-401", "M 15:00-18:00"),
    ("8-119/M/0/11-2", "M11-2", "8-119", "M 11:00-14:00"),
    ("32-123/TR/0/11/F/0/2", "TR11,F2", "32-123", "TR 11:00-12:00; F 14:00-15:00"),
    (
        "NE45-202A/TR/0/10.30-12.30/TR/0/1.30",
        "TR10.30-12.30,TR1.30",
        "NE45-202A",
        "TR 10:30-12:30; TR 13:30-14:30",
    ),
    ("W59-073/R/0/6-9", "R6-9", "W59-073", "R 06:00-09:00"),
    ("2-131/R/0/7-10", "R7-10", "2-131", "R 07:00-10:00"),
    ("MGH/MTWRF/0/9-5", "MTWRF9-5", "MGH", "MTWRF 09:00-17:00"),
    ("1-150/TF/0/7.30-9", "TF7.30-9", "1-150", "TF 07:30-09:00"),
    ("4-237/R/1/11-2 PM", "R EVE (11-2 PM)", "4-237", "R 11:00-14:00"),
    ("2-151/TR/0/2.30-4/S/0/10", "TR2.30-4,S10", "2-151", "TR 14:30-16:00; S 10:00-11:00"),
]


@pytest.mark.parametrize(("raw", "catalog", "room", "expected"), FIREROAD)
def test_parse_fireroad_reads_room_and_meetings(
    raw: str, catalog: str, room: str, expected: str
) -> None:
    assert parse_fireroad(raw) == FireroadEntry(rooms=[room], meetings=meetings(expected))


@pytest.mark.parametrize(("raw", "catalog", "room", "expected"), FIREROAD)
def test_catalog_twin_of_a_fireroad_string_means_the_same(
    raw: str, catalog: str, room: str, expected: str
) -> None:
    assert parse_times(catalog) == parse_fireroad(raw).meetings


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("TBA", FireroadEntry(tba=True)),
        ("TBD", FireroadEntry(rooms=["TBD"], tba=True)),  # a room and no time (14.33, s26)
        ("WHOI CAMPUS/F/0/9-12", FireroadEntry(["WHOI CAMPUS"], meetings("F 09:00-12:00"))),
        ("BW - HOSPITAL/M/0/1", FireroadEntry(["BW - HOSPITAL"], meetings("M 13:00-14:00"))),
        ("/TR/0/3-5", FireroadEntry([], meetings("TR 15:00-17:00"))),  # an empty room
    ],
)
def test_parse_fireroad_special_entries(raw: str, expected: FireroadEntry) -> None:
    assert parse_fireroad(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "MW9..30",
        "M25",
        "M0",
        "M9.60",
        "TR9.30-",
        "9-12.30",  # no days
        "MW9;F10",
        "MW10,",
        "XY10",
        "TR EVE (7-9)",  # EVE without PM
        "M5-4.30",  # 17:00 to 04:30 the next day
        "TBA",  # a TBA has no time: callers ask is_tba first
    ],
)
def test_parse_times_rejects_malformed_text_quoting_it(text: str) -> None:
    with pytest.raises(MeetingTimeError, match=re.escape(f"meeting time {text!r}")):
        parse_times(text)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "2-151/TR/0/2.30-4/S/0/..",  # 18.204, s25: garbage Saturday time
        "TBD/MWRF/0/2;TBD/T/0/1",  # ES.7016, s26: two sections glued together
        "1-190/MW/0/9.30-",
        "1-190/MW/0/25",
        "1-190/MW/2/10",  # unknown flag
        "1-190/MW/0/7-9 PM",  # PM with the daytime flag
        "1-190/MW/1/7-9",  # the evening flag without PM
        "1-190/XY/0/10",
        "1-190/MW/0",
        "1-190/MW/0/10/F",
    ],
)
def test_parse_fireroad_rejects_malformed_entries_quoting_them(raw: str) -> None:
    with pytest.raises(MeetingTimeError, match=re.escape(f"meeting time {raw!r}")):
        parse_fireroad(raw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("TBA", True), ("tba", True), (" TBA. ", True), ("TBD", True), ("MW10", False), ("", False)],
)
def test_is_tba(text: str, expected: bool) -> None:
    assert is_tba(text) is expected


# Spellings that come back different from how they were read; every other one is canonical.
RESPELLED = {
    "R EVE (11-2 PM)": "R11-2",
    "W5.30": "W EVE (5.30 PM)",  # EVE whenever a meeting ends at or after 6 PM
    "TTRR9.30-11": "TR9.30-11",
    " MW 9.30-11 ": "MW9.30-11",
}


@pytest.mark.parametrize(("text", "_"), CATALOG)
def test_format_times_writes_catalog_notation_back(text: str, _: str) -> None:
    assert format_times(parse_times(text)) == RESPELLED.get(text, text)


@pytest.mark.parametrize(
    "spec", ["M 05:00-06:00", "M 05:00-19:00", "M 22:00-24:00", "M 23:30-24:00"]
)
def test_format_times_refuses_what_the_notation_cannot_say(spec: str) -> None:
    with pytest.raises(MeetingTimeError, match="cannot write"):
        format_times(meetings(spec))


def test_format_times_refuses_no_meetings() -> None:
    with pytest.raises(MeetingTimeError):
        format_times([])


HALF_HOUR = 30


@st.composite
def expressible_meetings(draw: st.DrawFn) -> Meeting:
    """A meeting on half-hours that MIT notation can spell without ambiguity.

    Daytime meetings start at 6:00 or later and end before 18:00 (plain notation); the rest end
    between 18:00 and 23:30 and start at noon or later (EVE notation).
    """
    day = draw(st.sampled_from(list(Day)))
    if draw(st.booleans()):
        start = draw(st.integers(12, 34)) * HALF_HOUR  # 06:00-17:00
        end = draw(st.integers(start // HALF_HOUR + 1, 35)) * HALF_HOUR  # up to 17:30
    else:
        start = draw(st.integers(24, 46)) * HALF_HOUR  # 12:00-23:00
        end = draw(st.integers(max(36, start // HALF_HOUR + 1), 47)) * HALF_HOUR  # 18:00-23:30
    return Meeting(day=day, start=start, end=end)


@given(st.lists(expressible_meetings(), min_size=1, max_size=6, unique=True))
def test_format_then_parse_gives_the_meetings_back(original: list[Meeting]) -> None:
    assert parse_times(format_times(original)) == sorted(original, key=meeting_order)
