"""A joint solve's views: a block per joint row with a column per student (the sections they
share marked `=`) and each one's breakdown, its JSON, and each student's side of it as a single
solve's result (for that student's HTML report and calendar)."""

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from solver.catalog.schema import Catalog
from solver.core.joint import JointRanked, JointRequest, JointResult, JointRule, Owned
from solver.core.options import Option
from solver.core.results import Outcome, Ranked, Result
from solver.core.rules import Required
from solver.core.score import score
from solver.render.json_doc import rows_json
from solver.render.links import hydrant_url
from solver.render.summary import clock, summarize
from solver.render.text import render_grid

GAP = 4  # spaces between two students' columns


def student_result(result: JointResult, student: int) -> Result:
    """One student's schedules of the joint rows, ranked as the joint rows are, each with that
    student's own score."""
    rows = tuple(
        Ranked(r.rank, r.schedules[student], r.points.own[student], r.optimal) for r in result.rows
    )
    return Result(rows, None, result.solves, result.complete, by="sections")


def shared_options(row: JointRanked, joint: JointRequest, student: int) -> list[Option]:
    """The options of `student` in `row` that another student shares: the same subject (under
    any of its numbers) and kind, and a section id in common."""

    def names(s: int, o: Option) -> set[str]:
        course = joint.requests[s].courses[o.course]
        return {course.number, *course.aliases}

    mine = row.schedules[student].options
    return [
        o
        for o in mine
        if any(
            p.kind == o.kind and set(p.ids) & set(o.ids) and names(t, p) & names(student, o)
            for t, schedule in enumerate(row.schedules)
            if t != student
            for p in schedule.options
        )
    ]


def render_joint(
    result: JointResult,
    joint: JointRequest,
    catalog: Catalog,
    width: int | None,
    show: int = 0,
    links: bool = False,
) -> str:
    """What `coursepick solve --with` prints: when nothing fits, the rules to give up; then a
    block per joint row (of those under the first correction, if so), and `show` rows' weeks."""
    joint = replace(joint, names=short_names(joint.names))
    parts = [render_joint_corrections(result, joint.names)] if result.corrections else []
    shown = result.instead if result.instead and result.instead.rows else result
    if shown.rows:
        files = " and ".join([", ".join(joint.names[:-1]), joint.names[-1]])
        count = len(shown.rows)
        what = f"the {count} best joint schedules" if count > 1 else "the best joint schedule"
        what += f" of {files}"
        if shown.dropped:
            what += f", if you {give_up(shown.dropped, joint.names)}"
        parts.append(f"{catalog.term} ({catalog.source}): {what}")
        parts += [_block(row, joint, width, links) for row in shown.rows]
        notes = ["= a section shared with another of you"]
        if any(not row.optimal for row in shown.rows):
            notes.append("* not proven optimal: the time limit stopped the search first")
        parts.append("\n".join(notes))
        for row in shown.rows[:show]:
            for s, name in enumerate(joint.names):
                ranked = Ranked(row.rank, row.schedules[s], row.points.own[s], row.optimal)
                parts.append(f"{name}:\n{render_grid(ranked, joint.requests[s])}")
    return "\n\n".join(parts) + "\n" if parts else ""


def short_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The files' names without their folders, unless two would read the same."""
    bare = tuple(Path(name).name for name in names)
    return bare if len(set(bare)) == len(bare) else names


def _block(row: JointRanked, joint: JointRequest, width: int | None, links: bool) -> str:
    own = " + ".join(
        f"{n} {score(p):.2f}" for n, p in zip(joint.names, row.points.own, strict=True)
    )
    together = sum(row.points.together.values())
    parts = f"{own} + together {score(together):.2f}" if joint.wishes else own
    star = "" if row.optimal else "*"
    head = f"#{row.rank}{star}  joint score {score(row.points.total):.2f} = {parts}"
    columns = [_column(row, joint, s) for s in range(len(joint.names))]
    lines = [head, *_side_by_side(columns, width)]
    if joint.wishes:
        shares = ", ".join(f"{w.title} {score(row.points.together[w.key]):g}" for w in joint.wishes)
        lines.append(f"    together: {shares}")
    if links:
        lines += [
            f"    hydrant ({name}): {hydrant_url(row.schedules[s], joint.requests[s])}"
            for s, name in enumerate(joint.names)
        ]
    return "\n".join(lines)


def _column(row: JointRanked, joint: JointRequest, student: int) -> list[str]:
    request = joint.requests[student]
    schedule = row.schedules[student]
    shared = set(shared_options(row, joint, student))
    lines = [joint.names[student]]
    width = max((len(n) for n in schedule.courses), default=0)
    for number in schedule.courses:
        subject = request.courses[number].subject
        labels = [o.label + ("=" if o in shared else "") for o in schedule.options
                  if o.course == number]  # fmt: skip
        labels += [f"({subject.half} half)"] if subject.half else []
        labels += ["(lottery)"] if subject.limited else []
        lines.append(f"{number.ljust(width)}  {' '.join(labels)}".rstrip())
    if not schedule.courses:
        lines.append("(no subject)")
    summary = summarize(Ranked(row.rank, schedule, row.points.own[student], row.optimal), request)
    days = summary.weekdays or "no class"
    span = f" {clock(summary.first)}-{clock(summary.last)}" if summary.first is not None else ""
    lines.append(f"{summary.units} units, {days}{span}")
    shares = ", ".join(f"{s.title} {s.score:g}" for s in summary.shares) or "no wishes"
    lines.append(shares)
    return lines


def _side_by_side(columns: list[list[str]], width: int | None) -> list[str]:
    """The students' columns next to each other, indented, or one after another when that does
    not fit `width`."""
    widths = [max(len(line) for line in column) for column in columns]
    if width is not None and 4 + sum(widths) + GAP * (len(columns) - 1) > width:
        return [f"    {line}" for column in columns for line in column]
    height = max(len(column) for column in columns)
    rows = []
    for i in range(height):
        cells = [
            (c[i] if i < len(c) else "").ljust(w) for c, w in zip(columns, widths, strict=True)
        ]
        rows.append(("    " + (" " * GAP).join(cells)).rstrip())
    return rows


def label(rule: JointRule, names: Sequence[str] | None = None) -> str:
    """A rule as the views name it: `friend.yaml: free day F` (its file as `names` says), or
    `together 6.1210`."""
    if isinstance(rule, Owned) and names is not None:
        return f"{names[rule.student]}: {rule.rule.label}"
    return rule.label


def give_up(rules: Sequence[JointRule], names: Sequence[str] | None = None) -> str:
    """`make 18.03 optional in friend.yaml and drop me.yaml: free day F; together 6.1210`."""
    optional, dropped = [], []
    for rule in rules:
        if isinstance(rule, Owned) and isinstance(rule.rule, Required):
            optional.append(f"{rule.rule.subject} optional in {label(rule, names).split(':')[0]}")
        else:
            dropped.append(label(rule, names))
    actions = [f"make {'; '.join(optional)}"] if optional else []
    actions += [f"drop {'; '.join(dropped)}"] if dropped else []
    return " and ".join(actions)


def describe_joint_conflict(
    conflict: Sequence[JointRule], names: Sequence[str] | None = None
) -> str:
    """`no joint schedule fits: me.yaml: required 18.03 and me.yaml: free day F cannot all
    hold`."""
    labels = [label(rule, names) for rule in conflict]
    if not labels:
        return "no joint schedule fits: the subjects' own sections always clash"
    if len(labels) == 1:
        return f"no joint schedule fits: {labels[0]} cannot hold"
    return f"no joint schedule fits: {'; '.join(labels[:-1])} and {labels[-1]} cannot all hold"


def _count(outcome: Outcome) -> str:
    if not outcome.finished and not outcome.count:
        return "?"
    return f"{outcome.count}{'+' if outcome.capped or not outcome.finished else ''}"


def render_joint_corrections(result: JointResult, names: Sequence[str] | None = None) -> str:
    if not result.corrections:
        return "nothing fits, and no set of your rules to give up was found in the time allowed"
    lines = ["no joint schedule fits all of your rules; the fewest to give up:"]
    for number, correction in enumerate(result.corrections, start=1):
        found = correction.outcome
        best = "" if found.best is None else f", best score {score(found.best):g}"
        what = f"{_count(found)} joint schedule{'' if _count(found) == '1' else 's'}"
        lines.append(f"  {number}. {give_up(correction.drop, names)}: {what}{best}")
    return "\n".join(lines)


def render_joint_json(result: JointResult, joint: JointRequest, catalog: Catalog) -> str:
    """The joint rows for programs: each with `rank`, `score` (the joint penalty), `optimal`,
    `together` (each together wish's share) and `students`, one per file in the order given,
    each with `file`, `score` (their own) and their schedule in a single solve's row shape."""
    infeasible = None
    if result.conflict is not None:
        infeasible = {
            "rules": [rule.label for rule in result.conflict],
            "message": describe_joint_conflict(result.conflict),
        }
    instead = None
    if result.instead is not None:
        instead = {
            "drop": [rule.label for rule in result.instead.dropped],
            "schedules": _rows(result.instead, joint),
        }
    document = {
        "catalog": {"term": catalog.term, "source": catalog.source},
        "by": "joint",
        "students": list(joint.names),
        "schedules": _rows(result, joint),
        "infeasible": infeasible,
        "corrections": [
            {"drop": [rule.label for rule in c.drop], **_outcome(c.outcome)}
            for c in result.corrections
        ],
        "instead": instead,
    }
    return json.dumps(document, indent=2)


LEFT_OUT = ("rank", "optimal", "equally_good", "equally_good_capped")  # the joint row says these


def _rows(result: JointResult, joint: JointRequest) -> list[dict[str, Any]]:
    sides = [rows_json(student_result(result, s), r) for s, r in enumerate(joint.requests)]
    rows = []
    for i, row in enumerate(result.rows):
        students = [
            {
                "file": joint.names[s],
                **{k: v for k, v in sides[s][i].items() if k not in LEFT_OUT},
                "shared": [f"{o.course} {o.label}" for o in shared_options(row, joint, s)],
            }
            for s in range(len(joint.names))
        ]
        rows.append(
            {
                "rank": row.rank,
                "score": score(row.points.total),
                "optimal": row.optimal,
                "together": {key: score(points) for key, points in row.points.together.items()},
                "students": students,
            }
        )
    return rows


def _outcome(outcome: Outcome) -> dict[str, Any]:
    return {
        "schedules": outcome.count,
        "capped": outcome.capped,
        "best_score": None if outcome.best is None else score(outcome.best),
        "finished": outcome.finished,
    }
