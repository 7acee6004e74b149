"""The HTTP client the scraper fetches with: polite, retrying, and cached on disk.

Requests go through three layers: an RFC 9111 cache (hishel 2) that revalidates every entry, so a
second scrape costs the server only conditional requests; retries (httpx-retries) with exponential
backoff on network errors, timeouts, 429 and 5xx; and a per-host bound on concurrency plus a delay
between request starts. Every body is read within bounds, before the cache can store it: at most
`max_bytes` once decompressed (a gzip bomb stops there) and within `deadline` seconds from the
first byte to the last (a server that trickles a byte a second is given up on). Every wait and
every look at the time goes through one `Clock` (the `time` module, or a test's). Only
`fetch_text` turns failures into `FetchError`.
"""

import codecs
import re
import threading
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Protocol

import httpx
from hishel import CacheOptions, SqliteStorage
from hishel.httpx import CacheTransport
from httpx_retries import Retry, RetryTransport

from scrape.errors import FetchError


def _version() -> str:
    try:
        return version("coursepick")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "dev"


USER_AGENT = f"coursepick/{_version()} (+https://github.com/coursepick; schedule planner)"
CACHE_FILE = "http-cache.sqlite"
DEFAULT_PER_HOST = 2
MAX_BYTES = 32 << 20  # ten times a whole Hydrant term (3 MiB); a catalog page is far less
DEADLINE = 120.0  # seconds from a response's first byte to its last
ATTEMPTS_KEY = "coursepick.attempts"  # request and response extension: how many tries it took
# Too many requests, or a server error that may pass.
RETRY_STATUSES = frozenset({httpx.codes.TOO_MANY_REQUESTS, *range(500, 600)})


class Clock(Protocol):
    """Seconds that only go forward, and a pause: the `time` module itself, or a test's fake."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float, /) -> None: ...


def build_client(
    *,
    cache_dir: Path | None,
    user_agent: str = USER_AGENT,
    timeout: float = 30.0,
    attempts: int = 4,
    backoff: float = 1.0,
    max_wait: float = 60.0,
    per_host: int = DEFAULT_PER_HOST,
    delay: float = 0.5,
    max_bytes: int = MAX_BYTES,
    deadline: float = DEADLINE,
    clock: Clock = time,
) -> httpx.Client:
    """A client for MIT's servers; close it when done (it owns the cache database).

    `attempts` counts the first try; waits double from `backoff` seconds up to `max_wait`, which
    also caps how long a `Retry-After` is honoured. `delay` spaces request starts per host.
    `max_bytes` and `deadline` bound each response's body, decompressed, and its transfer, as
    `clock` tells the time; the delay and the retries' waits are its pauses.
    """
    if attempts < 1 or per_host < 1:
        raise ValueError(f"attempts ({attempts}) and per_host ({per_host}) must be at least 1")
    if max_wait <= 0:
        raise ValueError(f"max_wait ({max_wait}) must be positive")
    retry = _ClockedRetry(
        clock,
        total=attempts - 1,  # retries, after the first try
        # Retry n waits backoff_factor * 2**n: the first waits `backoff`. No jitter, as documented.
        backoff_factor=backoff / 2,
        backoff_jitter=0,
        max_backoff_wait=max_wait,
        status_forcelist=RETRY_STATUSES,
    )
    polite = PoliteTransport(
        httpx.HTTPTransport(), per_host=per_host, delay=delay, max_bytes=max_bytes,
        deadline=deadline, clock=clock,
    )  # fmt: skip
    transport: httpx.BaseTransport = _CountedRetryTransport(polite, retry=retry)
    headers = {"User-Agent": user_agent}
    if cache_dir is not None:
        storage = SqliteStorage(database_path=cache_dir / CACHE_FILE)
        # A private cache, as a browser's: it may keep what a shared proxy must not.
        transport = CacheTransport(transport, storage=storage, rfc=CacheOptions(shared=False))
        # Always revalidate: the schedule changes during registration, and a conditional request
        # answered with 304 costs the server next to nothing.
        headers["Cache-Control"] = "no-cache"
    return httpx.Client(
        transport=transport,
        headers=headers,
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
    )


def fetch_text(client: httpx.Client, url: str) -> str:
    """GET a page's text; anything but a 200 after the client's retries is a `FetchError`."""
    try:
        response = client.get(url)
    except httpx.InvalidURL as error:
        raise FetchError(f"could not fetch {url}: invalid URL ({error})") from None
    except httpx.HTTPError as error:
        notes = "; ".join(getattr(error, "__notes__", []))
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        detail = f" ({notes})" if notes else ""
        raise FetchError(f"could not fetch {url}: {reason}{detail}") from None
    if response.status_code != httpx.codes.OK:
        detail = _give_up_detail(response)
        raise FetchError(
            f"could not fetch {url}: HTTP {response.status_code} "
            f"{httpx.codes.get_reason_phrase(response.status_code)}{detail}"
        )
    return decode(response.content, response.headers.get("Content-Type", ""))


class BodyTooLarge(httpx.HTTPError):
    """A response body past the client's bounds (size or time): not retried, not cached."""


class _ClockedRetry(Retry):
    """httpx-retries' policy, waiting with our clock (it calls `time.sleep` itself)."""

    def __init__(self, clock: Clock = time, **settings: object) -> None:
        super().__init__(**settings)  # type: ignore[arg-type]
        self.clock = clock

    def copy_with(self, **changes: object) -> Retry:  # type: ignore[override]
        # Each retry is a copy, which the library makes by calling the class with its own
        # settings only: the clock is handed on here.
        copy = super().copy_with(**changes)  # type: ignore[arg-type]
        copy.clock = self.clock  # type: ignore[attr-defined]
        return copy

    def sleep(self, response: httpx.Response | Exception) -> None:
        # As the library's own `sleep`: Retry-After (capped), else the backoff.
        headers = response.headers if isinstance(response, httpx.Response) else httpx.Headers()
        seconds = self._calculate_sleep(headers)
        self.clock.sleep(seconds)
        self.elapsed_sleep += seconds


class _CountedRetryTransport(RetryTransport):
    """httpx-retries, plus two things it lacks: how many tries a request took (on the response, or
    as a note on the error), and leaving alone a server that asks for a longer pause than
    `max_backoff_wait` (httpx-retries would wait that long, then ask again)."""

    def __init__(self, inner: httpx.BaseTransport, *, retry: Retry) -> None:
        super().__init__(transport=_Try(inner, max_wait=retry.max_backoff_wait), retry=retry)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.extensions[ATTEMPTS_KEY] = 0
        try:
            response = super().handle_request(request)
        except _LeftAlone as left:
            response = left.response
        except httpx.HTTPError as error:
            if (tries := request.extensions[ATTEMPTS_KEY]) > 1:
                error.add_note(f"gave up after {tries} attempts")
            raise
        response.extensions[ATTEMPTS_KEY] = request.extensions[ATTEMPTS_KEY]
        return response


class _Try(httpx.BaseTransport):
    """Below httpx-retries, so it sees every try: counts them, and ends the retrying when the
    server asks for a longer pause than we will wait (httpx-retries looks at the status only)."""

    def __init__(self, inner: httpx.BaseTransport, *, max_wait: float) -> None:
        self.inner = inner
        self.max_wait = max_wait

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.extensions[ATTEMPTS_KEY] += 1
        response = self.inner.handle_request(request)
        if (asked := _asked_wait(response)) is not None and asked > self.max_wait:
            raise _LeftAlone(response)
        return response

    def close(self) -> None:
        self.inner.close()


class _LeftAlone(Exception):
    """Carries a response past httpx-retries, which gives up at once on an exception it does not
    retry; `_CountedRetryTransport` returns the response."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response)
        self.response = response


class PoliteTransport(httpx.BaseTransport):
    """At most `per_host` requests in flight to one host, their starts `delay` seconds apart,
    each body read whole here, within `max_bytes` (decompressed) and `deadline` seconds, all as
    `clock` tells the time."""

    def __init__(
        self, inner: httpx.BaseTransport, *, per_host: int, delay: float,
        max_bytes: int = MAX_BYTES, deadline: float = DEADLINE, clock: Clock = time,
    ) -> None:  # fmt: skip
        self.inner = inner
        self.per_host = per_host
        self.delay = delay
        self.max_bytes, self.deadline = max_bytes, deadline
        self.clock = clock
        self._hosts: dict[tuple[str, str, int | None], _Host] = {}
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = self._host(request.url)
        with host.slots:
            host.wait_turn(self.delay, self.clock)
            response = self.inner.handle_request(request)
            try:
                # Read here so the slot covers the whole transfer, not just the headers.
                body = self._bounded_body(response)
            finally:
                response.close()
            headers = [(k, v) for k, v in response.headers.multi_items()
                       if k.lower() not in ("content-encoding", "content-length")]  # fmt: skip
            return httpx.Response(
                response.status_code, headers=headers, content=body, request=request,
                extensions=response.extensions,
            )  # fmt: skip

    def _bounded_body(self, response: httpx.Response) -> bytes:
        """The decompressed body, read chunk by chunk against the size and time bounds."""
        started, size, chunks = self.clock.monotonic(), 0, []
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise BodyTooLarge(
                    f"the response is larger than {self.max_bytes >> 20} MiB once decompressed"
                )
            if self.clock.monotonic() - started > self.deadline:
                raise BodyTooLarge(f"the response took longer than {self.deadline:g} s to arrive")
            chunks.append(chunk)
        return b"".join(chunks)

    def _host(self, url: httpx.URL) -> "_Host":
        key = (url.scheme, url.host, url.port)
        with self._lock:
            return self._hosts.setdefault(key, _Host(self.per_host))

    def close(self) -> None:
        self.inner.close()


class _Host:
    def __init__(self, per_host: int) -> None:
        self.slots = threading.BoundedSemaphore(per_host)
        self._lock = threading.Lock()
        self._next_start = 0.0

    def wait_turn(self, delay: float, clock: Clock) -> None:
        # The lock is held while sleeping, and the next turn counted from when this one really
        # began: a sleep that overruns (a busy machine) must not shorten the gap that follows.
        with self._lock:
            if (pause := self._next_start - clock.monotonic()) > 0:
                clock.sleep(pause)
            self._next_start = clock.monotonic() + delay


def _give_up_detail(response: httpx.Response) -> str:
    parts = []
    if (attempts := response.extensions.get(ATTEMPTS_KEY)) and attempts > 1:
        parts.append(f"after {attempts} attempts")
    if (asked := _asked_wait(response)) is not None:
        parts.append(f"the server asks to retry after {asked:.0f} s")
    return f" ({'; '.join(parts)})" if parts else ""


def _asked_wait(response: httpx.Response) -> float | None:
    """Seconds a retryable response's `Retry-After` asks for; None if it asks nothing readable."""
    value = response.headers.get("Retry-After")
    if value is None or response.status_code not in RETRY_STATUSES:
        return None
    try:
        # A method, though it reads no settings: delta seconds or an HTTP date.
        return Retry().parse_retry_after(value)
    except ValueError:
        return None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode(content: bytes, content_type: str) -> str:
    """A page's text in the charset it declares (HTTP header, else a <meta> tag), stray bytes
    replaced; with none declared, UTF-8, where a byte that is not UTF-8 is read as Windows-1252,
    the usual encoding of older hand-made pages (curly quotes stay quotes)."""
    declared = httpx.Headers({"Content-Type": content_type}).get("content-type", "")
    charset = next((part.split("=", 1)[1].strip("\"' ") for part in declared.split(";")
                    if part.strip().lower().startswith("charset=")), None)  # fmt: skip
    if charset is None and (found := _META_CHARSET.search(content[:4096])):
        charset = found[1].decode("ascii")
    if charset is not None:
        try:
            return content.decode(charset, errors="replace")
        except LookupError:  # a charset Python does not know: read as if none were declared
            pass
    return content.decode("utf-8", errors=_STRAY_AS_CP1252)


def _stray_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 could not read, one by one, as Windows-1252 (else U+FFFD)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    stray = error.object[error.start : error.end]
    return stray.decode("cp1252", errors="replace"), error.end


_STRAY_AS_CP1252 = "coursepick-stray-as-cp1252"
codecs.register_error(_STRAY_AS_CP1252, _stray_as_cp1252)
