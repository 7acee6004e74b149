"""The subjects of a term that count toward a requirement path, for elective groups and search
(`from: {requirement: PATH}`): judged by the audit when a group or a search first asks, so a
solve or a search that draws on no requirement loads nothing of the degree room."""

from collections.abc import Sequence
from pathlib import Path

from solver.app.desk import Desk
from solver.catalog.schema import Catalog
from solver.core.degree_keys import DegreeKeys
from solver.core.filters import Toward

AUDIT_LIMIT = 10.0  # seconds for the strict assignment and the fewest left, by default


def toward_of(
    keys: DegreeKeys, taken: Sequence[str], base: Path | None, desk: Desk, catalog: Catalog,
    programs: Sequence[str] = (),
) -> Toward:  # fmt: skip
    """Which subjects of `catalog` count toward a requirement path of these programs (by
    default the file's), judged once per path."""
    found: dict[str, frozenset[str]] = {}

    def toward(path: str) -> frozenset[str]:
        from solver.degree.ask import AuditAsk as Question  # loads OR-Tools: when a group asks
        from solver.degree.ask import requirement_subjects

        if path not in found:
            question = Question(programs=tuple(programs), taken=tuple(taken), keys=keys,
                                base=base, time_limit=AUDIT_LIMIT, left=False)  # fmt: skip
            found[path] = frozenset(requirement_subjects(question, path, desk.cache, catalog))
        return found[path]

    return toward
