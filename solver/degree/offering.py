"""When a subject is offered, as far as the term files tell: the seasons of the newest term file
listing it, "not offered next year" (`nonext`) in that file, the term file of the very term when
there is one, and a flag when no recent term file lists it, with the evidence (which files do).
"""

from dataclasses import dataclass

from solver.degree.facts import Facts

RECENT_YEARS = 2  # a subject in none of the newest two academic years' term files is uncertain


@dataclass(frozen=True, slots=True)
class Offer:
    offered: bool
    why: str = ""  # why not, or why uncertain
    uncertain: bool = False


def academic_year(term: str) -> int:
    """The academic year a term belongs to, by its fall: 2026FA and 2027SP are both 2026."""
    year = int(term[:4])
    return year if term[4:] == "FA" else year - 1


def evidence(facts: Facts | None) -> str:
    if facts is None or not facts.listed:
        return "in no term file coursepick knows"
    return f"listed in {', '.join(facts.listed)}"


def offer(facts: Facts | None, term: str, known: tuple[str, ...]) -> Offer:
    """Is the subject offered in `term`? `known`: the term files there are, oldest first."""
    if facts is None or not facts.listed:
        return Offer(True, f"offering uncertain: {evidence(facts)}", uncertain=True)
    if term in known:  # that term's own file decides
        if term in facts.listed:
            return Offer(True)
        return Offer(False, f"not in the {term} term file ({evidence(facts)})")
    season = term[4:]
    if facts.seasons and season not in facts.seasons:
        return Offer(False, f"offered in {', '.join(facts.seasons)} only ({facts.newest})")
    newest_year = academic_year(facts.newest)
    if facts.nonext and academic_year(term) == newest_year + 1:
        return Offer(False, f"not offered {newest_year + 1}-{newest_year + 2} ({facts.newest})")
    recent = {academic_year(t) for t in known}
    latest = max(recent, default=newest_year)
    if newest_year <= latest - RECENT_YEARS:
        return Offer(True, f"offering uncertain: {evidence(facts)}", uncertain=True)
    return Offer(True)
