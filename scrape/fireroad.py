"""Downloads FireRoad's requirement lists into the data directory: the index at
`/requirements/list_reqs/`, then each list as text at `/catalogs/requirements/<id>.reql`.

Fetched through the scraper's client (politeness, retries, HTTP cache, bounds) by a small pool,
with the term scrape's progress bar and deadline. Every list is read before anything is saved:
a failed or cut-off download saves nothing, a list that does not read is left out and named,
and the new lists replace the old folder in one rename, so good lists are never lost.
"""

import json
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from tqdm import tqdm

from scrape.errors import FetchError, ScrapeError
from scrape.fetch import DEFAULT_PER_HOST, fetch_text
from solver.catalog.files import write_atomic
from solver.degree.errors import RequirementsError
from solver.degree.lists import INDEX_FILE, LIST_ID
from solver.degree.reql import parse_reql

DEFAULT_URL = "https://fireroad.mit.edu"
INDEX_PATH = "/requirements/list_reqs/"
LIST_PATH = "/catalogs/requirements/{}.reql"
MAX_LISTS = 2000  # FireRoad serves 158; an index naming more is not FireRoad's


@dataclass(frozen=True)
class Downloaded:
    saved: tuple[str, ...]  # list ids saved
    left_out: tuple[str, ...]  # `id: why` for lists that did not read (old copies kept)
    folder: Path


def fetch_requirements(
    client: httpx.Client,
    base: str,
    folder: Path,
    *,
    progress: bool = False,
    workers: int = DEFAULT_PER_HOST,
    deadline: float = 30 * 60.0,
) -> Downloaded:
    """Every list of FireRoad at `base` into `folder`; raises `FetchError` naming the lists
    that failed (nothing saved then), `ScrapeError` when the index is not FireRoad's."""
    base = base.rstrip("/")
    index = parse_index(fetch_text(client, base + INDEX_PATH), base + INDEX_PATH)
    texts, failures = _fetch_all(client, base, list(index), progress, workers, deadline)
    if failures:
        listed = "; ".join(str(error) for error in failures.values())
        raise FetchError(f"{len(failures)} requirement list(s) failed, nothing saved: {listed}")
    saved, left_out = {}, []
    for list_id, text in texts.items():
        try:
            parse_reql(text, list_id)
        except RequirementsError as error:
            left_out.append(f"{list_id}: {error}")
            continue
        saved[list_id] = text
    if not saved:
        raise ScrapeError(f"{base}: no requirement list could be read; nothing saved")
    kept_old = {i.split(":", 1)[0] for i in left_out}
    _replace(
        folder,
        saved,
        kept_old,
        {"url": base, "fetched_at": datetime.now(UTC).isoformat(), "lists": index},
    )
    return Downloaded(tuple(sorted(saved)), tuple(left_out), folder)


def parse_index(text: str, url: str) -> dict[str, dict[str, str]]:
    """FireRoad's index: list id -> its titles (`short-title`, `medium-title`, ...)."""
    try:
        data = json.loads(text)
    except ValueError:
        raise ScrapeError(f"{url}: not FireRoad's index of requirement lists (not JSON)") from None
    if not isinstance(data, dict) or not data:
        raise ScrapeError(f"{url}: not FireRoad's index of requirement lists (no lists)")
    if len(data) > MAX_LISTS:
        raise ScrapeError(f"{url}: names {len(data)} lists, more than {MAX_LISTS}: not FireRoad's")
    index = {}
    for list_id, titles in data.items():
        if not LIST_ID.fullmatch(list_id):
            raise ScrapeError(f"{url}: {list_id!r} is not a requirement list id")
        titles = titles if isinstance(titles, dict) else {}
        index[list_id] = {k: str(v) for k, v in titles.items() if isinstance(v, str | int)}
    return index


def _fetch_all(
    client: httpx.Client,
    base: str,
    ids: list[str],
    progress: bool,
    workers: int,
    deadline: float,
) -> tuple[dict[str, str], dict[str, FetchError]]:
    texts: dict[str, str] = {}
    failures: dict[str, FetchError] = {}
    end = time.monotonic() + deadline
    bar = tqdm(
        total=len(ids), desc="requirement lists", unit="list", file=sys.stderr, disable=not progress
    )
    with bar, ThreadPoolExecutor(max_workers=workers) as pool:
        running: dict[Future[str], str] = {
            pool.submit(fetch_text, client, base + LIST_PATH.format(list_id)): list_id
            for list_id in ids
        }
        while running:
            done, _ = wait(
                running, timeout=max(end - time.monotonic(), 0), return_when=FIRST_COMPLETED
            )
            if not done:
                pool.shutdown(wait=False, cancel_futures=True)
                raise FetchError(
                    f"{base}: the download took longer than {deadline:g} s"
                    f" ({len(texts)} lists read, {len(running)} still coming)"
                )
            for future in done:
                list_id = running.pop(future)
                bar.update()
                try:
                    texts[list_id] = future.result()
                except FetchError as error:
                    failures[list_id] = error
    return texts, failures


def _replace(
    folder: Path, texts: dict[str, str], kept_old: set[str], index: dict[str, object]
) -> None:
    """Write the lists into a new folder beside `folder`, then swap it in by renaming."""
    fresh = folder.parent / f".{folder.name}.{os.getpid()}.new"
    old = folder.parent / f".{folder.name}.{os.getpid()}.old"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    try:
        for list_id, text in texts.items():
            write_atomic(fresh / f"{list_id}.reql", text)
        for list_id in kept_old:  # a list that no longer reads keeps its last good copy
            if (folder / f"{list_id}.reql").is_file():
                shutil.copy2(folder / f"{list_id}.reql", fresh / f"{list_id}.reql")
        write_atomic(fresh / INDEX_FILE, json.dumps(index, indent=1, ensure_ascii=False))
        if folder.exists():
            os.replace(folder, old)
        os.replace(fresh, folder)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if old.exists() and not folder.exists():
            os.replace(old, folder)
        raise
    shutil.rmtree(old, ignore_errors=True)
