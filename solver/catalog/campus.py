"""Where classes meet: rooms to buildings, buildings to map positions, and walks between them.

Positions come from the term file (Hydrant's `locations`) and, for a catalog without them, from
`buildings.json`, a table shipped with the package (taken from the newest real term file; its
`source` says which). Coordinates are Massachusetts state-plane feet, as MIT Facilities gives
them; distances are straight lines, as Hydrant measures them. No I/O beyond reading that table.
"""

import functools
import json
import math
import re
from dataclasses import dataclass
from importlib import resources

from solver.catalog.schema import Catalog

METERS_PER_FOOT = 1200 / 3937  # the US survey foot the state-plane grid is drawn in
WALKING_SPEED = 1.3  # meters a second: Hydrant's figure (650 m is its "far" warning, 8 min)
BACK_TO_BACK = 10  # minutes: a class starting within this after another ends follows it

Point = tuple[float, float]  # meters east and north on the state-plane grid


@dataclass(frozen=True)
class Campus:
    """Buildings by name, each at a point in meters."""

    buildings: dict[str, Point]
    source: str

    def building_of(self, room: str) -> str | None:
        """The building a room is in, by MIT's numbering: 34-301 is in 34, W20-491 in W20, and
        a wing such as 14N-112 in 14 when the map lists only the building. None for TBD,
        VIRTUAL, an off-campus name, or a building the map does not have."""
        name = room.strip().upper().split("-", 1)[0]
        if not re.fullmatch(r"[A-Z]{0,2}\d+[A-Z]{0,3}", name):
            return None
        if name in self.buildings:
            return name
        wing = re.fullmatch(r"(\d+)[A-Z]+", name)  # 14N, 14E, 14W: wings of building 14
        return wing[1] if wing and wing[1] in self.buildings else None

    def meters(self, a: str, b: str) -> float:
        (ax, ay), (bx, by) = self.buildings[a], self.buildings[b]
        return math.hypot(ax - bx, ay - by)


def walk_minutes(meters: float, speed: float) -> int:
    """Minutes to walk `meters` at `speed` meters a second, to the nearest minute: what the
    views show is what the rules and wishes count."""
    return round(meters / speed / 60)


def campus_of(catalog: Catalog) -> Campus:
    """The term file's own map where it has one, else the shipped table."""
    if catalog.locations:
        points = {
            name.strip().upper(): (at.x * METERS_PER_FOOT, at.y * METERS_PER_FOOT)
            for name, at in catalog.locations.items()
            if name.strip()
        }
        return Campus(points, f"the catalog's locations ({catalog.term})")
    return shipped_campus()


@functools.cache
def shipped_campus() -> Campus:
    text = resources.files("solver.catalog").joinpath("buildings.json").read_text("utf-8")
    table = json.loads(text)
    points = {
        name: (x * METERS_PER_FOOT, y * METERS_PER_FOOT)
        for name, (x, y) in table["buildings"].items()
    }
    return Campus(points, table["source"])
