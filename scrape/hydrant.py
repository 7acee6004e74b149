"""Hydrant's term JSON (sipb/hydrant `public/<term>.json`) to a `Catalog` (MIT-FORMATS.md §3).

Every section time is re-derived from the raw strings, never from Hydrant's slot arrays, whose grid
changed between archives; an entry that does not parse (a subject, a section, a building's
location, a second listing of one number) is kept as a `Problem`, not dropped. The JSON itself is
read by `scrape.hydrant_json`.
"""

import re
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from scrape.choices import CIS, HASS, LEVELS, SEASONS, one_of
from scrape.errors import MeetingTimeError, ScrapeError
from scrape.hydrant_json import RawLocation, RawQuarter, RawSubject, RawTermInfo, explain, read_term
from scrape.meeting_times import is_tba, parse_fireroad, parse_times
from scrape.text import printable
from solver.catalog.schema import (
    Catalog,
    Half,
    Kind,
    Location,
    Problem,
    Season,
    Section,
    Subject,
    TermDates,
    Units,
)

_SEASONS = {"f": "FA", "i": "JA", "s": "SP", "m": "SU"}
_HALVES: dict[int, Half] = {1: "first", 2: "second"}
_URL_NAME = re.compile(r"(?P<season>[fism])(?P<year>\d{2})")
_TERM_LABEL = re.compile(r"\b(Fall|IAP|Spring|Summer):")
_SEASON_LABELS = {"FA": "Fall", "JA": "IAP", "SP": "Spring", "SU": "Summer"}
# Separators between names: "A. Bell (POLSCI, EECS), B. Chu & C. Dunn; D. Eng and E. Fox" (those
# inside parentheses are not: see `_split_names`).
_NAME_SEPARATOR = re.compile(r",|;|&|\band\b")
_TAG = re.compile(r"<[^>]*>")  # i26 HST.166 wraps its names in <em>
_ROLE = re.compile(r"^(?:Consult|Information)\b:?\s*")  # "Consult J. Alton": J. Alton is in charge
_NAME_SUFFIX = re.compile(r"(?:Jr|Sr)\.?|I{2,3}|IV")

# Section ids have two or three digits (L01 ... L999); no real subject has more than 22 of a kind.
MAX_SECTIONS = 999


def parse_hydrant(data: bytes | str, *, source_url: str | None, fetched_at: datetime) -> Catalog:
    """Convert one Hydrant term file; unreadable entries end up in `Catalog.problems`."""
    where = source_url or ""
    label = source_url or "Hydrant term JSON"  # how error messages name the input
    term = read_term(data, label)
    info = term.term_info
    season, year = _season_and_year(info.url_name, label)
    legacy = _is_legacy(term.classes)
    subjects: dict[str, Subject] = {}
    problems: list[Problem] = []
    for key, entry in term.classes.items():
        number = printable(key)
        subject, found = _parse_subject(
            number, entry, year=year, season=season, legacy=legacy, where=where
        )
        problems += found
        if subject is not None and subject.number in subjects:
            again = f"{subject.number} is listed twice; the first listing is kept"
            problems.append(Problem(subject=subject.number, text=number, reason=again, where=where))
        elif subject is not None:
            subjects[subject.number] = subject
    locations, unplaced = _locations(term.locations, where)
    try:
        return Catalog(
            term=f"{year}{season}",
            source="hydrant",
            source_url=source_url,
            fetched_at=fetched_at,
            note=f"Hydrant {info.url_name}, last updated {term.last_updated or 'unknown'}",
            dates=_term_dates(info),
            subjects=list(subjects.values()),
            locations=locations,
            problems=problems + unplaced,
        )
    except ValidationError as error:  # what no single entry shows: a cross-listing too large
        why = error.errors()[0]["msg"].removeprefix("Value error, ")
        raise ScrapeError(f"{label}: not a term coursepick can use: {why}") from None


def _season_and_year(url_name: str, where: str) -> tuple[str, int]:
    """Hydrant names terms like "s26" (spring 2026), "f24", "i26" (IAP), "m26" (summer)."""
    match = _URL_NAME.fullmatch(url_name)
    if match is None:
        raise ScrapeError(f"{where}: unknown term name {url_name!r} (expected e.g. 's26')")
    return _SEASONS[match["season"]], 2000 + int(match["year"])


def _is_legacy(classes: dict[str, Any]) -> bool:
    """Older archives (f22) keep catalog-style raw strings ("TR11") instead of FireRoad ones."""
    for entry in classes.values():
        for kind in Kind:
            raw = entry.get(f"{kind.value}RawSections") if isinstance(entry, dict) else None
            texts = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
            if any(isinstance(text, str) and "/" in text for text in texts):
                return False
    return True


def _locations(raw: dict[str, Any], where: str) -> tuple[dict[str, Location], list[Problem]]:
    """The buildings' map points; one that is not a pair of finite numbers is a problem, and its
    rooms are then off the map (no walk is counted to or from them)."""
    locations: dict[str, Location] = {}
    problems: list[Problem] = []
    for key, entry in raw.items():
        name = printable(key)
        try:
            at = RawLocation.model_validate(entry)
            locations[name] = Location(x=at.x, y=at.y)
        except ValidationError as error:
            reason = f"location of building {name}: {explain(error)}"
            problems.append(Problem(text=name, reason=reason, where=where))
    return locations, problems


def _term_dates(info: RawTermInfo) -> TermDates | None:
    if info.start_date is None or info.end_date is None:
        return None
    return TermDates(
        start=info.start_date,
        end=info.end_date,
        first_half_end=info.h1_end_date,
        second_half_start=info.h2_start_date,
        monday_schedule=info.monday_schedule_date,
        holidays=info.holiday_dates,
    )


def _parse_subject(
    number: str, entry: object, *, year: int, season: str, legacy: bool, where: str
) -> tuple[Subject | None, list[Problem]]:
    """One subject and the problems met on the way; a subject that cannot be read is a problem."""
    try:
        raw = RawSubject.model_validate(entry)
    except ValidationError as error:
        return None, [Problem(subject=number, text=number, reason=explain(error), where=where)]
    for kind in Kind:
        if (count := len(raw.raw_sections(kind))) > MAX_SECTIONS:
            reason = f"{kind.value}: {count} sections, more than {MAX_SECTIONS}"
            return None, [Problem(subject=number, text=number, reason=reason, where=where)]
    sections, problems = _parse_sections(raw, legacy=legacy, where=where)
    quarter = raw.quarter_info or RawQuarter()
    try:
        subject = Subject(
            number=raw.number,
            title=raw.name,
            old_number=raw.old_number or None,
            units=_units(raw),
            level=one_of(raw.level, LEVELS, "level") if raw.level else None,
            terms=_terms(raw.terms),
            gir=(raw.gir,) if raw.gir else (),
            hass=tuple(one_of(area, HASS, "hass") for area in raw.hass),
            ci=one_of(raw.comms, CIS, "ci") if raw.comms else None,
            same_as=_numbers(raw.same),
            meets_with=_numbers(raw.meets),
            half=_HALVES.get(raw.half),
            starts=_quarter_date(quarter.start, year),
            ends=_quarter_date(quarter.end, year),
            has_final=raw.final,
            instructors=_instructors(raw.in_charge, legacy=legacy, season=season),
            prereqs=raw.prereqs,
            description=raw.description,
            # Hydrant writes 0 when a subject has no evaluations yet; no real rating is 0 out of 7.
            rating=raw.rating or None,
            hours=raw.hours or None,
            size=raw.size or None,
            limited=raw.limited,
            nonext=raw.nonext,
            repeat=raw.repeat,
            sections=tuple(sections),
        )
    except ValueError as error:  # pydantic's ValidationError, a bad quarter date, or one_of
        reason = explain(error) if isinstance(error, ValidationError) else str(error)
        return None, [*problems, Problem(subject=number, text=number, reason=reason, where=where)]
    return subject, problems


def _parse_sections(
    raw: RawSubject, *, legacy: bool, where: str
) -> tuple[list[Section], list[Problem]]:
    """One section per raw entry, numbered per kind in raw order (L01, L02, R01, B01, D01)."""
    sections: list[Section] = []
    problems: list[Problem] = []
    for kind in Kind:
        entries = raw.raw_sections(kind)
        rooms = raw.slot_rooms(kind)
        for position, text in enumerate(entries, start=1):
            # Legacy slot arrays line up with the raw list; their room is the only room we have.
            room = rooms[position - 1] if legacy and len(rooms) == len(entries) else ""
            try:
                sections.append(_parse_section(kind, position, text, room=room, legacy=legacy))
            except MeetingTimeError as error:
                reason = f"{kind.value}: {error}"
                problems.append(Problem(subject=raw.number, text=text, reason=reason, where=where))
    return sections, problems


def _parse_section(kind: Kind, position: int, text: str, *, room: str, legacy: bool) -> Section:
    section_id = f"{kind.letter}{position:02d}"
    if not legacy:
        entry = parse_fireroad(text)
        return Section(
            id=section_id,
            kind=kind,
            rooms=tuple(entry.rooms),
            meetings=tuple(entry.meetings),
            tba=entry.tba,
        )
    rooms = (room.strip(),) if room.strip() else ()
    if is_tba(text):
        return Section(id=section_id, kind=kind, rooms=rooms, tba=True)
    return Section(id=section_id, kind=kind, rooms=rooms, meetings=tuple(parse_times(text)))


def _units(raw: RawSubject) -> Units:
    total = raw.lecture_units + raw.lab_units + raw.preparation_units
    # f22 has no isVariableUnits flag and writes "Units arranged" as 0-0-0.
    if raw.is_variable_units or total == 0:
        return Units(arranged=True)
    return Units(lecture=raw.lecture_units, lab=raw.lab_units, prep=raw.preparation_units)


def _terms(terms: list[str]) -> tuple[Season, ...]:
    """Hydrant's term codes as the schema's, in calendar order."""
    return tuple(sorted((one_of(term, SEASONS, "terms") for term in terms), key=SEASONS.index))


def _numbers(text: str) -> tuple[str, ...]:
    """ "6.C35, 11.C35[J]" -> ("6.C35", "11.C35")."""
    return tuple(part.strip().removesuffix("[J]") for part in text.split(",") if part.strip())


def _quarter_date(month_day: tuple[int, int] | None, year: int) -> date | None:
    return None if month_day is None else date(year, *month_day)


def _instructors(text: str, *, legacy: bool, season: str) -> tuple[str, ...]:
    """This term's names from "Fall: A. Bell, C. Dunn,Spring: Consult: E. Fox" (in spring: E.
    Fox): the other terms' names, labels and roles dropped."""
    text = text.strip()
    if text in ("", "null"):
        return ()
    if legacy:
        return (text,)  # f22 writes one instructor as "Last, First"
    if _TERM_LABEL.search(text):  # the year's terms, each under its label: keep this term's
        parts = _TERM_LABEL.split(text)
        labelled = dict(zip(parts[1::2], parts[2::2], strict=True))
        text = labelled.get(_SEASON_LABELS[season], "")
    names: list[str] = []
    for part in _split_names(_TAG.sub("", text)):
        name = " ".join(_ROLE.sub("", part.strip()).split())
        if names and _NAME_SUFFIX.fullmatch(name):
            names[-1] += f", {name}"  # "E. S. Boyden, III" is one person
        elif name and "@" not in name:  # a contact e-mail address is not a name
            names.append(name)
    return tuple(dict.fromkeys(names))


def _split_names(text: str) -> list[str]:
    """`text` cut at each separator whose next parenthesis is not a closing one, in one pass each
    way (a regular expression looking ahead from every separator takes quadratic time)."""
    closing = [False] * (len(text) + 1)  # is the next parenthesis from here on a ")"?
    for at in range(len(text) - 1, -1, -1):
        char = text[at]
        closing[at] = char == ")" or (char != "(" and closing[at + 1])
    parts, start = [], 0
    for found in _NAME_SEPARATOR.finditer(text):
        if not closing[found.end()]:
            parts.append(text[start : found.start()])
            start = found.end()
    parts.append(text[start:])
    return parts
