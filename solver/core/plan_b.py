"""Plan B for a lottery subject: the request a student faces if they do not get it, and what the
answer says. A subject Hydrant marks `limited` is decided by a lottery; without it, the same file
holds with that subject out (a group still picks as many, so a replacement comes from it; a
required subject leaves a gap), and every other section of the planned schedule is held with the
`keep` wish (a subject without sections, liked as much), so the best plan B moves as few of
them as it can.
"""

from dataclasses import dataclass, replace

from solver.core import rules
from solver.core.fields import SectionRef
from solver.core.request import Request
from solver.core.results import Ranked, Schedule
from solver.core.rules import Rule
from solver.core.wishes import WISHES, Keep, Likes, Wish


@dataclass(frozen=True)
class PlanB:
    lose: str  # the lottery subject not got
    found: Ranked | None  # the best schedule without it; None when none fits (or no time)
    replacement: tuple[str, ...]  # the subjects that come in
    out: tuple[str, ...]  # the planned subjects besides `lose` that it drops
    moves: tuple[str, ...]  # held sections it changes: "18.03 R02 -> R05"
    points: int | None  # its score under the file's own wishes
    proven: bool  # False when the time limit stopped the search first


def lottery_subjects(schedule: Schedule, request: Request) -> list[str]:
    """The subjects of `schedule` whose enrolment is limited, in its order."""
    return [n for n in schedule.courses if request.courses[n].subject.limited]


def without_subject(request: Request, lose: str, planned: Schedule) -> Request:
    """`request` with `lose` out and the rest of `planned` held (the keep wish, at the file's
    keep weight or its default), ranked by sections: the question plan B answers."""
    courses = {n: c for n, c in request.courses.items() if n != lose}
    groups = tuple(replace(g, members=tuple(n for n in g.members if n != lose))
                   for g in request.groups)  # fmt: skip
    kept = [r for rule in request.rules if (r := _without(rule, lose)) is not None]
    held: dict[str, list[SectionRef]] = {}
    for option in planned.options:
        if option.course != lose:
            held.setdefault(option.course, []).append(SectionRef(id=option.ids[0]))
    keeps = [wish for wish in request.wishes if isinstance(wish, Keep)]
    weight = keeps[0].weight if keeps else Keep.model_fields["weight"].default
    keep = Keep(weight=weight, sections=held)
    # A planned subject without sections has none to hold: keeping it is liked as much.
    bare = [n for n in planned.courses if n != lose and not request.courses[n].options]
    wishes = _liking(tuple(w for w in request.wishes if not isinstance(w, Keep)), bare, weight) + (
        (keep,) if keep.active else ()
    )
    return replace(
        request,
        courses=courses,
        groups=groups,
        rules=tuple(kept),
        exclusive=tuple(pair for pair in request.exclusive if lose not in pair),
        optional=tuple(n for n in request.optional if n != lose),
        wishes=tuple(sorted(wishes, key=lambda w: WISHES.index(type(w)))),  # registry order
        top=1,
        by="sections",
    )


def _liking(wishes: tuple[Wish, ...], numbers: list[str], weight: float) -> tuple[Wish, ...]:
    """`wishes` with `numbers` liked by `weight` more (the likes wish added if need be)."""
    if not numbers:
        return wishes
    likes = next((w for w in wishes if isinstance(w, Likes)), Likes())
    subjects = dict(likes.subjects)
    for number in numbers:
        subjects[number] = subjects.get(number, 0) + weight
    liked = likes.model_copy(update={"subjects": subjects})
    return (*(w for w in wishes if not isinstance(w, Likes)), liked)


def _without(rule: Rule, lose: str) -> Rule | None:
    """The rule once `lose` is out of the request: gone if it is about `lose` alone."""
    match rule:
        case rules.Required(subject=s) | rules.Exclude(subject=s) | rules.Lock(subject=s):
            return None if s == lose else rule
        case rules.Coreqs(subject=subject, ways=ways):
            if subject == lose:
                return None
            return replace(rule, ways=tuple(way for way in ways if lose not in way))
        case _:
            return rule


def held_moves(found: Schedule, planned: Request) -> tuple[str, ...]:
    """The sections plan B's request holds that `found` changes, as `18.03 R02 -> R05`."""
    changes = []
    for wish in planned.wishes:
        if isinstance(wish, Keep):
            for number, ref in wish.changed(found.options):
                now = [
                    o.label
                    for o in found.options
                    if o.course == number and (ref.id is None or o.kind.letter == ref.id[0])
                ]
                changes.append(f"{number} {ref} \u2192 {' '.join(now) or '(not taken)'}")
    return tuple(changes)
