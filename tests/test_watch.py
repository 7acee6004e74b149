"""`coursepick solve FILE --watch` as a student uses it: a real process, its file saved by the
test (in place, half-written, by rename as editors do), each redraw read from its output, and
Ctrl-C to end it. Nothing is timed; every wait has a generous timeout, so a test fails, not hangs.
"""

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from solver.catalog.store import sample_catalog_path
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
