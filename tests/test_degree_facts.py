"""Subject facts from every saved term: the newest non-empty value wins whatever order terms
come in, numbers are one subject under old and joint numbers, the science-core table fills the
GIRs no term file codes, and the derived index is rebuilt when a catalog changes."""

import os
from datetime import UTC, datetime

from solver.app.taken import girs_known
from solver.catalog.schema import Catalog, Subject, Units
from solver.catalog.science_core import subject_girs, table_girs
from solver.catalog.store import save_catalog, term_path
from solver.degree.facts import INDEX_FILE, build_facts, load_facts


def _term(term: str, *subjects: Subject) -> Catalog:
    return Catalog(
        term=term,
        source="test",
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        subjects=list(subjects),
    )


OLD = _term(
    "2022FA",
    Subject(number="6.0001", title="Python", units=Units(lecture=6)),
    Subject(number="21W.9", title="Old", hass=("H",), ci="CI-H", gir=("REST",)),
)
NEW = _term(
    "2026SP",
    Subject(number="6.100A", title="Python", old_number="6.0001", units=Units(lecture=6)),
    Subject(number="21W.9", title="New", hass=("H",)),
    Subject(number="18.02", title="Calculus II"),
    Subject(number="6.1200", title="Math", same_as=("18.062",), gir=("REST",)),
)


def test_the_newest_non_empty_value_wins_in_any_order():
    for order in ([OLD, NEW], [NEW, OLD]):
        facts = build_facts(order)
        assert facts.get("21W.9").title == "New"  # the newer term
        assert facts.get("21W.9").ci == "CI-H"  # the newer term has none: the older one's
        assert facts.canonical("6.0001") == "6.100A"  # an old number that was a current one


def test_joint_and_old_numbers_are_one_subject():
    facts = build_facts([NEW])
    assert facts.get("18.062") is facts.get("6.1200")
    assert facts.get("18.062").attributes == frozenset({"GIR:REST"})


def test_the_science_core_table_fills_what_no_term_file_codes():
    facts = build_facts([NEW])
    assert facts.girs_of("18.02") == ("CAL2",)  # s26-style files leave it empty
    assert facts.get("8.01").girs == ("PHY1",)  # in no term file at all (fall only)
    assert table_girs("5.112") == ("CHEM",) and table_girs("6.100A") == ()


def test_subject_girs_is_what_prerequisites_should_read():
    calculus = NEW.subject("18.02")
    assert subject_girs(calculus, "18.02") == ("CAL2",)
    assert subject_girs(None, "8.01") == ("PHY1",)
    assert subject_girs(NEW.subject("6.1200"), "18.062") == ("REST",)


def test_the_index_is_used_while_the_catalogs_stand_and_rebuilt_when_one_changes(cache):
    save_catalog(OLD, term_path(cache, "2022FA"))
    save_catalog(NEW, term_path(cache, "2026SP"))
    assert load_facts(cache).get("21W.9").title == "New"
    index = cache / "catalogs" / INDEX_FILE
    built = index.stat().st_mtime_ns
    assert load_facts(cache).get("6.0001").number == "6.100A"
    assert index.stat().st_mtime_ns == built  # read, not rebuilt
    newer = _term("2026SP", Subject(number="21W.9", title="Renamed", hass=("H",)))
    save_catalog(newer, term_path(cache, "2026SP"))
    os.utime(term_path(cache, "2026SP"), ns=(built + 10**9, built + 10**9))
    assert load_facts(cache).get("21W.9").title == "Renamed"


def test_a_damaged_index_is_rebuilt(cache):
    save_catalog(NEW, term_path(cache, "2026SP"))
    load_facts(cache)
    (cache / "catalogs" / INDEX_FILE).write_text("{not json")
    assert load_facts(cache).get("6.0001").number == "6.100A"


def test_the_catalog_in_use_is_merged_in_its_terms_place(cache):
    save_catalog(NEW, term_path(cache, "2026SP"))
    sample = _term("2026SP", Subject(number="21W.9", title="Sample", hass=("A",)))
    assert load_facts(cache, sample).get("21W.9").title == "Sample"  # a tie: the one in use
    assert load_facts(cache, OLD).get("21W.9").title == "New"  # older: the saved newer wins


def test_a_subject_asked_for_alone_is_merged_as_when_all_are():
    # A solve asks for a few subjects and merges only theirs; the audit and plans take all.
    whole = build_facts([OLD, NEW]).subjects
    assert list(whole) == ["6.100A", "21W.9", "18.02", "6.1200"]  # as the layers list them
    for number in ["21W.9", "6.0001", "6.100A", "18.062", "6.1200", "18.02", "8.01", "9.99"]:
        alone = build_facts([OLD, NEW])  # fresh: nothing merged yet
        key = alone.canonical(number)
        assert alone.get(number) == (whole[key] if key in whole else build_facts([]).get(key))
        assert alone.subjects == whole  # and the rest merged after it, the same


def test_a_taken_subject_the_term_lists_only_as_a_joint_number_has_that_subjects_girs(cache):
    term = _term(
        "2026SP", Subject(number="6.1200", title="Math", same_as=("18.062",), gir=("REST",))
    )
    girs_of = girs_known(cache, term)  # no saved term: only this one can know it
    assert girs_of("18.062") == ("REST",)
    assert girs_of("8.01") == ("PHY1",)  # in no term file: the science-core table
