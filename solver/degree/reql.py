"""Reading a FireRoad requirement list (`.reql`) into a `ReqList`, as written (MIT-FORMATS
section 5): the header, the description, the top-level sections and the definitions.

FireRoad's quirks are repaired the documented way, with a warning where a list is doubtful: a
section never defined (shown as a manual requirement), mixed `,` and `/` at one level (the last
decides), a definition line without `:=`, a term that is neither subject, attribute nor name.
A malformed list raises one `RequirementsError` naming the file and line. Size, nesting and
expansion are bounded, so a hostile list can exhaust neither the stack nor the memory.
"""

import dataclasses
import re
from dataclasses import dataclass

from solver.degree.errors import RequirementsError
from solver.degree.statements import Level, Modifier, Term, parse_statement
from solver.degree.tree import (
    ATTRIBUTES,
    AttributeReq,
    Node,
    PlainReq,
    Req,
    ReqList,
    SubjectReq,
    Threshold,
)

MAX_BYTES = 1 << 20  # the largest real list is 17 KiB
MAX_DEPTH = 48  # variables inside variables, with their parentheses; real lists use five
MAX_NODES = 20_000  # nodes once every variable is expanded at each use; real lists: under 900
MAX_WARNINGS = 50  # a list with more is broken beyond what a warning each can help
SUBJECT = re.compile(r"[A-Za-z0-9]+\.[A-Za-z0-9]+")


@dataclass(frozen=True, slots=True)
class _Definition:
    name: str
    title: str
    level: Level
    line: int


@dataclass(frozen=True, slots=True)
class _Built:
    """A node built from a definition, with its size and height once variables expand."""

    node: Node
    size: int
    height: int


def parse_reql(text: str, list_id: str, *, file: str = "", source: str = "") -> ReqList:
    """The list in `text`; `file` names it in errors and warnings (default `<list_id>.reql`)."""
    reader = _Reader(list_id, file or f"{list_id}.reql")
    return reader.read(text, source)


class _Reader:
    def __init__(self, list_id: str, file: str) -> None:
        self.list_id, self.file = list_id, file
        self.warnings: list[str] = []
        self.definitions: dict[str, _Definition] = {}
        self.built: dict[str, _Built] = {}
        self.building: list[str] = []

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"{self.file}:{line}: {message}")

    def fail(self, line: int, message: str) -> RequirementsError:
        return RequirementsError(f"{self.file}:{line}: {message}")

    def read(self, text: str, source: str) -> ReqList:
        if len(text) > MAX_BYTES:
            raise self.fail(1, f"{len(text)} characters: a requirement list is at most 1 MiB")
        lines = _lines(text)
        if not lines:
            raise self.fail(1, "empty file: a requirement list starts with its titles")
        header_line, header = lines.pop(0)
        meta = self._header(header, header_line)
        desc = ""
        if lines:
            desc = _repair(lines.pop(0)[1].replace("\\n", "\n"))
        if lines and lines[0][1]:
            raise self.fail(lines[0][0], "expected an empty line after the description line")
        lines = lines[1:]
        sections: list[tuple[str, str, int]] = []
        while lines and lines[0][1]:
            number, name = lines.pop(0)
            description = _undecorated(lines.pop(0)[1]) if lines else ""
            if ":=" in name or ":=" in description:
                raise self.fail(
                    number,
                    "a definition among the top-level sections: is the empty line"
                    " after the last section's description missing?",
                )
            sections.append((_undecorated(name), _repair(description.replace("\\n", "\n")), number))
        for number, line in lines:
            self._definition(number, line)
        for definition in self.definitions.values():
            self._node(definition.name)  # every definition, used or not, must read
        built = tuple(self._section(*section) for section in sections)
        size = sum(self.built[s.name].size if s.name in self.built else 1 for s in built)
        if size > MAX_NODES:
            raise self.fail(1, f"the list expands to more than {MAX_NODES} requirements")
        warnings = self.warnings[:MAX_WARNINGS]
        if len(self.warnings) > MAX_WARNINGS:
            warnings.append(f"{self.file}: and {len(self.warnings) - MAX_WARNINGS} more warnings")
        return dataclasses.replace(
            meta, desc=desc, sections=built, source=source, warnings=tuple(warnings)
        )

    def _header(self, line: str, number: int) -> ReqList:
        """The titles, url and threshold of line 1, as a list without sections yet."""
        parts = [_repair(part.strip()) for part in line.split("#,#")]
        named = [p for p in parts[2:] if re.match(r"(threshold|url)\s*=", p)]
        titles = [p for p in parts if p not in named] + ["", ""]
        rest = [p for p in titles[2:] if p]
        # FireRoad's reading: two more parts are the title without degree, then the title.
        title_no_degree, title = (rest[0], rest[1]) if len(rest) > 1 else ("", "".join(rest))
        for extra in rest[2:]:
            self.warn(number, f"header part {extra!r} is not a title, url= or threshold=: ignored")
        url, threshold = "", None
        for part in named:
            key, _, value = (s.strip() for s in part.partition("="))
            if key == "url":
                url = value
            elif value.isdigit():
                threshold = Threshold("GTE", int(value))
            else:
                raise self.fail(number, f"threshold={value!r} in the header is not a number")
        return ReqList(
            self.list_id, titles[0], titles[1], title_no_degree, title, url=url, threshold=threshold
        )

    def _definition(self, number: int, line: str) -> None:
        if not line:
            return
        if ":=" not in line:
            self.warn(number, f"a definition line without ':=' is skipped: {line[:60]!r}")
            return
        if line.count(":=") > 1:
            raise self.fail(number, "more than one ':=' on a line: write one definition a line")
        declaration, statement = line.split(":=")
        name, _, title = declaration.partition(",")
        name = _undecorated(name)
        if not name:
            raise self.fail(number, "a definition without a name before ':='")
        if name in self.definitions:
            first = self.definitions[name].line
            self.warn(number, f"{name} is defined again (first on line {first}): the last counts")
        level = parse_statement(statement, f"{self.file}:{number}")
        if len(set(level.separators)) > 1:  # quirk 4, as FireRoad: the last separator decides
            self.warn(
                number,
                f"',' and '/' mixed at one level without parentheses: read as"
                f" {'all' if level.separators[-1] == ',' else 'any'}",
            )
        self.definitions[name] = _Definition(name, _repair(_undecorated(title)), level, number)

    def _section(self, name: str, desc: str, number: int) -> Node:
        if name not in self.definitions:  # quirk 3: FireRoad drops this and later sections
            self.warn(
                number,
                f"top-level section {name!r} is never defined: shown as a manual requirement",
            )
            return Node(
                req=PlainReq(name), title=name, desc=desc, name=name, line=number, plain=True
            )
        return dataclasses.replace(self._node(name).node, desc=desc)

    def _node(self, name: str) -> _Built:
        """The node a variable stands for, built once, with its size and height expanded."""
        if name in self.built:
            return self.built[name]
        definition = self.definitions[name]
        if name in self.building:
            chain = " -> ".join([*self.building[self.building.index(name) :], name])
            raise self.fail(definition.line, f"{name} is defined through itself: {chain}")
        if len(self.building) > MAX_DEPTH:
            raise self.fail(definition.line, f"requirements nested more than {MAX_DEPTH} deep")
        self.building.append(name)
        built = self._statement(definition)
        self.building.pop()
        self.built[name] = built
        return built

    def _statement(self, definition: _Definition) -> _Built:
        level, line = definition.level, definition.line
        threshold, distinct, zero = self._modifier(level.modifiers, line)
        title, name = definition.title, definition.name
        if len(level.items) == 1 and isinstance(level.items[0], Term):
            term = level.items[0]
            if self._variable(term) is None:
                req = self._req(term, line)
                plain = isinstance(req, PlainReq) and term.opening == term.closing == 2
                node = Node(
                    req=req,
                    threshold=threshold,
                    distinct=distinct,
                    title=title,
                    name=name,
                    line=line,
                    plain=plain,
                )
                return _Built(node, 1, 1)
        built = self._group(level, line)
        if built.node.name:  # `x := y`, `x := (y)`: x holds y, as FireRoad builds it
            node = Node(
                children=(built.node,),
                connection="any" if zero else "all",
                threshold=threshold,
                distinct=distinct,
                title=title,
                name=name,
                line=line,
            )
            return self._checked(_Built(node, built.size + 1, built.height + 1), line)
        node = dataclasses.replace(built.node, title=title, name=name, line=line)
        return _Built(node, built.size, built.height)

    def _group(self, level: Level, line: int) -> _Built:
        threshold, distinct, zero = self._modifier(level.modifiers, line)
        if len(level.items) == 1:
            inner = self._item(level.items[0], line)
            if threshold is None and distinct is None:
                return inner
            node = inner.node
            if not node.name and node.threshold is None and node.distinct is None:
                connection = "any" if zero else node.connection
                merged = dataclasses.replace(
                    node, threshold=threshold, distinct=distinct, connection=connection
                )
                return _Built(merged, inner.size, inner.height)
            wrapper = Node(
                children=(node,),
                threshold=threshold,
                distinct=distinct,
                line=line,
                connection="any" if zero else "all",
            )
            return self._checked(_Built(wrapper, inner.size + 1, inner.height + 1), line)
        children, size, height = [], 1, 1
        for item in level.items:
            built = self._item(item, line)
            children.append(built.node)
            size, height = size + built.size, max(height, built.height + 1)
        connection = "any" if zero or level.separators[-1] == "/" else "all"
        node = Node(
            connection=connection,
            children=tuple(children),
            threshold=threshold,
            distinct=distinct,
            line=line,
        )
        return self._checked(_Built(node, size, height), line)

    def _item(self, item: Term | Level, line: int) -> _Built:
        if isinstance(item, Level):
            if len(set(item.separators)) > 1:
                self.warn(
                    line,
                    "',' and '/' mixed at one level without parentheses: read as"
                    f" {'all' if item.separators[-1] == ',' else 'any'}",
                )
            return self._group(item, line)
        name = self._variable(item)
        if name is not None:
            return self._node(name)
        return _Built(Node(req=self._req(item, line), line=line), 1, 1)

    def _checked(self, built: _Built, line: int) -> _Built:
        if built.size > MAX_NODES:
            raise self.fail(line, f"the list expands to more than {MAX_NODES} requirements")
        if built.height > MAX_DEPTH:
            raise self.fail(line, f"requirements nested more than {MAX_DEPTH} deep")
        return built

    def _variable(self, term: Term) -> str | None:
        quoted_alike = term.opening == term.closing and term.opening < 2
        return term.text if quoted_alike and term.text in self.definitions else None

    def _req(self, term: Term, line: int) -> Req:
        text = term.text
        if term.opening != term.closing:
            self.warn(line, f"unbalanced quotes around {text!r}: read as plain text")
            return PlainReq(_repair(text))
        if term.opening == 2:
            if not text:
                self.warn(line, 'an empty plain string """"')
            return PlainReq(_repair(text))
        if text.upper() in ATTRIBUTES:
            return AttributeReq(text.upper())
        if SUBJECT.fullmatch(text):
            return SubjectReq(text.upper())
        how = (
            "written in single quotes"
            if term.opening
            else "neither a subject number, an attribute nor a name defined in this list"
        )
        self.warn(line, f"{text!r} is {how}: read as plain text a person judges")
        return PlainReq(_repair(text))

    def _modifier(
        self, modifiers: tuple[Modifier, ...], line: int
    ) -> tuple[Threshold | None, Threshold | None, bool]:
        if not modifiers:
            return None, None, False
        if len(modifiers) > 1:
            self.warn(line, "more than one modifier at one level: the first counts")
        first = modifiers[0]
        return first.threshold, first.distinct, first.zero


def _lines(text: str) -> list[tuple[int, str]]:
    """Numbered lines, stripped, comments cut; a line that starts with `%%` is dropped whole
    (FireRoad's reading: it does not end the list of sections as an empty line does)."""
    kept = []
    for number, raw in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        if raw.startswith("%%"):
            continue
        kept.append((number, raw.split("%%", 1)[0].strip()))
    return kept


def _undecorated(text: str) -> str:
    return text.strip(" \t\r\n\"'")


def _repair(text: str) -> str:
    """Text saved as UTF-8 after being read as Latin-1 (quirk 6): `â\x80\x93` is an en dash."""
    if all(ord(c) <= 127 for c in text):
        return text
    from ftfy import fix_encoding  # 0.1 s to import: only for a list that needs it

    return fix_encoding(text)
