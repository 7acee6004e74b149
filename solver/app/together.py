"""`solve` with friends: the file solved and its friends' files (`--with`, or its `with:`) in
one joint solve, on the catalog the first file chooses; and the one entry both doors call,
which solves one file alone when it has no friends.

A friend's file that does not read or resolve is an error of one line that names that file."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from solver.app.desk import Desk
from solver.app.given import Given, PreferencesFile, Read, read_preferences
from solver.app.solve import Progress, SolveAnswer, SolveAsk, answer_solve, build_for
from solver.catalog.schema import Catalog
from solver.core.request import Request
from solver.errors import CoursepickError, InternalError, PreferencesError

if TYPE_CHECKING:  # a joint solve's model loads when there are friends
    from solver.core.joint import JointRequest, JointResult


@dataclass(frozen=True)
class TogetherAnswer:
    result: "JointResult"
    joint: "JointRequest"
    catalog: Catalog
    sample: bool
    notes: tuple[str, ...]  # what the students should know, each naming its file

    @property
    def status(self) -> Literal["found", "nothing fits", "out of time"]:
        if self.result.conflict is not None:
            return "nothing fits"
        return "found" if self.result.rows else "out of time"


def answer_solving(
    ask: SolveAsk,
    desk: Desk,
    *,
    on_ranked: Progress | None = None,
    on_what_if: Progress | None = None,
) -> SolveAnswer | TogetherAnswer:
    """The file solved alone, or with its friends when it has any (the ask's, else its own
    `with:`, relative to the file)."""
    read = read_preferences(ask.preferences)
    if read.prefs.with_ and desk.confined:  # a server's files are not its clients' to name
        raise read.source.error(
            ("with",), "with: names files: give the friends' preferences themselves (`with`)"
        )
    friends = ask.with_ or tuple(
        PreferencesFile((read.folder or Path.cwd()) / name) for name in read.prefs.with_
    )
    if not friends:
        return answer_solve(ask, desk, on_ranked=on_ranked, on_what_if=on_what_if, read=read)
    return answer_together(ask, read, friends, desk, on_ranked)


def answer_together(
    ask: SolveAsk,
    read: Read,
    friends: Sequence[Given],
    desk: Desk,
    on_ranked: Progress | None = None,
) -> TogetherAnswer:
    from solver.core.engine.joint_fix import solve_joint  # loads OR-Tools
    from solver.core.joint import MOST_STUDENTS, JointRequest, build_together

    if len(friends) >= MOST_STUDENTS:
        raise CoursepickError(
            f"{len(friends)} friends: a joint solve takes two to {MOST_STUDENTS} students in all"
            f" (at most {MOST_STUDENTS - 1} files with --with)"
        )
    for asked, why in ((ask.what_if, "what-if asks about one file"),
                       (ask.plan_b, "a plan B is for one file's registration"),
                       (ask.by, "a joint solve ranks every distinct joint schedule")):  # fmt: skip
        if asked:
            raise CoursepickError(f"{why}: leave it out of a solve with friends (--with, with:)")
    opened = desk.open(read.prefs, read.folder)
    catalog = opened.catalog
    names = [ask.preferences.name, *(friend.name for friend in friends)]
    requests = [build_for(read, desk, catalog, ask.hold)]
    requests += [_friend(friend, desk, catalog, names[0]) for friend in friends]
    wishes, rules = build_together(read.prefs.together, names, requests, read.source, catalog)
    top = ask.top or read.prefs.top
    limit = ask.time_limit or read.prefs.time_limit or ask.fallback_limit
    joint = JointRequest(tuple(names), tuple(requests), wishes, rules, top, limit)
    tell = on_ranked or (lambda done, total: None)
    tell(0, top)
    result = solve_joint(joint, desk.deadline(limit), top=top)
    tell(len(result.rows), top)
    notes = [note for note in requests[0].notes]
    notes += [f"{name}: {note}" for name, r in zip(names[1:], requests[1:], strict=True)
              for note in r.notes]  # fmt: skip
    return TogetherAnswer(result, joint, catalog, opened.is_sample, tuple(notes))


def _friend(given: Given, desk: Desk, catalog: Catalog, first: str) -> Request:
    """A friend's request on the first file's catalog; any error names the friend's file."""
    try:
        read = read_preferences(given)
        term = read.prefs.term
        if term is not None and term != catalog.term:
            raise read.source.error(
                ("term",),
                f"term {term}: {first} is solved on {catalog.term}, and the files of a joint"
                " solve share one term",
            )
        request = build_for(read, desk, catalog)
        if read.prefs.with_ or read.prefs.together or read.prefs.catalog:
            note = f"catalog:, with: and together: are read from {first} only, not from here"
            request = replace(request, notes=(*request.notes, note))
        return request
    except (PreferencesError, InternalError):
        raise
    except CoursepickError as error:
        raise PreferencesError(f"{given.name}: {error}") from None
