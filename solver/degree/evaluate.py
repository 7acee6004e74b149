"""The rules of an audit, applied to one requirement tree given which subjects each leaf counts
(MIT-FORMATS section 5, "Evaluating an audit"). Free sharing hands every leaf all the subjects
that match it; strict sharing hands each leaf the subjects assigned to it. No solver here: this
is also the checker every solver answer is held to.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from solver.degree.transcript import Taken
from solver.degree.tree import (
    UNITS_PER_SUBJECT,
    AttributeReq,
    Node,
    PlainReq,
    Req,
    SubjectReq,
    Threshold,
)

LeafItems = Callable[[str, Node], Iterable[Taken]]


@dataclass(frozen=True, slots=True)
class Result:
    """One node's standing: `counted` is what passes upward (after an at-most cap)."""

    path: str
    node: Node
    satisfied: bool
    manual: bool
    met: bool
    counted: tuple[Taken, ...]
    have: int
    need: int
    children: tuple["Result", ...]


def matches(req: Req, item: Taken, canonical: Callable[[str], str]) -> bool:
    """Does a taken subject count toward a leaf? Old and joint numbers, petitions, attributes."""
    match req:
        case SubjectReq(number):
            wanted = canonical(number)
            return wanted == item.number or wanted in item.also
        case AttributeReq(code):
            return code in item.attributes
        case PlainReq():
            return False


class ItemIndex:
    """Which of many subjects count toward a leaf, by lookup rather than by trying each one."""

    def __init__(self, items: Iterable[Taken], canonical: Callable[[str], str]) -> None:
        self.canonical = canonical
        self.by_number: dict[str, list[Taken]] = {}
        self.by_attribute: dict[str, list[Taken]] = {}
        for item in items:
            for number in {item.number, *item.also} - {""}:
                self.by_number.setdefault(number, []).append(item)
            for code in item.attributes:
                self.by_attribute.setdefault(code, []).append(item)
        self._found: dict[Req, list[Taken]] = {}

    def matching(self, req: Req) -> list[Taken]:
        """The subjects that count toward a leaf asking `req`, in the order they were given."""
        if req not in self._found:
            match req:
                case SubjectReq(number):
                    found = self.by_number.get(self.canonical(number), [])
                case AttributeReq(code):
                    found = self.by_attribute.get(code, [])
                case PlainReq():
                    found = []
            self._found[req] = found
        return self._found[req]


def evaluate(
    root: Node,
    path: str,
    leaf_items: LeafItems,
    *,
    met: frozenset[str] = frozenset(),
    ignore: frozenset[str] = frozenset(),
) -> Result:
    """The standing of `root` (at `path`) and of every node under it. A node is `manual` when
    it is not satisfied but would be were each plain string under it signed off."""
    real = _Evaluation(leaf_items, met, ignore, assume_manual=False).node(root, path)
    assumed = _Evaluation(leaf_items, met, ignore, assume_manual=True).node(root, path)
    return _with_manual(real, assumed)


def evaluate_assumed(
    root: Node,
    path: str,
    leaf_items: LeafItems,
    *,
    met: frozenset[str] = frozenset(),
    ignore: frozenset[str] = frozenset(),
) -> Result:
    """The standing with every plain string signed off: what "what is left" asks of a program."""
    return _Evaluation(leaf_items, met, ignore, assume_manual=True).node(root, path)


def _with_manual(real: Result, assumed: Result) -> Result:
    children = tuple(
        _with_manual(r, a) for r, a in zip(real.children, assumed.children, strict=True)
    )
    manual = not real.satisfied and assumed.satisfied and not real.met
    return Result(
        real.path,
        real.node,
        real.satisfied,
        manual,
        real.met,
        real.counted,
        real.have,
        real.need,
        children,
    )


def count(items: Iterable[Taken], criterion: str) -> int:
    return sum(item.units for item in items) if criterion == "units" else len(list(items))


def capped(items: Iterable[Taken], threshold: Threshold) -> tuple[Taken, ...]:
    """What an at-most node passes upward: the subjects with the most units, then the lowest
    numbers, up to its bound (of units: each one that still fits)."""
    kept: list[Taken] = []
    total = 0
    for item in sorted(items, key=lambda i: i.order):
        size = item.units if threshold.criterion == "units" else 1
        if total + size <= threshold.bound:
            kept.append(item)
            total += size
    return tuple(kept)


def phantoms(path: str, need: int, criterion: str) -> tuple[Taken, ...]:
    """A node signed off counts toward its parents as its need, not as real subjects: that many
    stand-in subjects (of 12 units each; a need of units split into whole subjects)."""
    if criterion == "units":
        whole, rest = divmod(need, UNITS_PER_SUBJECT)
        sizes = [UNITS_PER_SUBJECT] * whole + ([rest] if rest else [])
    else:
        sizes = [UNITS_PER_SUBJECT] * need
    return tuple(Taken(f"{path}#{i}", "(met)", "", size) for i, size in enumerate(sizes))


def has_matching(sets: list[set[str]], wanted: int) -> bool:
    """Can `wanted` of the sets each get a different element of its own (augmenting paths)?"""
    owner: dict[str, int] = {}

    def augment(index: int, seen: set[str]) -> bool:
        for element in sorted(sets[index]):
            if element in seen:
                continue
            seen.add(element)
            if element not in owner or augment(owner[element], seen):
                owner[element] = index
                return True
        return False

    matched = sum(1 for index in range(len(sets)) if augment(index, set()))
    return matched >= wanted


class _Evaluation:
    def __init__(
        self,
        leaf_items: LeafItems,
        met: frozenset[str],
        ignore: frozenset[str],
        assume_manual: bool,
    ) -> None:
        self.leaf_items, self.met, self.ignore = leaf_items, met, ignore
        self.assume_manual = assume_manual

    def node(self, node: Node, path: str) -> Result:
        if path in self.ignore:
            return Result(path, node, True, False, False, (), 0, 0, ())
        result = self._leaf(node, path) if node.req is not None else self._group(node, path)
        if path in self.met:
            stand_ins = phantoms(path, result.need, _criterion(node))
            return Result(
                path, node, True, False, True, stand_ins, result.need, result.need, result.children
            )
        return result

    def _leaf(self, node: Node, path: str) -> Result:
        threshold = node.threshold
        if isinstance(node.req, PlainReq):
            items: tuple[Taken, ...] = ()
            if self.assume_manual and (threshold is None or threshold.at_least):
                items = phantoms(path, threshold.bound if threshold else 1, _criterion(node))
        else:
            items = tuple(sorted(set(self.leaf_items(path, node)), key=lambda i: i.key))
        if threshold is None:
            if isinstance(node.req, AttributeReq) and node.req.code == "GIR:LAB":
                whole = sum(1 for item in items if not item.half_lab)
                satisfied = whole >= 1 or len(items) - whole >= 2
            else:
                satisfied = bool(items)
            return Result(path, node, satisfied, False, False, items, int(satisfied), 1, ())
        return self._threshold(node, path, items, threshold, (), ())

    def _group(self, node: Node, path: str) -> Result:
        children = tuple(
            self.node(child, f"{path}/{index}")
            for index, child in enumerate(node.children)
            if f"{path}/{index}" not in self.ignore
        )
        pooled = tuple(sorted({i for c in children for i in c.counted}, key=lambda i: i.key))
        if node.threshold is not None:
            return self._threshold(node, path, pooled, node.threshold, children, children)
        if node.connection == "all":
            done = sum(1 for child in children if child.satisfied)
            satisfied = done == len(children) and self._distinct(node, children)
            return Result(
                path, node, satisfied, False, False, pooled, done, len(children), children
            )
        satisfied = any(child.satisfied for child in children) and self._distinct(node, children)
        return Result(path, node, satisfied, False, False, pooled, int(satisfied), 1, children)

    def _threshold(
        self,
        node: Node,
        path: str,
        items: tuple[Taken, ...],
        threshold: Threshold,
        children: tuple[Result, ...],
        parts: tuple[Result, ...],
    ) -> Result:
        total = count(items, threshold.criterion)
        bound = max(threshold.bound, 0)
        if not threshold.at_least:
            kept = capped(items, threshold)
            every = node.connection != "all" or all(child.satisfied for child in children)
            every = every and self._distinct(node, parts)
            return Result(path, node, every, False, False, kept, min(total, bound), bound, children)
        satisfied = total >= bound and self._distinct(node, parts)
        if node.connection == "all":
            satisfied = satisfied and all(child.satisfied for child in children)
        return Result(
            path, node, satisfied, False, False, items, min(total, bound), bound, children
        )

    def _distinct(self, node: Node, parts: tuple[Result, ...]) -> bool:
        """`{>=N|>=k}`: k of the children each own a different counted subject."""
        if node.distinct is None:
            return True
        sets = [{item.key for item in part.counted} for part in parts]
        return has_matching(sets, node.distinct.bound)


def _criterion(node: Node) -> str:
    return node.threshold.criterion if node.threshold is not None else "subjects"
