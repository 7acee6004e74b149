"""Servers that misbehave on purpose, on 127.0.0.1: every scrape still ends, in bounded time and
memory, with one clear error. Every loop here is bounded by a count; the client's bounds are set
small so the file runs in seconds.
"""

import gzip
import re
import threading

import httpx
import pytest
from werkzeug import Request, Response

from scrape.crawl import crawl_catalog
from scrape.errors import FetchError
from scrape.fetch import decode, fetch_text
from tests.clocks import FakeClock
from tests.test_crawl import FIXTURES, client, fixture_page


def test_a_server_that_trickles_is_given_up_on(httpserver):
    # A second passes on the client's clock at each look, and it looks once a chunk: 1 MiB
    # arrives in at least 16 chunks (httpcore reads 64 KiB at most), so "seconds" run past 3.
    httpserver.expect_request("/slow").respond_with_data(b"x" * (1 << 20))
    slow = FakeClock(tick=1.0)
    with client(clock=slow, deadline=3, attempts=1) as http, pytest.raises(FetchError) as raised:
        fetch_text(http, httpserver.url_for("/slow"))
    assert "took longer than 3 s to arrive" in str(raised.value)


def test_a_gzip_bomb_is_stopped_before_it_fills_memory_or_the_cache(httpserver, tmp_path):
    bomb = gzip.compress(b"\0" * (8 << 20))  # 8 kB on the wire, 8 MiB decompressed
    httpserver.expect_request("/bomb.json").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}
    )
    with client(cache_dir=tmp_path, max_bytes=1 << 20) as http, pytest.raises(FetchError) as error:
        fetch_text(http, httpserver.url_for("/bomb.json"))
    assert "larger than 1 MiB once decompressed" in str(error.value)
    stored = sum(path.stat().st_size for path in tmp_path.rglob("*") if path.is_file())
    assert stored < 1 << 20


PAGE = (FIXTURES / "m6a.html").read_text()
INDEX = "index.cgi.html"


def _page_naming(sibling: str) -> str:
    """The fixture page of department 6, whose table links to `sibling` as its next page."""
    return PAGE.replace('href="m6b.html"', f'href="{sibling}"')


def test_a_server_that_keeps_naming_new_pages_is_stopped(httpserver):
    def endless(request: Request) -> Response:
        letter = request.path[-6]
        return Response(_page_naming(f"m6{chr(ord(letter) + 1)}.html"), content_type="text/html")

    httpserver.expect_request("/catalog/index.cgi").respond_with_handler(fixture_page(INDEX))
    httpserver.expect_request("/catalog/m21Wa.html").respond_with_handler(
        fixture_page("m21Wa.html")
    )
    httpserver.expect_request(re.compile(r"/catalog/m6[a-y]\.html")).respond_with_handler(endless)
    with client() as http, pytest.raises(FetchError) as raised:
        crawl_catalog(http, httpserver.url_for("/catalog/index.cgi"), max_pages=5)
    assert "the catalog names more than 5 pages; stopped there" in str(raised.value)
    assert len(httpserver.log) <= 8  # the index, m21Wa, five pages of 6, one more in flight


def test_pages_outside_the_catalogs_directory_are_not_followed(httpserver):
    elsewhere = httpserver.url_for("/other/m6b.html")
    httpserver.expect_request("/catalog/index.cgi").respond_with_handler(fixture_page(INDEX))
    httpserver.expect_request("/catalog/m21Wa.html").respond_with_handler(
        fixture_page("m21Wa.html")
    )
    httpserver.expect_request("/catalog/m6a.html").respond_with_data(
        _page_naming(elsewhere), content_type="text/html"
    )
    with client() as http:
        catalog = crawl_catalog(http, httpserver.url_for("/catalog/index.cgi"), term="2026SP")
    assert catalog.subjects
    assert "/other/m6b.html" not in {request.path for request, _ in httpserver.log}


@pytest.mark.parametrize(
    ("body", "content_type", "text"),
    [
        # UTF-8 with one stray Windows-1252 byte: the rest is not turned into mojibake.
        ("Caf\u00e9 ".encode() + b"don\x92t", "text/html", "Caf\u00e9 don\u2019t"),
        # The charset the server declares, in the header or in the page.
        ("Caf\u00e9".encode("latin-1"), "text/html; charset=ISO-8859-1", "Caf\u00e9"),
        (b'<meta charset="windows-1252">\x93quoted\x94', "text/html", "\u201cquoted\u201d"),
        # A declared charset, with a byte it cannot hold: replaced, not fatal.
        (b"ok \xff", "text/plain; charset=utf-8", "ok \ufffd"),
        (b"\xff\xfe", "text/plain; charset=no-such-charset", "\u00ff\u00fe"),
    ],
)
def test_pages_are_decoded_in_their_declared_charset_and_stray_bytes_replaced(
    body, content_type, text
):
    assert decode(body, content_type).endswith(text)


def test_a_crawl_ends_at_its_deadline_while_its_pages_still_stall(httpserver):
    release = threading.Event()

    def stalled(request: Request) -> Response:
        release.wait(timeout=60)  # until the crawl has ended (a minute, should the test fail)
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/catalog/index.cgi").respond_with_handler(fixture_page(INDEX))
    httpserver.expect_request("/catalog/m6a.html").respond_with_handler(stalled)
    httpserver.expect_request("/catalog/m21Wa.html").respond_with_handler(stalled)
    raised: list[FetchError] = []

    def crawl(http: httpx.Client) -> None:
        # The crawl's clock: a second passes at each look, so its deadline is past at its first
        # wait for pages; the client would wait a minute for each.
        with pytest.raises(FetchError) as error:
            crawl_catalog(http, httpserver.url_for("/catalog/index.cgi"), deadline=0.5,
                          clock=FakeClock(tick=1.0))  # fmt: skip
        raised.append(error.value)

    try:
        with client(timeout=60, attempts=1) as http:
            crawling = threading.Thread(target=crawl, args=(http,))
            crawling.start()
            crawling.join(timeout=10)  # far beyond what a crawl ending at once needs
            ended_while_stalled = not crawling.is_alive()
            release.set()
            crawling.join()
    finally:
        release.set()
    assert ended_while_stalled  # not held until the stalled pages came (or timed out)
    assert "the crawl took longer than 0.5 s (0 pages read, 2 still coming)" in str(raised[0])
