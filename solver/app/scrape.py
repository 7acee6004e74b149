"""`scrape`: a term's catalog read from MIT's pages, Hydrant's term file or a file on disk, and
saved where `solve` finds it; nothing is saved when no subject was read."""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrape.sources import DEADLINE, DEFAULT, SOURCES, Fetching, read_file, scrape
from solver.app.desk import Desk
from solver.catalog.intake import check_whole_term
from solver.catalog.schema import Catalog
from solver.catalog.store import check_term, save_catalog, term_path
from solver.errors import CatalogError, CoursepickError

if TYPE_CHECKING:  # FireRoad's client (httpx, the requirement lists) loads when it is asked for
    from scrape.fireroad import Downloaded


@dataclass(frozen=True)
class ScrapeAsk:
    source: str | None = None  # a name of `scrape.sources.SOURCES` (default: the catalog pages)
    url: str | None = None  # where to fetch from (default: the source's own)
    file: Path | None = None  # read this file instead (offline)
    term: str | None = None  # the term expected, checked against the data
    output: Path | None = None  # where to save (default: the cache's file of the term)
    allow_partial: bool = False  # save what was read even if some pages failed
    deadline: float = DEADLINE  # seconds for the whole scrape
    progress: bool = False  # show a progress bar (on a terminal)


@dataclass(frozen=True)
class ScrapeAnswer:
    catalog: Catalog
    path: Path  # where it was saved
    where: str  # where it was read from
    prereqs_read: int  # prerequisite texts read in the language
    prose: list[str]  # subjects whose prerequisites are prose, judged by a person


def answer_scrape(ask: ScrapeAsk, desk: Desk) -> ScrapeAnswer:
    term = check_term(ask.term) if ask.term else None
    if ask.file:
        where = str(ask.file)
        catalog = read_file(ask.source, ask.file, term=term)
    else:
        source = ask.source or DEFAULT
        where = ask.url or SOURCES[source].default_url
        _check_url(where)
        how = Fetching(term, ask.allow_partial, ask.progress, ask.deadline)
        catalog = _download(source, where, how, desk)
    if not catalog.subjects:
        raise CatalogError(f"{where}: no subjects found; nothing saved (is this the right URL?)")
    report = check_whole_term(catalog, where)  # a term that would not load back: nothing saved
    path = ask.output or term_path(desk.cache, catalog.term)
    save_catalog(catalog, path)
    return ScrapeAnswer(catalog, path, where, report.prereqs_read, list(report.prose))


@dataclass(frozen=True)
class RequirementsScrapeAsk:
    url: str | None = None  # FireRoad's base address (default: fireroad.mit.edu)
    deadline: float = DEADLINE
    progress: bool = False


def answer_scrape_requirements(ask: RequirementsScrapeAsk, desk: Desk) -> "Downloaded":
    """Every requirement list of FireRoad into the cache, all or nothing (`scrape.fireroad`)."""
    from scrape.fetch import DEADLINE as RESPONSE_DEADLINE
    from scrape.fetch import build_client
    from scrape.fireroad import DEFAULT_URL, fetch_requirements
    from solver.degree.lists import requirements_dir

    base = ask.url or DEFAULT_URL
    _check_url(base)
    per_response = min(RESPONSE_DEADLINE, ask.deadline)
    with build_client(cache_dir=desk.cache / "http", deadline=per_response) as client:
        return fetch_requirements(client, base, requirements_dir(desk.cache),
                                  progress=ask.progress, deadline=ask.deadline)  # fmt: skip


def _check_url(url: str) -> None:
    """A usage error, not a network one, for an address that is no web page's."""
    try:
        parts = urlsplit(url)
        fine = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number, an unclosed [ ...
        fine = False
    if not fine:
        raise CoursepickError(f"--url {url!r}: give an http:// or https:// address")


def _download(source: str, url: str, how: Fetching, desk: Desk) -> Catalog:
    from scrape.fetch import DEADLINE as RESPONSE_DEADLINE
    from scrape.fetch import build_client

    per_response = min(RESPONSE_DEADLINE, how.deadline)
    with build_client(cache_dir=desk.cache / "http", deadline=per_response) as client:
        return scrape(source, url, client=client, how=how)
