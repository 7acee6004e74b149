"""Catalog text made printable: the catalog schema refuses control characters (a terminal escape
sequence, a bare carriage return that starts a new spreadsheet row), so every scraper passes the
text it reads through `printable` first."""

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def printable(text: str) -> str:
    """`text` with each run of control characters (tabs and line breaks too) as one space."""
    return _CONTROL.sub(" ", text).strip() if _CONTROL.search(text) else text
