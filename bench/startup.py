"""Start-up: whole `coursepick` commands beside the naive floor of any Python CP-SAT tool.

The floor is a script that imports OR-Tools' `cp_model`, pydantic and PyYAML as any tool would,
and reads the term's catalog JSON: what a solve would cost before doing anything, had it done
nothing about start-up. Each command and the floor run in turn, run after run (so a busy
machine slows both alike), each in a fresh process, from a cache directory already holding the
catalog's compact copy (as every run after the first finds it). Reported: the medians of wall
and CPU (user + system) seconds, and the median of each run's ratio to the floor run beside it.
"""

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from tabulate import tabulate

FLOOR = """\
import json, sys
import ortools.sat.python.cp_model, pydantic, yaml
with open(sys.argv[1], encoding="utf-8") as file:
    json.load(file)
"""


@dataclass(frozen=True)
class Spent:
    wall: float
    cpu: float  # user + system seconds of the process itself
    code: int


def run_once(command: Sequence[str], env: dict[str, str], cwd: Path) -> Spent:
    """One fresh process: its wall and CPU seconds and exit code (output thrown away)."""
    import time

    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=err)  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            last = (err.read().decode(errors="replace").strip().splitlines() or ["?"])[-1]
            raise RuntimeError(f"{' '.join(command)} exited {code}: {last}")
    return Spent(wall, usage.ru_utime + usage.ru_stime, code)


@dataclass(frozen=True)
class Startup:
    name: str
    runs: list[Spent]
    floors: list[Spent]  # the floor run beside each

    def ratio(self, key: Callable[[Spent], float]) -> float:
        return median(
            key(mine) / key(floor) for mine, floor in zip(self.runs, self.floors, strict=True)
        )


def measure_startup(
    commands: dict[str, list[str]],
    catalog_json: Path,
    env: dict[str, str],
    cwd: Path,
    runs: int,
    run: Callable[[Sequence[str], dict[str, str], Path], Spent] = run_once,
) -> list[Startup]:
    """Each command beside the floor, interleaved run by run, after one warm-up of each."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "floor.py"
        script.write_text(FLOOR)
        floor = [sys.executable, str(script), str(catalog_json)]
        for command in (floor, *commands.values()):  # warm-up: the OS cache, the compact copy
            run(command, env, cwd)
        found = {name: Startup(name, [], []) for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                found[name].floors.append(run(floor, env, cwd))
                found[name].runs.append(run(command, env, cwd))
    return list(found.values())


def render_startup(rows: list[Startup], fmt: str) -> str:
    table = [
        [
            row.name,
            f"{median(s.wall for s in row.runs) * 1000:.0f} ms",
            f"{median(s.cpu for s in row.runs) * 1000:.0f} ms",
            f"{median(s.cpu for s in row.floors) * 1000:.0f} ms",
            f"{row.ratio(lambda s: s.cpu):.2f}x",
            f"{row.ratio(lambda s: s.wall):.2f}x",
            str(len(row.runs)),
        ]
        for row in rows
    ]
    headers = ["start-up", "wall (median)", "CPU (median)", "floor CPU (median)",
               "CPU / floor", "wall / floor", "runs"]  # fmt: skip
    return tabulate(table, headers=headers, tablefmt=fmt, disable_numparse=True)
