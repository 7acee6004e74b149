"""`show`: subjects asked for by number (current, joint or old), with their prerequisites'
status for what the student has taken."""

from collections.abc import Sequence
from dataclasses import dataclass

from solver.app.desk import Desk
from solver.app.taken import Taken
from solver.catalog.schema import Catalog, Subject
from solver.core.eligibility import NOTHING_TAKEN, Verdict, prereq_of, verdict


@dataclass(frozen=True)
class ShowAsk:
    subjects: Sequence[str]
    taken: Taken = Taken()


@dataclass(frozen=True)
class ShowAnswer:
    subjects: list[Subject]  # those found, in the order asked
    standings: list[Verdict]  # each one's prerequisites for the student
    judged: bool  # the standings are for what the student said they took
    renamed: list[tuple[str, str]]  # (asked, current) for each old number asked
    unknown: list[str]  # a message per number not found
    catalog: Catalog
    sample: bool


def answer_show(ask: ShowAsk, desk: Desk) -> ShowAnswer:
    opened = desk.open()
    catalog = opened.catalog
    record = ask.taken.record(catalog)
    asked = [number.strip() for number in ask.subjects]
    found = [catalog.subject(number) for number in asked]
    subjects = [subject for subject in found if subject]
    pairs = list(zip(asked, found, strict=True))
    return ShowAnswer(
        subjects,
        [verdict(prereq_of(subject), record or NOTHING_TAKEN) for subject in subjects],
        record is not None,
        [(n, s.number) for n, s in pairs if s and s.number != n.upper()],
        [catalog.unknown(n) for n, s in pairs if s is None],
        catalog,
        opened.is_sample,
    )
