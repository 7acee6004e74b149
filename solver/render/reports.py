"""The files `--output-dir` saves for a student: their report and their calendar."""

from solver.catalog.schema import Catalog
from solver.core.request import Request
from solver.core.results import Result
from solver.render.html_page import render_html
from solver.render.ics import render_ics


def report_files(
    result: Result, request: Request, catalog: Catalog, rank: int
) -> list[tuple[str, bytes, str]]:
    """(suffix, bytes, what it is) of the HTML report of `result` and, when the catalog has the
    term's dates and `result` a row `rank`, that row's calendar."""
    files = [(".html", render_html(result, request, catalog).encode(), "report")]
    if catalog.dates is not None and 1 <= rank <= len(result.schedules):
        calendar = render_ics(result.schedules[rank - 1], request, catalog)
        files.append((".ics", calendar, f"#{rank} as a calendar"))
    return files
