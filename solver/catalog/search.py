"""Finding subjects in a catalog by number, old number, title or instructor."""

from solver.catalog.schema import Catalog, Subject


def search_subjects(catalog: Catalog, text: str) -> list[Subject]:
    """Subjects whose number, old number, title or an instructor contains `text`, best first.

    Case-insensitive. An exact number (current or old) ranks first, then numbers that start with
    the text, then every other match; ties keep catalog order. Blank text matches every subject.
    """
    needle = text.strip().casefold()
    ranked = []
    for position, subject in enumerate(catalog.subjects):
        rank = _rank(subject, needle)
        if rank is not None:
            ranked.append((rank, position, subject))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [subject for _, _, subject in ranked]


def _rank(subject: Subject, needle: str) -> int | None:
    """0 for an exact number, 1 for a number prefix, 2 for any other match, None for no match."""
    numbers = [subject.number.casefold()]
    if subject.old_number:
        numbers.append(subject.old_number.casefold())
    if needle in numbers:
        return 0
    if any(number.startswith(needle) for number in numbers):
        return 1
    haystacks = [*numbers, subject.title.casefold()]
    haystacks += [name.casefold() for name in subject.instructors]
    if any(needle in haystack for haystack in haystacks):
        return 2
    return None
