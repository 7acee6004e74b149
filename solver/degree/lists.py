"""Where requirement lists come from: those downloaded into the data directory by `coursepick
scrape --requirements` (preferred), the few bundled with the package, and `.reql` files a
student names by path. Each is read by `solver.degree.reql`; nothing here reads the network."""

import difflib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from solver.catalog.files import Unfit, read_bounded
from solver.degree.errors import RequirementsError
from solver.degree.reql import MAX_BYTES, parse_reql
from solver.degree.tree import ReqList

LIST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}")
INDEX_FILE = "index.json"  # FireRoad's /requirements/list_reqs/ answer, as downloaded


@dataclass(frozen=True)
class ListInfo:
    id: str
    medium_title: str
    origin: str  # "downloaded", "bundled", or the file it was read from


def requirements_dir(cache: Path) -> Path:
    """Where `scrape --requirements` saves lists, under the cache directory."""
    return cache / "requirements"


def bundled_dir() -> Path:
    return Path(str(resources.files("solver.degree") / "lists"))


def available_lists(cache: Path) -> list[ListInfo]:
    """Every list there is, downloaded ones first, each id once, ordered by id."""
    found: dict[str, ListInfo] = {}
    for folder, origin in ((requirements_dir(cache), "downloaded"), (bundled_dir(), "bundled")):
        titles = _titles(folder)
        for path in sorted(_reql_files(folder)):
            if path.stem not in found:
                title = titles.get(path.stem) or _medium_title(path)
                found[path.stem] = ListInfo(path.stem, title, origin)
    return sorted(found.values(), key=lambda info: info.id.lower())


def load_list(cache: Path, list_id: str) -> ReqList:
    """The list of this id: downloaded, else bundled; an unknown id is one clear error."""
    if not LIST_ID.fullmatch(list_id):
        raise RequirementsError(f"{list_id!r} is not a requirement list id such as major6-3")
    for folder, origin in ((requirements_dir(cache), "downloaded"), (bundled_dir(), "bundled")):
        path = folder / f"{list_id}.reql"
        if path.is_file():
            return load_list_file(path, origin=f"{origin} ({path})")
    known = [info.id for info in available_lists(cache)]
    close = difflib.get_close_matches(list_id, known, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise RequirementsError(
        f"unknown requirement list {list_id!r}{hint}: `coursepick requirements` lists the"
        " known ones; `coursepick scrape --requirements` downloads all of FireRoad's"
    )


def load_list_file(path: Path, *, origin: str = "") -> ReqList:
    """A `.reql` file read from disk; its id is the file's name without `.reql`."""
    try:
        data = read_bounded(path, MAX_BYTES)
    except Unfit as unfit:
        raise RequirementsError(f"{path}: {unfit}: no requirement list") from None
    except FileNotFoundError:
        raise RequirementsError(f"{path}: no such requirement list file") from None
    except OSError as error:
        raise RequirementsError(f"{path}: cannot read it: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RequirementsError(f"{path}:{line}: not UTF-8 text: save the list as UTF-8") from None
    return parse_reql(text, path.stem, file=str(path), source=origin or str(path))


def resolve_program(program: str, cache: Path, base: Path | None = None) -> ReqList:
    """A program as preferences name it: a list id, or a path to a `.reql` file (relative to
    `base`, the preferences file's folder)."""
    if program.endswith(".reql") or "/" in program or "\\" in program:
        path = Path(program).expanduser()
        return load_list_file(path if path.is_absolute() or base is None else base / path)
    return load_list(cache, program)


def _reql_files(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.glob("*.reql") if LIST_ID.fullmatch(p.stem) and p.is_file()]
    except OSError:
        return []


def _titles(folder: Path) -> dict[str, str]:
    """Medium titles from a folder's index, when it has a readable one."""
    try:
        index = json.loads(read_bounded(folder / INDEX_FILE, MAX_BYTES))
    except (OSError, Unfit, ValueError):
        return {}
    lists = index.get("lists") if isinstance(index, dict) else None
    if not isinstance(lists, dict):
        return {}
    return {
        key: str(value.get("medium-title", ""))
        for key, value in lists.items()
        if isinstance(value, dict)
    }


def _medium_title(path: Path) -> str:
    """The medium title from a list's first line, without reading the whole list."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            first = handle.readline(4096)
    except OSError:
        return ""
    parts = first.split("#,#")
    return parts[1].strip() if len(parts) > 1 else parts[0].strip()
