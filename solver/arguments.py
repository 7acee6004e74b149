"""The command line's vocabulary: each command with its options and their help, read by
argparse into the namespace `solver.cli` turns into asks."""

import argparse
from pathlib import Path

from solver.app.filters import FILTER_OPTIONS, SORTS
from solver.app.scrape import DEADLINE, DEFAULT, SOURCES
from solver.terminal import Version, at_least, seconds


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coursepick", description="Find your best weekly class schedule."
    )
    parser.add_argument("--version", action=Version, nargs=0, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    solve = commands.add_parser("solve", help="rank the best schedules for a preferences file")
    solve.add_argument("preferences", type=Path, help="your preferences YAML file")
    _catalog_options(solve)
    solve.add_argument("--top", type=at_least(1), help="how many schedules to rank (default 10)")
    solve.add_argument(
        "--show", type=at_least(0), default=0, metavar="N", help="draw the weeks of the top N"
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
    solve.add_argument("--time-limit", type=seconds, metavar="SECONDS",
                       help="bound the whole search")  # fmt: skip
    solve.add_argument("--what-if", action="store_true",
                       help="for each hard rule, what dropping it would give")  # fmt: skip
    solve.add_argument("--watch", action="store_true",
                       help="solve again whenever the file (or the catalog) is saved, until"
                            " Ctrl-C")  # fmt: skip
    solve.add_argument("--with", dest="with_", action="append", type=Path, default=[],
                       metavar="FILE", help="a friend's preferences file, solved with yours in"
                       " one joint solve (repeat it: two to four students)")  # fmt: skip
    solve.add_argument("--plan-b", action="store_true", default=None,
                       help="for each lottery subject of each row, the best schedule without it"
                            " (`plan_b:`)")  # fmt: skip
    solve.add_argument("--from-hydrant", metavar="URL",
                       help="the schedule you hold, as a Hydrant share link: its subjects"
                            " required, its sections kept (`hold:`)")  # fmt: skip
    solve.add_argument("--links", action="store_true",
                       help="a Hydrant link under each row, opening that schedule")  # fmt: skip
    solve.add_argument("--output-dir", type=Path, metavar="DIR",
                       help="save each student's report and calendar there (FILE.html,"
                            " FILE.ics)")  # fmt: skip

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
    scrape.add_argument("--deadline", type=seconds, default=DEADLINE, metavar="SECONDS",
                        help="give up a scrape that takes longer (default 1800; one response"
                             " gets at most 120 s of it)")  # fmt: skip
    scrape.add_argument("--requirements", action="store_true",
                        help="FireRoad's degree requirement lists instead of a term (--url: its"
                             " base address)")  # fmt: skip
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
    search.add_argument("--limit", type=at_least(1), metavar="N",
                        help="at most N rows (default 25 on a terminal, else all)")  # fmt: skip
    _filter_options(search.add_argument_group("filters, as in an elective group's `from:`"))
    search.add_argument("--fits", type=Path, metavar="FILE",
                        help="only subjects with sections that fit beside the best schedule of"
                             " this preferences file")  # fmt: skip
    _taken_options(search)
    _program_options(search)
    _catalog_options(search)

    lists = commands.add_parser(
        "requirements", help="list the degree requirement lists, or show one as a tree"
    )
    lists.add_argument("list_id", nargs="?", metavar="ID", help="a list's id: girs, major6-3")
    lists.add_argument("--file", type=Path, metavar="PATH", help="read a .reql file instead")
    lists.add_argument("--format", choices=["table", "json"], default="table",
                       help="json: FireRoad's shape of the tree")  # fmt: skip

    audit = commands.add_parser(
        "audit", help="what your transcript meets of your programs, and the fewest still needed"
    )
    audit.add_argument("preferences", type=Path, nargs="?",
                       help="a preferences file: its programs:, taken: and the rest")  # fmt: skip
    _program_options(audit)
    audit.add_argument("--taken", metavar="SUBJECTS", default="",
                       help='taken already: "6.100A 18.01 CAL1"')  # fmt: skip
    audit.add_argument("--road", type=Path, metavar="FILE",
                       help="a CourseRoad road file: its subjects and programs")  # fmt: skip
    audit.add_argument("--format", choices=["table", "json"], default="table")
    audit.add_argument("--time-limit", type=seconds, metavar="SECONDS",
                       help="for strict sharing and the fewest left (default 10)")  # fmt: skip
    _catalog_options(audit)

    plan = commands.add_parser(
        "plan", help="the best plans to your degree, term by term (the file's plan: section)"
    )
    plan.add_argument("preferences", type=Path,
                      help="a preferences file with programs:, taken: and plan:")  # fmt: skip
    plan.add_argument("--top", type=at_least(1), metavar="N",
                      help="how many plans (default: plan: top:, else 3)")  # fmt: skip
    plan.add_argument("--format", choices=["table", "json", "road"], default="table",
                      help="road: the first plan as a CourseRoad road file")  # fmt: skip
    plan.add_argument("--week", action="store_true",
                      help="also print each plan's first-term week")  # fmt: skip
    plan.add_argument("--write-week", type=Path, metavar="FILE",
                      help="write plan 1's first term as preferences for solve")  # fmt: skip
    plan.add_argument("--time-limit", type=seconds, metavar="SECONDS",
                      help="for the whole plan (default: plan: time_limit:, else 60)")  # fmt: skip
    _catalog_options(plan)

    mcp = commands.add_parser(
        "mcp",
        help="answer a chat assistant: search, show, solve, what-if and audit as MCP tools (stdio)",
    )
    _catalog_options(mcp)
    return parser


def _filter_options(group: argparse._ArgumentGroup) -> None:
    """One option per filter of `solver.app.search.FILTER_OPTIONS`, read as text: the filter
    checks the value, as it checks an elective group's `from:`."""
    for option in FILTER_OPTIONS:
        flag = "--" + option.name.replace("_", "-")
        if option.kind == "flag":
            group.add_argument(flag, dest=option.name, action="store_true", default=None,
                               help=option.description)  # fmt: skip
        elif option.alone is not None:
            group.add_argument(flag, dest=option.name, nargs="?", const=option.alone,
                               help=f"{option.description}; alone: {option.alone}")  # fmt: skip
        else:
            group.add_argument(flag, dest=option.name, help=option.description)


def _taken_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--taken", metavar="SUBJECTS", default="",
                        help='taken already, for prerequisites: "6.100A 6.1200 CAL1"')  # fmt: skip
    parser.add_argument("--prefs", type=Path, metavar="FILE",
                        help="read `taken:` from this preferences file")  # fmt: skip


def _program_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--program", dest="programs", action="append", default=[], metavar="ID",
                        help="a program to judge by (repeat it: --program girs --program"
                             " major6-3), instead of the preferences' programs:")  # fmt: skip


def _catalog_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", type=Path, metavar="PATH", help="catalog file to use")
    parser.add_argument("--term", dest="catalog_term", metavar="TERM",
                        help="use the saved catalog of this term, e.g. 2026SP")  # fmt: skip
