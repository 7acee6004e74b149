"""What is left, as values: the fewest further subjects and what each unsatisfied requirement
still needs (no solver here, so the views can show them without loading OR-Tools)."""

from dataclasses import dataclass

EXAMPLES = 5  # subjects shown under each unsatisfied requirement


@dataclass(frozen=True)
class Need:
    path: str
    title: str
    still: int  # how many more subjects (or units) it needs
    units: bool
    examples: tuple[str, ...]  # a few subjects of the current catalog that would count


@dataclass(frozen=True)
class Left:
    fewest: int | None  # None: no set found (impossible, or not within the time limit)
    proven: bool
    witness: tuple[str, ...]
    elsewhere: tuple[str, ...]  # witness subjects the current catalog does not offer
    needs: tuple[Need, ...]
    manual: tuple[tuple[str, str], ...]  # (path, title) of requirements a person signs off
    status: str  # "proven", "best within the time limit", "impossible", "unknown"
