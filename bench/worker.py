"""One measurement in a fresh process, printed as one JSON line: the parent reads it.

A fresh process per measurement keeps cases from sharing caches, memory peaks and warm imports.
Run as `python -m bench.worker prepare|solve|joint|brute|load ...` (see `main`).
"""

import gc
import json
import resource
import sys
import time
from pathlib import Path


def _load(catalog_path: Path):
    """`load_catalog` as the CLI calls it: without the cycle collector while the records are
    built (see `solver.cli._open_catalog`)."""
    from solver.catalog.store import load_catalog

    gc.disable()
    try:
        return load_catalog(catalog_path)
    finally:
        gc.enable()


def _request(catalog_path: Path, preferences_path: Path):
    import solver.catalog.store  # noqa: F401  (imported here, outside the timing)
    from solver.core.preferences import load_preferences
    from solver.core.resolve import build_request

    started = time.perf_counter()
    catalog = _load(catalog_path)
    loaded = time.perf_counter()
    prefs, source = load_preferences(preferences_path)
    request = build_request(prefs, source, catalog)
    return catalog, request, loaded - started, time.perf_counter() - loaded


def prepare(work: Path, real: Path | None, scales: list[float], seed: int) -> dict:
    """Write the catalogs into `work` and choose each one's subjects (see `bench.picks`)."""
    from dataclasses import asdict
    from datetime import UTC, datetime

    from bench.picks import choose_subjects
    from bench.synthetic import build_synthetic, measure
    from solver.catalog.store import save_catalog

    built, fidelity = [], {}
    if real is not None:
        from scrape.hydrant import parse_hydrant

        catalog = parse_hydrant(real.read_bytes(), source_url=None, fetched_at=datetime.now(UTC))
        built.append(("s26", work / "s26.json", catalog))
        fidelity["s26 (real)"] = measure(catalog)
    for scale in scales:
        catalog = build_synthetic(scale, seed=seed)
        built.append((f"syn {scale:g}x", work / f"synthetic-{scale:g}x.json", catalog))
        if scale == 1:
            fidelity[f"synthetic 1x (seed {seed})"] = measure(catalog)
    catalogs = []
    for label, path, catalog in built:
        save_catalog(catalog, path)
        picks = asdict(choose_subjects(catalog))
        catalogs.append(
            {"label": label, "path": str(path), "subjects": len(catalog.subjects), "picks": picks}
        )
    return {"catalogs": catalogs, "fidelity": fidelity}


def measure_solve(
    catalog_path: Path, preferences_path: Path, top: int, limit: float | None = None
) -> dict:
    """CP-SAT: time to the first schedule and to the proven top K, from a built request."""
    from solver.core.deadline import Deadline
    from solver.core.engine.ranking import rank_schedules

    _, request, load_s, request_s = _request(catalog_path, preferences_path)
    firsts: list[float] = []
    started = time.perf_counter()
    result = rank_schedules(
        request,
        top=top,
        deadline=Deadline.after(limit),
        on_found=lambda _: firsts.append(time.perf_counter()),
    )
    total = time.perf_counter() - started
    extra = {}
    if result.conflict is not None:  # what the student sees next: the rules to give up
        from solver.core.engine.corrections import with_corrections

        started = time.perf_counter()
        corrected = with_corrections(result, request, top=top, deadline=Deadline.after(limit))
        extra = {
            "corrections_s": time.perf_counter() - started,
            "corrections": [[rule.label for rule in c.drop] for c in corrected.corrections],
        }
    return extra | {
        "load_s": load_s,
        "request_s": request_s,
        "first_s": firsts[0] - started if firsts else None,
        "total_s": total,
        "solves": result.solves,
        "complete": result.complete,
        "points": [r.points for r in result.schedules],
        "conflict": [rule.label for rule in result.conflict or ()],
        "courses": len(request.courses),
        "options": len(request.options),
        "combinations": total_combinations(request),
        "rss_mb": _peak_mb(),
    }


def measure_joint(
    catalog_path: Path, preferences_path: Path, top: int, limit: float | None = None
) -> dict:
    """A joint solve (the file and the friends its `with:` names): the proven top K."""
    from solver.core.deadline import Deadline
    from solver.core.engine.joint_fix import solve_joint
    from solver.core.joint import JointRequest, build_together
    from solver.core.preferences import load_preferences
    from solver.core.resolve import build_request

    started = time.perf_counter()
    catalog = _load(catalog_path)
    loaded = time.perf_counter()
    prefs, source = load_preferences(preferences_path)
    files = [preferences_path, *(preferences_path.parent / name for name in prefs.with_)]
    read = [(prefs, source), *(load_preferences(path) for path in files[1:])]
    requests = [build_request(p, s, catalog) for p, s in read]
    names = [str(path) for path in files]
    wishes, rules = build_together(prefs.together, names, requests, source, catalog)
    joint = JointRequest(tuple(names), tuple(requests), wishes, rules, top, limit)
    built = time.perf_counter()
    result = solve_joint(joint, Deadline.after(limit), top=top)
    total = time.perf_counter() - built
    combinations = 1
    for request in requests:
        combinations *= total_combinations(request)
    return {
        "load_s": loaded - started,
        "request_s": built - loaded,
        "first_s": None,
        "total_s": total,
        "solves": result.solves,
        "complete": result.complete,
        "points": [row.points.total for row in result.rows],
        "conflict": [rule.label for rule in result.conflict or ()],
        "courses": sum(len(r.courses) for r in requests),
        "options": sum(len(r.options) for r in requests),
        "combinations": combinations,
        "rss_mb": _peak_mb(),
    }


def measure_what_if(catalog_path: Path, preferences_path: Path, limit: float | None) -> dict:
    """`--what-if`: every rule dropped in turn, counted up to 100, with its best score."""
    from solver.core.deadline import Deadline
    from solver.core.engine.what_if import what_if

    _, request, _, _ = _request(catalog_path, preferences_path)
    started = time.perf_counter()
    answer = what_if(request, deadline=Deadline.after(limit))
    return {
        "seconds": time.perf_counter() - started,
        "rules": len(answer.without),
        "finished": answer.now.finished and all(found.finished for _, found in answer.without),
        "rss_mb": _peak_mb(),
    }


def measure_brute(catalog_path: Path, preferences_path: Path, top: int, cap: float | None) -> dict:
    """The reference enumerator with a time cap (None: none, it runs to the end), and the
    scores of the first `top` rows it found in the request's view."""
    from solver.core.bruteforce import enumerate_schedules, rows

    _, request, _, _ = _request(catalog_path, preferences_path)
    started = time.perf_counter()
    enumeration = enumerate_schedules(request, time_cap=cap)
    return {
        "seconds": time.perf_counter() - started,
        "combinations": enumeration.combinations,
        "finished": enumeration.finished,
        "points": [points for points, _ in rows(enumeration.ranked, request.by)[:top]],
        "rss_mb": _peak_mb(),
    }


def measure_load(catalog_path: Path, repeats: int) -> dict:
    """`load_catalog` timed `repeats` times in one process (imports excluded)."""
    import solver.catalog.store  # noqa: F401  (imported here, outside the timing)

    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        _load(catalog_path)
        times.append(time.perf_counter() - started)
    return {"times": times, "rss_mb": _peak_mb()}


def measure_search(catalog_path: Path, repeats: int) -> dict:
    """`search_subjects` for words, interleaved: the index built in memory each time, and the
    index kept in a file (built once before timing), as the CLI keeps it."""
    import tempfile

    from solver.catalog.search import search_subjects

    catalog = _load(catalog_path)
    fresh, kept = [], []
    with tempfile.TemporaryDirectory() as folder:
        index = Path(folder) / "index.sqlite"
        search_subjects(catalog, "machine learning", index)
        for _ in range(repeats):
            for times, where in ((fresh, None), (kept, index)):
                started = time.perf_counter()
                search_subjects(catalog, "machine learning", where)
                times.append(time.perf_counter() - started)
    return {"fresh": fresh, "kept": kept}


def total_combinations(request) -> int:
    """How many schedules brute force would examine: every course set the elective groups allow
    (up to the sum of their maxima) times every section choice, without enumerating them."""
    required = tuple(dict.fromkeys(request.required))
    base = 1
    for number in required:
        base *= _product(request.courses[number])
    optional = [_product(c) for n, c in request.courses.items() if n not in required]
    most = min(sum(request.bounds(g)[1] for g in range(len(request.groups))), len(optional))
    # sums[k]: the sum over all k-subsets of optional courses of their section-choice products.
    sums = [1] + [0] * most
    for count in optional:
        for k in range(most, 0, -1):
            sums[k] += sums[k - 1] * count
    return base * sum(sums)


def _product(course) -> int:
    product = 1
    for options in course.options.values():
        product *= len(options)
    return product


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: on Linux a child's ru_maxrss
    starts at its parent's high-water mark (exec keeps it), which would blur the figures."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command, rest = args[0], args[1:]
    if command == "prepare":
        real = Path(rest[1]) if rest[1] != "-" else None
        scales = [float(x) for x in rest[2].split(",") if x]
        result = prepare(Path(rest[0]), real, scales, int(rest[3]))
    elif command == "solve":
        limit = float(rest[3]) if len(rest) > 3 else None
        result = measure_solve(Path(rest[0]), Path(rest[1]), int(rest[2]), limit)
    elif command == "joint":
        limit = float(rest[3]) if len(rest) > 3 else None
        result = measure_joint(Path(rest[0]), Path(rest[1]), int(rest[2]), limit)
    elif command == "what-if":
        limit = float(rest[2]) if len(rest) > 2 else None
        result = measure_what_if(Path(rest[0]), Path(rest[1]), limit)
    elif command == "brute":
        result = measure_brute(Path(rest[0]), Path(rest[1]), int(rest[2]), float(rest[3]))
    elif command == "load":
        result = measure_load(Path(rest[0]), int(rest[1]))
    elif command == "search":
        result = measure_search(Path(rest[0]), int(rest[1]))
    else:
        print(f"unknown command {command!r}: use prepare, solve, joint, what-if, brute, load or"
              " search", file=sys.stderr)  # fmt: skip
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
