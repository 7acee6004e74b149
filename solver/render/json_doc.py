"""The results as one JSON document, for programs: every schedule with its sections and numbers."""

import json
from typing import Any

from solver.catalog.clock import format_clock
from solver.catalog.schema import Catalog
from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Result
from solver.render.summary import clock, summarize_all
from solver.render.text import describe_conflict


def render_json(result: Result, request: Request, catalog: Catalog) -> str:
    schedules = [
        {
            "rank": s.rank,
            "score": s.score,
            "optimal": s.ranked.optimal,
            "equally_good": s.ranked.equals.count if s.ranked.equals else None,
            "equally_good_capped": bool(s.ranked.equals and s.ranked.equals.capped),
            "units": s.units,
            "subjects": list(s.schedule.courses),
            "sections": [_section(o, request) for o in s.schedule.options],
            "metrics": {
                "days": s.days,
                "first_start": clock(s.first, None),
                "last_end": clock(s.last, None),
                "idle_minutes": s.idle_minutes,
                "hours_per_week": s.hours_per_week,
            },
            "breakdown": {share.key: share.score for share in s.shares},
        }
        for s in summarize_all(result, request)
    ]
    infeasible = None
    if result.conflict is not None:
        infeasible = {
            "rules": [rule.label for rule in result.conflict],
            "message": describe_conflict(result.conflict),
        }
    document = {
        "catalog": {"term": catalog.term, "source": catalog.source},
        "by": result.by,
        "schedules": schedules,
        "infeasible": infeasible,
    }
    return json.dumps(document, indent=2)


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
