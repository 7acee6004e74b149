"""The audit's answers against brute force on small random lists and transcripts: the strict
assignment's standing (programs satisfied, then nodes, then total have) against every
assignment; the fewest-left count against every set of further subjects; and the free
evaluation against a second, independent reading of MIT-FORMATS section 5's rules."""

import itertools
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.catalog.schema import Catalog, Subject, Units
from solver.degree.audit import audit, leaf_items, program_of
from solver.degree.evaluate import Result, evaluate, evaluate_assumed, matches
from solver.degree.facts import build_facts
from solver.degree.left import fewest_left
from solver.degree.sharing import FREE, Overrides, Sharing, strict_sharing
from solver.degree.transcript import Entry, build_transcript
from solver.degree.tree import AttributeReq, Node, PlainReq, ReqList, SubjectReq, Threshold, walk

NUMBERS = ["1.01", "1.02", "1.03", "1.04", "1.05", "1.06"]
CATALOG = Catalog(
    term="2026SP",
    source="test",
    fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
    subjects=[
        Subject(number="1.01", title="a", units=Units(lecture=12), hass=("H",)),
        Subject(number="1.02", title="b", units=Units(lecture=6), gir=("LAB2",)),
        Subject(number="1.03", title="c", units=Units(lecture=12), gir=("LAB",), ci="CI-HW"),
        Subject(number="1.04", title="d", units=Units(lecture=9), hass=("E",), ci="CI-H"),
        Subject(number="1.05", title="e", units=Units(lecture=12), gir=("LAB2",), hass=("H",)),
        Subject(number="1.06", title="f", units=Units(lecture=6), old_number="1.60"),
    ],
)
FACTS = build_facts([CATALOG])

leaf = st.one_of(
    st.sampled_from([*NUMBERS, "1.60"]).map(lambda n: Node(req=SubjectReq(n))),
    st.sampled_from(["HASS", "HASS-H", "CI-H", "CI-HW", "GIR:LAB"]).map(
        lambda c: Node(req=AttributeReq(c))
    ),
    st.just(Node(req=PlainReq("a person judges"))),
)
threshold = st.one_of(
    st.none(),
    st.builds(Threshold, st.sampled_from(["GTE", "GT", "LTE"]), st.integers(0, 3)),
    st.builds(Threshold, st.just("GTE"), st.sampled_from([12, 18, 24]), st.just("units")),
)


def _group(children: list[Node]) -> st.SearchStrategy[Node]:
    return st.builds(
        Node,
        connection=st.sampled_from(["all", "any"]),
        children=st.just(tuple(children)),
        threshold=threshold,
        distinct=st.one_of(st.none(), st.builds(Threshold, st.just("GTE"), st.integers(1, 2))),
    )


tree = st.recursive(
    leaf, lambda inner: st.lists(inner, min_size=1, max_size=3).flatmap(_group), max_leaves=6
)
lists = st.lists(tree, min_size=1, max_size=3).map(lambda s: ReqList("p", sections=tuple(s)))
taken = st.lists(st.sampled_from([*NUMBERS, "1.60"]), max_size=4, unique=True)
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _score(result: Result) -> tuple[int, int, int]:
    nodes = list(_all(result))
    return int(result.satisfied), sum(r.satisfied for r in nodes), sum(r.have for r in nodes)


def _all(result: Result):
    yield result
    for child in result.children:
        yield from _all(child)


def _brute_strict(reqs: ReqList, items, assume: bool = False):
    """Every assignment of each subject to one matching leaf or none: the best standing."""
    leaves = [(path, node) for path, node in walk(reqs.root, reqs.id) if node.req is not None]
    options = [
        [None, *(p for p, n in leaves if matches(n.req, item, FACTS.canonical))] for item in items
    ]
    best = None
    for choice in itertools.product(*options):
        assigned = {}
        for item, path in zip(items, choice, strict=True):
            if path is not None:
                assigned.setdefault(path, []).append(item)
        run = evaluate_assumed if assume else evaluate
        result = run(reqs.root, reqs.id, lambda path, node, a=assigned: a.get(path, []))
        score = _score(result)
        best = score if best is None or score > best else best
    return best


@FAST
@given(lists, taken)
def test_strict_assignment_is_the_best_of_all_assignments(reqs, numbers):
    transcript = build_transcript([Entry(n) for n in numbers], FACTS)
    done = audit([reqs], transcript, FACTS, sharing=strict_sharing(["p"]), time_limit=20)
    assert done.programs[0].proven
    assert _score(done.programs[0].result) == _brute_strict(reqs, list(transcript.taken))


@FAST
@given(lists, taken, st.booleans())
def test_fewest_left_is_the_fewest_of_all_sets(reqs, numbers, strict):
    transcript = build_transcript([Entry(n) for n in numbers], FACTS)
    sharing = strict_sharing(["p"]) if strict else FREE
    done = audit([reqs], transcript, FACTS, sharing=sharing, time_limit=20)
    left = fewest_left(done, CATALOG, FACTS, time_limit=20)
    taken_keys = {item.key for item in transcript.taken}
    others = [n for n in NUMBERS if n not in taken_keys]
    fewest = None
    for size in range(len(others) + 1):
        for extra in itertools.combinations(others, size):
            more = build_transcript([Entry(n) for n in [*numbers, *extra]], FACTS)
            if strict:
                ok = _brute_strict(reqs, list(more.taken), assume=True)[0] == 1
            else:
                program = program_of(reqs, FREE, Overrides())
                items = leaf_items(program, more.taken, FACTS.canonical, {})
                ok = evaluate_assumed(reqs.root, "p", items).satisfied
            if ok:
                fewest = size
                break
        if fewest is not None:
            break
    assert left.fewest == fewest
    if fewest is not None:
        assert left.proven and len(left.witness) == fewest


# A second reading of the free rules, written apart from solver.degree.evaluate.
def _second(node: Node, items: list) -> tuple[bool, set[str]]:
    """(satisfied, keys passed upward) of a node, by the rules' text."""
    if node.req is not None:
        if isinstance(node.req, PlainReq):
            here: set[str] = set()
        else:
            here = {i.key for i in items if matches(node.req, i, FACTS.canonical)}
        parts: list[tuple[bool, set[str]]] = []
    else:
        parts = [_second(child, items) for child in node.children]
        here = set().union(*(keys for _, keys in parts)) if parts else set()
    units = {i.key: i.units for i in items}
    t = node.threshold
    if t is not None:
        size = sum(units[k] for k in here) if t.criterion == "units" else len(here)
        bound = {"GTE": t.cutoff, "GT": t.cutoff + 1, "LTE": t.cutoff, "LT": t.cutoff - 1}[t.op]
        if t.op in ("LTE", "LT"):
            order = sorted(here, key=lambda k: (-units[k], [int(x) for x in k.split(".")]))
            kept, total = set(), 0
            for key in order:
                step = units[key] if t.criterion == "units" else 1
                if total + step <= bound:
                    kept.add(key)
                    total += step
            ok = node.connection == "any" or all(s for s, _ in parts)
            return ok and _distinct_second(node, parts), kept
        ok = size >= bound and (node.connection == "any" or all(s for s, _ in parts))
        return ok and _distinct_second(node, parts), here
    if node.req is not None:
        if isinstance(node.req, AttributeReq) and node.req.code == "GIR:LAB":
            halves = [i for i in items if i.key in here and i.half_lab]
            return len(here) - len(halves) >= 1 or len(halves) >= 2, here
        return bool(here), here
    if node.connection == "all":
        return all(s for s, _ in parts) and _distinct_second(node, parts), here
    return any(s for s, _ in parts) and _distinct_second(node, parts), here


def _distinct_second(node: Node, parts: list[tuple[bool, set[str]]]) -> bool:
    """k children with k different subjects: tried over every choice of children and subjects."""
    if node.distinct is None:
        return True
    k = node.distinct.cutoff
    for chosen in itertools.combinations(range(len(parts)), k):
        for pick in itertools.product(*(sorted(parts[i][1]) for i in chosen)):
            if len(set(pick)) == k:
                return True
    return k <= 0


@settings(max_examples=100, deadline=None)
@given(lists, taken)
def test_free_evaluation_agrees_with_a_second_reading(reqs, numbers):
    transcript = build_transcript([Entry(n) for n in numbers], FACTS)
    items = list(transcript.taken)
    result = audit([reqs], transcript, FACTS).programs[0].result
    for path, node in walk(reqs.root, "p"):
        found = next(r for r in _all(result) if r.path == path)
        satisfied, keys = _second(node, items)
        assert (found.satisfied, {i.key for i in found.counted}) == (satisfied, keys), path


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lists, lists, taken)
def test_programs_strict_together_share_no_subject_and_get_the_best_assignment(one, two, numbers):
    first, second = ReqList("a", sections=one.sections), ReqList("b", sections=two.sections)
    transcript = build_transcript([Entry(n) for n in numbers], FACTS)
    together = Sharing(frozenset({"a", "b"}), together=True)
    done = audit([first, second], transcript, FACTS, sharing=together, time_limit=20)
    scores = [_score(p.result) for p in done.programs]
    found = tuple(sum(s[i] for s in scores) for i in range(3))
    leaves = [(path, node) for reqs in (first, second) for path, node in walk(reqs.root, reqs.id)
              if node.req is not None]  # fmt: skip
    items = list(transcript.taken)
    options = [[None, *(p for p, n in leaves if matches(n.req, item, FACTS.canonical))]
               for item in items]  # fmt: skip
    best = None
    for choice in itertools.product(*options):
        assigned: dict[str, list] = {}
        for item, path in zip(items, choice, strict=True):
            if path is not None:
                assigned.setdefault(path, []).append(item)
        results = [evaluate(r.root, r.id, lambda path, node, a=assigned: a.get(path, []))
                   for r in (first, second)]  # fmt: skip
        score = tuple(sum(_score(r)[i] for r in results) for i in range(3))
        best = score if best is None or score > best else best
    assert found == best


MANY = Catalog(
    term="2026SP", source="test", fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
    subjects=[Subject(number=f"21H.{i:02}", title="h", units=Units(lecture=12), hass=("H",))
              for i in range(8)]
    + [Subject(number=f"21A.{i:02}", title="a", units=Units(lecture=6), hass=("A",), ci="CI-H")
       for i in range(8)],
)  # fmt: skip
MANY_FACTS = build_facts([MANY])
attribute_leaf = st.sampled_from(["HASS", "HASS-H", "HASS-A", "CI-H"]).map(
    lambda c: Node(req=AttributeReq(c))
)
attribute_tree = st.recursive(
    attribute_leaf, lambda inner: st.lists(inner, min_size=1, max_size=3).flatmap(_group),
    max_leaves=4,
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(attribute_tree, min_size=1, max_size=2), st.booleans())
def test_keeping_a_few_subjects_of_each_kind_loses_no_answer(sections, strict):
    """Sixteen subjects of two kinds: the search keeps only as many of a kind as the list
    could count, and still finds the fewest of all sets."""
    reqs = ReqList("p", sections=tuple(sections))
    transcript = build_transcript([], MANY_FACTS)
    sharing = strict_sharing(["p"]) if strict else FREE
    done = audit([reqs], transcript, MANY_FACTS, sharing=sharing, time_limit=20)
    left = fewest_left(done, MANY, MANY_FACTS, time_limit=20)
    numbers = [s.number for s in MANY.subjects]
    fewest = None
    for size in range(0, 6):
        # Subjects of one kind are alike but for their numbers: try each count of each kind.
        for h in range(size + 1):
            chosen = numbers[:h] + numbers[8 : 8 + size - h]
            if size - h > 8 or h > 8:
                continue
            more = build_transcript([Entry(n) for n in chosen], MANY_FACTS)
            if strict:
                ok = _brute_strict_with(reqs, list(more.taken), MANY_FACTS)
            else:
                items = leaf_items(
                    program_of(reqs, FREE, Overrides()), more.taken, MANY_FACTS.canonical, {}
                )
                ok = evaluate_assumed(reqs.root, "p", items).satisfied
            if ok:
                fewest = size
                break
        if fewest is not None:
            break
    if fewest is None:
        assert left.fewest is None or left.fewest > 5
    else:
        assert left.fewest == fewest


def _brute_strict_with(reqs: ReqList, items, facts) -> bool:
    leaves = [(path, node) for path, node in walk(reqs.root, reqs.id) if node.req is not None]
    options = [[None, *(p for p, n in leaves if matches(n.req, item, facts.canonical))]
               for item in items]  # fmt: skip
    for choice in itertools.product(*options):
        assigned: dict[str, list] = {}
        for item, path in zip(items, choice, strict=True):
            if path is not None:
                assigned.setdefault(path, []).append(item)
        run = evaluate_assumed(reqs.root, reqs.id, lambda path, node, a=assigned: a.get(path, []))
        if run.satisfied:
            return True
    return False
