"""The degree keys of a preferences file: the programs a student follows and how the audit
reads their transcript (`programs`, `sharing`, `overlay`, `met`, `ignore`, `substitute`), as
strict as the rest of the contract. `solver.degree` turns them into its own settings."""

import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from solver.core.fields import Strict, SubjectNumber, one_or_many

_LIST_ID = r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}"


def _matching(pattern: str, what: str) -> BeforeValidator:
    def check(value: object) -> object:
        if not isinstance(value, str) or not re.fullmatch(pattern, value.strip()):
            raise ValueError(f"'{value}' is not {what}")
        return value.strip()

    return BeforeValidator(check)


# A requirement list's id, or a path to a .reql file (a department's draft, one's own list).
Program = Annotated[str, Field(pattern=r"^[^\x00-\x1f\x7f]+$", max_length=1000)]
ListId = Annotated[str, _matching(_LIST_ID, "a requirement list's id such as major6-3")]
# A node of a list: its id, then each node's index among its parent's children.
NodePath = Annotated[
    str, _matching(rf"{_LIST_ID}(/\d{{1,4}})*", "a list id or a node path such as major6-3/1/0")
]


# Where an elective group or a search draws from: one requirement, or every one not yet met.
RequirementPath = Annotated[
    str,
    _matching(
        rf"unmet|{_LIST_ID}(/\d{{1,4}})*",
        "a requirement path such as major6-3/2, or unmet",
    ),
]


class StrictAmong(Strict):
    """`sharing: {strict: [major6-3, minor6]}`: those strict inside and across each other."""

    strict: Annotated[list[ListId], BeforeValidator(one_or_many)] = Field(min_length=1)


def _sharing(value: object) -> object:
    if isinstance(value, str) and value.strip() not in ("free", "strict"):
        raise ValueError(f"'{value}' is not one of free, strict or {{strict: [ids]}}")
    return value.strip() if isinstance(value, str) else value


class DegreeKeys(Strict):
    """What a preferences file says about the degree: the fields `Preferences` has for it."""

    programs: Annotated[list[Program], BeforeValidator(one_or_many)] = []
    sharing: Annotated[Literal["free", "strict"] | StrictAmong, BeforeValidator(_sharing)] = "free"
    overlay: Annotated[list[NodePath], BeforeValidator(one_or_many)] = []
    met: Annotated[list[NodePath], BeforeValidator(one_or_many)] = []
    ignore: Annotated[list[NodePath], BeforeValidator(one_or_many)] = []
    substitute: dict[SubjectNumber, SubjectNumber] = {}
