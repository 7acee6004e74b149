"""`search`: subjects by words or number, kept by the filters of an elective group's `from:`
(`solver.app.filters`), by what the student can take and by what fits beside their best
schedule, in the order asked."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from solver.app.desk import Desk
from solver.app.filters import Sort, build_filter
from solver.app.fits import Fits, fitting_rows
from solver.app.given import Given
from solver.app.taken import Taken, girs_known
from solver.app.toward import toward_of
from solver.catalog.schema import Catalog
from solver.catalog.search import Match, search_subjects, sort_matches
from solver.core.eligibility import NOTHING_TAKEN, record_of
from solver.core.filters import Judging, matcher
from solver.core.preferences import Filter


@dataclass(frozen=True)
class SearchAsk:
    text: str = ""
    filters: Mapping[str, object] = field(default_factory=dict)  # by door name, as given
    taken: Taken = Taken()
    fits: Given | None = None  # keep subjects that fit beside these preferences' best week
    sort: Sort = "relevance"
    limit: int | None = None  # rows at most
    programs: Sequence[str] = ()  # for `requirement`: these instead of the preferences' own


@dataclass(frozen=True)
class SearchAnswer:
    matches: list[Match]  # the rows shown, best first
    catalog: Catalog
    sample: bool
    found: int  # rows before the limit
    fits: Fits | None = None  # with `fits`: each row's fit


def answer_search(ask: SearchAsk, desk: Desk) -> SearchAnswer:
    """Rows for the ask; with any filter, only subjects offered this term are kept."""
    spec = build_filter(ask.filters) if ask.filters else None
    opened = desk.open()
    catalog = opened.catalog
    matches = search_subjects(catalog, ask.text, desk.index / f"{catalog.term}.sqlite")
    if spec is not None:
        keep = matcher(spec, catalog.term[4:], _judging(ask, spec, desk, catalog))
        matches = [match for match in matches if keep(match.subject)]
    fits = None
    if ask.fits is not None:
        fits = fitting_rows(ask.fits, matches, desk, catalog)
        rows = fits.rows
        matches = [match for match in matches if match.subject.number in rows]
        if ask.sort == "relevance":  # what fits best first: the best week with it
            matches.sort(key=lambda match: rows[match.subject.number].score)
    matches = sort_matches(matches, ask.sort)
    shown = matches if ask.limit is None else matches[: ask.limit]
    return SearchAnswer(shown, catalog, opened.is_sample, len(matches), fits)


def _judging(ask: SearchAsk, spec: Filter, desk: Desk, catalog: Catalog) -> Judging:
    """What the taken and requirement filters judge against: the record of what was taken,
    and (for `requirement`) the programs of the preferences given, or those asked for."""
    if spec.requirement is None:
        return Judging(ask.taken.record(catalog, girs_known(desk.cache, catalog)) or NOTHING_TAKEN)
    taken, keys, base = ask.taken.read()
    toward = toward_of(keys, taken, base, desk, catalog, ask.programs)
    return Judging(record_of(catalog, taken, girs_known(desk.cache, catalog)), toward)
