"""The subjects a plan may place: every subject a term file knows that counts toward a leaf of
the programs, the subjects wanted, fixed or liked, and the prerequisites of all of them (to a
bounded depth), each with its offering in every planned term and its prerequisite tree.

Subjects alike in everything the plan looks at (the leaves they count toward, units, hours, lab
half, offering, prerequisites) are interchangeable: only as many of a kind are kept as the
programs could ever count, so the model stays small and no plan is lost.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from solver.catalog.prereqs import All, Coreq, Course, Either, Gir, Prereq, describe
from solver.catalog.schema import number_order
from solver.core.eligibility import prereq_tree
from solver.degree.evaluate import ItemIndex
from solver.degree.facts import SubjectFacts
from solver.degree.offering import Offer, offer
from solver.degree.program import Program
from solver.degree.transcript import Taken
from solver.degree.tree import SubjectReq, room, walk

PREREQ_DEPTH = 4  # prerequisites of prerequisites, this deep: MIT's chains are shorter


@dataclass(frozen=True)
class Candidate:
    item: Taken  # as the audit counts it; `key` is its current number
    title: str
    hours: int  # expected hours a week (units when no evaluations say)
    prereq: Prereq | None
    offers: tuple[Offer, ...]  # one per planned term
    named: bool  # wanted, fixed or liked: never merged with others of its kind
    kind: int = 0  # candidates of one kind are interchangeable: the plan sees the kind
    alike: tuple[str, ...] = ()  # every subject of its kind (those kept and those not)

    @property
    def key(self) -> str:
        return self.item.key


@dataclass(frozen=True)
class Wanted:
    want: frozenset[str] = frozenset()
    fixed: frozenset[str] = frozenset()
    likes: frozenset[str] = frozenset()
    avoid: frozenset[str] = frozenset()


def build_pool(
    programs: Sequence[Program],
    taken: Sequence[Taken],
    facts: SubjectFacts,
    terms: Sequence[str],
    wanted: Wanted,
    by_hours: bool = False,
) -> list[Candidate]:
    """The candidates, in number order."""
    done = {item.key for item in taken} | {n for item in taken for n in item.also}
    everything = {facts.canonical(n) for n in facts.subjects}
    for program in programs:
        for _, node in walk(program.root, program.id):
            if isinstance(node.req, SubjectReq):
                everything.add(facts.canonical(node.req.number))
    items = {key: _item(key, facts) for key in everything - done}
    where = _where(programs, items.values(), facts)
    named = wanted.want | wanted.fixed | wanted.likes
    chosen = ({key for key in where} | named) - done - (wanted.avoid - named)
    for key in named - done:
        items.setdefault(key, _item(key, facts))
    needed, girs = _prereq_closure(chosen, items, facts, taken, wanted.avoid)
    pool = [
        _candidate(items[key], facts, terms, key in named)
        for key in sorted(chosen | needed | girs, key=number_order)
        if key in items
    ]
    return _kinds(pool, where, needed | named, programs, by_hours)


def _item(key: str, facts: SubjectFacts) -> Taken:
    known = facts.get(key)
    units = known.units if known and known.units is not None else 12
    half = bool(known and "LAB2" in known.girs and "LAB" not in known.girs)
    attributes = known.attributes if known else frozenset()
    return Taken(key, key, key, units, attributes, half_lab=half)


def _candidate(item: Taken, facts: SubjectFacts, terms: Sequence[str], named: bool) -> Candidate:
    known = facts.get(item.key)
    hours = round(known.hours) if known and known.hours is not None else item.units
    return Candidate(
        item,
        known.title if known else "",
        hours,
        _current(prereq_tree(known.prereqs), facts) if known else None,
        tuple(offer(known, term, facts.terms) for term in terms),
        named,
    )


def _where(
    programs: Sequence[Program], items: Iterable[Taken], facts: SubjectFacts
) -> dict[str, tuple[str, ...]]:
    index = ItemIndex(items, facts.canonical)
    where: dict[str, list[str]] = {}
    for program in programs:
        for path, node in walk(program.root, program.id):
            if node.req is not None and path not in program.ignore:
                for item in index.matching(node.req):
                    where.setdefault(item.key, []).append(path)
    return {key: tuple(paths) for key, paths in where.items()}


def _prereq_closure(
    chosen: set[str],
    items: dict[str, Taken],
    facts: SubjectFacts,
    taken: Sequence[Taken],
    avoid: frozenset[str],
) -> tuple[set[str], set[str]]:
    """Subjects that prerequisites of the chosen ones name, not taken, to `PREREQ_DEPTH`; and
    subjects carrying a GIR they ask for (`Physics II (GIR)`) that nothing taken fulfils."""
    done = {n for item in taken for n in (item.key, *item.also)}
    have = {a for item in taken for a in item.attributes}
    named: set[str] = set()
    girs: set[str] = set()
    frontier = set(chosen)
    for _ in range(PREREQ_DEPTH):
        by_number: set[str] = set()
        by_gir: set[str] = set()
        for key in frontier:
            known = facts.get(key)
            tree = prereq_tree(known.prereqs) if known else None
            for number in prereq_numbers(tree):
                canonical = facts.canonical(number)
                if canonical not in done and canonical not in avoid and facts.knows(canonical):
                    by_number.add(canonical)
            for code in gir_codes(tree):
                attribute = f"GIR:{'LAB' if code == 'LAB2' else code}"
                if attribute not in have:
                    have.add(attribute)  # each GIR's subjects are looked up once
                    by_gir |= {
                        n for n, f in facts.subjects.items()
                        if attribute in f.attributes and n not in done and n not in avoid
                    }  # fmt: skip
        for key in by_number | by_gir:
            items.setdefault(key, _item(key, facts))
        frontier = (by_number | by_gir) - named - girs - chosen
        named |= by_number
        girs |= by_gir
        if not frontier:
            break
    return named, girs


def _current(tree: Prereq | None, facts: SubjectFacts) -> Prereq | None:
    """The tree with every subject under its current number (6.006 is 6.1210)."""
    match tree:
        case Course(number):
            return Course(facts.canonical(number))
        case Coreq(number):
            return Coreq(facts.canonical(number))
        case All(parts):
            return All(tuple(_current(part, facts) for part in parts))  # type: ignore[misc]
        case Either(parts):
            return Either(tuple(_current(part, facts) for part in parts))  # type: ignore[misc]
    return tree


def prereq_numbers(tree: Prereq | None) -> Iterable[str]:
    """The subjects a prerequisite tree names (as prerequisites or co-requisites)."""
    match tree:
        case Course(number) | Coreq(number):
            yield number
        case All(parts) | Either(parts):
            for part in parts:
                yield from prereq_numbers(part)


def gir_codes(tree: Prereq | None) -> Iterable[str]:
    """The GIRs a prerequisite tree names."""
    match tree:
        case Gir(code):
            yield code
        case All(parts) | Either(parts):
            for part in parts:
                yield from gir_codes(part)


def _kinds(
    pool: list[Candidate],
    where: dict[str, tuple[str, ...]],
    apart: set[str],
    programs: Sequence[Program],
    by_hours: bool,
) -> list[Candidate]:
    """Keep of each kind only as many as the programs could count; a subject another one's
    prerequisites name, or one named in the file, is a kind of its own."""
    caps = _caps(programs)
    kinds: dict[object, list[Candidate]] = {}
    for candidate in pool:
        item = candidate.item
        if candidate.key in apart or candidate.named:
            kind: object = candidate.key
        else:
            kind = (
                where.get(item.key, ()),
                item.units,
                candidate.hours if by_hours else 0,
                item.half_lab,
                item.attributes,
                tuple((offer.offered, offer.uncertain) for offer in candidate.offers),
                describe(candidate.prereq) if candidate.prereq else "",
            )
        kinds.setdefault(kind, []).append(candidate)
    kept: list[Candidate] = []
    for kind, members in kinds.items():
        if isinstance(kind, str):
            kept += [replace(m, kind=len(kept) + 1, alike=(m.key,)) for m in members]
            continue
        # One of a kind that counts nowhere is enough: it stands for a GIR a prerequisite asks.
        most = sum(caps.get(path, 1) for path in where.get(members[0].key, ())) or 1
        keep = math.ceil(most * 12 / max(members[0].item.units, 1))
        alike = tuple(m.key for m in members)
        kept += [replace(m, kind=len(kept) + 1, alike=alike) for m in members[:keep]]
    return sorted(kept, key=lambda c: number_order(c.key))


def _caps(programs: Sequence[Program]) -> dict[str, int]:
    """For each leaf, how many subjects it could ever help count: the largest room of a node
    with a threshold above it (or itself), else one."""
    caps: dict[str, int] = {}
    for program in programs:
        rooms = {path: room(node) for path, node in walk(program.root, program.id)
                 if node.threshold is not None}  # fmt: skip
        for path, node in walk(program.root, program.id):
            if node.req is None:
                continue
            above = [r for p, r in rooms.items() if path == p or path.startswith(p + "/")]
            caps[path] = max([1, *above])
    return caps
