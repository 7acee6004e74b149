"""Where catalogs live and how they are read and written: one checked JSON file per term in the
user's cache directory, the bundled sample, and the order in which one is chosen.

The choice order is: an explicit path, then a named term, then the newest saved term, then the
sample. Term names are validated before they become file names. The caller (the CLI) says which
cache directory to use; nothing here reads the environment.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from solver.catalog import compact
from solver.catalog.files import Unfit, read_bounded, write_atomic
from solver.catalog.schema import SCHEMA_VERSION, TERM_PATTERN, Catalog
from solver.errors import CatalogError

SEASON_ORDER = {"JA": 0, "SP": 1, "SU": 2, "FA": 3}
MAX_BYTES = 256 << 20  # 256 MiB: twenty times the 16x benchmark term, so memory stays bounded


def load_catalog(path: Path, cache: Path | None = None) -> Catalog:
    """Read and validate a catalog file (a regular file of at most `MAX_BYTES`); any problem
    becomes one `CatalogError` line. With a `cache` directory, its compact copy there is read
    instead while the file is unchanged, and written when it is not (see `compact`)."""
    if cache is not None:
        try:
            stamp = compact.stamp(path)
        except OSError:
            stamp = None  # reading the file says why
        if stamp is not None:
            copy = compact.copy_path(cache, path)
            found = compact.read_copy(copy, stamp)
            if found is None:
                found = load_catalog(path)
                compact.write_copy(copy, stamp, found)
            return found
    try:
        raw = read_bounded(path, MAX_BYTES)
    except Unfit as unfit:
        raise CatalogError(
            f"{path}: {unfit}: no catalog file (a whole MIT term is about 3 MiB of JSON)"
        ) from None
    except FileNotFoundError:
        raise CatalogError(f"{path}: no such catalog file (run `coursepick scrape`)") from None
    except OSError as error:
        raise CatalogError(f"{path}: cannot read the catalog: {error.strerror}") from None
    try:
        return Catalog.model_validate_json(raw)
    except ValidationError as error:
        raise CatalogError(f"{path}: {_explain(raw, error)}") from None


def _explain(raw: bytes, error: ValidationError) -> str:
    """Say why a catalog file failed to load, in the terms a user can act on."""
    first = error.errors()[0]
    if first["type"] == "json_invalid":  # pydantic's own parser, bounded in depth, said no
        why = "JSON nested too deeply" if "recursion limit" in first["msg"] else "corrupt or"
        why += "" if "recursion limit" in first["msg"] else " truncated JSON"
        return f"not a catalog file ({why}): delete it and scrape again"
    try:
        version = json.loads(raw).get("schema_version")
    except (ValueError, AttributeError):
        return "not a catalog file (corrupt or truncated JSON): delete it and scrape again"
    if isinstance(version, int) and version > SCHEMA_VERSION:
        return (
            f"written by a newer coursepick (catalog schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}): upgrade coursepick or scrape again"
        )
    where = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "string_pattern_mismatch":  # the pattern itself is unprintable
        message = "text holding a control character"
    return f"invalid catalog at {where}: {message} (delete it and scrape again)"


def dump_catalog(catalog: Catalog) -> str:
    """The catalog as the JSON a file holds (default values left out)."""
    return catalog.model_dump_json(exclude_defaults=True)


def save_catalog(catalog: Catalog, path: Path) -> None:
    """Write the catalog as JSON, atomically: an interrupted save never damages the old file."""
    try:
        write_atomic(path, dump_catalog(catalog))
    except OSError as error:
        raise CatalogError(f"{path}: cannot write the catalog: {error.strerror}") from None


def sample_catalog_path() -> Path:
    """The bundled sample catalog (a hand-written sample, not a real term)."""
    return Path(__file__).with_name("sample_catalog.json")  # package data, beside this module


def default_cache_dir() -> Path:
    """The platform's user cache directory for coursepick."""
    from platformdirs import user_cache_dir  # only where COURSEPICK_CACHE_DIR is not set

    return Path(user_cache_dir("coursepick", appauthor=False))


def check_term(term: str) -> str:
    """A term such as 2026SP; anything else is refused before it can name a file."""
    normalized = term.strip().upper()
    if not TERM_PATTERN.fullmatch(normalized):
        raise CatalogError(
            f"'{term}' is not a term: write the year and season, such as 2026SP, 2025FA or 2026JA"
        )
    return normalized


def term_path(cache: Path, term: str) -> Path:
    """Where the catalog of `term` is saved under the cache directory `cache`."""
    return cache / "catalogs" / f"{check_term(term)}.json"


def saved_terms(cache: Path) -> list[str]:
    """Terms with a saved catalog, oldest first."""
    folder = cache / "catalogs"
    try:
        if not folder.is_dir():
            return []
        terms = [p.stem for p in folder.glob("*.json") if TERM_PATTERN.fullmatch(p.stem)]
    except OSError as error:
        raise CatalogError(
            f"{folder}: cannot read the cache directory: {error.strerror} (set"
            " COURSEPICK_CACHE_DIR to a folder you can read and write)"
        ) from None
    return sorted(terms, key=lambda t: (t[:4], SEASON_ORDER[t[4:]]))


def last_seen(cache: Path, number: str, besides: str) -> str | None:
    """The newest saved term other than `besides` whose catalog has `number` (or had it as an
    old number). Reads whole catalogs, so only for an error message; unreadable ones are
    passed over."""
    for term in reversed(saved_terms(cache)):
        if term == besides:
            continue
        try:
            if load_catalog(term_path(cache, term), cache).subject(number):
                return term
        except CatalogError:
            continue
    return None


@dataclass(frozen=True)
class Choice:
    path: Path
    is_sample: bool


def choose_catalog(cache: Path, path: Path | None = None, term: str | None = None) -> Choice:
    """Pick the catalog to use, in the documented order."""
    if path is not None:
        return Choice(path, is_sample=False)
    if term is not None:
        chosen = term_path(cache, term)
        if not chosen.exists():
            raise CatalogError(
                f"no saved catalog for {check_term(term)} (run `coursepick scrape --term "
                f"{check_term(term)}`, or pass --catalog PATH)"
            )
        return Choice(chosen, is_sample=False)
    terms = saved_terms(cache)
    if terms:
        return Choice(term_path(cache, terms[-1]), is_sample=False)
    return Choice(sample_catalog_path(), is_sample=True)
