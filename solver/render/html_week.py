"""One schedule's week as an HTML calendar: days across, hours down, one block per meeting.

Blocks are placed absolutely by start and end minute within a shared `Frame`, so weeks drawn
side by side line up hour for hour and a subject keeps its colour in every one of them.
"""

from dataclasses import dataclass
from html import escape

from solver.catalog.clock import format_clock
from solver.catalog.schema import Day, Kind, Meeting, number_order
from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Ranked, Schedule
from solver.core.wishes import AvoidEvenings

DAY_NAMES = {"M": "Mon", "T": "Tue", "W": "Wed", "R": "Thu", "F": "Fri", "S": "Sat", "U": "Sun"}
KIND_NAMES = {Kind.LECTURE: "lec", Kind.RECITATION: "rec", Kind.LAB: "lab", Kind.DESIGN: "design"}
HALF_TAGS = {"first": "1st half", "second": "2nd half"}
EVENING = 18 * 60  # when the student set no `avoid_evenings` wish of their own
# Hues far apart on the colour wheel, in the order subjects meet them; then golden-angle steps.
HUES = (212, 28, 145, 268, 350, 186, 48, 318, 95, 240, 8, 165)


@dataclass(frozen=True)
class Frame:
    """What all weeks of one report share: the days shown, the hours shown, the colours."""

    days: tuple[Day, ...]
    widths: dict[Day, float]  # relative column widths: unused days narrow, crowded ones wide
    start: int  # minutes after midnight, on the hour
    end: int
    evening: int
    hues: dict[str, int]  # course number -> hue

    def percent(self, minutes: int) -> float:
        return round(100 * (minutes - self.start) / (self.end - self.start), 3)


def build_frame(schedules: list[Schedule], request: Request) -> Frame:
    """Weekdays always, weekends when used; 9:00-17:00 at least, widened to every meeting.

    Colours go to subjects in rank order, so the best schedule gets the most distinct ones.
    """
    meetings = [m for s in schedules for m in s.meetings]
    wished = [wish.after for wish in request.wishes if isinstance(wish, AvoidEvenings)]
    evening = wished[0] if wished else EVENING
    start = min([9 * 60, *(m.start for m in meetings)]) // 60 * 60
    end = -(-max([17 * 60, *(m.end for m in meetings)]) // 60) * 60
    lanes = {d: max([0, *(_most_lanes(s, d) for s in schedules)]) for d in Day}
    days = tuple(d for d in Day if d.order < 5 or lanes[d])
    widths = {d: 0.45 if not lanes[d] else 0.6 + 0.4 * lanes[d] for d in days}
    numbers = dict.fromkeys(n for s in schedules for n in sorted(s.courses, key=number_order))
    hues = {n: subject_hue(i) for i, n in enumerate(numbers)}
    return Frame(days, widths, start, end, evening, hues)


def _most_lanes(schedule: Schedule, day: Day) -> int:
    placed = [(o, m) for o in schedule.options for m in o.meetings if m.day == day]
    return max([0, *(lanes for *_, lanes in _lanes(placed))])


def subject_hue(index: int) -> int:
    if index < len(HUES):
        return HUES[index]
    return round(HUES[0] + 137.508 * index) % 360


@dataclass(frozen=True)
class _Week:
    ranked: Ranked
    request: Request
    frame: Frame
    changed: frozenset[Option]
    moved: frozenset[Option]


def render_week(
    ranked: Ranked,
    request: Request,
    frame: Frame,
    changed: frozenset[Option] = frozenset(),
    moved: frozenset[Option] = frozenset(),
) -> str:
    """The grid of one ranked schedule; `changed` options are marked new against the rank above,
    `moved` ones as standing where a section the student holds (keep) was."""
    week = _Week(ranked, request, frame, changed, moved)
    placed = [(o, m) for o in ranked.schedule.options for m in o.meetings]
    hours = (frame.end - frame.start) // 60
    columns = "".join(
        _day_column(week, day, [p for p in placed if p[1].day == day]) for day in frame.days
    )
    names = "".join(f'<div class="dayname">{DAY_NAMES[d.value]}</div>' for d in frame.days)
    widths = " ".join(f"{frame.widths[d]:g}fr" for d in frame.days)
    return (
        f'<div class="grid" style="--hours:{hours};grid-template-columns:2.4rem {widths}" '
        f'data-from="{format_clock(frame.start)}" data-to="{format_clock(frame.end)}">'
        f'<div class="corner"></div>{names}{_hour_labels(frame)}{columns}</div>'
        f"{_off_grid(ranked.schedule, request)}"
    )


def _hour_labels(frame: Frame) -> str:
    labels = "".join(
        f'<span style="top:{frame.percent(t)}%">{format_clock(t)}</span>'
        for t in range(frame.start, frame.end, 60)
    )
    return f'<div class="hours">{labels}</div>'


def _day_column(week: _Week, day: Day, placed: list[tuple[Option, Meeting]]) -> str:
    blocks = "".join(_block(week, *lane) for lane in _lanes(placed))
    frame, evening = week.frame, ""
    if frame.evening < frame.end:  # shade the evening, so late classes stand out as such
        top = frame.percent(max(frame.evening, frame.start))
        evening = f'<div class="evening" style="top:{top}%"></div>'
    if not placed:
        return f'<div class="day free" data-day="{day.value}">{evening}<span>free</span></div>'
    return f'<div class="day" data-day="{day.value}">{evening}{blocks}</div>'


def _lanes(placed: list[tuple[Option, Meeting]]) -> list[tuple[Option, Meeting, int, int]]:
    """Side-by-side lanes for meetings at the same time (different half-terms never clash)."""
    ordered = sorted(placed, key=lambda p: (p[1].start, p[1].end, number_order(p[0].course)))
    clusters: list[list[tuple[Option, Meeting, int]]] = []
    cluster_end = -1
    for option, meeting in ordered:
        if meeting.start >= cluster_end:
            clusters.append([])
        cluster = clusters[-1]
        busy = {lane for _, m, lane in cluster if m.end > meeting.start}
        lane = min(set(range(len(busy) + 1)) - busy)
        cluster.append((option, meeting, lane))
        cluster_end = max(cluster_end, meeting.end)
    placed_lanes = []
    for cluster in clusters:
        lanes = 1 + max(lane for *_, lane in cluster)
        placed_lanes += [(option, meeting, lane, lanes) for option, meeting, lane in cluster]
    return placed_lanes


def _block(week: _Week, option: Option, meeting: Meeting, lane: int, lanes: int) -> str:
    frame, is_new = week.frame, option in week.changed
    half = week.request.courses[option.course].subject.half
    classes = ["block"]
    classes += ["half"] if half else []
    classes += ["lane"] if lanes > 1 else []
    classes += ["late"] if meeting.end > frame.evening else []
    classes += ["changed"] if is_new else []
    classes += ["moved"] if option in week.moved else []
    kind = f"{KIND_NAMES[option.kind]} {option.label}"
    rooms = "/".join(option.rooms)
    top, bottom = frame.percent(meeting.start), frame.percent(meeting.end)
    style = (
        f"top:{top}%;height:{bottom - top:.3f}%;left:{100 * lane / lanes:.3f}%;"
        f"width:{100 / lanes:.3f}%;--hue:{frame.hues[option.course]}"
    )
    tags = [HALF_TAGS[half]] if half else []
    tags += ["evening"] if meeting.end > frame.evening else []
    tip = f"{option.course} {kind}, {rooms or 'no room listed'}, {meeting}"
    tip += f", {half} half of the term" if half else ""
    tip += f", new against #{week.ranked.rank - 1}" if is_new else ""
    tip += ", instead of a section you hold" if option in week.moved else ""
    return (
        f'<div class="{" ".join(classes)}" style="{style}" title="{escape(tip)}" '
        f'data-rank="{week.ranked.rank}" data-subject="{escape(option.course)}" '
        f'data-section="{escape(option.label)}" data-day="{meeting.day.value}" '
        f'data-start="{format_clock(meeting.start)}" data-end="{format_clock(meeting.end)}">'
        f"<b>{escape(option.course)}</b><span>{escape(kind)}</span>"
        + (f'<span class="room">{escape(rooms)}</span>' if rooms else "")
        + (f'<span class="tags">{" ".join(f"<i>{t}</i>" for t in tags)}</span>' if tags else "")
        + "</div>"
    )


def _off_grid(schedule: Schedule, request: Request) -> str:
    """Sections with time to be arranged, and subjects with no sections, listed below the grid."""
    items = []
    for option in schedule.options:
        if option.tba:
            when = "partly to be arranged" if option.meetings else "time to be arranged"
            text = f"{option.course} {KIND_NAMES[option.kind]} {option.label}: {when}"
            items.append(f"<li>{escape(text)}</li>")
    for number in schedule.courses:
        if not request.courses[number].options:
            items.append(f"<li>{escape(number)}: no sections listed in the catalog</li>")
    if not items:
        return ""
    return f'<ul class="offgrid" aria-label="not on the grid">{"".join(items)}</ul>'
