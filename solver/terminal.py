"""What the command line needs around its commands: argument types that refuse bad numbers in
one line, `--version`, a progress bar on stderr, the width a table may take, files saved for the
student, and the one line (and a log file) a crash becomes."""

import argparse
import errno
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Never, TextIO

from solver.errors import CoursepickError, InternalError

if TYPE_CHECKING:
    from tqdm import tqdm


class Version(argparse.Action):
    """`--version`, reading the installed version only when asked (it costs a metadata scan)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import version

        print(f"coursepick {version('coursepick')}")
        parser.exit()


def at_least(least: int) -> Callable[[str], int]:
    """An argument type: a whole number of at least `least`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}, not {value}")
        return value

    return parse


def seconds(text: str) -> float:
    """An argument type: a number of seconds, more than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not value > 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return value


def width_of(out: TextIO) -> int:
    """The terminal's width when printing to one, else 80 columns."""
    if out.isatty():
        return shutil.get_terminal_size().columns
    return 80


class Progress:
    """A progress bar on a terminal's stderr (tqdm), shown once a step has taken a second;
    called with (steps done, steps in all)."""

    def __init__(self, err: TextIO, what: str) -> None:
        self.err, self.what = err, what
        self.bar: tqdm[Never] | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and self.err.isatty():  # tqdm is imported only where it is seen
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.what, file=self.err, delay=1, leave=False)
        if self.bar is not None:
            self.bar.update(done - self.bar.n)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.close()


# A full disk or a quota while printing: the output's fault, not coursepick's.
OUTPUT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def crashed(error: BaseException, err: TextIO, cache: Path) -> int:
    """A bug: one line naming a log file that holds the traceback, and exit code 70."""
    import tempfile
    import traceback

    text = "".join(traceback.format_exception(error))
    try:
        folder = cache / "logs"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    log = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    try:
        log.write_text(text, encoding="utf-8")
        where = f"the details are in {log}"
    except OSError:
        where = "and the details could not be saved"
    what = str(error) if isinstance(error, InternalError) else (
        f"internal error ({type(error).__name__}: {error})"
    )  # fmt: skip
    print(f"coursepick: {what}; {where}; please report it", file=err)
    return 70


def save(path: Path, data: bytes, what: str, err: TextIO) -> None:
    """Write a file the student asked for, atomically, and say so on stderr."""
    from solver.catalog.files import write_atomic_bytes

    try:
        write_atomic_bytes(path, data)
    except OSError as error:
        raise CoursepickError(f"{path}: cannot write the {what}: {error.strerror}") from None
    print(f"saved {what} -> {path}", file=err)
