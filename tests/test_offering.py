"""When a subject is offered, as the term files tell: one case per rule, each with its evidence."""

import pytest

from solver.degree.facts import Facts
from solver.degree.offering import Offer, academic_year, offer

KNOWN = ("2022FA", "2024FA", "2025SP", "2025FA", "2026SP")


def facts(listed: tuple[str, ...], seasons: tuple[str, ...] = ("FA", "SP"), nonext: bool = False):
    return Facts("6.1", seasons=seasons, newest=listed[-1] if listed else "", nonext=nonext,
                 listed=listed)  # fmt: skip


@pytest.mark.parametrize(
    ("known", "term", "expected"),
    [
        (facts(("2026SP",)), "2026SP", Offer(True)),
        (facts(("2025SP",)), "2026SP",
         Offer(False, "not in the 2026SP term file (listed in 2025SP)")),
        (facts(("2026SP",), ("SP",)), "2026FA", Offer(False, "offered in SP only (2026SP)")),
        (facts(("2026SP",), nonext=True), "2026FA",
         Offer(False, "not offered 2026-2027 (2026SP)")),
        (facts(("2026SP",), nonext=True), "2027FA", Offer(True)),  # every other year
        (facts(("2022FA",)), "2027SP",
         Offer(True, "offering uncertain: listed in 2022FA", uncertain=True)),
        (None, "2026FA",
         Offer(True, "offering uncertain: in no term file coursepick knows", uncertain=True)),
    ],
    ids=["own-file", "own-file-lacks-it", "season", "nonext", "nonext-later", "old", "unknown"],
)  # fmt: skip
def test_an_offer_and_its_evidence(known: Facts | None, term: str, expected: Offer) -> None:
    assert offer(known, term, KNOWN) == expected


def test_a_spring_belongs_to_the_academic_year_of_the_fall_before() -> None:
    assert [academic_year(t) for t in ("2026FA", "2027JA", "2027SP", "2027SU")] == [2026] * 4
