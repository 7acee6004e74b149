"""Browsing the catalog: one subject, or a list of them, as text.

Pure functions that return strings; only the CLI prints them.
"""

import json
from collections.abc import Mapping
from typing import Protocol

from tabulate import tabulate

from solver.catalog.clock import format_clock
from solver.catalog.prereqs import stated
from solver.catalog.schema import SEASON_NAMES, Catalog, Day, Kind, Section, Subject
from solver.catalog.search import Match
from solver.core.eligibility import Status, Verdict

LEVELS = {"U": "undergraduate", "G": "graduate"}


class Fitted(Protocol):
    """A row's fit (`solver.app.fits.Fitting`)."""

    @property
    def score(self) -> float: ...

    @property
    def change(self) -> float | None: ...


def render_subject(subject: Subject, catalog: Catalog, standing: Verdict | None = None) -> str:
    """Everything a student checks before choosing a subject, ending with its sections;
    `standing` is whether their prerequisites are met, when we know what they have taken."""
    lines = [f"{subject.number} {subject.title}"]
    facts: list[tuple[str, str]] = []
    if subject.old_number:
        facts.append(("formerly", subject.old_number))
    facts.append(("units", render_units(subject)))
    if subject.level:
        facts.append(("level", LEVELS[subject.level]))
    if subject.terms:
        facts.append(("offered", ", ".join(_season(term) for term in subject.terms)))
    if attributes := subject.attributes:
        facts.append(("attributes", ", ".join(attributes)))
    if dates := _render_dates(subject, catalog):
        facts.append(("dates", dates))
    if subject.same_as:
        facts.append(("same subject as", ", ".join(subject.same_as)))
    if subject.meets_with:
        facts.append(("meets with", ", ".join(subject.meets_with)))
    if subject.has_final:
        facts.append(("final exam", "yes"))
    if subject.limited:
        facts.append(("enrolment", "limited (a lottery may decide who gets in)"))
    if subject.instructors:
        facts.append(("instructors", ", ".join(subject.instructors)))
    if evaluations := _render_evaluations(subject):
        facts.append(("evaluations", evaluations))
    if stated(subject.prereqs):
        facts.append(("prereqs", subject.prereqs))
    if standing is not None:
        facts.append(("for you", render_standing(standing)))
    lines += [f"{label}: {value}" for label, value in facts]
    if subject.description:
        lines.append(subject.description)
    lines.append(_render_sections(subject))
    return "\n".join(lines)


def render_search(
    matches: list[Match],
    text: str = "",
    width: int | None = None,
    more: int = 0,
    fits: Mapping[str, Fitted] | None = None,
) -> str:
    """A table of search results (numbers, title, units, attributes, and evaluations where the
    catalog has them), or a line saying none match. Titles are shortened with an ellipsis so
    the table fits `width` columns (None: no limit); `more` rows left out are counted below.
    With `fits`, each row's change to the best score if it were added (`fit`)."""
    if not matches:
        return f"no subject matches {text!r}"
    evaluated = any(m.subject.rating is not None or m.subject.hours is not None for m in matches)
    rows = []
    for match in matches:
        subject = match.subject
        row = [
            " / ".join(match.numbers),
            subject.title,
            "arranged" if subject.units.arranged else str(subject.units.total),
            ", ".join([*subject.attributes, *(["lottery"] if subject.limited else [])]),
        ]
        if evaluated:
            row += [_maybe(subject.rating), _maybe(subject.hours)]
        if fits is not None:
            row.append(_fit(fits[subject.number]))
        rows.append(row)
    headers = ["number", "title", "units", "attributes"]
    headers += ["rating", "hours"] if evaluated else []
    headers += ["fit"] if fits is not None else []
    if width is not None:
        _fit_titles(rows, headers, width)
    table = tabulate(
        rows,
        headers=headers,
        tablefmt="simple",
        disable_numparse=True,  # else tabulate would print subject 6.1200 as 6.12
    )
    return table + (f"\n{more} more; --limit to see them" if more else "")


NUMBERS, TITLE = 0, 1  # the columns shortened to fit: cross-listings and titles run long
SHORTEST_TITLE, SHORTEST_NUMBERS = 30, 12


def _fit_titles(rows: list[list[str]], headers: list[str], width: int) -> None:
    """Shorten the titles (with an ellipsis) so that the table's lines fit `width` columns;
    when that would leave a title under 30 columns, long cross-listings give way first."""
    # tabulate's `simple` tables pad each header by 2 and put 2 spaces between columns
    widths = [
        max(len(header) + 2, *(len(row[i]) for row in rows)) for i, header in enumerate(headers)
    ]
    fixed = sum(w for i, w in enumerate(widths) if i not in (NUMBERS, TITLE))
    room = width - fixed - 2 * (len(widths) - 1)  # for the numbers and the title
    numbers = max(min(widths[NUMBERS], room - SHORTEST_TITLE), SHORTEST_NUMBERS)
    title = max(room - min(numbers, widths[NUMBERS]), len(headers[TITLE]) + 4)
    for row in rows:
        row[NUMBERS], row[TITLE] = _shortened(row[NUMBERS], numbers), _shortened(row[TITLE], title)


def _shortened(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _fit(found: Fitted) -> str:
    """`+1.50`: what adding it does to today's best score (its score when nothing fits)."""
    return f"{found.change:+.2f}" if found.change is not None else f"score {found.score:.2f}"


def _maybe(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def render_search_json(matches: list[Match], fits: Mapping[str, Fitted] | None = None) -> str:
    """Search results for programs: one object per row, best first; with `fits`, each row's
    `fit_score` (the best score with it added) and `fit_change` (that minus today's best)."""
    rows = [{"numbers": list(m.numbers), **_facts(m.subject)} for m in matches]
    if fits is not None:
        for row, match in zip(rows, matches, strict=True):
            found = fits[match.subject.number]
            row |= {"fit_score": found.score, "fit_change": found.change}
    return json.dumps(rows, indent=2)


def _facts(subject: Subject) -> dict[str, object]:
    """What `search` and `show` give programs about any subject."""
    return {
        "old_number": subject.old_number,
        "title": subject.title,
        "units": None if subject.units.arranged else subject.units.total,
        "level": subject.level,
        "attributes": subject.attributes,
        "instructors": list(subject.instructors),
        "rating": subject.rating,
        "hours": subject.hours,
        "limited": subject.limited,
    }


def render_standing(standing: Verdict) -> str:
    """`met`, `met with permission of instructor`, or `not met: missing 6.1200`."""
    if standing.status is Status.MET:
        return "prerequisites met"
    if standing.status is Status.PERMISSION:
        return "prerequisites met only with " + "; ".join(standing.missing)
    return "prerequisites not met: missing " + "; ".join(standing.missing)


def render_subjects_json(subjects: list[Subject], standings: list[Verdict]) -> str:
    """`show --format json`: each subject's facts and its prerequisites' status."""
    return json.dumps(
        [
            {
                "number": subject.number,
                **_facts(subject),
                "same_as": list(subject.same_as),
                "has_final": subject.has_final,
                "prereqs": {
                    "text": subject.prereqs,
                    "status": standing.status.value,
                    "missing": list(standing.missing),
                },
                "sections": [section.id for section in subject.sections],
            }
            for subject, standing in zip(subjects, standings, strict=True)
        ],
        indent=2,
    )


def _season(season: str) -> str:
    """`fall`, `spring`, `summer`, but `IAP` as it is written."""
    name = SEASON_NAMES[season]
    return name if name.isupper() else name.lower()


def render_units(subject: Subject) -> str:
    """`3-0-9 (12 units)`, or `arranged` when the units are set per student."""
    units = subject.units
    return "arranged" if units.arranged else f"{units} ({units.total} units)"


def _render_dates(subject: Subject, catalog: Catalog) -> str:
    """Half-term and quarter dates; a half-term subject falls back on the term's half dates."""
    term = catalog.dates
    if subject.half == "first":
        ends = subject.ends or (term.first_half_end if term else None)
        return "first half of term" + (f", ends {ends.isoformat()}" if ends else "")
    if subject.half == "second":
        starts = subject.starts or (term.second_half_start if term else None)
        return "second half of term" + (f", begins {starts.isoformat()}" if starts else "")
    parts = []
    if subject.starts:
        parts.append(f"begins {subject.starts.isoformat()}")
    if subject.ends:
        parts.append(f"ends {subject.ends.isoformat()}")
    return ", ".join(parts)


def _render_evaluations(subject: Subject) -> str:
    parts = []
    if subject.rating is not None:
        parts.append(f"rating {subject.rating:.1f}/7")
    if subject.hours is not None:
        parts.append(f"{subject.hours:.1f} hours a week")
    if subject.size is not None:
        parts.append(f"{subject.size:.0f} students")
    return ", ".join(parts)


def _render_sections(subject: Subject) -> str:
    """One row per distinct time: sections that differ only by room share a row (R03/R05)."""
    if not subject.sections:
        return "sections: none scheduled"
    # Same kind, meetings and TBA flag means the same choice for the student, whatever the room.
    groups: dict[tuple[Kind, str], list[Section]] = {}
    for kind in subject.kinds:
        for section in subject.sections_of(kind):
            groups.setdefault((kind, render_times(section)), []).append(section)
    rows = [
        [
            "/".join(section.id for section in sections),
            kind.value,
            times,
            "/".join(", ".join(section.rooms) or "-" for section in sections),
        ]
        for (kind, times), sections in groups.items()
    ]
    table = tabulate(rows, tablefmt="plain", disable_numparse=True)
    return "sections:\n" + "\n".join(f"  {line.rstrip()}" for line in table.splitlines())


def render_times(section: Section) -> str:
    """`TR 11:00-12:30`, several spans joined by commas, and `TBA` for time to be arranged."""
    spans: dict[tuple[int, int], list[Day]] = {}
    for meeting in sorted(section.meetings, key=lambda meeting: (meeting.day.order, meeting.start)):
        spans.setdefault((meeting.start, meeting.end), []).append(meeting.day)
    parts = [
        f"{''.join(days)} {format_clock(start)}-{format_clock(end)}"
        for (start, end), days in spans.items()
    ]
    if section.tba:
        parts.append("TBA")
    return ", ".join(parts) or "-"
