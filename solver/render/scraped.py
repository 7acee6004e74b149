"""What a scrape says: what it saved (on stdout), and each part it could not read (on stderr)."""

from pathlib import Path

from solver.catalog.schema import Catalog


def render_scrape(catalog: Catalog, path: Path, read: int, prose: list[str]) -> tuple[str, str]:
    """(the summary, the problems): counts of subjects, sections and meetings, where it was
    saved, and how many prerequisites were read in the language."""
    count = len(catalog.problems)
    sections = sum(len(s.sections) for s in catalog.subjects)
    meetings = sum(len(x.meetings) for s in catalog.subjects for x in s.sections)
    summary = (
        f"saved {catalog.term} from {catalog.source}: {len(catalog.subjects)} subjects, "
        f"{sections} sections, {meetings} meetings, "
        f"{count} problem{'' if count == 1 else 's'} -> {path}\n"
    )
    summary += (
        f"  prerequisites: {read} of {read + len(prose)} read"
        + (f"; {len(prose)} in prose, judged by a person: {', '.join(prose[:5])}" if prose else "")
        + (" ..." if len(prose) > 5 else "")
        + "\n"
    )
    problems = []
    for problem in catalog.problems:
        subject = f"{problem.subject}: " if problem.subject else ""
        text = "" if problem.text in problem.reason else f": {problem.text!r}"
        problems.append(f"  problem: {subject}{problem.reason}{text}\n")
    return summary, "".join(problems)
