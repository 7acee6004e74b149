"""Hydrant's share links (`https://hydrant.mit.edu/?t=s26&s=STATE`): a schedule written as one,
and one read back into the sections it picks.

The state is Hydrant's own (sipb/hydrant `src/lib/state.ts`, `deflate`): base64 of a MessagePack
array `[classes, custom activities or null, selected option, PE classes]`. A class is `[number,
(colour), (room overrides), index, ...]` (`src/lib/class.ts`): one 0-based index per section kind
in Hydrant's order (lecture, recitation, lab, design), into that kind's sections as the term file
lists them, or null for a kind left to Hydrant; its "TBA" placeholders are no section there. A
custom activity is `[[[slot, slots], ...], name, colour, room]`, a slot being half an hour from
Monday 6:00, 34 a day (`src/lib/dates.ts`).
"""

import base64
import binascii
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import msgpack

from solver.catalog.schema import Catalog, Day, Kind, Section, Subject, term_name
from solver.errors import LinkError

BASE = "https://hydrant.mit.edu/"
HOST = "hydrant.mit.edu"
SEASON_LETTERS = {"FA": "f", "JA": "i", "SP": "s", "SU": "m"}
SEASONS = {letter: season for season, letter in SEASON_LETTERS.items()}
TERM_CODE = re.compile(r"(?P<season>[fism])(?P<year>\d{2})")
NUMBER = re.compile(r"[A-Z0-9]+\.[A-Z0-9]+")
# Hydrant's calendar: half-hour slots from 6:00 to 23:00, Monday to Friday.
FIRST, SLOT, PER_DAY, WEEKDAYS = 6 * 60, 30, 34, (Day.M, Day.T, Day.W, Day.R, Day.F)
MAX_LINK = 64 * 1024  # characters: a term's every subject fits in a tenth of this
MAX_CLASSES = 200  # a schedule, not a catalog
HOW = "copy it again with Hydrant's share button"


@dataclass(frozen=True)
class Activity:
    """A busy time that is no class, as Hydrant's custom activities show it."""

    name: str
    days: tuple[Day, ...]
    start: int  # minutes after midnight
    end: int


@dataclass(frozen=True)
class Shared:
    """What a link holds: its term (2026SP; None when it names none) and, per class, its number
    and one section index per kind (None: not chosen)."""

    term: str | None
    classes: tuple[tuple[str, tuple[int | None, ...]], ...]
    activities: int  # custom activities (busy times): not read
    pe: int  # PE classes: not read


def hydrant_term(term: str) -> str:
    """Hydrant's name of a term: 2026SP is s26, 2025FA f25, 2026JA (IAP) i26."""
    return f"{SEASON_LETTERS[term[4:]]}{term[2:4]}"


def link_sections(subject: Subject, kind: Kind) -> list[Section]:
    """The sections of `kind` as Hydrant numbers them: the term file's, "TBA" placeholders (no
    time, no room) left out."""
    return [s for s in subject.sections_of(kind) if s.meetings or s.rooms or not s.tba]


def section_indexes(subject: Subject, chosen: Mapping[Kind, Sequence[str]]) -> list[int | None]:
    """The index of each kind's chosen section (the first of `chosen[kind]` Hydrant lists), in
    Hydrant's order of kinds; None for a kind with none of them."""
    found: list[int | None] = []
    for kind in subject.kinds:
        ids = [s.id for s in link_sections(subject, kind)]
        found.append(next((ids.index(i) for i in chosen.get(kind, ()) if i in ids), None))
    return found


def share_link(
    term: str,
    classes: Sequence[tuple[str, Sequence[int | None]]],
    activities: Sequence[Activity] = (),
) -> str:
    """The link that opens these classes, each with its sections, in Hydrant's `term`; busy
    times go in as custom activities."""
    deflated = []
    for number, indexes in classes:
        picked = list(indexes)
        while picked and picked[-1] is None:  # as Hydrant drops a class's trailing nulls
            picked.pop()
        deflated.append([number, *picked])
    busy = [[_slots(a), a.name, "", ""] for a in activities if _slots(a)]
    state = [deflated, busy or None, 0, []]
    encoded = base64.b64encode(msgpack.packb(state)).decode("ascii")
    return BASE + "?" + urlencode({"t": hydrant_term(term), "s": encoded})


def _slots(activity: Activity) -> list[list[int]]:
    """The half-hour slots an activity covers on Hydrant's calendar (weekdays, 6:00 to 23:00)."""
    start = max(activity.start, FIRST) - FIRST
    end = min(activity.end, FIRST + PER_DAY * SLOT) - FIRST
    if end <= start:
        return []
    first, last = start // SLOT, -(-end // SLOT)  # the slots it touches
    return [
        [PER_DAY * WEEKDAYS.index(day) + first, last - first]
        for day in activity.days
        if day in WEEKDAYS
    ]


def read_link(url: str) -> Shared:
    """The classes of a Hydrant share link; raises LinkError, in one line, for anything else."""
    text = url.strip()
    if len(text) > MAX_LINK:
        raise LinkError(f"the Hydrant link is {len(text):,} characters long: no share link is")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or (parts.hostname or "") != HOST:
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise LinkError(f"{shown!r} is not a Hydrant link (https://{HOST}/?t=s26&s=...)")
    query = parse_qs(parts.query)
    code = query.get("t", [None])[-1]
    term = None
    if code is not None:
        match = TERM_CODE.fullmatch(code)
        if match is None:
            raise LinkError(f"the Hydrant link names the term {code!r}, which is no term (s26)")
        term = f"20{match['year']}{SEASONS[match['season']]}"
    state = query.get("s")
    if not state:
        raise LinkError(f"the Hydrant link holds no schedule (no s=...): {HOW}")
    # A '+' of the base64 that was not escaped arrives as a space.
    raw = state[-1].replace(" ", "+")
    try:
        data = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
        found = msgpack.unpackb(data, raw=False, max_str_len=1000, max_array_len=10_000)
    except (binascii.Error, ValueError, msgpack.UnpackException):
        raise LinkError(
            f"the Hydrant link is damaged (its schedule cannot be read): {HOW}"
        ) from None
    return _shared(found, term)


def _shared(found: object, term: str | None) -> Shared:
    damaged = LinkError(f"the Hydrant link is damaged (not a Hydrant schedule): {HOW}")
    if not isinstance(found, list) or not found or not isinstance(found[0], list):
        raise damaged
    if len(found[0]) > MAX_CLASSES:
        raise LinkError(f"the Hydrant link holds {len(found[0])} classes: no schedule has as many")
    classes = []
    for deflated in found[0]:
        if isinstance(deflated, str):  # a class with nothing chosen
            deflated = [deflated]
        if not isinstance(deflated, list) or not deflated or not isinstance(deflated[0], str):
            raise damaged
        number, *rest = deflated
        if rest and isinstance(rest[0], str):  # a colour the student chose
            rest = rest[1:]
        if rest and isinstance(rest[0], list):  # rooms the student typed in
            rest = rest[1:]
        if not NUMBER.fullmatch(number) or not all(_index(item) for item in rest):
            raise damaged
        classes.append((number, tuple(rest)))
    activities = found[1] if len(found) > 1 and isinstance(found[1], list) else []
    pe = found[3] if len(found) > 3 and isinstance(found[3], list) else []
    return Shared(term, tuple(classes), len(activities), len(pe))


def _index(item: object) -> bool:
    return item is None or (isinstance(item, int) and not isinstance(item, bool) and item >= 0)


@dataclass(frozen=True)
class Picked:
    """The sections a link picks in a catalog: per subject its number and the ids chosen (one
    per kind the link chose), and the numbers the catalog does not have."""

    subjects: tuple[tuple[str, tuple[str, ...]], ...]
    unknown: tuple[str, ...]


def picked_sections(shared: Shared, catalog: Catalog) -> Picked:
    """The link's sections in `catalog`; a link for another term, or picking a section the
    catalog lacks, raises LinkError."""
    if shared.term is not None and shared.term != catalog.term:
        raise LinkError(
            f"the Hydrant link is for {term_name(shared.term)} (t={hydrant_term(shared.term)}),"
            f" but the catalog is {term_name(catalog.term)}: solve it on that term"
            f" (--term {shared.term})"
        )
    subjects, unknown = [], []
    for number, indexes in shared.classes:
        subject = catalog.subject(number)
        if subject is None:
            unknown.append(number)
            continue
        ids = []
        for kind, index in zip(subject.kinds, indexes, strict=False):  # extra entries: ignored
            if index is None:
                continue
            listed = link_sections(subject, kind)
            if index >= len(listed):
                raise LinkError(
                    f"the Hydrant link picks {kind} #{index + 1} of {number}, which has "
                    f"{len(listed)} in {catalog.term}: is the link for another term?"
                )
            ids.append(listed[index].id)
        subjects.append((subject.number, tuple(ids)))
    return Picked(tuple(subjects), tuple(unknown))
