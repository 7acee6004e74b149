"""Our reading of the real lists against FireRoad's own served JSON (`../shared`): equal in the
keys of FireRoad's shape once FireRoad's quirks 1-3 (MIT-FORMATS section 5) are applied to ours,
and the table of which quirk changes which list is asserted, so every difference is accounted
for. Also: every one of the 142 real lists reads, with its warnings listed and none fatal."""

import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from solver.degree.lists import load_list_file
from solver.degree.tree import Node, ReqList
from solver.render.requirements import list_document, node_document

FIREROAD = Path(__file__).resolve().parents[2] / "shared" / "data" / "mit" / "fireroad"
SEVEN = ["girs", "major6-3", "major6-4", "major18gm", "minor15BA", "major21S", "minor3"]
LIST_KEYS = {"list-id", "short-title", "medium-title", "title-no-degree", "title", "desc", "reqs"}
NODE_KEYS = {
    "title",
    "desc",
    "req",
    "plain-string",
    "connection-type",
    "reqs",
    "threshold",
    "distinct-threshold",
}

# Which of FireRoad's quirks change each list's JSON: 1 child order, 2 a variable kept only at
# its last use, 3 the sections cut at the first undefined one.
QUIRKS = {
    "girs": set(),
    "major6-3": set(),
    "major6-4": {1, 2},
    "major18gm": set(),
    "minor15BA": set(),
    "major21S": {1, 2},
    "minor3": {3},
}

pytestmark = pytest.mark.realdata


def _need_data() -> None:
    if not (FIREROAD / "json").is_dir():
        pytest.skip(f"FireRoad's data not found at {FIREROAD} (../shared is not checked out)")


def _kept(document: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    kept = {k: v for k, v in document.items() if k in keys}
    if "reqs" in kept:
        kept["reqs"] = [_kept(child, NODE_KEYS) for child in kept["reqs"]]
    return kept


def fireroad_reading(reqs: ReqList, quirks: set[int]) -> dict[str, Any]:
    """Our tree as FireRoad's parser would serve it, with the chosen quirks reproduced.

    FireRoad keeps one object per variable and re-parents it at each substitution (quirk 2),
    visiting and ordering children by when they were created: a variable's node where it is
    defined, inline nodes in preorder with their definition (quirk 1)."""
    sections = list(reqs.sections)
    if 3 in quirks:
        undefined = [i for i, s in enumerate(sections) if s.plain and s.title == s.name]
        sections = sections[: undefined[0]] if undefined else sections
    if 2 not in quirks and 1 not in quirks:
        ours = list_document(reqs)
        ours["reqs"] = [node_document(section) for section in sections]
        return ours
    named: dict[str, Node] = {}
    for section in reqs.sections:
        _collect(section, named)
    created: dict[object, tuple[int, int]] = {}
    for node in named.values():
        _number(node, created, [0], root=True)
    parent: dict[str, object] = {}
    done: set[object] = set()

    def kids(node: Node) -> list[Node]:
        alive = _ident(node) not in done
        kept = []
        for index, child in enumerate(node.children):
            if not child.name:
                kept.append((created[_ident(child)], child))
            elif alive:  # a placeholder, where it was written
                kept.append((created[(_ident(node), index)], child))
            elif parent.get(child.name) == _ident(node) or 2 not in quirks:
                kept.append(((child.line, 0), child))
        if 1 not in quirks:
            return [child for _, child in kept]
        return [child for _, child in sorted(kept, key=lambda pair: pair[0])]

    def substitute(node: Node) -> None:
        alive = _ident(node) not in done
        for child in kids(node):
            if child.name and alive:
                parent[child.name] = _ident(node)
            substitute(named[child.name] if child.name else child)
        done.add(_ident(node))

    for section in sections:
        parent[section.name] = "list"
        substitute(named[section.name])
    descs = {section.name: section.desc for section in sections}

    def document(node: Node) -> dict[str, Any]:
        shown = node_document(replace(node, children=(), desc=descs.get(node.name, node.desc)))
        if node.req is None:
            shown["reqs"] = [document(named[c.name] if c.name else c) for c in kids(node)]
        return shown

    tops = [named[s.name] for s in sections if 2 not in quirks or parent[s.name] == "list"]
    if 1 in quirks:
        tops.sort(key=lambda node: node.line)
    result = list_document(reqs)
    result["reqs"] = [document(node) for node in tops]
    return result


def _ident(node: Node) -> object:
    return ("variable", node.name) if node.name else id(node)


def _collect(node: Node, named: dict[str, Node]) -> None:
    if node.name and node.name not in named:
        named[node.name] = replace(node, desc="")
    for child in node.children:
        _collect(child, named)


def _number(
    node: Node, created: dict[object, tuple[int, int]], counter: list[int], root: bool
) -> None:
    """Creation order inside one definition: its node, then its inline nodes and its
    placeholders for variables in preorder."""
    created[_ident(node)] = (node.line, counter[0])
    counter[0] += 1
    for index, child in enumerate(node.children):
        if child.name:
            created[(_ident(node), index)] = (node.line, counter[0])
            counter[0] += 1
        else:
            _number(child, created, counter, root=False)


@pytest.mark.parametrize("list_id", SEVEN)
def test_our_json_is_fireroads_but_for_quirks_one_to_three(list_id):
    _need_data()
    reqs = load_list_file(FIREROAD / "requirements" / f"{list_id}.reql")
    served = _kept(json.loads((FIREROAD / "json" / f"{list_id}.json").read_text()), LIST_KEYS)
    assert _kept(fireroad_reading(reqs, {1, 2, 3}), LIST_KEYS) == served


@pytest.mark.parametrize("list_id", SEVEN)
def test_each_quirk_accounts_for_a_difference_where_the_table_says(list_id):
    _need_data()
    reqs = load_list_file(FIREROAD / "requirements" / f"{list_id}.reql")
    every = _kept(fireroad_reading(reqs, {1, 2, 3}), LIST_KEYS)
    changing = {
        q for q in (1, 2, 3) if _kept(fireroad_reading(reqs, {1, 2, 3} - {q}), LIST_KEYS) != every
    }
    assert changing == QUIRKS[list_id]
    ours = _kept(list_document(reqs), LIST_KEYS)
    assert (ours == every) == (not QUIRKS[list_id])


# The warnings of the 142 real lists, by file: doubtful lists, read anyway (none fatal).
WARNED = {
    "major1-12.reql": ["',' and '/' mixed"],
    "major15-2old.reql": ["top-level section 'cim' is never defined"],
    "major15-3.reql": ["a definition line without ':='"],
    "major21w.reql": ["'Elective subjects' is written in single quotes"],
    "major6-1-8-flex.reql": ["'6.C01.6.S052' is neither"],
    "major6-1.reql": ["'6.C01.6.S052' is neither"],
    "major6-3new.reql": ["'6.C01.6.S052' is neither"],
    "major6-4.reql": ["',' and '/' mixed"],
    "minor3.reql": ["top-level section 'sub_restriction' is never defined"],
    "minorAADS.reql": ["'21G.904lang_1' is neither"],
    "minorLALS.reql": ["'21L640' is neither"],
    "neetLM-IE.reql": ["unbalanced quotes around 'UROP (credit/paid)'"],
    "neetLM-MDE.reql": ["unbalanced quotes around 'UROP (credit/paid)'"],
}


def test_all_real_lists_read_with_their_warnings_listed():
    _need_data()
    files = sorted((FIREROAD / "requirements").glob("*.reql"))
    assert len(files) == 142
    warned: dict[str, list[str]] = defaultdict(list)
    for path in files:
        reqs = load_list_file(path)
        assert reqs.sections, path.name
        for warning in reqs.warnings:
            warned[path.name].append(warning)
    assert sorted(warned) == sorted(WARNED)
    for name, expected in WARNED.items():
        assert len(warned[name]) == len(expected), warned[name]
        for text, prefix in zip(warned[name], expected, strict=True):
            assert prefix in text, text
