"""The floor plan holds: which room may import which, and the views never load OR-Tools.

Rooms: `solver.catalog` (schema and store), `solver.core` (the functional core), `solver.render`
(views), `solver.cli` (the door), `solver.serve` (the doors that stay open, which the command
line opens: the MCP server and the watcher), and `scrape`. Checked on the source (every import
statement, function-local ones included) and, for OR-Tools, in a fresh interpreter.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = {
    ".".join(path.relative_to(ROOT).with_suffix("").parts): path
    for package in ("solver", "scrape")
    for path in sorted((ROOT / package).rglob("*.py"))
}

# The libraries of the open doors: the rooms inside never talk MCP or watch files.
DOORS = ("mcp", "watchfiles")
# room -> the rooms (module prefixes) it must never import
FORBIDDEN = {
    "solver.catalog": ("solver.core", "solver.render", "solver.cli", "solver.serve", "scrape",
                       "ortools", *DOORS),
    "solver.core": ("solver.render", "solver.cli", "solver.serve", "scrape", *DOORS),
    "solver.render": ("solver.cli", "solver.serve", "scrape", "ortools", *DOORS),
    "solver.serve": ("solver.cli", "scrape"),
    "solver.errors": ("solver.", "scrape", "ortools", *DOORS),
    "scrape": ("solver.core", "solver.render", "solver.cli", "solver.serve", "ortools", *DOORS),
    # The degree room solves with solver.cpsat only, never with the weekly engine.
    "solver.degree": ("solver.core.engine", "solver.core.model", "solver.core.ranking",
                      "solver.core.request", "solver.core.solve", "solver.render", "solver.cli",
                      "solver.serve", "scrape", "ortools", *DOORS),
}  # fmt: skip


def imports(path: Path) -> set[str]:
    """Every module an import statement in `path` names, wherever in the file it stands."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _room(module: str) -> str | None:
    return next((room for room in FORBIDDEN if module.startswith(room)), None)


@pytest.mark.parametrize("module", [m for m in MODULES if _room(m)])
def test_a_room_imports_only_what_its_rules_allow(module):
    banned = FORBIDDEN[_room(module)]
    broken = sorted(n for n in imports(MODULES[module]) if n.startswith(banned))
    assert broken == [], f"{module} imports {broken}"


def test_only_the_cli_imports_scrape():
    importers = sorted(
        m for m, path in MODULES.items()
        if m.startswith("solver") and any(n.startswith("scrape") for n in imports(path))
    )  # fmt: skip
    assert importers == ["solver.cli"]


def test_the_walk_sees_every_room():
    assert {_room(m) for m in MODULES} >= set(FORBIDDEN)
    assert len([m for m in MODULES if m.startswith("solver.render")]) >= 8


# The MCP server answers search and show without OR-Tools; it loads it for solve and what-if.
LIGHT = [
    m for m in MODULES if m.startswith(("solver.catalog", "solver.render", "solver.serve"))
] + [
    "solver.core.lookup",
    "solver.core.solve",
    "solver.core.results",
    "solver.core.rules",
    "solver.core.wishes",
    "solver.core.score",
    "solver.core.request",
    "solver.core.validate",
    "solver.cli",
    # Reading lists, facts and free audits needs no solver; strict sharing and what is left do.
    "solver.degree.reql",
    "solver.degree.lists",
    "solver.degree.facts",
    "solver.degree.contract",
    "solver.degree.audit",
    "solver.degree.road",
]


def test_views_and_the_catalog_load_without_ortools():
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


def test_the_check_above_can_fail():
    code = "import sys, solver.core.model; print('ortools' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout == "True\n"
