"""One program as the audit's models see it: its tree, its overrides and its sharing group."""

from dataclasses import dataclass

from solver.degree.tree import Node


@dataclass(frozen=True)
class Program:
    """One program as the model sees it: its tree, overrides and sharing group."""

    id: str
    root: Node
    met: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    overlay: frozenset[str] = frozenset()
    group: int | None = None  # programs of one group share no subject; None: free sharing
