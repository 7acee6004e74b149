"""The degree room's exceptions, under `CoursepickError` so the doors catch one base.

RequirementsError        a requirement list cannot be read (exit code 2)
AuditError               an audit cannot be asked as given: an unknown program or path (2)
"""

from solver.errors import CoursepickError


class RequirementsError(CoursepickError):
    """A requirement list is malformed or cannot be found; the message names the file and line."""


class AuditError(CoursepickError):
    """An audit names something that does not exist: a program id, a node path, a subject."""
