"""What the wishes and the tie-breakers ask of the CP-SAT model, as Protocols.

A wish states its points over the model's variables with a few exact building blocks. Writing
those against `Encoder` rather than the engine's `Model` keeps the YAML contract (preferences,
wishes) below the engine: the engine implements the protocol, nothing here imports OR-Tools.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from solver.catalog.schema import Day
from solver.core.options import Option


class Expr(Protocol):
    """A linear expression of the model's variables; a plain int is one too."""

    def __add__(self, other: Any, /) -> "Expr": ...
    def __radd__(self, other: Any, /) -> "Expr": ...
    def __sub__(self, other: Any, /) -> "Expr": ...
    def __rsub__(self, other: Any, /) -> "Expr": ...
    def __mul__(self, other: Any, /) -> "Expr": ...
    def __rmul__(self, other: Any, /) -> "Expr": ...
    def __neg__(self) -> "Expr": ...


class Lit(Expr, Protocol):
    """A Boolean variable of the model (1 when true)."""

    def negated(self) -> "Lit": ...


@dataclass(frozen=True)
class Slot:
    """A distinct meeting time: a day, a span, and the parts of the term it is in."""

    day: Day
    start: int
    end: int
    segments: frozenset[int]


@dataclass(frozen=True)
class Link:
    """A slot of one part of the term and day, and when its run of back-to-back classes began
    (if it is used)."""

    slot: Slot
    used: Lit
    began: Expr  # the start of its run; its own start when unused
    followed: Lit | int  # a used slot starts 0 to `within` minutes after it ends


@dataclass(frozen=True)
class Part:
    """One day of one part of the term, its slots linked into runs, earliest first."""

    day: Day
    links: tuple[Link, ...]


class Encoder(Protocol):
    """The model as a wish sees it: its variables, and exact building blocks (each helper
    variable equals what it names, whichever way the objective pushes, so negative weights and
    bounds on the score mean what they say)."""

    @property
    def take(self) -> Mapping[str, Lit]:
        """Each course: is it taken."""

    @property
    def chosen(self) -> Mapping[Option, Lit]:
        """Each option: is it chosen."""

    @property
    def days(self) -> Mapping[Day, Lit]:
        """Each day some option meets on: does the week have class then."""

    def on(self, day: Day) -> Sequence[tuple[Lit, int, int]]:
        """The slots of `day`: (used, start, end)."""

    def idle(self, day: Day) -> Expr:
        """Idle minutes on `day`: between its first class and its last, with no class."""

    def runs(self, within: float) -> Sequence[Part]:
        """The slots linked into runs of back-to-back classes (gaps of at most `within`)."""

    def any_of(self, literals: Sequence[Lit]) -> Lit | int:
        """Is one of `literals` true (0 when there are none)."""

    def all_of(self, yes: Sequence[Lit], no: Sequence[Lit | int]) -> Lit:
        """Are all of `yes` true and all of `no` false (0 counts as false)."""

    def at_one(self, options: tuple[Option, ...]) -> Lit:
        """Is one of these options (at least one; they clash with each other) chosen."""

    def max_of(self, terms: Sequence[Expr], high: int) -> Expr:
        """The largest of `terms`, known to lie between 0 and `high`."""

    def when(self, condition: Lit, value: Expr, high: int) -> Expr:
        """`value` when `condition` holds, else 0; `value` lies between 0 and `high`."""
