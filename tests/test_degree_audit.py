"""The audit's rules on tiny lists (MIT-FORMATS section 5): counting, distinct thresholds by
matching, caps, attributes, strict sharing, overrides, and what is left."""

import pytest

from solver.degree.audit import audit
from solver.degree.errors import AuditError
from solver.degree.left import fewest_left, subjects_toward
from solver.degree.sharing import Overrides, Sharing, strict_sharing
from solver.degree.transcript import Entry, build_transcript
from solver.render.audit import audit_document, render_audit
from tests.degree_helpers import CATALOG, FACTS, reql, transcript


def _root(definitions: str, taken: str, **how: object):
    return audit([reql(definitions)], transcript(taken), FACTS, **how).programs[0].result


def _main(definitions: str, taken: str, **how: object):
    return _root(definitions, taken, **how).children[0]


RULES = [
    # (definition of main, taken, satisfied, have, need)
    ("main := 1.01", "1.01", True, 1, 1),
    ("main := 1.01", "1.02", False, 0, 1),
    ("main := 1.01, 1.02", "1.01", False, 1, 2),
    ("main := 1.01/1.02", "1.02", True, 1, 1),
    ("main := 1.01/1.02/1.03{>=2}", "1.01 1.03", True, 2, 2),
    ("main := 1.01/1.02/1.03{>=24u}", "1.01 1.03", False, 18, 24),
    ("main := 1.01/1.02/1.04{>=24u}", "1.01 1.04", True, 24, 24),
    ("main := 1.01/1.02{>1}", "1.01 1.02", True, 2, 2),
    ("main := 1.01, 1.02{>=0}", "", True, 0, 0),
    ("main := 1.01/1.02{<=1}", "1.01 1.02", True, 1, 1),
    ("main := 1.01, 1.02, 1.03{>=2}", "1.01 1.02", False, 2, 2),  # `all` needs every child
    ('main := ""a person judges""', "1.01", False, 0, 1),
    ('main := ""up to three""{<=3}', "", True, 0, 3),
    ("main := 1.50", "1.05", True, 1, 1),  # an old number in a list counts as the new one
    ("main := 1.05", "1.50", True, 1, 1),  # and an old number taken counts as the new one
    ("main := 1.06", "2.06", True, 1, 1),  # a joint number
    ("main := HASS{>=2}", "21W.1 21W.2", True, 2, 2),  # HASS-E counts toward HASS
    ("main := HASS-H/HASS-A{>=2}", "21W.1 21W.2", False, 1, 2),  # but not toward H, A, S
    ('main := "CI-H"{>=2}', "21W.1 21W.2", True, 2, 2),  # a CI-HW subject is CI-H too
    ('main := "CI-HW"', "21W.2", False, 0, 1),
    ("main := GIR:LAB", "8.1", False, 0, 1),  # a LAB2 subject is half of GIR:LAB
    ("main := GIR:LAB", "8.1 8.2", True, 1, 1),
    ("main := GIR:LAB", "8.3", True, 1, 1),
    ("main := GIR:CAL2", "18.02", True, 1, 1),  # the science-core table: no term codes it
]


@pytest.mark.parametrize(("definition", "taken", "satisfied", "have", "need"), RULES)
def test_a_rule(definition, taken, satisfied, have, need):
    main = _main(definition, taken or "21W.3")
    assert (main.satisfied, main.have, main.need) == (satisfied, have, need)


def test_a_gir_written_as_taken_counts_for_its_attribute():
    assert _main("main := GIR:CAL1", "CAL1").satisfied
    taken = build_transcript([Entry("Physics I")], FACTS)
    assert audit([reql("main := GIR:PHY1")], taken, FACTS).programs[0].result.satisfied


def test_a_distinct_threshold_is_decided_by_a_matching_not_greedily():
    # Filling children in order would give 1.01 to `either` and leave `one` with nothing.
    definitions = "main := either, one{>=2|>=2}\neither := 1.01/1.02\none := 1.01"
    assert _main(definitions, "1.01 1.02").satisfied
    assert not _main(definitions, "1.01").satisfied


def test_an_at_most_cap_keeps_the_most_units_then_the_lowest_numbers():
    main = _main("main := 1.03/1.02/1.04/1.01{<=2}", "1.01 1.02 1.03 1.04")
    assert [item.key for item in main.counted] == ["1.04", "1.01"]


def test_free_sharing_counts_one_subject_toward_every_node_it_fits():
    result = (
        audit(
            [reql("main := 1.01/1.02\nsecond := 1.01/1.03", sections="main second")],
            transcript("1.01"),
            FACTS,
        )
        .programs[0]
        .result
    )
    assert result.satisfied


def test_strict_sharing_counts_each_subject_once_and_finds_the_assignment_that_works():
    reqs = reql("main := 1.01/1.02\nsecond := 1.01", sections="main second")
    done = audit([reqs], transcript("1.01 1.02"), FACTS, sharing=strict_sharing(["p"]))
    result = done.programs[0].result
    assert result.satisfied and done.programs[0].proven
    assert [i.key for i in result.children[0].counted] == ["1.02"]  # 1.01 went to `second`
    alone = audit([reqs], transcript("1.01"), FACTS, sharing=strict_sharing(["p"]))
    assert not alone.programs[0].result.satisfied
    assert [c.satisfied for c in alone.programs[0].result.children].count(True) == 1


def test_strict_among_programs_shares_nothing_across_them_and_the_girs_share_always():
    major, minor = reql("main := 1.01", "major"), reql("main := 1.01", "minor")
    girs = reql("main := 1.01", "girs")
    across = Sharing(frozenset({"major", "minor"}), together=True)
    done = audit([girs, major, minor], transcript("1.01"), FACTS, sharing=across)
    assert [p.result.satisfied for p in done.programs] == [True, True, False] or [
        p.result.satisfied for p in done.programs
    ] == [True, False, True]
    inside = audit(
        [girs, major, minor],
        transcript("1.01"),
        FACTS,
        sharing=strict_sharing(["girs", "major", "minor"]),
    )
    assert [p.result.satisfied for p in inside.programs] == [True, True, True]


def test_an_overlay_node_shares_freely_under_strict_sharing():
    reqs = reql("main := 1.01\nextra := 1.01", sections="main extra")
    strict = strict_sharing(["p"])
    assert not audit([reqs], transcript("1.01"), FACTS, sharing=strict).programs[0].result.satisfied
    free = audit(
        [reqs],
        transcript("1.01"),
        FACTS,
        sharing=strict,
        overrides=Overrides(overlay=frozenset({"p/1"})),
    )
    assert free.programs[0].result.satisfied


def test_met_signs_a_node_off_and_counts_its_need_toward_the_parent():
    definitions = 'main := judged, 1.01{>=3}\njudged := ""two approved subjects""{>=2}'
    result = (
        audit(
            [reql(definitions)],
            transcript("1.01"),
            FACTS,
            overrides=Overrides(met=frozenset({"p/0/0"})),
        )
        .programs[0]
        .result
    )
    main = result.children[0]
    assert main.children[0].met and main.children[0].have == 2
    assert (main.satisfied, main.have, main.need) == (True, 3, 3)


def test_ignore_drops_a_node():
    overrides = Overrides(ignore=frozenset({"p/0/1"}))
    result = audit([reql("main := 1.01, 1.02")], transcript("1.01"), FACTS, overrides=overrides)
    assert result.programs[0].result.satisfied
    assert [c.path for c in result.programs[0].result.children[0].children] == ["p/0/0"]


def test_ignoring_a_whole_program_leaves_nothing_to_do():
    done = audit([reql("main := 1.02")], transcript("1.01"), FACTS,
                 overrides=Overrides(ignore=frozenset({"p"})))  # fmt: skip
    assert done.programs[0].result.satisfied
    assert fewest_left(done, CATALOG, FACTS).fewest == 0


def test_a_petition_lets_a_subject_count_as_another_and_keep_its_own():
    done = audit(
        [reql("main := 1.02\nmore := HASS-H", sections="main more")],
        transcript("21W.1", **{"21W.1": "1.02"}),
        FACTS,
    )
    assert done.programs[0].result.satisfied


def test_an_unknown_path_in_an_override_is_an_error_naming_it():
    with pytest.raises(AuditError, match=r"met: no requirement p/7: p has no node p/7"):
        audit(
            [reql("main := 1.01")],
            transcript("1.01"),
            FACTS,
            overrides=Overrides(met=frozenset({"p/7"})),
        )
    with pytest.raises(AuditError, match=r"ignore: no requirement q/0: q is not among"):
        audit(
            [reql("main := 1.01")],
            transcript("1.01"),
            FACTS,
            overrides=Overrides(ignore=frozenset({"q/0"})),
        )


def test_unknown_taken_subjects_are_warned_about_and_a_transcript_of_them_refused():
    assert any("9.99 is in no term file" in w for w in transcript("1.01 9.99").warnings)
    with pytest.raises(AuditError, match="none of the taken subjects is in a term file"):
        transcript("9.98 9.99")
    with pytest.raises(AuditError, match="'hello' is neither a subject number"):
        transcript("hello")


def test_what_is_left_is_the_fewest_subjects_with_a_witness_and_what_each_needs():
    reqs = reql('main := 1.01, (1.02/1.03), ""judged""\nmore := HASS{>=2}', sections="main more")
    done = audit([reqs], transcript("21W.3"), FACTS)
    left = fewest_left(done, CATALOG, FACTS)
    assert (left.fewest, left.proven, left.status) == (3, True, "proven")
    assert left.witness[0] == "1.01" and len(left.witness) == 3
    assert left.manual == (("p/0/2", "judged"),)
    assert {n.path: n.still for n in left.needs} == {"p/0/0": 1, "p/0/1": 1, "p/1": 1}
    assert dict((n.path, n.examples) for n in left.needs)["p/1"] == ("21W.1", "21W.2")


def test_a_subject_this_term_lacks_is_chosen_only_when_nothing_offered_does():
    done = audit([reql("main := 1.01, 7.77")], transcript("1.01"), FACTS)
    left = fewest_left(done, CATALOG, FACTS)
    assert (left.fewest, left.witness, left.elsewhere) == (1, ("7.77",), ("7.77",))


@pytest.mark.parametrize("definition", ["main := HASS-S", "main := 1.01/1.02{>=3}"])
def test_left_says_when_no_set_exists(definition):
    done = audit([reql(definition)], transcript("1.01"), FACTS)
    left = fewest_left(done, CATALOG, FACTS)
    assert (left.fewest, left.status) == (None, "impossible")


def test_subjects_toward_a_node_and_toward_any_unmet_one():
    reqs = reql("main := 1.01/1.02/1.03{>=2}\nmore := 1.04, 1.05", sections="main more")
    done = audit([reqs], transcript("1.01 1.04"), FACTS)
    assert subjects_toward(done, "p/0", CATALOG, FACTS) == ["1.02", "1.03"]
    assert subjects_toward(done, "unmet", CATALOG, FACTS) == ["1.02", "1.03", "1.05"]
    with pytest.raises(AuditError, match="no node p/9"):
        subjects_toward(done, "p/9", CATALOG, FACTS)


def test_the_views_show_progress_and_the_json_node_shape():
    done = audit([reql("main := 1.01/1.02/1.04{>=24u}")], transcript("1.01"), FACTS)
    left = fewest_left(done, CATALOG, FACTS)
    text = render_audit(done, left)
    assert "12/24 units" in text and "what is left: 1 more subject (proven), such as 1.04" in text
    root = audit_document(done, left)["programs"][0]["root"]
    assert set(root) == {
        "path",
        "title",
        "satisfied",
        "manual",
        "counted",
        "have",
        "need",
        "children",
    }
    assert root["children"][0]["counted"] == ["1.01"]
