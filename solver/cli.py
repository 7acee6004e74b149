"""The `coursepick` command: solve, scrape, show, search, requirements, audit, plan, mcp.

A door: it reads the arguments and the environment into an ask of `solver.app`, prints the
answer, and maps errors to exit codes: 0 schedules found, 1 no schedule fits, 2 bad input or
usage, 3 network failure, 4 the time limit ran out before any schedule, 70 an internal error (a
bug: the traceback goes to a log file the message names), 74 the output could not be written,
130 interrupted. `solve --watch` ends with Ctrl-C and exit code 0; `mcp` ends with 0 when its
client closes the connection.

Imports inside functions are deliberate: each command loads only what it uses (OR-Tools, httpx,
the views), which keeps `coursepick show` and `--help` quick.
"""

import argparse
import contextlib
import io
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from solver.app.desk import Clock, Desk
from solver.app.filters import FILTER_OPTIONS, FilterError
from solver.app.given import PreferencesFile
from solver.app.taken import Taken
from solver.arguments import build_parser
from solver.catalog.store import default_cache_dir
from solver.errors import CoursepickError, InternalError, PreferencesError
from solver.outputs import print_solve, print_together
from solver.terminal import (
    OUTPUT_ERRORS,
    Progress,
    crashed,
    width_of,
)

if TYPE_CHECKING:
    pass

TERMINAL_ROWS = 25  # search rows on a terminal unless --limit says otherwise: a screenful
SAMPLE_NOTICE = (
    "note: using the bundled SAMPLE catalog (invented times, not a real term); "
    "run `coursepick scrape` for MIT's real one"
)


def main(
    argv: list[str] | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    clock: Clock = time.monotonic,
) -> int:
    """Run one command; `clock` is what time limits run on (a test's own, to decide when time
    is up)."""
    parser = build_parser()
    try:
        # argparse prints usage and --help to sys.stdout/stderr; send them where the caller asked.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        chosen = getattr(args, "catalog", None), getattr(args, "catalog_term", None)
        desk = Desk(_cache_dir(), *chosen, clock, lambda: print(SAMPLE_NOTICE, file=err))
        return COMMANDS[args.command](args, desk, out, err)
    except PreferencesError as error:
        print(error, file=err)  # `FILE:LINE: ...` leads the line, so editors can jump to it
        return error.exit_code
    except InternalError as error:  # a bug coursepick caught itself: logged like any other
        return crashed(error, err, _cache_dir())
    except CoursepickError as error:
        print(f"coursepick: {error}", file=err)
        return error.exit_code
    except KeyboardInterrupt:
        print("coursepick: interrupted", file=err)
        return 130
    except BrokenPipeError:  # `coursepick search x | head`: `entry` ends quietly
        raise
    except OSError as error:
        if error.errno not in OUTPUT_ERRORS:  # an OSError the commands did not expect
            return crashed(error, err, _cache_dir())
        print(f"coursepick: cannot write the output: {error.strerror}", file=err)
        return 74
    except Exception as error:  # noqa: BLE001  the door: no traceback on the screen, ever
        return crashed(error, err, _cache_dir())


def _cache_dir() -> Path:
    """`$COURSEPICK_CACHE_DIR`, else the platform's user cache directory for coursepick."""
    override = os.environ.get("COURSEPICK_CACHE_DIR")
    return Path(override) if override else default_cache_dir()


def _solve(args: argparse.Namespace, desk: Desk, out: TextIO, err: TextIO) -> int:
    if args.what_if and args.format == "csv":
        raise CoursepickError("--what-if has no CSV form: leave out --format, or use json")
    if args.watch:
        return _watch(args, desk, out)
    return _solve_file(args, desk, out, err, None if args.wide else width_of(out))


def _solve_file(
    args: argparse.Namespace, desk: Desk, out: TextIO, err: TextIO, width: int | None
) -> int:
    from solver.app.solve import SolveAsk
    from solver.app.together import TogetherAnswer, answer_solving

    friends = tuple(PreferencesFile(path) for path in args.with_)
    ask = SolveAsk(PreferencesFile(args.preferences), args.top, args.by, args.time_limit,
                   args.what_if, plan_b=args.plan_b, hold=args.from_hydrant,
                   with_=friends)  # fmt: skip
    desk.on_sample = lambda: print(SAMPLE_NOTICE, file=err)  # `--watch` passes its own err
    ranking, asking = Progress(err, "ranking"), Progress(err, "what if")
    answer = answer_solving(ask, desk, on_ranked=ranking, on_what_if=asking)
    ranking.done()
    asking.done()
    notes = answer.notes if isinstance(answer, TogetherAnswer) else answer.request.notes
    for note in notes:
        print(f"coursepick: note: {note}", file=err)
    if isinstance(answer, TogetherAnswer):
        print_together(answer, args, out, err, width)
    else:
        print_solve(answer, args, out, err, width)
    if answer.status == "nothing fits":
        return 1
    if answer.status == "out of time":
        print("coursepick: the time limit ran out before any schedule was found", file=err)
        return 4
    return 0


def _watch(args: argparse.Namespace, desk: Desk, out: TextIO) -> int:
    """`solve --watch`: the table drawn again after every save, with the error of a save that
    does not solve above the last good table, until Ctrl-C."""
    from solver.serve.watch import render_frame, watch_saves

    if args.format != "table":
        raise CoursepickError("--watch draws the table: leave out --format")
    if not args.preferences.parent.is_dir():
        raise PreferencesError(f"{args.preferences}: no such folder to watch")
    width = None if args.wide else width_of(out)
    mine = args.preferences.resolve()
    good = ""

    def redraw() -> set[Path]:
        nonlocal good
        shown, notes = io.StringIO(), io.StringIO()
        started, error = time.perf_counter(), None
        try:
            _solve_file(args, desk, shown, notes, width)
            good = notes.getvalue() + shown.getvalue()
        except InternalError:  # a bug stops the watch: logged, exit 70
            raise
        except PreferencesError as problem:
            error = str(problem)
        except CoursepickError as problem:
            error = f"coursepick: {problem}"
        took = time.perf_counter() - started
        out.write(render_frame(good, error, mine.name, took, clear=out.isatty()))
        out.flush()
        return {mine, *desk.catalogs.paths()}

    try:
        watch_saves(redraw, {mine})
    except KeyboardInterrupt:  # Ctrl-C is how a watch ends
        return 0


def _scrape(args: argparse.Namespace, desk: Desk, out: TextIO, err: TextIO) -> int:
    import logging

    from solver.app.scrape import ScrapeAsk, answer_scrape
    from solver.render.scraped import render_scrape

    # The HTTP cache logs its own failures (a full disk) with tracebacks; a cache that cannot
    # store is no error for the scrape, so they are shown only when asked for.
    logging.basicConfig(stream=err, level=logging.INFO if args.verbose else logging.CRITICAL + 1)
    if args.requirements:
        return _scrape_requirements(args, desk, out, err)
    ask = ScrapeAsk(args.source, args.url, args.file, args.term, args.output,
                    args.allow_partial, args.deadline, progress=err.isatty())  # fmt: skip
    done = answer_scrape(ask, desk)
    said, problems = render_scrape(done.catalog, done.path, done.prereqs_read, done.prose)
    out.write(said)
    err.write(problems)
    return 0


def _scrape_requirements(args: argparse.Namespace, desk: Desk, out: TextIO, err: TextIO) -> int:
    from solver.app.scrape import RequirementsScrapeAsk, answer_scrape_requirements

    given = [o for o, v in (("--file", args.file), ("--source", args.source), ("--term", args.term),
                            ("--output", args.output)) if v]  # fmt: skip
    if given:
        raise CoursepickError(f"scrape --requirements reads FireRoad: leave out {given[0]}")
    ask = RequirementsScrapeAsk(args.url, args.deadline, progress=err.isatty())
    done = answer_scrape_requirements(ask, desk)
    print(f"saved {len(done.saved)} requirement lists -> {done.folder}", file=out)
    for problem in done.left_out:
        print(f"  problem: {problem} (the copy saved before is kept)", file=err)
    return 0


def _requirements(args: argparse.Namespace, desk: Desk, out: TextIO, err: TextIO) -> int:
    from solver.app.degree import RequirementsAsk, answer_requirements
    from solver.render.requirements import (
        render_list_index,
        render_list_index_json,
        render_list_json,
        render_list_text,
    )

    found = answer_requirements(RequirementsAsk(args.list_id, args.file), desk)
    if found.shown is None:
        json_ = args.format == "json"
        print(render_list_index_json(found.lists) if json_ else render_list_index(found.lists),
              file=out)  # fmt: skip
        return 0
    shown = found.shown
    text = render_list_json(shown) if args.format == "json" else render_list_text(shown)
    print(text, file=out)
    for warning in shown.warnings:
        print(f"coursepick: warning: {warning}", file=err)
    return 0


def _audit(args: argparse.Namespace, desk: Desk, out: TextIO, err: TextIO) -> int:
    from solver.app.degree import AuditAsk, answer_audit
    from solver.render.audit import render_audit, render_audit_json

    prefs = PreferencesFile(args.preferences) if args.preferences else None
    ask = AuditAsk(prefs, args.programs, args.taken, args.road, time_limit=args.time_limit)
    found = answer_audit(ask, desk)
    for warning in found.warnings:
        print(f"coursepick: warning: {warning}", file=err)
    if args.format == "json":
        print(render_audit_json(found.audit, found.left), file=out)
    else:
        print(render_audit(found.audit, found.left), file=out)
    return 0  # satisfied or not: the audit is the answer


def _plan(args: argparse.Namespace, desk: Desk, out: TextIO, err: TextIO) -> int:
    from solver.app.plan import PlanAsk, answer_plan
    from solver.outputs import print_plan

    found = answer_plan(PlanAsk(PreferencesFile(args.preferences), args.top, args.time_limit), desk)
    for warning in found.warnings:
        print(f"coursepick: warning: {warning}", file=err)
    return print_plan(found, args, out, err, width_of(out))


def _show(args: argparse.Namespace, desk: Desk, out: TextIO, err: TextIO) -> int:
    from solver.app.show import ShowAsk, answer_show
    from solver.render.browse import render_subject, render_subjects_json

    found = answer_show(ShowAsk(args.subjects, Taken.of(args.taken or None, args.prefs)), desk)
    if args.format == "json":
        print(render_subjects_json(found.subjects, found.standings), file=out)
    else:
        texts = [
            render_subject(s, found.catalog, v if found.judged else None)
            for s, v in zip(found.subjects, found.standings, strict=True)
        ]
        print("\n\n".join(texts), file=out)
    for asked, current in found.renamed:
        print(f"coursepick: note: {asked} is now {current}", file=err)
    for message in found.unknown:
        print(f"coursepick: {message}", file=err)
    return 2 if found.unknown else 0


def _search(args: argparse.Namespace, desk: Desk, out: TextIO, err: TextIO) -> int:
    from solver.app.search import SearchAsk, answer_search
    from solver.render.browse import render_search, render_search_json

    given = {o.name: value for o in FILTER_OPTIONS if (value := getattr(args, o.name)) is not None}
    fits = PreferencesFile(args.fits) if args.fits is not None else None
    taken = Taken.of(args.taken or None, args.prefs)
    table = args.format == "table"
    limit = args.limit or (TERMINAL_ROWS if table and out.isatty() else None)
    ask = SearchAsk(args.text, given, taken, fits, args.sort, limit, args.programs)
    try:
        found = answer_search(ask, desk)
    except FilterError as error:
        option = "--" + error.option.replace("_", "-")
        raise CoursepickError(f"search {option}: {error.message}") from None
    rows = found.fits.rows if found.fits else None
    if args.format == "json":
        print(render_search_json(found.matches, rows), file=out)
    else:
        more = found.found - len(found.matches)
        print(render_search(found.matches, args.text, width_of(out), more, rows), file=out)
    if found.fits and found.fits.unjudged:
        left = found.fits.unjudged
        print(f"coursepick: note: the time limit ran out before {len(left)} subjects were judged:"
              f" {', '.join(left[:8])}{' ...' if len(left) > 8 else ''}", file=err)  # fmt: skip
    return 0


def _mcp(args: argparse.Namespace, desk: Desk, out: TextIO, err: TextIO) -> int:
    """`coursepick mcp`: an MCP server on this process's stdin and stdout until the client
    closes them; the catalog is loaded first, so a wrong --catalog fails here, not per call."""
    from solver.serve.mcp import serve

    desk.open()
    desk.on_sample = lambda: None  # said once, at start-up
    serve(desk)
    return 0


COMMANDS = {
    "solve": _solve, "scrape": _scrape, "show": _show, "search": _search, "requirements":
    _requirements, "audit": _audit, "plan": _plan,
    "mcp": _mcp,
}  # fmt: skip


def entry() -> None:
    try:
        code = main()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `coursepick ... | head`: the reader left; that is not an error
        code = 0
    except OSError as error:  # flushing stdout to a full disk
        sys.stderr.write(f"coursepick: cannot write the output: {error.strerror}\n")
        code = 74
    # Everything is written and closed: skip tearing down a big catalog object by object,
    # which takes longer than loading it.
    os._exit(code)
