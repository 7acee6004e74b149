"""What a student has taken, as the doors give it: a list or a text of subjects and GIRs
(`"6.100A 6.1200, CAL1"`), and the `taken:` of a preferences file."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from solver.catalog.schema import Catalog
from solver.core.eligibility import Record, record_of
from solver.core.preferences import load_preferences


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

    def record(self, catalog: Catalog) -> Record | None:
        """The record against `catalog`; None when nothing was said of what was taken."""
        if self.listed is None and self.prefs is None:
            return None
        taken = list(self.listed or ())
        if self.prefs is not None:
            taken += load_preferences(self.prefs)[0].taken
        return record_of(catalog, taken)
