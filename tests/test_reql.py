"""Reading `.reql` lists: statements into trees (tables of input -> tree), FireRoad's quirks
repaired with warnings, malformed lists as one line naming file and line, hostile lists bounded."""

import pytest

from solver.degree.errors import RequirementsError
from solver.degree.reql import MAX_DEPTH, MAX_NODES, parse_reql
from solver.degree.tree import AttributeReq, Node, PlainReq, SubjectReq, Threshold, walk

HEAD = "X#,#X Major#,#Things#,#Bachelor of Things\nA description.\n\nmain\n\n\n"


def _main(statement: str, *more: str) -> Node:
    """The section `main` of a list whose definitions are these lines."""
    reqs = parse_reql(HEAD + "\n".join([f"main := {statement}", *more]), "x")
    return reqs.sections[0]


def S(number: str) -> Node:  # noqa: N802 - reads as the leaf it builds
    return Node(req=SubjectReq(number), line=7)


def _shape(node: Node) -> object:
    """A node without its titles and lines: what the statement means."""
    if node.req is not None:
        return (node.req, node.threshold, node.distinct)
    return (node.connection, tuple(_shape(c) for c in node.children), node.threshold, node.distinct)


GTE = lambda n, c="subjects": Threshold("GTE", n, c)  # noqa: E731

STATEMENTS = [
    ("6.100A", (SubjectReq("6.100A"), None, None)),
    (
        "6.100A, 6.1200",
        (
            "all",
            ((SubjectReq("6.100A"), None, None), (SubjectReq("6.1200"), None, None)),
            None,
            None,
        ),
    ),
    (
        "a/b/c{>=2}".replace("a", "1.01").replace("b", "1.02").replace("c", "1.03"),
        ("any", tuple((SubjectReq(f"1.0{i}"), None, None) for i in (1, 2, 3)), GTE(2), None),
    ),
    (
        "(6.100A/6.100L), 6.1200",
        (
            "all",
            (
                (
                    "any",
                    ((SubjectReq("6.100A"), None, None), (SubjectReq("6.100L"), None, None)),
                    None,
                    None,
                ),
                (SubjectReq("6.1200"), None, None),
            ),
            None,
            None,
        ),
    ),
    (
        '"CI-H"/"CI-HW"{>=2}',
        (
            "any",
            ((AttributeReq("CI-H"), None, None), (AttributeReq("CI-HW"), None, None)),
            GTE(2),
            None,
        ),
    ),
    ("HASS{>=8}", (AttributeReq("HASS"), GTE(8), None)),
    ("GIR:CAL1", (AttributeReq("GIR:CAL1"), None, None)),
    ('""3 additional subjects""{>=3}', (PlainReq("3 additional subjects"), GTE(3), None)),
    (
        "1.01, 1.02{>=36u}",
        (
            "all",
            ((SubjectReq("1.01"), None, None), (SubjectReq("1.02"), None, None)),
            GTE(36, "units"),
            None,
        ),
    ),
    (
        "1.01/1.02{=15u}",
        (
            "any",
            ((SubjectReq("1.01"), None, None), (SubjectReq("1.02"), None, None)),
            GTE(15, "units"),
            None,
        ),
    ),
    (
        "1.01/1.02{<=1}",
        (
            "any",
            ((SubjectReq("1.01"), None, None), (SubjectReq("1.02"), None, None)),
            Threshold("LTE", 1),
            None,
        ),
    ),
    (
        "1.01/1.02{>1}",
        (
            "any",
            ((SubjectReq("1.01"), None, None), (SubjectReq("1.02"), None, None)),
            Threshold("GT", 1),
            None,
        ),
    ),
    (
        "1.01, 1.02{>=0}",
        ("any", ((SubjectReq("1.01"), None, None), (SubjectReq("1.02"), None, None)), GTE(0), None),
    ),
    (
        "1.01/1.02/1.03{>=2|>=2}",
        ("any", tuple((SubjectReq(f"1.0{i}"), None, None) for i in (1, 2, 3)), GTE(2), GTE(2)),
    ),
    ("((1.01))", (SubjectReq("1.01"), None, None)),
    ("1.01 %% a comment, 1.02", (SubjectReq("1.01"), None, None)),
]


@pytest.mark.parametrize(("statement", "shape"), STATEMENTS)
def test_a_statement_reads_as_written(statement, shape):
    assert _shape(_main(statement)) == shape


def test_a_variable_is_its_definition_at_every_use_in_written_order():
    node = _main("b, a, a", 'a, "The A" := 1.01/1.02', "b := 1.03")
    assert [c.name for c in node.children] == ["b", "a", "a"]  # not FireRoad's order (quirk 1)
    assert node.children[1].title == "The A"
    assert node.children[1] is node.children[2]


def test_a_definition_that_is_one_variable_holds_it():
    node = _main("a{>=1}", "a := 1.01/1.02")
    assert node.req is None and [c.name for c in node.children] == ["a"]
    assert node.threshold == GTE(1)


def test_paths_count_each_node_among_its_parents_children():
    reqs = parse_reql(HEAD + "main := (1.01/1.02), 1.03", "x")
    paths = [path for path, _ in walk(reqs.root, "x")]
    assert paths == ["x", "x/0", "x/0/0", "x/0/0/0", "x/0/0/1", "x/0/1"]


def test_the_header_and_the_description():
    text = (
        "6-3#,#6-3 Major#,#CS#,#Bachelor of CS#,#url=https://e.x/y\n"
        "One\\ntwo\n\nmain\nIts desc\n\nmain := 1.01"
    )
    reqs = parse_reql(text, "major6-3")
    assert (reqs.short_title, reqs.medium_title, reqs.title_no_degree, reqs.title, reqs.url) == (
        "6-3",
        "6-3 Major",
        "CS",
        "Bachelor of CS",
        "https://e.x/y",
    )
    assert reqs.desc == "One\ntwo" and reqs.sections[0].desc == "Its desc"


def test_three_header_parts_are_short_medium_and_title():
    reqs = parse_reql(
        "GIRs#,#GIRs#,#General Institute Requirements\n\n\nmain\n\n\nmain := 1.01", "girs"
    )
    assert (reqs.title_no_degree, reqs.title) == ("", "General Institute Requirements")


def test_mojibake_is_repaired_in_titles_and_plain_strings():
    text = (
        HEAD.replace("Things#", "Things \u00e2\u0080\u0093 more#")
        + 'main := ""at least one \u00e2\u0089\u00a5 1""'
    )
    reqs = parse_reql(text, "x")
    assert reqs.title_no_degree == "Things \u2013 more"
    assert reqs.sections[0].req == PlainReq("at least one \u2265 1")


WARNINGS = [
    ("main := 1.01, 1.02/1.03", "x.reql:7: ',' and '/' mixed at one level"),
    ("main := 1.01\nnot a definition", "x.reql:8: a definition line without ':=' is skipped"),
    ("main := 21L640", "x.reql:7: '21L640' is neither a subject number"),
    ('main := "Elective subjects"', "x.reql:7: 'Elective subjects' is written in single quotes"),
    ('main := "UROP (credit/paid)""', "x.reql:7: unbalanced quotes around 'UROP (credit/paid)'"),
    ("main := 1.01\nmain := 1.02", "x.reql:8: main is defined again (first on line 7)"),
]


@pytest.mark.parametrize(("definitions", "warning"), WARNINGS)
def test_a_doubtful_list_reads_with_a_warning(definitions, warning):
    reqs = parse_reql(HEAD + definitions, "x")
    assert len(reqs.warnings) == 1 and reqs.warnings[0].startswith(warning)


def test_an_undefined_section_is_a_manual_requirement_named_in_a_warning():
    reqs = parse_reql("X#,#X\n\n\nmain\n\nother\nIts text\n\nmain := 1.01", "x")
    assert reqs.sections[1] == Node(
        req=PlainReq("other"), title="other", desc="Its text", name="other", line=6, plain=True
    )
    assert reqs.warnings == (
        "x.reql:6: top-level section 'other' is never defined: shown as a manual requirement",
    )


ERRORS = [
    ("main := (1.01, 1.02", "x.reql:7: a '(' is never closed"),
    ("main := 1.01)", "x.reql:7: a ')' closes nothing"),
    ("main := 1.01{>=x}", "x.reql:7: cannot read the modifier {>=x}"),
    ("main := 1.01{>=2", "x.reql:7: a '{' is never closed"),
    ("main := 1.01,, 1.02", "x.reql:7: ',' with nothing before it"),
    ("main := 1.01,", "x.reql:7: the statement ends with ','"),
    ("main := 1.01 (1.02)", "x.reql:7: a ',' or '/' is missing between '1.01' and a group"),
    ("main := ()", "x.reql:7: empty parentheses"),
    (
        "main := a\na := b\nb := main",
        "x.reql:7: main is defined through itself: main -> a -> b -> main",
    ),
    ("main := 1.01 := 1.02", "x.reql:7: more than one ':=' on a line"),
    ('main := "open', "x.reql:7: a quote is never closed"),
    (":= 1.01", "x.reql:7: a definition without a name"),
]


@pytest.mark.parametrize(("definitions", "error"), ERRORS)
def test_a_malformed_list_is_one_line_naming_file_and_line(definitions, error):
    with pytest.raises(RequirementsError) as raised:
        parse_reql(HEAD + definitions, "x")
    assert str(raised.value).startswith(error) and "\n" not in str(raised.value)


def test_a_definition_among_the_sections_says_what_is_missing():
    with pytest.raises(RequirementsError, match=r"x.reql:4: a definition among the top-level"):
        parse_reql("X#,#X\n\n\nmain := 1.01\n", "x")


def test_deep_parentheses_are_refused_without_exhausting_the_stack():
    with pytest.raises(RequirementsError, match="nested more than"):
        _main("(" * 5000 + "1.01" + ")" * 5000)


def test_a_long_chain_of_variables_is_refused_whatever_order_it_is_defined_in():
    chain = [f"v{i} := v{i + 1}" for i in range(3000)] + ["v3000 := 1.01"]
    for lines in (chain, list(reversed(chain))):
        with pytest.raises(RequirementsError, match=f"nested more than {MAX_DEPTH} deep"):
            _main("v0", *lines)


def test_a_list_that_expands_exponentially_is_refused():
    doubling = [f"v{i} := v{i + 1}, v{i + 1}" for i in range(40)] + ["v40 := 1.01"]
    with pytest.raises(RequirementsError, match=f"more than {MAX_NODES} requirements"):
        _main("v0", *doubling)


def test_a_huge_list_is_refused_before_reading():
    with pytest.raises(RequirementsError, match="at most 1 MiB"):
        parse_reql(HEAD + "main := " + "1.01/" * 300_000 + "1.02", "x")


def test_a_list_of_countless_sections_is_refused_and_its_warnings_capped():
    sections = "".join(f"s{i}\n\n" for i in range(MAX_NODES + 1))
    with pytest.raises(RequirementsError, match=f"more than {MAX_NODES} requirements"):
        parse_reql(f"X#,#X\n\n\n{sections}\n", "x")
    few = "".join(f"s{i}\n\n" for i in range(80))
    reqs = parse_reql(f"X#,#X\n\n\n{few}\n", "x")
    assert len(reqs.warnings) == 51 and reqs.warnings[-1] == "x.reql: and 30 more warnings"
