"""The schedule line of a catalog subject block to sections: kinds, alternatives, rooms, dates.

`<b>Lecture:</b> <i>MW3-4.30</i> (26-100) <b>Recitation:</b> <i>F10</i> (5-134) or <i>F11</i>
(5-134, 24-121)` is one lecture and three recitations (MIT-FORMATS.md §1.6, §2.1): ONE alternative
with two rooms is two sections at the same time. The times themselves go to `scrape.meeting_times`.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from scrape.errors import BlockError, MeetingTimeError
from scrape.meeting_times import is_tba, parse_times
from solver.catalog.schema import Kind, Meeting, Section

_NUMBER = r"[A-Z0-9]{1,6}\.[A-Z0-9]{1,8}"
# Bold and italic text are marked with brackets that never occur in the catalog, so the line can
# be read with regular expressions and still know a label (bold) from a time (italic).
_B, _EB, _I, _EI = "‹", "›", "«", "»"
_LABEL = re.compile(rf"{_B}\s*([^{_EB}]*?)\s*{_EB}")
_FINAL = re.compile(rf"{_I}?\s*{_B}?\s*\+\s*final\s*{_EB}?\s*{_EI}?", re.IGNORECASE)
_DATE = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}/\d{1,2})"
_BEGINS = re.compile(rf"\bBegins\s+(?P<date>{_DATE})\.?")
_ENDS = re.compile(rf"\bEnds\s+(?P<date>{_DATE})\.?")
_MEETS = re.compile(rf"\bMeets\s+(?P<start>{_DATE})\s+to\s+(?P<end>{_DATE})\.?")
# One alternative: an italic time (an "EVE (7-9 PM)" left outside the italics is taken along), or
# a bare TBA, then its rooms in parentheses.
_ALTERNATIVE = re.compile(
    rf"(?:{_I}(?P<time>[^{_EI}]*){_EI}(?P<eve>\s*\([^()]*PM\s*\))?|(?P<tba>TBA)\b)"
    r"\s*(?:\((?P<rooms>[^()]*)\))?\s*"
)
_OR = re.compile(r"or\b\s*")
_KINDS = {
    "lecture": Kind.LECTURE,
    "lectures": Kind.LECTURE,
    "recitation": Kind.RECITATION,
    "recitations": Kind.RECITATION,
    "lab": Kind.LAB,
    "labs": Kind.LAB,
    "laboratory": Kind.LAB,
    "laboratories": Kind.LAB,
    "design": Kind.DESIGN,
}
_SEASONS = {"fall": "FA", "iap": "JA", "spring": "SP", "summer": "SU"}
_MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


@dataclass(frozen=True)
class Piece:
    """A flat piece of a subject block: text, a line break, an icon or the `<!--s-->` mark."""

    kind: Literal["text", "br", "img", "s"]
    text: str = ""  # the text, or an icon's title attribute
    bold: bool = False
    italic: bool = False
    title: bool = False  # inside the subject's <h3>
    icon: str = ""  # an icon's gif name, lower case, without ".gif"


def _block_error(text: str, reason: str) -> BlockError:
    """A block error quoting the page's text, not our markup."""
    return BlockError(re.sub(f"[{_B}{_EB}{_I}{_EI}]", "", text), reason)


@dataclass(frozen=True)
class Offer:
    """One way to take a kind: its meetings (none when TBA) and the rooms it is offered in."""

    kind: Kind
    meetings: tuple[Meeting, ...]
    rooms: tuple[str, ...]
    tba: bool


@dataclass(frozen=True)
class Schedule:
    """A schedule line read: the offers per subject number (None: shared by the whole block)."""

    offers: dict[str | None, list[Offer]] = field(default_factory=dict)
    has_final: bool = False
    starts: date | None = None
    ends: date | None = None

    def sections_for(self, number: str) -> tuple[Section, ...]:
        """Sections in catalog order, numbered per kind (L01, L02, R01, B01, D01)."""
        counts: Counter[Kind] = Counter()
        sections: list[Section] = []
        for offer in self.offers.get(None, []) + self.offers.get(number, []):
            for room in offer.rooms or (None,):
                counts[offer.kind] += 1
                sections.append(
                    Section(
                        id=f"{offer.kind.letter}{counts[offer.kind]:02d}",
                        kind=offer.kind,
                        rooms=(room,) if room else (),
                        meetings=offer.meetings,
                        tba=offer.tba,
                    )
                )
        return tuple(sections)


def parse_schedule_line(
    pieces: list[Piece], *, numbers: list[str], year: int | None, season: str | None
) -> Schedule:
    """Read a schedule line; `year` and `season` ("SP") come from the page's term."""
    text = _mark(pieces)
    text, finals = _FINAL.subn("", text)
    text, starts, ends = _take_dates(text, year)
    prefix, *rest = _LABEL.split(text)
    if _I in prefix:
        raise _block_error(text, "meeting times before any 'Lecture:' label")
    offers: dict[str | None, list[Offer]] = {}
    scope: str | None = None
    skipping = False  # inside another term's part of a per-term schedule
    for label, body in zip(rest[::2], rest[1::2], strict=True):
        name = label.removesuffix(":").strip()
        if not label.endswith(":"):
            raise _block_error(label, "a bold schedule label without ':'")
        if (kind := _KINDS.get(name.lower())) is not None:
            if not skipping:
                offers.setdefault(scope, []).extend(_parse_offers(kind, body.strip()))
            continue
        if re.fullmatch(rf"{_NUMBER}(\[J\])?", name):
            scope, skipping = name.removesuffix("[J]"), False
            if scope not in numbers:
                raise _block_error(label, f"a schedule for a number this block lacks {numbers}")
        elif name.lower() in _SEASONS:
            if season is None:
                raise _block_error(label, "a per-term schedule, but the page names no term")
            scope, skipping = None, _SEASONS[name.lower()] != season
        else:
            raise _block_error(label, "an unknown section kind")
        if body.strip():
            raise _block_error(f"{label} {body.strip()}", "times before any section kind")
    return Schedule(offers, has_final=finals > 0, starts=starts, ends=ends)


def has_kind_label(pieces: list[Piece]) -> bool:
    """Whether a line has a bold "Lecture:"-style label, as schedule lines do."""
    return any(
        piece.bold and piece.text.strip().removesuffix(":").strip().lower() in _KINDS
        for piece in pieces
    )


def _mark(pieces: list[Piece]) -> str:
    marked: list[str] = []
    for piece in pieces:
        if piece.kind != "text":
            continue
        text = piece.text
        if text.strip() and piece.bold:
            text = f"{_B}{text}{_EB}"
        if text.strip() and piece.italic:
            text = f"{_I}{text}{_EI}"
        marked.append(text)
    return " ".join("".join(marked).split())


def _take_dates(text: str, year: int | None) -> tuple[str, date | None, date | None]:
    """Remove "Begins Mar 31." / "Ends Mar 21." / "Meets 4/9 to 5/9" and read their dates."""
    starts = ends = None
    if (found := _MEETS.search(text)) is not None:
        starts, ends = _date(found["start"], year), _date(found["end"], year)
        text = text.replace(found[0], " ")
    if (found := _BEGINS.search(text)) is not None:
        starts = _date(found["date"], year)
        text = text.replace(found[0], " ")
    if (found := _ENDS.search(text)) is not None:
        ends = _date(found["date"], year)
        text = text.replace(found[0], " ")
    return text, starts, ends


def _date(text: str, year: int | None) -> date:
    if year is None:
        raise _block_error(text, "a date, but the page names no term to take the year from")
    if "/" in text:
        month, day = (int(part) for part in text.split("/"))
    else:
        name, day_text = text.replace(".", " ").split()
        month, day = _MONTHS.get(name[:3].lower(), 0), int(day_text)
    try:
        return date(year, month, day)
    except ValueError:
        raise _block_error(text, "not a calendar date") from None


def _parse_offers(kind: Kind, body: str) -> list[Offer]:
    """`«F10» (5-134) or «F11» (5-134, 24-121)`: alternatives joined by "or"."""
    offers: list[Offer] = []
    at = 0
    while True:
        found = _ALTERNATIVE.match(body, at)
        if found is None:
            raise _block_error(body[at:] or body, f"unreadable {kind} times")
        offers.append(_offer(kind, found))
        at = found.end()
        if at == len(body):
            return offers
        joint = _OR.match(body, at)
        if joint is None:
            raise _block_error(body[at:], f"expected 'or' between {kind} alternatives")
        at = joint.end()


def _offer(kind: Kind, found: re.Match[str]) -> Offer:
    time = "TBA" if found["tba"] else f"{found['time']}{found['eve'] or ''}".strip()
    rooms = tuple(room.strip() for room in (found["rooms"] or "").split(",") if room.strip())
    if is_tba(time):
        return Offer(kind, (), rooms, tba=True)
    try:
        meetings = parse_times(time)
    except MeetingTimeError as error:
        raise _block_error(time, f"{kind}: {error}") from None
    return Offer(kind, tuple(meetings), rooms, tba=False)
