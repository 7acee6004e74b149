"""`solver.cpsat` loads CP-SAT without pandas (the real one still importable) and without
numpy's BLAS threads."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def test_cp_model_loads_without_pandas_and_real_pandas_still_imports():
    code = (
        "import sys, solver.cpsat as c\n"
        "print('pandas' in sys.modules, hasattr(c.cp_model, 'CpModel'))\n"
        "import pandas\n"
        "print(hasattr(pandas, 'DataFrame'))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "True", "True"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="counts threads in /proc")
def test_loading_cp_sat_starts_no_thread():
    """numpy's OpenBLAS would start a spinning thread per core, for nothing coursepick does."""
    code = (
        "import solver.cpsat\n"
        "status = open('/proc/self/status').read()\n"
        "print(status.split('Threads:')[1].split()[0])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert run.stdout.split() == ["1"]
