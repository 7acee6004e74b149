"""An independent check of a joint schedule, and the brute-force oracle of joint rankings.

Each student's schedule is checked by `solver.core.validate` against their own request; the
together rules are re-derived from the catalog's sections (which section ids each student's
chosen options stand for), not from the model nor from `Shared.apart`. The oracle enumerates
every combination of each student's valid schedules (`solver.core.bruteforce`) and sorts them in
the documented order.
"""

import itertools

from solver.core.bruteforce import enumerate_schedules
from solver.core.joint import Joint, JointRequest, joint_key, standing
from solver.core.results import Schedule
from solver.core.together import Shared
from solver.core.validate import check_schedule


def check_joint(joint: Joint, request: JointRequest) -> list[str]:
    """Every way `joint` breaks a student's rules or a together rule; empty when it is valid."""
    problems = []
    for name, schedule, own in zip(request.names, joint, request.requests, strict=True):
        problems += [f"{name}: {problem}" for problem in check_schedule(schedule, own)]
    for rule in request.rules:
        if _apart(rule.shared, joint, request):
            problems.append(f"{rule.label}: taken apart")
    return problems


def _apart(shared: Shared, joint: Joint, request: JointRequest) -> bool:
    """Some who may take it do and others do not, or those who do share no section of a kind."""
    who = [(s, course) for s, course in enumerate(shared.courses) if course is not None]
    taking = [course in joint[s].courses for s, course in who]
    if not any(taking):
        return False
    if not all(taking):
        return True
    catalog = request.requests[0].catalog
    for kind in shared.kinds:
        sections = []
        for s, course in who:
            subject = catalog.subject(course)
            picked = {i for o in joint[s].options if o.course == course for i in o.ids}
            listed = subject.sections if subject else ()
            sections.append({x.id for x in listed if x.kind == kind and x.id in picked})
        if all(sections) and not set.intersection(*sections):
            return True
    return False


def enumerate_joint(request: JointRequest) -> list[tuple[int, Joint]]:
    """Every valid joint schedule with its points, in the documented order."""
    each = [
        [Schedule.of(s.courses, s.options) for _, s in enumerate_schedules(r).ranked]
        for r in request.requests
    ]  # in display order, as the ranking lists them
    tiebreak = request.tiebreak()
    found = []
    for joint in itertools.product(*each):
        if not any(_apart(rule.shared, joint, request) for rule in request.rules):
            found.append((standing(joint, request, tiebreak), joint_key(joint), joint))
    found.sort(key=lambda item: (item[0], item[1]))
    return [(place[0], joint) for place, _, joint in found]
