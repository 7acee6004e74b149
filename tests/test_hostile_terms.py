"""Hostile term files and catalog pages, as a hostile server or a broken export would send them:
each bad value is a problem of its own entry (the rest of the term is kept) or the whole file is
refused in one line; what is kept saves, loads back and passes the whole-term check."""

import copy
import json
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import bs4
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrape.catalog_html import MAX_RANGE, parse_catalog_page, parse_term_name
from scrape.errors import ScrapeError
from scrape.hydrant import MAX_SECTIONS, _split_names, parse_hydrant
from scrape.sources import read_file
from solver.catalog.intake import check_whole_term
from solver.catalog.prereqs import count_prereqs
from solver.catalog.schema import MAX_JOINT, Catalog, Subject, joint_numbers
from solver.catalog.store import load_catalog, save_catalog
from solver.errors import CatalogError
from tests.factories import catalog

FIXTURES = Path(__file__).parent / "fixtures"
FETCHED = datetime(2026, 4, 24, 9, 30, tzinfo=UTC)


@cache
def _term_file() -> dict[str, Any]:
    return json.loads((FIXTURES / "hydrant_term.json").read_text(encoding="utf-8"))


def _read(change: Any, tmp_path: Path) -> Catalog:
    """The fixture term with `change` applied, read, checked, saved and loaded back."""
    document = copy.deepcopy(_term_file())
    change(document)
    text = json.dumps(document)  # NaN and Infinity as JavaScript writes them; \ud83d escaped
    parsed = parse_hydrant(text, source_url="s26.json", fetched_at=FETCHED)
    check_whole_term(parsed, "s26.json")
    save_catalog(parsed, tmp_path / "t.json")
    assert load_catalog(tmp_path / "t.json") == parsed
    return parsed


def _set(field: str, value: Any, number: str = "6.1210") -> Any:
    return lambda document: document["classes"][number].__setitem__(field, value)


def _place(field: str, value: Any) -> Any:
    return lambda document: document["locations"]["26"].__setitem__(field, value)


def _listed_twice(document: dict[str, Any]) -> None:
    document["classes"]["6.9999"] = {**document["classes"]["18.03"], "name": "Second 18.03"}


# (what is changed, the subject or building it costs, the problem's reason)
ENTRY_PROBLEMS = [
    (_place("x", float("nan")), "26", "location of building 26: x: Input should be a finite"),
    (_place("y", float("inf")), "26", "location of building 26: y: Input should be a finite"),
    (_place("x", 1e308), "26", "x: Input should be less than or equal to 1000000000"),
    (_place("x", "1.5"), "26", "x: Input should be a valid number (got '1.5')"),
    (_place("y", True), "26", "y: Input should be a valid number (got True)"),
    (_listed_twice, "18.03", "18.03 is listed twice; the first listing is kept"),
    (_set("quarterInfo", {"start": [10**20, 1]}), "6.1210", "quarterInfo.start.0: Input should"),
    (_set("lectureRawSections", [5]), "6.1210", "lectureRawSections.list[str].0: Input should"),
    (_set("lectureRawSections", ["26-100/TR/0/11"] * (MAX_SECTIONS + 1)), "6.1210",
     f"lecture: {MAX_SECTIONS + 1} sections, more than {MAX_SECTIONS}"),
    (_set("lectureUnits", "5"), "6.1210", "Units: Input should be a valid integer (got '5')"),
    (_set("lectureUnits", True), "6.1210", "Units: Input should be a valid integer (got True)"),
    (_set("rating", "4.9"), "6.1210", "rating: Input should be a valid number"),
    (_set("final", "yes"), "6.1210", "final: Input should be a valid boolean"),
    (_set("half", True), "6.1210", "half: Value error, Input should be false, 1 or 2"),
    (_set("same", ", ".join(f"9.{k}" for k in range(MAX_JOINT + 1))), "6.1210",
     f"same_as: Tuple should have at most {MAX_JOINT} items"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "lost", "reason"), ENTRY_PROBLEMS)
def test_a_bad_value_is_a_problem_of_its_own_entry(change, lost: str, reason: str,
                                                   tmp_path) -> None:  # fmt: skip
    term = _read(change, tmp_path)
    found = [p for p in term.problems if reason in p.reason]
    assert len(found) == 1 and "\n" not in found[0].reason
    if lost == "26":
        assert list(term.locations) == ["W59"]
    elif lost == "18.03":
        assert term.subject("18.03") is not None and term.subject("18.03").title != "Second 18.03"
    else:
        assert term.subject(lost) is None
    assert len(term.subjects) >= 8  # the rest of the term is kept


def _surrogates(document: dict[str, Any]) -> None:
    """Half of an emoji, as a JavaScript export writes a string cut in two."""
    document["lastUpdated"] = "2026-04-23 \ud83d"
    document["classes"]["6.1210"]["name"] = "Introduction to Algorithms \ud83d"
    document["classes"]["\ud83d"] = 5
    document["locations"]["W\ud83d"] = {"x": 1.0, "y": 2.0}


def test_lone_surrogates_become_replacement_characters(tmp_path) -> None:
    term = _read(_surrogates, tmp_path)
    assert term.note.endswith("2026-04-23 \ufffd")
    assert term.subject("6.1210").title == "Introduction to Algorithms \ufffd"
    assert [p.text for p in term.problems if p.subject == "\ufffd"] == ["\ufffd"]
    assert "W\ufffd" in term.locations


def test_a_control_character_in_a_legacy_slot_room_is_cleaned(tmp_path) -> None:
    def legacy(document: dict[str, Any]) -> None:
        for entry in document["classes"].values():
            for kind in ("lecture", "recitation", "lab", "design"):
                entry[f"{kind}RawSections"] = ["TR11"] if kind == "lecture" else []
                entry[f"{kind}Sections"] = (
                    [[[[1, 2]], "26-\x1b[31m100"]] if kind == "lecture" else []
                )

    term = _read(legacy, tmp_path)
    assert term.subject("6.1210").sections[0].rooms == ("26- [31m100",)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"termInfo": {"urlName": "s26"}, "classes": ' + "[" * 100_000 + "]" * 100_000 + "}",
         "not a Hydrant term file (JSON nested too deeply)"),
        ('{"termInfo": {"urlName": "s26"}, "classes": {}, "locations": {"x": '
         + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}}",
         "not a Hydrant term file (JSON nested too deeply)"),
    ],
)  # fmt: skip
def test_deep_json_is_refused_in_one_line(text: str, says: str) -> None:
    with pytest.raises(ScrapeError, match=re.escape(f"s26.json: {says}")):
        parse_hydrant(text, source_url="s26.json", fetched_at=FETCHED)


def test_a_cross_listing_too_large_refuses_the_term_in_one_line() -> None:
    document = copy.deepcopy(_term_file())
    for k in range(MAX_JOINT + 1):  # 9.0 lists 9.1, 9.1 lists 9.2, ...: one group of 33
        document["classes"][f"9.{k}"] = {"number": f"9.{k}", "name": "Chain", "same": f"9.{k + 1}"}
    with pytest.raises(ScrapeError) as refused:
        parse_hydrant(json.dumps(document), source_url="s26.json", fetched_at=FETCHED)
    assert str(refused.value) == (
        f"s26.json: not a term coursepick can use: 9.0 is cross-listed with {MAX_JOINT + 1}"
        f" numbers, more than {MAX_JOINT}"
    )


def test_a_saved_catalog_with_too_large_a_cross_listing_is_refused_in_one_line(tmp_path) -> None:
    path = tmp_path / "c.json"
    save_catalog(catalog(), path)
    document = json.loads(path.read_text())
    document["subjects"] = [
        {"number": f"9.{k}", "title": "Chain", "same_as": [f"9.{k + 1}"]} for k in range(MAX_JOINT)
    ]
    path.write_text(json.dumps(document))
    with pytest.raises(CatalogError, match=f"9.0 is cross-listed with {MAX_JOINT} numbers"):
        load_catalog(path)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_term_file_that_is_no_regular_file_is_refused_before_reading(device: str) -> None:
    # Read whole, /dev/zero took all the memory there was.
    with pytest.raises(ScrapeError, match=f"^{device}: not a regular file: no Hydrant term file"):
        read_file("hydrant", Path(device))


def test_a_term_file_larger_than_a_response_may_be_is_refused(tmp_path) -> None:
    big = tmp_path / "s26.json"
    with big.open("wb") as handle:
        handle.truncate(33 << 20)  # sparse: no disk is used
    with pytest.raises(ScrapeError, match=r"33.0 MiB, more than 32 MiB: no Hydrant term file"):
        read_file("hydrant", big)


# Names in charge: split in one pass (the old look-ahead took 86 s on a megabyte of names).

_LOOKAHEAD = re.compile(r"(?:,|;|&|\band\b)(?![^(]*\))")


@pytest.mark.parametrize(
    "text",
    ["A. Bell (POLSCI, EECS), B. Chu & C. Dunn; D. Eng and E. Fox", "A (x, B", "A) , B",
     "(a, b), c (d and e) and f", "x & y (z; w", "", ",,", "Sandy and Andy", "(((, ))), x"],
)  # fmt: skip
def test_names_split_as_the_look_ahead_did(text: str) -> None:
    assert _split_names(text) == _LOOKAHEAD.split(text)


@given(st.text(alphabet="ab (),;&", max_size=30))
def test_names_split_as_the_look_ahead_did_on_random_text(text: str) -> None:
    assert _split_names(text) == _LOOKAHEAD.split(text)


def test_a_megabyte_of_names_is_read(tmp_path) -> None:
    term = _read(_set("inCharge", "Spring: " + ", ".join(["A. Bell"] * 150_000)), tmp_path)
    assert term.subject("6.1210").instructors == ("A. Bell",)


# Cross-listings are the connected groups of `same_as`, however they are written.

numbers = st.sampled_from([f"1.{k}" for k in range(8)])


@given(st.lists(st.tuples(numbers, st.lists(numbers, max_size=3)), max_size=8))
def test_joint_numbers_are_the_transitive_closure(listings) -> None:
    subjects = {}
    for number, same in listings:
        subjects.setdefault(number, Subject(number=number, title="x", same_as=tuple(same)))
    groups: dict[str, set[str]] = {}  # the closure the slow way: merge until nothing changes
    for subject in subjects.values():
        if subject.same_as:
            group = {subject.number, *subject.same_as}
            for member in list(group):
                group |= groups.get(member, set())
            for member in group:
                groups[member] = group
    expected = {n: tuple(sorted(g - {n})) for n, g in groups.items()}
    assert joint_numbers(catalog(*subjects.values())) == expected


# Catalog pages

PAGE = (FIXTURES / "catalog" / "m6a.html").read_text(encoding="utf-8")
BLOCK = PAGE[PAGE.index('<a name="6.1010">') : PAGE.index("<!--end-->") + len("<!--end-->")]
URL = "http://127.0.0.1/catalog/m6a.html"


def _page(h3: str = "6.1010 Fundamentals", facts: str = "Units: 2-4-6",
          description: str = "Teaches.", anchors: str = "") -> str:  # fmt: skip
    block = (
        f'<a name="6.1010"></a>{anchors}<p><h3>{h3}<br><img src="/icns/hr.gif"></h3>'
        f'<img title="Undergrad" src="/icns/under.gif"><br>{facts}<br><b>Lecture:</b>'
        f' <i>TR11-12.30</i> (26-100)<!--s--><br><img src="/icns/hr.gif"><br>{description}'
        "<br>Spring: <i>A. Bell</i></p><!--end-->"
    )
    return PAGE.replace(BLOCK, block)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (_page(h3="6.1-6.5000 All"), f"a range of 5000 subject numbers, more than {MAX_RANGE}"),
        (_page(anchors="".join(f'<a name="6.9{k:03d}"></a>' for k in range(500))),
         f"501 subject numbers, more than {MAX_RANGE}"),
        (_page(facts="(Same subject as " + ", ".join(f"18.{k}" for k in range(40)) + ")"),
         f"same_as: Tuple should have at most {MAX_JOINT} items"),
        (_page(facts="Units: 999999-0-0"), "lecture: Input should be less than or equal to 200"),
        (_page(facts="Units: " + "9" * 5000 + "-0-0"), "Exceeds the limit (4300 digits)"),
    ],
)  # fmt: skip
def test_a_bad_block_is_a_problem_of_its_own(html: str, reason: str) -> None:
    page = parse_catalog_page(html, url=URL)
    assert [p.subject for p in page.problems if reason in p.reason] == ["6.1010"]
    assert "6.1010" not in [s.number for s in page.subjects] and len(page.subjects) >= 5


def test_a_prerequisite_nested_200_deep_is_kept_and_counted_as_prose() -> None:
    page = parse_catalog_page(_page(facts="Prereq: " + "(" * 200 + "6.1000" + ")" * 200), url=URL)
    hostile = next(s for s in page.subjects if s.number == "6.1010")
    assert hostile.prereqs.startswith("((((") and count_prereqs([hostile]) == (0, ["6.1010"])


def test_control_characters_in_a_title_become_spaces() -> None:
    page = parse_catalog_page(_page(h3="6.1010 Intro\x1b[31m\x00 &#x1b; x"), url=URL)
    assert next(s.title for s in page.subjects if s.number == "6.1010") == "Intro [31m x"


def test_deep_nesting_is_walked_without_asking_each_node_for_its_ancestors(monkeypatch) -> None:
    # Each of 2000 nested texts walked up to the root: two million steps, 45 s at 20,000.
    steps = 0
    parents = bs4.element.PageElement.parents

    def counted(node: bs4.element.PageElement):
        nonlocal steps
        for parent in parents.fget(node):
            steps += 1
            yield parent

    monkeypatch.setattr(bs4.element.PageElement, "parents", property(counted))
    page = parse_catalog_page(_page(description="<b>x" * 2000), url=URL)
    assert steps <= 100  # a few, for the page's heading; none per node
    assert next(s for s in page.subjects if s.number == "6.1010").description.startswith("xxx")


@pytest.mark.parametrize(
    ("heading", "term"),
    [("IAP/Spring 2026", "2026SP"), ("Fall/IAP/Spring/Summer 2025", "2025SU"),
     ("Fall/" * 100_000 + "Spring 2026", "2026SP"), ("Fall/" * 100_000, None)],
)  # fmt: skip
def test_a_heading_of_many_seasons_is_read_in_one_pass(heading: str, term: str | None) -> None:
    assert parse_term_name(heading) == term
