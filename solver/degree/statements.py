"""The statement language of a `.reql` definition, read into a small syntax tree: terms, groups
in parentheses, `,` (all) and `/` (any) separators and `{...}` modifiers.

Only syntax here: which name is a variable and which a subject is decided by `solver.degree.reql`.
Depth is bounded, so a hostile statement cannot exhaust the stack.
"""

import re
from dataclasses import dataclass

from solver.degree.errors import RequirementsError
from solver.degree.tree import Threshold

MAX_DEPTH = 32  # parentheses inside one statement; real lists nest three deep


@dataclass(frozen=True, slots=True)
class Term:
    """One term as written, without its quotes; `quotes` counts them on each side."""

    text: str
    opening: int = 0
    closing: int = 0


@dataclass(frozen=True, slots=True)
class Modifier:
    threshold: Threshold | None
    distinct: Threshold | None
    zero: bool  # `{>=0}`: a list shown for information, never required (quirk 5)


@dataclass(frozen=True, slots=True)
class Level:
    """The items of one level of a statement, the separators between them, its modifiers."""

    items: tuple["Term | Level", ...]
    separators: tuple[str, ...]
    modifiers: tuple[Modifier, ...]


_SPECIAL = set('(),/{}"')
_BOUND = re.compile(r"\s*(>=|<=|=|>|<)?\s*(\d{1,6})\s*(u?)\s*")


def parse_statement(text: str, where: str) -> Level:
    """The syntax tree of one statement; `where` (`FILE:LINE`) starts every error."""
    tokens = _tokens(text, where)
    level, end = _level(tokens, 0, 0, where)
    if end != len(tokens):
        raise RequirementsError(f"{where}: a ')' closes nothing: remove it or add its '('")
    return level


def _tokens(text: str, where: str) -> list[str | Term | Modifier]:
    tokens: list[str | Term | Modifier] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "(),/":
            tokens.append(char)
            i += 1
        elif char == "{":
            end = text.find("}", i)
            if end < 0:
                raise RequirementsError(
                    f"{where}: a '{{' is never closed: write {{>=2}} or {{>=36u}}"
                )
            tokens.append(parse_modifier(text[i + 1 : end], where))
            i = end + 1
        elif char == "}":
            raise RequirementsError(f"{where}: a '}}' closes nothing")
        elif char == '"':
            opening = len(text[i:]) - len(text[i:].lstrip('"'))
            end = text.find('"', i + opening)
            if end < 0:
                raise RequirementsError(f"{where}: a quote is never closed: {text[i : i + 40]!r}")
            closing = len(text[end:]) - len(text[end:].lstrip('"'))
            tokens.append(Term(text[i + opening : end].strip(), opening, closing))
            i = end + closing
        else:
            start = i
            while i < len(text) and text[i] not in _SPECIAL:
                i += 1
            tokens.append(Term(text[start:i].strip()))
    return tokens


def parse_modifier(body: str, where: str) -> Modifier:
    """`>=2`, `>=36u`, `<=1`, `>1`, `=15u` (at least, quirk 5), and the distinct `>=4|>=2`."""
    parts = body.split("|")
    if len(parts) > 2:
        raise RequirementsError(f"{where}: the modifier {{{body}}} has more than one '|'")
    bounds = [_bound(part, body, where) if part.strip() else None for part in parts]
    first = bounds[0]
    zero = first is not None and first.op == "GTE" and first.cutoff == 0
    return Modifier(first, bounds[1] if len(bounds) == 2 else None, zero)


def _bound(part: str, body: str, where: str) -> Threshold:
    match = _BOUND.fullmatch(part)
    if match is None:
        raise RequirementsError(
            f"{where}: cannot read the modifier {{{body}}}: write {{>=2}}, {{<=1}}, {{>=36u}}"
            " or {>=4|>=2}"
        )
    op = {">=": "GTE", "<=": "LTE", ">": "GT", "<": "LT", "=": "GTE", None: "GTE"}[match[1]]
    return Threshold(op, int(match[2]), "units" if match[3] else "subjects")  # type: ignore[arg-type]


def _level(
    tokens: list[str | Term | Modifier], start: int, depth: int, where: str
) -> tuple[Level, int]:
    if depth > MAX_DEPTH:
        raise RequirementsError(f"{where}: parentheses nested more than {MAX_DEPTH} deep")
    items: list[Term | Level] = []
    separators: list[str] = []
    modifiers: list[Modifier] = []
    expect_item = True
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token == ")":
            break
        if isinstance(token, Modifier):
            modifiers.append(token)
            i += 1
            continue
        if token in (",", "/"):
            if expect_item:
                raise RequirementsError(f"{where}: '{token}' with nothing before it")
            separators.append(str(token))
            expect_item = True
            i += 1
            continue
        if not expect_item:
            before = _shown(items[-1])
            raise RequirementsError(
                f"{where}: a ',' or '/' is missing between {before} and {_shown(token)}"
            )
        if token == "(":
            inner, i = _level(tokens, i + 1, depth + 1, where)
            if i >= len(tokens):
                raise RequirementsError(f"{where}: a '(' is never closed")
            if not inner.items:
                raise RequirementsError(f"{where}: empty parentheses '()'")
            items.append(inner)
            i += 1  # the ')'
        elif isinstance(token, Term):
            items.append(token)
            i += 1
        expect_item = False
    if items and expect_item:
        raise RequirementsError(f"{where}: the statement ends with '{separators[-1]}'")
    return Level(tuple(items), tuple(separators), tuple(modifiers)), i


def _shown(item: "Term | Level | str | Modifier") -> str:
    if isinstance(item, Term):
        return repr(item.text)
    return "a group in parentheses" if isinstance(item, Level) or item == "(" else repr(item)
