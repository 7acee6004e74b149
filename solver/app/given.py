"""Preferences as a door receives them: a file (the command line) or a text (the MCP server: YAML,
or the same keys as a JSON object), read into the typed contract with lines for errors."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from solver.core.preferences import MAX_BYTES, Preferences, load_preferences, parse_preferences
from solver.core.yaml_source import YamlSource
from solver.errors import PreferencesError


@dataclass(frozen=True)
class PreferencesFile:
    path: Path

    @property
    def name(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class PreferencesText:
    text: str | Mapping[str, object]  # YAML text, or its keys as a JSON object
    name: str = "preferences"  # what errors call it: `preferences:3: ...`


Given = PreferencesFile | PreferencesText


@dataclass(frozen=True)
class Read:
    prefs: Preferences
    source: YamlSource
    folder: Path | None  # where a relative `catalog:` is read from: the file's, or the door's


def read_preferences(given: Given) -> Read:
    """The typed preferences; a text is bounded as a file is (JSON is YAML too, so one parser
    checks both and names lines)."""
    if isinstance(given, PreferencesFile):
        return Read(*load_preferences(given.path), given.path.parent)
    text = given.text if isinstance(given.text, str) else json.dumps(given.text, indent=2)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise PreferencesError(
            f"{given.name}: more than {MAX_BYTES >> 20} MiB: no preferences text"
        )
    return Read(*parse_preferences(text, given.name), None)
