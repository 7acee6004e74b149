"""Where catalogs live: the user's cache directory, one file per term, and the bundled sample.

The choice order is: an explicit path, then a named term, then the newest saved term, then the
sample. Term names are validated before they become file names.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from solver.catalog import TERM_PATTERN, sample_catalog_path
from solver.errors import CatalogError

SEASON_ORDER = {"JA": 0, "SP": 1, "SU": 2, "FA": 3}


def cache_dir() -> Path:
    """`$COURSEPICK_CACHE_DIR`, else the platform's user cache directory for coursepick."""
    override = os.environ.get("COURSEPICK_CACHE_DIR")
    return Path(override) if override else Path(user_cache_dir("coursepick", appauthor=False))


def catalogs_dir() -> Path:
    return cache_dir() / "catalogs"


def check_term(term: str) -> str:
    """A term such as 2026SP; anything else is refused before it can name a file."""
    normalized = term.strip().upper()
    if not TERM_PATTERN.fullmatch(normalized):
        raise CatalogError(
            f"'{term}' is not a term: write the year and season, such as 2026SP, 2025FA or 2026JA"
        )
    return normalized


def term_path(term: str) -> Path:
    return catalogs_dir() / f"{check_term(term)}.json"


def saved_terms() -> list[str]:
    """Terms with a saved catalog, oldest first."""
    if not catalogs_dir().is_dir():
        return []
    terms = [p.stem for p in catalogs_dir().glob("*.json") if TERM_PATTERN.fullmatch(p.stem)]
    return sorted(terms, key=lambda t: (t[:4], SEASON_ORDER[t[4:]]))


@dataclass(frozen=True)
class Choice:
    path: Path
    is_sample: bool


def choose_catalog(path: Path | None = None, term: str | None = None) -> Choice:
    """Pick the catalog to use, in the documented order."""
    if path is not None:
        return Choice(path, is_sample=False)
    if term is not None:
        chosen = term_path(term)
        if not chosen.exists():
            raise CatalogError(
                f"no saved catalog for {check_term(term)} (run `coursepick scrape --term "
                f"{check_term(term)}`, or pass --catalog PATH)"
            )
        return Choice(chosen, is_sample=False)
    terms = saved_terms()
    if terms:
        return Choice(term_path(terms[-1]), is_sample=False)
    return Choice(sample_catalog_path(), is_sample=True)


SAMPLE_NOTICE = (
    "note: using the bundled SAMPLE catalog (invented times, not a real term); "
    "run `coursepick scrape` for MIT's real one"
)
