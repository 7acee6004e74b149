"""The `coursepick` command: solve, scrape, show, search, mcp.

The only module that prints, reads the environment, imports `scrape`, and maps errors to exit
codes: 0 schedules found, 1 no schedule fits, 2 bad input or usage, 3 network failure, 4 the time
limit ran out before any schedule, 70 an internal error (a bug: the traceback goes to a log file
the message names), 74 the output could not be written, 130 interrupted. `solve --watch` ends
with Ctrl-C and exit code 0; `mcp` ends with 0 when its client closes the connection.

Imports inside functions are deliberate: each command loads only what it uses (OR-Tools, httpx,
BeautifulSoup), which keeps `coursepick show` and `--help` quick.
"""

import argparse
import contextlib
import errno
import io
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from scrape.sources import DEADLINE as SCRAPE_DEADLINE
from scrape.sources import DEFAULT, SOURCES, Fetching, read_file, scrape
from solver.catalog.schema import Catalog
from solver.catalog.store import check_term, default_cache_dir, save_catalog, term_path
from solver.catalog.warm import WarmCatalogs
from solver.core.lookup import FILTERS, SORTS, parse_units
from solver.errors import CatalogError, CoursepickError, InternalError, PreferencesError

if TYPE_CHECKING:
    from solver.core.eligibility import Record
    from solver.core.request import Request
    from solver.core.results import Result

SAMPLE_NOTICE = (
    "note: using the bundled SAMPLE catalog (invented times, not a real term); "
    "run `coursepick scrape` for MIT's real one"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coursepick", description="Find your best weekly class schedule."
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    solve = commands.add_parser("solve", help="rank the best schedules for a preferences file")
    solve.add_argument("preferences", type=Path, help="your preferences YAML file")
    _catalog_options(solve)
    solve.add_argument("--top", type=_count(1), help="how many schedules to rank (default 10)")
    solve.add_argument(
        "--show", type=_count(0), default=0, metavar="N", help="draw the weeks of the top N"
    )
    solve.add_argument("--by", choices=["subjects", "sections"],
                       help="a row per set of subjects (default when the file has elective "
                            "groups) or per schedule (`by:` in the file)")  # fmt: skip
    solve.add_argument("--format", choices=["table", "json", "csv"], default="table")
    solve.add_argument("--wide", action="store_true",
                       help="full titles, however wide the table gets")  # fmt: skip
    solve.add_argument("--html", type=Path, metavar="FILE", help="save a visual report")
    solve.add_argument("--ics", type=Path, metavar="FILE", help="save a schedule as a calendar")
    solve.add_argument("--rank", type=int, default=1, metavar="N",
                       help="which schedule --ics saves (default 1, the best)")  # fmt: skip
    solve.add_argument("--time-limit", type=_seconds, metavar="SECONDS",
                       help="bound the whole search")  # fmt: skip
    solve.add_argument("--what-if", action="store_true",
                       help="for each hard rule, what dropping it would give")  # fmt: skip
    solve.add_argument("--watch", action="store_true",
                       help="solve again whenever the file (or the catalog) is saved, until"
                            " Ctrl-C")  # fmt: skip

    scrape = commands.add_parser("scrape", help="download a term's catalog from MIT")
    sources = " or ".join(f"{s.summary} ({name})" for name, s in SOURCES.items())
    scrape.add_argument("--source", choices=list(SOURCES), help=f"{sources}; default {DEFAULT}")
    where = scrape.add_mutually_exclusive_group()
    urls = ", ".join(f"{s.default_url} for {name}" for name, s in SOURCES.items())
    where.add_argument("--url", help=f"where to fetch from (default {urls})")
    files = " or ".join(s.file_kind for s in SOURCES.values() if s.read_file)
    where.add_argument("--file", type=Path, help=f"{files}, on disk (offline)")
    scrape.add_argument("--term", help="expected term, e.g. 2026SP (checked against the data)")
    scrape.add_argument("--output", type=Path, help="where to save (default: the cache directory)")
    scrape.add_argument("--allow-partial", action="store_true",
                        help="save what was read even if some pages failed")  # fmt: skip
    scrape.add_argument("--deadline", type=_seconds, default=SCRAPE_DEADLINE, metavar="SECONDS",
                        help="give up a scrape that takes longer (default 1800; one response"
                             " gets at most 120 s of it)")  # fmt: skip
    scrape.add_argument("--verbose", action="store_true",
                        help="log what the HTTP cache does (quiet otherwise)")  # fmt: skip

    show = commands.add_parser("show", help="print subjects with their sections and times")
    show.add_argument("subjects", nargs="+", metavar="SUBJECT")
    show.add_argument("--format", choices=["table", "json"], default="table")
    _taken_options(show)
    _catalog_options(show)

    search = commands.add_parser(
        "search", help="find subjects by number or words (title, instructors, description)"
    )
    search.add_argument("text", nargs="?", default="",
                        help='words, "a phrase" or a subject number; none lists all')  # fmt: skip
    search.add_argument("--format", choices=["table", "json"], default="table")
    search.add_argument("--sort", choices=SORTS, default="relevance",
                        help="rating: best first; hours: least work first")  # fmt: skip
    keep = search.add_argument_group("filters, as in an elective group's `from:`")
    keep.add_argument("--department", help="the part before the dot: 21W, 6")
    keep.add_argument("--prefix", help="the number starts with it: 6.1, 21M.0")
    keep.add_argument("--level", help="U or G")
    keep.add_argument("--hass", help="H, A, S, E or any")
    keep.add_argument("--ci", help="CI-H, CI-HW or any")
    keep.add_argument("--gir", help="CAL1, PHY2, REST, LAB, ...")
    keep.add_argument("--units", type=_units, help="12, or a range: 6-9, 9-")
    keep.add_argument("--min-rating", help="evaluations, out of 7")
    keep.add_argument("--max-hours", help="hours a week, in class and out")
    keep.add_argument("--no-final", action="store_true", default=None)
    keep.add_argument("--half", help="first, second or full")
    keep.add_argument("--can-take", dest="prereqs", nargs="?", const="met",
                      choices=["met", "permission"],
                      help="prerequisites met by --taken/--prefs (permission: also those"
                           " needing consent)")  # fmt: skip
    keep.add_argument("--fits", type=Path, metavar="FILE",
                      help="only subjects with sections that fit beside the best schedule of"
                           " this preferences file")  # fmt: skip
    _taken_options(search)
    _catalog_options(search)

    mcp = commands.add_parser(
        "mcp", help="answer a chat assistant: search, show, solve and what-if as MCP tools (stdio)"
    )
    _catalog_options(mcp)
    return parser


def _taken_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--taken", metavar="SUBJECTS", default="",
                        help='taken already, for prerequisites: "6.100A 6.1200 CAL1"')  # fmt: skip
    parser.add_argument("--prefs", type=Path, metavar="FILE",
                        help="read `taken:` from this preferences file")  # fmt: skip


def _units(text: str) -> dict[str, float | None]:
    try:
        return parse_units(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class _Version(argparse.Action):
    """`--version`, reading the installed version only when asked (it costs a metadata scan)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import version

        print(f"coursepick {version('coursepick')}")
        parser.exit()


def _count(least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}, not {value}")
        return value

    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not value > 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return value


def _catalog_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", type=Path, metavar="PATH", help="catalog file to use")
    parser.add_argument("--term", dest="catalog_term", metavar="TERM",
                        help="use the saved catalog of this term, e.g. 2026SP")  # fmt: skip


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    parser = build_parser()
    try:
        # argparse prints usage and --help to sys.stdout/stderr; send them where the caller asked.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return COMMANDS[args.command](args, out, err)
    except PreferencesError as error:
        print(error, file=err)  # `FILE:LINE: ...` leads the line, so editors can jump to it
        return error.exit_code
    except InternalError as error:  # a bug coursepick caught itself: logged like any other
        return _crashed(error, err)
    except CoursepickError as error:
        print(f"coursepick: {error}", file=err)
        return error.exit_code
    except KeyboardInterrupt:
        print("coursepick: interrupted", file=err)
        return 130
    except BrokenPipeError:  # `coursepick search x | head`: `entry` ends quietly
        raise
    except OSError as error:
        if error.errno not in _OUTPUT_ERRORS:  # an OSError the commands did not expect
            return _crashed(error, err)
        print(f"coursepick: cannot write the output: {error.strerror}", file=err)
        return 74
    except Exception as error:  # noqa: BLE001  the door: no traceback on the screen, ever
        return _crashed(error, err)


# A full disk or a quota while printing: the output's fault, not coursepick's.
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def _crashed(error: BaseException, err: TextIO) -> int:
    """A bug: one line naming a log file that holds the traceback, and exit code 70."""
    import tempfile
    import traceback

    text = "".join(traceback.format_exception(error))
    try:
        folder = _cache_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    log = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    try:
        log.write_text(text, encoding="utf-8")
        where = f"the details are in {log}"
    except OSError:
        where = "and the details could not be saved"
    what = str(error) if isinstance(error, InternalError) else (
        f"internal error ({type(error).__name__}: {error})"
    )  # fmt: skip
    print(f"coursepick: {what}; {where}; please report it", file=err)
    return 70


def _cache_dir() -> Path:
    """`$COURSEPICK_CACHE_DIR`, else the platform's user cache directory for coursepick."""
    override = os.environ.get("COURSEPICK_CACHE_DIR")
    return Path(override) if override else default_cache_dir()


def _open_catalog(
    path: Path | None, term: str | None, err: TextIO, catalogs: WarmCatalogs | None = None
) -> Catalog:
    opened = (catalogs or WarmCatalogs(_cache_dir())).open(path, term)
    if opened.is_sample:
        print(SAMPLE_NOTICE, file=err)
    return opened.catalog


def _solve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalogs = WarmCatalogs(_cache_dir())
    if args.watch:
        return _watch(args, catalogs, out)
    return _solve_file(args, catalogs, out, err, None if args.wide else _width(out))


def _solve_file(
    args: argparse.Namespace, catalogs: WarmCatalogs, out: TextIO, err: TextIO, width: int | None
) -> int:
    from solver.core.deadline import Deadline
    from solver.core.engine.solve import solve, wanted_catalog
    from solver.core.preferences import load_preferences
    from solver.core.resolve import build_request
    from solver.render.text import (
        describe_conflict,
        render_breakdown,
        render_corrections,
        render_grid,
        render_table,
    )

    if args.what_if and args.format == "csv":
        raise CoursepickError("--what-if has no CSV form: leave out --format, or use json")
    prefs, source = load_preferences(args.preferences)
    wanted = wanted_catalog(prefs, args.preferences.parent, args.catalog, args.catalog_term)
    catalog = _open_catalog(*wanted, err, catalogs)
    request = build_request(prefs, source, catalog)
    for note in request.notes:
        print(f"coursepick: note: {note}", file=err)
    limit = Deadline.after(args.time_limit or request.time_limit)  # bounds the whole run
    progress = _Progress(err, args.top or request.top, "ranking")
    result = solve(request, limit, top=args.top, by=args.by, on_found=progress)
    progress.done()
    answer = None
    if args.what_if:
        from solver.core.engine.what_if import what_if

        steps = _Progress(err, len(request.rules), "what if")
        answer = what_if(request, deadline=limit, on_done=lambda done, _: steps(done))
        steps.done()
    if args.format == "json":
        from solver.render.json_doc import render_json

        print(render_json(result, request, catalog, answer), file=out)
    elif args.format == "csv":
        from solver.render.csv_rows import render_csv

        out.write(render_csv(result, request))
    else:
        shown = result.instead if result.instead and result.instead.schedules else result
        if result.corrections:
            print(render_corrections(result), file=out)
        if shown.schedules:
            print(f"{catalog.term} ({catalog.source}): {_heading(shown)}", file=out)
            print(render_table(shown, request, width), file=out)
            print(render_breakdown(shown, request), file=out)
            for ranked in shown.schedules[: args.show]:
                print(f"\n{render_grid(ranked, request)}", file=out)
    if args.html:
        from solver.render.html_page import render_html

        _save(args.html, render_html(result, request, catalog).encode(), "report", err)
    if args.ics and result.schedules:
        _save_calendar(args.ics, args.rank, result, request, catalog, err)
    if result.conflict is not None:
        print(f"coursepick: {describe_conflict(result.conflict)}", file=err)
    if answer is not None and args.format == "table":
        from solver.render.text import render_what_if

        print(render_what_if(answer, result.corrections), file=out)
    if result.conflict is not None:
        return 1
    if not result.schedules:
        print("coursepick: the time limit ran out before any schedule was found", file=err)
        return 4
    return 0


def _heading(result: "Result") -> str:
    from solver.render.text import give_up

    count = len(result.schedules)
    what = f"the {count} best schedules" if count > 1 else "the best schedule"
    if result.by == "subjects":
        what = f"the {count} best choices of subjects" if count > 1 else "the best choice"
        what += ", each in its best arrangement" if count > 1 else " of subjects"
    return f"{what}, if you {give_up(result.dropped)}" if result.dropped else what


def _width(out: TextIO) -> int:
    """The terminal's width when printing to one, else 80 columns."""
    if out.isatty():
        return shutil.get_terminal_size().columns
    return 80


def _save_calendar(
    path: Path, rank: int, result: "Result", request: "Request", catalog: Catalog, err: TextIO
) -> None:
    from solver.render.ics import render_ics

    if not 1 <= rank <= len(result.schedules):
        raise CoursepickError(
            f"--rank {rank}: there are {len(result.schedules)} ranked schedules; pick 1 to "
            f"{len(result.schedules)}"
        )
    _save(
        path,
        render_ics(result.schedules[rank - 1], request, catalog),
        f"#{rank} as a calendar",
        err,
    )


def _save(path: Path, data: bytes, what: str, err: TextIO) -> None:
    from solver.catalog.files import write_atomic_bytes

    try:
        write_atomic_bytes(path, data)
    except OSError as error:
        raise CoursepickError(f"{path}: cannot write the {what}: {error.strerror}") from None
    print(f"saved {what} -> {path}", file=err)


class _Progress:
    """A progress bar on a terminal's stderr (tqdm), shown once a step has taken a second."""

    def __init__(self, err: TextIO, total: int, what: str) -> None:
        self.bar = None
        if err.isatty():  # tqdm is imported only where it can be seen
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=what, file=err, delay=1, leave=False)

    def __call__(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(done - self.bar.n)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _scrape(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from solver.catalog.prereqs import count_prereqs

    term = check_term(args.term) if args.term else None
    if args.file:
        url = str(args.file)
        catalog = read_file(args.source, args.file, term=term)
    else:
        source = args.source or DEFAULT
        url = args.url or SOURCES[source].default_url
        _check_url(url)
        how = Fetching(term, args.allow_partial, err.isatty(), args.deadline)
        catalog = _download(source, url, how, args.verbose, err)
    if not catalog.subjects:
        raise CatalogError(f"{url}: no subjects found; nothing saved (is this the right URL?)")
    path = args.output or term_path(_cache_dir(), catalog.term)
    save_catalog(catalog, path)
    problems = len(catalog.problems)
    sections = sum(len(s.sections) for s in catalog.subjects)
    meetings = sum(len(x.meetings) for s in catalog.subjects for x in s.sections)
    print(
        f"saved {catalog.term} from {catalog.source}: {len(catalog.subjects)} subjects, "
        f"{sections} sections, {meetings} meetings, "
        f"{problems} problem{'' if problems == 1 else 's'} -> {path}",
        file=out,
    )
    for problem in catalog.problems:
        subject = f"{problem.subject}: " if problem.subject else ""
        text = "" if problem.text in problem.reason else f": {problem.text!r}"
        print(f"  problem: {subject}{problem.reason}{text}", file=err)
    read, prose = count_prereqs(catalog.subjects)
    print(
        f"  prerequisites: {read} of {read + len(prose)} read"
        + (f"; {len(prose)} in prose, judged by a person: {', '.join(prose[:5])}" if prose else "")
        + (" ..." if len(prose) > 5 else ""),
        file=out,
    )
    return 0


def _check_url(url: str) -> None:
    """A usage error, not a network one, for an address that is no web page's."""
    try:
        parts = urlsplit(url)
        fine = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number, an unclosed [ ...
        fine = False
    if not fine:
        raise CoursepickError(f"--url {url!r}: give an http:// or https:// address")


def _download(source: str, url: str, how: Fetching, verbose: bool, err: TextIO) -> Catalog:
    import logging

    from scrape.fetch import DEADLINE as RESPONSE_DEADLINE
    from scrape.fetch import build_client

    # The HTTP cache logs its own failures (a full disk) with tracebacks; a cache that cannot
    # store is no error for the scrape, so they are shown only when asked for.
    logging.basicConfig(stream=err, level=logging.INFO if verbose else logging.CRITICAL + 1)

    per_response = min(RESPONSE_DEADLINE, how.deadline)
    with build_client(cache_dir=_cache_dir() / "http", deadline=per_response) as client:
        return scrape(source, url, client=client, how=how)


def _record(args: argparse.Namespace, catalog: Catalog) -> "Record | None":
    """What the student has taken, from --taken and --prefs; None when neither is given."""
    from solver.core.eligibility import record_of
    from solver.core.lookup import parse_taken
    from solver.core.preferences import load_preferences

    taken = parse_taken(args.taken)
    if args.prefs is not None:
        taken += load_preferences(args.prefs)[0].taken
    return record_of(catalog, taken) if taken or args.prefs else None


def _show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from solver.core.lookup import look_up
    from solver.render.browse import render_subject, render_subjects_json

    catalog = _open_catalog(args.catalog, args.catalog_term, err)
    record = _record(args, catalog)
    found = look_up(catalog, args.subjects, record)
    if args.format == "json":
        print(render_subjects_json(found.subjects, found.standings), file=out)
    else:
        texts = [
            render_subject(s, catalog, v if record else None)
            for s, v in zip(found.subjects, found.standings, strict=True)
        ]
        print("\n\n".join(texts), file=out)
    for asked, current in found.renamed:
        print(f"coursepick: note: {asked} is now {current}", file=err)
    for message in found.unknown:
        print(f"coursepick: {message}", file=err)
    return 2 if found.unknown else 0


def _search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from solver.core.lookup import build_filter, find_subjects, fitting_beside
    from solver.core.preferences import load_preferences
    from solver.render.browse import render_search, render_search_json

    given = {name: value for name in FILTERS if (value := getattr(args, name)) is not None}
    spec = build_filter(given, lambda field: "--" + field.replace("_", "-"))
    catalog = _open_catalog(args.catalog, args.catalog_term, err)
    beside = None
    if args.fits is not None:
        beside = fitting_beside(*load_preferences(args.fits), catalog)
        if beside is None:
            raise CoursepickError(
                f"{args.fits}: no schedule fits these preferences, so --fits has none"
            )
    matches = find_subjects(
        catalog,
        args.text,
        index=_cache_dir() / "search" / f"{catalog.term}.sqlite",
        spec=spec if given else None,
        record=_record(args, catalog) if given else None,
        beside=beside,
        sort=args.sort,
    )
    if args.format == "json":
        print(render_search_json(matches), file=out)
    else:
        print(render_search(matches, args.text), file=out)
    return 0


def _watch(args: argparse.Namespace, catalogs: WarmCatalogs, out: TextIO) -> int:
    """`solve --watch`: the table drawn again after every save, with the error of a save that
    does not solve above the last good table, until Ctrl-C."""
    from solver.serve.watch import render_frame, watch_saves

    if args.format != "table":
        raise CoursepickError("--watch draws the table: leave out --format")
    if not args.preferences.parent.is_dir():
        raise PreferencesError(f"{args.preferences}: no such folder to watch")
    width = None if args.wide else _width(out)
    mine = args.preferences.resolve()
    good = ""

    def redraw() -> set[Path]:
        nonlocal good
        shown, notes = io.StringIO(), io.StringIO()
        started, error = time.perf_counter(), None
        try:
            _solve_file(args, catalogs, shown, notes, width)
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
        return {mine, *catalogs.paths()}

    try:
        watch_saves(redraw, {mine})
    except KeyboardInterrupt:  # Ctrl-C is how a watch ends
        return 0


def _mcp(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`coursepick mcp`: an MCP server on this process's stdin and stdout until the client
    closes them; the catalog is loaded first, so a wrong --catalog fails here, not per call."""
    from solver.serve.mcp import serve

    catalogs = WarmCatalogs(_cache_dir())
    _open_catalog(args.catalog, args.catalog_term, err, catalogs)
    serve(catalogs, args.catalog, args.catalog_term, _cache_dir() / "search")
    return 0


COMMANDS = {"solve": _solve, "scrape": _scrape, "show": _show, "search": _search, "mcp": _mcp}


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
