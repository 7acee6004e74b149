"""The HTTP client the scraper fetches with: polite, retrying, and cached on disk.

Requests go through three layers: an RFC 9111 cache (hishel 2) that revalidates every entry, so a
second scrape costs the server only conditional requests; retries with exponential backoff on
network errors, timeouts, 429 and 5xx; and a per-host bound on concurrency plus a delay between
request starts. Only `fetch_text` turns failures into `FetchError`.
"""

import threading
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import httpx
from hishel import CacheOptions, SqliteStorage
from hishel.httpx import CacheTransport

from scrape.errors import FetchError


def _version() -> str:
    try:
        return version("coursepick")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "dev"


USER_AGENT = f"coursepick/{_version()} (+https://github.com/coursepick; schedule planner)"
CACHE_FILE = "http-cache.sqlite"
DEFAULT_PER_HOST = 2
ATTEMPTS_KEY = "coursepick.attempts"  # response extension: how many tries it took


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
) -> httpx.Client:
    """A client for MIT's servers; close it when done (it owns the cache database).

    `attempts` counts the first try; waits double from `backoff` seconds up to `max_wait`, which
    also caps how long a `Retry-After` is honoured. `delay` spaces request starts per host.
    """
    if attempts < 1 or per_host < 1:
        raise ValueError(f"attempts ({attempts}) and per_host ({per_host}) must be at least 1")
    transport: httpx.BaseTransport = RetryTransport(
        PoliteTransport(httpx.HTTPTransport(), per_host=per_host, delay=delay),
        attempts=attempts,
        backoff=backoff,
        max_wait=max_wait,
    )
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
        default_encoding=_guess_encoding,
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
    return response.text


def retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds a `Retry-After` asks for (delta seconds or an HTTP date); None if unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def is_retryable(status: int) -> bool:
    """Too many requests, or a server error that may pass."""
    return status == httpx.codes.TOO_MANY_REQUESTS or status >= 500


class RetryTransport(httpx.BaseTransport):
    """Retries network errors, timeouts, 429 and 5xx with exponential backoff."""

    def __init__(
        self, inner: httpx.BaseTransport, *, attempts: int, backoff: float, max_wait: float
    ) -> None:
        self.inner = inner
        self.attempts = attempts
        self.backoff = backoff
        self.max_wait = max_wait

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            attempt += 1
            wait = min(self.max_wait, self.backoff * 2 ** (attempt - 1))
            try:
                response = self.inner.handle_request(request)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as error:
                if attempt == self.attempts:
                    if attempt > 1:
                        error.add_note(f"gave up after {attempt} attempts")
                    raise
            else:
                asked = retry_after(response.headers.get("Retry-After"), now=datetime.now(UTC))
                # A server that asks for a longer pause than we will wait gets left alone.
                too_long = asked is not None and asked > self.max_wait
                if not is_retryable(response.status_code) or attempt == self.attempts or too_long:
                    response.extensions[ATTEMPTS_KEY] = attempt
                    return response
                response.close()
                wait = asked if asked is not None else wait
            time.sleep(wait)

    def close(self) -> None:
        self.inner.close()


class PoliteTransport(httpx.BaseTransport):
    """At most `per_host` requests in flight to one host, their starts `delay` seconds apart."""

    def __init__(self, inner: httpx.BaseTransport, *, per_host: int, delay: float) -> None:
        self.inner = inner
        self.per_host = per_host
        self.delay = delay
        self._hosts: dict[tuple[str, str, int | None], _Host] = {}
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = self._host(request.url)
        with host.slots:
            host.wait_turn(self.delay)
            response = self.inner.handle_request(request)
            try:
                # Read here so the slot covers the whole transfer, not just the headers.
                response.read()
            except BaseException:
                response.close()
                raise
            return response

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

    def wait_turn(self, delay: float) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + delay
        if start > now:
            time.sleep(start - now)


def _give_up_detail(response: httpx.Response) -> str:
    parts = []
    if (attempts := response.extensions.get(ATTEMPTS_KEY)) and attempts > 1:
        parts.append(f"after {attempts} attempts")
    asked = retry_after(response.headers.get("Retry-After"), now=datetime.now(UTC))
    if asked is not None and is_retryable(response.status_code):
        parts.append(f"the server asks to retry after {asked:.0f} s")
    return f" ({'; '.join(parts)})" if parts else ""


def _guess_encoding(content: bytes) -> str:
    """For a response that names no charset: UTF-8 if the bytes are UTF-8, else Windows-1252,
    the usual encoding of older hand-made pages (curly quotes stay quotes)."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"
