"""Which subjects fit beside a schedule: some choice of their sections clashes with none of its
classes (as Hydrant's "fits my schedule"), nor with each other."""

import itertools
from collections.abc import Iterable

from solver.catalog.schema import Catalog, Subject
from solver.core.options import Option, build_options, segment_boundaries, segments_of


def fitting(catalog: Catalog, taken: Iterable[Option]) -> set[str]:
    """The numbers of the subjects with sections that fit around the options `taken`."""
    busy = tuple(taken)
    inside = {option.course for option in busy}
    boundaries = segment_boundaries(catalog)
    return {
        subject.number
        for subject in catalog.subjects
        if subject.sections
        and subject.number not in inside
        and _fits(subject, segments_of(subject, catalog, boundaries), busy)
    }


def _fits(subject: Subject, segments: frozenset[int], busy: tuple[Option, ...]) -> bool:
    free = [
        [o for o in options if not any(o.clashes(b) for b in busy)]
        for options in build_options(subject, segments).values()
    ]
    return any(
        not any(a.clashes(b) for a, b in itertools.combinations(choice, 2))
        for choice in itertools.product(*free)
    )
