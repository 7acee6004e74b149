"""`coursepick mcp`: the catalog and the solver as the tools of a Model Context Protocol server on
stdin and stdout, for a chat assistant: `search`, `show`, `solve` and `what_if`.

A second door beside the command line, built on the same functions: each tool checks its input
with the command's own contract and answers with the JSON that `--format json` prints. An
expected failure is a tool error of one line (a bad preferences text says `preferences:LINE:
...`, as the command says `FILE:LINE: ...`). Catalogs stay loaded between calls; OR-Tools is
imported at the first `solve`, `what_if` or `fits`. Calls are answered one at a time.
"""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from solver.catalog.schema import Catalog
from solver.catalog.warm import WarmCatalogs
from solver.core.deadline import Deadline
from solver.core.eligibility import Record, record_of
from solver.core.engine.solve import solve as solve_request
from solver.core.engine.solve import wanted_catalog
from solver.core.lookup import (
    build_filter,
    find_subjects,
    fitting_beside,
    look_up,
    parse_taken,
    parse_units,
)
from solver.core.preferences import MAX_BYTES, Preferences, parse_preferences
from solver.core.resolve import build_request
from solver.core.yaml_source import YamlSource
from solver.errors import CoursepickError, InternalError
from solver.render.browse import render_search_json, render_subjects_json
from solver.render.json_doc import render_json, render_what_if_json

INSTRUCTIONS = (
    "MIT subjects and weekly class schedules for one term. Look subjects up with `search` and "
    "`show`; write the student's wishes as preferences (the YAML of coursepick's "
    "preferences.example.yaml, as text or as the same structure in JSON) and rank the best "
    "schedules with `solve`; `what_if` says what dropping each hard rule would give."
)

GivenPreferences = Annotated[
    str | dict[str, Any],
    Field(description="preferences: YAML text, or the same keys as a JSON object "
                      "(required, electives, units, free_days, wishes, ...)"),
]  # fmt: skip
Subjects = Annotated[
    list[str] | str, Field(description='subject numbers, a list or "6.1210 18.03"')
]
Taken = Annotated[
    list[str] | str | None,
    Field(description='subjects and GIRs taken already, for prerequisites: "6.100A CAL1"'),
]
Names = str | list[str] | None
TimeLimit = Annotated[
    float | None,
    Field(gt=0, le=86400, description="seconds for the whole call (default: the preferences' "
                                      "time_limit, else 60)"),
]  # fmt: skip
# A chat waits for its answer: a call is bounded even when the preferences set no time limit.
CALL_LIMIT = 60.0


class Desk:
    """What the tools share: the catalogs and the choice of one, the search index folder, and a
    lock so that one call is answered at a time (the SDK runs each call in a worker thread)."""

    def __init__(self, catalogs: WarmCatalogs, path: Path | None, term: str | None, index: Path):
        self.catalogs, self.path, self.term, self.index = catalogs, path, term, index
        self.lock = threading.Lock()

    @contextmanager
    def answering(self) -> Iterator[None]:
        """One call at a time; an expected failure becomes a tool error of one line, while a
        bug (InternalError or any other exception) is left to the SDK, which logs it."""
        with self.lock:
            try:
                yield
            except InternalError:
                raise
            except CoursepickError as error:
                raise ToolError(str(error)) from None

    def catalog(self, prefs: Preferences | None = None) -> Catalog:
        """The catalog the command line would use; `catalog:` in preferences is read relative
        to the server's working directory, since a text has no folder."""
        if prefs is None:
            return self.catalogs.open(self.path, self.term).catalog
        return self.catalogs.open(*wanted_catalog(prefs, Path.cwd(), self.path, self.term)).catalog


def build_server(desk: Desk) -> MCPServer:
    server = MCPServer("coursepick", instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(structured_output=False)
    def search(
        text: Annotated[str, Field(description='words, "a phrase" or a subject number')] = "",
        department: Annotated[Names, Field(description="the part before the dot: 21W, 6")] = None,
        prefix: Annotated[Names, Field(description="the number starts with it: 6.1")] = None,
        level: Annotated[str | None, Field(description="U or G")] = None,
        hass: Annotated[str | None, Field(description="H, A, S, E or any")] = None,
        ci: Annotated[str | None, Field(description="CI-H, CI-HW or any")] = None,
        gir: Annotated[str | None, Field(description="CAL1, PHY2, REST, LAB, ...")] = None,
        units: Annotated[str | None, Field(description="12, or a range: 6-9, 9-")] = None,
        min_rating: Annotated[float | None, Field(description="evaluations, out of 7")] = None,
        max_hours: Annotated[float | None, Field(description="hours a week, all in")] = None,
        no_final: Annotated[bool | None, Field(description="no final exam")] = None,
        half: Annotated[str | None, Field(description="first, second or full")] = None,
        can_take: Annotated[
            Literal["met", "permission"] | None,
            Field(description="prerequisites met by `taken` (permission: also with consent)"),
        ] = None,
        taken: Taken = None,
        fits: Annotated[
            str | dict[str, Any] | None,
            Field(description="preferences: keep subjects that fit beside their best schedule"),
        ] = None,
        sort: Literal["relevance", "rating", "hours", "number"] = "relevance",
        limit: Annotated[int, Field(ge=1, le=2000, description="rows at most")] = 50,
    ) -> str:
        """Find subjects by words, number or attributes, best match first, as `coursepick
        search --format json`; with any filter, only subjects offered this term are kept."""
        with desk.answering():
            given: dict[str, object] = {
                "department": department, "prefix": prefix, "level": level, "hass": hass,
                "ci": ci, "gir": gir, "min_rating": min_rating, "max_hours": max_hours,
                "no_final": no_final or None, "half": half, "prereqs": can_take,
            }  # fmt: skip
            if units is not None:
                try:
                    given["units"] = parse_units(units)
                except ValueError as error:
                    raise CoursepickError(f"search units: {error}") from None
            given = {name: value for name, value in given.items() if value is not None}
            spec = build_filter(given, lambda field: "can_take" if field == "prereqs" else field)
            catalog = desk.catalog()
            beside = None
            if fits is not None:
                beside = fitting_beside(*_preferences(fits, "fits"), catalog)
                if beside is None:
                    raise CoursepickError("fits: no schedule fits these preferences")
            matches = find_subjects(
                catalog,
                text,
                index=desk.index / f"{catalog.term}.sqlite",
                spec=spec if given else None,
                record=_record(catalog, taken),
                beside=beside,
                sort=sort,
            )
            return render_search_json(matches[:limit])

    @server.tool(structured_output=False)
    def show(subjects: Subjects, taken: Taken = None) -> str:
        """Subjects in full, as `coursepick show --format json`: title, units, attributes,
        evaluations, sections, and prerequisites with their status for `taken`."""
        with desk.answering():
            catalog = desk.catalog()
            numbers = parse_taken(subjects) if isinstance(subjects, str) else subjects
            found = look_up(catalog, numbers, _record(catalog, taken))
            if found.unknown:
                raise CoursepickError("; ".join(found.unknown))
            return render_subjects_json(found.subjects, found.standings)

    @server.tool(structured_output=False)
    def solve(
        preferences: GivenPreferences,
        top: Annotated[int | None, Field(ge=1, le=1000, description="rows to rank")] = None,
        by: Literal["subjects", "sections"] | None = None,
        time_limit: TimeLimit = None,
    ) -> list[str]:
        """Rank the best weekly schedules for the preferences, as `coursepick solve --format
        json`: each with sections, score and breakdown; when nothing fits, the conflicting
        rules, the fewest rules to give up, and the best schedules without them. Notes the command
        prints on stderr (an old number, a subject without sections) follow as a second text."""
        with desk.answering():
            prefs, source = _preferences(preferences, "preferences")
            catalog = desk.catalog(prefs)
            request = build_request(prefs, source, catalog)
            limit = Deadline.after(time_limit or request.time_limit or CALL_LIMIT)
            result = solve_request(request, limit, top=top, by=by)
            said = [f"note: {note}" for note in request.notes]
            if not result.schedules and result.conflict is None:
                said.append("the time limit ran out before any schedule was found")
            notes = "\n".join(said)
            return [render_json(result, request, catalog), *([notes] if notes else [])]

    @server.tool(structured_output=False)
    def what_if(
        preferences: GivenPreferences,
        time_limit: TimeLimit = None,
    ) -> str:
        """For each hard rule of the preferences: how many schedules fit without it (up to
        100) and the best score, as `coursepick solve --what-if` counts them."""
        from solver.core.engine.what_if import (
            what_if as drop_each,  # loads OR-Tools: only when asked
        )

        with desk.answering():
            prefs, source = _preferences(preferences, "preferences")
            request = build_request(prefs, source, desk.catalog(prefs))
            limit = Deadline.after(time_limit or request.time_limit or CALL_LIMIT)
            answer = drop_each(request, deadline=limit)
            return render_what_if_json(answer)

    return server


def serve(catalogs: WarmCatalogs, path: Path | None, term: str | None, index: Path) -> None:
    """Answer on stdin and stdout until the client closes them."""
    build_server(Desk(catalogs, path, term, index)).run("stdio")


def _preferences(given: str | dict[str, Any], name: str) -> tuple[Preferences, YamlSource]:
    """Preferences as a text or a JSON object (JSON is YAML too, so one parser checks both and
    names lines), within the size a preferences file may have."""
    text = given if isinstance(given, str) else json.dumps(given, indent=2)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise CoursepickError(f"{name}: more than {MAX_BYTES >> 20} MiB: no preferences text")
    return parse_preferences(text, name)


def _record(catalog: Catalog, taken: list[str] | str | None) -> Record | None:
    if taken is None:
        return None
    return record_of(catalog, parse_taken(taken) if isinstance(taken, str) else taken)
