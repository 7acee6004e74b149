"""OR-Tools' CP-SAT module, imported without loading pandas or starting BLAS threads, and the
solver settings we use.

`ortools.sat.python.cp_model` imports pandas at module level for its `*_series` helpers only,
which coursepick never calls; that import costs about 0.25 s of a 0.8 s `coursepick solve`. While
cp_model loads it sees a stand-in whose Index and Series match nothing; a later `import pandas`
anywhere still gets the real package. Should an OR-Tools release need more of pandas at import,
we fall back to the ordinary import.
"""

import importlib
import os
import sys
import types
from typing import TYPE_CHECKING


def _stand_in() -> types.ModuleType:
    module = types.ModuleType("pandas", "coursepick's stand-in while cp_model imports")
    module.Index = type("Index", (), {})  # type: ignore[attr-defined]
    module.Series = type("Series", (), {})  # type: ignore[attr-defined]
    return module


def _import_cp_model() -> types.ModuleType:
    # cp_model loads numpy (its C++ part needs the real one), whose OpenBLAS starts a spinning
    # thread per core at load (60-100 ms of CPU) for linear algebra nothing here does; a
    # student's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if "pandas" in sys.modules or "ortools.sat.python.cp_model" in sys.modules:
        return importlib.import_module("ortools.sat.python.cp_model")
    stand_in = sys.modules["pandas"] = _stand_in()
    try:
        return importlib.import_module("ortools.sat.python.cp_model")
    except AttributeError:
        sys.modules.pop("ortools.sat.python.cp_model", None)
        del sys.modules["pandas"]
        return importlib.import_module("ortools.sat.python.cp_model")
    finally:
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]


if TYPE_CHECKING:  # the checker reads the real module; at run time it loads without pandas
    from ortools.sat.python import cp_model
else:
    cp_model = _import_cp_model()

SEED = 20260
LARGE_MODEL = 10_000  # variables; s26's largest cases have under 1,000, a 20x term 5,000 to 50,000


def new_solver(
    seconds: float | None = None, model: "cp_model.CpModel | None" = None
) -> "cp_model.CpSolver":
    """A CP-SAT solver set up for many short solves of one model (the ranking loop), and for
    `model` if given (its size decides whether presolve pays).

    Single-threaded with a fixed seed: the same input gives the same order of ties every run.
    """
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = SEED
    # The ranking re-solves one model many times (a score, then its tie-breakers, then each
    # group of equals), so per-solve overhead dominates. Measured on the benchmark's cases
    # (python -m bench): no presolve iterations (each cost 45 ms at 16x: 2.0 s -> 1.5 s for the
    # top 10, and 10-20% on s26), no symmetry detection, no probing and no LP relaxation; and
    # no inprocessing (the clause simplification run between restarts: vivification, probing),
    # which took the 16x catalog's solve from 1.0 s to 0.15 s.
    solver.parameters.max_presolve_iterations = 0
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.linearization_level = 0
    solver.parameters.use_sat_inprocessing = False
    # CP-SAT catches Ctrl-C during a solve and leaves the process without Python's handler
    # after it: a later Ctrl-C (in `solve --watch`, between solves) would kill the process
    # outright, with no "interrupted" line and no exit code of ours. Python keeps the handler.
    solver.parameters.catch_sigint_signal = False
    if seconds is not None:
        solver.parameters.max_time_in_seconds = max(seconds, 0.001)
    if model is not None and len(model.proto.variables) > LARGE_MODEL:
        # A model of a term many times MIT's size (walks, runs, a group open to any subject)
        # spends most of each solve in presolve, which the ranking pays again per solve:
        # measured on a 20x term, 76 -> 28 s, 5.6 -> 4.4 s; below, presolve pays for itself.
        solver.parameters.cp_model_presolve = False
    return solver
