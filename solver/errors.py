"""The exception tree. The CLI catches `CoursepickError` only and maps each branch to an exit code.

CoursepickError            one clear line for the user; exit code 2 unless a subclass says
├── CatalogError           a catalog file is missing, corrupt, or from a newer coursepick
├── PreferencesError       a preferences file is wrong (message starts with FILE:LINE:)
└── (scrape.errors)        ScrapeError, FetchError (exit 3) live beside the scraper
"""


class CoursepickError(Exception):
    """An expected failure with a message fit to show the user as it is."""

    exit_code = 2


class CatalogError(CoursepickError):
    """A catalog file cannot be read or written."""


class PreferencesError(CoursepickError):
    """A preferences file is invalid; the message names the file and line."""
