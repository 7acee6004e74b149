"""Catalogs kept in memory: each one chosen in the documented order (see `store.choose_catalog`)
is loaded once and reused until its file changes, so `solve --watch` and the MCP server pay the
load once, and a fresh scrape is picked up at the next question. At most `KEPT` stay loaded
(the least recently used goes first), and loading is one at a time, so that concurrent calls of
a server neither load a catalog twice nor hold every catalog ever named.
"""

import gc
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from solver.catalog.schema import Catalog
from solver.catalog.store import choose_catalog, last_seen, load_catalog

KEPT = 4  # a term is tens of megabytes in memory; a few cover a server's questions


@dataclass(frozen=True)
class Opened:
    catalog: Catalog
    path: Path  # absolute: watchers compare it with the paths of changed files
    is_sample: bool


class WarmCatalogs:
    """The catalogs of one cache directory, by file, each with the file's state when loaded."""

    def __init__(self, cache: Path, kept: int = KEPT) -> None:
        self.cache, self.kept = cache, kept
        self._kept: OrderedDict[Path, tuple[tuple[int, int] | None, Opened]] = OrderedDict()
        self._loading = threading.Lock()

    def open(self, path: Path | None = None, term: str | None = None) -> Opened:
        """The catalog `choose_catalog` picks, from memory while its file is unchanged."""
        choice = choose_catalog(self.cache, path, term)
        where = choice.path.resolve()
        with self._loading:
            stamp = _stamp(where)
            kept = self._kept.get(where)
            if kept is not None and stamp is not None and kept[0] == stamp:
                self._kept.move_to_end(where)
                return kept[1]
            opened = Opened(_load(choice.path, self.cache), where, choice.is_sample)
            self._kept[where] = (stamp, opened)
            self._kept.move_to_end(where)
            while len(self._kept) > self.kept:
                self._kept.popitem(last=False)
            return opened

    def paths(self) -> set[Path]:
        """The files of the catalogs kept."""
        return set(self._kept)


def _stamp(path: Path) -> tuple[int, int] | None:
    """When the file was last written, and its size; None when it cannot be read (then loading
    says why)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _load(path: Path, cache: Path) -> Catalog:
    collecting = gc.isenabled()
    gc.disable()  # a catalog is a tree of a million objects: cycle checks while building it
    try:  # cost two thirds of the load time and find nothing
        catalog = load_catalog(path, cache)
    finally:
        if collecting:
            gc.enable()
    gc.freeze()  # the catalog lives on: later collections need not walk it again
    catalog.look_elsewhere(lambda number: last_seen(cache, number, besides=catalog.term))
    return catalog
