"""Calendar export: one ranked schedule as an iCalendar file of weekly recurring events.

Times are wall-clock times in MIT's zone (America/New_York) with a VTIMEZONE, so calendar apps
place every occurrence right on both sides of a daylight-saving change. The output is a pure
function of its input (fixed UIDs and DTSTAMP), so exporting twice gives the same bytes.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from solver.catalog.clock import format_clock
from solver.catalog.schema import Catalog, Day, Meeting, Subject, TermDates
from solver.core.options import Option
from solver.core.request import Course, Request
from solver.core.results import Ranked
from solver.errors import CalendarExportError
from solver.render.text import course_line

ZONE_NAME = "America/New_York"
ZONE = ZoneInfo(ZONE_NAME)
PRODID = "-//coursepick//coursepick schedule export//EN"


@dataclass(frozen=True)
class Span:
    """The days a subject meets: from `first` to `last`, both included."""

    first: date
    last: date


def render_ics(ranked: Ranked, request: Request, catalog: Catalog) -> bytes:
    """The schedule as iCalendar bytes: one weekly event per meeting, holidays left out and the
    Monday-schedule day given to Monday's meetings."""
    dates = catalog.dates
    if dates is None:
        raise CalendarExportError(
            f"this catalog ({catalog.term}, from {catalog.source}) has no term dates; a calendar"
            " needs the term's first and last day (scrape the term with --source hydrant)"
        )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"coursepick {catalog.term} #{ranked.rank}")
    unscheduled = _unscheduled(ranked, request)
    if unscheduled:
        # A calendar cannot hold "to be arranged"; say so where the calendar app shows it.
        calendar.add("x-wr-caldesc", f"time to be arranged (not in this calendar): {unscheduled}")
    stamp = _utc(catalog.fetched_at)
    for option in ranked.schedule.options:
        course = request.courses[option.course]
        span = subject_span(course.subject, dates)
        for meeting in sorted(option.meetings, key=lambda m: (m.day.order, m.start)):
            event = _event(option, meeting, course, span, dates)
            if event is None:
                continue
            event.add("uid", _uid(catalog.term, option, meeting))
            event.add("dtstamp", stamp)
            calendar.add_component(event)
    # The zone's transitions for a year either side of the term, not icalendar's default 1970-2038.
    calendar.add_missing_timezones(
        first_date=dates.start - timedelta(days=366), last_date=dates.end + timedelta(days=366)
    )
    return calendar.to_ical()


def subject_span(subject: Subject, dates: TermDates) -> Span:
    """The subject's own dates when the catalog has them, else its half's, else the term's."""
    first, last = subject.starts, subject.ends
    if first is None:
        first = dates.start
        if subject.half == "second":
            first = _half_date(dates.second_half_start, subject, "when the second half starts")
    if last is None:
        last = dates.end
        if subject.half == "first":
            last = _half_date(dates.first_half_end, subject, "when the first half ends")
    return Span(first, last)


def _half_date(value: date | None, subject: Subject, what: str) -> date:
    if value is None:
        raise CalendarExportError(
            f"this catalog's term dates do not say {what}, which {subject.number}"
            f" ({subject.half} half) needs"
        )
    return value


def _event(
    option: Option, meeting: Meeting, course: Course, span: Span, dates: TermDates
) -> Event | None:
    """The weekly event of one meeting, or None when the meeting has no day within its span."""
    days = _weekdays(span, meeting.day.order)
    lost, gained = _monday_schedule(meeting, span, dates)
    skipped = set(dates.holidays) | lost
    held = [day for day in days if day not in skipped]
    if not held and not gained:
        return None
    # DTSTART is the first day the class really meets: some calendar apps show a DTSTART even
    # when an EXDATE removes it. A Monday meeting whose only day is the Monday-schedule day
    # becomes a weekly event that ends the day it starts.
    first, last = (held[0], held[-1]) if held else (gained[0], gained[0])
    event = Event()
    event.add("summary", f"{option.course} {option.kind.value.capitalize()}")
    event.add("dtstart", _local(first, meeting.start))
    event.add("dtend", _local(first, meeting.end))
    # RFC 5545: with a TZID on DTSTART, UNTIL must be in UTC. The last start itself is inclusive.
    event.add("rrule", {"freq": "weekly", "until": _local(last, meeting.start).astimezone(UTC)})
    exdates = [_local(day, meeting.start) for day in days if day in skipped and first < day < last]
    if exdates:
        event.add("exdate", exdates)
    # RDATE may fall before DTSTART or after UNTIL: it adds to the set whatever the rule says.
    rdates = [_local(day, meeting.start) for day in gained if day != first]
    if rdates:
        event.add("rdate", rdates)
    rooms = _rooms(option, course.subject)
    if rooms:
        event.add("location", " / ".join(dict.fromkeys(rooms.values())))
    event.add("description", _description(option, course, rooms))
    return event


def _monday_schedule(
    meeting: Meeting, span: Span, dates: TermDates
) -> tuple[set[date], list[date]]:
    """The days this meeting loses and gains because the Monday-schedule day runs Monday's
    classes instead of its own (MIT's Tuesday after Presidents' Day): nothing when the day is
    outside the meeting's span or a holiday anyway."""
    day = dates.monday_schedule
    if day is None or day.weekday() == Day.M.order or day in dates.holidays:
        return set(), []
    if not span.first <= day <= span.last:
        return set(), []
    if meeting.day == Day.M:
        return set(), [day]
    if meeting.day.order == day.weekday():
        return {day}, []
    return set(), []


def _weekdays(span: Span, weekday: int) -> list[date]:
    """Every date with this weekday (Monday 0) from span.first to span.last."""
    day = span.first + timedelta(days=(weekday - span.first.weekday()) % 7)
    found = []
    while day <= span.last:
        found.append(day)
        day += timedelta(weeks=1)
    return found


def _local(day: date, minutes: int) -> datetime:
    # Adding to midnight allows an end of 24:00; zoneinfo keeps wall-clock time, not elapsed.
    return (datetime.combine(day, time()) + timedelta(minutes=minutes)).replace(tzinfo=ZONE)


def _utc(moment: datetime) -> datetime:
    """DTSTAMP must be UTC; a catalog timestamp without a zone was written in UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _rooms(option: Option, subject: Subject) -> dict[str, str]:
    """Each section id of the option and its rooms, for those that list any."""
    by_id = {section.id: section for section in subject.sections}
    return {i: ", ".join(by_id[i].rooms) for i in option.ids if i in by_id and by_id[i].rooms}


def _description(option: Option, course: Course, rooms: dict[str, str]) -> str:
    subject = course.subject
    lines = [subject.title]
    if course.aliases:
        lines.append(f"Also numbered {', '.join(course.aliases)}")
    if len(option.ids) > 1:
        # Sections merged because they meet at the same times: the student registers for one.
        listed = ", ".join(f"{i} ({rooms[i]})" if i in rooms else i for i in option.ids)
        lines.append(f"Sections {listed}: same times, register for one")
    else:
        lines.append(f"Section {option.ids[0]}")
    if subject.half:
        lines.append(f"{subject.half.capitalize()} half of the term")
    if option.tba:
        lines.append("Some of its time is to be arranged")
    if subject.instructors:
        lines.append(f"Instructors: {', '.join(subject.instructors)}")
    return "\n".join(lines)


def _uid(term: str, option: Option, meeting: Meeting) -> str:
    """The same section's meeting gets the same UID in every export, so re-imports update it."""
    sections = "+".join(option.ids)
    clock = format_clock(meeting.start).replace(":", "")
    return f"{term}-{option.course}-{sections}-{meeting.day}{clock}@coursepick"


def _unscheduled(ranked: Ranked, request: Request) -> str:
    """The schedule's subjects and sections that have no (or not only) fixed weekly times."""
    schedule = ranked.schedule
    numbers = [
        n
        for n in schedule.courses
        if not any(o.course == n for o in schedule.options)
        or any(o.course == n and o.tba for o in schedule.options)
    ]
    return "; ".join(course_line(schedule, n, request) for n in numbers)
