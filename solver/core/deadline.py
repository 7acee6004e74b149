"""When a run must end: `--time-limit` bounds the whole run, ranking, explanations, correction
sets and what-if alike, each asking how much is left."""

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    """When the whole run must end (None: no limit), as the seconds each solve may still use."""

    at: float | None

    @classmethod
    def after(cls, seconds: float | None) -> "Deadline":
        return cls(time.monotonic() + seconds if seconds else None)

    @property
    def left(self) -> float | None:
        """Seconds left (None: no limit); never 0, which the solvers would read as no limit."""
        return None if self.at is None else max(self.at - time.monotonic(), 0.001)

    @property
    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at


NO_DEADLINE = Deadline(None)
