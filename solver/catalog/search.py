"""Finding subjects in a catalog: by number, or ranked full-text search (SQLite FTS5, bm25).

A query that looks like a subject number (`6.1210`, `6.006`, `18.0`, `21W`) matches numbers:
exact (current or old) first, then numbers that start with it, then numbers that contain it.
Any other query is words: every word must occur (as a word prefix: `intro` finds
Introduction) in the number, old number, title, attributes, instructors or description, and
`"quoted words"` must occur together; when no subject has every word, subjects with any of them
are listed. Rows are ranked by bm25 with title words weighing most. Cross-listed numbers are one
row. A query is at most `MAX_QUERY` characters, and costs time linear in its words.

The index is kept in a file (the CLI's cache directory), sealed with a digest of what it indexes
and of its own bytes: a file that is stale, damaged or another catalog's is built again, as is
one SQLite cannot read. On the real Spring 2026 term (2,668 subjects with descriptions) a build
takes about 45 ms, checking and querying a kept index about 10 ms.
"""

import contextlib
import hashlib
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from solver.catalog.files import Unfit, read_bounded, write_atomic_bytes
from solver.catalog.schema import Catalog, Subject, joint_numbers, number_order
from solver.errors import CoursepickError

MAX_QUERY = 1000  # characters: a search is a few words, a phrase or a number
MAX_INDEX_BYTES = 256 << 20  # as a catalog file may be; a kept index is about its size
_SEAL = 32  # bytes of SHA-256 after the database: of the indexed documents' digest and the bytes

# Column weights for bm25, in the order of the table's columns below.
_COLUMNS = ("number", "title", "attributes", "instructors", "description")
_WEIGHTS = (10.0, 8.0, 4.0, 3.0, 1.0)
_NUMBER = re.compile(r"[0-9A-Za-z]*[0-9.][0-9A-Za-z.]*")
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\w+)')


@dataclass(frozen=True)
class Match:
    """One search row: a subject and every number it goes by, the one that matched first."""

    subject: Subject
    numbers: tuple[str, ...]


def search_subjects(catalog: Catalog, text: str, index: Path | None = None) -> list[Match]:
    """Subjects matching `text`, best first; blank text lists every subject in catalog order.
    `index` is where to keep the full-text index between searches (rebuilt when stale)."""
    query = text.strip()
    if len(query) > MAX_QUERY:
        raise CoursepickError(
            f"search text: {len(query):,} characters, more than the {MAX_QUERY:,} a search reads"
            " (search for a few words)"
        )
    if not query:
        ranked = list(catalog.subjects)
    elif _NUMBER.fullmatch(query):
        ranked = _by_number(catalog, query.casefold())
    else:
        ranked = _by_words(catalog, query, index)
    return _one_row_per_subject(catalog, ranked)


def sort_matches(matches: list[Match], by: str) -> list[Match]:
    """Reorder rows: relevance keeps them; rating best first and hours least first (unknown
    last); number in number order. Ties keep their relevance order."""
    if by == "rating":
        return sorted(matches, key=lambda m: (m.subject.rating is None, -(m.subject.rating or 0)))
    if by == "hours":
        return sorted(matches, key=lambda m: (m.subject.hours is None, m.subject.hours or 0))
    if by == "number":
        return sorted(matches, key=lambda m: number_order(m.subject.number))
    return matches


def _by_number(catalog: Catalog, needle: str) -> list[Subject]:
    tiers: tuple[list[Subject], list[Subject], list[Subject]] = ([], [], [])
    for subject in catalog.subjects:
        numbers = [subject.number.casefold(), *(n.casefold() for n in subject.same_as)]
        if subject.old_number:
            numbers.append(subject.old_number.casefold())
        if needle in numbers:
            tiers[0].append(subject)
        elif any(number.startswith(needle) for number in numbers):
            tiers[1].append(subject)
        elif any(needle in number for number in numbers):
            tiers[2].append(subject)
    return [subject for tier in tiers for subject in tier]


def _by_words(catalog: Catalog, query: str, index: Path | None) -> list[Subject]:
    terms = [_term(phrase, word) for phrase, word in _PHRASE_OR_WORD.findall(query)]
    terms = list(dict.fromkeys(term for term in terms if term))  # a word said twice is one
    if not terms:
        return []
    documents = [_document(subject) for subject in catalog.subjects]
    digest = hashlib.sha256(repr(documents).encode("utf-8")).hexdigest()
    db = _kept_index(index, digest) if index is not None else None
    try:
        scores = _scores(db, terms) if db is not None else None
    except sqlite3.Error:  # a kept index that opens but cannot be read: built again below
        scores = None
    finally:
        if db is not None:
            db.close()
    if scores is None:
        db = _build_index(documents, digest, index)
        try:
            scores = _scores(db, terms)
        finally:
            db.close()
    return [catalog.subjects[row] for row in _ranked(scores)]


def _scores(db: sqlite3.Connection, terms: list[str]) -> list[dict[int, float]]:
    """Each term's rows and their bm25 scores, looked up one term at a time: FTS5 scores a
    query of many terms in time that grows with the square of their number."""
    weights = ", ".join(map(str, _WEIGHTS))
    select = f"SELECT rowid, bm25(subjects, {weights}) FROM subjects WHERE subjects MATCH ?"
    return [dict(db.execute(select, (term,)).fetchall()) for term in terms]


def _ranked(scores: list[dict[int, float]]) -> list[int]:
    """The rows with every term, else those with any, best first (then in catalog order).

    bm25 of a query is the sum over its terms of each term's own bm25 (FTS5 adds them one by
    one, in the query's order, as here), so the sums are the very numbers one MATCH of all the
    terms would rank by."""
    total: dict[int, float] = {}
    found: Counter[int] = Counter()
    for term_scores in scores:
        for row, score in term_scores.items():
            total[row] = total.get(row, 0.0) + score
            found[row] += 1
    every = [row for row in total if found[row] == len(scores)]
    return sorted(every or total, key=lambda row: (total[row], row))


def _kept_index(path: Path, digest: str) -> sqlite3.Connection | None:
    """The index kept at `path`, in memory, when its seal says it holds exactly the bytes built
    for these documents; None when it is missing, stale, damaged or unreadable."""
    try:
        data = read_bounded(path, MAX_INDEX_BYTES)
    except (OSError, Unfit):
        return None
    body, seal = data[:-_SEAL], data[-_SEAL:]
    if len(data) <= _SEAL or seal != _sealed(digest, body):
        return None
    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(body)
    except sqlite3.Error:
        db.close()
        return None
    return db


def _build_index(
    documents: list[tuple[str, str, str, str, str]], digest: str, path: Path | None
) -> sqlite3.Connection:
    """A new full-text index of `documents`, saved at `path` (atomically) for the next search;
    one that cannot be written leaves the index in memory."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE subjects USING fts5({', '.join(_COLUMNS)})")
    db.executemany(
        "INSERT INTO subjects(rowid, number, title, attributes, instructors, description)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        ((row, *document) for row, document in enumerate(documents)),
    )
    db.commit()
    if path is not None:
        body = db.serialize()
        with contextlib.suppress(OSError):  # a read-only cache: search on, from memory
            write_atomic_bytes(path, body + _sealed(digest, body))
    return db


def _sealed(digest: str, body: bytes) -> bytes:
    return hashlib.sha256(digest.encode("ascii") + body).digest()


def _term(phrase: str, word: str) -> str:
    """One FTS5 term: a quoted phrase as written, a word as a prefix (`intro` -> Introduction).

    Words of one letter match whole words only, or `HASS-H` would match every word with an h.
    """
    if phrase:
        words = re.findall(r"\w+", phrase)
        return f'"{" ".join(words)}"' if words else ""
    return f'"{word}"*' if len(word) > 1 else f'"{word}"'


def _document(subject: Subject) -> tuple[str, str, str, str, str]:
    numbers = " ".join([subject.number, *subject.same_as, subject.old_number or ""])
    return (
        numbers,
        subject.title,
        " ".join(subject.attributes),
        " ".join(subject.instructors),
        subject.description,
    )


def _one_row_per_subject(catalog: Catalog, ranked: list[Subject]) -> list[Match]:
    """Cross-listed numbers (18.C06 and 6.C06) are one row, at the best rank of any of them."""
    joint = joint_numbers(catalog)
    seen: set[str] = set()
    rows = []
    for subject in ranked:
        if subject.number in seen:
            continue
        others = joint.get(subject.number, ())
        seen.update((subject.number, *others))
        rows.append(Match(subject, (subject.number, *others)))
    return rows
