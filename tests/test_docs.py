"""preferences.example.yaml and the README are the user's documentation: the example names every
key and solves; the README names every command and option."""

import argparse
import io
import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from solver.arguments import build_parser
from solver.catalog.store import sample_catalog_path
from solver.cli import main
from solver.core.preferences import Preferences, Wishes, parse_preferences
from solver.core.wishes import WISHES
from solver.errors import PreferencesError

EXAMPLE = Path(__file__).resolve().parents[1] / "preferences.example.yaml"
# Models a file writes only in a short form (`R03`, `WF 10:00`; likes as the mapping of subjects
# itself), never with their own keys; each is proven below.
WRITTEN_SHORT = {
    "SectionRef": ('lock: {"6.1210": [{id: R03}]}', r"lock\.6\.1210\.0: write a section as"),
    "Likes": (
        'wishes: {likes: {subjects: {"6.1210": 1}}}',
        r"wishes\.likes\.subjects: 'subjects' is not a",
    ),
}


def _models(annotation: object) -> typing.Iterator[type[BaseModel]]:
    """Every pydantic model inside a type annotation (through lists, unions, Annotated...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _models(argument)


def accepted_keys() -> dict[str, set[str]]:
    """Each model reachable from `Preferences`, with the keys a file may write in it."""
    found: dict[str, set[str]] = {}
    todo: list[type[BaseModel]] = [Preferences]
    while todo:
        model = todo.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = {info.alias or name for name, info in model.model_fields.items()}
        for info in model.model_fields.values():
            todo.extend(_models(info.annotation))
            todo.extend(m for item in info.metadata for m in _models(item))
    return found


def test_the_walk_reaches_every_part_of_the_contract():
    assert set(accepted_keys()) == {
        "Preferences", "Group", "Filter", "Bounds", "Block", "SectionRef", "Wishes", "WalkLimit",
            "RunLimit", "StrictAmong", "Together", "Meet", "PlanKeys", "Limit", "PlanWishes",
            "FinishEarly", "FewerSubjects", "Balance",
        *(wish.__name__ for wish in WISHES),
    }  # fmt: skip


def test_every_wish_of_the_registry_is_a_key_under_wishes():
    assert list(Wishes.model_fields) == [wish.key for wish in WISHES]


def test_every_accepted_key_appears_in_the_example():
    # A key counts as documented when the example writes it, even in a commented-out line.
    written = set(re.findall(r"([A-Za-z_]+):", EXAMPLE.read_text(encoding="utf-8")))
    missing = {
        model: sorted(keys - written)
        for model, keys in accepted_keys().items()
        if keys - written and model not in WRITTEN_SHORT
    }
    assert missing == {}


@pytest.mark.parametrize(("text", "message"), WRITTEN_SHORT.values(), ids=list(WRITTEN_SHORT))
def test_models_written_short_refuse_their_own_keys(text, message):
    with pytest.raises(PreferencesError, match=rf"^p\.yaml:1: {message}"):
        parse_preferences(text, "p.yaml")


def test_the_example_parses():
    prefs, _ = parse_preferences(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    assert prefs.required == ["6.1210", "18.03"]


def test_the_example_solves_on_the_bundled_sample():
    out, err = io.StringIO(), io.StringIO()
    code = main(["solve", str(EXAMPLE), "--catalog", str(sample_catalog_path())], out, err)
    assert (code, err.getvalue()) == (0, "")
    assert out.getvalue().startswith("2026SP (sample): the 10 best choices of subjects")


REAL_TERM = Path(__file__).resolve().parents[2] / "shared" / "data" / "mit" / "hydrant" / "s26.json"


@pytest.mark.realdata
def test_the_example_solves_on_the_real_spring_2026_term(tmp_path):
    # A newcomer who scrapes the real term runs the same file: every subject it names must exist.
    if not REAL_TERM.exists():
        pytest.skip(f"real Hydrant data not found at {REAL_TERM} (../shared is not checked out)")
    saved = tmp_path / "2026SP.json"
    assert main(["scrape", "--file", str(REAL_TERM), "--output", str(saved)], io.StringIO(),
                io.StringIO()) == 0  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    code = main(["solve", str(EXAMPLE), "--catalog", str(saved)], out, err)
    assert (code, err.getvalue()) == (0, "")
    assert out.getvalue().startswith("2026SP (hydrant): the 10 best choices of subjects")


README = Path(__file__).resolve().parents[1] / "README.md"


def _commands() -> dict[str, argparse.ArgumentParser]:
    (commands,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(commands.choices)


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_and_its_options_are_in_the_readme(command):
    readme = README.read_text(encoding="utf-8")
    options = [o for a in _commands()[command]._actions for o in a.option_strings]
    missing = [o for o in options if o.startswith("--") and o not in readme and o != "--help"]
    assert (f"coursepick {command}" in readme, missing) == (True, [])
