"""Fixtures shared by the tests: a cache directory of their own, a real HTTP server on
127.0.0.1 for the scraper's tests, and the real Spring 2026 term where ../shared has it; and
hypothesis's settings, with no timings."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

# No property test may fail for the machine's speed: hypothesis's deadline per example (200 ms)
# and its health check of slow data generation are timings, which a loaded machine breaks.
settings.register_profile("coursepick", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("coursepick")


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    """`COURSEPICK_CACHE_DIR` in a temporary directory: no test reads or writes a user's cache."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("COURSEPICK_CACHE_DIR", str(directory))
    return directory


REAL_TERM = Path(__file__).resolve().parents[2] / "shared" / "data" / "mit" / "hydrant" / "s26.json"


@pytest.fixture(scope="session")
def real_catalog(tmp_path_factory) -> Path:
    """Hydrant's Spring 2026 file as a saved catalog, built once; skipped where it is absent."""
    if not REAL_TERM.exists():
        pytest.skip(f"real Hydrant data not found at {REAL_TERM} (../shared is not checked out)")
    from scrape.hydrant import parse_hydrant
    from solver.catalog.store import save_catalog

    # A fixed fetch time: the calendar's DTSTAMP comes from it, and the file's mtime varies.
    catalog = parse_hydrant(
        REAL_TERM.read_bytes(), source_url="s26.json", fetched_at=datetime(2026, 1, 5, tzinfo=UTC)
    )
    path = tmp_path_factory.mktemp("real") / "2026SP.json"
    save_catalog(catalog, path)
    return path


class CountingServer(HTTPServer):
    """Knows how many requests it is still answering, so a test can wait until none is left.

    The server logs a request only once its handler returns. A handler still running when its
    test ends (a stalled page the client gave up on) would log its request into the next test.
    """

    def __init__(self) -> None:
        # Threaded, so a stalled handler does not hold up the pages fetched beside it.
        super().__init__(host="127.0.0.1", port=0, threaded=True)
        self._answering = 0
        self._changed = threading.Condition()

    def application(self, request: Request) -> Response:
        with self._changed:
            self._answering += 1
        try:
            return super().application(request)
        finally:
            with self._changed:
                self._answering -= 1
                self._changed.notify_all()

    def wait_answered(self, timeout: float = 10.0) -> None:
        """Return once every request that arrived is answered and logged."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._answering == 0, timeout):
                left = self._answering
                raise RuntimeError(f"{left} request(s) still unanswered after {timeout} s")


@contextmanager
def one_test(server: CountingServer) -> Iterator[CountingServer]:
    """The server as one test sees it: nothing from earlier tests, nothing left running after."""
    server.clear()
    yield server
    server.wait_answered()


@pytest.fixture(scope="module")
def server() -> Iterator[CountingServer]:
    server = CountingServer()
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def httpserver(server: CountingServer) -> Iterator[CountingServer]:
    with one_test(server):
        yield server
