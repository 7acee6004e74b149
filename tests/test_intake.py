"""The whole-term check a scrape makes before it saves: a term that would not load back is refused
in one line, and every prerequisite is counted, however hostile its text."""

import pytest

from solver.catalog.intake import TermReport, check_whole_term
from solver.catalog.schema import Problem
from solver.catalog.store import load_catalog, save_catalog
from solver.errors import CatalogError
from tests.factories import catalog, section, subject

DEEP = "(" * 200 + "6.100A" + ")" * 200
TERM = catalog(
    subject("6.1210", section("L01", ("TR", "11:00", "12:30")), prereqs=DEEP),
    subject("6.1200", section("L01", ("MW", "9:00", "10:00")), prereqs="18.01"),
    subject("6.S977", prereqs="2 introductory courses in machine learning"),
    subject("18.01", prereqs="None"),
)


def test_a_term_that_saves_and_loads_gets_its_prerequisites_counted(tmp_path) -> None:
    assert check_whole_term(TERM, "s26.json") == TermReport(1, ("6.1210", "6.S977"))
    save_catalog(TERM, tmp_path / "t.json")  # what the check promised
    assert load_catalog(tmp_path / "t.json") == TERM


@pytest.mark.parametrize(
    ("term", "says"),
    [
        # Records slipped past their validators (model_copy does not validate an update).
        (TERM.model_copy(update={"subjects": [*TERM.subjects, TERM.subjects[0]]}),
         "would not load back (top level: 6.1210 is listed twice)"),
        (TERM.model_copy(update={"term": "2026XX"}), "would not load back (term: String should"),
        # Text no file can hold: a lone surrogate, in a field no pattern checks.
        (TERM.model_copy(update={"problems": [Problem(text="\ud83d", reason="cut in two")]}),
         "cannot be saved (Error serializing to JSON: UnicodeEncodeError"),
    ],
)  # fmt: skip
def test_a_term_that_would_not_load_back_is_refused_in_one_line(term, says: str) -> None:
    with pytest.raises(CatalogError) as refused:
        check_whole_term(term, "s26.json")
    message = str(refused.value)
    assert message.startswith("s26.json: the term ") and says in message
    assert message.endswith("; nothing saved") and "\n" not in message
