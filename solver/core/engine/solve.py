"""A preferences file solved as `coursepick solve` solves it, for every door (the command line,
its watch mode, the MCP server): the catalog it asks for, then the ranking, and when nothing
fits, the explanation with the fewest rules to give up. OR-Tools is loaded by `solve` only, so
a door that just chooses catalogs (search, show) never pays for it."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from solver.core.deadline import Deadline
from solver.core.preferences import Preferences
from solver.core.request import Request
from solver.core.results import Result

if TYPE_CHECKING:
    from solver.core.engine.ranking import View


def wanted_catalog(
    prefs: Preferences, folder: Path, path: Path | None, term: str | None
) -> tuple[Path | None, str | None]:
    """The catalog path and term to choose by: the command line's `--catalog` or `--term` beat
    the file's `catalog:` (relative to `folder`, the file's) and `term:`."""
    if path is not None or term is not None:
        return path, term
    return ((folder / prefs.catalog).resolve() if prefs.catalog else None), prefs.term


def solve(
    request: Request,
    deadline: Deadline,
    *,
    top: int | None = None,
    by: "View | None" = None,
    on_found: Callable[[int], None] | None = None,
) -> Result:
    """The ranked rows within the deadline; when nothing fits, with its correction sets."""
    from solver.core.engine.corrections import with_corrections
    from solver.core.engine.ranking import rank_schedules

    result = rank_schedules(request, top=top, deadline=deadline, on_found=on_found, by=by)
    if result.conflict is not None:
        result = with_corrections(result, request, top=top, by=by, deadline=deadline)
    return result
