"""The ICS export, read back as a calendar app reads it.

icalendar parses the file and recurring_ical_events expands the recurrences, so the tests check
occurrences, not our own recurrence arithmetic.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from solver.catalog.schema import Catalog, TermDates
from solver.core.engine.ranking import rank_schedules
from solver.core.preferences import parse_preferences
from solver.core.request import Request
from solver.core.resolve import build_request
from solver.core.results import Ranked
from solver.errors import CalendarExportError
from solver.render.ics import Span, render_ics, subject_span
from tests.factories import TERM_DATES, catalog, section, subject

NEW_YORK = ZoneInfo("America/New_York")
D = date

# Spring 2026 in the factories: Mon 2026-02-02 to Tue 2026-05-12, first half to Fri 03-20,
# second half from Mon 03-30; DST begins Sun 2026-03-08.
HOLIDAYS = [date(2026, 2, 2), date(2026, 2, 16), date(2026, 3, 24), date(2026, 3, 26)]
DATES = replace(TERM_DATES, holidays=HOLIDAYS)


def _subjects():
    return [
        subject(
            "6.1210",
            section("L01", ("TR", "11:00", "12:30"), rooms=("26-100",)),
            section("R01", ("F", "10:00", "11:00"), rooms=("36-144",)),
            title="Introduction to Algorithms",
            instructors=["S. Nakamura"],
        ),
        subject("6.1200", section("L01", ("MW", "10:00", "11:00")), half="first"),
        subject("6.1220", section("L01", ("MW", "14:00", "15:00")), half="second"),
        subject("6.4100", section("L01", tba=True)),
    ]


def _solve(cat: Catalog) -> tuple[Request, Ranked]:
    numbers = ", ".join(f'"{s.number}"' for s in cat.subjects)
    prefs, source = parse_preferences(f"required: [{numbers}]\ntop: 1\n", "prefs.yaml")
    request = build_request(prefs, source, cat)
    return request, rank_schedules(request).schedules[0]


@pytest.fixture(scope="module")
def exported() -> bytes:
    cat = catalog(*_subjects(), dates=DATES)
    request, ranked = _solve(cat)
    return render_ics(ranked, request, cat)


@pytest.fixture(scope="module")
def parsed(exported: bytes) -> Calendar:
    return Calendar.from_ical(exported)


def _starts(parsed: Calendar, summary: str) -> list[datetime]:
    """Every occurrence's start, as a calendar app expands the file."""
    found = recurring_ical_events.of(parsed).between(date(2026, 1, 1), date(2026, 7, 1))
    return sorted(e.start for e in found if str(e["SUMMARY"]) == summary)


def test_one_weekly_event_per_meeting_and_none_for_tba(parsed):
    summaries = sorted(str(e["SUMMARY"]) for e in parsed.walk("VEVENT"))
    assert summaries == sorted(
        ["6.1210 Lecture"] * 2
        + ["6.1210 Recitation"]
        + ["6.1200 Lecture"] * 2
        + ["6.1220 Lecture"] * 2
    )
    assert all(e["RRULE"]["FREQ"] == ["WEEKLY"] for e in parsed.walk("VEVENT"))


def test_the_time_to_be_arranged_is_named_in_the_calendar_description(parsed):
    assert "6.4100 L01 (TBA)" in str(parsed["X-WR-CALDESC"])


@pytest.mark.parametrize(
    ("day", "utc_offset", "utc_hour"),
    [(date(2026, 3, 5), -5, 16), (date(2026, 3, 10), -4, 15)],
    ids=["before-dst", "after-dst"],
)
def test_lecture_stays_at_11_local_across_the_dst_change(parsed, day, utc_offset, utc_hour):
    (start,) = [s for s in _starts(parsed, "6.1210 Lecture") if s.date() == day]
    assert start.astimezone(NEW_YORK).time() == time(11, 0)
    assert start.utcoffset() == timedelta(hours=utc_offset)
    assert start.astimezone(UTC).hour == utc_hour


@pytest.mark.parametrize(
    ("day", "utc_offset"), [(datetime(2026, 3, 5, 11), -5), (datetime(2026, 3, 10, 11), -4)]
)
def test_the_embedded_vtimezone_alone_gives_the_right_offsets(parsed, day, utc_offset):
    """Apps that ignore the TZID's name and read only the VTIMEZONE still get DST right."""
    (zone,) = parsed.timezones
    assert zone["TZID"] == "America/New_York"
    tz = zone.to_tz(lookup_tzid=False)
    assert day.replace(tzinfo=tz).utcoffset() == timedelta(hours=utc_offset)


def test_dtstart_and_dtend_carry_the_new_york_tzid_and_until_is_utc(exported, parsed):
    assert b"DTSTART;TZID=America/New_York:20260203T110000" in exported
    assert b"DTEND;TZID=America/New_York:20260203T123000" in exported
    for event in parsed.walk("VEVENT"):
        (until,) = event["RRULE"]["UNTIL"]
        assert until.utcoffset() == timedelta(0)


def test_full_term_lecture_meets_every_tuesday_and_thursday_except_holidays(parsed):
    days = [s.date() for s in _starts(parsed, "6.1210 Lecture")]
    assert days[0] == date(2026, 2, 3) and days[-1] == date(2026, 5, 12)
    assert {d.weekday() for d in days} == {1, 3}
    assert not set(days) & set(HOLIDAYS)
    assert len(days) == 15 + 14 - 2  # Tuesdays and Thursdays of the term, less spring break's


def test_a_holiday_on_the_first_day_moves_the_first_occurrence(parsed):
    monday = [e for e in parsed.walk("VEVENT") if e["UID"].endswith("-M1000@coursepick")]
    assert [e.start for e in monday] == [datetime(2026, 2, 9, 10, tzinfo=NEW_YORK)]


def test_first_half_subject_stops_at_the_half(parsed):
    days = [s.date() for s in _starts(parsed, "6.1200 Lecture")]
    assert days[0] == date(2026, 2, 4)  # Monday 02-02 is a holiday
    assert days[-1] == date(2026, 3, 18)  # the last Wednesday before the half ends (Fri 03-20)
    assert date(2026, 2, 16) not in days
    assert len(days) == 7 + 7 - 2  # 7 Mondays and 7 Wednesdays, two of the Mondays holidays


def test_second_half_subject_starts_at_the_half(parsed):
    days = [s.date() for s in _starts(parsed, "6.1220 Lecture")]
    assert days[0] == date(2026, 3, 30) and days[-1] == date(2026, 5, 11)
    assert len(days) == 7 + 6


def test_events_name_section_room_title_and_instructors(parsed):
    (lecture, _) = [e for e in parsed.walk("VEVENT") if e["SUMMARY"] == "6.1210 Lecture"]
    assert lecture["LOCATION"] == "26-100"
    assert lecture["DESCRIPTION"].splitlines() == [
        "Introduction to Algorithms",
        "Section L01",
        "Instructors: S. Nakamura",
    ]


def test_uids_are_unique_and_derived_from_term_subject_section_and_day(parsed):
    uids = [str(e["UID"]) for e in parsed.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert "2026SP-6.1210-L01-T1100@coursepick" in uids


def test_dtstamp_is_the_catalog_fetch_time_in_utc(parsed):
    stamps = {e["DTSTAMP"].dt for e in parsed.walk("VEVENT")}
    assert stamps == {datetime(2026, 1, 1, tzinfo=UTC)}


def test_exporting_twice_gives_the_same_bytes(exported):
    cat = catalog(*_subjects(), dates=DATES)
    request, ranked = _solve(cat)
    assert render_ics(ranked, request, cat) == exported


# ---- the Monday-schedule day ------------------------------------------------------------------

# Tuesday 2026-02-17 runs Monday's classes, the day after the Presidents' Day holiday (Mon 02-16).
MONDAY_SCHEDULE = date(2026, 2, 17)
SWAPPED_DATES = replace(DATES, monday_schedule=MONDAY_SCHEDULE)


@pytest.fixture(scope="module")
def swapped_export() -> bytes:
    cat = catalog(*_subjects(), dates=SWAPPED_DATES)
    request, ranked = _solve(cat)
    return render_ics(ranked, request, cat)


@pytest.fixture(scope="module")
def swapped(swapped_export: bytes) -> Calendar:
    return Calendar.from_ical(swapped_export)


def _on(parsed: Calendar, day: date) -> list[tuple[str, time, time]]:
    """The occurrences on one day: summary and local start and end."""
    found = recurring_ical_events.of(parsed).at(day)
    return sorted(
        (str(e["SUMMARY"]), e.start.astimezone(NEW_YORK).time(), e.end.astimezone(NEW_YORK).time())
        for e in found
    )


def test_on_the_monday_schedule_day_the_monday_lecture_meets_and_the_tuesday_one_does_not(
    swapped,
):
    assert _on(swapped, MONDAY_SCHEDULE) == [("6.1200 Lecture", time(10), time(11))]


def test_without_the_date_that_tuesday_is_an_ordinary_tuesday(exported, parsed):
    assert b"RDATE" not in exported.split(b"BEGIN:VEVENT", 1)[1]  # past the VTIMEZONE's own
    assert _on(parsed, MONDAY_SCHEDULE) == [("6.1210 Lecture", time(11), time(12, 30))]


def test_the_monday_lecture_gains_one_day_and_the_tuesday_lecture_loses_one(parsed, swapped):
    def count(calendar: Calendar, summary: str) -> int:
        return len(_starts(calendar, summary))

    assert count(swapped, "6.1200 Lecture") == count(parsed, "6.1200 Lecture") + 1
    assert count(swapped, "6.1210 Lecture") == count(parsed, "6.1210 Lecture") - 1


def test_the_extra_monday_is_an_rdate_at_the_monday_time_in_new_york(swapped_export):
    assert b"\r\nRDATE;TZID=America/New_York:20260217T100000\r\n" in swapped_export
    assert b"EXDATE;TZID=America/New_York:20260217T110000" in swapped_export
    assert swapped_export.count(b"\r\nRDATE;TZID=") == 1


def test_only_the_monday_and_tuesday_meetings_spanning_the_day_change(parsed, swapped):
    """The second-half subject, Wednesdays, Thursdays and Fridays are byte for byte as before."""
    before = {str(e["UID"]): e.to_ical() for e in parsed.walk("VEVENT")}
    after = {str(e["UID"]): e.to_ical() for e in swapped.walk("VEVENT")}
    assert before.keys() == after.keys()
    changed = sorted(uid for uid in before if before[uid] != after[uid])
    assert changed == ["2026SP-6.1200-L01-M1000@coursepick", "2026SP-6.1210-L01-T1100@coursepick"]


def test_the_second_half_subject_is_unaffected(parsed, swapped):
    assert _starts(swapped, "6.1220 Lecture") == _starts(parsed, "6.1220 Lecture")


def test_exporting_with_a_monday_schedule_twice_gives_the_same_bytes(swapped_export):
    cat = catalog(*_subjects(), dates=SWAPPED_DATES)
    request, ranked = _solve(cat)
    assert render_ics(ranked, request, cat) == swapped_export


@pytest.mark.parametrize(
    ("starts", "ends", "holidays", "expected"),
    [
        (None, None, [], ["Mon 02-09 10", "Tue 02-10 14", "Tue 02-17 10", "Mon 02-23 10"]),
        # The extra day comes before the first Monday (an RDATE before DTSTART), and the
        # Tuesday meeting starts a week later.
        (D(2026, 2, 11), None, [], ["Tue 02-17 10", "Mon 02-23 10"]),
        # The extra day comes after the last Monday (an RDATE after UNTIL).
        (None, D(2026, 2, 17), [], ["Mon 02-09 10", "Tue 02-10 14", "Tue 02-17 10"]),
        # The day is its only Monday-class day.
        (D(2026, 2, 17), D(2026, 2, 20), [], ["Tue 02-17 10"]),
        (None, D(2026, 2, 13), [], ["Mon 02-09 10", "Tue 02-10 14"]),
        (D(2026, 2, 18), None, [], ["Mon 02-23 10"]),
        # A holiday on the day: nothing meets, Monday's classes included.
        (None, None, [MONDAY_SCHEDULE], ["Mon 02-09 10", "Tue 02-10 14", "Mon 02-23 10"]),
    ],
    ids=[
        "full-term",
        "starts-that-week",
        "ends-that-day",
        "only-that-day",
        "ends-before",
        "starts-after",
        "holiday",
    ],
)
def test_the_monday_schedule_day_respects_the_subject_span_and_holidays(
    starts, ends, holidays, expected
):
    dates = replace(SWAPPED_DATES, holidays=[*HOLIDAYS, *holidays])
    times = section("L01", ("M", "10:00", "11:00"), ("T", "14:00", "15:00"))
    cat = catalog(subject("6.1200", times, starts=starts, ends=ends), dates=dates)
    request, ranked = _solve(cat)
    found = recurring_ical_events.of(Calendar.from_ical(render_ics(ranked, request, cat)))
    occurrences = sorted(e.start for e in found.between(D(2026, 2, 9), D(2026, 2, 24)))
    assert [s.astimezone(NEW_YORK).strftime("%a %m-%d %H") for s in occurrences] == expected


def test_a_catalog_without_term_dates_is_refused_with_one_clear_line():
    cat = catalog(*_subjects(), dates=None)
    request, ranked = _solve(cat)
    with pytest.raises(CalendarExportError, match=r"^this catalog \(2026SP, from sample\) has no"):
        render_ics(ranked, request, cat)


def test_a_half_term_subject_without_the_half_date_is_refused():
    dates = TermDates(start=date(2026, 2, 2), end=date(2026, 5, 12))
    cat = catalog(
        subject("6.1200", section("L01", ("M", "10:00", "11:00")), half="first"), dates=dates
    )
    request, ranked = _solve(cat)
    with pytest.raises(CalendarExportError, match="when the first half ends, which 6.1200"):
        render_ics(ranked, request, cat)


@pytest.mark.parametrize(
    ("half", "starts", "ends", "expected"),
    [
        (None, None, None, Span(D(2026, 2, 2), D(2026, 5, 12))),
        ("first", None, None, Span(D(2026, 2, 2), D(2026, 3, 20))),
        ("second", None, None, Span(D(2026, 3, 30), D(2026, 5, 12))),
        (None, D(2026, 3, 2), None, Span(D(2026, 3, 2), D(2026, 5, 12))),
        ("second", D(2026, 3, 31), None, Span(D(2026, 3, 31), D(2026, 5, 12))),
        ("first", None, D(2026, 3, 13), Span(D(2026, 2, 2), D(2026, 3, 13))),
    ],
)
def test_a_subject_meets_within_its_own_dates_else_its_half_else_the_term(
    half, starts, ends, expected
):
    meets = subject("6.1200", half=half, starts=starts, ends=ends)
    assert subject_span(meets, TERM_DATES) == expected
