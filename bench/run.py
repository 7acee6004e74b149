"""Run the benchmark: `python -m bench` from the repository root (no network; see --help).

Builds the real Spring 2026 catalog (from ../shared/data/mit/hydrant/s26.json, skipped with a
message when absent) and synthetic 1x/4x/16x terms in a temporary directory, then runs the cases
from easy to brutal: CP-SAT in a fresh process, the brute-force enumerator with a time cap, and
`coursepick solve FILE --catalog PATH` as a user runs it, cold and (for a few cases) kept warm by
`--watch`, a save's latency beside a cold run. Prints a table; `--markdown FILE` also writes it
for the README. This process stays small on purpose (it never imports the solver): the
processes it starts inherit its memory high-water mark in their ru_maxrss.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

import yaml

if __package__ in (None, ""):  # `python bench/run.py`: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.cases import Case, Picks, ladder, registry_cases, scaling_cases
from bench.report import (
    Row,
    machine,
    render_cases,
    render_conflicts,
    render_fidelity,
    render_loads,
    render_what_ifs,
)
from bench.startup import measure_startup, render_startup
from bench.watch import measure_watch, render_watch

REPO = Path(__file__).resolve().parents[1]
REAL_TERM = REPO.parent / "shared" / "data" / "mit" / "hydrant" / "s26.json"
EXAMPLE = REPO / "preferences.example.yaml"
# The cases run on every synthetic size: the exploration in each view.
STARTUP_RUNS = 15  # at least, each command beside a floor run
WHAT_IF_CASES = ("4 required", "3 req + 2 HASS-H + 1 CI-H")  # --what-if, on the first catalog
WATCH_CASES = WHAT_IF_CASES  # solve --watch against a cold solve, on the first catalog
SCALING_CASES = ("3 req + 2 HASS-H + 1 CI-H", "3 req + 2 HASS-H + 1 CI-H, by subjects")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    option = parser.add_argument
    option(
        "--cap",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="brute-force time cap per case (default 10)",
    )
    option(
        "--limit",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="CP-SAT time limit per case, as `--time-limit` (default 30)",
    )
    option(
        "--runs",
        type=int,
        default=5,
        metavar="N",
        help="`coursepick solve` runs per case, for the median (default 5)",
    )
    option(
        "--cli-budget",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="stop repeating `coursepick solve` once its runs took this long (default 15)",
    )
    option("--top", type=int, default=10, help="schedules to rank (default 10)")
    option("--scales", default="1,4,16", help="synthetic sizes, comma-separated (default 1,4,16)")
    option("--seed", type=int, default=0, help="synthetic catalog seed (default 0)")
    option(
        "--real",
        type=Path,
        default=REAL_TERM,
        metavar="PATH",
        help="the real term's Hydrant JSON (default ../shared/data/mit/hydrant/s26.json)",
    )
    option(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="run only the cases whose catalog or name contains TEXT (repeatable)",
    )
    option("--no-brute", action="store_true", help="skip the brute-force baseline")
    option("--markdown", type=Path, metavar="FILE", help="also write the figures as markdown")
    option(
        "--keep",
        type=Path,
        metavar="DIR",
        help="write the catalogs and preference files here, and keep them",
    )
    return parser  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            return _run(args, args.keep.resolve())
        with tempfile.TemporaryDirectory(prefix="coursepick-bench-") as tmp:
            return _run(args, Path(tmp))
    except RuntimeError as error:  # a worker failed before any case could run
        print(f"bench: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, work: Path) -> int:
    header = machine()
    _progress(f"machine: {header}")
    real = args.real if args.real.exists() else None
    if real is None:
        _progress(f"SKIPPED the real-term cases: {args.real} is absent (it lives in ../shared)")
    _progress("building catalogs and choosing subjects ...")
    prepared = _worker(["prepare", str(work), str(real or "-"), args.scales, str(args.seed)])
    catalogs = {c["label"]: Path(c["path"]) for c in prepared["catalogs"]}
    cases, subjects = [], []
    for entry in prepared["catalogs"]:
        picks = Picks(**{**entry["picks"], "required": tuple(entry["picks"]["required"])})
        subjects.append(
            f"{entry['label']} ({entry['subjects']} subjects): required "
            f"{', '.join(picks.required)} (the first 3 in the HASS-H cases); "
            f"pick 2 of {', '.join(picks.pool)}"
        )
        _progress(subjects[-1])
        # The whole ladder on the real term (else the first synthetic one), the brutal case on all.
        full = entry is prepared["catalogs"][0]
        cases += [c for c in ladder(entry["label"], picks) if full or c.name in SCALING_CASES]
        if entry["label"] == "s26":
            cases += registry_cases(entry["label"], picks)
        else:
            cases += scaling_cases(entry["label"], picks)
    every = list(cases)
    if args.only:
        cases = [c for c in cases if any(t in f"{c.catalog} {c.name}" for t in args.only)]

    _progress("timing imports and catalog loads ...")
    loads = _loads(catalogs, args.runs)
    first = prepared["catalogs"][0]["label"] if prepared["catalogs"] else None
    startups = _run_startup(every, first, catalogs, work, args) if first else []
    rows = []
    for index, case in enumerate(cases, start=1):
        _progress(f"[{index}/{len(cases)}] {case.catalog}: {case.name}")
        rows.append(_run_case(case, catalogs[case.catalog], work, args))
    what_ifs = [
        _run_what_if(case, catalogs[case.catalog], work, args)
        for case in cases
        if case.catalog == first and case.name in WHAT_IF_CASES
    ]
    watches = [
        _run_watch(case.catalog, case.name, case.render(), catalogs[case.catalog], work, args)
        for case in cases
        if case.catalog == first and case.name in WATCH_CASES
    ]
    if "s26" in catalogs:  # the file a newcomer copies names real subjects: the real term only
        example = EXAMPLE.read_text()
        watches.append(_run_watch("s26", EXAMPLE.name, example, catalogs["s26"], work, args))

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    header += f"; at the end {load} (timings are noisy while other work runs)"
    parts = (header, rows, what_ifs, watches, startups, loads, subjects, prepared["fidelity"],
             args)  # fmt: skip
    print(_render(*parts, fmt="simple"))
    if args.markdown:
        args.markdown.write_text(_render(*parts, fmt="github") + "\n")
        _progress(f"markdown written to {args.markdown}")
    failed = [r for r in rows if r.error or _disagrees(r)]
    return 1 if failed else 0


def _disagrees(row: Row) -> bool:
    finished = row.brute is not None and row.brute["finished"]
    return finished and row.solve is not None and row.solve["points"] != row.brute["points"]


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Fresh processes


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # A student's runs read the bytecode their first run cached; without it every timed run
    # would compile coursepick's modules again (about 0.1 s), which the floor's libraries skip.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def _worker(arguments: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.worker", *arguments],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"worker {arguments[0]} failed: {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS in MB, exit code and stderr of one fresh process."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err
        )
        # wait4: this child's own rusage (RUSAGE_CHILDREN would be the maximum over all children).
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return wall, usage.ru_maxrss / 1024, process.returncode, err.read().decode(errors="replace")


def _walls(command: list[str], runs: int) -> list[float]:
    return [_timed(command, _env())[0] for _ in range(runs)]


def _loads(catalogs: dict[str, Path], runs: int) -> list[list[str]]:
    """Catalog load times, and what a fresh process costs before it can solve anything."""
    python, rows = sys.executable, []
    walls = _walls([python, "-c", "pass"], runs)
    rows.append(["python start (no imports)", "-", "-", _ms(median(walls)), str(len(walls))])
    walls = _walls([python, "-c", "import solver.cli, solver.core.engine.ranking"], runs)
    rows.append(["import solver.cli + solver.core.engine.ranking", "-", "-", _ms(median(walls)),
                 str(len(walls))])  # fmt: skip
    for label, path in catalogs.items():
        size = f"{path.stat().st_size / 1e6:.1f} MB"
        repeats = 3 if "16x" in label else 7
        times = _worker(["load", str(path), str(repeats)])["times"]
        rows.append(["load_catalog (in process)", label, size, _ms(median(times)), str(repeats)])
        code = (  # as the CLI loads it: without the cycle collector
            "import gc, pathlib; from solver.catalog.store import load_catalog; gc.disable(); "
            f"load_catalog(pathlib.Path({str(path)!r}))"
        )
        walls = _walls([python, "-c", code], 3 if "16x" in label else runs)
        rows.append(["import + load (fresh process)", label, size, _ms(median(walls)),
                     str(len(walls))])  # fmt: skip
        found = _worker(["search", str(path), str(repeats)])
        for key, how in (("fresh", "index built per search"), ("kept", "index kept in a file")):
            rows.append([f"search 'machine learning' ({how})", label, size,
                         _ms(median(found[key])), str(repeats)])  # fmt: skip
    return rows


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _coursepick() -> list[str]:
    script = shutil.which("coursepick", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "solver"]


def _run_what_if(case: Case, catalog: Path, work: Path, args: argparse.Namespace) -> list[str]:
    """`--what-if` on one case: in process (every rule dropped in turn), and the CLI's wall."""
    preferences = work / "what-if.yaml"
    preferences.write_text(case.render())
    found = _worker(["what-if", str(catalog), str(preferences), str(args.limit)])
    env = _env() | {"COURSEPICK_CACHE_DIR": str(work / "cache")}
    command = [*_coursepick(), "solve", str(preferences), "--catalog", str(catalog),
               "--top", str(args.top), "--time-limit", str(args.limit), "--what-if"]  # fmt: skip
    walls = [_timed(command, env)[0] for _ in range(max(1, min(args.runs, 3)))]
    return [case.catalog, case.name, str(found["rules"]), _ms(found["seconds"]),
            _ms(median(walls)), "yes" if found["finished"] else "NO"]  # fmt: skip


def _run_watch(
    label: str, name: str, text: str, catalog: Path, work: Path, args: argparse.Namespace
) -> tuple:
    """A save's latency in `solve --watch` beside a cold `solve` of the same file, interleaved."""
    preferences = work / "watch.yaml"
    preferences.write_text(text)
    env = _env() | {"COURSEPICK_CACHE_DIR": str(work / "cache")}
    command = [*_coursepick(), "solve", str(preferences), "--catalog", str(catalog),
               "--top", str(args.top), "--time-limit", str(args.limit)]  # fmt: skip
    found = measure_watch(command, preferences, max(1, args.runs), lambda: _timed(command, env)[0],
                          env)  # fmt: skip
    return label, name, found


def _run_case(case: Case, catalog: Path, work: Path, args: argparse.Namespace) -> Row:
    slug = "".join(ch if ch.isalnum() else "-" for ch in f"{case.catalog} {case.name}").lower()
    preferences = work / f"{slug.strip('-')}.yaml"
    preferences.write_text(case.render())
    if case.friends:  # a joint solve: the friends' files beside it, named by its `with:`
        names = [f"{slug.strip('-')}-friend{k}.yaml" for k in range(1, len(case.friends) + 1)]
        for name, friend in zip(names, case.friends, strict=True):
            (work / name).write_text(yaml.safe_dump(friend, sort_keys=False))
        preferences.write_text(case.render() + yaml.safe_dump({"with": names}))
    row = Row(case.catalog, case.name, case.feasible)
    top, limit = str(args.top), str(args.limit)
    try:
        how = "joint" if case.friends else "solve"
        row.solve = _worker([how, str(catalog), str(preferences), top, limit])
        if not args.no_brute and not case.friends:  # a joint brute force: every pair of weeks
            row.brute = _worker(["brute", str(catalog), str(preferences), top, str(args.cap)])
    except RuntimeError as error:
        row.error = str(error)
        return row
    env = _env() | {"COURSEPICK_CACHE_DIR": str(work / "cache")}
    command = [*_coursepick(), "solve", str(preferences), "--catalog", str(catalog),
               "--top", top, "--time-limit", limit]  # fmt: skip
    walls, peaks = [], []
    while len(walls) < max(1, args.runs) and (not walls or sum(walls) < args.cli_budget):
        wall, peak, code, err = _timed(command, env)
        if code != (0 if row.solve["points"] else 1):  # 1: nothing fits, as the worker found
            last = (err.strip().splitlines() or ["no message"])[-1]
            row.error = f"coursepick solve exited {code}: {last}"
            return row
        walls.append(wall)
        peaks.append(peak)
    row.cli_walls, row.cli_peak_mb = walls, max(peaks)
    return row


# Output


# A second-year 6-3 student with a business minor: 20 subjects, GIRs nearly done. The audit
# runs the fewest-left search too (minor6 is not among FireRoad's lists in ../shared).
AUDIT = """\
programs: [girs, major6-3, minor15BA]
sharing: {sharing}
taken: [8.01, 8.02, 18.01, 18.02, 5.111, 7.012, 6.100A, 6.1010, 6.1200, 6.1210, 6.1903,
        6.1910, 18.03, 18.06, 15.0111, 15.401, 21W.031, 24.900, 21H.001, 17.01]
"""


# Multi-term plans over real term files (the spring and fall before for the seasons): a
# first-year 6-3 student over six terms, and a 6-4 student with a business minor over four.
PLANS = {
    "plan girs+6-3, 6 terms": """\
programs: [girs, major6-3]
taken: [18.01, 8.01, 6.100A, 21W.031]
plan: {terms: [2026SP, 2026FA, 2027SP, 2027FA, 2028SP, 2028FA], units: 54}
""",
    "plan 6-4+15BA, 4 terms": """\
programs: [major6-4, minor15BA]
taken: [18.01, 18.02, 8.01, 8.02, 6.100A, 6.1010, 6.1200, 18.06, 6.3700, 6.3900]
plan: {terms: [2026SP, 2026FA, 2027SP, 2027FA], units: 60}
""",
}
PLAN_TERMS = ("f24", "s25")  # besides the real term itself


def _plan_commands(label: str, real: Path, work: Path, on: list[str]) -> dict[str, list[str]]:
    """The plan rows, with the term files they read saved in the bench's cache."""
    from scrape.hydrant import parse_hydrant
    from solver.catalog.store import save_catalog, term_path

    for name in PLAN_TERMS:
        source = real.parent / f"{name}.json"
        if not source.exists():
            _progress(f"SKIPPED the plan rows: {source} is absent")
            return {}
        term = parse_hydrant(source.read_bytes(), source_url=source.name,
                             fetched_at=datetime(2026, 1, 5, tzinfo=UTC))  # fmt: skip
        save_catalog(term, term_path(work / "cache", term.term))
    commands = {}
    for name, text in PLANS.items():
        path = work / f"{name.split(',')[0].replace(' ', '-')}.yaml"
        path.write_text(text)
        commands[f"{label}: {name}"] = [
            *_coursepick(), "plan", str(path), "--top", "1", "--time-limit", "120", *on
        ]  # fmt: skip
    return commands


def _run_startup(
    cases: list[Case], label: str, catalogs: dict[str, Path], work: Path, args: argparse.Namespace
) -> list:
    """Whole commands beside the import-and-read floor (bench.startup), on the first catalog."""
    catalog = catalogs[label]
    four = next(case for case in cases if case.catalog == label and case.name == "4 required")
    preferences = work / "startup.yaml"
    preferences.write_text(four.render())
    on = ["--catalog", str(catalog)]
    commands = {f"{label}: solve, 4 required": [*_coursepick(), "solve", str(preferences), *on]}
    if label == "s26":
        commands[f"{label}: solve {EXAMPLE.name}"] = [*_coursepick(), "solve", str(EXAMPLE), *on]
    commands[f"{label}: search 'machine learning'"] = [
        *_coursepick(),
        "search",
        "machine learning",
        *on,
    ]
    commands[f"{label}: show 6.1210 18.03"] = [*_coursepick(), "show", "6.1210", "18.03", *on]
    if label == "s26":  # what could be added to the example's week, from a whole department
        commands[f"{label}: search --department 6 --fits {EXAMPLE.name}"] = [
            *_coursepick(),
            "search",
            "--department",
            "6",
            "--fits",
            str(EXAMPLE),
            *on,
        ]
    if label == "s26":  # the degree audit of a 20-subject transcript, free and strict
        for sharing in ("free", "strict"):
            audited = work / f"audit-{sharing}.yaml"
            audited.write_text(AUDIT.format(sharing=sharing))
            commands[f"{label}: audit girs+6-3+15BA, {sharing}"] = [
                *_coursepick(), "audit", str(audited), *on
            ]  # fmt: skip
    _progress("timing start-up against the import-and-read floor ...")
    env = _env() | {"COURSEPICK_CACHE_DIR": str(work / "cache")}
    # The floor's own CPU varies by a fifth run to run (numpy's threads, its exit): a start-up's
    # ratio takes many runs to settle. A plan's minute takes three.
    rows = measure_startup(commands, catalog, env, REPO, max(args.runs, STARTUP_RUNS))
    if label == "s26":
        plans = _plan_commands(label, args.real, work, on)
        rows += measure_startup(plans, catalog, env, REPO, max(1, min(args.runs, 3)))
    return rows


def _render(
    header, rows, what_ifs, watches, startups, loads, subjects, fidelity, args, *, fmt: str
) -> str:
    title = "### Benchmark" if fmt == "github" else "coursepick benchmark"
    parts = [title, "", f"Machine: {header}", ""]
    parts.append(render_cases(rows, cap=args.cap, top=args.top, fmt=fmt))
    parts += ["", " ".join([
        "'first' and 'top K' time CP-SAT in a fresh process from a built request (model building",
        "included, catalog loading not); for an infeasible case, 'top K' is the time to the",
        "explanation, whose extra solves 'solves' does not count. 'CLI wall' is `coursepick solve",
        f"FILE --catalog PATH --top {args.top}` end to end, the median of {args.runs} runs (fewer",
        "where --cli-budget ran out). 'peak MB' is the larger of that process's ru_maxrss and the",
        "measuring process's VmHWM. Brute force is solver.core.bruteforce.enumerate_schedules",
        "(every course set and section combination, filter, score, sort) capped at",
        f"{args.cap:g} s: where it finishes, its top-K scores are compared with ours ('check');",
        "where it does not, its rate over the whole space (counted, not enumerated) gives the",
        "estimate after '~'.",
    ])]  # fmt: skip
    short = [r for r in rows if r.cli_walls and len(r.cli_walls) < args.runs]
    if short:
        parts += ["", "Fewer CLI runs (--cli-budget): " + "; ".join(
            f"{r.catalog} {r.case}: {len(r.cli_walls)}" for r in short)]  # fmt: skip
    parts += ["", "Subjects:", *(f"- {line}" for line in subjects)]
    errors = [f"- {r.catalog} / {r.case}: {r.error}" for r in rows if r.error]
    if errors:
        parts += ["", "ERRORS:", *errors]
    conflicts = render_conflicts(rows)
    if conflicts:
        parts += ["", "Explanations of the infeasible cases:", *(f"- {c}" for c in conflicts)]
    if what_ifs:
        parts += ["", render_what_ifs(what_ifs, fmt)]
    if watches:
        parts += ["", render_watch(watches, fmt), "", " ".join([
            "A save is a file renamed over the preferences file, as editors save; its latency",
            "runs from the rename to the last line of the redrawn table on the watcher's pipe.",
            "Each save is followed by a cold run of the same file, in turn.",
        ])]  # fmt: skip
    if startups:
        parts += ["", render_startup(startups, fmt), "", " ".join([
            "The floor imports OR-Tools' cp_model, pydantic and PyYAML as any Python CP-SAT tool",
            "would, and reads the term's catalog JSON; each command runs beside it, in turn, in",
            "fresh processes, and 'CPU / floor' is the median of the runs' ratios.",
        ])]  # fmt: skip
    parts += ["", render_loads(loads, fmt)]
    if fidelity:
        parts += ["", "Synthetic term against the real one:", "", render_fidelity(fidelity, fmt)]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
