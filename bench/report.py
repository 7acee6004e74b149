"""The benchmark's figures as text: the machine, the case table, load times, synthetic fidelity.

Pure rendering: every function returns a string; `bench.run` prints and writes them.
"""

import os
import platform
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from statistics import median

from tabulate import tabulate


@dataclass
class Row:
    """One case's measurements (None where a measurement was skipped or failed)."""

    catalog: str
    case: str
    feasible: bool
    solve: dict | None = None  # bench.worker.measure_solve
    brute: dict | None = None  # bench.worker.measure_brute
    cli_walls: list[float] | None = None
    cli_peak_mb: float | None = None
    error: str = ""


def machine() -> str:
    """nproc, CPU, Python, OR-Tools, date and load: what a reader needs to compare figures."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {usable} cores (nproc), {cpu}; "
        f"Python {platform.python_version()}, OR-Tools {version('ortools')}, "
        f"pydantic {version('pydantic')}; load average {load}"
    )


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _count(value: float) -> str:
    """1234 -> 1.2k, 5.6e9 -> 5.6e9: compact counts for a narrow table."""
    if value < 1e4:
        return f"{value:,.0f}"
    if value < 1e6:
        return f"{value / 1e3:.0f}k"
    return f"{value:.1e}".replace("e+0", "e").replace("e+", "e")


def _ratio(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.2g}"


def _duration(seconds: float) -> str:
    for unit, size in (("years", 365 * 86400), ("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.3g} s"


def agreement(row: Row) -> str:
    """'agree' when brute force finished with the same top-K scores, 'DISAGREE' when not."""
    if not row.solve or not row.brute or not row.brute["finished"]:
        return "-"
    return "agree" if row.solve["points"] == row.brute["points"] else "DISAGREE"


def _brute(row: Row, cap: float) -> tuple[str, str]:
    """The brute-force column and the brute/ours ratio column."""
    if not row.brute or not row.solve:
        return "-", "-"
    ours = row.solve["total_s"]
    brute = row.brute
    if brute["finished"]:
        return (
            f"{_seconds(brute['seconds'])} ({_count(brute['combinations'])} comb.)",
            f"{_ratio(brute['seconds'] / ours)}x",
        )
    rate = brute["combinations"] / brute["seconds"]
    total = row.solve["combinations"]
    estimate = total / rate if rate else float("inf")
    return (
        f"> {cap:g} s ({_count(rate)} comb./s of {_count(total)}: ~{_duration(estimate)})",
        f"> {_ratio(cap / ours)}x (~{_count(estimate / ours)}x)",
    )


def render_cases(rows: list[Row], *, cap: float, top: int, fmt: str) -> str:
    headers = [
        "catalog",
        "case",
        "courses / options",
        "first",
        f"top {top} (or why not)",
        "solves",
        "CLI wall (median)",
        "peak MB",
        "brute force",
        "check",
        "brute / ours",
    ]
    table = []
    for row in rows:
        if row.error:
            table.append([row.catalog, row.case, "ERROR (see below)"] + ["-"] * 8)
            continue
        solve = row.solve or {}
        brute, ratio = _brute(row, cap)
        finished = _seconds(solve.get("total_s"))
        if not row.feasible:
            finished += " (explained)" if solve.get("conflict") else " (NOT infeasible?)"
            if "corrections_s" in solve:
                count = len(solve["corrections"])
                sets = "correction set" + ("" if count == 1 else "s")
                finished += f" + {_seconds(solve['corrections_s'])} ({count} {sets})"
        elif solve.get("conflict"):
            finished += " (nothing fits!)"
        elif not solve.get("complete"):
            finished += f" (limit hit: {len(solve.get('points', []))} found)"
        elif len(solve.get("points", [])) < top:
            finished += f" (only {len(solve.get('points', []))} exist)"
        peaks = [p for p in (row.cli_peak_mb, solve.get("rss_mb")) if p]
        table.append(
            [
                row.catalog,
                row.case,
                f"{solve.get('courses', '-')} / {solve.get('options', '-')}",
                _seconds(solve.get("first_s")),
                finished,
                solve.get("solves", "-"),
                _seconds(median(row.cli_walls)) if row.cli_walls else "-",
                f"{max(peaks):.0f}" if peaks else "-",
                brute,
                agreement(row),
                ratio,
            ]
        )
    return tabulate(table, headers, tablefmt=fmt, disable_numparse=True)


def render_what_ifs(rows: list[list[str]], fmt: str) -> str:
    """`--what-if`: every rule dropped in turn, schedules counted up to 100, best scores."""
    headers = ["what-if", "case", "rules", "in process", "CLI wall (median)", "finished"]
    return tabulate(rows, headers, tablefmt=fmt, disable_numparse=True)


def render_loads(loads: list[list[str]], fmt: str) -> str:
    headers = ["what", "catalog", "file", "median", "runs"]
    return tabulate(loads, headers, tablefmt=fmt, disable_numparse=True)


def render_fidelity(counts: dict[str, dict[str, int]], fmt: str) -> str:
    """Side by side: the counts `bench.synthetic.measure` takes of each catalog."""
    labels = list(counts)
    names = list(next(iter(counts.values())))
    table = [[name, *(counts[label][name] for label in labels)] for name in names]
    return tabulate(table, ["count", *labels], tablefmt=fmt, disable_numparse=True)


def render_conflicts(rows: list[Row]) -> list[str]:
    """One line per infeasible case: the rules that cannot all hold."""
    return [
        f"{row.catalog} / {row.case}: "
        + " + ".join(row.solve["conflict"])
        + "".join(f"; give up {' + '.join(drop)}" for drop in row.solve.get("corrections", []))
        for row in rows
        if row.solve and row.solve.get("conflict")
    ]
