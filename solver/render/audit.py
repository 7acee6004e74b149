"""Views of an audit: a table per program (requirement, progress, satisfied, subjects counted)
with what is left under it, and the JSON document (`programs` of root NODEs, and `left`)."""

import json
from typing import Any

from tabulate import tabulate

from solver.degree.answers import Left
from solver.degree.audit import Audit
from solver.degree.evaluate import Result

MAX_DEPTH_SHOWN = 3  # the table shows sections and two levels under them; JSON has every node
MAX_CHILDREN_SHOWN = 8


def node_document(result: Result) -> dict[str, Any]:
    """`{"path", "title", "satisfied", "manual", "counted", "have", "need", "children"}`."""
    return {
        "path": result.path,
        "title": result.node.label,
        "satisfied": result.satisfied,
        "manual": result.manual,
        "counted": [item.shown for item in result.counted],
        "have": result.have,
        "need": result.need,
        "children": [node_document(child) for child in result.children],
    }


def audit_document(audit: Audit, left: Left | None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "sharing": "free" if not audit.sharing.strict else sorted(audit.sharing.strict),
        "programs": [
            {
                "id": p.reqs.id,
                "title": p.reqs.title or p.reqs.medium_title,
                "strict": p.strict,
                "proven": p.proven,
                "root": node_document(p.result),
            }
            for p in audit.programs
        ],
        "taken": [
            {"subject": t.shown, "counts_as": t.number or t.key, "units": t.units}
            for t in audit.transcript.taken
        ],
    }
    if left is not None:
        document["left"] = {
            "fewest": left.fewest,
            "status": left.status,
            "proven": left.proven,
            "witness": list(left.witness),
            "not_offered": list(left.elsewhere),
            "needs": [
                {
                    "path": n.path,
                    "title": n.title,
                    "still": n.still,
                    "criterion": "units" if n.units else "subjects",
                    "would_count": list(n.examples),
                }
                for n in left.needs
            ],
            "manual": [{"path": path, "title": title} for path, title in left.manual],
        }
    return document


def render_audit_json(audit: Audit, left: Left | None) -> str:
    return json.dumps(audit_document(audit, left), indent=2, ensure_ascii=False)


def progress(result: Result) -> str:
    """`2/3`, `24/48 units`, `met` (signed off), `manual` (a person judges)."""
    if result.met:
        return "met"
    threshold = result.node.threshold
    if threshold is not None and threshold.criterion == "units":
        return f"{result.have}/{result.need} units"
    if threshold is not None and not threshold.at_least:
        return f"{result.have} (at most {result.need})"
    return f"{result.have}/{result.need}"


def render_audit(audit: Audit, left: Left | None) -> str:
    blocks = []
    for program in audit.programs:
        rows: list[list[str]] = []
        _rows(program.result, 0, rows)
        state = "satisfied" if program.result.satisfied else "not satisfied"
        how = " (strict sharing)" if program.strict else ""
        title = program.reqs.title or program.reqs.medium_title
        heading = f"{program.reqs.id}: {title}: {state}{how}"
        if not program.proven:
            heading += " (best assignment found within the time limit, not proven)"
        table = tabulate(
            rows, headers=["requirement", "progress", "ok", "counted"], tablefmt="simple"
        )
        blocks.append(f"{heading}\n{table}")
    if left is not None:
        blocks.append(_left(left))
    return "\n\n".join(blocks)


def _rows(result: Result, depth: int, rows: list[list[str]]) -> None:
    ok = "yes" if result.satisfied else ("manual" if result.manual else "no")
    counted = " ".join(item.shown for item in result.counted if item.number or item.key)
    if len(counted) > 60:
        counted = counted[:57] + "..."
    label = f"{'  ' * depth}{result.node.label}  [{result.path}]"
    rows.append([label, progress(result), ok, counted])
    # A long list of choices is summed up by its row: its counted subjects say what counts.
    if depth + 1 < MAX_DEPTH_SHOWN and len(result.children) <= MAX_CHILDREN_SHOWN:
        for child in result.children:
            _rows(child, depth + 1, rows)


def _left(left: Left) -> str:
    if left.fewest is None:
        head = (
            "what is left: no set of subjects satisfies every program"
            if left.status == "impossible"
            else "what is left: not found within the time limit"
        )
    else:
        proof = "proven" if left.proven else "not proven: the best found within the time limit"
        head = f"what is left: {left.fewest} more subject{'s' * (left.fewest != 1)} ({proof})"
        if left.witness:
            head += f", such as {' '.join(left.witness)}"
        if left.elsewhere:
            head += f"; not offered this term: {' '.join(left.elsewhere)}"
    lines = [head]
    for need in left.needs:
        unit = " units" if need.units else ""
        examples = f": {', '.join(need.examples)}" if need.examples else ""
        lines.append(f"  {need.title} [{need.path}] needs {need.still}{unit} more{examples}")
    if left.manual:
        lines.append("judged by a person (sign off with met: [PATH]):")
        lines += [f"  {title} [{path}]" for path, title in left.manual]
    return "\n".join(lines)
