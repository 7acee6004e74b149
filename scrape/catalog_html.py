"""MIT's catalog pages (student.mit.edu/catalog) to subjects: pure functions over HTML text.

A department page (m6a.html, m6b.html, ...) holds subject blocks that each run from an
`<a name="6.1210">` anchor to `<!--end-->` (MIT-FORMATS.md §1). A block is flattened into lines of
text pieces first, so the parser does not depend on how the page's unclosed `<p>` tags nest. The
schedule line is read by `scrape.catalog_schedule`; meeting-time notation by `scrape.meeting_times`.
"""

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypedDict
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag
from pydantic import ValidationError

from scrape.catalog_schedule import (
    BlockError,
    Piece,
    Schedule,
    has_kind_label,
    parse_schedule_line,
)
from scrape.choices import CIS, HASS, LEVELS, SEASONS, one_of
from scrape.errors import ScrapeError
from scrape.text import printable
from solver.catalog.schema import Ci, Half, Hass, Level, Problem, Season, Subject, Units

NUMBER = r"[A-Z0-9]{1,6}\.[A-Z0-9]{1,8}"
_NUMBER = re.compile(NUMBER)
# Department pages only: m1a.html, m6c.html, m21Wa.html, mHSTa.html (not search.cgi or help).
_PAGE = re.compile(r"m[0-9A-Z]+[a-z]\.html")
# A block delimiter: anything shaped like a number, including the malformed name="1.001>" that
# the real 2017 page has. Junk such as name="PIP" neither starts a block nor names a subject.
_ANCHOR = re.compile(r"\s*\w+\.\w+")
_HEAD = re.compile(
    rf"(?P<numbers>{NUMBER}(?:\[J\])?(?:\s*-\s*{NUMBER}(?:\[J\])?"
    rf"|(?:\s*,\s*{NUMBER}(?:\[J\])?)+|\s*\(\s*{NUMBER}(?:\s*,\s*{NUMBER})*\s*\))?)"
    r"\s+(?P<title>.+)"
)
_TRAILING_OLD = re.compile(rf"\s*\((?P<old>{NUMBER})\)$")
_TRAILING_NEW = re.compile(r"\s*\(New\)$", re.IGNORECASE)
_UNITS = re.compile(r"Units:\s*(\d+)-(\d+)-(\d+)")
# At most three seasons before the last ("Fall/IAP/Spring 2026"): an unbounded run would be tried
# again from each season of a heading that repeats them, in quadratic time.
_TERM_NAME = re.compile(
    r"(?:(?:Fall|IAP|Spring|Summer)\s*/\s*){0,3}(Fall|IAP|Spring|Summer)\s+(\d{4})"
)
MAX_RANGE = 100  # numbers one block names, by a range ("6.S193-6.S198" is six) or anchors
_SEASONS = {"fall": "FA", "iap": "JA", "spring": "SP", "summer": "SU"}
_INSTRUCTOR_LABEL = re.compile(r"(Fall|IAP|Spring|Summer):")

# Icons by gif name, with the `title` text as a second chance when a gif is renamed.
_ICONS: dict[str, tuple[str, str]] = {
    "under": ("level", "U"),
    "grad": ("level", "G"),
    "fall": ("term", "FA"),
    "iap": ("term", "JA"),
    "spring": ("term", "SP"),
    "summer": ("term", "SU"),
    "rest": ("gir", "REST"),
    "lab": ("gir", "LAB"),
    "partlab": ("gir", "LAB2"),
    "calc1": ("gir", "CAL1"),
    "calc2": ("gir", "CAL2"),
    "phys1": ("gir", "PHY1"),
    "phys2": ("gir", "PHY2"),
    "chem": ("gir", "CHEM"),
    "bio": ("gir", "BIOL"),
    "hassh": ("hass", "H"),
    "hassa": ("hass", "A"),
    "hasss": ("hass", "S"),
    "hasse": ("hass", "E"),
    "cih": ("ci", "CI-H"),
    "cihw": ("ci", "CI-HW"),
    "nooffer": ("flag", "nooffer"),
}
_ICON_TITLES: dict[str, tuple[str, str]] = {
    "undergrad": ("level", "U"),
    "undergraduate": ("level", "U"),
    "graduate": ("level", "G"),
    "fall": ("term", "FA"),
    "iap": ("term", "JA"),
    "spring": ("term", "SP"),
    "summer": ("term", "SU"),
    "rest elective": ("gir", "REST"),
    "institute lab": ("gir", "LAB"),
    "partial lab": ("gir", "LAB2"),
    "not offered regularly; consult department": ("flag", "nooffer"),
}


@dataclass(frozen=True)
class CatalogPage:
    """What one department page holds."""

    url: str
    term_name: str | None  # the h1's term, e.g. "IAP/Spring 2026"
    subjects: list[Subject]
    problems: list[Problem]
    siblings: list[str]  # absolute URLs of the department's other pages (m6b, m6c, ...)
    truncated: str | None  # why the page looks cut off, or None when it ends properly


# What each part of a subject block gives, as `Subject` keyword arguments.
class _Head(TypedDict):
    title: str
    old_number: str | None


class _IconFields(TypedDict):
    level: Level | None
    terms: tuple[Season, ...]
    gir: tuple[str, ...]
    hass: tuple[Hass, ...]
    ci: Ci | None


class _Facts(TypedDict, total=False):  # a fact the block does not state keeps the schema default
    half: Half
    same_as: tuple[str, ...]
    meets_with: tuple[str, ...]
    prereqs: str
    units: Units


class _Notes(TypedDict):
    description: str
    instructors: tuple[str, ...]


@dataclass
class _Block:
    anchors: list[str]
    pieces: list[Piece] = field(default_factory=list)
    closed: bool = False  # reached its <!--end-->
    # Kept up to date as pieces are added: asked at every anchor and <h3>, they would otherwise
    # be read over all the pieces so far, in time quadratic in a block's length.
    blank: bool = True  # nothing but white space so far
    has_title: bool = False  # some title text so far

    def add(self, piece: Piece) -> None:
        self.pieces.append(piece)
        self.blank = self.blank and piece.kind == "text" and not piece.text.strip()
        self.has_title = self.has_title or bool(piece.title and piece.text.strip())


def parse_index_page(html: str, base_url: str) -> list[str]:
    """The absolute URLs of the department pages that index.cgi lists, in its order."""
    soup = BeautifulSoup(html, "html.parser")
    links = soup.select("td[valign=top][align=left] > ul a[href]")
    urls = _page_urls((str(link["href"]) for link in links), base_url)
    if not urls:
        raise ScrapeError(
            f"{base_url}: no department pages listed (expected links such as m6a.html in a "
            "td[valign=top][align=left] > ul list): has the index page changed?"
        )
    return urls


def parse_catalog_page(html: str, *, url: str, term: str | None = None) -> CatalogPage:
    """Read every subject block of a department page; unreadable ones become problems.

    `term` (such as "2026SP") is used only when the page's h1 names no term: it gives the year of
    "Ends Mar 21." dates and picks the right block of a per-term schedule.
    """
    soup = BeautifulSoup(html, "html.parser")
    term_name = _term_name(soup)
    term = parse_term_name(term_name) if term_name else term
    siblings = _page_urls(
        (str(link["href"]) for link in soup.select("div#contentmini table a[href]")), url
    )
    blocks = _split_blocks(soup)
    subjects: list[Subject] = []
    problems: list[Problem] = []
    for block in blocks:
        found, problem = _parse_block(block, url=url, term=term)
        subjects.extend(found)
        if problem is not None:
            problems.append(problem)
    return CatalogPage(url, term_name, subjects, problems, siblings, _truncation(html, blocks))


def check_complete(html: str) -> str | None:
    """Why an HTML page looks cut off (no closing </html>), or None when it ends properly."""
    if "</html>" not in html.lower():
        return "the page ends before </html>"
    return None


def parse_term_name(name: str) -> str | None:
    """A catalog term name as a term code: "IAP/Spring 2026" is 2026SP, "Fall 2025" is 2025FA."""
    match = _TERM_NAME.search(name)
    if match is None:
        return None
    return f"{match[2]}{_SEASONS[match[1].lower()]}"


def _page_urls(hrefs: Iterable[str], base_url: str) -> list[str]:
    urls: list[str] = []
    for href in hrefs:
        absolute = urljoin(base_url, href.strip()).split("#")[0]
        name = urlsplit(absolute).path.rsplit("/", 1)[-1]
        if _PAGE.fullmatch(name) and absolute not in urls:
            urls.append(absolute)
    return urls


def _term_name(soup: BeautifulSoup) -> str | None:
    for heading in soup.find_all("h1"):
        for line in reversed(heading.get_text("\n").splitlines()):
            if _TERM_NAME.search(line):
                return " ".join(line.split())
    return None


def _truncation(html: str, blocks: list[_Block]) -> str | None:
    reason = check_complete(html)
    if reason is None and blocks and not blocks[-1].closed:
        name = blocks[-1].anchors[0] if blocks[-1].anchors else "the last subject"
        reason = f"the block of {name} has no <!--end-->"
    return reason


def _split_blocks(soup: BeautifulSoup) -> list[_Block]:
    """Cut the page, in document order, into subject blocks of flat pieces."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for node, around in _in_order(soup):
        if isinstance(node, Comment):
            if current is not None and node.strip() == "end":
                current.closed = True
                current = None
            elif current is not None and node.strip() == "s":
                current.add(Piece("s"))
        elif isinstance(node, Tag):
            name = node.get("name")
            if node.name == "a" and isinstance(name, str) and not node.get("href"):
                if not _ANCHOR.match(name):
                    continue
                if current is not None and current.blank:
                    current.anchors.append(name)  # a range: several anchors share one block
                else:
                    current = _Block([name])
                    blocks.append(current)
            elif node.name == "h3" and (current is None or current.has_title):
                # A title with no anchor of its own still starts a subject.
                current = _Block([])
                blocks.append(current)
            elif current is not None and node.name == "br":
                current.add(Piece("br", title=around["h3"] > 0))
            elif current is not None and node.name == "img":
                src = str(node.get("src", ""))
                icon = src.rsplit("/", 1)[-1].lower().removesuffix(".gif")
                title = str(node.get("title", ""))
                current.add(Piece("img", title, icon=icon, title=around["h3"] > 0))
        elif type(node) is NavigableString and current is not None:
            current.add(
                Piece(
                    "text",
                    str(node),
                    bold=around["b"] + around["strong"] > 0,
                    italic=around["i"] + around["em"] > 0,
                    title=around["h3"] > 0,
                )
            )
    return blocks


def _in_order(soup: BeautifulSoup) -> Iterator[tuple[PageElement, Counter[str]]]:
    """Every node of the page in document order (as `soup.descendants`), with how many of its
    ancestors bear each tag name, counted on the way down and up: asking each node for its
    parents would take time quadratic in how deep the page nests. The counter is the walk's own,
    to be read before the next node is asked for."""
    around: Counter[str] = Counter()
    walks: list[tuple[Iterator[PageElement], str | None]] = [(iter(soup.contents), None)]
    while walks:
        children, name = walks[-1]
        node = next(children, None)
        if node is None:
            walks.pop()
            if name is not None:
                around[name] -= 1
            continue
        yield node, around
        if isinstance(node, Tag):
            around[node.name] += 1
            walks.append((iter(node.contents), node.name))


def _parse_block(
    block: _Block, *, url: str, term: str | None
) -> tuple[list[Subject], Problem | None]:
    """One block's subjects (several for a range), or the problem that stops it."""
    head = _text(piece for piece in block.pieces if piece.title)
    numbers = [name.strip().upper() for name in block.anchors]
    numbers = [number for number in numbers if re.fullmatch(NUMBER, number)]
    where = numbers[0] if numbers else (block.anchors[0] if block.anchors else None)
    try:
        head_fields, title_numbers = _parse_head(head)
        numbers = numbers or title_numbers
        where = numbers[0]
        if len(numbers) > MAX_RANGE:  # anchors sharing one block, as a range's do
            raise BlockError(head, f"{len(numbers)} subject numbers, more than {MAX_RANGE}")
        lines = _lines([piece for piece in block.pieces if not piece.title])
        hr = max((at for at, line in enumerate(lines) if _has_icon(line, "hr")), default=len(lines))
        icons = _read_icons(piece for line in lines[:hr] for piece in line if piece.kind == "img")
        if "nooffer" in icons.get("flag", []):
            # Like Hydrant: a subject not offered this year has no schedule to plan with.
            return [], None
        icon_fields = _read_icon_fields(icons)
        facts = _read_facts(lines[:hr])
        notes = _read_notes(lines[hr + 1 :], term)
        schedule = _read_schedule(lines[:hr], numbers, term)
        subjects = [
            Subject(
                number=number,
                **head_fields,
                **icon_fields,
                **facts,
                **notes,
                has_final=schedule.has_final,
                starts=schedule.starts,
                ends=schedule.ends,
                sections=schedule.sections_for(number),
            )
            for number in numbers
        ]
    except BlockError as error:
        return [], Problem(subject=where, text=error.text, reason=error.reason, where=url)
    except ValidationError as error:
        first = error.errors()[0]
        reason = f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"
        return [], Problem(subject=where, text=head, reason=reason, where=url)
    except ValueError as error:  # a value outside the schema's choices (`one_of`)
        return [], Problem(subject=where, text=head, reason=str(error), where=url)
    return subjects, None


def _parse_head(head: str) -> tuple[_Head, list[str]]:
    """The h3 "6.1210[J] Introduction to Algorithms (6.006) (New)": title, old number, numbers."""
    match = _HEAD.fullmatch(head)
    if match is None:
        raise BlockError(head, "the <h3> is not a subject number followed by a title")
    title, old = match["title"], None
    while (found := _TRAILING_NEW.search(title) or _TRAILING_OLD.search(title)) is not None:
        old = found.groupdict().get("old") or old
        title = title[: found.start()]
    return {"title": title, "old_number": old}, _expand_numbers(match["numbers"])


def _expand_numbers(text: str) -> list[str]:
    """Numbers of a title: "6.S193-6.S198" is six subjects, "10.81 (10.83, 10.85)" three."""
    text = text.replace("[J]", "")
    span = re.fullmatch(r"(\w+\.\D*)(\d+)\s*-\s*\1(\d+)", text)
    if span is not None and int(span[2]) < int(span[3]):
        if (count := int(span[3]) - int(span[2]) + 1) > MAX_RANGE:
            raise BlockError(text, f"a range of {count} subject numbers, more than {MAX_RANGE}")
        width = len(span[2])
        return [f"{span[1]}{n:0{width}d}" for n in range(int(span[2]), int(span[3]) + 1)]
    return _NUMBER.findall(text)


def _read_icons(pieces: Iterable[Piece]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for piece in pieces:
        slot = _ICONS.get(piece.icon) or _ICON_TITLES.get(piece.text.strip().lower())
        if slot is not None and slot[1] not in found.setdefault(slot[0], []):
            found[slot[0]].append(slot[1])
    return found


def _read_icon_fields(icons: dict[str, list[str]]) -> _IconFields:
    return {
        "level": one_of(icons["level"][0], LEVELS, "level") if "level" in icons else None,
        "terms": tuple(one_of(term, SEASONS, "terms") for term in icons.get("term", [])),
        "gir": tuple(icons.get("gir", [])),
        "hass": tuple(one_of(area, HASS, "hass") for area in icons.get("hass", [])),
        "ci": one_of(icons["ci"][-1], CIS, "ci") if "ci" in icons else None,
    }


def _read_facts(lines: list[list[Piece]]) -> _Facts:
    """The lines between the icons and the description: half, joint, prereqs, units."""
    facts: _Facts = {}
    for line in lines:
        text = _text(line)
        if "first half of term" in text:
            facts["half"] = "first"
        elif "second half of term" in text:
            facts["half"] = "second"
        if (found := re.search(r"Same subject as\s+([^)]*)", text)) is not None:
            facts["same_as"] = tuple(_NUMBER.findall(found[1]))
        if (found := re.search(r"Subject meets with\s+([^)]*)", text)) is not None:
            facts["meets_with"] = tuple(_NUMBER.findall(found[1]))
        if text.startswith("Prereq:"):
            facts["prereqs"] = text.removeprefix("Prereq:").strip()
        elif text.startswith("Units arranged"):
            facts["units"] = Units(arranged=True)
        elif text.startswith("Units:"):
            units = _UNITS.match(text)
            if units is None:
                raise BlockError(text, "units are neither 'Units: L-B-P' nor 'Units arranged'")
            facts["units"] = Units(lecture=int(units[1]), lab=int(units[2]), prep=int(units[3]))
    return facts


def _read_notes(lines: list[list[Piece]], term: str | None) -> _Notes:
    """After the description rule: the description, then instructors in italics."""
    description: list[str] = []
    instructors: dict[str | None, list[str]] = {}
    for line in lines:
        names = _text(piece for piece in line if piece.italic)
        label = _text(piece for piece in line if not piece.italic)
        season = _INSTRUCTOR_LABEL.fullmatch(label)
        if names and (not label or season):
            key = _SEASONS[season[1].lower()] if season else None
            instructors.setdefault(key, []).extend(_split_names(names))
        elif not instructors and (text := _text(line)):
            description.append(text)
    # Per-term instructors ("Fall: A. Bell"): those of this term, else all of them.
    chosen = instructors.get(term[4:]) if term and term[4:] in instructors else None
    every = [name for names in instructors.values() for name in names]
    return {
        "description": " ".join(description),
        "instructors": tuple(chosen or dict.fromkeys(every)),
    }


def _split_names(text: str) -> list[str]:
    return [name.strip() for name in re.split(r",|\band\b", text) if name.strip()]


def _read_schedule(lines: list[list[Piece]], numbers: list[str], term: str | None) -> Schedule:
    # The line the catalog ends with <!--s-->; failing that, one with a "Lecture:"-style label.
    marked = [line for line in lines if any(piece.kind == "s" for piece in line)]
    line = (marked or [line for line in lines if has_kind_label(line)] or [[]])[0]
    year = int(term[:4]) if term else None
    season = term[4:] if term else None
    return parse_schedule_line(line, numbers=numbers, year=year, season=season)


def _lines(pieces: list[Piece]) -> list[list[Piece]]:
    lines: list[list[Piece]] = [[]]
    for piece in pieces:
        if piece.kind == "br":
            lines.append([])
        else:
            lines[-1].append(piece)
    return lines


def _has_icon(line: list[Piece], icon: str) -> bool:
    return any(piece.kind == "img" and piece.icon == icon for piece in line)


def _text(pieces: Iterable[Piece]) -> str:
    """The words of some pieces, one space apart; a line break counts as a space."""
    words = (piece.text if piece.kind == "text" else " " for piece in pieces if piece.kind != "img")
    return " ".join(printable("".join(words)).split())
