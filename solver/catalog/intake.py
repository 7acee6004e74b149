"""The last look at a parsed term before it replaces a saved one: it must load back from the file
it would be saved as, and its prerequisites are counted (read in the language, or prose that a
person judges). A term that fails is refused in one line, and the catalog saved before stays.
"""

import gc
from dataclasses import dataclass

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from solver.catalog.prereqs import count_prereqs
from solver.catalog.schema import Catalog
from solver.catalog.store import dump_catalog
from solver.errors import CatalogError


@dataclass(frozen=True)
class TermReport:
    """What the check found: how many subjects' prerequisites read, and which are prose."""

    prereqs_read: int
    prose: tuple[str, ...]  # subject numbers, in catalog order


def check_whole_term(catalog: Catalog, where: str) -> TermReport:
    """Everything that could fail about a parsed term once saved, tried before it is: the file's
    JSON is written and read back as `load_catalog` reads it, and every prerequisite is counted.
    Raises `CatalogError` naming `where` (the URL or file it came from); nothing is saved then."""
    collecting = gc.isenabled()
    gc.disable()  # as `warm` loads: cycle checks over a million new objects find nothing
    try:
        Catalog.model_validate_json(dump_catalog(catalog))
    except PydanticSerializationError as error:
        raise CatalogError(f"{where}: the term cannot be saved ({error}); nothing saved") from None
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"]) or "top level"
        message = first["msg"].removeprefix("Value error, ")
        raise CatalogError(
            f"{where}: the term would not load back ({place}: {message}); nothing saved"
        ) from None
    finally:
        if collecting:
            gc.enable()
    read, prose = count_prereqs(catalog.subjects)
    return TermReport(read, tuple(prose))
