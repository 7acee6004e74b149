"""The full-text index under hostile conditions: a kept index file damaged in any way is built
again (the answer is what a fresh index gives), a query is bounded in length, and its cost is one
lookup per distinct word, never a single match of all of them (whose cost grows as their square).
"""

import random
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.catalog import search
from solver.catalog.schema import Subject
from solver.catalog.search import MAX_QUERY, search_subjects
from solver.errors import CoursepickError
from tests.factories import catalog

WORDS = ["linear", "algebra", "algorithms", "music", "writing", "physics", "data", "design"]
WORDS += ["history", "theory", "systems", "learning", "machine", "poetry", "energy", "cells"]


def _term(seed: int, size: int = 300) -> list[Subject]:
    """Subjects with titles and descriptions of a few words each, the same for a seed."""
    rng = random.Random(seed)
    return [
        Subject(
            number=f"{1 + k % 24}.{k:03d}",
            title=" ".join(rng.choices(WORDS, k=3)).title(),
            description=" ".join(rng.choices(WORDS, k=40)),
            instructors=(f"{rng.choice('ABCDEF')}. {rng.choice(['Bell', 'Chu', 'Dunn'])}",),
        )
        for k in range(size)
    ]


TERM = catalog(*_term(1))
OTHER = catalog(*_term(2))
QUERIES = ["linear algebra", "machine learning poetry", '"data design"', "bell", "zzz", "th"]


def _answers(index: Path | None) -> list[list[str]]:
    return [[m.subject.number for m in search_subjects(TERM, q, index)] for q in QUERIES]


FRESH = _answers(None)


def _kept(tmp_path: Path) -> Path:
    index = tmp_path / "2026SP.sqlite"
    assert _answers(index) == FRESH
    return index


def _truncate(index: Path, keep: float) -> None:
    data = index.read_bytes()
    index.write_bytes(data[: int(len(data) * keep)])


def _flip(index: Path, at: float) -> None:
    data = bytearray(index.read_bytes())
    data[int(len(data) * at)] ^= 0xFF
    index.write_bytes(bytes(data))


def _zero(index: Path, start: float, end: float) -> None:
    data = bytearray(index.read_bytes())
    data[int(len(data) * start) : int(len(data) * end)] = bytes(int(len(data) * (end - start)))
    index.write_bytes(bytes(data))


def _drop_table(index: Path) -> None:
    with sqlite3.connect(index) as db:  # as any program could: the database in the file changes
        db.execute("DROP TABLE subjects")
    db.close()


def _another_catalogs(index: Path) -> None:
    search_subjects(OTHER, "linear", index.with_name("other.sqlite"))
    index.with_name("other.sqlite").replace(index)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda index: _truncate(index, 0.5), id="truncated to half"),
        pytest.param(lambda index: _truncate(index, 0.9), id="last pages cut off"),
        pytest.param(lambda index: _truncate(index, 0.02), id="first page only"),
        pytest.param(lambda index: _flip(index, 0.01), id="a byte flipped in the first page"),
        pytest.param(lambda index: _flip(index, 0.5), id="a byte flipped in the middle"),
        pytest.param(lambda index: _flip(index, 0.95), id="a byte flipped near the end"),
        pytest.param(lambda index: _zero(index, 0.4, 0.6), id="pages zeroed in the middle"),
        pytest.param(_drop_table, id="the table dropped"),
        pytest.param(_another_catalogs, id="the index of another catalog"),
    ],
)
def test_a_damaged_kept_index_is_built_again(tmp_path, damage) -> None:
    index = _kept(tmp_path)
    damage(index)
    assert _answers(index) == FRESH
    rebuilt = index.read_bytes()
    assert _answers(index) == FRESH and index.read_bytes() == rebuilt  # kept from now on


def test_an_index_that_sqlite_cannot_read_is_built_again_whatever_its_seal(tmp_path) -> None:
    # The seal vouches for bytes this code wrote; a file forged to match it is still no database.
    index = tmp_path / "2026SP.sqlite"
    documents = [search._document(subject) for subject in TERM.subjects]
    digest = search.hashlib.sha256(repr(documents).encode("utf-8")).hexdigest()
    body = b"SQLite format 3\0" + b"\x07" * 8192
    index.write_bytes(body + search._sealed(digest, body))
    assert _answers(index) == FRESH


def test_a_query_longer_than_the_limit_is_refused_in_one_line() -> None:
    assert search_subjects(TERM, "linear " * (MAX_QUERY // 7)) != []  # 994 characters: read
    with pytest.raises(CoursepickError) as refused:
        search_subjects(TERM, "linear algebra " * 1000)
    assert str(refused.value) == (
        "search text: 14,999 characters, more than the 1,000 a search reads (search for a few"
        " words)"
    )


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    """Every SQL statement the search runs, with its parameters, as SQLite traces it."""
    ran: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        db.set_trace_callback(ran.append)
        return db

    monkeypatch.setattr(sqlite3, "connect", traced)
    return ran


@pytest.mark.parametrize("words", [1, 2, 4, 8, 16])
def test_a_query_costs_one_lookup_of_one_term_per_distinct_word(tmp_path, statements,
                                                                words: int) -> None:  # fmt: skip
    index = _kept(tmp_path)
    statements.clear()
    query = " ".join(WORDS[:words] * 3)  # each word said three times
    assert search_subjects(TERM, query, index)
    matches = [sql for sql in statements if "MATCH" in sql]
    assert len(matches) == words  # linear in the words: the cost of each is that word's rows
    assert all(sql.count('"') == 2 for sql in matches)  # one term each


# The scores of one lookup per term add up to those of one match of every term.

REFERENCE = sqlite3.connect(":memory:")
REFERENCE.execute("CREATE VIRTUAL TABLE subjects USING fts5(a, b, c, d, e)")
REFERENCE.executemany(
    "INSERT INTO subjects(rowid, a, b, c, d, e) VALUES (?, ?, ?, ?, ?, ?)",
    ((row, *search._document(subject)) for row, subject in enumerate(TERM.subjects)),
)


def _one_match(query: str) -> list[str]:
    """The ranking as a single FTS5 match of all the terms, every word first, then any."""
    terms = list(dict.fromkeys(filter(None, (search._term(p, w) for p, w in
                                             search._PHRASE_OR_WORD.findall(query)))))  # fmt: skip
    select = (
        "SELECT rowid FROM subjects WHERE subjects MATCH ? ORDER BY"
        " bm25(subjects, 10.0, 8.0, 4.0, 3.0, 1.0), rowid"
    )
    rows = REFERENCE.execute(select, (" AND ".join(terms),)).fetchall()
    rows = rows or REFERENCE.execute(select, (" OR ".join(terms),)).fetchall()
    return [TERM.subjects[row].number for (row,) in rows]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "li", "th", "bell", "qq", '"data design"']), min_size=1,
                max_size=6))  # fmt: skip
def test_ranking_by_summed_scores_is_ranking_by_one_match(words: list[str]) -> None:
    query = " ".join(words)
    assert [m.subject.number for m in search_subjects(TERM, query)] == _one_match(query)
