"""Views of ranked plans: a table per plan with a column per term, what each subject counts for,
the penalty's parts and the warnings; the JSON document (`plans`, each with its first term's
week as a solve row); and a CourseRoad road file of one plan."""

import json
from collections.abc import Sequence
from typing import Any, Protocol

from tabulate import tabulate

from solver.catalog.schema import number_order
from solver.core.request import Request
from solver.core.results import Result
from solver.degree.offering import academic_year
from solver.degree.plan_pool import Candidate, gir_codes, prereq_numbers
from solver.degree.plan_spec import PARTS, Correction, Placed, Planned, Spec, Warning
from solver.degree.tree import walk
from solver.errors import CoursepickError
from solver.render.json_doc import rows_json

PART_TITLES = {
    "finish": "terms",
    "subjects": "subjects",
    "balance": "balance",
    "uncertain": "uncertain",
    "likes": "likes",
}
ALIKE_SHOWN = 3  # of a kind's other subjects, named in the table
CUTS_SHOWN = 3  # first-term sets refused for want of a week, named under the plans


class Week(Protocol):
    """A plan's first-term week, as a solve's answer holds its rows."""

    @property
    def result(self) -> Result: ...
    @property
    def request(self) -> Request: ...


def score(points: int) -> float:
    return round(points / 100, 2)


def render_plans(planned: Planned, weeks: Sequence[str | None] = ()) -> str:
    """The text view; `weeks`: per plan, its first term's week already drawn (or None)."""
    spec, ranking = planned.spec, planned.ranking
    blocks: list[str] = []
    titles = _titles(spec)
    for index, plan in enumerate(ranking.plans):
        proof = "proven best" if plan.optimal else "best found within the time limit (unproven)"
        lines = [f"Plan {index + 1}: score {score(plan.total):g} ({proof})"]
        lines.append(_grid(spec, plan))
        lines.append("penalty: " + _breakdown(plan))
        lines.append("counts:")
        lines += _counts(spec, planned.counts[index], titles)
        lines += [f"  ! {w.subject}: {w.text}" for w in planned.warnings[index]]
        if index < len(weeks) and weeks[index]:
            lines += ["", f"{spec.terms[0]} week:", str(weeks[index])]
        blocks.append("\n".join(lines))
    if not ranking.plans:
        blocks.append(_nothing(planned))
    elif ranking.status == "complete" and len(ranking.plans) > 0:
        blocks.append(f"(no other plan: {len(ranking.plans)} in all)")
    if ranking.status == "time":
        blocks.append("the time limit ran out: later plans were not searched")
    if any(not plan.optimal for plan in ranking.plans):
        blocks.append(
            "unproven: proving the most even load is a partition problem that can take minutes;"
            " give more --time-limit, or set plan: wishes: balance: 0 to prove the rest at once"
        )
    if ranking.cuts:
        shown = "; ".join(" + ".join(cut) for cut in ranking.cuts[:CUTS_SHOWN])
        more = (
            f" (and {len(ranking.cuts) - CUTS_SHOWN} more)"
            if len(ranking.cuts) > CUTS_SHOWN
            else ""
        )
        blocks.append(f"no week in {spec.terms[0]} for {shown}{more}: never together there")
    if planned.manual:
        shown = "; ".join(f"{title} ({path})" for path, title in planned.manual)
        blocks.append(f"for a person to sign off, not planned: {shown}")
    return "\n\n".join(blocks)


def _grid(spec: Spec, plan: Placed) -> str:
    pool = {c.key: c for c in spec.pool}
    used = max((t + 1 for t, keys in enumerate(plan.terms) if keys), default=0)
    shown = range(max(used, 1))
    columns = [list(plan.terms[t]) or ["-"] for t in shown]
    depth = max(len(c) for c in columns)
    rows = [[c[i] if i < len(c) else "" for c in columns] for i in range(depth)]
    rows.append([str(sum(pool[k].item.units for k in plan.terms[t])) + " units" for t in shown])
    rows.append([f"{sum(pool[k].hours for k in plan.terms[t])} hours" for t in shown])
    left = len(spec.terms) - used
    table = tabulate(rows, headers=[spec.terms[t] for t in shown], tablefmt="simple")
    return table + (f"\n({left} later term{'s' if left != 1 else ''} free)" if left > 0 else "")


def _breakdown(plan: Placed) -> str:
    return (
        ", ".join(
            f"{PART_TITLES[name]} {score(plan.points[name]):g}"
            for name in PARTS
            if plan.points[name]
        )
        or "none"
    )


def _titles(spec: Spec) -> dict[str, str]:
    return {path: node.label for p in spec.programs for path, node in walk(p.root, p.id)}


def _counts(spec: Spec, counts: dict[str, tuple[str, ...]], titles: dict[str, str]) -> list[str]:
    pool = {c.key: c for c in spec.pool}
    lines = []
    for key in sorted(counts, key=number_order):
        candidate = pool[key]
        where = "; ".join(_where(path, titles) for path in counts[key]) or _why(key, pool, counts)
        others = [k for k in candidate.alike if k != key]
        alike = ""
        if others:
            names = ", ".join(others[:ALIKE_SHOWN]) + (" ..." if len(others) > ALIKE_SHOWN else "")
            alike = f" [or any of {len(others)} alike: {names}]"
        name = f"{key} {candidate.title}" if candidate.title else key
        lines.append(f"  {name}: {where}{alike}")
    return lines


def _why(key: str, pool: dict[str, Candidate], counts: dict[str, tuple[str, ...]]) -> str:
    """Why a subject that counts toward no requirement is in the plan."""
    attributes = {a[4:] for a in pool[key].item.attributes if a.startswith("GIR:")}
    needing = [
        other
        for other in sorted(counts, key=number_order)
        if other != key
        and (
            key in prereq_numbers(pool[other].prereq)
            or attributes & set(gir_codes(pool[other].prereq))
        )
    ]
    if needing:
        return f"a prerequisite of {', '.join(needing)}"
    return "wanted" if pool[key].named else "a prerequisite"


def _where(path: str, titles: dict[str, str]) -> str:
    """A leaf by the nearest titled node above it, with its path."""
    parent = path.rsplit("/", 1)[0] if "/" in path else path
    return f"{titles.get(parent, parent)} ({path})"


def _nothing(planned: Planned) -> str:
    lines = ["no plan fits: every program, prerequisite, offering and limit cannot all hold"]
    if planned.ranking.status == "time":
        lines = ["the time limit ran out before any plan was found"]
    for correction in planned.corrections:
        lines.append(f"  fix: {correction.text}: then a plan exists")
    if not planned.corrections and planned.ranking.status == "complete":
        lines.append("  no single change found: more terms, a higher units cap, or fewer programs")
    return "\n".join(lines)


def plans_document(planned: Planned, weeks: Sequence[Week | None] = ()) -> dict[str, Any]:
    """`weeks`: per plan, its first term's best week (or None), shown as a solve's row."""
    spec = planned.spec
    rows = [rows_json(week.result, week.request)[0] if week else None for week in weeks]
    return {
        "terms": list(spec.terms),
        "status": planned.ranking.status,
        "plans": [
            _plan(spec, plan, index, planned, rows[index] if index < len(rows) else None)
            for index, plan in enumerate(planned.ranking.plans)
        ],
        "manual": [{"path": path, "title": title} for path, title in planned.manual],
        "no_week": [list(cut) for cut in planned.ranking.cuts],
        "corrections": [_correction(spec, c) for c in planned.corrections],
    }


def _plan(
    spec: Spec, plan: Placed, index: int, planned: Planned, week: dict[str, Any] | None
) -> dict[str, Any]:
    pool = {c.key: c for c in spec.pool}
    return {
        "rank": index + 1,
        "score": score(plan.total),
        "optimal": plan.optimal,
        "breakdown": {name: score(plan.points[name]) for name in PARTS},
        "terms": [
            {
                "term": term,
                "subjects": list(keys),
                "units": sum(pool[k].item.units for k in keys),
                "hours": sum(pool[k].hours for k in keys),
            }
            for term, keys in zip(spec.terms, plan.terms, strict=True)
        ],
        "counts": {key: list(paths) for key, paths in planned.counts[index].items()},
        "alike": {
            k: [o for o in pool[k].alike if o != k]
            for k in sorted(plan.subjects, key=number_order)
            if len(pool[k].alike) > 1
        },  # fmt: skip
        "warnings": [_warning(w) for w in planned.warnings[index]],
        "week": week,
    }


def _warning(warning: Warning) -> dict[str, str]:
    return {"subject": warning.subject, "kind": warning.kind, "text": warning.text}


def _correction(spec: Spec, correction: Correction) -> dict[str, Any]:
    return {
        "kind": correction.kind,
        "text": correction.text,
        "terms": [
            {"term": term, "subjects": list(keys)}
            for term, keys in zip(correction.spec.terms, correction.plan.terms, strict=True)
        ],
    }


def render_plans_json(planned: Planned, weeks: Sequence[Week | None] = ()) -> str:
    return json.dumps(plans_document(planned, weeks), indent=2)


SEASON_INDEX = {"FA": 1, "JA": 2, "SP": 3}  # CourseRoad's terms: prior credit 0, then F, IAP, S


def render_road(planned: Planned, programs: Sequence[str], rank: int = 1) -> str:
    """Plan `rank` as a CourseRoad road file: taken subjects as prior credit, each planned term
    at its place counted from the first planned term's academic year."""
    spec = planned.spec
    if not planned.ranking.plans:
        raise CoursepickError("no plan to write as a road")
    plan = planned.ranking.plans[rank - 1]
    pool = {c.key: c for c in spec.pool}
    first = academic_year(spec.terms[0])
    chosen: list[dict[str, Any]] = [
        {"subject_id": item.number or item.shown, "title": "", "units": item.units,
         "semester": 0, "overrideWarnings": False}
        for item in spec.taken
    ]  # fmt: skip
    for term, keys in zip(spec.terms, plan.terms, strict=True):
        if keys and term[4:] == "SU":
            raise CoursepickError(
                f"CourseRoad has no summer term: plan {rank} places subjects in {term}"
            )
        for key in keys:
            semester = 3 * (academic_year(term) - first) + SEASON_INDEX.get(term[4:], 1)
            chosen.append(
                {"subject_id": key, "title": pool[key].title, "units": pool[key].item.units,
                 "semester": semester, "overrideWarnings": False}
            )  # fmt: skip
    road = {
        "coursesOfStudy": list(programs),
        "selectedSubjects": chosen,
        "progressOverrides": {},
        "progressAssertions": {},
    }
    return json.dumps(road, indent=2)
