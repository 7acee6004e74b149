"""What every command works at: the cache directory, the catalogs kept loaded from it, the
catalog the door was told to use (`--catalog`, `--term`), and the clock time limits run on."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from solver.catalog.warm import Opened, WarmCatalogs
from solver.core.deadline import Clock, Deadline
from solver.core.preferences import Preferences
from solver.errors import CatalogError


@dataclass
class Desk:
    cache: Path
    path: Path | None = None  # a catalog file the door named
    term: str | None = None  # a saved term the door named
    clock: Clock = time.monotonic
    # Told each time the bundled sample stands in for a real term (the door says so first).
    on_sample: Callable[[], None] = lambda: None
    # A server's desk: the preferences may name only catalogs saved in the cache (`catalog:`
    # reads no other file, and its errors say nothing of other paths).
    confined: bool = False
    catalogs: WarmCatalogs = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.catalogs = WarmCatalogs(self.cache)

    def on_clock(self, clock: Clock) -> "Desk":
        """This desk, its catalogs shared, with time limits on `clock` (one call's own)."""
        desk = Desk(self.cache, self.path, self.term, clock, self.on_sample, self.confined)
        desk.catalogs = self.catalogs
        return desk

    def open(self, prefs: Preferences | None = None, folder: Path | None = None) -> Opened:
        """The catalog to use, in the documented order: the door's `--catalog` or `--term`,
        else the preferences' `catalog:` (relative to `folder`, theirs) or `term:`, else the
        newest saved term, else the bundled sample."""
        if self.path is not None or self.term is not None or prefs is None:
            opened = self.catalogs.open(self.path, self.term)
        else:
            path = (folder or Path.cwd()) / prefs.catalog if prefs.catalog else None
            if path is not None and self.confined and not self._saved(path):
                raise CatalogError(
                    "catalog: this server reads only the catalogs `coursepick scrape` saved;"
                    " name one by its term (term: 2026SP)"
                )
            opened = self.catalogs.open(path.resolve() if path else None, prefs.term)
        if opened.is_sample:
            self.on_sample()
        return opened

    def _saved(self, path: Path) -> bool:
        """Is `path` a catalog file of the cache (resolved, so no `..` or link leads out)?"""
        folder = (self.cache / "catalogs").resolve()
        where = path.resolve()
        return where.parent == folder and where.suffix == ".json"

    @property
    def index(self) -> Path:
        """Where the full-text search indexes are kept."""
        return self.cache / "search"

    def deadline(self, seconds: float | None) -> Deadline:
        """`seconds` from now on this desk's clock (None: no limit)."""
        return Deadline.after(seconds, self.clock)
