"""scrape.fireroad against a real HTTP server on 127.0.0.1: every list saved with the index; a
failed list saves nothing and keeps the old lists; a list that does not read is left out and
its old copy kept; an index that is not FireRoad's is refused; a second run revalidates."""

import json

import pytest

from scrape.errors import FetchError, ScrapeError
from scrape.fetch import build_client
from scrape.fireroad import INDEX_PATH, LIST_PATH, fetch_requirements
from solver.degree.lists import available_lists, load_list

INDEX = {
    "girs": {
        "short-title": "GIRs",
        "medium-title": "GIRs",
        "title-no-degree": "",
        "title": "General Institute Requirements",
    },
    "minor9": {
        "short-title": "9",
        "medium-title": "9 Minor",
        "title-no-degree": "Brains",
        "title": "Minor in Brains",
    },
}
LISTS = {
    "girs": "GIRs#,#GIRs#,#General Institute Requirements\n\n\nlab\n\n\nlab := GIR:LAB\n",
    "minor9": "9#,#9 Minor#,#Brains#,#Minor in Brains\n\n\nmain\n\n\nmain := 9.01, 9.02\n",
}


def _client(cache_dir=None):
    return build_client(
        cache_dir=cache_dir, timeout=2.0, attempts=2, backoff=0.01, max_wait=1.0, delay=0
    )


def _serve(server, lists=LISTS, index=INDEX):
    server.expect_request(INDEX_PATH).respond_with_json(index)
    for list_id, text in lists.items():
        server.expect_request(LIST_PATH.format(list_id)).respond_with_data(
            text, content_type="text/plain; charset=utf-8"
        )


def test_every_list_is_saved_with_the_index(httpserver, cache):
    _serve(httpserver)
    with _client() as client:
        done = fetch_requirements(client, httpserver.url_for(""), cache / "requirements")
    assert done.saved == ("girs", "minor9") and done.left_out == ()
    assert load_list(cache, "minor9").title == "Minor in Brains"
    assert [(i.id, i.medium_title, i.origin) for i in available_lists(cache)][:3] == [
        ("girs", "GIRs", "downloaded"),
        ("major18gm", "18 Major (General)", "bundled"),
        ("major6-3", "6-3 Major", "bundled"),
    ]
    index = json.loads((cache / "requirements" / "index.json").read_text())
    assert index["lists"] == INDEX


def test_a_failed_list_saves_nothing_and_keeps_the_old_lists(httpserver, cache):
    _serve(httpserver)
    with _client() as client:
        fetch_requirements(client, httpserver.url_for(""), cache / "requirements")
    httpserver.clear()
    httpserver.expect_request(INDEX_PATH).respond_with_json(INDEX)
    httpserver.expect_request(LIST_PATH.format("girs")).respond_with_data(LISTS["girs"])
    httpserver.expect_request(LIST_PATH.format("minor9")).respond_with_data("down", status=503)
    with _client() as client, pytest.raises(FetchError, match=r"1 requirement list\(s\) failed"):
        fetch_requirements(client, httpserver.url_for(""), cache / "requirements")
    assert load_list(cache, "minor9").title == "Minor in Brains"
    assert sorted(p.name for p in (cache).iterdir()) == ["requirements"]  # no leftovers


def test_a_list_that_does_not_read_is_left_out_and_its_old_copy_kept(httpserver, cache):
    _serve(httpserver)
    with _client() as client:
        fetch_requirements(client, httpserver.url_for(""), cache / "requirements")
    httpserver.clear()
    _serve(httpserver, {**LISTS, "minor9": LISTS["minor9"].replace("9.02", "(9.02")})
    with _client() as client:
        done = fetch_requirements(client, httpserver.url_for(""), cache / "requirements")
    assert done.saved == ("girs",)
    assert done.left_out[0].startswith("minor9: minor9.reql:7: a '(' is never closed")
    assert load_list(cache, "minor9").sections[0].children[1].req is not None


@pytest.mark.parametrize("body", ["<html>not json</html>", "[]", '{"../etc": {}}'])
def test_an_index_that_is_not_fireroads_is_refused(httpserver, cache, body):
    httpserver.expect_request(INDEX_PATH).respond_with_data(body)
    with _client() as client, pytest.raises(ScrapeError, match="index of requirement lists|not a"):
        fetch_requirements(client, httpserver.url_for(""), cache / "requirements")
    assert not (cache / "requirements").exists()


def test_a_second_download_revalidates_through_the_http_cache(httpserver, cache, tmp_path):
    for _ in range(2):
        httpserver.clear()
        httpserver.expect_request(INDEX_PATH).respond_with_json(INDEX, headers={"ETag": '"i"'})
        for list_id, text in LISTS.items():
            httpserver.expect_request(LIST_PATH.format(list_id)).respond_with_data(
                text, headers={"ETag": f'"{list_id}"'}
            )
        with _client(tmp_path / "http") as client:
            fetch_requirements(client, httpserver.url_for(""), cache / "requirements")
    asked = [request.headers.get("If-None-Match") for request, _ in httpserver.log]
    assert asked.count(None) == 0 and sorted(asked) == ['"girs"', '"i"', '"minor9"']
