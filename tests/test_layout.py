"""The floor plan holds: which room may import which, no import circle, and OR-Tools loaded only
where solving happens.

Rooms (see the README's "How it is built"): `solver.catalog` (records and store), `solver.core`
(the weekly contract and functional core) with its wing `solver.core.engine` (the CP-SAT model
and ranking), `solver.degree` (requirement lists, audits, plans), `solver.render` (views),
`solver.app` (one ask and answer per command), the doors `solver.cli` and `solver.serve` (with
`solver.terminal`, the command line's terminal), `solver.cpsat` (OR-Tools, loaded lean), and
`scrape`. Checked on the source with `ast` (every import statement: function-local ones and
those under TYPE_CHECKING included), and, for OR-Tools, in a fresh interpreter.
"""

import ast
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = {
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
    for package in ("solver", "scrape")
    for path in sorted((ROOT / package).rglob("*.py"))
}

# The libraries of the open doors: the rooms inside never talk MCP or watch files.
DOORS = ("mcp", "watchfiles")
SOLVING = ("ortools", "solver.cpsat")
DOOR_ROOMS = (
    "solver.cli",
    "solver.__main__",
    "solver.arguments",
    "solver.serve",
    "solver.terminal",
)
# room -> the rooms (module prefixes) it must never import; the longest matching room applies.
FORBIDDEN = {
    "solver.catalog": ("solver.core", "solver.degree", "solver.app", "solver.render", *DOOR_ROOMS,
                       "scrape", *SOLVING, *DOORS),
    "solver.core": ("solver.core.engine", "solver.degree", "solver.app", "solver.render",
                    *DOOR_ROOMS, "scrape", *SOLVING, *DOORS),
    "solver.core.engine": ("solver.degree", "solver.app", "solver.render", *DOOR_ROOMS, "scrape",
                           *DOORS),
    # The degree room solves with solver.cpsat alone, never with the weekly request or engine.
    "solver.degree": ("solver.core.engine", "solver.core.request", "solver.core.resolve",
                      "solver.app", "solver.render", *DOOR_ROOMS, "scrape", "ortools", *DOORS),
    "solver.render": ("solver.core.engine", "solver.app", *DOOR_ROOMS, "scrape", *SOLVING,
                      *DOORS),
    "solver.app": (*DOOR_ROOMS, *DOORS),
    # The doors translate: they ask solver.app and render its answers, nothing deeper.
    "solver.cli": ("solver.core", "solver.degree", "scrape", *SOLVING),
    "solver.__main__": ("solver.core", "solver.degree", "solver.app", "scrape", *SOLVING),
    "solver.arguments": ("solver.cli", "solver.core", "solver.degree", "scrape", *SOLVING),
    "solver.outputs": ("solver.cli", "solver.core", "solver.degree", "scrape", *SOLVING),
    "solver.terminal": ("solver.core", "solver.degree", "solver.app", "scrape", *SOLVING,
                        *DOORS),
    "solver.serve": ("solver.cli", "solver.core", "solver.degree", "scrape", *SOLVING),
    "solver.cpsat": ("solver.", "scrape", *DOORS),
    "solver.errors": ("solver.", "scrape", "ortools", *DOORS),
    # scrape writes the files whose schemas the catalog and the degree room own.
    "scrape": ("solver.core", "solver.app", "solver.render", *DOOR_ROOMS, *SOLVING, *DOORS),
}  # fmt: skip
# Where CP-SAT may be loaded at import: everything else loads it only when a question needs it.
SOLVERS = ("solver.cpsat", "solver.core.engine", "solver.degree")


def _named(node: ast.Import | ast.ImportFrom) -> set[str]:
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if not node.module:
        return set()
    # `from solver.core import rules` imports the module solver.core.rules
    return {node.module} | {
        f"{node.module}.{alias.name}"
        for alias in node.names
        if f"{node.module}.{alias.name}" in MODULES
    }


@cache
def imports(module: str) -> set[str]:
    """Every module an import statement in `module` names, wherever in the file it stands."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    return {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in _named(node)
    }


@cache
def loaded_on_import(module: str) -> set[str]:
    """The modules importing `module` runs: its module-level imports (not those inside
    functions or under TYPE_CHECKING), and theirs, transitively."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    direct = {name for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)
              for name in _named(node)}  # fmt: skip
    found = set(direct)
    for name in direct:
        parts = name.split(".")
        for end in range(1, len(parts) + 1):  # a package's __init__ runs first
            prefix = ".".join(parts[:end])
            if prefix in MODULES and prefix != module:
                found |= {prefix} | loaded_on_import(prefix)
    return found


def _room(module: str) -> str | None:
    rooms = [room for room in FORBIDDEN if module == room or module.startswith(room + ".")]
    return max(rooms, key=len, default=None)


@pytest.mark.parametrize("module", [m for m in MODULES if _room(m)])
def test_a_room_imports_only_what_its_rules_allow(module):
    banned = FORBIDDEN[_room(module)]
    broken = sorted(n for n in imports(module) if n.startswith(banned))
    assert broken == [], f"{module} imports {broken}"


def test_the_walk_sees_every_room():
    assert {_room(m) for m in MODULES} >= set(FORBIDDEN) - {"solver.degree"}
    assert None not in {_room(m) for m in MODULES if m.count(".")}
    assert len([m for m in MODULES if m.startswith("solver.render")]) >= 8


def test_no_import_circle():
    # Tarjan's strongly connected components over every import between the project's modules.
    graph = {m: {n for n in imports(m) if n in MODULES and n != m} for m in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            part = []
            while (top := stack.pop()) != node:
                part.append(top)
            if part:
                circles.append(sorted([node, *part]))

    for module in graph:
        if module not in index:
            visit(module)
    assert circles == []


LIGHT = sorted(m for m in MODULES if not m.startswith(SOLVERS) and not m.endswith("__main__"))


@pytest.mark.parametrize("module", LIGHT)
def test_outside_the_solvers_importing_loads_no_solver(module):
    loaded = loaded_on_import(module)
    assert sorted(n for n in loaded if n.startswith(SOLVING)) == []


def test_in_a_fresh_interpreter_the_light_modules_load_without_ortools():
    # One fresh interpreter imports them in turn and names the first that pulled OR-Tools in.
    code = (
        "import importlib, sys\n"
        f"for name in {LIGHT!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'ortools' in sys.modules:\n"
        "        print(name); break\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == "", f"{run.stdout.strip()} loads OR-Tools"


def test_the_checks_above_can_fail():
    assert "solver.cpsat" in loaded_on_import("solver.core.engine.model")
    assert "solver.core.engine" in FORBIDDEN["solver.core"]  # the core's rule holds the wing out
    code = "import sys, solver.core.engine.model; print('ortools' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout == "True\n"


def test_the_command_line_starts_without_the_network_client():
    # Every command pays for what `solver.cli` imports; only `scrape` needs httpx and FireRoad's
    # lists (~0.2 s of imports), and it loads them when asked.
    code = "import sys, solver.cli; print(sorted({'httpx', 'ftfy', 'tqdm'} & set(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert (run.returncode, run.stdout, run.stderr) == (0, "[]\n", "")


# Every solve pays for what it imports: the degree room (requirement lists, the audit) loads
# when a group draws on a requirement, a joint solve's model when there are friends, plan B,
# what-if, Hydrant links and the JSON view when asked, the list reader's text repair (ftfy,
# ~0.1 s) for a list, pandas never.
UNUSED_BY_A_PLAIN_SOLVE = (
    "solver.degree", "solver.app.degree", "solver.core.joint", "solver.core.plan_b",
    "solver.core.engine.plan_b", "solver.core.engine.what_if", "solver.catalog.hydrant_link",
    "solver.render.plan_b", "solver.render.json_doc", "solver.render.links", "ftfy", "pandas",
)  # fmt: skip


def test_a_plain_solve_loads_only_what_it_uses(tmp_path):
    (tmp_path / "prefs.yaml").write_text("required: [6.1210, 6.1200]\n")
    code = (
        "import sys, solver.cli\n"
        "code = solver.cli.main(['solve', 'prefs.yaml'])\n"
        f"unwanted = {UNUSED_BY_A_PLAIN_SOLVE}\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(unwanted))\n"
        "open('loaded.txt', 'w').write(f'{code} {loaded}')\n"
    )
    env = {**os.environ, "COURSEPICK_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "the 10 best schedules" in run.stdout
    assert (tmp_path / "loaded.txt").read_text() == "0 []"
