"""`requirements` and `audit`: the requirement lists there are, one list as a tree, and what a
transcript meets of a student's programs with what is left (the subjects that count toward a
requirement, for groups and search, are `solver.app.toward`'s)."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from solver.app.desk import Desk
from solver.app.given import Given, read_preferences
from solver.app.taken import parse_taken
from solver.app.toward import AUDIT_LIMIT
from solver.catalog.schema import Catalog
from solver.core.degree_keys import DegreeKeys
from solver.degree.answers import Left
from solver.degree.audit import Audit
from solver.degree.errors import AuditError
from solver.degree.road import Road, parse_road
from solver.degree.tree import ReqList

if TYPE_CHECKING:
    from solver.degree.lists import ListInfo


@dataclass(frozen=True)
class RequirementsAsk:
    list_id: str | None = None  # one list, by id; none: every list there is
    file: Path | None = None  # one list, from a .reql file


@dataclass(frozen=True)
class RequirementsAnswer:
    lists: "list[ListInfo]"  # when no list was asked for
    shown: ReqList | None  # the list asked for


def answer_requirements(ask: RequirementsAsk, desk: Desk) -> RequirementsAnswer:
    from solver.degree.lists import available_lists, load_list, load_list_file  # the reader

    if ask.file is not None:
        return RequirementsAnswer([], load_list_file(ask.file))
    if ask.list_id is not None:
        return RequirementsAnswer([], load_list(desk.cache, ask.list_id))
    return RequirementsAnswer(available_lists(desk.cache), None)


@dataclass(frozen=True)
class AuditAsk:
    preferences: Given | None = None  # its programs, taken and degree keys
    programs: Sequence[str] = ()  # these instead of the file's (or the road's)
    taken: Sequence[str] | str = ()  # besides the file's
    road: Path | str | None = None  # a CourseRoad road file, or its JSON text
    left: bool = True  # also the fewest subjects still needed
    time_limit: float | None = None


@dataclass(frozen=True)
class AuditAnswer:
    audit: Audit
    left: Left | None
    catalog: Catalog
    warnings: tuple[str, ...]


def answer_audit(ask: AuditAsk, desk: Desk) -> AuditAnswer:
    from solver.degree.ask import AuditAsk as Question  # strict sharing and what is left solve
    from solver.degree.ask import run_audit

    keys: DegreeKeys = DegreeKeys()
    taken = parse_taken(ask.taken) if isinstance(ask.taken, str) else list(ask.taken)
    base = None
    if ask.preferences is not None:
        read = read_preferences(ask.preferences)
        keys, base = read.prefs, read.folder
        taken += read.prefs.taken
        catalog = desk.open(read.prefs, read.folder).catalog
    else:
        catalog = desk.open().catalog
    road: Path | Road | None = None
    if isinstance(ask.road, str):
        try:
            road = parse_road(json.loads(ask.road), "road")
        except ValueError as error:  # JSON that does not read: one line, as a bad file gets
            raise AuditError(f"road: not a road file's JSON ({error})") from None
    else:
        road = ask.road
    question = Question(
        programs=tuple(ask.programs),
        taken=tuple(taken),
        road=road,
        keys=keys,
        base=base,
        time_limit=ask.time_limit or AUDIT_LIMIT,
        left=ask.left,
    )
    found = run_audit(question, desk.cache, catalog)
    return AuditAnswer(found.audit, found.left, catalog, found.warnings)
