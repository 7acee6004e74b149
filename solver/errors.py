"""The exception tree. The CLI catches `CoursepickError` only and maps each branch to an exit code
(KeyboardInterrupt becomes 130).

CoursepickError              one clear line for the user; exit code 2 unless a subclass says
├── CatalogError             a catalog file is missing, corrupt, or from a newer coursepick
├── PreferencesError         a preferences file is wrong (message starts with FILE:LINE:)
├── CalendarExportError      a schedule cannot become a calendar (the catalog has no term dates)
├── LinkError                a Hydrant share link is damaged, or from another site or term
├── InternalError            exit 70: the model and the checker disagree, a bug to report
└── ScrapeError              MIT data cannot be read (in scrape.errors, beside the scraper)
    ├── MeetingTimeError     a meeting-time string in MIT's notation cannot be read
    ├── BlockError           a subject block of a catalog page cannot be read
    └── FetchError           exit 3: the network failed after retries
"""


class CoursepickError(Exception):
    """An expected failure with a message fit to show the user as it is."""

    exit_code = 2


class CatalogError(CoursepickError):
    """A catalog file cannot be read or written."""


class PreferencesError(CoursepickError):
    """A preferences file is invalid; the message names the file and line."""


class CalendarExportError(CoursepickError):
    """A schedule cannot be exported: the catalog lacks the dates a calendar needs."""


class LinkError(CoursepickError):
    """A Hydrant share link cannot be read: damaged, from another site, or for another term."""


class InternalError(CoursepickError):
    """coursepick contradicted itself: a bug, reported rather than shown as a result."""

    exit_code = 70
