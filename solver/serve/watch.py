"""`coursepick solve --watch`: waiting for saves, and the frame drawn after each.

Editors save in place or by writing a temporary file and renaming it over the old one, so the
folders are watched (not the files, whose inode a rename replaces) and changes are kept only for
the files in use. The watcher is `watchfiles`' Rust backend (inotify on Linux), not polling.
"""

import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

# watchfiles.watch() starts its watcher only when first iterated, after our first draw, and a
# save in between would go unseen; its backend, used here, watches from the moment it exists.
from watchfiles._rust_notify import RustNotify

# After a change, wait this long for more before solving: an editor's save (write, rename,
# chmod) arrives within a millisecond or two, and each millisecond here is one the student
# waits. The watcher checks for changes once a step, idle too: measured on 2 cores, a step of
# 10 ms cost 0.2% of a core while idle and 3 ms 0.6%; a save's latency (s26, the example file)
# went from 113 to 100 ms.
STEP_MS = 5
DEBOUNCE_MS = 200  # group a burst of changes (a checkout, a sync) for at most this long

CLEAR = "\x1b[H\x1b[2J\x1b[3J"  # home, clear the screen and its scrollback


def watch_saves(redraw: Callable[[], set[Path]], files: set[Path]) -> NoReturn:
    """Call `redraw` once `files` (absolute paths) are watched, then after every change to the
    files it returns (the preferences and the catalog in use), until Ctrl-C raises
    KeyboardInterrupt."""
    folders, notify = _watcher(files)
    files = redraw()
    while True:
        if {file.parent for file in files} != folders:  # a catalog elsewhere is in use
            old = notify
            folders, notify = _watcher(files)
            # Saves made before the new watcher existed are waiting in the old one.
            pending = old.watch(DEBOUNCE_MS, STEP_MS, STEP_MS, None)
            old.close()
            if _touches(pending, files):
                files = redraw()
            continue
        if _touches(notify.watch(DEBOUNCE_MS, STEP_MS, 0, None), files):
            files = redraw()


def _watcher(files: set[Path]) -> tuple[set[Path], RustNotify]:
    """A watcher of the folders of `files`, their own entries only (not their subfolders)."""
    folders = {file.parent for file in files}
    return folders, RustNotify(sorted(map(str, folders)), False, False, 300, False, False)


def _touches(changes: set[tuple[int, str]] | str, files: set[Path]) -> bool:
    """Whether `changes` (what the watcher returned) include one of `files`."""
    if changes == "signal":  # Ctrl-C, which the watcher catches while it waits
        raise KeyboardInterrupt
    return isinstance(changes, set) and any(Path(path) in files for _, path in changes)


def render_frame(good: str, error: str | None, name: str, took: float, *, clear: bool) -> str:
    """One screen: why the last save did not solve (if it did not), the last good result, and a
    status line ending the frame (which a program reading the output can wait for). A result
    taller than the terminal pushes the first line out of sight, so a failed status line says
    what failed again."""
    parts = [CLEAR] if clear else []
    at = time.strftime("%H:%M:%S")
    watching = f"watching {name} for saves (Ctrl-C to stop)"
    if error is None:
        parts += [good, f"-- solved at {at} in {took * 1000:.0f} ms; {watching}\n"]
    else:
        shown = f"(the last result that solved:)\n{good}" if good else ""
        parts += [f"{error}\n", shown, f"-- failed at {at}: {error}; {watching}\n"]
    return "".join(parts)
