"""What a student has taken, as the doors give it: a list or a text of subjects and GIRs
(`"6.100A 6.1200, CAL1"`), and the `taken:` of a preferences file."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from solver.catalog.schema import Catalog
from solver.catalog.science_core import subject_girs
from solver.core.degree_keys import DegreeKeys
from solver.core.eligibility import GirsOf, Record, record_of
from solver.core.preferences import load_preferences

if TYPE_CHECKING:  # the facts of every saved term load only for a subject this term lacks
    from solver.degree.facts import SubjectFacts


def parse_taken(text: str) -> list[str]:
    """`"6.100A 6.1200, CAL1"`: subjects and GIRs, by spaces or commas."""
    return text.replace(",", " ").split()


@dataclass(frozen=True)
class Taken:
    """Subjects and GIRs taken, and a preferences file whose `taken:` adds to them; a record
    is asked for only when one of the two is given."""

    listed: Sequence[str] | None = None
    prefs: Path | None = None

    @classmethod
    def of(cls, given: Sequence[str] | str | None, prefs: Path | None = None) -> "Taken":
        listed = parse_taken(given) if isinstance(given, str) else given
        return cls(listed, prefs)

    @property
    def given(self) -> bool:
        return self.listed is not None or self.prefs is not None

    def read(self) -> tuple[list[str], DegreeKeys, Path | None]:
        """Everything taken (the list and the file's), the file's degree keys (its programs),
        and the file's folder (where its `.reql` paths start)."""
        taken = list(self.listed or ())
        if self.prefs is None:
            return taken, DegreeKeys(), None
        prefs = load_preferences(self.prefs)[0]
        return [*taken, *prefs.taken], prefs, self.prefs.parent

    def record(self, catalog: Catalog, girs_of: GirsOf | None = None) -> Record | None:
        """The record against `catalog`; None when nothing was said of what was taken."""
        return record_of(catalog, self.read()[0], girs_of) if self.given else None


def girs_known(cache: Path, catalog: Catalog) -> GirsOf:
    """A taken subject's GIRs: the current term's (a subject it lists under this number, an old
    number or a joint one; else the science-core table's), and for a subject the current term
    lacks, the saved terms', read only then (their facts' index, not merged whole)."""
    facts: SubjectFacts | None = None

    def girs_of(number: str) -> tuple[str, ...]:
        nonlocal facts
        key = number.strip().upper()
        subject = catalog.subject(key) or next(
            (s for s in catalog.subjects if key in s.same_as), None
        )
        if subject is not None:
            return subject_girs(subject, number)
        if facts is None:
            from solver.degree.facts import load_facts

            facts = load_facts(cache)
        return facts.girs_of(number) or subject_girs(None, number)

    return girs_of
