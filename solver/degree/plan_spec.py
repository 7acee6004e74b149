"""A planning question and its answers as values: the terms with their limits, the weights, the
candidates, and each ranked plan with its penalty's parts. No solver here, so the views and the
independent checker can read them without loading OR-Tools."""

from collections.abc import Callable
from dataclasses import dataclass, field

from solver.degree.plan_pool import Candidate
from solver.degree.program import Program
from solver.degree.transcript import Taken


@dataclass(frozen=True)
class Weights:
    """The plan's wishes, in hundredths of a point (integers, as CP-SAT needs)."""

    finish: int = 100_000  # per term from the first planned one to the last with a subject
    subjects: int = 1_000  # per subject planned
    balance: int = 10  # per unit (or hour) above the mean load of the terms used
    by_hours: bool = False
    uncertain: int = 500  # per subject whose offering no recent term file confirms
    likes: dict[str, int] = field(default_factory=dict)  # subject -> hundredths taken off


@dataclass(frozen=True)
class Spec:
    terms: tuple[str, ...]
    units_max: tuple[int | None, ...]
    subjects_max: tuple[int | None, ...]
    programs: tuple[Program, ...]
    taken: tuple[Taken, ...]
    pool: tuple[Candidate, ...]
    fixed: dict[str, int] = field(default_factory=dict)  # subject -> index of its term
    weights: Weights = Weights()
    waived: frozenset[str] = frozenset()  # subjects whose prerequisites a correction waives
    canonical: Callable[[str], str] = str.upper  # any number of a subject -> its current one


PARTS = ("finish", "subjects", "balance", "uncertain", "likes")


@dataclass(frozen=True)
class Placed:
    """One ranked plan: where each subject goes, and its penalty in hundredths by part."""

    terms: tuple[tuple[str, ...], ...]  # per planned term, the subjects in it
    points: dict[str, int]
    optimal: bool
    assigned: dict[tuple[str, str], bool] = field(default_factory=dict)  # strict: (subject, leaf)

    @property
    def total(self) -> int:
        return sum(self.points.values())

    @property
    def subjects(self) -> frozenset[str]:
        return frozenset(s for term in self.terms for s in term)


@dataclass(frozen=True)
class Ranking:
    plans: tuple[Placed, ...]
    status: str  # "complete" (no more plans), "top" (as many as asked), "time", "cuts"
    cuts: tuple[tuple[str, ...], ...] = ()  # first-term subject sets with no week


@dataclass(frozen=True)
class Warning:
    subject: str
    kind: str  # "permission", "offering"
    text: str


@dataclass(frozen=True)
class Correction:
    kind: str  # "term", "units", "prereqs"
    text: str
    plan: Placed
    spec: Spec


@dataclass(frozen=True)
class Planned:
    spec: Spec
    ranking: Ranking
    counts: tuple[dict[str, tuple[str, ...]], ...]  # per plan: subject -> requirement paths
    warnings: tuple[tuple[Warning, ...], ...]  # per plan
    manual: tuple[tuple[str, str], ...]  # (path, title) a person signs off: not asked of plans
    corrections: tuple[Correction, ...]
