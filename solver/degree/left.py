"""What is left: the fewest further subjects after which every program is satisfied under the
chosen sharing (plain strings signed off: they are listed apart), decided with CP-SAT, with one
witness set checked by the evaluator; and which subjects would count toward a requirement.

Candidates are the current catalog's subjects; a subject a list names that this term does not
offer may be chosen too, but only when the term's own cannot do it (each costs more than all
offered ones together), and the answer says which. Subjects that match the same leaves with the
same units are interchangeable: only as many of a kind are kept as the programs could count.
"""

import math
from collections.abc import Iterable, Sequence

from solver.catalog.schema import Catalog, number_order
from solver.cpsat import cp_model
from solver.degree.answers import EXAMPLES, Left, Need
from solver.degree.audit import Audit, leaf_items, program_of
from solver.degree.errors import AuditError
from solver.degree.evaluate import ItemIndex, Result, evaluate_assumed
from solver.degree.facts import SubjectFacts
from solver.degree.model import Encoder, new_degree_solver
from solver.degree.program import Program
from solver.degree.transcript import Taken
from solver.degree.tree import Node, PlainReq, SubjectReq, room, walk
from solver.errors import InternalError


def candidates(catalog: Catalog, facts: SubjectFacts, audit: Audit) -> list[Taken]:
    """Subjects that could be taken next: the catalog's, then those the lists name elsewhere."""
    taken = {item.key for item in audit.transcript.taken}
    found: dict[str, Taken] = {}
    for subject in catalog.subjects:
        _add(found, facts, subject.number, taken, offered=True)
    for program in audit.programs:
        for _, node in walk(program.reqs.root, program.reqs.id):
            if isinstance(node.req, SubjectReq):
                _add(found, facts, node.req.number, taken, offered=False)
    return list(found.values())


def _add(
    found: dict[str, Taken], facts: SubjectFacts, number: str, taken: set[str], offered: bool
) -> None:
    key = facts.canonical(number)
    if key in taken or key in found:
        return
    known = facts.get(key)
    units = known.units if known and known.units is not None else 12
    attributes = known.attributes if known else frozenset()
    half = bool(known and "LAB2" in known.girs and "LAB" not in known.girs)
    found[key] = Taken(
        key, key, key, units, attributes, half_lab=half, term="" if offered else "elsewhere"
    )


def fewest_left(
    audit: Audit, catalog: Catalog, facts: SubjectFacts, *, time_limit: float = 10.0
) -> Left:
    """The fewest further subjects for every program, exactly (or the best within the limit)."""
    programs = [program_of(p.reqs, audit.sharing, audit.overrides) for p in audit.programs]
    pool = _kinds(candidates(catalog, facts, audit), programs, facts)
    taken = list(audit.transcript.taken)
    model = cp_model.CpModel()
    chosen = {item.key: model.new_bool_var(f"take {item.key}") for item in pool}
    active: dict[str, object] = {item.key: True for item in taken} | dict(chosen)
    encoder = Encoder(model, [*taken, *pool], active, facts.canonical, assume_manual=True)
    roots = [encoder.program(program).sat for program in programs]
    encoder.finish()
    model.add_bool_and([root for root in roots if root is not True])  # each a literal
    away = [chosen[item.key] for item in pool if item.term == "elsewhere"]
    model.minimize((len(pool) + 1) * sum(away) + sum(chosen.values()))
    needs, manual = _needs(audit, catalog, facts)
    solver = new_degree_solver(time_limit)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        word = "impossible" if status == cp_model.INFEASIBLE else "unknown"
        return Left(None, False, (), (), needs, manual, word)
    picked = [item for item in pool if solver.value(chosen[item.key])]
    _check(programs, taken, picked, encoder, solver, facts)
    witness = tuple(sorted((item.number for item in picked), key=number_order))
    elsewhere = tuple(n for n in witness if any(i.number == n and i.term for i in picked))
    proven = status == cp_model.OPTIMAL
    return Left(
        len(picked),
        proven,
        witness,
        elsewhere,
        needs,
        manual,
        "proven" if proven else "best within the time limit",
    )


def _kinds(pool: list[Taken], programs: Sequence[Program], facts: SubjectFacts) -> list[Taken]:
    """Drop candidates that count nowhere, and keep of each kind (same leaves, units, lab half
    and offer) only as many as the programs could ever count."""
    index = ItemIndex(pool, facts.canonical)
    where: dict[str, list[str]] = {}
    for program in programs:
        for path, node in walk(program.root, program.id):
            if node.req is not None:
                for item in index.matching(node.req):
                    where.setdefault(item.key, []).append(path)
    most = sum(room(node) for p in programs for _, node in walk(p.root, p.id)) + 1
    kinds: dict[tuple[tuple[str, ...], int, bool, str], list[Taken]] = {}
    for item in sorted(pool, key=lambda i: (i.term != "", number_order(i.number))):
        if item.key in where:
            kind = (tuple(where[item.key]), item.units, item.half_lab, item.term)
            kinds.setdefault(kind, []).append(item)
    kept: list[Taken] = []
    for (_, units, _, _), items in kinds.items():
        kept += items[: max(most, math.ceil(most * 12 / max(units, 1)))]
    return kept


def _check(
    programs: Sequence[Program],
    taken: list[Taken],
    picked: list[Taken],
    encoder: Encoder,
    solver: "cp_model.CpSolver",
    facts: SubjectFacts,
) -> None:
    """The witness, evaluated by the rules: a set the model says works must work."""
    everything = [*taken, *picked]
    by_key = {item.key: item for item in everything}
    assigned: dict[str, list[Taken]] = {}
    for (key, path), literal in encoder.assigned.items():
        if key in by_key and solver.value(literal):
            assigned.setdefault(path, []).append(by_key[key])
    for program in programs:
        items = leaf_items(program, everything, facts.canonical, assigned)
        result = evaluate_assumed(
            program.root, program.id, items, met=program.met, ignore=program.ignore
        )
        if not result.satisfied:
            raise InternalError(
                f"the fewest-left witness does not satisfy {program.id} when checked: a bug"
            )


def _needs(
    audit: Audit, catalog: Catalog, facts: SubjectFacts
) -> tuple[tuple[Need, ...], tuple[tuple[str, str], ...]]:
    """Each unsatisfied requirement where the shortfall is its own (an unsatisfied `all`
    without a threshold speaks through its parts), and the manual ones apart."""
    needs: list[Need] = []
    manual: list[tuple[str, str]] = []
    taken = {item.key for item in audit.transcript.taken}
    for program in audit.programs:
        manual += [
            (r.path, r.node.label)
            for r in _unsatisfied(program.result)
            if isinstance(r.node.req, PlainReq)
        ]
        for result in _frontier(program.result):
            node = result.node
            if isinstance(node.req, PlainReq):
                continue
            units = bool(node.threshold and node.threshold.criterion == "units")
            examples = toward(result, catalog, facts, taken, unmet=True)
            needs.append(
                Need(
                    result.path,
                    node.label,
                    max(result.need - result.have, 1),
                    units,
                    tuple(examples[:EXAMPLES]),
                )
            )
    return tuple(needs), tuple(manual)


def _frontier(result: Result) -> Iterable[Result]:
    if result.satisfied:
        return
    node = result.node
    if node.req is None and node.threshold is None and node.connection == "all":
        for child in result.children:
            yield from _frontier(child)
        return
    yield result


def toward(
    result: Result,
    catalog: Catalog,
    facts: SubjectFacts,
    taken: set[str] | frozenset[str] = frozenset(),
    *,
    unmet: bool = False,
) -> list[str]:
    """The current catalog's subjects, not taken, that would count toward this node (with
    `unmet`, toward its unsatisfied parts only: under an unsatisfied node with a threshold, or
    an `any`, every leaf helps; under an unsatisfied `all`, only its unsatisfied parts do)."""
    leaves: list[Node] = []
    _leaves(result, leaves, unmet)
    index = _catalog_index(catalog, facts)
    found = {
        item.shown
        for leaf in leaves
        if leaf.req is not None
        for item in index.matching(leaf.req)
        if item.key not in taken
    }
    return sorted(found, key=number_order)


_LAST: list[tuple[Catalog, SubjectFacts, ItemIndex]] = []


def _catalog_index(catalog: Catalog, facts: SubjectFacts) -> ItemIndex:
    """The catalog's subjects as countable items, indexed once for the last catalog and facts
    asked about (an audit asks for each unsatisfied requirement)."""
    if not _LAST or _LAST[0][0] is not catalog or _LAST[0][1] is not facts:
        items = [_catalog_item(subject.number, facts) for subject in catalog.subjects]
        _LAST[:] = [(catalog, facts, ItemIndex(items, facts.canonical))]
    return _LAST[0][2]


def subjects_toward(audit: Audit, path: str, catalog: Catalog, facts: SubjectFacts) -> list[str]:
    """`from: {requirement: PATH}` and `search --requirement PATH`: the catalog's subjects not
    taken that would count toward the node at PATH (`unmet`: toward any unsatisfied one)."""
    taken = {item.key for item in audit.transcript.taken}
    if path == "unmet":
        found: set[str] = set()
        for program in audit.programs:
            found.update(toward(program.result, catalog, facts, taken, unmet=True))
        return sorted(found, key=number_order)
    for program in audit.programs:
        for result in _all(program.result):
            if result.path == path:
                return toward(result, catalog, facts, taken)
    raise AuditError(
        f"requirement: no node {path} in the programs audited"
        f" ({', '.join(p.reqs.id for p in audit.programs)})"
    )


def _unsatisfied(result: Result) -> Iterable[Result]:
    """The unsatisfied nodes under unsatisfied parents: those a person or a subject must fill."""
    if not result.satisfied:
        yield result
        for child in result.children:
            yield from _unsatisfied(child)


def _all(result: Result) -> Iterable[Result]:
    yield result
    for child in result.children:
        yield from _all(child)


def _leaves(result: Result, leaves: list[Node], unmet: bool) -> None:
    if result.met or (unmet and result.satisfied):
        return
    node = result.node
    if node.req is not None:
        leaves.append(node)
        return
    every = unmet and (node.threshold is not None or node.connection == "any")
    for child in result.children:
        _leaves(child, leaves, unmet and not every)


def _catalog_item(number: str, facts: SubjectFacts) -> Taken:
    found = facts.get(number)
    key = facts.canonical(number)
    return Taken(
        key,
        number,
        key,
        found.units or 12 if found else 12,
        found.attributes if found else frozenset(),
    )
