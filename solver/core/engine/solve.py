"""A request solved as `coursepick solve` solves it: the ranking, and when nothing fits, the
explanation with the fewest rules to give up, all within one deadline."""

from collections.abc import Callable

from solver.core.deadline import Deadline
from solver.core.engine.corrections import with_corrections
from solver.core.engine.ranking import rank_schedules
from solver.core.request import Request
from solver.core.results import Result, View


def solve(
    request: Request,
    deadline: Deadline,
    *,
    top: int | None = None,
    by: View | None = None,
    on_found: Callable[[int], None] | None = None,
) -> Result:
    """The ranked rows within the deadline; when nothing fits, with its correction sets."""
    result = rank_schedules(request, top=top, deadline=deadline, on_found=on_found, by=by)
    if result.conflict is not None:
        result = with_corrections(result, request, top=top, by=by, deadline=deadline)
    return result
