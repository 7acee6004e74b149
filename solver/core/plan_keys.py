"""The `plan:` section of a preferences file: which future terms to fill, the limits of each
term, subjects fixed, avoided or wanted, and the plan's wishes with their weights. Term ids are
checked here, once, in order; `solver.degree.plan` turns the section into its own settings."""

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from solver.core.fields import Strict, SubjectNumber, Term, Weight, bounded, one_or_many

SEASON_ORDER = {"JA": 0, "SP": 1, "SU": 2, "FA": 3}
MAX_TERMS = 16  # eight years of falls and springs: more is not a plan


def term_key(term: str) -> tuple[int, int]:
    """A term id's place in time: 2026JA < 2026SP < 2026SU < 2026FA."""
    return int(term[:4]), SEASON_ORDER[term[4:]]


def _limit(value: object) -> object:
    """`units: 54` means `units: {max: 54}`."""
    return {"max": value} if not isinstance(value, dict) else value


class Limit(Strict):
    """`units: {max: 54, 2027SP: 60}`: at most this much in each term, or in the term named."""

    max: int | None = Field(None, ge=0, le=1000, strict=True)
    per_term: dict[Term, Annotated[int, Field(ge=0, le=1000, strict=True)]] = {}

    @model_validator(mode="before")
    @classmethod
    def _terms_apart(cls, value: object) -> object:
        if isinstance(value, dict):
            rest = {k: v for k, v in value.items() if k in ("max", "per_term")}
            terms = {k: v for k, v in value.items() if k not in ("max", "per_term")}
            return {**rest, "per_term": {**rest.get("per_term", {}), **terms}}
        return value

    def of(self, term: str) -> int | None:
        return self.per_term.get(term, self.max)


class Balance(Strict):
    """Per unit (or expected hour) above the mean load of the terms used."""

    weight: Weight = 1.0
    by: Literal["units", "hours"] = "units"


class FinishEarly(Strict):
    """Per term from the first planned term to the last one with a subject."""

    weight: Weight = 1000.0


class FewerSubjects(Strict):
    """Per subject planned: a plan takes nothing it does not need."""

    weight: Weight = 10.0


def _weight_first(value: object) -> object:
    """`finish_early: 5` is its weight."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return {"weight": value} if number else value


WEIGHT_FIRST = BeforeValidator(_weight_first)


class PlanWishes(Strict):
    """The plan's soft wishes. Default: finish as early as possible, then take the fewest
    subjects, then the most even load (each weight larger than the other's whole range)."""

    # Defaults made without validation: no validator is built at import (see Preferences).
    finish_early: Annotated[FinishEarly, WEIGHT_FIRST] = FinishEarly.model_construct()
    fewer_subjects: Annotated[FewerSubjects, WEIGHT_FIRST] = FewerSubjects.model_construct()
    balance: Annotated[Balance, WEIGHT_FIRST] = Balance.model_construct(weight=0.1)
    likes: dict[SubjectNumber, Weight] = {}


class PlanKeys(Strict):
    """`plan:` in a preferences file."""

    terms: Annotated[list[Term], BeforeValidator(one_or_many)] = []
    start: Term | None = Field(None, alias="from")  # with `until`: default the catalog's term
    until: Term | None = None
    summer: bool = Field(False, strict=True)  # with `until`: summers too
    iap: bool = Field(False, strict=True)  # with `until`: IAP too
    units: Annotated[Limit, BeforeValidator(_limit)] = Limit.model_construct(max=60)
    subjects: Annotated[Limit, BeforeValidator(_limit)] = Limit.model_construct()
    fixed: dict[Term, Annotated[list[SubjectNumber], BeforeValidator(one_or_many)]] = {}
    avoid: Annotated[list[SubjectNumber], BeforeValidator(one_or_many)] = []
    want: Annotated[list[SubjectNumber], BeforeValidator(one_or_many)] = []
    wishes: PlanWishes = PlanWishes.model_construct()  # made without validation, as above
    top: int | None = Field(None, ge=1, le=100, strict=True)
    time_limit: Annotated[float, bounded(0, 3600, above=True)] | None = None

    @model_validator(mode="after")
    def _terms_in_order(self) -> "PlanKeys":
        if self.terms and (self.until or self.start):
            raise ValueError("give either terms: [...] or until: (with from:), not both")
        for before, after in zip(self.terms, self.terms[1:], strict=False):
            if term_key(after) <= term_key(before):
                raise ValueError(
                    f"terms: {after} comes after {before}: list each term once, in order"
                )
        if len(self.terms) > MAX_TERMS:
            raise ValueError(f"terms: {len(self.terms)} terms, more than {MAX_TERMS}")
        if self.start and self.until and term_key(self.until) < term_key(self.start):
            raise ValueError(f"until: {self.until} is before from: {self.start}")
        return self


def plan_terms(keys: PlanKeys, first: str) -> list[str]:
    """The terms to fill: as listed, or from `from` (default `first`, the catalog's term) to
    `until`, falls and springs (IAP and summer when asked)."""
    if keys.terms:
        return list(keys.terms)
    if keys.until is None:
        raise ValueError("plan: name the terms to fill: terms: [2026FA, 2027SP] or until: 2028SP")
    start = keys.start or first
    seasons = {"FA", "SP"} | ({"SU"} if keys.summer else set()) | ({"JA"} if keys.iap else set())
    if start[4:] not in seasons:
        seasons.add(start[4:])
    found: list[str] = []
    year, season = int(start[:4]), SEASON_ORDER[start[4:]]
    order = sorted(SEASON_ORDER, key=SEASON_ORDER.__getitem__)
    while (year, season) <= term_key(keys.until):
        term = f"{year}{order[season]}"
        if term[4:] in seasons:
            found.append(term)
        year, season = (year + 1, 0) if season == 3 else (year, season + 1)
    if not found:
        raise ValueError(f"until: {keys.until} is before {start}: there is no term to plan")
    if len(found) > MAX_TERMS:
        raise ValueError(f"until: {len(found)} terms from {start}, more than {MAX_TERMS}")
    return found
