"""`python -m solver` is the `coursepick` command."""

from solver.cli import entry

entry()
