"""Prerequisites: the language parsed into a tree, and a student's status against brute force."""

import itertools
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrape.catalog_html import parse_catalog_page
from solver.catalog.prereqs import (
    GIR_NAMES,
    MAX_DEPTH,
    MAX_LENGTH,
    All,
    Coreq,
    Course,
    Either,
    Gir,
    Judged,
    Prereq,
    PrereqSyntaxError,
    count_prereqs,
    describe,
    parse_prereqs,
)
from solver.core.eligibility import Record, Status, coreq_ways, record_of, verdict
from solver.core.engine.ranking import rank_schedules
from solver.core.preferences import parse_preferences
from solver.core.resolve import build_request
from solver.errors import PreferencesError
from tests.factories import catalog, run_cli, saved, section, subject

REAL = Path(__file__).parents[1].parent / "shared" / "data" / "mit" / "hydrant"


C, Co, And, Or = Course, Coreq, All, Either  # short, so a tree fits on its line
POI = Judged("permission of instructor")


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("None", None),
        ("", None),
        ("6.100A", C("6.100A")),
        ("6.1200, (6.100A/6.1010)", And((C("6.1200"), Or((C("6.100A"), C("6.1010")))))),
        ("6.3900, 18.06/18.C06", And((C("6.3900"), Or((C("18.06"), C("18.C06")))))),
        ("Physics II (GIR)/6.100A/(''Coreq: 6.1903''/6.1904)/''permission of instructor''",
         Or((Gir("PHY2"), C("6.100A"), Or((Co("6.1903"), C("6.1904"))),
                 POI))),
        ("Calculus II (GIR), ''permission of instructor''", And((Gir("CAL2"), POI))),
        ("''Prereq: 10.213''/10.40/(5.601 AND 5.602)",
         Or((Judged("Prereq: 10.213"), C("10.40"), And((C("5.601"), C("5.602")))))),
        # The older catalogs' English
        ("18.03 or permission of instructor", Or((C("18.03"), POI))),
        ("15.501, 15.511, or 15.516", Or((C("15.501"), C("15.511"), C("15.516")))),
        ("6.100A; [8.01 and 18.01]", And((C("6.100A"), And((Co("8.01"), Co("18.01")))))),
        ("[6.9120]; or permission of instructor", Or((Co("6.9120"), POI))),
        ("Calculus II (GIR) and Physics I (GIR)", And((Gir("CAL2"), Gir("PHY1")))),
        # The official catalog's pages
        ("6.1000 or 6.100A; Coreq: 8.01", And((Or((C("6.1000"), C("6.100A"))), Co("8.01")))),
    ],
)  # fmt: skip
def test_parse(text: str, tree: Prereq | None) -> None:
    assert parse_prereqs(text) == tree


GIRS = [
    ("CAL1", "Calculus I"), ("CAL2", "Calculus II"), ("PHY1", "Physics I"),
    ("PHY2", "Physics II"), ("CHEM", "Chemistry"), ("BIOL", "Biology"), ("REST", "REST"),
    ("LAB", "Institute Lab"), ("LAB2", "Partial Lab"),
]  # fmt: skip


def test_every_gir_code_a_subject_may_carry_has_a_name():
    assert sorted(GIR_NAMES) == sorted(code for code, _ in GIRS)


@pytest.mark.parametrize(("code", "name"), GIRS)
def test_a_gir_is_described_by_its_name_as_mit_writes_it(code, name):
    assert describe(Gir(code)) == f"{name} (GIR)"
    assert parse_prereqs(f"{name} (GIR)") == Gir(code)


@pytest.mark.parametrize(
    "text",
    ["Single-variable calculus", "6.100A/", "(6.100A", "6.100A)", "6.100A 6.1200", "Poetry (GIR)",
     "[6.100A)"],
)  # fmt: skip
def test_prose_and_broken_text_are_refused(text: str) -> None:
    with pytest.raises(PrereqSyntaxError):
        parse_prereqs(text)


# Bounded: a hostile term file cannot make the parser, or any walk over a tree, run out of stack.

DEEP = "(" * 200 + "6.100A" + ")" * 200  # 406 characters: exit 70 everywhere before the bound


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (DEEP, f"nested deeper than {MAX_DEPTH} parentheses"),
        ("[" * 200 + "6.100A" + "]" * 200, f"nested deeper than {MAX_DEPTH} parentheses"),
        ("(" * 5000 + "6.100A" + ")" * 5000, f"longer than {MAX_LENGTH} characters"),
        ("/".join(["6.100A"] * 300), f"longer than {MAX_LENGTH} characters"),  # 2099 characters
    ],
)
def test_text_too_deep_or_too_long_is_prose(text: str, why: str) -> None:
    with pytest.raises(PrereqSyntaxError, match=why):
        parse_prereqs(text)


def test_the_bounds_leave_room_far_beyond_real_prerequisites() -> None:
    nested = "(" * MAX_DEPTH + "6.100A" + ")" * MAX_DEPTH
    assert parse_prereqs(nested) == C("6.100A")
    longest = "/".join(["6.100A"] * 285)  # 1994 characters
    assert parse_prereqs(longest) == Or(tuple([C("6.100A")] * 285))


def test_a_run_of_clauses_is_one_flat_group_not_a_deep_tree() -> None:
    # 500 clauses (1999 characters) nested 500 deep overflowed the stack when walked.
    tree = parse_prereqs(";".join(["6.1"] * 499 + ["6.2"]))
    assert tree == And((*[C("6.1")] * 499, C("6.2")))
    assert parse_prereqs("6.1; 6.2; or 6.3; or 6.4; 6.5") == And(
        (Or((And((C("6.1"), C("6.2"))), C("6.3"), C("6.4"))), C("6.5"))
    )
    record = Record(frozenset({"6.1"}), frozenset())
    assert verdict(tree, record) == verdict(C("6.2"), record)
    assert coreq_ways(tree, record, frozenset({Status.MET}), frozenset()) == ()
    assert describe(tree).endswith("6.1, 6.1, 6.2")


def test_count_prereqs_counts_a_hostile_text_as_prose() -> None:
    subjects = [subject("6.1210", prereqs=DEEP), subject("18.03", prereqs="18.02")]
    assert count_prereqs(subjects) == (1, ["6.1210"])


def test_a_saved_catalog_with_a_hostile_text_shows_it_as_judged_by_a_person(tmp_path) -> None:
    hostile = subject("6.1210", section("L01", ("TR", "11:00", "12:30")), prereqs=DEEP,
                      hass=["H"])  # fmt: skip
    path = saved(catalog(hostile, subject("6.100A", section("L01", ("M", "9:00", "10:00")))),
                 tmp_path)  # fmt: skip
    code, out, err = run_cli("show", "6.1210", "--catalog", path)
    assert (code, err) == (0, "") and "prereqs: ((((" in out
    code, out, err = run_cli("show", "6.1210", "--taken", "6.100A", "--catalog", path)
    assert (code, err) == (0, "") and "for you: prerequisites met only with ((((" in out
    code, out, err = run_cli("search", "--hass", "H", "--can-take", "permission", "--taken",
                             "6.100A", "--catalog", path)  # fmt: skip
    assert (code, err) == (0, "") and out.startswith("number") and "6.1210" in out


# Random trees: written in the language, parsed back; statuses against brute force.

NUMBERS = ["6.100A", "6.1200", "18.06", "8.01"]
leaves = st.one_of(
    st.sampled_from(NUMBERS).map(Course),
    st.sampled_from(NUMBERS).map(Coreq),
    st.sampled_from(["CAL1", "PHY2"]).map(Gir),
    st.just(Judged("permission of instructor")),
)


def trees_of(leaf: st.SearchStrategy[Prereq], max_leaves: int) -> st.SearchStrategy[Prereq]:
    """Random trees: leaves joined by All and Either of two or three parts."""
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(lambda parts: All(tuple(parts))),
            st.lists(inner, min_size=2, max_size=3).map(lambda parts: Either(tuple(parts))),
        ),
        max_leaves=max_leaves,
    )


trees = trees_of(leaves, 8)


def written(tree: Prereq, nested: bool = False) -> str:
    """The tree in Hydrant's notation, parenthesising every nested group."""
    match tree:
        case Course(number):
            return number
        case Coreq(number):
            return f"''Coreq: {number}''"
        case Gir(code):
            return f"{GIR_NAMES[code]} (GIR)"
        case Judged(text):
            return f"''{text}''"
        case All(parts) | Either(parts):
            text = ("," if isinstance(tree, All) else "/").join(written(p, True) for p in parts)
            return f"({text})" if nested else text
    raise AssertionError(tree)


@given(trees)
def test_written_trees_parse_back(tree: Prereq) -> None:
    assert parse_prereqs(written(tree)) == tree


def ways(tree: Prereq) -> list[list[Prereq]]:
    """The tree in disjunctive normal form: each way is a list of leaves that must all hold."""
    match tree:
        case All(parts):
            return [sum(combo, []) for combo in itertools.product(*map(ways, parts))]
        case Either(parts):
            return [way for part in parts for way in ways(part)]
    return [[tree]]


def brute_status(tree: Prereq, taken: set[str], girs: set[str], alongside: set[str]) -> Status:
    def holds(leaf: Prereq) -> bool | None:  # None: a person decides
        match leaf:
            case Course(number):
                return number in taken
            case Coreq(number):
                return number in taken or number in alongside
            case Gir(code):
                return code in girs
        return None

    best = Status.NOT_MET
    for way in ways(tree):
        results = [holds(leaf) for leaf in way]
        if all(r is True for r in results):
            return Status.MET
        if all(r is not False for r in results):
            best = Status.PERMISSION
    return best


@settings(max_examples=300)
@given(
    trees,
    st.sets(st.sampled_from(NUMBERS)),
    st.sets(st.sampled_from(["CAL1", "PHY2"])),
    st.sets(st.sampled_from(NUMBERS)),
)
def test_status_agrees_with_brute_force(tree, taken, girs, alongside) -> None:
    found = verdict(tree, Record(frozenset(taken), frozenset(girs)), frozenset(alongside))
    assert found.status == brute_status(tree, taken, girs, alongside)
    assert (found.missing == ()) == (found.status is Status.MET)


CATALOG = catalog(
    subject("6.1210", title="Introduction to Algorithms", old_number="6.006",
            prereqs="6.100A, (6.1200/(6.120A, (6.3700/18.600)))"),
    subject("6.100A", title="Introduction to Programming", old_number="6.0001"),
    subject("8.01", title="Physics I", gir=["PHY1"]),
    subject("6.1903", title="Low-level Programming", same_as=["18.1903"]),
)  # fmt: skip


def test_record_counts_old_joint_numbers_and_girs() -> None:
    record = record_of(CATALOG, ["6.0001", "8.01", "18.1903", "calculus i (gir)", "CAL2"])
    assert record.numbers == {"6.0001", "6.100A", "8.01", "18.1903", "6.1903"}
    assert record.girs == {"PHY1", "CAL1", "CAL2"}


def test_status_of_algorithms_names_what_is_missing() -> None:
    tree = parse_prereqs(CATALOG.subject("6.1210").prereqs)
    assert verdict(tree, record_of(CATALOG, ["6.100A", "6.1200"])).status is Status.MET
    assert verdict(tree, record_of(CATALOG, ["6.0001", "6.120A", "18.600"])).status is Status.MET
    lacking = verdict(tree, record_of(CATALOG, ["6.100A"]))
    assert lacking == verdict(tree, record_of(CATALOG, ["6.0001"]))
    assert lacking.status is Status.NOT_MET
    assert lacking.missing == ("one of 6.1200 / (6.120A, (6.3700 / 18.600))",)


@pytest.mark.parametrize("term", ["s26", "s25", "f24", "i26", "f22"])
def test_real_prerequisites_parse_but_for_a_few_prose_ones(term: str) -> None:
    path = REAL / f"{term}.json"
    if not path.exists():
        pytest.skip(
            f"real Hydrant data not found at {path} (../shared/data/mit is not checked out)"
        )
    texts = [c.get("prereqs") or "" for c in json.loads(path.read_bytes())["classes"].values()]
    failed = []
    for text in texts:
        try:
            parse_prereqs(text)
        except PrereqSyntaxError:
            failed.append(text)
    # The prose ones (README, "Prerequisites"): 16 in s26, 9 in s25, 2 in f24, 3 in i26, 43 in
    # the English of f22.
    assert len(failed) == {"s26": 16, "s25": 9, "f24": 2, "i26": 3, "f22": 43}[term]


# An elective group `{hass: any, prereqs: met}` picks exactly the subjects the student can take.

POOL = ["21A.100", "21G.200", "21H.300", "21L.400", "21M.500"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.none(), trees), min_size=len(POOL), max_size=len(POOL)),
    st.sets(st.sampled_from(NUMBERS)),
    st.sampled_from(["met", "permission"]),
)
def test_prereqs_filter_picks_exactly_what_brute_force_allows(prereqs, taken, level) -> None:
    # Each elective meets alone in its own hour, so any of them fits beside 8.01 (required).
    hass = [
        subject(number, section("L01", ("M", f"{9 + k}:00", f"{10 + k}:00")), hass=["H"],
                prereqs=written(tree) if tree else "None")
        for k, (number, tree) in enumerate(zip(POOL, prereqs, strict=True))
    ]  # fmt: skip
    required = subject("8.01", section("L01", ("T", "09:00", "10:00")))
    cat = catalog(required, *hass)
    text = yaml.safe_dump(
        {
            "required": ["8.01"],
            "taken": sorted(taken),
            "electives": [{"pick": 1, "from": {"hass": "any", "prereqs": level}}],
            "top": 10,
        }
    )
    prefs, source = parse_preferences(text, "random.yaml")
    allowed = {Status.MET} if level == "met" else {Status.MET, Status.PERMISSION}
    expected = {
        s.number
        for s, tree in zip(hass, prereqs, strict=True)
        if tree is None or brute_status(tree, taken, set(), {"8.01"}) in allowed
    }
    try:
        request = build_request(prefs, source, cat)
    except PreferencesError as error:
        assert expected == set() and "matches its filter" in str(error)
        return
    result = rank_schedules(request, top=10, by="subjects")
    picked = {c for r in result.schedules for c in r.schedule.courses} - {"8.01"}
    assert picked == expected


def test_count_prereqs_counts_read_ones_and_names_the_prose() -> None:
    subjects = [
        subject("6.1210", prereqs="6.100A, 6.1200"),
        subject("18.03", prereqs="None"),
        subject("6.S977", prereqs="2 introductory courses in machine learning"),
        subject("21M.301", prereqs="''Permission of instructor''"),
    ]
    assert count_prereqs(subjects) == (2, ["6.S977"])


def test_catalog_page_prerequisites_parse_into_the_same_tree() -> None:
    fixtures = Path(__file__).parent / "fixtures" / "catalog"
    texts = []
    for page in sorted(fixtures.glob("m*.html")):
        html = page.read_text(encoding="utf-8")
        texts += [s.prereqs for s in parse_catalog_page(html, url=page.as_uri()).subjects]
    assert len(texts) > 10
    assert count_prereqs(subject(f"1.{k}", prereqs=t) for k, t in enumerate(texts))[1] == []
    assert "6.1000 or 6.100A; Coreq: 8.01" in texts


# Coreqs among the electives: one may be taken because another is taken the same term.

TWINS = ["21A.100", "21G.200", "21H.300", "21L.400"]
twin_leaves = st.one_of(
    st.sampled_from(NUMBERS).map(Course),
    st.sampled_from([*TWINS, "8.01", "6.100A"]).map(Coreq),
    st.just(Judged("permission of instructor")),
)
twin_trees = trees_of(twin_leaves, 5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.none(), twin_trees), min_size=len(TWINS), max_size=len(TWINS)),
    st.sets(st.sampled_from(NUMBERS)),
    st.sampled_from(["met", "permission"]),
)
def test_coreqs_among_electives_give_exactly_the_sets_brute_force_allows(prereqs, taken, level):
    hass = [
        subject(number, section("L01", ("W", f"{9 + k}:00", f"{10 + k}:00")), hass=["H"],
                prereqs=written(tree) if tree else "None")
        for k, (number, tree) in enumerate(zip(TWINS, prereqs, strict=True))
    ]  # fmt: skip
    cat = catalog(subject("8.01", section("L01", ("T", "09:00", "10:00"))), *hass)
    text = yaml.safe_dump(
        {
            "required": ["8.01"],
            "taken": sorted(taken),
            "electives": [{"min": 0, "max": 4, "from": {"hass": "any", "prereqs": level}}],
            "top": 20,
        }
    )
    prefs, source = parse_preferences(text, "random.yaml")
    allowed = {Status.MET} if level == "met" else {Status.MET, Status.PERMISSION}
    trees = dict(zip(TWINS, prereqs, strict=True))
    expected = {
        frozenset(chosen)
        for size in range(len(TWINS) + 1)
        for chosen in itertools.combinations(TWINS, size)
        if all(
            trees[n] is None or brute_status(trees[n], taken, set(), {*chosen, "8.01"}) in allowed
            for n in chosen
        )
    }
    try:
        request = build_request(prefs, source, cat)
    except PreferencesError:  # no subject of the filter can ever be taken
        assert expected == {frozenset()}
        return
    result = rank_schedules(request, top=20, by="subjects")
    found = {frozenset(r.schedule.courses) - {"8.01"} for r in result.schedules}
    assert found == expected
