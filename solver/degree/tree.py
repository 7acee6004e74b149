"""A requirement list as a typed tree: leaves (a subject, an attribute, a plain string), all/any
nodes, thresholds of subjects or units, and the list's metadata. No parsing and no I/O here."""

import math
from dataclasses import dataclass, field
from typing import Literal

Op = Literal["GTE", "GT", "LTE", "LT"]  # FireRoad's names for >=, >, <=, <
Criterion = Literal["subjects", "units"]
Connection = Literal["all", "any"]

# The attributes a list may name, as FireRoad writes them (CI-H and CI-HW are quoted in files).
GIRS = ("PHY1", "PHY2", "CAL1", "CAL2", "CHEM", "BIOL", "REST", "LAB")
ATTRIBUTES = frozenset(
    {
        *(f"GIR:{code}" for code in GIRS),
        "HASS",
        "HASS-A",
        "HASS-S",
        "HASS-H",
        "HASS-E",
        "CI-H",
        "CI-HW",
    }
)
UNITS_PER_SUBJECT = 12  # FireRoad's conversion between subject and unit thresholds


@dataclass(frozen=True, slots=True)
class Threshold:
    """`{>=2}`, `{>=36u}`, `{<=1}`: a bound on the subjects or units counted under a node."""

    op: Op
    cutoff: int
    criterion: Criterion = "subjects"

    @property
    def at_least(self) -> bool:
        return self.op in ("GTE", "GT")

    @property
    def bound(self) -> int:
        """The number the count is held to: `>N` is at least N+1, `<N` at most N-1."""
        return {
            "GTE": self.cutoff,
            "GT": self.cutoff + 1,
            "LTE": self.cutoff,
            "LT": self.cutoff - 1,
        }[self.op]

    def __str__(self) -> str:
        sign = {"GTE": ">=", "GT": ">", "LTE": "<=", "LT": "<"}[self.op]
        return f"{sign}{self.cutoff}{'u' if self.criterion == 'units' else ''}"


@dataclass(frozen=True, slots=True)
class SubjectReq:
    """A subject by number, as written (`6.100A`); old and joint numbers match too."""

    number: str


@dataclass(frozen=True, slots=True)
class AttributeReq:
    """Every subject carrying an attribute: `GIR:CAL1`, `HASS-H`, `CI-H`."""

    code: str


@dataclass(frozen=True, slots=True)
class PlainReq:
    """Text a person must judge (`""3 additional subjects""`): never met by a transcript alone."""

    text: str


Req = SubjectReq | AttributeReq | PlainReq


@dataclass(frozen=True, slots=True)
class Node:
    """A statement of a list: a leaf (`req` set) or an all/any node over `children`.

    `name` is the variable it was defined as ("" for a statement written inline) and `line` the
    line of the definition it was written in. `plain` is FireRoad's plain-string flag: the whole
    statement of a definition is one `""string""`.
    """

    req: Req | None = None
    connection: Connection = "all"
    children: tuple["Node", ...] = ()
    threshold: Threshold | None = None
    distinct: Threshold | None = None
    title: str = ""
    desc: str = ""
    name: str = ""
    line: int = 0
    plain: bool = False

    @property
    def label(self) -> str:
        """What to call the node in a table: its title, else its name, else what it asks."""
        if self.title:
            return self.title
        if self.req is not None:
            return describe_req(self.req)
        if self.name:
            return self.name
        leaves = [c.req for c in self.children if c.req is not None and not c.title]
        if len(leaves) == len(self.children) <= 4:  # `(6.4100/6.3900)` reads as itself
            return (" / " if self.connection == "any" else ", ").join(map(describe_req, leaves))
        return "all of" if self.connection == "all" else "any of"


def describe_req(req: Req) -> str:
    """A leaf as FireRoad writes it in JSON's `req`: `6.100A`, `GIR:CAL1`, `CI-H`, plain text."""
    match req:
        case SubjectReq(number):
            return number
        case AttributeReq(code):
            return code
        case PlainReq(text):
            return text


@dataclass(frozen=True, slots=True)
class ReqList:
    """One requirement list: its titles, description and top-level sections, where it came
    from, and the warnings its reading raised (a doubtful line, a repaired quirk)."""

    id: str
    short_title: str = ""
    medium_title: str = ""
    title_no_degree: str = ""
    title: str = ""
    desc: str = ""
    url: str = ""
    threshold: Threshold | None = None  # a `threshold=N` in the header line
    sections: tuple[Node, ...] = ()
    source: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def root(self) -> Node:
        """The list as one node: all of its sections (and its header threshold, if any)."""
        return Node(
            children=self.sections,
            threshold=self.threshold,
            title=self.medium_title or self.title or self.id,
            name=self.id,
        )


def walk(node: Node, path: str) -> "list[tuple[str, Node]]":
    """Every node under `node` with its path (`major6-3/1/0`), parents before children."""
    found = [(path, node)]
    for index, child in enumerate(node.children):
        found.extend(walk(child, f"{path}/{index}"))
    return found


def room(node: Node) -> int:
    """How many subjects a node could count at most (units as 12-unit subjects)."""
    if node.threshold is None:
        return 1
    bound = max(node.threshold.bound, 0)
    return math.ceil(bound / 12) if node.threshold.criterion == "units" else bound
