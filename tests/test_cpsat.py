"""`solver.cpsat` loads CP-SAT without pandas, and leaves the real pandas importable."""

import subprocess
import sys


def test_cp_model_loads_without_pandas_and_real_pandas_still_imports():
    code = (
        "import sys, solver.cpsat as c\n"
        "print('pandas' in sys.modules, hasattr(c.cp_model, 'CpModel'))\n"
        "import pandas\n"
        "print(hasattr(pandas, 'DataFrame'))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "True", "True"]
