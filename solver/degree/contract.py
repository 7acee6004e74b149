"""The degree keys of a preferences file as typed models, as strict as the rest of the
contract (unknown keys refused, each error naming its line): `programs`, `sharing`, `overlay`,
`met`, `ignore`, `substitute`. The lead adds `DegreeKeys`' fields to `Preferences`."""

import difflib
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, ValidationError

from solver.core.fields import Strict, SubjectNumber, one_or_many
from solver.core.yaml_source import YamlSource
from solver.degree.sharing import FREE, GIRS, Overrides, Sharing, strict_sharing
from solver.errors import PreferencesError

Program = Annotated[str, Field(pattern=r"^[^\x00-\x1f\x7f]+$", max_length=1000)]  # id or .reql
ListId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$")]
NodePath = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}(/\d{1,4})*$")]
KEYS = ("programs", "sharing", "overlay", "met", "ignore", "substitute")


class StrictAmong(Strict):
    """`sharing: {strict: [major6-3, minor6]}`: those strict inside and across each other."""

    strict: Annotated[list[ListId], BeforeValidator(one_or_many)] = Field(min_length=1)


class DegreeKeys(Strict):
    """What a preferences file says about the degree audit."""

    programs: Annotated[list[Program], BeforeValidator(one_or_many)] = []
    sharing: Literal["free", "strict"] | StrictAmong = "free"
    overlay: Annotated[list[NodePath], BeforeValidator(one_or_many)] = []
    met: Annotated[list[NodePath], BeforeValidator(one_or_many)] = []
    ignore: Annotated[list[NodePath], BeforeValidator(one_or_many)] = []
    substitute: dict[SubjectNumber, SubjectNumber] = {}

    def sharing_for(self, programs: list[str]) -> Sharing:
        """The sharing over the programs audited (their list ids)."""
        if self.sharing == "free":
            return FREE
        if self.sharing == "strict":
            return strict_sharing(programs)
        if GIRS in self.sharing.strict:
            raise PreferencesError(
                "sharing: girs cannot be strict: the GIRs overlap by MIT's"
                " rules; list the other programs"
            )
        return Sharing(frozenset(self.sharing.strict), together=True)

    @property
    def overrides(self) -> Overrides:
        return Overrides(frozenset(self.met), frozenset(self.ignore), frozenset(self.overlay))


def parse_degree_keys(source: YamlSource) -> DegreeKeys:
    """The degree keys of a parsed preferences file (other keys are the weekly contract's)."""
    data = source.data if isinstance(source.data, dict) else {}
    given = {key: value for key, value in data.items() if key in KEYS}
    try:
        return DegreeKeys.model_validate(given)
    except ValidationError as error:
        errors = error.errors()  # a mistyped key is the cause of the errors it brings: first
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        path: tuple[str | int, ...] = ()
        for part in first["loc"]:
            if (*path, part) in source.lines:
                path = (*path, part)
        where = ".".join(str(part) for part in path)
        if first["type"] == "extra_forbidden":
            key = str(first["loc"][-1])
            close = difflib.get_close_matches(key, ["strict"], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return _raise(source, path, f"unknown key '{key}'{hint}")
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "string_pattern_mismatch":
            message = f"'{first['input']}' is not a list id or a node path such as major6-3/1/0"
        if first["type"] == "literal_error":
            message = f"'{first['input']}' is not one of free, strict, or {{strict: [ids]}}"
        return _raise(source, path, f"{where}: {message}" if where else message)


def _raise(source: YamlSource, path: tuple[str | int, ...], message: str) -> DegreeKeys:
    raise source.error(path, message)
