"""When a run must end: one `Deadline` bounds the whole run (ranking, explanations, correction
sets, what-if), each step asking how much is left. Its clock is injectable, so a test decides
when time runs out instead of the machine's speed."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

Clock = Callable[[], float]  # seconds, monotonic


@dataclass(frozen=True)
class Deadline:
    """When the whole run must end (None: no limit), on `clock`."""

    at: float | None
    clock: Clock = field(default=time.monotonic, compare=False)

    @classmethod
    def after(cls, seconds: float | None, clock: Clock = time.monotonic) -> "Deadline":
        """`seconds` from now (None or 0: no limit)."""
        return cls(clock() + seconds if seconds else None, clock)

    @property
    def left(self) -> float | None:
        """Seconds left (None: no limit, 0 once passed: also when the clock says the end of
        time, as a cancelled call's does)."""
        if self.at is None:
            return None
        remaining = self.at - self.clock()
        return remaining if remaining > 0 else 0.0

    @property
    def passed(self) -> bool:
        return self.at is not None and self.clock() >= self.at


NO_DEADLINE = Deadline(None)
