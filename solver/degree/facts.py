"""What the audit and the planner know of each subject, from every term file the tool knows: GIR
codes (LAB2 too), HASS areas, CI-H/CI-HW, units, title, prerequisites, the seasons it is offered
in, whether the newest term file listing it says "not offered next year", which term files list
it, and which numbers are one subject (joint numbers, old numbers). Each fact is the newest
term's non-empty value, then the bundled science-core table.

Reading ten whole catalogs takes seconds, so the saved terms' facts are kept in a small derived
index beside them (`catalogs/subject-facts.json`), stamped with each catalog's size and time and
rebuilt when any differs. The catalog in use is merged in memory, in its term's place.
"""

import contextlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from solver.catalog.files import write_atomic
from solver.catalog.schema import Catalog, number_order
from solver.catalog.science_core import table_girs
from solver.catalog.store import SEASON_ORDER, load_catalog, saved_terms, term_path
from solver.errors import CatalogError

INDEX_FILE = "subject-facts.json"
INDEX_VERSION = 2
LISTED = "listed"  # the term files that list a subject: a union, not the newest value
_MAX_CHAIN = 8  # old number -> new number -> newer number: real chains are one or two long


@dataclass(frozen=True, slots=True)
class Facts:
    """One subject as the audit sees it, under its current number."""

    number: str
    title: str = ""
    units: int | None = None  # None: arranged, or never seen
    girs: tuple[str, ...] = ()  # CAL1 ... REST, LAB, LAB2
    hass: tuple[str, ...] = ()  # H, A, S, E
    ci: str | None = None  # CI-H or CI-HW
    prereqs: str = ""
    hours: float | None = None  # expected hours a week, in class and out (evaluations)
    seasons: tuple[str, ...] = ()  # FA, JA, SP, SU: the newest term file's `terms`
    newest: str = ""  # the newest term file listing it, such as 2026SP
    nonext: bool = False  # that file says it is not offered the next academic year
    repeat: bool = False
    listed: tuple[str, ...] = ()  # every term file listing it, oldest first

    @property
    def attributes(self) -> frozenset[str]:
        """The requirement attributes it carries, as lists write them: `GIR:CAL1`, `GIR:LAB`
        (a LAB2 subject too: it is half of it), `HASS`, `HASS-H`, `CI-H` (a CI-HW one too)."""
        found = {f"GIR:{'LAB' if code == 'LAB2' else code}" for code in self.girs}
        if self.hass:
            found.add("HASS")  # HASS-E counts toward the eight, not toward A, S or H
        found.update(f"HASS-{area}" for area in self.hass)
        if self.ci:
            found.update({"CI-H", self.ci})
        return frozenset(found)


def term_key(term: str) -> tuple[int, int]:
    """A term id's place in time: 2026JA < 2026SP < 2026SU < 2026FA."""
    return int(term[:4]), SEASON_ORDER.get(term[4:], 0)


@dataclass
class _Layers:
    """Raw facts by number and field, each with the term it came from; aliases likewise."""

    raw: dict[str, dict[str, tuple[Any, str]]] = field(default_factory=dict)
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)
    terms: set[str] = field(default_factory=set)

    def add(self, catalog: Catalog) -> None:
        """One term's facts; a newer term's non-empty value wins, a tie keeps the first added."""
        term = catalog.term
        self.terms.add(term)
        for subject in catalog.subjects:
            units = None if subject.units.arranged else subject.units.total
            values = {
                "title": subject.title,
                "units": units,
                "girs": list(subject.gir),
                "hass": list(subject.hass),
                "ci": subject.ci,
                "prereqs": subject.prereqs,
                "hours": subject.hours,
                "seasons": list(subject.terms),
                # Never empty, so the newest listing wins even when it drops the mark.
                "offer": [subject.nonext, subject.repeat],
            }
            mine = self.raw.setdefault(subject.number, {})
            for name, value in values.items():
                if value not in (None, "", []) and _newer(term, mine.get(name)):
                    mine[name] = (value, term)
            _list(mine, [term])
            group = sorted({subject.number, *subject.same_as}, key=number_order)
            for number in group:
                self._alias(number, group[0], term)
            if subject.old_number:
                self._alias(subject.old_number.strip().upper(), group[0], term)

    def _alias(self, number: str, canonical: str, term: str) -> None:
        # Identity entries too: a number that is a subject's own in a newer term than the one
        # where it was another's old number is that subject's again (numbers get reused).
        if _newer(term, self.aliases.get(number)):
            self.aliases[number] = (canonical, term)

    def absorb(self, other: "_Layers") -> None:
        """Another set of layers, as if its terms had been added here."""
        self.terms |= other.terms
        for number, fields in other.raw.items():
            mine = self.raw.setdefault(number, {})
            _merge(mine, fields)
        for number, (target, term) in other.aliases.items():
            self._alias(number, target, term)


def _merge(mine: dict[str, tuple[Any, str]], fields: dict[str, tuple[Any, str]]) -> None:
    for name, (value, term) in fields.items():
        if name == LISTED:
            _list(mine, value)
        elif _newer(term, mine.get(name)):
            mine[name] = (value, term)


def _list(mine: dict[str, tuple[Any, str]], terms: list[str]) -> None:
    before = mine.get(LISTED, ([], ""))[0]
    union = sorted({*before, *terms}, key=term_key)
    mine[LISTED] = (union, union[-1])


def _newer(term: str, recorded: tuple[Any, str] | None) -> bool:
    return recorded is None or term_key(term) > term_key(recorded[1])


class SubjectFacts:
    """The merged facts, and the numbers each subject goes by. A subject's facts are merged
    from the layers when first asked for: a solve asks for a few of ten terms' thousands."""

    def __init__(self, layers: _Layers) -> None:
        self._layers = layers
        self.aliases = {n: target for n, (target, _) in layers.aliases.items() if target != n}
        self.terms = tuple(sorted(layers.terms, key=term_key))  # the term files, oldest first
        self._merged: dict[str, Facts] = {}
        self._groups: dict[str, list[str]] | None = None
        self._whole = False

    @property
    def subjects(self) -> dict[str, Facts]:
        """Every subject's facts, by current number (in the order the layers first list them)."""
        if not self._whole:
            self._merged = {number: self._facts(number) for number in self._numbers()}
            self._whole = True
        return self._merged

    def _numbers(self) -> dict[str, list[str]]:
        """Each current number, with the numbers whose facts merge into it, in layer order."""
        if self._groups is None:
            self._groups = {}
            for number in self._layers.raw:
                self._groups.setdefault(self.canonical(number), []).append(number)
        return self._groups

    def _facts(self, key: str) -> Facts:
        if key in self._merged:
            return self._merged[key]
        fields: dict[str, tuple[Any, str]] = {}
        for number in self._numbers()[key]:
            _merge(fields, self._layers.raw[number])
        values = {name: value for name, (value, _) in fields.items()}
        nonext, repeat = values.get("offer", (False, False))
        listed = tuple(sorted(values.get(LISTED, ()), key=term_key))
        found = self._merged[key] = Facts(
            key,
            title=values.get("title", ""),
            units=values.get("units"),
            girs=tuple(values.get("girs") or table_girs(key)),
            hass=tuple(values.get("hass", ())),
            ci=values.get("ci"),
            prereqs=values.get("prereqs", ""),
            hours=values.get("hours"),
            seasons=tuple(values.get("seasons", ())),
            newest=listed[-1] if listed else "",
            nonext=bool(nonext) and bool(listed),
            repeat=bool(repeat),
            listed=listed,
        )
        return found

    def canonical(self, number: str) -> str:
        """The current number of a subject given by any of its numbers (6.0001 -> 6.100A)."""
        key = number.strip().upper()
        for _ in range(_MAX_CHAIN):
            if key not in self.aliases:
                break
            key = self.aliases[key]
        return key

    def get(self, number: str) -> Facts | None:
        """The facts of a subject; one no term file has but the science-core table names
        (8.01 offered only in the fall) has its GIR alone."""
        key = self.canonical(number)
        found = self._facts(key) if key in self._numbers() else None
        if found is None and (girs := table_girs(key)):
            return Facts(key, girs=girs)
        return found

    def knows(self, number: str) -> bool:
        """Does any term file, or the science-core table, know this subject?"""
        return self.get(number) is not None

    def girs_of(self, number: str) -> tuple[str, ...]:
        """A subject's GIR codes, whichever term file is loaded: what `taken:` gives for
        prerequisites (`Physics I (GIR)`) and the audit for GIR attributes."""
        found = self.get(number)
        return found.girs if found is not None else ()


def build_facts(catalogs: Iterable[Catalog]) -> SubjectFacts:
    """The facts of these catalogs, newest term first whatever order they come in."""
    layers = _Layers()
    for catalog in catalogs:
        layers.add(catalog)
    return SubjectFacts(layers)


def load_facts(cache: Path, current: Catalog | None = None) -> SubjectFacts:
    """The facts of every saved term (through the index, rebuilt when stale) and of `current`,
    the catalog in use, which wins a tie with a saved term of the same name."""
    saved = _load_index(cache)
    if current is None:
        return SubjectFacts(saved)
    layers = _Layers()
    layers.add(current)
    layers.absorb(saved)
    return SubjectFacts(layers)


def _stamps(cache: Path) -> list[list[object]]:
    stamps: list[list[object]] = []
    for term in saved_terms(cache):
        try:
            info = term_path(cache, term).stat()
        except OSError:
            continue
        stamps.append([term, info.st_size, info.st_mtime_ns])
    return stamps


def _load_index(cache: Path) -> _Layers:
    path = cache / "catalogs" / INDEX_FILE
    stamps = _stamps(cache)
    if not stamps:
        return _Layers()
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
        if index.get("version") == INDEX_VERSION and index.get("stamps") == stamps:
            raw = {n: {k: (v[0], v[1]) for k, v in f.items()} for n, f in index["raw"].items()}
            aliases = {n: (a[0], a[1]) for n, a in index["aliases"].items()}
            return _Layers(raw, aliases, set(index["terms"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        pass  # missing, stale or damaged: rebuilt below from the catalogs themselves
    layers = _Layers()
    for term, *_ in stamps:
        try:
            layers.add(load_catalog(term_path(cache, str(term))))
        except CatalogError:
            continue  # a broken catalog is reported where it is used, not here
    document = {
        "version": INDEX_VERSION,
        "stamps": stamps,
        "raw": {n: {k: list(v) for k, v in f.items()} for n, f in layers.raw.items()},
        "aliases": {n: list(a) for n, a in layers.aliases.items()},
        "terms": sorted(layers.terms),
    }
    # A read-only cache: the facts are still right, only rebuilt next time.
    with contextlib.suppress(OSError):
        write_atomic(path, json.dumps(document, separators=(",", ":")))
    return layers
