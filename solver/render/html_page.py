"""The HTML report: the ranked table with its score breakdown, and every schedule's week.

One self-contained page (inline CSS, no scripts, nothing fetched) in plain ASCII (other
characters become references), so it opens anywhere whatever encoding it is saved in. Every text
from the catalog or the preferences passes through `html.escape`.
"""

from html import escape

from solver.catalog.clock import format_clock
from solver.catalog.schema import Catalog, number_order
from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Outcome, Ranked, Result, Schedule
from solver.core.score import score
from solver.core.wishes import Keep
from solver.render.html_style import CSS
from solver.render.html_week import Frame, build_frame, render_week
from solver.render.links import hydrant_url
from solver.render.summary import FACTS, Summary, clock, summarize_all
from solver.render.text import course_line, describe_conflict, give_up

SIDE_BY_SIDE = 3  # the top ranks drawn next to each other


def render_html(result: Result, request: Request, catalog: Catalog) -> str:
    """The whole report as one page: the best weeks first, then the table, then the rest. When
    nothing fits: why, the fewest rules to give up, and the weeks that giving them up buys."""
    parts = [_header(result, request, catalog), _problem(result), *_schedules(result, request)]
    if result.instead is not None:
        parts += _schedules(result.instead, request)
    title = f"coursepick: {catalog.term} schedules"
    document = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n"
        f"<body><main>{''.join(parts)}</main></body></html>\n"
    )
    return document.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _schedules(result: Result, request: Request) -> list[str]:
    """The legend, the best weeks side by side, the ranking, and the other weeks."""
    frame = build_frame([r.schedule for r in result.schedules], request)
    summaries = summarize_all(result, request)
    above = (None, *result.schedules)  # one longer: zip stops at the last schedule
    cards = [_card(s, a, request, frame) for s, a in zip(summaries, above, strict=False)]
    if not cards:
        return []
    top, rest = cards[:SIDE_BY_SIDE], cards[SIDE_BY_SIDE:]
    first, last = SIDE_BY_SIDE + 1, len(cards)
    heading = []
    if result.dropped:
        heading.append(f'<h2 class="instead">If you {escape(give_up(result.dropped))}</h2>')
    return [
        *heading,
        _legend(frame, request),
        _weeks(f"The top {len(top)}, side by side" if len(top) > 1 else "The week", top),
        _table(summaries, request, frame),
        _weeks(f"Rank {first}" if first == last else f"Ranks {first} to {last}", rest),
    ]


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
    if result.by == "subjects" and count:
        what = f"The {count} best choices of subjects, each in its best arrangement"
        what = "The best choice of subjects, in its best arrangement" if count == 1 else what
    else:
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
        fixes = "".join(
            f"<li>{escape(give_up(c.drop))}: {escape(_outcome(c.outcome))}</li>"
            for c in result.corrections
        )
        offer = (
            f"<p>The fewest of your rules to give up for schedules to fit:</p><ol>{fixes}</ol>"
            if fixes
            else ""
        )
        return (
            '<section class="conflict"><h2>Why there is no schedule</h2>'
            f"<p>{escape(describe_conflict(result.conflict))}.</p>{offer}</section>"
        )
    if not result.schedules:
        return (
            '<section class="conflict"><h2>No schedule yet</h2>'
            "<p>The time limit ran out before any schedule was found.</p></section>"
        )
    return ""


def _outcome(found: Outcome) -> str:
    count = f"{found.count}{'+' if found.capped else ''}"
    plural = "" if count == "1" else "s"
    best = "" if found.best is None else f", best score {score(found.best):g}"
    return f"{count} schedule{plural}{best}"


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
    if any(isinstance(wish, Keep) for wish in request.wishes):
        key += '<li><span class="sw moved"></span>instead of a section you hold</li>'
    return (
        f'<h2>Subjects</h2><ul class="legend">{"".join(items)}</ul>'
        f'<ul class="legend key">{key}</ul>'
    )


def _table(summaries: list[Summary], request: Request, frame: Frame) -> str:
    wishes = request.wishes
    group = f'<th class="group" colspan="{len(wishes)}">penalty by wish</th>' if wishes else ""
    head = (
        '<tr><th rowspan="2">#</th><th rowspan="2" class="num">score</th>'
        '<th rowspan="2">subjects and sections</th>'
        + "".join(f'<th rowspan="2" class="num fact">{c}</th>' for c in FACTS)
        + f"{group}</tr><tr>"
        + "".join(f'<th class="num">{escape(wish.title)}</th>' for wish in wishes)
        + "</tr>"
    )
    rows = "".join(_row(s, request, frame) for s in summaries)
    footnote = ""
    if any(s.star for s in summaries):
        footnote = (
            '<p class="footnote">* not proven optimal: the time limit stopped the search first</p>'
        )
    return f"<h2>Ranking</h2><table><thead>{head}</thead><tbody>{rows}</tbody></table>{footnote}"


def _row(s: Summary, request: Request, frame: Frame) -> str:
    schedule = s.schedule
    lines = "".join(
        f'<div class="line"><span class="sw" style="--hue:{frame.hues[n]}"></span>'
        f"<span>{escape(course_line(schedule, n, request))}</span>"
        f'<span class="title">{escape(request.courses[n].subject.title)}</span></div>'
        for n in schedule.courses
    )
    if s.equals:
        lines += f'<div class="equals">{escape(s.equals)}</div>'
    lines += _hydrant(s, request)
    return (
        f'<tr><td><a href="#rank-{s.rank}">{s.rank}</a>{s.star}</td>'
        f'<td class="num">{s.score:.2f}</td><td>{lines or "(none)"}</td>'
        + "".join(f'<td class="num">{escape(fact)}</td>' for fact in s.facts())
        + "".join(
            f'<td class="num{" zero" if not share.points else ""}">{share.score:g}</td>'
            for share in s.shares
        )
        + "</tr>"
    )


def _weeks(heading: str, cards: list[str]) -> str:
    return f'<h2>{heading}</h2><div class="weeks">{"".join(cards)}</div>' if cards else ""


def _card(s: Summary, previous: Ranked | None, request: Request, frame: Frame) -> str:
    """A week headed by its score, its facts and how it differs from the rank above."""
    if previous is None:
        changed, diff = frozenset[Option](), '<p class="diff first">the best schedule</p>'
    else:
        changed = changed_options(previous.schedule, s.schedule)
        text = escape(describe_changes(previous, s.ranked))
        diff = f'<p class="diff" title="{text}">{text}</p>'
    days = f"{s.days} day{'s' if s.days != 1 else ''}"
    facts = (
        f"{s.units} units &middot; {days} &middot; "
        f"{clock(s.first)}&ndash;{clock(s.last)} &middot; "
        f"{s.hours_per_week:g} expected hours/week"
    )
    if s.equals:
        facts += f" &middot; {escape(s.equals)}"
    if s.changes:
        held = escape("changes held sections: " + "; ".join(s.changes))
        diff += f'<p class="diff held" title="{held}">{held}</p>'
    walks = "".join(f"<li>{escape(str(walk))}</li>" for walk in s.walks)
    walks = f'<ul class="walks" aria-label="long walks">{walks}</ul>' if walks else ""
    return (
        f'<article class="week" id="rank-{s.rank}" data-rank="{s.rank}"><header>'
        f"<h3>#{s.rank}{s.star}</h3>"
        f'<span class="score">score {s.score:.2f}</span>'
        f'</header><p class="facts">{facts}</p>{diff}'
        f"{render_week(s.ranked, request, frame, changed, s.moved)}{walks}"
        f"{_hydrant(s, request)}</article>"
    )


def _hydrant(s: Summary, request: Request) -> str:
    """A link that opens the schedule in Hydrant, with exactly its sections chosen."""
    url = escape(hydrant_url(s.schedule, request))
    return f'<p class="hydrant"><a href="{url}">open #{s.rank} in Hydrant</a></p>'
