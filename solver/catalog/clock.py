"""Clock times as minutes after midnight: the one form every part of coursepick computes with.

Files and screens show "HH:MM"; `Clock` converts at the edge (pydantic fields read and write it).
"""

from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer


def parse_clock(value: object) -> int:
    """Read "HH:MM" (24-hour) into minutes after midnight; ints pass through."""
    try:  # catalogs hold a hundred thousand times: a lookup, which also shares the int objects
        return _CLOCK_MINUTES[value]  # type: ignore[index]
    except (KeyError, TypeError):
        pass
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        hours, colon, minutes = value.strip().partition(":")
        digits = hours.isdigit() and minutes.isdigit() and len(hours) <= 2 and len(minutes) == 2
        if colon and digits and int(hours) <= 24 and int(minutes) < 60:
            return int(hours) * 60 + int(minutes)
    raise ValueError(f"expected a 24-hour time such as '13:30', got {value!r}")


_CLOCK_MINUTES = {f"{m // 60:02d}:{m % 60:02d}": m for m in range(24 * 60 + 1)}


def format_clock(minutes: int) -> str:
    """Minutes after midnight as "HH:MM"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# Minutes after midnight in Python, "HH:MM" in JSON: arithmetic stays trivial, files stay readable.
Clock = Annotated[int, BeforeValidator(parse_clock), PlainSerializer(format_clock, return_type=str)]
