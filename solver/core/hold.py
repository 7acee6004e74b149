"""A schedule the student holds (read from a Hydrant link) folded into their preferences: its
subjects required (but those an elective group offers, which stay that group's picks), its
sections held with the `keep` wish, so the best schedule moves the fewest of them."""

from collections.abc import Collection, Sequence

from solver.core.fields import SectionRef
from solver.core.preferences import Preferences
from solver.core.wishes import Keep


def held_preferences(
    prefs: Preferences,
    held: Sequence[tuple[str, Sequence[str]]],
    grouped: Collection[str] = (),
) -> Preferences:
    """`prefs` with each held subject (a number and its section ids) required, unless it is in
    `grouped` (the numbers the file's elective groups offer), and its sections kept; the file's
    own `keep:` weight and sections stay."""
    extra = [number for number, _ in held if number not in grouped]
    required = list(dict.fromkeys([*prefs.required, *extra]))
    keep = prefs.wishes.keep
    sections = {number: list(refs) for number, refs in (keep.sections if keep else {}).items()}
    for number, ids in held:
        if not ids:
            continue  # a subject without a chosen section: required, nothing held
        kept = sections.setdefault(number, [])
        kept += [SectionRef(id=i) for i in ids if all(ref.id != i for ref in kept)]
    weight = keep.weight if keep is not None else Keep.model_fields["weight"].default
    wishes = prefs.wishes.model_copy(update={"keep": Keep(weight=weight, sections=sections)})
    return prefs.model_copy(update={"required": required, "wishes": wishes})
