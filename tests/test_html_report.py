"""The HTML report's markup: escaping, self-containment, blocks, half-terms, changes, conflicts.

The page as Chromium lays it out and paints it is checked in test_html_browser.py."""

import re
from collections import Counter
from html import escape
from html.parser import HTMLParser

import pytest

from solver.catalog.clock import format_clock
from solver.core.engine.ranking import rank_schedules
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.core.results import Ranked, Result, Schedule
from solver.render.html_page import describe_changes, render_html
from solver.render.text import describe_conflict
from tests.factories import catalog, section, subject

TITLE = "Algorithms <script>alert('owned')</script> & Co"
CATALOG = catalog(
    subject(
        "6.1210",
        section("L01", ("TR", "11:00", "12:30"), rooms=("26-100",)),
        section("R01", ("WF", "10:00", "11:00"), rooms=("34-101",)),
        section("R02", ("WF", "14:00", "15:00"), rooms=("34-102",)),
        title=TITLE,
    ),
    subject(
        "18.03",
        section("L01", ("MWF", "13:00", "14:00"), rooms=("10-250",)),
        section("R01", ("T", "09:00", "10:00"), rooms=("2-132",)),
        section("R02", ("R", "15:00", "16:00"), rooms=("2-147",)),
        title="Équations différentielles",
    ),
    subject("21W.742", section("L01", ("M", "19:00", "21:00")), half="first", units=6),
    subject("21W.743", section("L01", ("M", "19:00", "21:00")), half="second", units=6),
    subject("6.2050", section("L01", ("TR", "14:00", "15:00")), section("B01", tba=True)),
)
PREFERENCES = """
required: ["6.1210", "18.03", "21W.742", "21W.743", "6.2050"]
wishes: {fewer_gaps: 1, later_start: {weight: 1, before: "10:00"}}
top: 4
"""
INFEASIBLE = 'required: ["6.1210"]\nfree_days: [T]\n'


def solve(text: str):
    prefs, source = parse_preferences(text, "prefs.yaml")
    request = build_request(prefs, source, CATALOG)
    return rank_schedules(request), request


def build_report():
    """The example's result, request and report: four schedules, all with every feature."""
    result, request = solve(PREFERENCES)
    assert len(result.schedules) == 4
    return result, request, render_html(result, request, CATALOG)


@pytest.fixture(scope="module")
def report():
    return build_report()


class Blocks(HTMLParser):
    """Every calendar block's data attributes, classes and text, in document order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.blocks: list[dict] = []
        self.depth = 0  # inside a block: how many elements deep
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if self.depth:
            self.depth += 1
        elif "block" in found.get("class", "").split():
            self.blocks.append({**found, "classes": found["class"].split(), "text": ""})
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.blocks[-1]["text"] += data + " "


def meeting_keys(ranked: Ranked) -> Counter:
    return Counter(
        (
            str(ranked.rank),
            o.course,
            o.label,
            m.day.value,
            format_clock(m.start),
            format_clock(m.end),
        )
        for o in ranked.schedule.options
        for m in o.meetings
    )


def in_html(text: str) -> str:
    """Text as the report writes it: escaped, non-ASCII as character references."""
    return escape(text).encode("ascii", "xmlcharrefreplace").decode("ascii")


def block_key(block: dict) -> tuple:
    fields = ("data-rank", "data-subject", "data-section", "data-day", "data-start", "data-end")
    return tuple(block[f] for f in fields)


# The markup


def test_a_script_in_a_catalog_title_is_shown_as_text(report):
    html = report[2]
    assert "<script" not in html.lower()
    assert escape(TITLE) in html


def test_non_ascii_titles_survive_any_file_encoding_as_character_references(report):
    html = report[2]
    assert html.isascii()
    assert "&#201;quations diff&#233;rentielles" in html


@pytest.mark.parametrize(
    "reference", ["http:", "https:", "src=", "<link", "@import", "url(", "<script", "<iframe"]
)
def test_the_report_loads_nothing_from_outside(report, reference):
    # Its links to Hydrant load nothing until clicked: the only address the page names.
    page = re.sub(r'<a href="https://hydrant\.mit\.edu/\?t=s26&amp;s=[^"]*">', "<a>", report[2])
    assert reference not in page.lower()


def test_every_shown_schedule_has_exactly_one_block_per_meeting(report):
    result, _, html = report
    expected = sum((meeting_keys(r) for r in result.schedules), Counter())
    assert Counter(block_key(b) for b in Blocks(html).blocks) == expected


@pytest.mark.parametrize(
    ("number", "tag", "hatched"),
    [("21W.742", "1st half", True), ("21W.743", "2nd half", True), ("6.1210", None, False)],
)
def test_half_term_meetings_are_hatched_and_labelled(report, number, tag, hatched):
    blocks = [b for b in Blocks(report[2]).blocks if b["data-subject"] == number]
    assert blocks
    for block in blocks:
        assert ("half" in block["classes"]) is hatched
        assert (tag in block["text"]) if tag else ("half" not in block["text"])


def test_evening_meetings_are_labelled_and_the_evening_is_shaded(report):
    evening = [b for b in Blocks(report[2]).blocks if b["data-start"] >= "18:00"]
    assert evening and all("evening" in b["text"] for b in evening)
    assert 'class="evening"' in report[2]


def test_a_section_without_times_is_listed_under_each_grid(report):
    result, _, html = report
    assert html.count("6.2050 lab B01: time to be arranged") == len(result.schedules)


def test_each_subject_keeps_one_colour_across_all_schedules(report):
    hues: dict[str, set[str]] = {}
    for block in Blocks(report[2]).blocks:
        hue = re.search(r"--hue:(\d+)", block["style"])[1]
        hues.setdefault(block["data-subject"], set()).add(hue)
    assert all(len(found) == 1 for found in hues.values())
    assert len({next(iter(found)) for found in hues.values()}) == len(hues)


def test_blocks_that_differ_from_the_rank_above_are_marked(report):
    result, _, html = report
    marked = Counter(block_key(b) for b in Blocks(html).blocks if "changed" in b["classes"])
    expected: Counter = Counter()
    for above, ranked in zip(result.schedules, result.schedules[1:], strict=False):
        new = {o for o in ranked.schedule.options if o not in above.schedule.options}
        expected += Counter(
            (
                str(ranked.rank),
                o.course,
                o.label,
                m.day.value,
                format_clock(m.start),
                format_clock(m.end),
            )
            for o in new
            for m in o.meetings
        )
    assert marked == expected
    assert expected, "the example must have neighbouring ranks that differ"


def test_each_week_after_the_first_says_how_it_differs_from_the_rank_above(report):
    result, _, html = report
    for above, ranked in zip(result.schedules, result.schedules[1:], strict=False):
        assert in_html(describe_changes(above, ranked)) in html


def _schedule(request, picks: dict[str, list[str]]) -> Schedule:
    options = tuple(
        o
        for number, ids in picks.items()
        for kind_options in request.courses[number].options.values()
        for o in kind_options
        if o.label in ids
    )
    return Schedule(tuple(picks), options)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            {"18.03": ["L01", "R01"]},
            {"18.03": ["L01", "R02"]},
            "vs #1: 18.03 R01 \u2192 R02",
        ),
        (
            {"18.03": ["L01", "R01"], "21W.742": ["L01"]},
            {"18.03": ["L01", "R01"], "6.2050": ["L01", "B01"]},
            "vs #1: +6.2050 \u221221W.742",
        ),
        (
            {"6.1210": ["L01", "R01"], "18.03": ["L01", "R01"]},
            {"6.1210": ["L01", "R02"], "18.03": ["L01", "R02"], "21W.743": ["L01"]},
            "vs #1: 6.1210 R01 \u2192 R02, 18.03 R01 \u2192 R02, +21W.743",
        ),
    ],
)
def test_describe_changes(report, before, after, expected):
    request = report[1]
    previous = Ranked(1, _schedule(request, before), 0, True)
    current = Ranked(2, _schedule(request, after), 0, True)
    assert describe_changes(previous, current) == expected


def test_when_nothing_fits_the_report_explains_why_and_draws_no_week():
    result, request = solve(INFEASIBLE)
    assert result.conflict
    html = render_html(result, request, CATALOG)
    assert in_html(describe_conflict(result.conflict)) in html
    assert Blocks(html).blocks == []
    assert 'class="week"' not in html


def test_when_the_time_limit_ran_out_before_any_schedule_the_report_says_so(report):
    html = render_html(Result((), None, 1, complete=False), report[1], CATALOG)
    assert "The time limit ran out before any schedule was found." in html
    assert Blocks(html).blocks == []


def test_a_subject_without_sections_is_listed_under_the_grid():
    cat = catalog(subject("6.1210", section("L01", ("TR", "11:00", "12:30"))), subject("21W.041"))
    prefs, source = parse_preferences('required: ["6.1210", "21W.041"]', "prefs.yaml")
    request = build_request(prefs, source, cat)
    html = render_html(rank_schedules(request), request, cat)
    assert "<li>21W.041: no sections listed in the catalog</li>" in html
