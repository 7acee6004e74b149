"""Prerequisites as a typed tree, parsed once from MIT's prerequisite language.

The language (Hydrant's term files, from the catalog): `/` is or, `,` is and (`/` binds tighter),
parentheses group, `''free text''` is a condition only a person can judge (`''permission of
instructor''`), `''Coreq: 6.1903''` a subject that may be taken in the same term, `Calculus II
(GIR)` a General Institute Requirement, and `AND`/`OR` are sometimes written as words.
Examples: `6.1200, (6.100A/6.1010)`; `Physics II (GIR)/6.100A/(''Coreq: 6.1903''/6.1904)`.
Prose that is not in the language (`Single-variable calculus`) raises `PrereqSyntaxError`; the
scrape counts those and keeps the text, which then reads as a condition a person judges. So does
text longer than `MAX_LENGTH` or nested deeper than `MAX_DEPTH`: the parser and every walk over a
tree recurse once per level, and a hostile term file must not be able to exhaust the stack.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from solver.catalog.schema import Subject

# The General Institute Requirements by the codes subjects carry, named as MIT's catalog names
# them (not title-cased by rule: CAL2 is "Calculus II", REST an acronym).
GIR_NAMES = {
    "CAL1": "Calculus I", "CAL2": "Calculus II", "PHY1": "Physics I", "PHY2": "Physics II",
    "CHEM": "Chemistry", "BIOL": "Biology", "REST": "REST", "LAB": "Institute Lab",
    "LAB2": "Partial Lab",
}  # fmt: skip
# The names prerequisites and `taken:` write them by ("Calculus II (GIR)"), in capitals.
GIR_CODES = {name.upper(): code for code, name in GIR_NAMES.items()} | {"LABORATORY": "LAB"}


class PrereqSyntaxError(ValueError):
    """Prerequisite text outside the language."""


@dataclass(frozen=True)
class Course:
    """A subject that must have been taken."""

    number: str


@dataclass(frozen=True)
class Coreq:
    """A subject taken before or in the same term."""

    number: str


@dataclass(frozen=True)
class Gir:
    """A General Institute Requirement (CAL2), met by itself or by a subject that fulfils it."""

    code: str


@dataclass(frozen=True)
class Judged:
    """A condition only a person can judge: permission of instructor, "one D-Lab subject"."""

    text: str


@dataclass(frozen=True)
class All:
    parts: tuple["Prereq", ...]


@dataclass(frozen=True)
class Either:
    parts: tuple["Prereq", ...]


Prereq = Course | Coreq | Gir | Judged | All | Either

_NUMBER = r"[0-9A-Z]{1,4}\.[0-9A-Z]{1,6}"
_GIRS = "(?i:" + "|".join(sorted(GIR_CODES, key=len, reverse=True)) + ")"
_TOKEN = re.compile(
    rf"\s*(?:(?P<quoted>''(?P<inner>.*?)'')|(?P<gir>{_GIRS})\s*\(GIR\)|(?P<number>{_NUMBER})"
    r"(?![0-9A-Za-z.])|(?P<permission>(?i:permission of (?:the )?(?:instructor|department|advisor)"
    r"s?))|(?P<coreqs>(?i:coreq:))|(?P<word>(?i:and|or))\b|(?P<symbol>[(),/;\[\]]))"
)
_COREQ = re.compile(rf"coreq:\s*({_NUMBER})\s*$", re.IGNORECASE)
_NONE = {"", "NONE"}
# Bounds on what is read as the language, far above MIT's own (the real term files' longest
# prerequisite is 359 characters, nested 3 deep): beyond them a text is prose.
MAX_LENGTH = 2000
MAX_DEPTH = 16


def stated(text: str) -> bool:
    """Does the text state prerequisites at all (not blank, not "None")?"""
    return text.strip().upper() not in _NONE


def parse_prereqs(text: str) -> Prereq | None:
    """The tree of a prerequisite string; None when there is none."""
    if not stated(text):
        return None
    if len(text) > MAX_LENGTH:
        raise PrereqSyntaxError(f"longer than {MAX_LENGTH} characters")
    return _Parser(text).parse()


def count_prereqs(subjects: Iterable[Subject]) -> tuple[int, list[str]]:
    """How many subjects' prerequisites parse, and the numbers of those written in prose."""
    read, prose = 0, []
    for subject in subjects:
        try:
            read += parse_prereqs(subject.prereqs) is not None
        except PrereqSyntaxError:
            prose.append(subject.number)
    return read, prose


def describe(prereq: Prereq, nested: bool = False) -> str:
    """The tree written back in the language's own notation (GIRs by name)."""
    match prereq:
        case Course(number):
            return number
        case Coreq(number):
            return f"{number} (coreq)"
        case Gir(code):
            return f"{GIR_NAMES.get(code, code)} (GIR)"
        case Judged(text):
            return text
        case All(parts) | Either(parts):
            joiner = ", " if isinstance(prereq, All) else " / "
            written = joiner.join(describe(part, nested=True) for part in parts)
            return f"({written})" if nested else written
    raise AssertionError(prereq)  # pragma: no cover - the union is exhausted above


def _concurrent(prereq: Prereq) -> Prereq:
    """`[18.03]` in the older catalogs: subjects that may be taken in the same term."""
    match prereq:
        case Course(number):
            return Coreq(number)
        case All(parts):
            return All(tuple(map(_concurrent, parts)))
        case Either(parts):
            return Either(tuple(map(_concurrent, parts)))
    return prereq


class _Parser:
    """Recursive descent: and-list of or-lists of atoms."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = self._tokenize(text)
        self.at = 0
        self.depth = 0  # parentheses open around the token at `at`

    def _tokenize(self, text: str) -> list[tuple[str, str]]:
        tokens, position = [], 0
        stripped = text.rstrip()
        while position < len(stripped):
            found = _TOKEN.match(stripped, position)
            if not found:
                raise PrereqSyntaxError(f"cannot read {stripped[position : position + 30]!r}")
            kind = found.lastgroup or ""
            if kind == "inner":
                kind = "quoted"
            value = found.group("inner") if kind == "quoted" else found.group(kind)
            if kind == "permission":
                kind = "quoted"  # the older catalogs leave it unquoted
            tokens.append((kind, value))
            position = found.end()
        return tokens

    def parse(self) -> Prereq:
        tree = self._clauses()
        if self.at != len(self.tokens):
            raise PrereqSyntaxError(f"unexpected {self.tokens[self.at][1]!r}")
        return tree

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self, *values: str) -> bool:
        token = self._peek()
        if token and token[1].upper() in values and token[0] in ("symbol", "word"):
            self.at += 1
            return True
        return False

    def _clauses(self) -> Prereq:
        """`A; [B]` or `A; Coreq: B` (and), `A; or B` (or): the catalogs' clauses, read left to
        right. A run of clauses joined alike is one flat group, so a tree is never deeper than
        its parentheses make it."""
        tree, chained = self._clause(), False
        while self._take(";"):
            joined = Either if self._take("OR") else All
            part = self._clause()
            if chained and isinstance(tree, joined):
                tree = joined((*tree.parts, part))
            else:
                tree, chained = joined((tree, part)), True
        return tree

    def _clause(self) -> Prereq:
        token = self._peek()
        if token and token[0] == "coreqs":
            self.at += 1
            return _concurrent(self._all())
        return self._all()

    def _all(self) -> Prereq:
        """`A, B` or `A and B`; an English list `A, B, or C` is an or."""
        parts, english_or = [self._either()], False
        while self._take(",", "AND"):
            if self._take("OR"):
                english_or = True
            else:
                self._take("AND")
            parts.append(self._either())
        if len(parts) == 1:
            return parts[0]
        return Either(tuple(parts)) if english_or else All(tuple(parts))

    def _either(self) -> Prereq:
        parts = [self._atom()]
        while self._take("/", "OR"):
            parts.append(self._atom())
        return parts[0] if len(parts) == 1 else Either(tuple(parts))

    def _atom(self) -> Prereq:
        token = self._peek()
        if token is None:
            raise PrereqSyntaxError("ends where a subject was expected")
        kind, value = token
        self.at += 1
        if kind == "symbol" and value in "([":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise PrereqSyntaxError(f"nested deeper than {MAX_DEPTH} parentheses")
            inner = self._clauses()
            self.depth -= 1
            if not self._take(")" if value == "(" else "]"):
                raise PrereqSyntaxError(f"a {value} is not closed")
            return _concurrent(inner) if value == "[" else inner
        if kind == "number":
            return Course(value)
        if kind == "gir":
            code = GIR_CODES.get(" ".join(value.split()).upper())
            if code is None:
                raise PrereqSyntaxError(f"unknown GIR {value!r}")
            return Gir(code)
        if kind == "quoted":
            coreq = _COREQ.match(value.strip())
            return Coreq(coreq.group(1)) if coreq else Judged(value.strip())
        raise PrereqSyntaxError(f"unexpected {value!r}")
