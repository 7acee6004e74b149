"""The catalog sources, by name: where each is fetched from by default, how it is fetched and
parsed, and how a copy on disk is read (where the source has files).

`coursepick scrape` offers exactly these (its `--source` choices and `--file` come from
`SOURCES`); adding a source is one entry here and its parser beside it. The readers import their
parsers when called: the CLI reads this registry on every start, `solve` included, and should
not pay for loading httpx and BeautifulSoup there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scrape.errors import ScrapeError
from solver.catalog.files import Unfit, read_bounded
from solver.catalog.schema import Catalog

if TYPE_CHECKING:
    import httpx

DEADLINE = 30 * 60.0  # seconds for a whole scrape, however the server behaves


@dataclass(frozen=True)
class Source:
    name: str
    summary: str  # what it is, for --help
    default_url: str
    # (client, url, term, allow_partial, progress) -> catalog
    fetch: Callable[["httpx.Client", str, "Fetching"], Catalog]
    read_file: Callable[[Path, str | None], Catalog] | None = None  # None: not from files
    file_kind: str = ""  # what its files are, for messages: "a Hydrant term file"


@dataclass(frozen=True)
class Fetching:
    """How to fetch: for which term, whether a crawl with failed pages may be saved, whether to
    show progress, and how many seconds the whole scrape may take."""

    term: str | None = None
    allow_partial: bool = False
    progress: bool = False
    deadline: float = DEADLINE


def _crawl(client: "httpx.Client", url: str, how: Fetching) -> Catalog:
    from scrape.crawl import crawl_catalog

    return crawl_catalog(
        client, url, term=how.term, allow_partial=how.allow_partial, progress=how.progress,
        deadline=how.deadline,
    )  # fmt: skip


def _fetch_hydrant(client: "httpx.Client", url: str, how: Fetching) -> Catalog:
    """One request, bounded by the client: the crawl's settings have nothing to apply to."""
    from scrape.fetch import fetch_text
    from scrape.hydrant import parse_hydrant

    fetched_at = datetime.now(UTC)
    catalog = parse_hydrant(fetch_text(client, url), source_url=url, fetched_at=fetched_at)
    return checked_term(catalog, how.term, url)


def _read_hydrant(path: Path, term: str | None) -> Catalog:
    """A Hydrant term file already on disk (offline); it was fetched when it was saved. It is
    read within the bound a fetched one is (`/dev/zero` or a huge file would take all memory)."""
    from scrape.fetch import MAX_BYTES
    from scrape.hydrant import parse_hydrant

    try:
        data = read_bounded(path, MAX_BYTES)
        saved = path.stat().st_mtime
    except Unfit as unfit:
        raise ScrapeError(f"{path}: {unfit}: no Hydrant term file (a term is 3 MiB)") from None
    except FileNotFoundError:
        raise ScrapeError(f"{path}: no such file (a Hydrant term file such as s26.json)") from None
    except OSError as error:
        raise ScrapeError(f"{path}: cannot read it: {error.strerror}") from None
    fetched_at = datetime.fromtimestamp(saved, UTC)
    catalog = parse_hydrant(data, source_url=path.resolve().as_uri(), fetched_at=fetched_at)
    return checked_term(catalog, term, str(path))


SOURCES: dict[str, Source] = {
    "catalog": Source(
        name="catalog",
        summary="MIT's official catalog pages",
        default_url="http://student.mit.edu/catalog/index.cgi",
        fetch=_crawl,
    ),
    "hydrant": Source(
        name="hydrant",
        summary="Hydrant's term file",
        default_url="https://hydrant.mit.edu/latest.json",
        fetch=_fetch_hydrant,
        read_file=_read_hydrant,
        file_kind="a Hydrant term file, such as s26.json",
    ),
}
DEFAULT = "catalog"


def scrape(source: str, url: str, *, client: "httpx.Client", how: Fetching = Fetching()) -> Catalog:
    """Fetch and parse `url` as the source named `source`, as `how` says."""
    return _source(source).fetch(client, url, how)


def read_file(source: str | None, path: Path, *, term: str | None = None) -> Catalog:
    """Convert a file of `source` (by default, the first source that has files), offline."""
    for candidate in SOURCES.values():
        if candidate.read_file is not None and source in (None, candidate.name):
            return candidate.read_file(path, term)
    kinds = " or ".join(s.file_kind for s in SOURCES.values() if s.read_file)
    raise ScrapeError(f"--file reads {kinds}; source {source!r} is fetched from --url only")


def _source(name: str) -> Source:
    if name not in SOURCES:
        raise ScrapeError(f"unknown source {name!r}: expected one of {', '.join(SOURCES)}")
    return SOURCES[name]


def checked_term(catalog: Catalog, term: str | None, where: str) -> Catalog:
    """The catalog, if it is for `term` (when one was asked for)."""
    if term is not None and catalog.term != term:
        raise ScrapeError(f"{where}: asked for term {term}, but the file is for {catalog.term}")
    return catalog
