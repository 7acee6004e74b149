"""The audit as the doors ask it: programs from the command line, the file or a road; a
student's own `.reql` read from the preferences file's folder; the errors a door shows."""

import json

import pytest

from solver.degree.ask import AuditAsk, requirement_subjects, run_audit
from solver.degree.contract import DegreeKeys
from solver.degree.errors import AuditError, RequirementsError
from solver.degree.road import parse_road
from tests.degree_helpers import CATALOG

DRAFT = "D#,#D Minor#,#Drafts#,#Minor in Drafts\n\n\nmain\n\n\nmain := 1.01, 1.02\n"


def test_a_students_own_list_is_read_from_the_preferences_folder(tmp_path, cache):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "draft.reql").write_text(DRAFT)
    keys = DegreeKeys(programs=["lists/draft.reql"], met=["draft/0/1"])
    answer = run_audit(AuditAsk(taken=["1.01"], keys=keys, base=tmp_path), cache, CATALOG)
    assert [p.reqs.id for p in answer.audit.programs] == ["draft"]
    assert answer.audit.programs[0].result.satisfied
    assert answer.left is not None and answer.left.fewest == 0


def test_programs_on_the_command_line_replace_the_files(tmp_path, cache):
    keys = DegreeKeys(programs=["major6-3"])
    answer = run_audit(AuditAsk(programs=["girs"], taken=["18.02"], keys=keys, left=False),
                       cache, CATALOG)  # fmt: skip
    assert [p.reqs.id for p in answer.audit.programs] == ["girs"] and answer.left is None


def test_a_roads_unknown_program_is_left_out_with_a_warning(tmp_path, cache):
    road = tmp_path / "mine.road"
    road.write_text(
        json.dumps(
            {
                "coursesOfStudy": ["girs", "minor99"],
                "selectedSubjects": [{"subject_id": "18.02", "units": 12}],
            }
        )
    )
    answer = run_audit(AuditAsk(road=road, left=False), cache, CATALOG)
    assert [p.reqs.id for p in answer.audit.programs] == ["girs"]
    assert any("program minor99 left out: unknown requirement list" in w for w in answer.warnings)
    given = parse_road(json.loads(road.read_text()), "the road")  # as the MCP tool gets it
    assert run_audit(AuditAsk(road=given, left=False), cache, CATALOG).audit == answer.audit


@pytest.mark.parametrize(("ask", "error", "message"), [
    (AuditAsk(programs=["minor99"], taken=["1.01"]), RequirementsError,
     "unknown requirement list 'minor99'"),
    (AuditAsk(taken=["1.01"]), AuditError, "no programs to audit"),
    (AuditAsk(programs=["girs"]), AuditError, "nothing taken"),
    (AuditAsk(programs=["nowhere/x.reql"], taken=["1.01"]), RequirementsError,
     "nowhere/x.reql: no such requirement list file"),
])  # fmt: skip
def test_what_cannot_be_audited_is_one_line(cache, ask, error, message):
    with pytest.raises(error, match=message):
        run_audit(ask, cache, CATALOG)


def test_the_subjects_toward_a_requirement_for_an_elective_group(tmp_path, cache):
    (tmp_path / "draft.reql").write_text(DRAFT.replace("1.01, 1.02", "1.01/1.02/1.03{>=2}"))
    keys = DegreeKeys(programs=["draft.reql"])
    ask = AuditAsk(taken=["1.01"], keys=keys, base=tmp_path)
    assert requirement_subjects(ask, "draft/0", cache, CATALOG) == ["1.02", "1.03"]
    assert requirement_subjects(ask, "unmet", cache, CATALOG) == ["1.02", "1.03"]
    lab = requirement_subjects(AuditAsk(), "girs/3", cache, CATALOG)  # girs loaded for the path
    assert lab == ["8.1", "8.2", "8.3"]
