"""What the command line needs of a terminal: argument types that refuse bad numbers in one line,
`--version`, a progress bar on stderr, and the width a table may take."""

import argparse
import shutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Never, TextIO

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
