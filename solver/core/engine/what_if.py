"""What if: for each of the student's hard rules, what dropping it would give.

For every rule: how many distinct schedules fit without it (counted up to a low cap), and the
best score reachable without it; all within the time limit, what did not finish is marked.
"""

from collections.abc import Callable

from solver.core.deadline import NO_DEADLINE, Deadline
from solver.core.engine.outcomes import COUNT_CAP, outcome
from solver.core.request import Request
from solver.core.results import WhatIf


def what_if(
    request: Request,
    cap: int = COUNT_CAP,
    deadline: Deadline = NO_DEADLINE,
    on_done: Callable[[int, int], None] | None = None,
) -> WhatIf:
    """The outcome now, and with each hard rule dropped in turn (`on_done(done, total)` after
    each, for a progress line)."""
    now = outcome(request, cap, deadline)
    without = []
    for done, rule in enumerate(request.rules, start=1):
        without.append((rule, outcome(request.without([rule]), cap, deadline)))
        if on_done:
            on_done(done, len(request.rules))
    return WhatIf(now, tuple(without))
