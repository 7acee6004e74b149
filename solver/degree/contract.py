"""The degree keys of a preferences file (`solver.core.degree_keys`) as the audit's own
settings: the sharing over the programs audited, and the overrides by node path."""

from solver.core.degree_keys import DegreeKeys
from solver.degree.sharing import FREE, GIRS, Overrides, Sharing, strict_sharing
from solver.errors import PreferencesError


def sharing_of(keys: DegreeKeys, programs: list[str]) -> Sharing:
    """The sharing over the programs audited (their list ids)."""
    if keys.sharing == "free":
        return FREE
    if keys.sharing == "strict":
        return strict_sharing(programs)
    if GIRS in keys.sharing.strict:
        raise PreferencesError(
            "sharing: girs cannot be strict: the GIRs overlap by MIT's rules; list the other"
            " programs"
        )
    return Sharing(frozenset(keys.sharing.strict), together=True)


def overrides_of(keys: DegreeKeys) -> Overrides:
    return Overrides(frozenset(keys.met), frozenset(keys.ignore), frozenset(keys.overlay))
