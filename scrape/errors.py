"""The scraper's exceptions, under the solver's `CoursepickError` so the CLI catches one base
(the whole tree is drawn in `solver.errors`).

ScrapeError          a page or file could not be read as MIT data (exit code 2)
├── MeetingTimeError a meeting-time string in MIT notation could not be read
├── BlockError       a subject block of a catalog page could not be read
└── FetchError       the network failed after retries (exit code 3)
"""

from solver.errors import CoursepickError


class ScrapeError(CoursepickError):
    """MIT data could not be turned into a catalog."""


class MeetingTimeError(ScrapeError):
    """A meeting-time string could not be read; the message quotes it."""


class BlockError(ScrapeError):
    """A subject block cannot be read; `text` is the part it choked on."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"{reason}: {text!r}")
        self.text = text
        self.reason = reason


class FetchError(ScrapeError):
    """A page could not be fetched, even after retries; the message names its URL."""

    exit_code = 3
