"""The results as one JSON document, for programs: every schedule with its sections and numbers."""

import json
from collections.abc import Mapping, Sequence
from typing import Any

from solver.catalog.clock import format_clock
from solver.catalog.schema import Catalog
from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Outcome, Result, WhatIf
from solver.core.score import score
from solver.render.links import hydrant_url
from solver.render.summary import clock, summarize_all
from solver.render.text import describe_conflict


def render_json(
    result: Result,
    request: Request,
    catalog: Catalog,
    what_if: WhatIf | None = None,
    extra: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The ranked rows, why nothing fits (when it does not), and `--what-if`'s answer if asked;
    `extra`: more keys for each row, in order (a plan B)."""
    infeasible = None
    if result.conflict is not None:
        infeasible = {
            "rules": [rule.label for rule in result.conflict],
            "message": describe_conflict(result.conflict),
        }
    instead: dict[str, object] | None = None  # when nothing fits: what the first correction buys
    if result.instead is not None:
        drop = [rule.label for rule in result.instead.dropped]
        instead = {"drop": drop, "schedules": _rows(result.instead, request)}
    rows = _rows(result, request)
    for row, more in zip(rows, extra, strict=False):
        row.update(more)
    document = {
        "catalog": {"term": catalog.term, "source": catalog.source},
        "by": result.by,
        "schedules": rows,
        "infeasible": infeasible,
        "corrections": [
            {"drop": [rule.label for rule in c.drop], **_outcome(c.outcome)}
            for c in result.corrections
        ],
        "instead": instead,
    }
    if what_if is not None:
        document["what_if"] = _what_if(what_if)
    return json.dumps(document, indent=2)


def render_what_if_json(answer: WhatIf) -> str:
    """`--what-if` for programs: the schedules that fit now, and with each hard rule dropped."""
    return json.dumps(_what_if(answer), indent=2)


def _what_if(answer: WhatIf) -> dict[str, Any]:
    return {
        "now": _outcome(answer.now),
        "without": [{"drop": rule.label, **_outcome(found)} for rule, found in answer.without],
    }


def _outcome(outcome: Outcome) -> dict[str, Any]:
    """How many schedules fit (up to a cap) and the best score; finished: not cut by time."""
    return {
        "schedules": outcome.count,
        "capped": outcome.capped,
        "best_score": None if outcome.best is None else score(outcome.best),
        "finished": outcome.finished,
    }


def _rows(result: Result, request: Request) -> list[dict[str, Any]]:
    return [
        {
            "rank": s.rank,
            "score": s.score,
            "optimal": s.ranked.optimal,
            "equally_good": s.ranked.equals.count if s.ranked.equals else None,
            "equally_good_capped": bool(s.ranked.equals and s.ranked.equals.capped),
            "units": s.units,
            "subjects": list(s.schedule.courses),
            "subject_info": _subject_info(s.schedule.courses, request),
            "sections": [_section(o, request) for o in s.schedule.options],
            "metrics": {
                "days": s.days,
                "first_start": clock(s.first, None),
                "last_end": clock(s.last, None),
                "idle_minutes": s.idle_minutes,
                "hours_per_week": s.hours_per_week,
            },
            "breakdown": {share.key: share.score for share in s.shares},
            "walks": [
                {
                    "day": w.day.value,
                    "at": format_clock(w.at),
                    "from": w.rooms[0],
                    "to": w.rooms[1],
                    "minutes": w.minutes,
                }
                for w in s.walks
            ],
            "rooms_not_on_map": list(s.unplaced),
            "held_changes": list(s.changes),
            "prereq_unmet": [
                {"subject": number, "missing": list(missing)} for number, missing in s.unmet
            ],
            "hydrant_url": hydrant_url(s.schedule, request),
        }
        for s in summarize_all(result, request)
    ]


def _subject_info(numbers: tuple[str, ...], request: Request) -> dict[str, dict[str, Any]]:
    """Each chosen subject's title and units (as the row's total counts them), keyed by number
    in the order of `subjects`: programs look up a section's `subject` or walk the row."""
    courses = (request.courses[number] for number in numbers)
    return {c.number: {"title": c.subject.title, "units": c.units} for c in courses}


def _section(option: Option, request: Request) -> dict[str, Any]:
    return {
        "subject": option.course,
        "kind": option.kind.value,
        "ids": list(option.ids),
        "half": request.courses[option.course].subject.half,
        "tba": option.tba,
        "rooms": list(option.rooms),
        "meetings": [
            {"day": m.day.value, "start": format_clock(m.start), "end": format_clock(m.end)}
            for m in option.meetings
        ],
    }


def rows_json(result: Result, request: Request) -> list[dict[str, Any]]:
    """The rows of `result` as `render_json` writes them, for views that hold rows of their own
    (a plan B's schedule, each student's in a joint solve)."""
    return _rows(result, request)
