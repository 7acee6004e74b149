"""A tiny catalog and helpers for the degree audit's tests: lists written as `.reql` text."""

from datetime import UTC, datetime

from solver.catalog.schema import Catalog, Subject, Units
from solver.degree.facts import build_facts
from solver.degree.reql import parse_reql
from solver.degree.transcript import Entry, Transcript, build_transcript
from solver.degree.tree import ReqList


def subject(number: str, units: int = 12, **facts: object) -> Subject:
    return Subject(number=number, title=f"Subject {number}", units=Units(lecture=units), **facts)


CATALOG = Catalog(
    term="2026SP",
    source="test",
    fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
    subjects=[
        subject("1.01"),
        subject("1.02"),
        subject("1.03", 6),
        subject("1.04", 15),
        subject("1.05", old_number="1.50"),
        subject("1.06", same_as=("2.06",)),
        subject("21W.1", hass=("H",), ci="CI-HW"),
        subject("21W.2", hass=("E",), ci="CI-H"),
        subject("21W.3", hass=("A",)),
        subject("8.1", gir=("LAB2",)),
        subject("8.2", gir=("LAB2",)),
        subject("8.3", gir=("LAB",)),
        subject("18.02"),
    ],
)
FACTS = build_facts([CATALOG])


def reql(definitions: str, list_id: str = "p", sections: str = "main") -> ReqList:
    """A list with these top-level sections (one a line) and definitions."""
    lines = "".join(f"{name}\n\n" for name in sections.split())
    return parse_reql(f"P#,#P Major#,#Things#,#Bachelor\n\n\n{lines}\n{definitions}", list_id)


def transcript(numbers: str, **substitute: str) -> Transcript:
    return build_transcript([Entry(n) for n in numbers.split()], FACTS, substitute or None)
