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
    KeyboardInterrupt.

    Each file's folder is watched, and that folder's own folder, so that a folder deleted and
    made again (a checkout, a new cache) is watched anew. A change made while watchers are
    swapped is not lost: each file's state (size, time, inode) as of its last drawing is
    compared with its state once the new watcher is up."""
    watching = _Watching(files)
    seen = _stamps(files)
    files = redraw()
    seen |= {file: stamp for file, stamp in _stamps(files).items() if file not in seen}
    while True:
        changed = watching.wait(files)
        if changed or _stamps(files) != {file: seen.get(file) for file in files}:
            seen = _stamps(files)
            files = redraw()
            seen |= {file: stamp for file, stamp in _stamps(files).items() if file not in seen}


class _Watching:
    """The watcher of the folders of some files (and of each folder's own folder), made anew
    whenever the files' folders change or a watched folder is deleted, made or moved."""

    def __init__(self, files: set[Path]) -> None:
        self.folders: set[Path] = set()
        self.notify: RustNotify | None = None
        self._renew(files)

    def wait(self, files: set[Path]) -> bool:
        """Until a change: True when one of `files` changed; False when the watcher had to be
        made anew (then the caller compares the files with what it drew)."""
        if {file.parent for file in files} != self.folders:
            self._renew(files)
            return False
        assert self.notify is not None
        changes = self.notify.watch(DEBOUNCE_MS, STEP_MS, 0, None)
        if changes == "signal":  # Ctrl-C, which the watcher catches while it waits
            raise KeyboardInterrupt
        paths = {Path(path) for _, path in changes} if isinstance(changes, set) else set()
        if any(
            path == folder or path in folder.parents for path in paths for folder in self.folders
        ):
            self._renew(files)
            return False
        return not paths.isdisjoint(files)

    def _renew(self, files: set[Path]) -> None:
        if self.notify is not None:
            self.notify.close()
        self.folders = {file.parent for file in files}
        watched = {_existing(path) for folder in self.folders for path in (folder, folder.parent)}
        self.notify = RustNotify(sorted(map(str, watched)), False, False, 300, False, False)


def _existing(path: Path) -> Path:
    """`path`, or its nearest folder that exists (whose changes say when it comes back)."""
    while not path.is_dir() and path != path.parent:
        path = path.parent
    return path


def _stamps(files: set[Path]) -> dict[Path, tuple[int, int, int] | None]:
    """Each file's size, time and inode (None when it cannot be read)."""
    found: dict[Path, tuple[int, int, int] | None] = {}
    for file in files:
        try:
            info = file.stat()
            found[file] = (info.st_size, info.st_mtime_ns, info.st_ino)
        except OSError:
            found[file] = None
    return found


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
