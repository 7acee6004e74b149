"""Plan B as the views show it: a line under a row for each of its lottery subjects, and the
same as JSON (`plan_b` of each row)."""

from collections.abc import Sequence
from typing import Any

from solver.core.plan_b import PlanB
from solver.core.request import Request
from solver.core.results import Result
from solver.core.score import score
from solver.render.json_doc import rows_json


def plan_b_lines(plans: Sequence[PlanB]) -> list[str]:
    """`plan B without 21W.755: swap for 21L.011, nothing else moves (score 4.25)`."""
    lines = []
    for plan in plans:
        if plan.found is None or plan.points is None:
            why = "no schedule fits without it" if plan.proven else "none found in the time limit"
            lines.append(f"plan B without {plan.lose}: {why}")
            continue
        swap = f"swap for {', '.join(plan.replacement)}" if plan.replacement else "no replacement"
        if plan.out:
            swap += f", {', '.join(plan.out)} out too"
        count = len(plan.moves)
        moves = (
            "nothing else moves"
            if not count
            else f"{count} held section{'s' if count > 1 else ''} move: {'; '.join(plan.moves)}"
        )
        star = "" if plan.proven else " *"
        lines.append(
            f"plan B without {plan.lose}: {swap}, {moves} (score {score(plan.points):.2f}){star}"
        )
    return lines


def plan_b_under(plans: Sequence[Sequence[PlanB]], result: Result) -> dict[int, list[str]]:
    """The plan B lines of each row of `result` (whose rows the plans follow), by rank."""
    return {r.rank: plan_b_lines(p) for r, p in zip(result.schedules, plans, strict=True)}


def plan_b_json(plans: Sequence[PlanB], request: Request) -> list[dict[str, Any]]:
    """Each plan B: `lose`, `replacement` (the subject that comes in, or null), `moves`, `score`
    and `sections` (the whole schedule, in a row's shape), with `optimal` (proven) and its
    Hydrant link."""
    found = []
    for plan in plans:
        sections, url = None, None
        if plan.found is not None:
            (row,) = rows_json(Result((plan.found,), None, 0, True), request)
            sections, url = row["sections"], row["hydrant_url"]
        found.append(
            {
                "lose": plan.lose,
                "replacement": plan.replacement[0] if plan.replacement else None,
                "also_in": list(plan.replacement[1:]),
                "also_out": list(plan.out),
                "moves": list(plan.moves),
                "score": None if plan.points is None else score(plan.points),
                "optimal": plan.proven,
                "sections": sections,
                "hydrant_url": url,
            }
        )
    return found
