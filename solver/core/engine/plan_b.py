"""Plan B for every lottery subject of the schedules shown: for each, the best schedule without
it that moves the fewest of the other sections (`solver.core.plan_b`), ranked exactly, within
the one deadline of the solve."""

from collections.abc import Sequence

from solver.core.deadline import NO_DEADLINE, Deadline
from solver.core.engine.ranking import rank_schedules
from solver.core.plan_b import PlanB, held_moves, lottery_subjects, without_subject
from solver.core.request import Request
from solver.core.results import Ranked, Schedule
from solver.core.wishes import score_points


def plans_b(
    request: Request, rows: Sequence[Ranked], deadline: Deadline = NO_DEADLINE
) -> tuple[tuple[PlanB, ...], ...]:
    """For each row, a plan B per lottery subject in it (rows alike share their answers)."""
    found: dict[tuple[str, object], PlanB] = {}
    plans = []
    for ranked in rows:
        mine = []
        for lose in lottery_subjects(ranked.schedule, request):
            key = (lose, ranked.schedule.key)
            if key not in found:
                found[key] = plan_b(request, ranked.schedule, lose, deadline)
            mine.append(found[key])
        plans.append(tuple(mine))
    return tuple(plans)


def plan_b(request: Request, planned: Schedule, lose: str, deadline: Deadline) -> PlanB:
    """The best schedule of `request` without `lose`, holding the rest of `planned`."""
    asked = without_subject(request, lose, planned)
    result = rank_schedules(asked, top=1, by="sections", deadline=deadline)
    if not result.schedules:  # none fits (proven) or the time ran out
        return PlanB(lose, None, (), (), (), None, proven=result.conflict is not None)
    best = result.schedules[0]
    schedule = best.schedule
    return PlanB(
        lose,
        best,
        tuple(n for n in schedule.courses if n not in planned.courses),
        tuple(n for n in planned.courses if n != lose and n not in schedule.courses),
        held_moves(schedule, asked),
        score_points(schedule, request.wishes),
        proven=best.optimal,
    )
