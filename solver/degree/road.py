"""A CourseRoad road file (`.road`, FireRoad's JSON): its subjects, each with its term, are the
transcript, and its `coursesOfStudy` the programs. Read within bounds; anything else a road
holds (progress overrides, assertions) is named in a warning, not applied."""

import json
from dataclasses import dataclass
from pathlib import Path

from solver.catalog.files import Unfit, read_bounded
from solver.degree.errors import AuditError
from solver.degree.transcript import Entry

MAX_BYTES = 4 << 20  # a road of forty subjects is 6 KiB


@dataclass(frozen=True)
class Road:
    programs: tuple[str, ...]
    entries: tuple[Entry, ...]
    warnings: tuple[str, ...]


def load_road(path: Path) -> Road:
    try:
        data = json.loads(read_bounded(path, MAX_BYTES))
    except Unfit as unfit:
        raise AuditError(f"{path}: {unfit}: no road file") from None
    except FileNotFoundError:
        raise AuditError(f"{path}: no such road file") from None
    except OSError as error:
        raise AuditError(f"{path}: cannot read the road: {error.strerror}") from None
    except (ValueError, RecursionError):
        raise AuditError(f"{path}: not a road file (CourseRoad's JSON)") from None
    return parse_road(data, str(path))


def parse_road(data: object, file: str) -> Road:
    """The programs and subjects of a road's JSON."""
    if not isinstance(data, dict) or not isinstance(data.get("selectedSubjects"), list):
        raise AuditError(f"{file}: not a road file: it has no selectedSubjects list")
    programs = data.get("coursesOfStudy", [])
    if not isinstance(programs, list) or not all(isinstance(p, str) for p in programs):
        raise AuditError(f"{file}: coursesOfStudy is not a list of requirement list ids")
    entries = []
    for index, subject in enumerate(data["selectedSubjects"]):
        number = subject.get("subject_id", subject.get("id")) if isinstance(subject, dict) else None
        if not isinstance(number, str) or not number.strip():
            raise AuditError(f"{file}: selectedSubjects[{index}] has no subject_id")
        units = subject.get("units")
        semester = subject.get("semester")
        entries.append(
            Entry(
                number.strip(),
                units if isinstance(units, int) and 0 <= units <= 1000 else None,
                f"semester {semester}" if isinstance(semester, int) else "",
            )
        )
    warnings = []
    for key in ("progressOverrides", "progressAssertions"):
        if data.get(key):
            shown = ", ".join(f"{k}: {v}" for k, v in list(dict(data[key]).items())[:5])
            warnings.append(
                f"{file}: CourseRoad's {key} ({shown}) are not applied: write met:, ignore: or"
                " substitute: in a preferences file (paths from `coursepick requirements ID`)"
            )
    return Road(tuple(programs), tuple(entries), tuple(warnings))
