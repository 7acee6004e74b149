"""`coursepick solve --watch`: waiting for saves, and the frame drawn after each.

Editors save in place or by writing a temporary file and renaming it over the old one, so the
folders are watched (not the files, whose inode a rename replaces) and changes are kept only for
the files asked about. The watcher is `watchfiles` (inotify on Linux), not polling.
"""

import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from watchfiles import Change, watch

# After a change, wait this long for more before solving: an editor's save (write, rename,
# chmod) arrives within a few milliseconds, and each millisecond here is one the student waits.
STEP_MS = 10
DEBOUNCE_MS = 200  # group a burst of changes (a checkout, a sync) for at most this long

CLEAR = "\x1b[H\x1b[2J\x1b[3J"  # home, clear the screen and its scrollback


def watch_saves(redraw: Callable[[], set[Path]]) -> NoReturn:
    """Call `redraw` now and after every change to the files it returns (absolute paths),
    until Ctrl-C raises KeyboardInterrupt."""
    files = redraw()

    def wanted(_: Change, path: str) -> bool:
        return Path(path) in files

    while True:
        folders = {file.parent for file in files}
        for _ in watch(*folders, watch_filter=wanted, debounce=DEBOUNCE_MS, step=STEP_MS,
                       recursive=False):  # fmt: skip
            files = redraw()
            if {file.parent for file in files} != folders:
                break  # another catalog is in use: watch its folder from now on


def render_frame(good: str, error: str | None, name: str, took: float, *, clear: bool) -> str:
    """One screen: why the last save did not solve (if it did not), the last good result, and a
    status line ending the frame (which a program reading the output can wait for)."""
    parts = [CLEAR] if clear else []
    if error is not None:
        parts.append(f"{error}\n")
        if good:
            parts.append(f"(the last result that solved:)\n{good}")
    else:
        parts.append(good)
    how = "solved" if error is None else "failed"
    parts.append(
        f"-- {how} at {time.strftime('%H:%M:%S')} in {took * 1000:.0f} ms; watching {name} for"
        " saves (Ctrl-C to stop)\n"
    )
    return "".join(parts)
