"""`search --fits FILE`: which of the rows could be added to the preferences in FILE, and what
the best week with each would score: exactly the preferences with that subject added to
`required:`, by every rule, the rest of the week free to re-arrange."""

from collections.abc import Sequence
from dataclasses import dataclass

from solver.app.desk import Desk
from solver.app.given import Given, read_preferences
from solver.app.solve import request_of
from solver.catalog.schema import Catalog
from solver.catalog.search import Match

FITS_LIMIT = 30.0  # seconds for all the rows, unless the preferences set a time limit


@dataclass(frozen=True)
class Fitting:
    score: float  # the best score of the preferences with the subject added
    change: float | None  # that, minus the best score today (None: nothing fits today)


@dataclass(frozen=True)
class Fits:
    rows: dict[str, Fitting]  # each row that could be added, by its subject's number
    unjudged: tuple[str, ...]  # rows the time limit left undecided


def fitting_rows(given: Given, matches: Sequence[Match], desk: Desk, catalog: Catalog) -> Fits:
    """The fit of each row that could be added; rows already in today's best schedule,
    required or taken are none of them."""
    from solver.core.engine.fits import fit_candidates  # loads OR-Tools: only when asked
    from solver.core.engine.ranking import rank_schedules
    from solver.core.score import score

    read = read_preferences(given)
    deadline = desk.deadline(read.prefs.time_limit or FITS_LIMIT)
    today = rank_schedules(request_of(read, desk, catalog), top=1, deadline=deadline).schedules
    inside = set(today[0].schedule.courses) if today else set()
    numbers = [m.subject.number for m in matches if not inside & set(m.numbers)]
    request = request_of(read, desk, catalog, numbers)
    course_of = {name: n for n, c in request.courses.items() for name in (n, *c.aliases)}
    best = score(today[0].points) if today else None
    found: dict[str, Fitting] = {}
    unjudged = []
    fits = fit_candidates(request, deadline)
    for match in matches:
        course = course_of.get(match.subject.number)
        fit = fits.get(course) if course else None
        if fit is not None and not fit.proven:
            unjudged.append(match.subject.number)
        elif fit is not None and fit.points is not None:
            points = score(fit.points)
            change = None if best is None else round(points - best, 4)
            found[match.subject.number] = Fitting(points, change)
    return Fits(found, tuple(unjudged))
