"""`coursepick solve FILE --watch` as a student uses it: a real process, its file saved by the
test (in place, half-written, by rename as editors do), each redraw read from its output, and
Ctrl-C to end it. Nothing is timed; every wait has a generous timeout, so a test fails, not hangs.
"""

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from solver.catalog.store import sample_catalog_path
from solver.serve.watch import watch_saves
from tests.factories import run_cli

WAIT = 60  # seconds for one redraw: far beyond the ~0.1 s it takes, for a loaded CI machine
PREFERENCES = (
    'required: ["6.1210", "18.03"]\ntaken: [6.1200, 6.1010, 18.02]\nwishes: {fewer_days: 1}\n'
    "top: 3\n"
)  # prerequisites met: no note above the table


class Watcher:
    """A `coursepick solve --watch` process and the frames it has drawn."""

    def __init__(self, folder: Path, *options: str) -> None:
        command = [sys.executable, "-m", "solver", "solve", "mine.yaml", "--watch", *options]
        self.process = subprocess.Popen(
            command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=_interruptible,
        )  # fmt: skip
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def frame(self, status: str = "-- ") -> str:
        """The next frame whose status line starts with `status` (`-- solved`, `-- failed`):
        every line up to it. An in-place save may come as two changes (emptied, then written),
        and then as two frames alike; frames of another status are passed over."""
        lines: list[str] = []
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no redraw within {WAIT} s; so far: {lines}") from None
            if line is None:
                raise AssertionError(f"the watcher ended: {lines} {self.stop()}")
            lines.append(line)
            if line.startswith(status):
                return "".join(lines)
            if line.startswith("-- "):
                lines = []

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, then its exit code and stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        assert self.process.stderr is not None
        said = self.process.stderr.read()
        self.close()
        return code, said

    def close(self) -> None:
        """Close the pipes once the process has ended (the reader reads its pipe to the end)."""
        self.reader.join(timeout=WAIT)
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()


def _interruptible() -> None:
    """Ctrl-C back to its default in the watcher: a suite started in the background (`&` in a
    script) ignores SIGINT, its children inherit that, and the watcher would never stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[Path, list[Watcher]]]:
    """A folder holding mine.yaml, and the watchers a test starts there (each stopped after)."""
    (tmp_path / "mine.yaml").write_text(PREFERENCES)
    started: list[Watcher] = []
    yield tmp_path, started
    for watcher in started:
        if watcher.process.poll() is None:
            watcher.process.kill()
            watcher.process.wait(timeout=WAIT)
        watcher.close()


def save_by_rename(path: Path, text: str) -> None:
    """As editors save: a new file beside the old one, renamed over it."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def test_redraws_after_saves_survives_a_broken_one_and_ends_on_ctrl_c(watching):
    folder, started = watching
    mine, report = folder / "mine.yaml", folder / "report.html"
    watcher = Watcher(folder, "--catalog", str(sample_catalog_path()), "--html", "report.html")
    started.append(watcher)

    first = watcher.frame()
    assert "2026SP (sample): the 3 best schedules" in first
    assert first.splitlines()[-1].startswith("-- solved at ")
    assert "saved report -> report.html" in first
    drawn = report.read_text()

    mine.write_text('required: ["6.1210"\n')  # saved half-written, in place
    broken = watcher.frame("-- failed")
    lines = broken.splitlines()
    assert lines[0] == (
        "mine.yaml:2: YAML syntax error: expected ',' or ']', but got '<stream end>' (check"
        " indentation, colons and quotes)"
    )  # the line `coursepick solve mine.yaml` prints for the same file
    assert "2026SP (sample): the 3 best schedules" in broken  # the last good result, below it
    assert lines[-1].startswith("-- failed at ")
    assert f": {lines[0]}; watching mine.yaml" in lines[-1]  # in sight when the table is tall

    save_by_rename(mine, PREFERENCES.replace("top: 3", "top: 2"))
    fixed = watcher.frame("-- solved")
    assert fixed.startswith("saved report")  # no error line any more
    assert "2026SP (sample): the 2 best schedules" in fixed
    assert fixed.splitlines()[-1].startswith("-- solved at ")
    assert report.read_text() != drawn  # the report was rewritten for the new result

    assert watcher.stop() == (0, "")


def test_a_saved_catalog_is_read_again(watching):
    folder, started = watching
    catalog = folder / "catalog.json"
    document = json.loads(sample_catalog_path().read_text())
    catalog.write_text(json.dumps(document))
    watcher = Watcher(folder, "--catalog", "catalog.json", "--wide")
    started.append(watcher)
    assert "Introduction to Algorithms" in watcher.frame()

    for subject in document["subjects"]:
        if subject["number"] == "6.1210":
            subject["title"] = "Algorithms, Renamed by a Fresh Scrape"
    save_by_rename(catalog, json.dumps(document))
    again = watcher.frame()
    assert "Algorithms, Renamed by a Fresh Scrape" in again
    assert "Introduction to Algorithms" not in again
    assert watcher.stop() == (0, "")


def test_watch_draws_the_table_only(tmp_path):
    (tmp_path / "mine.yaml").write_text(PREFERENCES)
    code, out, err = run_cli("solve", tmp_path / "mine.yaml", "--watch", "--format", "json")
    assert (code, out, err) == (2, "", "coursepick: --watch draws the table: leave out --format\n")


# The watcher itself, in process: a redraw that stops the watch by raising KeyboardInterrupt.


def _watch(files: set[Path], steps: list) -> list[int]:
    """Run `watch_saves` with a redraw doing `steps[k]()` on its k-th call (then returning the
    files), and ending the watch as the last step is drawn: how many redraws there were."""
    calls: list[int] = []

    def redraw() -> set[Path]:
        calls.append(len(calls))
        drawn = steps[len(calls) - 1]() or files
        if len(calls) == len(steps):
            raise KeyboardInterrupt
        return drawn

    timer = threading.Timer(WAIT, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()  # a watch that would never see the change fails instead of hanging
    try:
        with contextlib.suppress(KeyboardInterrupt):
            watch_saves(redraw, files)
    finally:
        timer.cancel()
    return calls


def test_a_save_made_while_the_watchers_are_swapped_is_not_lost(tmp_path):
    mine, elsewhere = tmp_path / "mine.yaml", tmp_path / "other" / "catalog.json"
    mine.write_text("a\n")
    elsewhere.parent.mkdir()
    elsewhere.write_text("{}")

    def first() -> set[Path]:  # the catalog is in another folder: the watcher is made anew,
        mine.write_text("b, saved while drawing\n")  # and this save comes before it exists
        return {mine, elsewhere}

    assert _watch({mine}, [first, lambda: None]) == [0, 1]


def test_a_folder_deleted_and_made_again_is_watched_anew(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    mine = folder / "mine.yaml"
    mine.write_text("a\n")

    def first() -> None:
        def later() -> None:
            shutil.rmtree(folder)
            folder.mkdir()
            mine.write_text("b\n")  # in the new folder, which a stale watcher would not see

        threading.Timer(0.2, later).start()

    assert _watch({mine}, [first, lambda: None]) == [0, 1]


def test_a_catalog_folder_that_is_gone_does_not_end_the_watch(tmp_path):
    mine, gone = tmp_path / "mine.yaml", tmp_path / "cache" / "catalogs" / "2026SP.json"
    mine.write_text("a\n")

    def first() -> set[Path]:
        threading.Timer(0.2, lambda: mine.write_text("b\n")).start()
        return {mine, gone}  # a catalog whose folder does not exist (any more)

    assert _watch({mine}, [first, lambda: None]) == [0, 1]
