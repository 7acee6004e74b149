"""What `coursepick solve` writes: the answer in the format asked (table, JSON, CSV; one file's or
a joint solve's), the files asked for (a report, a calendar, each student's files), and on
stderr why nothing fits. Part of the command line's door: it renders answers, and prints."""

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from solver.errors import CoursepickError
from solver.terminal import save

if TYPE_CHECKING:
    from solver.app.plan import PlanAnswer
    from solver.app.solve import SolveAnswer
    from solver.app.together import TogetherAnswer


def print_solve(
    answer: "SolveAnswer", args: argparse.Namespace, out: TextIO, err: TextIO, width: int | None
) -> None:
    """The answer in the format asked, the files asked for, and why nothing fits."""
    from solver.render.text import describe_conflict

    result, request, catalog = answer.result, answer.request, answer.catalog
    plans = answer.plan_b or ()
    if args.format == "json":
        from solver.render.json_doc import render_json
        from solver.render.plan_b import plan_b_json

        extra = [{"plan_b": plan_b_json(p, request)} for p in plans]
        print(render_json(result, request, catalog, answer.what_if, extra), file=out)
    elif args.format == "csv":
        from solver.render.csv_rows import render_csv

        out.write(render_csv(result, request))
    else:
        from solver.render.text import render_solve

        under: dict[int, list[str]] = {}
        if plans:  # only then the plan-B views (and the JSON they share) load
            from solver.render.plan_b import plan_b_under

            under = plan_b_under(plans, result)
        if args.links:
            from solver.render.links import link_lines

            for rank, lines in link_lines(result, request).items():
                under[rank] = [*under.get(rank, []), *lines]
        out.write(render_solve(result, request, catalog, width, args.show, under))
    if args.output_dir:
        from solver.render.reports import report_files

        files = report_files(result, request, catalog, args.rank)
        _save_files(args.output_dir, Path(args.preferences).stem, files, err)
    if args.html:
        from solver.render.html_page import render_html

        save(args.html, render_html(result, request, catalog).encode(), "report", err)
    if args.ics and result.schedules:
        from solver.render.ics import render_ics

        count = len(result.schedules)
        if not 1 <= args.rank <= count:
            raise CoursepickError(
                f"--rank {args.rank}: there are {count} ranked schedules; pick 1 to {count}"
            )
        ranked = result.schedules[args.rank - 1]
        save(args.ics, render_ics(ranked, request, catalog), f"#{args.rank} as a calendar", err)
    if result.conflict is not None:
        print(f"coursepick: {describe_conflict(result.conflict)}", file=err)
    if answer.what_if is not None and args.format == "table":
        from solver.render.text import render_what_if

        print(render_what_if(answer.what_if, result.corrections), file=out)


def print_together(
    answer: "TogetherAnswer", args: argparse.Namespace, out: TextIO, err: TextIO,
    width: int | None,
) -> None:  # fmt: skip
    """A joint solve's answer: the table or JSON, each student's files, why nothing fits."""
    from solver.render.joint import (
        describe_joint_conflict,
        render_joint,
        render_joint_json,
        short_names,
        student_result,
    )

    for given, option in ((args.format == "csv", "--format csv"), (args.html, "--html"),
                          (args.ics, "--ics")):  # fmt: skip
        if given:
            raise CoursepickError(
                f"{option} shows one file's schedules: with friends, use --format json, or"
                " --output-dir DIR for each student's report and calendar"
            )
    result, joint, catalog = answer.result, answer.joint, answer.catalog
    if args.format == "json":
        print(render_joint_json(result, joint, catalog), file=out)
    else:
        out.write(render_joint(result, joint, catalog, width, args.show, args.links))
    if args.output_dir:
        from solver.render.reports import report_files

        stems = _stems(joint.names)
        for s, request in enumerate(joint.requests):
            files = report_files(student_result(result, s), request, catalog, args.rank)
            _save_files(args.output_dir, stems[s], files, err)
    if result.conflict is not None:
        names = short_names(joint.names)
        print(f"coursepick: {describe_joint_conflict(result.conflict, names)}", file=err)


def _stems(names: tuple[str, ...]) -> list[str]:
    """Each file's name without its folder and suffix, numbered where two would collide."""
    stems = [Path(name).stem for name in names]
    return [stem if stems.count(stem) == 1 else f"{stem}-{k + 1}" for k, stem in enumerate(stems)]


def _save_files(folder: Path, stem: str, files: list[tuple[str, bytes, str]], err: TextIO) -> None:
    """`--output-dir`: a student's files, each as STEM and its suffix."""
    if not folder.is_dir():
        raise CoursepickError(f"--output-dir {folder}: no such folder")
    for suffix, data, what in files:
        save(folder / f"{stem}{suffix}", data, f"{stem}'s {what}", err)


def print_plan(answer: "PlanAnswer", args: argparse.Namespace, out: TextIO, err: TextIO,
               width: int | None) -> int:  # fmt: skip
    """`coursepick plan`: the plans in the format asked, the week file asked for; the exit code
    (0 plans, 1 no plan fits, 4 the time ran out before any plan)."""
    from solver.render.plan import render_plans, render_plans_json, render_road
    from solver.render.text import render_solve

    planned = answer.planned
    programs = [reqs.id for reqs in answer.lists]  # as CourseRoad names them
    if args.format == "road":
        if planned.ranking.plans:
            print(render_road(planned, programs), file=out)
    elif args.format == "json":
        print(render_plans_json(planned, answer.weeks), file=out)
    else:
        catalog = answer.week_catalog
        drawn = [
            render_solve(w.result, w.request, catalog, width, 1).rstrip()
            if w and catalog and args.week else None
            for w in answer.weeks
        ]  # fmt: skip
        print(render_plans(planned, drawn), file=out)
        if answer.week_catalog is None:
            print(f"coursepick: note: no catalog for {planned.spec.terms[0]}: the first term"
                  " is not checked down to sections", file=err)  # fmt: skip
    if args.write_week is not None and planned.ranking.plans:
        what = f"the {planned.spec.terms[0]} preferences (for coursepick solve)"
        save(args.write_week, week_preferences(answer).encode(), what, err)
    if planned.ranking.plans:
        return 0
    if planned.ranking.status == "time":
        print("coursepick: the time limit ran out before any plan was found", file=err)
        return 4
    return 1


def week_preferences(answer: "PlanAnswer") -> str:
    """The preferences file for the first plan's first term: the file's own keys, with its
    subjects required and no plan or elective groups."""
    import yaml

    from solver.catalog.files import read_bounded

    source = answer.read.source.file
    try:  # read again as written (the parsed copy holds typed values YAML cannot dump)
        document = yaml.safe_load(read_bounded(Path(source), 1 << 20)) or {}
    except (OSError, yaml.YAMLError, ValueError) as error:
        raise CoursepickError(f"{source}: cannot read it again for --write-week: {error}") from None
    for key in ("term", "plan", "electives", "required", "with", "together", "hold"):
        document.pop(key, None)
    plan = answer.planned.ranking.plans[0]
    first = answer.planned.spec.terms[0]
    document = {"term": first, "required": list(plan.terms[0]), **document}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
