"""scrape.crawl, scrape.fetch and scrape.sources against a real HTTP server on 127.0.0.1.

The server serves the fixture pages; tests break one page at a time (429, 503, a stall, a cut-off
body) and check what the crawl makes of it. The client waits on a fake clock, so delays and
backoffs cost nothing and are asserted as what was waited for; a stalled page waits for the test
to release it, so no outcome depends on how fast the machine is.
"""

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrape.catalog_html import parse_catalog_page
from scrape.crawl import PAGE_ATTEMPTS, crawl_catalog
from scrape.errors import FetchError, ScrapeError
from scrape.fetch import build_client, fetch_text
from scrape.sources import Fetching, scrape
from solver.catalog.schema import MAX_JOINT
from tests.clocks import FakeClock
from tests.conftest import one_test

FIXTURES = Path(__file__).parent / "fixtures" / "catalog"
PAGES = {
    "/catalog/index.cgi": "index.cgi.html",
    "/catalog/m6a.html": "m6a.html",
    "/catalog/m6b.html": "m6b.html",
    "/catalog/m21Wa.html": "m21Wa.html",
}
LAST_MODIFIED = "Mon, 05 Jan 2026 12:00:00 GMT"
ATTEMPTS = 3
SUBJECTS = [
    # Index order: m6a, then its sibling m6b, then m21Wa.
    "6.1010",
    "6.1200",
    "6.1300",
    "6.1310",
    "6.1400",
    "6.S191",
    "6.S192",
    "6.S193",
    "6.3900",
    "6.4200",
    "6.5830",
    "6.UR",
    "21W.021",
    "21W.035",
    "21W.825",
]
REAL_HYDRANT = Path(__file__).resolve().parents[2] / "shared" / "data" / "mit" / "hydrant"


def client(
    cache_dir: Path | None = None, clock: FakeClock | None = None, **options: float
) -> httpx.Client:
    """A client whose waits pass on `clock` (a fresh fake one unless given): none is slept."""
    settings = {"timeout": 2.0, "attempts": ATTEMPTS, "backoff": 0.01, "max_wait": 2.0, "delay": 0}
    return build_client(cache_dir=cache_dir, clock=clock or FakeClock(), **(settings | options))


def waiting_for(count: int, arrived: list[float], changed: threading.Condition) -> None:
    """Return once `count` requests have arrived at a stalling handler (it notifies `changed`):
    the client may give up on a request before the server's thread has even begun it."""
    with changed:
        assert changed.wait_for(lambda: len(arrived) >= count, timeout=10), arrived


def fixture_page(name: str) -> Callable[[Request], Response]:
    """Serve a fixture with validators, answering a matching conditional request with 304."""
    body = (FIXTURES / name).read_bytes()
    etag = f'"{name}-v1"'

    def respond(request: Request) -> Response:
        validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers=validators)
        return Response(body, content_type="text/html; charset=utf-8", headers=validators)

    return respond


def serve_catalog(server: HTTPServer) -> str:
    """Register every fixture page (tests put their broken page first); the index URL."""
    for path, name in PAGES.items():
        server.expect_request(path).respond_with_handler(fixture_page(name))
    return server.url_for("/catalog/index.cgi")


def requests_for(server: HTTPServer, path: str) -> list[Request]:
    return [request for request, _ in server.log if request.path == path]


def truncated(name: str) -> str:
    html = (FIXTURES / name).read_text()
    return html[: html.index("Introduction to Machine Learning") + 200]


def test_crawl_reads_every_subject_of_every_page_once(httpserver):
    index = serve_catalog(httpserver)

    with client() as http:
        catalog = crawl_catalog(http, index)

    assert catalog.numbers == SUBJECTS
    assert (catalog.term, catalog.source, catalog.source_url) == ("2026SP", "catalog", index)
    assert [(problem.subject, problem.text) for problem in catalog.problems] == [
        ("6.1500", "TR9.30-"),
        ("21W.789", "Studio:"),
    ]
    for path in PAGES:
        assert len(requests_for(httpserver, path)) == 1, path


def test_progress_goes_to_stderr_only(httpserver, capsys):
    index = serve_catalog(httpserver)

    with client() as http:
        crawl_catalog(http, index, progress=True)

    captured = capsys.readouterr()
    assert captured.out == ""
    assert "catalog pages" in captured.err
    assert "3/3" in captured.err


def test_crawled_subjects_are_the_parsed_page_subjects(httpserver):
    index = serve_catalog(httpserver)

    with client() as http:
        catalog = crawl_catalog(http, index)

    page = parse_catalog_page((FIXTURES / "m6b.html").read_text(), url="unused")
    assert [catalog.subject(subject.number) for subject in page.subjects] == page.subjects


def test_requests_name_coursepick_in_the_user_agent(httpserver):
    index = serve_catalog(httpserver)

    with client() as http:
        crawl_catalog(http, index)

    agents = {request.headers["User-Agent"] for request, _ in httpserver.log}
    assert len(agents) == 1
    assert agents.pop().startswith("coursepick/")


def test_429_with_retry_after_is_waited_out_then_retried(httpserver):
    httpserver.expect_oneshot_request("/catalog/m6a.html").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    index = serve_catalog(httpserver)

    clock = FakeClock()
    with client(clock=clock) as http:
        catalog = crawl_catalog(http, index)

    assert clock.sleeps == [1.0]  # the pause the server asked for, before the one retry
    assert catalog.numbers == SUBJECTS
    assert len(requests_for(httpserver, "/catalog/m6a.html")) == 2


def test_retry_after_longer_than_the_cap_is_not_retried(httpserver):
    httpserver.expect_request("/catalog/m6a.html").respond_with_data(
        "come back in an hour", status=429, headers={"Retry-After": "3600"}
    )
    index = serve_catalog(httpserver)

    with client() as http, pytest.raises(FetchError) as raised:
        crawl_catalog(http, index)

    assert "m6a.html" in str(raised.value)
    assert "the server asks to retry after 3600 s" in str(raised.value)
    assert len(requests_for(httpserver, "/catalog/m6a.html")) == 1


def test_503_until_retries_run_out_fails_naming_the_page(httpserver):
    httpserver.expect_request("/catalog/m6b.html").respond_with_data("down", status=503)
    index = serve_catalog(httpserver)

    clock = FakeClock()
    with client(clock=clock, backoff=1.0) as http, pytest.raises(FetchError) as raised:
        crawl_catalog(http, index)

    message = str(raised.value)
    assert httpserver.url_for("/catalog/m6b.html") in message
    assert f"HTTP 503 Service Unavailable (after {ATTEMPTS} attempts)" in message
    assert len(requests_for(httpserver, "/catalog/m6b.html")) == ATTEMPTS
    assert clock.sleeps == [1.0, 2.0]  # the backoff, doubling from `backoff`


def test_a_stalled_page_times_out_is_retried_then_fails(httpserver):
    stalled: list[float] = []
    changed, release = threading.Condition(), threading.Event()

    def stall(request: Request) -> Response:
        # Counted on arrival: the server logs a request only once it has answered. It answers
        # only once the test lets it (or after a minute, should the test fail first).
        with changed:
            stalled.append(1)
            changed.notify_all()
        release.wait(timeout=60)
        return Response("too late")

    httpserver.expect_request("/catalog/m21Wa.html").respond_with_handler(stall)
    index = serve_catalog(httpserver)

    try:
        with client(timeout=0.1) as http, pytest.raises(FetchError) as raised:
            crawl_catalog(http, index)
        waiting_for(ATTEMPTS, stalled, changed)
    finally:
        release.set()  # the client gave up on every try; let the handlers answer

    message = str(raised.value)
    assert "m21Wa.html" in message
    assert f"ReadTimeout: timed out (gave up after {ATTEMPTS} attempts)" in message
    assert len(stalled) == ATTEMPTS


def test_a_request_answered_after_its_test_ends_stays_out_of_the_next_tests_log(server):
    release = threading.Event()

    def stall(request: Request) -> Response:
        release.wait(timeout=60)  # past the client's timeout: answered once the test body ends
        return Response("too late")

    with one_test(server):
        server.expect_request("/stalled").respond_with_handler(stall)
        try:
            with client(timeout=0.1, attempts=1) as http, pytest.raises(FetchError):
                fetch_text(http, server.url_for("/stalled"))
        finally:
            release.set()

    with one_test(server):
        server.wait_answered()  # the stalled request has been answered, in whichever test
        assert server.log == []


def test_a_page_cut_off_every_time_fails(httpserver):
    httpserver.expect_request("/catalog/m6b.html").respond_with_data(
        truncated("m6b.html"), content_type="text/html"
    )
    index = serve_catalog(httpserver)

    with client() as http, pytest.raises(FetchError) as raised:
        crawl_catalog(http, index)

    assert "m6b.html whole, 3 tries: the page ends before </html>" in str(raised.value)
    assert len(requests_for(httpserver, "/catalog/m6b.html")) == PAGE_ATTEMPTS


def test_a_page_cut_off_once_is_fetched_again(httpserver):
    httpserver.expect_oneshot_request("/catalog/m6b.html").respond_with_data(
        truncated("m6b.html"), content_type="text/html"
    )
    index = serve_catalog(httpserver)

    with client() as http:
        catalog = crawl_catalog(http, index)

    assert catalog.numbers == SUBJECTS
    assert len(requests_for(httpserver, "/catalog/m6b.html")) == 2


def test_allow_partial_keeps_the_rest_and_lists_the_missing_page(httpserver):
    httpserver.expect_request("/catalog/m6b.html").respond_with_data("down", status=503)
    index = serve_catalog(httpserver)
    missing = httpserver.url_for("/catalog/m6b.html")

    with client() as http:
        catalog = crawl_catalog(http, index, allow_partial=True)

    assert catalog.numbers == [
        number for number in SUBJECTS if not number.startswith(("6.3", "6.4", "6.5", "6.UR"))
    ]
    problem = catalog.problems[-1]
    assert (problem.subject, problem.text, problem.where) == (None, missing, missing)
    assert "HTTP 503" in problem.reason


def test_a_failed_index_fails_even_when_partial_is_allowed(httpserver):
    httpserver.expect_request("/catalog/index.cgi").respond_with_data("gone", status=404)

    with client() as http, pytest.raises(FetchError, match="index.cgi: HTTP 404 Not Found"):
        crawl_catalog(http, httpserver.url_for("/catalog/index.cgi"), allow_partial=True)


def test_second_crawl_revalidates_from_the_cache(httpserver, tmp_path):
    index = serve_catalog(httpserver)
    with client(cache_dir=tmp_path) as http:
        first = crawl_catalog(http, index)
    first_requests = list(httpserver.log)
    httpserver.clear_log()

    with client(cache_dir=tmp_path) as http:
        second = crawl_catalog(http, index)

    assert all("If-None-Match" not in request.headers for request, _ in first_requests)
    revalidations = [
        (request.path, request.headers.get("If-None-Match"), response.status_code)
        for request, response in httpserver.log
    ]
    # Sorted by repr: a request without If-None-Match (None) must show in the diff, not raise.
    assert sorted(revalidations, key=repr) == sorted(
        ((path, f'"{name}-v1"', 304) for path, name in PAGES.items()), key=repr
    )
    assert {request.headers.get("If-Modified-Since") for request, _ in httpserver.log} == {
        LAST_MODIFIED
    }
    assert second.subjects == first.subjects


def test_requests_per_host_stay_within_the_bound(httpserver):
    in_flight = 0
    most = 0
    lock = threading.Lock()

    def slow_page(name: str) -> Callable[[Request], Response]:
        serve = fixture_page(name)

        def respond(request: Request) -> Response:
            nonlocal in_flight, most
            with lock:
                in_flight += 1
                most = max(most, in_flight)
            time.sleep(0.05)
            with lock:
                in_flight -= 1
            return serve(request)

        return respond

    for path, name in PAGES.items():
        httpserver.expect_request(path).respond_with_handler(slow_page(name))

    with build_client(cache_dir=None, per_host=1, delay=0) as http:
        crawl_catalog(http, httpserver.url_for("/catalog/index.cgi"), workers=4)

    assert most == 1


def test_request_starts_to_one_host_are_spaced_by_the_delay(httpserver):
    clock = FakeClock()
    arrived: list[float] = []

    def page(request: Request) -> Response:
        arrived.append(clock.now)  # one request at a time: nothing moves the clock meanwhile
        return Response("<html>ok</html>")

    httpserver.expect_request("/page").respond_with_handler(page)
    with build_client(cache_dir=None, delay=0.5, per_host=2, clock=clock) as http:
        for _ in range(3):
            fetch_text(http, httpserver.url_for("/page"))

    assert arrived == [0.0, 0.5, 1.0]
    assert clock.sleeps == [0.5, 0.5]


def test_requests_started_together_each_wait_their_turn(httpserver):
    clock = FakeClock()
    httpserver.expect_request("/page").respond_with_data("<html>ok</html>")

    with build_client(cache_dir=None, delay=0.5, per_host=2, clock=clock) as http:
        threads = [threading.Thread(target=fetch_text, args=(http, httpserver.url_for("/page")))
                   for _ in range(6)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    # Whatever order the threads come in, each start after the first waits out one delay.
    assert len(requests_for(httpserver, "/page")) == 6
    assert (clock.sleeps, clock.now) == ([0.5] * 5, 2.5)


def test_pipeline_rejects_a_term_the_catalog_is_not_for(httpserver):
    index = serve_catalog(httpserver)

    with client() as http, pytest.raises(ScrapeError, match="asked for term 2025FA"):
        scrape("catalog", index, client=http, how=Fetching(term="2025FA"))


def test_pipeline_crawls_the_catalog_for_the_term_asked(httpserver):
    index = serve_catalog(httpserver)

    with client() as http:
        catalog = scrape("catalog", index, client=http, how=Fetching(term="2026SP"))

    assert catalog.numbers == SUBJECTS


@pytest.mark.realdata
def test_pipeline_reads_a_hydrant_file_and_checks_its_term(httpserver):
    path = REAL_HYDRANT / "i26.json"
    if not path.exists():
        pytest.skip(f"real Hydrant JSON not found at {path} (shared data is not checked out)")
    httpserver.expect_request("/i26.json").respond_with_data(
        path.read_bytes(), content_type="application/json"
    )
    url = httpserver.url_for("/i26.json")

    with client() as http:
        catalog = scrape("hydrant", url, client=http)
        with pytest.raises(ScrapeError, match="asked for term 2026SP"):
            scrape("hydrant", url, client=http, how=Fetching(term="2026SP"))

    assert (catalog.term, catalog.source, catalog.source_url) == ("2026JA", "hydrant", url)
    assert catalog.fetched_at > datetime.now(UTC) - timedelta(minutes=1)


def test_a_cross_listing_too_large_across_blocks_refuses_the_term_in_one_line(httpserver):
    # Each block names one joint number (9.0 is 9.1, 9.1 is 9.2, ...): 33 numbers in one group.
    html = (FIXTURES / "m6b.html").read_text(encoding="utf-8")
    chain = "".join(
        f'<a name="9.{k}"></a><p><h3>9.{k} Chain<br><img src="/icns/hr.gif"></h3>'
        f"(Same subject as 9.{k + 1})<br>Units: 3-0-9</p><!--end-->"
        for k in range(MAX_JOINT + 1)
    )
    html = html.replace("</body>", chain + "</body>")
    httpserver.expect_request("/catalog/m6b.html").respond_with_data(html, content_type="text/html")
    index = serve_catalog(httpserver)

    with client() as http, pytest.raises(ScrapeError) as refused:
        crawl_catalog(http, index)

    assert str(refused.value) == (
        f"{index}: not a term coursepick can use: 9.0 is cross-listed with {MAX_JOINT + 1}"
        f" numbers, more than {MAX_JOINT}"
    )
