"""A fake clock for the scraper (`scrape.fetch.Clock`): its time passes only when it is slept
on, and by `tick` seconds at each look if asked. Waits cost nothing and are recorded, so a test
asserts on what was waited for, never on how long the machine took."""

import threading


class FakeClock:
    def __init__(self, tick: float = 0.0) -> None:
        self.now = 0.0
        self.tick = tick  # seconds that pass each time the time is read: a slow transfer
        self.sleeps: list[float] = []
        self._lock = threading.Lock()  # the client's threads share it

    def monotonic(self) -> float:
        with self._lock:
            self.now += self.tick
            return self.now

    def sleep(self, seconds: float, /) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds
