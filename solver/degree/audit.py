"""The audit: programs against a transcript, under free or strict sharing, with overrides.

Free programs are evaluated on the whole transcript (no OR-Tools loaded). Strict programs
(never the GIRs) get the assignment of subjects to leaves that satisfies the most programs, then
the most nodes, then the largest total `have`, found with CP-SAT; the evaluator then computes
every standing from
that assignment, so what is shown is what the rules say of it.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from solver.degree.errors import AuditError
from solver.degree.evaluate import ItemIndex, LeafItems, Result, evaluate
from solver.degree.facts import SubjectFacts
from solver.degree.program import Program
from solver.degree.sharing import FREE, GIRS, NO_OVERRIDES, Overrides, Sharing
from solver.degree.transcript import Taken, Transcript
from solver.degree.tree import Node, ReqList, walk


@dataclass(frozen=True)
class ProgramAudit:
    reqs: ReqList
    result: Result
    strict: bool
    proven: bool = True  # the assignment is proven best (always, under free sharing)


@dataclass(frozen=True)
class Audit:
    programs: tuple[ProgramAudit, ...]
    transcript: Transcript
    sharing: Sharing
    overrides: Overrides
    warnings: tuple[str, ...] = field(default=())


def program_of(reqs: ReqList, sharing: Sharing, overrides: Overrides) -> Program:
    def mine(paths: frozenset[str]) -> frozenset[str]:
        return frozenset(p for p in paths if p == reqs.id or p.startswith(reqs.id + "/"))

    return Program(
        reqs.id,
        reqs.root,
        mine(overrides.met),
        mine(overrides.ignore),
        mine(overrides.overlay),
        sharing.group(reqs.id),
    )


def check_paths(lists: Sequence[ReqList], overrides: Overrides) -> None:
    """Every path an override names is a node of an audited program."""
    known = {path for reqs in lists for path, _ in walk(reqs.root, reqs.id)}
    for key, paths in (
        ("met", overrides.met),
        ("ignore", overrides.ignore),
        ("overlay", overrides.overlay),
    ):
        for path in sorted(paths - known):
            program = path.split("/", 1)[0]
            ids = [reqs.id for reqs in lists]
            where = (
                (
                    f"{program} has no node {path}: `coursepick requirements {program}` shows"
                    " each node's path"
                )
                if program in ids
                else (f"{program} is not among the programs audited ({', '.join(ids)})")
            )
            raise AuditError(f"{key}: no requirement {path}: {where}")


def audit(
    lists: Sequence[ReqList],
    transcript: Transcript,
    facts: SubjectFacts,
    *,
    sharing: Sharing = FREE,
    overrides: Overrides = NO_OVERRIDES,
    time_limit: float = 10.0,
) -> Audit:
    """Audit each program; `time_limit` bounds the strict assignment's search (in seconds)."""
    if GIRS in sharing.strict and sharing.together:
        raise AuditError("sharing: girs cannot be strict: the GIRs overlap by MIT's rules")
    check_paths(lists, overrides)
    missing = sorted(sharing.strict - {reqs.id for reqs in lists}) if sharing.together else []
    if missing:
        raise AuditError(f"sharing: {', '.join(missing)} is not among the programs audited")
    programs = [program_of(reqs, sharing, overrides) for reqs in lists]
    assigned, proven = _assign(programs, transcript.taken, facts, time_limit)
    audited = []
    for reqs, program in zip(lists, programs, strict=True):
        items = leaf_items(program, transcript.taken, facts.canonical, assigned)
        result = evaluate(program.root, program.id, items, met=program.met, ignore=program.ignore)
        audited.append(
            ProgramAudit(reqs, result, program.group is not None, proven or program.group is None)
        )
    return Audit(tuple(audited), transcript, sharing, overrides, transcript.warnings)


def leaf_items(
    program: Program,
    taken: Sequence[Taken],
    canonical: Callable[[str], str],
    assigned: dict[str, list[Taken]],
) -> LeafItems:
    """Which subjects each leaf counts: under strict sharing the ones assigned to it."""
    index = ItemIndex(taken, canonical)

    def items(path: str, node: Node) -> list[Taken]:
        free = program.group is None or any(
            path == p or path.startswith(p + "/") for p in program.overlay
        )
        if not free:
            return assigned.get(path, [])
        return index.matching(node.req) if node.req is not None else []

    return items


def _assign(
    programs: Sequence[Program], taken: Sequence[Taken], facts: SubjectFacts, time_limit: float
) -> tuple[dict[str, list[Taken]], bool]:
    """Strict programs' best assignment: leaf path -> the subjects it counts; proven or not."""
    strict = [program for program in programs if program.group is not None]
    if not strict:
        return {}, True
    from solver.cpsat import cp_model  # OR-Tools only for strict sharing: free needs none
    from solver.degree.model import Encoder, new_degree_solver

    model = cp_model.CpModel()
    encoder = Encoder(
        model, taken, {item.key: True for item in taken}, facts.canonical, track_have=True
    )
    roots = [encoder.program(program).sat for program in strict]
    encoder.finish()
    have_weight = 1
    node_weight = sum(1 for _ in encoder.haves) * 10_000 + 1  # above any total of `have`
    root_weight = node_weight * (len(encoder.sats) + 1)
    model.maximize(
        root_weight * sum(_int(r) for r in roots)
        + node_weight * sum(_int(s) for s in encoder.sats)
        + have_weight * sum(_int(h) for h in encoder.haves)
    )
    solver = new_degree_solver(time_limit)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}, False  # nothing within the limit: every strict leaf counts nothing
    by_key = {item.key: item for item in taken}
    assigned: dict[str, list[Taken]] = {}
    for (key, path), literal in encoder.assigned.items():
        if solver.value(literal):
            assigned.setdefault(path, []).append(by_key[key])
    return assigned, status == cp_model.OPTIMAL


def _int(literal: Any) -> Any:
    return 1 if literal is True else 0 if literal is False else literal
