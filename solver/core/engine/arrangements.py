"""The arrangements of one set of subjects: its best one, and how many others score the same
(the "+11 equally good section choices" of a row by subjects).

The section choices of those subjects are walked depth first in key order (subjects by number,
kinds lecture first, sections in catalog order), with clash pruning, so the first valid one at
the standing asked for is the best arrangement. Counting goes on up to a cap on the count and on
the work; past either the count is marked as a lower bound. Every candidate is confirmed by the
independent validator, as brute force would.
"""

from solver.core.engine.ties import Level, Standings
from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Equals, Schedule
from solver.core.validate import check_schedule
from solver.errors import InternalError

COUNT_CAP = 50  # "50+" says enough, and keeps a row's count to a few milliseconds
WORK_CAP = 20_000  # section choices tried for the count; past it the count is "at least"


def best_and_equals(
    courses: tuple[str, ...], level: Level, search: Request, request: Request,
    standings: Standings,
) -> tuple[Schedule, Equals]:  # fmt: skip
    """The first valid arrangement of `courses` in key order standing at `level` (one exists:
    the solver found it), and the number of other valid arrangements with the same score."""
    kinds = [opts for n in courses for opts in search.courses[n].options.values()]
    chosen: list[Option] = []
    best: Schedule | None = None
    count = tried = 0
    capped = False

    def walk(index: int) -> bool:
        """False once there is nothing more to look for."""
        nonlocal best, count, tried, capped
        if index == len(kinds):
            options = tuple(chosen)
            points, tie = standings.of(courses, options)
            if points == level[0] and not check_schedule(Schedule(courses, options), request):
                if best is None and tie == level[1]:
                    best = Schedule.of(courses, options)
                else:
                    count += 1
            return best is None or not capped
        for option in kinds[index]:
            tried += 1
            capped = capped or tried > WORK_CAP or count >= COUNT_CAP
            if capped and best is not None:
                return False
            if any(option.clashes(other) for other in chosen):
                continue
            chosen.append(option)
            going = walk(index + 1)
            chosen.pop()
            if not going:
                return False
        return True

    walk(0)
    if best is None:
        raise InternalError(f"internal error: no arrangement of {', '.join(courses)} found")
    return best, Equals(count, capped)
