"""The HTML report: the ranked table with its score breakdown, and every schedule's week.

One self-contained page (inline CSS, no scripts, nothing fetched) in plain ASCII (other
characters become references), so it opens anywhere whatever encoding it is saved in. Every text
from the catalog or the preferences passes through `html.escape`.
"""

from html import escape

from solver.catalog import Catalog, Day, format_clock, number_order
from solver.html_style import CSS
from solver.html_week import Frame, build_frame, render_week
from solver.options import Option
from solver.ranking import Ranked, Result
from solver.report import WISH_TITLES, course_line, describe_conflict, score
from solver.request import Request
from solver.score import Schedule, breakdown, day_spans, metrics

SIDE_BY_SIDE = 3  # the top ranks drawn next to each other


def render_html(result: Result, request: Request, catalog: Catalog) -> str:
    """The whole report as one page: the best weeks first, then the table, then the rest."""
    frame = build_frame([r.schedule for r in result.schedules], request)
    above = (None, *result.schedules)  # one longer: zip stops at the last schedule
    cards = [_card(r, a, request, frame) for r, a in zip(result.schedules, above, strict=False)]
    top, rest = cards[:SIDE_BY_SIDE], cards[SIDE_BY_SIDE:]
    parts = [_header(result, request, catalog), _problem(result)]
    if cards:
        first, last = SIDE_BY_SIDE + 1, len(cards)
        parts += [
            _legend(frame, request),
            _weeks(f"The top {len(top)}, side by side" if len(top) > 1 else "The week", top),
            _table(result, request, frame),
            _weeks(f"Rank {first}" if first == last else f"Ranks {first} to {last}", rest),
        ]
    title = f"coursepick: {catalog.term} schedules"
    document = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n"
        f"<body><main>{''.join(parts)}</main></body></html>\n"
    )
    return document.encode("ascii", "xmlcharrefreplace").decode("ascii")


def changed_options(previous: Schedule, current: Schedule) -> frozenset[Option]:
    """The options of `current` that `previous` does not have: what a student would change."""
    return frozenset(current.options) - frozenset(previous.options)


def describe_changes(previous: Ranked, current: Ranked) -> str:
    """`vs #1: 18.03 R02 → R05, +21W.742 −24.04`: sections swapped, subjects added and dropped."""
    before, after = previous.schedule, current.schedule
    parts = []
    for number in after.courses:
        if number in before.courses:
            old = [o.label for o in before.options if o.course == number and o not in after.options]
            new = [o.label for o in after.options if o.course == number and o not in before.options]
            if old or new:
                parts.append(
                    f"{number} {' '.join(old) or '(none)'} \u2192 {' '.join(new) or '(none)'}"
                )
    added = [f"+{n}" for n in after.courses if n not in before.courses]
    dropped = [f"\u2212{n}" for n in before.courses if n not in after.courses]
    if added or dropped:
        parts.append(" ".join(added + dropped))
    return f"vs #{previous.rank}: {', '.join(parts) or 'the same sections'}"


def _header(result: Result, request: Request, catalog: Catalog) -> str:
    count = len(result.schedules)
    what = {0: "No schedule", 1: "The best schedule"}.get(count, f"The {count} best schedules")
    fetched = catalog.fetched_at.date().isoformat()
    meta = (
        f"{what}, from the {catalog.source} catalog of {catalog.term} (read {fetched}). "
        "The score adds up the penalties of your wishes: lower is better."
    )
    note = f'<p class="note">{escape(catalog.note)}</p>' if catalog.note else ""
    rules = "".join(f"<li>{escape(rule.label)}</li>" for rule in request.rules)
    kept = f'<ul class="rules" aria-label="your rules">{rules}</ul>' if rules else ""
    return (
        f"<header><h1>Your schedules <small>{escape(catalog.term)}</small></h1>"
        f'<p class="meta">{escape(meta)}</p>{note}{kept}</header>'
    )


def _problem(result: Result) -> str:
    """Why nothing is listed, when nothing is: the conflicting rules, or the time limit."""
    if result.conflict is not None:
        rules = "".join(f"<li>{escape(rule.label)}</li>" for rule in result.conflict)
        return (
            '<section class="conflict"><h2>Why there is no schedule</h2>'
            f"<p>{escape(describe_conflict(result.conflict))}.</p>"
            + (f"<p>Loosen one of these rules:</p><ul>{rules}</ul>" if rules else "")
            + "</section>"
        )
    if not result.schedules:
        return (
            '<section class="conflict"><h2>No schedule yet</h2>'
            "<p>The time limit ran out before any schedule was found.</p></section>"
        )
    return ""


def _legend(frame: Frame, request: Request) -> str:
    items = []
    for number in sorted(frame.hues, key=number_order):
        hue, subject = frame.hues[number], request.courses[number].subject
        half = f" ({subject.half} half)" if subject.half else ""
        swatch = f'<span class="sw{" half" if subject.half else ""}" style="--hue:{hue}"></span>'
        items.append(
            f"<li>{swatch}<b>{escape(number)}</b>"
            f'<span class="title">{escape(subject.title + half)}</span></li>'
        )
    key = (
        '<li><span class="sw half plain"></span>half-term: hatched, labelled 1st or 2nd half</li>'
        '<li><span class="sw changed"></span>differs from the rank above</li>'
        '<li><span class="sw free"></span>a day without class</li>'
        f'<li><span class="sw evening"></span>evening, after {format_clock(frame.evening)}</li>'
    )
    return (
        f'<h2>Subjects</h2><ul class="legend">{"".join(items)}</ul>'
        f'<ul class="legend key">{key}</ul>'
    )


def _table(result: Result, request: Request, frame: Frame) -> str:
    shares = [breakdown(r.schedule, request) for r in result.schedules]
    wishes = list(dict.fromkeys(k for share in shares for k in share))
    columns = ["units", "days", "first", "last", "idle", "h/week"]
    group = f'<th class="group" colspan="{len(wishes)}">penalty by wish</th>' if wishes else ""
    head = (
        '<tr><th rowspan="2">#</th><th rowspan="2" class="num">score</th>'
        '<th rowspan="2">subjects and sections</th>'
        + "".join(f'<th rowspan="2" class="num">{c}</th>' for c in columns)
        + f"{group}</tr><tr>"
        + "".join(f'<th class="num">{escape(WISH_TITLES.get(w, w))}</th>' for w in wishes)
        + "</tr>"
    )
    rows = "".join(
        _row(r, share, wishes, request, frame)
        for r, share in zip(result.schedules, shares, strict=True)
    )
    footnote = ""
    if any(not r.optimal for r in result.schedules):
        footnote = (
            '<p class="footnote">* not proven optimal: the time limit stopped the search first</p>'
        )
    return f"<h2>Ranking</h2><table><thead>{head}</thead><tbody>{rows}</tbody></table>{footnote}"


def _row(
    ranked: Ranked, share: dict[str, int], wishes: list[str], request: Request, frame: Frame
) -> str:
    schedule = ranked.schedule
    m = metrics(schedule, request.courses)
    lines = "".join(
        f'<div class="line"><span class="sw" style="--hue:{frame.hues[n]}"></span>'
        f"<span>{escape(course_line(schedule, n, request))}</span>"
        f'<span class="title">{escape(request.courses[n].subject.title)}</span></div>'
        for n in schedule.courses
    )
    cells = [
        m.units,
        f"{m.days} {_days(schedule)}",
        _clock(m.first_start),
        _clock(m.last_end),
        f"{m.idle_minutes / 60:g} h",
        f"{m.hours_per_week:g}",
    ]
    star = "" if ranked.optimal else "*"
    return (
        f'<tr><td><a href="#rank-{ranked.rank}">{ranked.rank}</a>{star}</td>'
        f'<td class="num">{score(ranked.points):.2f}</td><td>{lines or "(none)"}</td>'
        + "".join(f'<td class="num">{escape(str(c))}</td>' for c in cells)
        + "".join(_share_cell(share.get(w, 0)) for w in wishes)
        + "</tr>"
    )


def _share_cell(points: int) -> str:
    return f'<td class="num{" zero" if not points else ""}">{score(points):g}</td>'


def _weeks(heading: str, cards: list[str]) -> str:
    return f'<h2>{heading}</h2><div class="weeks">{"".join(cards)}</div>' if cards else ""


def _card(ranked: Ranked, previous: Ranked | None, request: Request, frame: Frame) -> str:
    """A week headed by its score, its facts and how it differs from the rank above."""
    if previous is None:
        changed, diff = frozenset(), '<p class="diff first">the best schedule</p>'
    else:
        changed = changed_options(previous.schedule, ranked.schedule)
        text = escape(describe_changes(previous, ranked))
        diff = f'<p class="diff" title="{text}">{text}</p>'
    m = metrics(ranked.schedule, request.courses)
    days = f"{m.days} day{'s' if m.days != 1 else ''}"
    facts = (
        f"{m.units} units &middot; {days} &middot; "
        f"{_clock(m.first_start)}&ndash;{_clock(m.last_end)} &middot; {m.hours_per_week:g} h/week"
    )
    star = "*" if not ranked.optimal else ""
    return (
        f'<article class="week" id="rank-{ranked.rank}" data-rank="{ranked.rank}"><header>'
        f"<h3>#{ranked.rank}{star}</h3>"
        f'<span class="score">score {score(ranked.points):.2f}</span>'
        f'</header><p class="facts">{facts}</p>{diff}'
        f"{render_week(ranked, request, frame, changed)}</article>"
    )


def _days(schedule: Schedule) -> str:
    used = day_spans(schedule.meetings)
    return "".join(day for day in Day if day in used) or "-"


def _clock(minutes: int | None) -> str:
    return "-" if minutes is None else format_clock(minutes)
