"""Save-to-output latency of `coursepick solve --watch`, measured beside a cold `coursepick solve`
of the same file, the two interleaved in one run so that both see the same machine.

A save is what an editor does (a new file renamed over the old one); its latency runs from the
rename to the watcher's status line, the last line of the redrawn frame, read from its pipe.
"""

import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

from tabulate import tabulate

WAIT = 120  # seconds for one frame before the measurement is given up


def measure_watch(
    command: list[str], preferences: Path, runs: int, cold: Callable[[], float], env: dict
) -> dict:
    """`runs` pairs of (a cold run's wall from `cold()`, a save's latency in the watcher started
    with `command + ["--watch"]`). Each save adds a comment, so the file solves the same."""
    text = preferences.read_text()
    watcher = subprocess.Popen(
        [*command, "--watch"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env=env, preexec_fn=_interruptible,
    )  # fmt: skip
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_read, args=(watcher, lines), daemon=True)
    reader.start()
    walls, latencies = [], []
    try:
        _frame(lines)  # the first solve: as cold as any
        for run in range(runs):
            walls.append(cold())
            temporary = preferences.with_name(f".{preferences.name}.tmp")
            temporary.write_text(f"{text}# save {run}\n")
            started = time.perf_counter()
            os.replace(temporary, preferences)
            status = _frame(lines)
            latencies.append(time.perf_counter() - started)
            if not status.startswith("-- solved"):
                raise RuntimeError(f"the watcher did not solve the saved file: {status.strip()}")
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.wait(timeout=WAIT)
        reader.join(timeout=WAIT)  # it reads to the pipe's end, then the pipe can be closed
        assert watcher.stdout is not None
        watcher.stdout.close()
        preferences.write_text(text)
    return {"cold": walls, "watch": latencies}


def _interruptible() -> None:
    """Ctrl-C back to its default in the watcher: a benchmark started in the background (`&`)
    ignores SIGINT, its children inherit that, and the watcher would never stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _read(process: subprocess.Popen, lines: "queue.Queue[str | None]") -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line)
    lines.put(None)


def _frame(lines: "queue.Queue[str | None]") -> str:
    """The status line that ends the next frame."""
    while True:
        try:
            line = lines.get(timeout=WAIT)
        except queue.Empty:
            raise RuntimeError(f"no frame from the watcher within {WAIT} s") from None
        if line is None:
            raise RuntimeError("the watcher ended before its frame")
        if line.startswith("-- "):
            return line


def render_watch(rows: list[tuple[str, str, dict]], fmt: str) -> str:
    """One row per case: the medians side by side and how many times faster a save is."""
    table = []
    for catalog, case, found in rows:
        cold, warm = median(found["cold"]), median(found["watch"])
        table.append([catalog, case, _ms(cold), _ms(warm), f"{cold / warm:.1f}x",
                      str(len(found["watch"]))])  # fmt: skip
    headers = ["watch", "case", "cold `coursepick solve` (median)",
               "save -> new table, --watch (median)", "faster", "runs"]  # fmt: skip
    return tabulate(table, headers=headers, tablefmt=fmt)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"
