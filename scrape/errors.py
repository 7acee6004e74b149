"""The scraper's exceptions, under the solver's `CoursepickError` so the CLI catches one base.

ScrapeError          a page or file could not be read as MIT data (exit code 2)
├── MeetingTimeError a meeting-time string in MIT notation could not be read
└── FetchError       the network failed after retries (exit code 3)
"""

from solver.errors import CoursepickError


class ScrapeError(CoursepickError):
    """MIT data could not be turned into a catalog."""


class MeetingTimeError(ScrapeError):
    """A meeting-time string could not be read; the message quotes it."""


class FetchError(ScrapeError):
    """A page could not be fetched, even after retries; the message names its URL."""

    exit_code = 3
