"""Lower bounds a plan's search proves slowly, found by smaller models first: the fewest
subjects, and the fewest units, of any set that satisfies every program."""

import math

from solver.cpsat import cp_model
from solver.degree.model import Encoder, new_degree_solver
from solver.degree.plan_spec import Spec


def covering_bounds(spec: Spec, seconds: float) -> tuple[int, int]:
    """The fewest subjects, and the fewest units, of any set that satisfies every program
    (terms, limits and prerequisites aside): lower bounds that the plan's own search proves
    slowly, since its relaxation shares one subject among many requirements. Each is CP-SAT's
    proven bound when the time runs out first."""
    found = []
    for size in (lambda c: 1, lambda c: c.item.units):
        model = cp_model.CpModel()
        take = {c.key: model.new_bool_var(c.key) for c in spec.pool}
        encoder = Encoder(
            model,
            [*spec.taken, *(c.item for c in spec.pool)],
            {i.key: True for i in spec.taken} | take,
            spec.canonical,
            assume_manual=True,
        )
        for program in spec.programs:
            sat = encoder.program(program).sat
            if sat is False:
                return 0, 0  # nothing satisfies it: the plan's own model says so
            if sat is not True:
                model.add(sat == 1)
        encoder.finish()
        model.minimize(sum(size(c) * take[c.key] for c in spec.pool))
        solver = new_degree_solver(seconds / 2)
        status = solver.solve(model)
        known = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        found.append(math.ceil(solver.best_objective_bound - 1e-6) if known else 0)
    return found[0], found[1]
