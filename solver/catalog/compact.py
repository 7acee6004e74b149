"""A compact copy of a catalog file (MessagePack), read back without parsing and validating JSON.

A term is read far more often than it is written, and validating its JSON is most of a load
(and of pydantic's start-up). So the first load of a catalog file writes this copy into the cache
directory, stamped with the file's size, modification time and inode and with the records'
layout; later loads build the records straight from it, as a `.pyc` stands in for its source.
Meetings and units are stored once each (a term has 310 distinct meetings among 4,577). A copy
whose stamp or layout differs, or that cannot be read, is ignored and written anew.
"""

import contextlib
import dataclasses
import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import msgpack

from solver.catalog.files import write_atomic_bytes
from solver.catalog.schema import (
    SCHEMA_VERSION,
    Catalog,
    Day,
    Kind,
    Location,
    Meeting,
    Problem,
    Section,
    Subject,
    TermDates,
    Units,
    trusted,
)

FORMAT = 1
RECORDS = (Meeting, Units, Section, Subject, TermDates, Location, Problem)
# A copy written for other records (a field added, renamed or moved) is not read.
LAYOUT = [FORMAT, SCHEMA_VERSION, *([f.name for f in dataclasses.fields(r)] for r in RECORDS)]


def stamp(path: Path) -> list[int]:
    """What changes whenever the file does: its size, modification time and inode."""
    info = path.stat()
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def copy_path(cache: Path, source: Path) -> Path:
    """Where the compact copy of the catalog file `source` is kept under `cache`."""
    key = hashlib.sha256(str(source.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache / "compact" / f"{source.stem}-{key}.msgpack"


def read_copy(copy: Path, source_stamp: list[int]) -> Catalog | None:
    """The catalog in `copy` if it was written for a file with this stamp, else None."""
    try:
        data = copy.read_bytes()
        found = msgpack.unpackb(data, use_list=False, raw=False, strict_map_key=False)
        head, layout, written_for, body = found
        if head != "coursepick-compact" or list(layout) != _tuples(LAYOUT):
            return None
        if list(written_for) != source_stamp:
            return None
        return _catalog(body)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, LookupError, AttributeError, msgpack.UnpackException):
        return None  # damaged or foreign: the JSON is read instead, and the copy rewritten


def write_copy(copy: Path, source_stamp: list[int], catalog: Catalog) -> None:
    """Keep a compact copy; a cache that cannot be written only means slower loads."""
    data = msgpack.packb(["coursepick-compact", LAYOUT, source_stamp, _body(catalog)])
    with contextlib.suppress(OSError):
        write_atomic_bytes(copy, data)


def _tuples(value: object) -> object:
    """`value` as MessagePack reads it back (lists as tuples), to compare layouts."""
    return (
        [tuple(v) if isinstance(v, list) else v for v in value]
        if isinstance(value, list)
        else value
    )


# The body: a header of the catalog's own fields, then the tables, then the subjects.


def _body(catalog: Catalog) -> list[Any]:
    meetings: dict[Meeting, int] = {}
    units: dict[Units, int] = {}
    subjects = [_subject(s, meetings, units) for s in catalog.subjects]
    dates = catalog.dates
    return [
        [catalog.schema_version, catalog.term, catalog.source, catalog.source_url,
         catalog.fetched_at.isoformat(), catalog.note],
        None if dates is None else [_iso(getattr(dates, f.name)) for f in _fields(TermDates)],
        {name: [place.x, place.y] for name, place in catalog.locations.items()},
        [[p.subject, p.text, p.reason, p.where] for p in catalog.problems],
        [[m.day.value, m.start, m.end] for m in meetings],
        [[u.lecture, u.lab, u.prep, u.arranged] for u in units],
        subjects,
    ]  # fmt: skip


def _subject(subject: Subject, meetings: dict[Meeting, int], units: dict[Units, int]) -> list[Any]:
    values = []
    for f in _fields(Subject):
        value = getattr(subject, f.name)
        if f.name == "units":
            value = units.setdefault(value, len(units))
        elif f.name == "sections":
            value = [
                [s.id, s.kind.value, s.rooms, [meetings.setdefault(m, len(meetings)) for m in
                 s.meetings], s.tba]
                for s in value
            ]  # fmt: skip
        values.append(_iso(value))
    return values


def _catalog(body: tuple[Any, ...]) -> Catalog:
    head, dates, locations, problems, meetings, units, subjects = body
    version, term, source, url, fetched, note = head
    meeting = [trusted(Meeting, _DAYS[d], start, end) for d, start, end in meetings]
    unit = [trusted(Units, *u) for u in units]

    def subject(values: tuple[Any, ...]) -> Subject:
        found = list(values)
        found[_UNITS] = unit[found[_UNITS]]
        found[_STARTS], found[_ENDS] = _date(found[_STARTS]), _date(found[_ENDS])
        found[_SECTIONS] = tuple(
            trusted(Section, id, _KINDS[kind], rooms, tuple(meeting[i] for i in times), tba)
            for id, kind, rooms, times, tba in found[_SECTIONS]
        )
        return trusted(Subject, *found)

    catalog = Catalog.model_construct(
        schema_version=version,
        term=term,
        source=source,
        source_url=url,
        fetched_at=datetime.fromisoformat(fetched),
        note=note,
        dates=None if dates is None else trusted(TermDates, *_dates_of(dates)),
        subjects=[subject(values) for values in subjects],
        locations={name: trusted(Location, x, y) for name, (x, y) in locations.items()},
        problems=[trusted(Problem, *p) for p in problems],
    )
    catalog.index()
    return catalog


def _dates_of(values: tuple[Any, ...]) -> list[Any]:
    return [
        tuple(_date(d) for d in value) if f.name == "holidays" else _date(value)
        for f, value in zip(_fields(TermDates), values, strict=True)
    ]


def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


def _iso(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple) and value and isinstance(value[0], date):
        return [d.isoformat() for d in value]
    return value


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


_SUBJECT = [f.name for f in dataclasses.fields(Subject)]
_UNITS, _SECTIONS = _SUBJECT.index("units"), _SUBJECT.index("sections")
_STARTS, _ENDS = _SUBJECT.index("starts"), _SUBJECT.index("ends")
_DAYS = {day.value: day for day in Day}
_KINDS = {kind.value: kind for kind in Kind}
