"""Options: a subject's sections merged into the choices a student really has, and when in the
term each meets (half-terms and quarter dates split the term into parts that never clash).
"""

import bisect
import functools
from dataclasses import dataclass
from datetime import date

from solver.catalog.campus import Campus, Point
from solver.catalog.schema import Catalog, Kind, Meeting, Section, Subject


@dataclass(frozen=True, eq=False)  # identity: each option is built once per request
class Option:
    """One choice for one kind of one course: sections meeting at the same times (R03/R05)."""

    course: str
    kind: Kind
    ids: tuple[str, ...]
    rooms: tuple[str, ...]
    meetings: tuple[Meeting, ...]
    tba: bool
    segments: frozenset[int]  # the parts of the term it meets in (half-terms never clash)
    rank: int  # its position among the course's options of this kind, for deterministic ties
    building: str | None = None  # where all its sections meet, when the map knows one place
    place: Point | None = None  # that building's position

    @property
    def label(self) -> str:
        return "/".join(self.ids)

    @functools.cached_property
    def times(self) -> tuple[tuple[int, int, int], ...]:
        """Its meetings as sorted (day, start, end). Options with equal times and segments are
        interchangeable for clashes."""
        return tuple(sorted((m.day.order, m.start, m.end) for m in self.meetings))

    @functools.cached_property
    def parts(self) -> tuple[int, ...]:
        """Its parts of the term in order: a key for what depends on them (runs, walks)."""
        return tuple(sorted(self.segments))

    def clashes(self, other: "Option") -> bool:
        """Do the two meet at the same time in some part of the term?"""
        return bool(self.segments & other.segments) and any(
            m.day == n.day and m.start < n.end and n.start < m.end
            for m in self.meetings
            for n in other.meetings
        )


def build_options(
    subject: Subject,
    segments: frozenset[int],
    *,
    apart: frozenset[str] = frozenset(),
    campus: Campus | None = None,
) -> dict[Kind, tuple[Option, ...]]:
    """Merge sections of one kind meeting at identical times: rooms differ, the choice does not.

    Except where it does: a section named in `apart` (a rule or wish names its id) stays an
    option of its own, and with a `campus` (walks count) only sections in one building merge,
    and each option knows its building's place."""
    result: dict[Kind, tuple[Option, ...]] = {}
    for kind in subject.kinds:
        # times, TBA, the id when named apart, the building when walks count
        merged: dict[tuple[tuple[Meeting, ...], bool, str | None, str | None], list[Section]] = {}
        for section in subject.sections_of(kind):
            key = (
                _in_order(section),
                section.tba,
                section.id if section.id in apart else None,
                _building(section, campus),
            )
            merged.setdefault(key, []).append(section)
        options = []
        for rank, ((*_, building), sections) in enumerate(merged.items()):
            options.append(
                Option(
                    course=subject.number,
                    kind=kind,
                    ids=tuple(s.id for s in sections),
                    rooms=tuple(dict.fromkeys(r for s in sections for r in s.rooms)),
                    meetings=_in_order(sections[0]),
                    tba=sections[0].tba,
                    segments=segments,
                    rank=rank,
                    building=building,
                    place=campus.buildings[building] if campus and building else None,
                )
            )
        result[kind] = tuple(options)
    return result


def _in_order(section: Section) -> tuple[Meeting, ...]:
    return tuple(sorted(section.meetings, key=lambda m: (m.day.order, m.start)))


def _building(section: Section, campus: Campus | None) -> str | None:
    """The one building a section meets in, if the map knows it (rooms in two: none)."""
    if campus is None:
        return None
    found = {campus.building_of(room) for room in section.rooms}
    return found.pop() if len(found) == 1 else None


def segment_boundaries(catalog: Catalog) -> list[date]:
    """Dates where some subject starts or stops meeting; between two of them nothing changes."""
    dates = catalog.dates
    if dates is None:
        return [date.min]  # no calendar: two halves, told apart by the half flag alone
    points = {d for s in catalog.subjects for d in (s.starts, _day_after(s.ends)) if d}
    points.update(d for d in (dates.second_half_start, _day_after(dates.first_half_end)) if d)
    return sorted(points)


def _day_after(day: date | None) -> date | None:
    return date.fromordinal(day.toordinal() + 1) if day else None


def segments_of(subject: Subject, catalog: Catalog, boundaries: list[date]) -> frozenset[int]:
    count = len(boundaries) + 1
    dates = catalog.dates
    if dates is None:
        halves = {"first": {0}, "second": {1}}
        return frozenset(halves.get(subject.half or "", {0, 1}))
    start, end = subject.starts, subject.ends
    if subject.half == "first":
        end = end or dates.first_half_end
    if subject.half == "second":
        start = start or dates.second_half_start
    first = bisect.bisect_right(boundaries, start) if start else 0
    last = bisect.bisect_right(boundaries, end) if end else count - 1
    return frozenset(range(first, max(first, last) + 1))
