"""Small catalogs built in code, for solver tests: `meeting("TR", "11:00", "12:30")` and friends;
and the `coursepick` command run in process."""

import io
from datetime import date, datetime
from pathlib import Path

from solver.catalog.schema import Catalog, Meeting, Section, Subject, TermDates, Units
from solver.catalog.store import save_catalog
from solver.cli import main
from solver.core.deadline import Deadline

# A deadline already passed, on a clock that never moves: time is up whatever the machine's speed.
PASSED = Deadline(0.0, clock=lambda: 1.0)


def run_cli(*argv: object) -> tuple[int, str, str]:
    """`coursepick ARGV...`: its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def saved(catalog: Catalog, folder: Path, name: str = "catalog.json") -> Path:
    """The catalog written to a file in `folder`, for `--catalog`."""
    path = folder / name
    save_catalog(catalog, path)
    return path


def meetings(days: str, start: str, end: str) -> list[Meeting]:
    return [Meeting(day=d, start=start, end=end) for d in days]


def section(id: str, *times: tuple[str, str, str], rooms: tuple[str, ...] = ("1-190",), tba=False):
    kind = {"L": "lecture", "R": "recitation", "B": "lab", "D": "design"}[id[0]]
    found = [m for days, start, end in times for m in meetings(days, start, end)]
    return Section(id=id, kind=kind, rooms=list(rooms), meetings=found, tba=tba)


def subject(number: str, *sections: Section, units: int = 12, **fields) -> Subject:
    lecture = units // 4
    return Subject(
        number=number,
        title=fields.pop("title", f"Subject {number}"),
        units=Units(lecture=lecture, prep=units - lecture),
        sections=list(sections),
        **fields,
    )


TERM_DATES = TermDates(
    start=date(2026, 2, 2),
    end=date(2026, 5, 12),
    first_half_end=date(2026, 3, 20),
    second_half_start=date(2026, 3, 30),
)


def catalog(
    *subjects: Subject, dates: TermDates | None = TERM_DATES, term: str = "2026SP"
) -> Catalog:
    return Catalog(
        term=term,
        source="sample",
        fetched_at=datetime(2026, 1, 1),
        dates=dates,
        subjects=list(subjects),
    )
