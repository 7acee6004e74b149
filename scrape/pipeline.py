"""One entry point for `coursepick scrape`: a source and a URL in, a checked `Catalog` out.

The CLI builds the client (`scrape.fetch.build_client`) and saves the result; this module only
chooses the reader and checks that the data is for the term the user asked for.
"""

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import httpx

from scrape.crawl import crawl_catalog
from scrape.errors import ScrapeError
from scrape.fetch import fetch_text
from scrape.hydrant import parse_hydrant
from solver.catalog import Catalog

Source = Literal["catalog", "hydrant"]


def scrape(
    source: Source,
    url: str,
    *,
    client: httpx.Client,
    term: str | None = None,
    allow_partial: bool = False,
    progress: bool = False,
) -> Catalog:
    """Scrape MIT's catalog pages (`url` is index.cgi) or one Hydrant term JSON file.

    `allow_partial` and `progress` apply to the catalog crawl; Hydrant is a single request.
    """
    if source == "catalog":
        return crawl_catalog(client, url, term=term, allow_partial=allow_partial, progress=progress)
    if source == "hydrant":
        fetched_at = datetime.now(UTC)
        catalog = parse_hydrant(fetch_text(client, url), source_url=url, fetched_at=fetched_at)
        return _checked_term(catalog, term, url)
    raise ScrapeError(f"unknown source {source!r}: expected 'catalog' or 'hydrant'")


def read_hydrant_file(path: Path, *, term: str | None = None) -> Catalog:
    """Convert a Hydrant term file already on disk (offline); it was fetched when it was saved."""
    try:
        data = path.read_bytes()
        saved = path.stat().st_mtime
    except FileNotFoundError:
        raise ScrapeError(f"{path}: no such file (a Hydrant term file such as s26.json)") from None
    except OSError as error:
        raise ScrapeError(f"{path}: cannot read it: {error.strerror}") from None
    fetched_at = datetime.fromtimestamp(saved, UTC)
    catalog = parse_hydrant(data, source_url=path.resolve().as_uri(), fetched_at=fetched_at)
    return _checked_term(catalog, term, str(path))


def _checked_term(catalog: Catalog, term: str | None, where: str) -> Catalog:
    if term is not None and catalog.term != term:
        raise ScrapeError(f"{where}: asked for term {term}, but the file is for {catalog.term}")
    return catalog
