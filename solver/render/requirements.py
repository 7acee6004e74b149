"""Views of requirement lists: the index of lists, one list as an indented tree with each node's
path, and one list in the JSON shape of FireRoad's `/requirements/get_json/<id>/`."""

import json
import textwrap
from collections.abc import Sequence
from typing import Any

from solver.degree.lists import ListInfo
from solver.degree.tree import Node, PlainReq, ReqList, Threshold, describe_req


def render_list_json(reqs: ReqList) -> str:
    return json.dumps(list_document(reqs), indent=2, ensure_ascii=False)


def list_document(reqs: ReqList) -> dict[str, Any]:
    """The list as FireRoad serves it: titles, description, and each section's tree."""
    document: dict[str, Any] = {
        "list-id": f"{reqs.id}.reql",
        "short-title": reqs.short_title,
        "medium-title": reqs.medium_title,
        "title-no-degree": reqs.title_no_degree,
        "title": reqs.title,
        "desc": reqs.desc,
        "reqs": [node_document(section) for section in reqs.sections],
    }
    if reqs.url:
        document["url"] = reqs.url
    return document


def node_document(node: Node) -> dict[str, Any]:
    """One node in FireRoad's keys: `req` for a leaf, else `connection-type` and `reqs`."""
    document: dict[str, Any] = {}
    if node.title:
        document["title"] = node.title
    if node.desc:
        document["desc"] = node.desc
    if node.threshold is not None:
        document["threshold"] = _threshold(node.threshold)
    if node.distinct is not None:
        document["distinct-threshold"] = _threshold(node.distinct)
    if node.plain:
        document["plain-string"] = True
    if node.req is not None:
        document["req"] = describe_req(node.req)
    else:
        document["connection-type"] = node.connection
        document["reqs"] = [node_document(child) for child in node.children]
    return document


def _threshold(threshold: Threshold) -> dict[str, Any]:
    return {"type": threshold.op, "cutoff": threshold.cutoff, "criterion": threshold.criterion}


def render_list_text(reqs: ReqList, width: int = 100) -> str:
    """The list as an indented tree, each node with its path for `met:`, `ignore:` and search."""
    heading = f"{reqs.id}: {reqs.title or reqs.medium_title}"
    lines = [heading, *(f"  {line}" for line in textwrap.wrap(reqs.desc, width - 2)[:3])]
    if reqs.threshold is not None:
        lines.append(f"  ({how_many(reqs.threshold)} of its sections)")
    for index, section in enumerate(reqs.sections):
        lines += _node_lines(section, f"{reqs.id}/{index}", 1, width)
    for warning in reqs.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines)


def _node_lines(node: Node, path: str, depth: int, width: int) -> list[str]:
    indent = "  " * depth
    if node.req is not None:
        what = describe_req(node.req)
        what = f'"{what}" (judged by a person)' if isinstance(node.req, PlainReq) else what
        if node.title:
            what = f"{node.title}: {what}"
        bound = f" ({how_many(node.threshold)})" if node.threshold else ""
        return [f"{indent}{what}{bound}  [{path}]"]
    head = f"{indent}{node.title + ': ' if node.title else ''}{_rule(node)}  [{path}]"
    leaves = [c for c in node.children if c.req is not None and not c.title and not c.threshold]
    if len(leaves) == len(node.children) and len(leaves) > 3:  # a long list of subjects: wrapped
        words = " ".join(describe_req(leaf.req) for leaf in leaves if leaf.req is not None)
        body = textwrap.wrap(words, width - len(indent) - 2)
        note = f"{indent}  (in order: [{path}/0] to [{path}/{len(leaves) - 1}])"
        return [head, *(f"{indent}  {line}" for line in body), note]
    lines = [head]
    for index, child in enumerate(node.children):
        lines += _node_lines(child, f"{path}/{index}", depth + 1, width)
    return lines


def _rule(node: Node) -> str:
    count = len(node.children)
    if node.threshold is not None:
        rule = f"{how_many(node.threshold)} from"
        if node.connection == "all" and node.threshold.at_least:
            return f"all of {count}, and {how_many(node.threshold)} in all" + (
                f" ({how_many(node.distinct, 'of its parts')} distinct)" if node.distinct else ""
            )
    else:
        rule = "all of" if node.connection == "all" else "one of"
    if node.distinct is not None:
        rule += f" ({how_many(node.distinct, 'of its parts')} distinct)"
    return f"{rule} {count}" if node.connection == "any" or node.threshold else rule


def how_many(threshold: Threshold, what: str = "") -> str:
    """`{>=2}` as `at least 2 subjects`, `{<=12u}` as `at most 12 units`."""
    noun = what or threshold.criterion
    bound = threshold.bound
    if not what and threshold.criterion == "subjects" and bound == 1:
        noun = "subject"
    return f"{'at least' if threshold.at_least else 'at most'} {bound} {noun}"


def render_list_index(infos: Sequence[ListInfo]) -> str:
    """The lists there are: id, medium title, and where each comes from."""
    rows = [(info.id, info.medium_title, info.origin) for info in infos]
    width = max((len(row[0]) for row in rows), default=2)
    title_width = max((len(row[1]) for row in rows), default=5)
    lines = [f"{'id':<{width}}  {'title':<{title_width}}  from"]
    lines += [f"{i:<{width}}  {t:<{title_width}}  {o}" for i, t, o in rows]
    return "\n".join(lines)


def render_list_index_json(infos: Sequence[ListInfo]) -> str:
    """The lists there are, for programs: `[{"id", "title", "from"}]`."""
    rows = [{"id": i.id, "title": i.medium_title, "from": i.origin} for i in infos]
    return json.dumps(rows, indent=2)
