"""`solve` and `what-if`: a preferences file ranked into its best schedules (or, when nothing
fits, why and the fewest rules to give up), and what dropping each hard rule would give.

OR-Tools is loaded when a question is answered, not when this module is imported, so a door
that only searches never pays for it."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from solver.app.desk import Desk
from solver.app.given import Given, Read, read_preferences
from solver.app.taken import girs_known
from solver.app.toward import toward_of
from solver.catalog.schema import Catalog, term_name
from solver.core.deadline import Deadline
from solver.core.hold import held_preferences
from solver.core.request import Request
from solver.core.resolve import build_request
from solver.core.results import Result, View, WhatIf
from solver.errors import LinkError

if TYPE_CHECKING:  # plan B's model loads when one is asked for
    from solver.core.plan_b import PlanB

Progress = Callable[[int, int], None]  # (steps done, steps in all)


@dataclass(frozen=True)
class SolveAsk:
    preferences: Given
    top: int | None = None  # rows to rank (default: the file's `top:`)
    by: View | None = None  # the view (default: the file's `by:`, else by its groups)
    time_limit: float | None = None  # seconds for everything (default: the file's)
    what_if: bool = False  # also each hard rule dropped in turn
    fallback_limit: float | None = None  # when neither the ask nor the file sets a limit
    plan_b: bool | None = None  # a plan B per lottery subject (default: the file's `plan_b:`)
    hold: str | None = None  # a Hydrant link to the schedule held (default: the file's `hold:`)
    with_: tuple[Given, ...] = ()  # friends' preferences (default: the file's `with:`)


@dataclass(frozen=True)
class SolveAnswer:
    result: Result
    request: Request
    catalog: Catalog
    sample: bool  # the bundled sample stood in for a real term
    what_if: WhatIf | None = None
    plan_b: "tuple[tuple[PlanB, ...], ...] | None" = None  # per row shown: each lottery subject's

    @property
    def status(self) -> Literal["found", "nothing fits", "out of time"]:
        if self.result.conflict is not None:
            return "nothing fits"
        return "found" if self.result.schedules else "out of time"


@dataclass(frozen=True)
class Prepared:
    """A request built from the preferences, with the catalog it was built on, and the one
    deadline the whole answer runs to."""

    request: Request
    catalog: Catalog
    sample: bool
    deadline: Deadline
    plan_b: bool = False  # the file asks for a plan B


def prepare(
    given: Given,
    desk: Desk,
    time_limit: float | None,
    fallback: float | None,
    hold: str | None = None,
    read: Read | None = None,
) -> Prepared:
    """The request of `given` (or of `read`, read from it already) on the catalog it chooses."""
    read = read or read_preferences(given)
    opened = desk.open(read.prefs, read.folder)
    request = build_for(read, desk, opened.catalog, hold)
    deadline = desk.deadline(time_limit or request.time_limit or fallback)
    return Prepared(request, opened.catalog, opened.is_sample, deadline, read.prefs.plan_b)


def request_of(read: Read, desk: Desk, catalog: Catalog, candidates: Sequence[str] = ()) -> Request:
    """The preferences resolved against `catalog`, with what the core cannot know from one
    term: the subjects toward a requirement, and taken subjects' GIRs from every term."""
    toward = toward_of(read.prefs, read.prefs.taken, read.folder, desk, catalog)
    girs_of = girs_known(desk.cache, catalog)
    return build_request(read.prefs, read.source, catalog, toward, girs_of, candidates)


def build_for(read: Read, desk: Desk, catalog: Catalog, hold: str | None = None) -> Request:
    """`request_of` one student's preferences, with the schedule they hold folded in (a Hydrant
    link: `hold`, else the file's `hold:`): its subjects required (those an elective group
    offers stay the group's), its sections kept."""
    link = hold or read.prefs.hold
    if not link:
        return request_of(read, desk, catalog)
    from solver.catalog.hydrant_link import picked_sections, read_link  # only for a link

    try:
        picked = picked_sections(read_link(link), catalog)
    except LinkError as error:
        if hold:  # given by the door, which names it
            raise
        raise read.source.error(("hold",), f"hold: {error}") from None
    grouped: set[str] = set()
    if read.prefs.electives:  # which held subjects a group offers: the groups' members
        found = request_of(read, desk, catalog)
        grouped = {
            name
            for group in found.groups
            for number in group.members
            for name in (number, *found.courses[number].aliases)
        }
    held = replace(read, prefs=held_preferences(read.prefs, picked.subjects, grouped))
    request = request_of(held, desk, catalog)
    notes = [
        f"the Hydrant link names {number}, which {term_name(catalog.term)} does not have:"
        " left out (is the link for another term?)"
        for number in picked.unknown
    ]
    return replace(request, notes=(*notes, *request.notes))


def answer_solve(
    ask: SolveAsk,
    desk: Desk,
    *,
    on_ranked: Progress | None = None,
    on_what_if: Progress | None = None,
    read: Read | None = None,
) -> SolveAnswer:
    """One file solved (`ask.with_` is for `solver.app.together`); `read`: the preferences
    read already."""
    from solver.core.engine.solve import solve  # loads OR-Tools

    ready = prepare(ask.preferences, desk, ask.time_limit, ask.fallback_limit, ask.hold, read)
    top = ask.top or ready.request.top
    tell = on_ranked or (lambda done, total: None)
    tell(0, top)
    result = solve(
        ready.request, ready.deadline, top=top, by=ask.by, on_found=lambda done: tell(done, top)
    )
    dropped = None
    if ask.what_if:
        from solver.core.engine.what_if import what_if

        if on_what_if:
            on_what_if(0, len(ready.request.rules))  # the bar's length, before the first
        dropped = what_if(ready.request, deadline=ready.deadline, on_done=on_what_if)
    plans = None
    if (ready.plan_b if ask.plan_b is None else ask.plan_b) and result.schedules:
        from solver.core.engine.plan_b import plans_b

        plans = plans_b(ready.request, result.schedules, ready.deadline)
    return SolveAnswer(result, ready.request, ready.catalog, ready.sample, dropped, plans)


@dataclass(frozen=True)
class WhatIfAsk:
    preferences: Given
    time_limit: float | None = None
    fallback_limit: float | None = None


@dataclass(frozen=True)
class WhatIfAnswer:
    what_if: WhatIf
    request: Request


def answer_what_if(ask: WhatIfAsk, desk: Desk) -> WhatIfAnswer:
    from solver.core.engine.what_if import what_if  # loads OR-Tools

    ready = prepare(ask.preferences, desk, ask.time_limit, ask.fallback_limit)
    return WhatIfAnswer(what_if(ready.request, deadline=ready.deadline), ready.request)
