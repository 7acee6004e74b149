"""Reading files within bounds, and writing them so that a crash or a full disk never leaves a
half-written one behind, nor a killed writer's temporary file."""

import os
import stat
import tempfile
from pathlib import Path


class Unfit(ValueError):
    """A file that is no regular file, or larger than its kind may be; the message says which."""


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, checked before reading: a device
    (`/dev/zero`) or a huge file would take all the memory there is."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise Unfit("not a regular file")
    if info.st_size > max_bytes:
        raise Unfit(f"{info.st_size / (1 << 20):.1f} MiB, more than {max_bytes >> 20} MiB")
    return path.read_bytes()


def write_atomic(path: Path, text: str) -> None:
    """Write `text` as UTF-8; see `write_atomic_bytes`."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it into place.

    The rename is atomic on POSIX and Windows, so readers see the old file or the new one, never
    a truncated mix; on any error the old file is left untouched and the temporary one removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphans(path)
    # The writer's PID is in the name, so a later save can tell an orphan from a live writer's.
    prefix = f".{path.name}.{os.getpid()}."
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; a saved file gets the usual mode
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_orphans(path: Path) -> None:
    """Delete temporary files of `path` left by writers that were killed (kill -9, a power cut)
    before they could clean up; those of writers still running are theirs to finish."""
    import glob  # writes only

    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, as another user
        return True
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
