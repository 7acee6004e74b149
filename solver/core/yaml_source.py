"""Safe YAML reading that remembers where every value came from, so errors can name the line.

PyYAML's safe loader silently keeps the last of two duplicate keys, turns `18.100` into the float
18.1 and `10:00` into the sexagesimal integer 600. Here numbers keep their source text, duplicate
keys are refused, and each value's path (keys and list indexes) maps to its 1-based line. What is
read is bounded: no anchors and aliases (an alias bomb expands to billions of values from a few
lines) and no nesting deeper than `MAX_DEPTH`, each refused with one line.
"""

from dataclasses import dataclass, field

import yaml

from solver.errors import PreferencesError

Path_ = tuple[str | int, ...]
MAX_DEPTH = 32  # a preferences file nests four or five levels deep


class RawInt(int):
    """An int that remembers how it was written (`10:00` is read as 600 by YAML 1.1)."""

    text: str


class RawFloat(float):
    """A float that remembers how it was written (`18.100` must not become subject 18.1)."""

    text: str


@dataclass
class YamlSource:
    """Parsed YAML data plus the line of every value in it."""

    file: str
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    _nodes: set[int] = field(default_factory=set, repr=False)  # every node read: aliases repeat

    def line_of(self, path: Path_) -> int:
        """The line of the value at `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    def error(self, path: Path_, message: str) -> PreferencesError:
        return PreferencesError(f"{self.file}:{self.line_of(path)}: {message}")


def read_yaml(text: str, file: str) -> YamlSource:
    """Parse one YAML document safely (no object construction) into plain values with lines."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = error.problem or error.context or "invalid YAML"
        raise PreferencesError(
            f"{file}:{line}: YAML syntax error: {problem} (check indentation, colons and quotes)"
        ) from None
    except yaml.YAMLError as error:
        raise PreferencesError(f"{file}:1: cannot read YAML: {error}") from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise PreferencesError(
            f"{file}:1: nested too deeply (a preferences file has at most {MAX_DEPTH} levels)"
        ) from None
    source = YamlSource(file=file, data=None)
    source.data = {} if node is None else _convert(node, (), source)
    return source


_constructor = yaml.SafeLoader(stream="")

_TAG = "tag:yaml.org,2002:"
_PLAIN = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_AS_TEXT = {_TAG + name for name in ("timestamp", "binary", "merge", "value")}


def _convert(node: yaml.Node, path: Path_, source: YamlSource) -> object:
    source.lines.setdefault(path, node.start_mark.line + 1)
    if id(node) in source._nodes:  # the composer hands an alias the anchored node itself
        raise source.error(path, "anchors and aliases (& and *) are not allowed: write it out")
    source._nodes.add(id(node))
    if len(path) > MAX_DEPTH:
        raise source.error(path, f"nested too deeply (a preferences file has at most {MAX_DEPTH}"
                                 " levels)")  # fmt: skip
    if isinstance(node, yaml.CollectionNode) and node.tag not in (_TAG + "map", _TAG + "seq"):
        tag = node.tag.replace(_TAG, "!!")
        raise source.error(path, f"the tag {tag} is not allowed (write a plain value)")
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise source.error(path, "a key must be plain text")
            key = str(key_node.value)
            if key in result:
                raise PreferencesError(
                    f"{source.file}:{key_node.start_mark.line + 1}: duplicate key '{key}'"
                    " (it is already set above; keep one)"
                )
            source.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _convert(value_node, (*path, key), source)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, index), source) for index, item in enumerate(node.value)]
    if not isinstance(node, yaml.ScalarNode):  # every node is one of the three kinds
        raise source.error(path, "unexpected YAML node")
    return _scalar(node, source)


def _scalar(node: yaml.ScalarNode, source: YamlSource) -> object:
    if node.tag in _AS_TEXT:
        return node.value  # dates, timestamps and binary: keep the text the user wrote
    # Only plain values: an explicit tag (`!!python/name:os.system`, `!!int abc`) is refused.
    tag = node.tag.replace(_TAG, "!!")
    line = node.start_mark.line + 1
    if node.tag not in _PLAIN:
        raise PreferencesError(
            f"{source.file}:{line}: the tag {tag} is not allowed (write a plain value)"
        )
    try:
        value = _constructor.construct_object(node, deep=True)
    except (ValueError, KeyError):  # int('abc'), a bool that is not one
        raise PreferencesError(
            f"{source.file}:{line}: '{node.value}' is not a {tag} (remove the tag)"
        ) from None
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        raw_int = RawInt(value)
        raw_int.text = node.value
        return raw_int
    if isinstance(value, float):
        raw_float = RawFloat(value)
        raw_float.text = node.value
        return raw_float
    return value
