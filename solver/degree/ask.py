"""The audit as one question and one answer, for the doors (`coursepick audit`, the MCP `audit`
tool): which programs, which transcript, which sharing and overrides, against which catalog."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from solver.catalog.schema import Catalog
from solver.core.degree_keys import DegreeKeys
from solver.degree.answers import Left
from solver.degree.audit import Audit, audit
from solver.degree.contract import overrides_of, sharing_of
from solver.degree.errors import AuditError, RequirementsError
from solver.degree.facts import SubjectFacts, load_facts
from solver.degree.left import fewest_left, subjects_toward
from solver.degree.lists import resolve_program
from solver.degree.road import Road, load_road
from solver.degree.transcript import Entry, build_transcript


@dataclass(frozen=True)
class AuditAsk:
    programs: Sequence[str] = ()  # --program IDs: they replace the file's and the road's
    taken: Sequence[str] = ()  # --taken and the file's `taken:`
    road: Path | Road | None = None  # a road file, or one already read (the MCP tool's text)
    keys: DegreeKeys = field(default_factory=DegreeKeys)
    base: Path | None = None  # the preferences file's folder: relative .reql paths start there
    time_limit: float = 10.0
    left: bool = True


@dataclass(frozen=True)
class AuditAnswer:
    audit: Audit
    left: Left | None
    facts: SubjectFacts
    warnings: tuple[str, ...]


def run_audit(ask: AuditAsk, cache: Path, catalog: Catalog) -> AuditAnswer:
    """Audit as asked. An unknown program named on the command line or in the file is an
    error; one named by a road is left out with a warning (FireRoad has lists we may not)."""
    warnings: list[str] = []
    entries = [Entry(text) for text in ask.taken]
    programs = list(ask.programs or ask.keys.programs)
    from_road: list[str] = []
    if ask.road is not None:
        road = load_road(ask.road) if isinstance(ask.road, Path) else ask.road
        entries += road.entries
        warnings += road.warnings
        from_road = [] if programs else list(road.programs)
    lists = [resolve_program(program, cache, ask.base) for program in programs]
    for program in from_road:
        try:
            lists.append(resolve_program(program, cache))
        except RequirementsError as error:
            warnings.append(f"{ask.road}: program {program} left out: {error}")
    if not lists:
        raise AuditError(
            "no programs to audit: name them with --program ID (such as girs major6-3),"
            " `programs:` in the preferences file, or a road's coursesOfStudy"
        )
    if not entries:
        raise AuditError('nothing taken: give --taken "6.100A 18.01 ...", `taken:` or --road')
    for reqs in lists:
        warnings += reqs.warnings
    facts = load_facts(cache, catalog)
    transcript = build_transcript(entries, facts, ask.keys.substitute)
    sharing = sharing_of(ask.keys, [reqs.id for reqs in lists])
    done = audit(
        lists,
        transcript,
        facts,
        sharing=sharing,
        overrides=overrides_of(ask.keys),
        time_limit=ask.time_limit,
    )
    left = fewest_left(done, catalog, facts, time_limit=ask.time_limit) if ask.left else None
    return AuditAnswer(done, left, facts, (*warnings, *transcript.warnings))


def requirement_subjects(ask: AuditAsk, path: str, cache: Path, catalog: Catalog) -> list[str]:
    """`from: {requirement: PATH}` and `search --requirement PATH`: the catalog's subjects, not
    taken, that would count toward the node at PATH (its list is loaded if no program names
    it), or with `unmet` toward any unsatisfied requirement of the programs asked about."""
    programs = list(ask.programs or ask.keys.programs)
    lists = [resolve_program(program, cache, ask.base) for program in programs]
    if path != "unmet" and path.split("/", 1)[0] not in {reqs.id for reqs in lists}:
        lists.append(resolve_program(path.split("/", 1)[0], cache))
    if not lists:
        raise AuditError("requirement: unmet needs programs: list them under `programs:`")
    facts = load_facts(cache, catalog)
    transcript = build_transcript([Entry(text) for text in ask.taken], facts, ask.keys.substitute)
    sharing = sharing_of(ask.keys, [reqs.id for reqs in lists])
    done = audit(lists, transcript, facts, sharing=sharing, overrides=overrides_of(ask.keys),
                 time_limit=ask.time_limit)  # fmt: skip
    return subjects_toward(done, path, catalog, facts)
