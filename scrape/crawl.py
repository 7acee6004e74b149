"""Walks MIT's catalog (index.cgi, every department page and its sibling pages) into a `Catalog`.

Pages are fetched by a small thread pool through the client it is given, which bounds requests per
host. A page that still fails, or still arrives cut off, after retries fails the whole crawl unless
the caller allows a partial catalog, which then lists each missing page as a problem.
"""

import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
from pydantic import ValidationError
from tqdm import tqdm

from scrape.catalog_html import (
    CatalogPage,
    check_complete,
    parse_catalog_page,
    parse_index_page,
    parse_term_name,
)
from scrape.errors import FetchError, ScrapeError
from scrape.fetch import DEFAULT_PER_HOST, Clock, fetch_text
from solver.catalog.schema import Catalog, Problem, Subject

# A page that arrives cut off is fetched again this often in all before the crawl gives up on it.
PAGE_ATTEMPTS = 3
MAX_PAGES = 1000  # MIT's catalog has about 130 department pages; a server naming more is broken


def crawl_catalog(
    client: httpx.Client,
    index_url: str,
    *,
    term: str | None = None,
    progress: bool = False,
    allow_partial: bool = False,
    workers: int = DEFAULT_PER_HOST,
    max_pages: int = MAX_PAGES,
    deadline: float = 30 * 60.0,
    clock: Clock = time,
) -> Catalog:
    """Every subject the catalog lists, deduplicated by number, for the term its pages name.

    `term` ("2026SP") must agree with the pages' headings when they name one, and is needed when
    they do not. Raises `FetchError` naming the pages that failed, unless `allow_partial`. Only
    pages in the index's own directory are followed, at most `max_pages` of them, and the crawl
    ends within `deadline` seconds, as `clock` tells the time.
    """
    fetched_at = datetime.now(UTC)
    bounds = _Bounds(index_url, max_pages, deadline, clock.monotonic() + deadline, clock)
    department_urls = [url for url in _fetch_index(client, index_url) if bounds.inside(url)]
    pages, failures = _fetch_pages(client, department_urls, term, progress, workers, bounds)
    if failures and not allow_partial:
        listed = "; ".join(str(error) for error in failures.values())
        raise FetchError(f"{len(failures)} catalog page(s) failed: {listed}")
    order = _page_order(department_urls, pages)
    found = [pages[url] for url in order if url in pages]
    subjects = _merge(found)
    if not subjects:
        # Never an empty catalog: it would look like a term without classes.
        error = FetchError if failures else ScrapeError
        raise error(f"{index_url}: no subjects found ({len(failures)} page(s) failed)")
    problems = [problem for page in found for problem in page.problems]
    problems += [
        Problem(text=url, reason=f"page left out of this catalog: {error}", where=url)
        for url, error in failures.items()
    ]
    try:
        return Catalog(
            term=_term(found, term, index_url),
            source="catalog",
            source_url=index_url,
            fetched_at=fetched_at,
            subjects=subjects,
            problems=problems,
        )
    except ValidationError as error:  # what no single page shows: a cross-listing too large
        why = error.errors()[0]["msg"].removeprefix("Value error, ")
        raise ScrapeError(f"{index_url}: not a term coursepick can use: {why}") from None


@dataclass(frozen=True)
class _Bounds:
    """What a crawl may follow, and until when."""

    index_url: str
    max_pages: int
    seconds: float
    end: float  # the clock's time when the crawl must be over
    clock: Clock

    def inside(self, url: str) -> bool:
        """Is `url` in the index page's directory, on its server?"""
        home, other = urlsplit(self.index_url), urlsplit(url)
        folder = home.path.rsplit("/", 1)[0] + "/"
        same_server = (other.scheme, other.netloc) == (home.scheme, home.netloc)
        return same_server and other.path.startswith(folder)


def _fetch_pages(
    client: httpx.Client, urls: list[str], term: str | None, progress: bool, workers: int,
    bounds: _Bounds,
) -> tuple[dict[str, CatalogPage], dict[str, FetchError]]:  # fmt: skip
    """Fetch the pages and, as they name them, their sibling pages, each URL once."""
    pages: dict[str, CatalogPage] = {}
    failures: dict[str, FetchError] = {}
    seen = set(urls)
    bar = tqdm(
        total=len(urls), desc="catalog pages", unit="page", file=sys.stderr, disable=not progress
    )
    pool = ThreadPoolExecutor(max_workers=workers)
    late = False
    try:
        with bar:
            running: dict[Future[CatalogPage], str] = {
                pool.submit(_fetch_page, client, url, term): url for url in urls
            }
            while running:
                left = bounds.end - bounds.clock.monotonic()
                done, _ = wait(running, timeout=max(left, 0), return_when=FIRST_COMPLETED)
                if not done:  # the crawl's time is up: the pages still coming are not waited for
                    late = True
                    raise FetchError(
                        f"{bounds.index_url}: the crawl took longer than {bounds.seconds:g} s"
                        f" ({len(pages)} pages read, {len(running)} still coming)"
                    )
                for future in done:
                    url = running.pop(future)
                    bar.update()
                    try:
                        page = future.result()
                    except FetchError as error:
                        failures[url] = error
                        continue
                    pages[url] = page
                    for sibling in page.siblings:
                        if sibling in seen or not bounds.inside(sibling):
                            continue
                        if len(seen) >= bounds.max_pages:
                            raise FetchError(
                                f"{bounds.index_url}: the catalog names more than"
                                f" {bounds.max_pages} pages; stopped there (is this the right"
                                " URL?)"
                            )
                        seen.add(sibling)
                        running[pool.submit(_fetch_page, client, sibling, term)] = sibling
                        bar.total = len(seen)
                        bar.refresh()
    finally:
        # Past the deadline nothing more is waited for: the pages still coming end with the
        # client's own timeouts, in threads no one waits on (a `with` would join them here).
        # Otherwise every fetch begun is ended before the caller may close the client.
        pool.shutdown(wait=not late, cancel_futures=True)
    return pages, failures


def _fetch_index(client: httpx.Client, url: str) -> list[str]:
    for _ in range(PAGE_ATTEMPTS):
        html = fetch_text(client, url)
        if (reason := check_complete(html)) is None:
            return parse_index_page(html, url)
    raise FetchError(f"could not fetch {url} whole, {PAGE_ATTEMPTS} tries: {reason}")


def _fetch_page(client: httpx.Client, url: str, term: str | None) -> CatalogPage:
    # Fetched again when cut off: a truncated page would silently lose the subjects after the cut.
    for _ in range(PAGE_ATTEMPTS):
        page = parse_catalog_page(fetch_text(client, url), url=url, term=term)
        if page.truncated is None:
            return page
    raise FetchError(f"could not fetch {url} whole, {PAGE_ATTEMPTS} tries: {page.truncated}")


def _page_order(department_urls: list[str], pages: dict[str, CatalogPage]) -> list[str]:
    """Index order, each department's siblings after it: stable whatever order fetches end in."""
    order: list[str] = []

    def visit(url: str) -> None:
        if url in order:
            return
        order.append(url)
        for sibling in pages[url].siblings if url in pages else []:
            visit(sibling)

    for url in department_urls:
        visit(url)
    return order


def _merge(pages: list[CatalogPage]) -> list[Subject]:
    """All subjects, the first listing of a number winning (joint subjects repeat across pages)."""
    subjects: dict[str, Subject] = {}
    for page in pages:
        for subject in page.subjects:
            subjects.setdefault(subject.number, subject)
    return list(subjects.values())


def _term(pages: list[CatalogPage], term: str | None, index_url: str) -> str:
    named = {page.url: page.term_name for page in pages if page.term_name}
    codes = {code for name in named.values() if (code := parse_term_name(name)) is not None}
    if term is not None and codes - {term}:
        raise ScrapeError(
            f"{index_url}: asked for term {term}, but the catalog pages are for "
            f"{', '.join(sorted(set(named.values())))}"
        )
    if len(codes) > 1:
        raise ScrapeError(f"{index_url}: the catalog pages name different terms: {named}")
    if term is None and not codes:
        raise ScrapeError(f"{index_url}: the catalog pages name no term; pass the term explicitly")
    return term or codes.pop()
