"""Catalog text made printable: the catalog schema refuses control characters (a terminal escape
sequence, a bare carriage return that starts a new spreadsheet row), and no file can hold a lone
surrogate (JSON's `\\ud83d`, half of an emoji cut in two), so every scraper passes the text it
reads through `printable` first."""

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with each run of control characters (tabs and line breaks too) as one space, and
    each lone surrogate as the replacement character U+FFFD."""
    text = _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text
    return _CONTROL.sub(" ", text).strip() if _CONTROL.search(text) else text
