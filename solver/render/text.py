"""The terminal views: the ranked table, the score breakdown, the weekly grid, the conflict and
the what-if table. Pure functions from results to strings; printing is the CLI's job.
"""

from collections.abc import Mapping, Sequence, Set

from solver.catalog.clock import format_clock
from solver.catalog.schema import Catalog, Day
from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Correction, Outcome, Ranked, Result, Schedule, WhatIf
from solver.core.rules import Required, Rule
from solver.core.score import score
from solver.render.summary import FACTS, long_walks, summarize_all


def render_solve(
    result: Result,
    request: Request,
    catalog: Catalog,
    width: int | None,
    show: int,
    under: Mapping[int, Sequence[str]] | None = None,
) -> str:
    """What `coursepick solve` prints: when nothing fits, the rules to give up; then the table
    (of the schedules under the first correction, if so), the breakdown and `show` grids;
    `under`: lines to show under the rows shown, by rank (plan B, Hydrant links)."""
    shown = result.instead if result.instead and result.instead.schedules else result
    parts = [render_corrections(result)] if result.corrections else []
    if shown.schedules:
        parts.append(f"{catalog.term} ({catalog.source}): {_heading(shown)}")
        parts.append(render_table(shown, request, width, under))
        parts.append(render_breakdown(shown, request))
        parts += [f"\n{render_grid(ranked, request)}" for ranked in shown.schedules[:show]]
    return "".join(f"{part}\n" for part in parts)


def _heading(result: Result) -> str:
    count = len(result.schedules)
    what = f"the {count} best schedules" if count > 1 else "the best schedule"
    if result.by == "subjects":
        what = f"the {count} best choices of subjects" if count > 1 else "the best choice"
        what += ", each in its best arrangement" if count > 1 else " of subjects"
    return f"{what}, if you {give_up(result.dropped)}" if result.dropped else what


def course_line(schedule: Schedule, number: str, request: Request) -> str:
    """`6.1210 L01 R03/R05`, with `(first half)` and TBA noted where they apply."""
    number, label, _ = _subject_cells(schedule, number, request)
    return f"{number} {label}".rstrip()


def render_table(
    result: Result,
    request: Request,
    width: int | None = 80,
    under: Mapping[int, Sequence[str]] | None = None,
) -> str:
    """The ranked rows, best first: a line of facts, then a line per subject with its sections
    and title (titles shortened to fit `width` columns; None for no limit), then any lines
    `under` holds for its rank."""
    summaries = summarize_all(result, request)
    facts = [[f"{s.rank}{s.star}", f"{s.score:.2f}", *s.facts()] for s in summaries]
    header, *lines = _columns(["#", "score", *FACTS], facts, left={FACTS.index("days") + 2})
    subjects = [[_subject_cells(s.schedule, n, request) for n in s.schedule.courses]
                for s in summaries]  # fmt: skip
    every = [cells for row in subjects for cells in row]
    number_width = max((len(number) for number, _, _ in every), default=0)
    label_width = max((len(label) for _, label, _ in every), default=0)
    blocks = []
    for summary, line, rows in zip(summaries, lines, subjects, strict=True):
        block = [line]
        for number, label, title in rows:
            start = f"    {number.ljust(number_width)}  {label.ljust(label_width)}  "
            block.append((start + _shortened(title, width, len(start))).rstrip())
        if not rows:
            block.append("    (no subject)")
        if summary.equals:
            block.append(f"    {summary.equals}")
        block += [f"    changes held {change}" for change in summary.changes]
        block += [f"    prerequisites not met: {number} (missing {'; '.join(missing)})"
                  for number, missing in summary.unmet]  # fmt: skip
        block += [f"    {line}" for line in (under or {}).get(summary.rank, ())]
        blocks.append("\n".join(block))
    table = header + "\n" + "\n\n".join(blocks)
    if any(not r.optimal for r in result.schedules):
        table += "\n\n* not proven optimal: the time limit stopped the search first"
    unplaced = dict.fromkeys(room for s in summaries for room in s.unplaced)
    if unplaced:
        table += f"\n\nnot on the map, so no walk is counted to or from: {', '.join(unplaced)}"
    return table


def _columns(headers: list[str], rows: list[list[str]], left: Set[int] = frozenset()) -> list[str]:
    """Aligned lines, two spaces apart: numbers from the right, the `left` columns from the
    left. Narrower than tabulate's formats, so a table of every wish still fits 80 columns."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    return [
        "  ".join(
            cell.ljust(width) if index in left else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()
        for cells in [headers, *rows]
    ]


def _subject_cells(schedule: Schedule, number: str, request: Request) -> tuple[str, str, str]:
    """A subject's number, its sections (`L01 R03/R05`, TBA and half-term noted), its title."""
    subject = request.courses[number].subject
    labels = [
        option.label + (" (TBA)" if option.tba and not option.meetings else "")
        for option in schedule.options
        if option.course == number
    ]
    if subject.half:
        labels.append(f"({subject.half} half)")
    if subject.limited:
        labels.append("(lottery)")
    return number, " ".join(labels), subject.title


def _shortened(text: str, width: int | None, used: int) -> str:
    room = None if width is None else width - used
    if room is None or len(text) <= room:
        return text
    return text[: max(room - 1, 0)] + "…" if room > 1 else ""


def render_breakdown(result: Result, request: Request) -> str:
    """Each wish's share of each score, so the student sees why #1 beat #2."""
    if not request.wishes:
        return (
            "\nscore: no soft wishes set, so every schedule scores 0 (listed by the tie-breakers:"
            " ratings, expected hours, idle time, then subject numbers)"
        )
    rows = [
        [str(s.rank), *(f"{share.score:g}" for share in s.shares), f"{s.score:g}"]
        for s in summarize_all(result, request)
    ]
    headers = ["#", *(wish.title for wish in request.wishes), "= score"]
    table = "\n".join(_columns(headers, rows))
    return f"\nscore breakdown (penalty; lower is better):\n{table}"


def render_grid(ranked: Ranked, request: Request) -> str:
    """The week of one schedule: days across, half-hour rows down; then its long walks."""
    schedule = ranked.schedule
    meetings = [(o, m) for o in schedule.options for m in o.meetings]
    if not meetings:
        return f"#{ranked.rank}: no timed meetings"
    days = [d for d in Day if d.order < 5 or any(m.day == d for _, m in meetings)]
    first = min(m.start for _, m in meetings) // 30 * 30
    last = max(m.end for _, m in meetings)
    rows = []
    for slot in range(first, last, 30):
        row = [format_clock(slot)]
        for day in days:
            here = [
                _cell(o, request)
                for o, m in meetings
                if m.day == day and m.start < slot + 30 and slot < m.end
            ]
            row.append(" / ".join(here))
        rows.append(row)
    title = f"#{ranked.rank}  score {score(ranked.points):g}"
    tba = [course_line(schedule, o.course, request) for o in schedule.options if o.tba]
    from tabulate import tabulate  # the grid only: a table without it starts faster

    grid = tabulate(rows, headers=["", *days], tablefmt="simple_grid", disable_numparse=True)
    note = f"\nalso, time to be arranged: {', '.join(dict.fromkeys(tba))}" if tba else ""
    note += "".join(f"\nwalk: {walk}" for walk in long_walks(schedule, request))
    return f"{title}\n{grid}{note}"


def _cell(option: Option, request: Request) -> str:
    half = request.courses[option.course].subject.half
    mark = {"first": " (1H)", "second": " (2H)"}.get(half or "", "")
    return f"{option.course} {option.kind.letter}{mark}"


def describe_conflict(conflict: tuple[Rule, ...]) -> str:
    """`required 8.02, free day F and earliest 10:00 cannot all hold`."""
    labels = [rule.label for rule in conflict]
    if not labels:
        return "no schedule fits: the subjects' own sections always clash"
    if len(labels) == 1:
        return f"no schedule fits: {labels[0]} cannot hold"
    return f"no schedule fits: {', '.join(labels[:-1])} and {labels[-1]} cannot all hold"


def give_up(rules: tuple[Rule, ...]) -> str:
    """`make 6.1210 optional and drop free day M and free day F`: what dropping these means."""
    optional = [rule.subject for rule in rules if isinstance(rule, Required)]
    dropped = [rule.label for rule in rules if not isinstance(rule, Required)]
    actions = [f"make {_listed(optional)} optional"] if optional else []
    actions += [f"drop {_listed(dropped)}"] if dropped else []
    return " and ".join(actions)


def _listed(items: list[str]) -> str:
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]


def _count(outcome: Outcome) -> str:
    if not outcome.finished and not outcome.count:
        return "?"
    return f"{outcome.count}{'+' if outcome.capped or not outcome.finished else ''}"


def _best(outcome: Outcome) -> str:
    if outcome.best is None:
        return "?" if not outcome.finished else "-"
    return f"{score(outcome.best):g}{'' if outcome.finished else '?'}"


def render_corrections(result: Result) -> str:
    """When nothing fits: the fewest rules to give up, each with what it buys."""
    if not result.corrections:
        return "nothing fits, and no set of your rules to give up was found in the time allowed"
    lines = ["nothing fits all of your rules; the fewest to give up:"]
    for number, correction in enumerate(result.corrections, start=1):
        found = correction.outcome
        best = "" if found.best is None else f", best score {_best(found)}"
        plural = "" if found.count == 1 and not found.capped else "s"
        lines.append(f"  {number}. {give_up(correction.drop)}: {_count(found)} schedule{plural}"
                     f"{best}")  # fmt: skip
    return "\n".join(lines) + "\n"


def render_what_if(answer: WhatIf, corrections: tuple[Correction, ...] = ()) -> str:
    """For each hard rule: the schedules (up to 100) and the best score without it."""
    now = answer.now
    best_now = "none fits" if now.best is None else f"best score {_best(now)}"
    rows = [[give_up((rule,)), _count(found), _best(found)] for rule, found in answer.without]
    table = "\n".join(_columns(["what if you", "schedules", "best score"], rows, left={0}))
    text = f"\nwhat if (now: {_count(now)} schedules fit, {best_now}):\n{table}"
    if any(not found.finished for _, found in answer.without) or not now.finished:
        text += "\n(? or +: the time limit stopped the count or the search for the best score)"
    if corrections:
        sets = [f"  {give_up(c.drop)}: {_count(c.outcome)}, best score {_best(c.outcome)}"
                for c in corrections]  # fmt: skip
        text += "\nthe fewest rules to give up for something to fit:\n" + "\n".join(sets)
    return text
