"""MIT's science-core GIR subjects (MIT-FORMATS section 5), bundled: the GIRs do not change from
term to term, yet most term files leave `gir` empty for these subjects, and fall-only subjects
(8.01, 7.012, 5.112, 18.01A, 18.022) carry no code in any file. So 18.02 is CAL2 whatever term
file is loaded, and offline."""

from collections.abc import Iterable

from solver.catalog.schema import Subject

SCIENCE_CORE: dict[str, tuple[str, ...]] = {
    "CAL1": ("18.01", "18.01A", "18.014", "18.01L"),
    "CAL2": ("18.02", "18.02A", "18.022", "18.024", "CC.1802", "ES.1802", "ES.182A"),
    "PHY1": ("8.01", "8.011", "8.012", "8.01L"),
    "PHY2": ("8.02", "8.021", "8.022", "CC.802", "CC.8022", "ES.802", "ES.8022"),
    "CHEM": ("3.091", "5.111", "5.112"),
    "BIOL": ("7.012", "7.013", "7.014", "7.015", "7.016", "ES.7016"),
}
_BY_NUMBER = {number: code for code, numbers in SCIENCE_CORE.items() for number in numbers}


def table_girs(number: str) -> tuple[str, ...]:
    """The science-core GIR of a subject number by the table, or nothing."""
    code = _BY_NUMBER.get(number.strip().upper())
    return (code,) if code else ()


def subject_girs(subject: Subject | None, number: str) -> tuple[str, ...]:
    """A subject's GIR codes: the catalog's when it has any, else the table's (for `number`, the
    subject's own number and its joint numbers)."""
    if subject is not None and subject.gir:
        return subject.gir
    names: Iterable[str] = (
        (number,) if subject is None else (number, subject.number, *subject.same_as)
    )
    return next((found for name in names if (found := table_girs(name))), ())
