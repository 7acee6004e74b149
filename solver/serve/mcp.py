"""`coursepick mcp`: the catalog and the solver as the tools of a Model Context Protocol server on
stdin and stdout, for a chat assistant: `search`, `show`, `solve`, `what_if`, `audit` and `plan`.

A second door beside the command line, asking `solver.app` the same questions: each tool turns
its arguments into an ask and the answer into the JSON that `--format json` prints. An expected
failure is a tool error of one line (a bad preferences text says `preferences:LINE: ...`, as the
command says `FILE:LINE: ...`). Catalogs stay loaded between calls; OR-Tools is imported at the
first `solve`, `what_if` or `fits`. Calls are answered side by side (at most four at once); a
call the client cancels stops at its next step.
"""

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Annotated, Any, Literal

import anyio
from mcp.server.mcpserver import MCPServer
from pydantic import Field

from solver.app.degree import AuditAsk, answer_audit
from solver.app.desk import Desk
from solver.app.filters import FILTER_OPTIONS, FilterOption, Sort
from solver.app.given import PreferencesText
from solver.app.plan import PlanAsk, answer_plan
from solver.app.search import SearchAsk, answer_search
from solver.app.show import ShowAsk, answer_show
from solver.app.solve import SolveAsk, WhatIfAsk, answer_what_if
from solver.app.taken import Taken, parse_taken
from solver.app.together import TogetherAnswer, answer_solving
from solver.errors import CoursepickError
from solver.render.audit import render_audit_json
from solver.render.browse import render_search_json, render_subjects_json
from solver.render.joint import render_joint_json
from solver.render.json_doc import render_json, render_what_if_json
from solver.render.plan import render_plans_json
from solver.render.plan_b import plan_b_json
from solver.serve.mcp_wire import CheckedServer, Counter, serve_stdio

INSTRUCTIONS = (
    "MIT subjects and weekly class schedules for one term. Look subjects up with `search` and "
    "`show`; write the student's wishes as preferences (the YAML of coursepick's "
    "preferences.example.yaml, as text or as the same structure in JSON) and rank the best "
    "schedules with `solve`; `what_if` says what dropping each hard rule would give; `audit` "
    "says which degree requirements (GIRs, majors, minors) a transcript meets, and the fewest "
    "subjects still needed; `plan` ranks the best plans to the degree, term by term."
)

GivenPreferences = Annotated[
    str | dict[str, Any],
    Field(description="preferences: YAML text, or the same keys as a JSON object "
                      "(required, electives, units, free_days, wishes, ...)"),
]  # fmt: skip
Subjects = Annotated[
    list[str] | str, Field(description='subject numbers, a list or "6.1210 18.03"')
]
Taken_ = Annotated[
    list[str] | str | None,
    Field(description='subjects and GIRs taken already, for prerequisites: "6.100A CAL1"'),
]
Programs = Annotated[
    list[str] | str | None,
    Field(description="programs: requirement list ids such as girs, major6-3 (a list or a text)"),
]
# A chat waits for its answer: a call is bounded even when the preferences set no time limit,
# and asking for more than five minutes is refused.
CALL_LIMIT = 60.0
MOST_SECONDS = 300.0
TimeLimit = Annotated[
    float | None,
    Field(gt=0, le=MOST_SECONDS, description="seconds for the whole call, at most 300 "
                                            "(default: the preferences' time_limit, else 60)"),
]  # fmt: skip
# How a filter's value arrives from a client, by the filter's kind; the filter checks it.
ARRIVES: dict[str, Any] = {
    "flag": bool | None,
    "number": float | None,
    "names": str | list[str] | None,
    "text": str | None,
}


def build_server(desk: Desk) -> MCPServer:
    server = CheckedServer("coursepick", instructions=INSTRUCTIONS, log_level="WARNING")
    counter = Counter(desk)

    async def search(
        text: Annotated[str, Field(description='words, "a phrase" or a subject number')] = "",
        taken: Taken_ = None,
        fits: Annotated[
            str | dict[str, Any] | None,
            Field(description="preferences: keep subjects that fit beside their best schedule"),
        ] = None,
        sort: Sort = "relevance",
        limit: Annotated[int, Field(ge=1, le=2000, description="rows at most")] = 50,
        programs: Programs = None,
        **filters: object,
    ) -> str:
        """Find subjects by words, number or attributes, best match first, as `coursepick
        search --format json`; with any filter, only subjects offered this term are kept;
        with `fits`, only subjects that could be added to those preferences (each row's
        `fit_score` is the best score with it, `fit_change` what it adds to today's)."""
        given = {n: v for n, v in filters.items() if v is not None and v is not False}
        ask = SearchAsk(
            text,
            given,
            Taken.of(taken),
            PreferencesText(fits, "fits") if fits is not None else None,
            sort,
            limit,
            _names(programs),
        )

        def work(desk: Desk) -> str:
            found = answer_search(ask, desk)
            return render_search_json(found.matches, found.fits.rows if found.fits else None)

        return await counter.run(work)

    server.tool(structured_output=False)(_with_filters(search))

    @server.tool(structured_output=False)
    async def show(subjects: Subjects, taken: Taken_ = None) -> str:
        """Subjects in full, as `coursepick show --format json`: title, units, attributes,
        evaluations, sections, and prerequisites with their status for `taken`."""
        numbers = parse_taken(subjects) if isinstance(subjects, str) else subjects

        def work(desk: Desk) -> str:
            found = answer_show(ShowAsk(numbers, Taken.of(taken)), desk)
            if found.unknown:
                raise CoursepickError("; ".join(found.unknown))
            return render_subjects_json(found.subjects, found.standings)

        return await counter.run(work)

    async def solve(
        preferences: GivenPreferences,
        top: Annotated[int | None, Field(ge=1, le=1000, description="rows to rank")] = None,
        by: Literal["subjects", "sections"] | None = None,
        time_limit: TimeLimit = None,
        plan_b: Annotated[
            bool | None,
            Field(
                description="for each lottery subject of each row, the best schedule without"
                " it (default: the preferences' plan_b)"
            ),
        ] = None,
        **friends: Any,
    ) -> list[str]:
        """Rank the best weekly schedules for the preferences, as `coursepick solve --format
        json`: each with sections, score and breakdown; when nothing fits, the conflicting
        rules, the fewest rules to give up, and the best schedules without them. With `with`
        (friends' preferences), one joint solve of them all, as `coursepick solve --with`. Notes
        the command prints on stderr (an old number, a subject without sections) follow as a
        second text."""
        given = friends.get("with") or ()
        ask = SolveAsk(PreferencesText(preferences), top, by, time_limit,
                       fallback_limit=CALL_LIMIT, plan_b=plan_b,
                       with_=tuple(PreferencesText(f, f"with[{k}]")
                                   for k, f in enumerate(given)))  # fmt: skip

        def work(desk: Desk) -> list[str]:
            answer = answer_solving(ask, desk)
            if isinstance(answer, TogetherAnswer):
                said = [f"note: {note}" for note in answer.notes]
                document = render_joint_json(answer.result, answer.joint, answer.catalog)
            else:
                said = [f"note: {note}" for note in answer.request.notes]
                extra = [{"plan_b": plan_b_json(p, answer.request)} for p in answer.plan_b or ()]
                document = render_json(answer.result, answer.request, answer.catalog,
                                       extra=extra)  # fmt: skip
            if answer.status == "out of time":
                said.append("the time limit ran out before any schedule was found")
            notes = "\n".join(said)
            return [document, *([notes] if notes else [])]

        return await counter.run(work)

    server.tool(structured_output=False)(_with_friends(solve))

    @server.tool(structured_output=False)
    async def audit(
        programs: Programs = None,
        taken: Taken_ = None,
        road: Annotated[
            str | None,
            Field(description="a CourseRoad road file's JSON: its subjects and programs"),
        ] = None,
        preferences: Annotated[
            str | dict[str, Any] | None,
            Field(description="preferences with programs:, taken: and the degree keys"),
        ] = None,
        left: Annotated[bool, Field(description="also the fewest subjects still needed")] = True,
        time_limit: TimeLimit = None,
    ) -> list[str]:
        """Which requirements of the student's programs (GIRs, majors, minors: FireRoad's lists)
        their transcript meets, as `coursepick audit --format json`: per program the tree of
        requirements with what counts where, and what is left (the fewest further subjects,
        with one such set). Warnings (unknown subjects, lists left out) follow as a second text."""
        given = PreferencesText(preferences) if preferences is not None else None
        ask = AuditAsk(given, _names(programs), taken or (), road, left, time_limit)

        def work(desk: Desk) -> list[str]:
            found = answer_audit(ask, desk)
            document = render_audit_json(found.audit, found.left)
            warnings = "\n".join(f"warning: {warning}" for warning in found.warnings)
            return [document, *([warnings] if warnings else [])]

        return await counter.run(work)

    @server.tool(structured_output=False)
    async def plan(
        preferences: Annotated[
            str | dict[str, Any],
            Field(
                description="preferences with programs:, taken: and a plan: section (terms or"
                " until:, units, fixed, avoid, want, wishes)"
            ),
        ],
        top: Annotated[int | None, Field(ge=1, le=20, description="plans to rank")] = None,
        time_limit: TimeLimit = None,
    ) -> list[str]:
        """The best plans to the degree, term by term, as `coursepick plan --format json`: each
        plan's subjects per term, what each counts for, its penalty, warnings, and its first
        term's best week when that term has a catalog; when no plan exists, the smallest change
        that makes one. Warnings follow as a second text."""
        ask = PlanAsk(PreferencesText(preferences), top, time_limit or CALL_LIMIT)

        def work(desk: Desk) -> list[str]:
            found = answer_plan(ask, desk)
            document = render_plans_json(found.planned, found.weeks)
            warnings = "\n".join(f"warning: {warning}" for warning in found.warnings)
            return [document, *([warnings] if warnings else [])]

        return await counter.run(work)  # fmt: skip

    @server.tool(structured_output=False)
    async def what_if(preferences: GivenPreferences, time_limit: TimeLimit = None) -> str:
        """For each hard rule of the preferences: how many schedules fit without it (up to
        100) and the best score, as `coursepick solve --what-if` counts them."""
        ask = WhatIfAsk(PreferencesText(preferences), time_limit, CALL_LIMIT)
        return await counter.run(
            lambda desk: render_what_if_json(answer_what_if(ask, desk).what_if)
        )

    return server


def _with_filters(tool: Callable[..., Awaitable[str]]) -> Callable[..., Awaitable[str]]:
    """`tool` with one keyword parameter per filter of `FILTER_OPTIONS`, so the tool's schema
    offers exactly the filters the command line offers, each with its description."""
    signature = inspect.signature(tool)
    fixed = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    signature = signature.replace(parameters=[*fixed, *map(_parameter, FILTER_OPTIONS)])

    async def with_filters(**arguments: object) -> str:
        return await tool(**arguments)

    with_filters.__name__, with_filters.__doc__ = tool.__name__, tool.__doc__
    with_filters.__signature__ = signature  # type: ignore[attr-defined]
    return with_filters


def _with_friends(
    tool: Callable[..., Awaitable[list[str]]],
) -> Callable[..., Awaitable[list[str]]]:
    """`tool` with a parameter `with` (a Python keyword, so named `with_` with that alias):
    friends' preferences, each as text or as an object, solved with the tool's."""
    signature = inspect.signature(tool)
    fixed = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    friends = inspect.Parameter(
        "with_",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[str | dict[str, Any]] | None,
            Field(
                alias="with",
                max_length=3,
                description="friends' preferences (each YAML text or an object), solved with"
                " these in one joint solve: two to four students in all",
            ),
        ],  # fmt: skip
    )

    async def with_friends(**arguments: object) -> list[str]:
        return await tool(**arguments)

    with_friends.__name__, with_friends.__doc__ = tool.__name__, tool.__doc__
    with_friends.__signature__ = signature.replace(parameters=[*fixed, friends])  # type: ignore[attr-defined]
    return with_friends


def _parameter(option: FilterOption) -> inspect.Parameter:
    arrives = ARRIVES[option.kind]
    described = Annotated[arrives, Field(description=option.description)]  # type: ignore[valid-type]
    return inspect.Parameter(
        option.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=described
    )


def _names(given: list[str] | str | None) -> tuple[str, ...]:
    return tuple(parse_taken(given)) if isinstance(given, str) else tuple(given or ())


def serve(desk: Desk) -> None:
    """Answer on stdin and stdout until the client closes them."""
    server = build_server(replace(desk, confined=desk.path is None and desk.term is None))
    anyio.run(serve_stdio, server)
