"""How programs share subjects, and the overrides a student writes: the audit's settings, as
values (no solver here, so the preferences contract can name them)."""

from collections.abc import Sequence
from dataclasses import dataclass

GIRS = "girs"  # never strict inside: its parts overlap by MIT's rules


@dataclass(frozen=True)
class Sharing:
    """`free`, `strict` (each program strict inside itself) or `{strict: [ids]}` (those
    programs strict inside and across each other)."""

    strict: frozenset[str] = frozenset()
    together: bool = False

    def group(self, program: str) -> int | None:
        if program not in self.strict or program == GIRS:
            return None
        return 0 if self.together else sorted(self.strict).index(program) + 1


FREE = Sharing()


def strict_sharing(programs: Sequence[str]) -> Sharing:
    return Sharing(frozenset(p for p in programs if p != GIRS))


@dataclass(frozen=True)
class Overrides:
    """Node paths: signed off (`met`), dropped (`ignore`), shared freely (`overlay`)."""

    met: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    overlay: frozenset[str] = frozenset()


NO_OVERRIDES = Overrides()
