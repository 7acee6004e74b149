"""The benchmark's cases, from easy to brutal, as preferences files (`bench.picks` chooses the
subjects). Pure data: the orchestrating process imports this without loading the solver, so the
processes it starts, which inherit its memory high-water mark, report their own peak.
"""

import re
from dataclasses import dataclass, field

import yaml

WISHES = {"fewer_days": 1, "fewer_gaps": 1, "lunch": 2}
EXPLORATION_WISHES = {
    "fewer_days": 1,
    "fewer_gaps": 1,
    "later_start": {"weight": 0.5, "before": "10:00"},
    "lunch": {"weight": 2, "minutes": 45, "from": "11:30", "to": "13:30"},
    "avoid_evenings": 1,
}
# Issue 4 asks for units 36-54, but every HASS-H and CI-H subject of s26 has 12 units, so three
# required subjects and two or three electives make 60-72: the exploration cases allow that, and
# the issue's literal bounds become the second infeasible case.
EXPLORATION_UNITS = {"min": 36, "max": 72}
ISSUE_UNITS = {"min": 36, "max": 54}


def number_key(number: str) -> tuple:
    """Subject numbers in MIT's order (6.1210 before 18.03), for choices that never vary."""
    parts = re.split(r"(\d+)", number)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


@dataclass(frozen=True)
class Case:
    name: str
    catalog: str  # the catalog's label: s26, syn 1x, syn 4x ...
    preferences: dict = field(hash=False)
    feasible: bool = True  # False: the figure of merit is the time to the explanation
    friends: tuple[dict, ...] = field(default=(), hash=False)  # solved with it (`with:`)

    def render(self) -> str:
        return yaml.safe_dump(self.preferences, sort_keys=False, width=100)


@dataclass(frozen=True)
class Picks:
    """Subjects for one catalog's cases."""

    required: tuple[str, ...]  # four, with recitations, that fit together after 10:00
    pool: tuple[str, ...]  # fifteen to pick two from
    busy_day: str | None  # a day some required subject always meets on (a free day that fails)


def ladder(label: str, picks: Picks) -> list[Case]:
    """Every case on one catalog, easy to brutal; by sections unless named by subjects."""
    four, three = list(picks.required), list(picks.required[:3])
    pick_two = {"name": "2 of 15", "pick": 2, "from": list(picks.pool)}
    sections = {"by": "sections"}
    cases = [
        Case("4 required", label, {"required": four, "wishes": WISHES}),
        Case(
            "4 required + pick 2 of 15",
            label,
            {"required": four, "electives": [pick_two], "wishes": WISHES, **sections},
        ),
        Case(
            "+ nothing before 10, free Friday wished",
            label,
            {
                "required": four,
                "electives": [pick_two],
                "earliest": "10:00",
                "wishes": {**WISHES, "free_day": {"weight": 3, "days": ["F"]}},
                **sections,
            },
        ),
        Case("3 req + 1 HASS-H + 1 CI-H", label, {**exploration(three, hass=1), **sections}),
        Case("3 req + 2 HASS-H + 1 CI-H", label, {**exploration(three, hass=2), **sections}),
        Case(
            "3 req + 2 HASS-H + 1 CI-H, by subjects",
            label,
            {**exploration(three, hass=2), "by": "subjects"},
        ),
    ]
    if picks.busy_day is not None:
        free = {"required": four, "free_days": [picks.busy_day], "wishes": WISHES}
        cases.append(Case(f"infeasible: free {picks.busy_day}", label, free, feasible=False))
    issue = {**exploration(three, hass=2, units=ISSUE_UNITS), **sections}
    cases.append(Case("infeasible: 2 HASS-H, units 36-54", label, issue, feasible=False))
    return cases


# Walking, stamina and held sections (issue 14): one real-term case each, on the pick-2 case,
# and walks on the brutal exploration, where splitting sections by building costs the most.
REGISTRY_CASES = {
    "+ max_walk 10 min": {"max_walk": 10},
    "+ short_walks": {"wishes": {**WISHES, "short_walks": {"weight": 1, "over_minutes": 5}}},
    "+ max_in_a_row 3 h": {"max_in_a_row": 3},
    "+ fewer_long_runs": {"wishes": {**WISHES, "fewer_long_runs": {"weight": 1, "hours": 3}}},
    "+ keep 6.1210 R03, 18.03 R02": {
        "wishes": {**WISHES, "keep": {"6.1210": ["R03"], "18.03": ["R02"]}}
    },
}


def registry_cases(label: str, picks: Picks) -> list[Case]:
    """The new rules and wishes on the real term (keep names real s26 sections)."""
    four = list(picks.required)
    pick_two = {"name": "2 of 15", "pick": 2, "from": list(picks.pool)}
    base = {"required": four, "electives": [pick_two], "wishes": WISHES, "by": "sections"}
    cases = [Case(f"4 req + 2 of 15 {name}", label, {**base, **extra})
             for name, extra in REGISTRY_CASES.items()]  # fmt: skip
    walks = {"short_walks": {"weight": 1, "over_minutes": 5}}
    brutal = exploration(four[:3], hass=2)
    brutal = {**brutal, "wishes": {**brutal["wishes"], **walks}, "by": "sections"}
    cases.append(Case("3 req + 2 HASS-H + 1 CI-H + short_walks", label, brutal))
    cases.append(joint_case(label, picks))
    return cases


def scaling_cases(label: str, picks: Picks) -> list[Case]:
    """The exploration with the wishes whose models grow fastest with the catalog (walks between
    buildings, runs of classes), and a group open to every undergraduate subject: the cases
    that show where a term many times MIT's size costs most."""
    three = list(picks.required[:3])
    brutal = exploration(three, hass=2)
    walks = {"short_walks": {"weight": 0.2, "over_minutes": 5}}
    runs = {"fewer_long_runs": {"weight": 1, "hours": 3}}
    anything = {"name": "any U", "pick": 1, "from": {"level": "U"}}
    return [
        Case("3 req + 2 HASS-H + 1 CI-H + short_walks", label,
             {**brutal, "wishes": {**brutal["wishes"], **walks}}),
        Case("3 req + 2 HASS-H + 1 CI-H + fewer_long_runs", label,
             {**brutal, "wishes": {**brutal["wishes"], **runs}}),
        Case("3 req + 1 of every U subject", label,
             {"required": three, "electives": [anything], "wishes": EXPLORATION_WISHES, "top": 10}),
    ]  # fmt: skip


def joint_case(label: str, picks: Picks) -> Case:
    """Two students in one joint solve (issue 24): two required subjects in common, taken in
    the same sections, a common lunch, each with their own third subject and wishes."""
    four, pool = list(picks.required), list(picks.pool)
    me = {
        "required": four[:2],
        "electives": [{"name": "HASS-H", "pick": 1, "from": {"hass": "H"}}],
        "wishes": WISHES,
        "together": {"subjects": four[:2], "same": ["lecture", "recitation"], "weight": 3,
                     "meet": {"weight": 1, "minutes": 45, "from": "11:30", "to": "13:30"}},
    }  # fmt: skip
    friend = {
        "required": four[:3],
        "electives": [{"name": "1 of 15", "pick": 1, "from": pool}],
        "wishes": {"fewer_gaps": 1, "later_start": {"weight": 1, "before": "10:00"}},
    }
    return Case("joint: 2 files, together + meet", label, me, friends=(friend,))


def exploration(required: list[str], *, hass: int, units: dict = EXPLORATION_UNITS) -> dict:
    """3 required + HASS-H electives from every HASS-H subject + one CI-H, with soft wishes."""
    return {
        "required": required,
        "electives": [
            {"name": "HASS-H", "pick": hass, "from": {"hass": "H"}},
            {"name": "CI-H", "pick": 1, "from": {"ci": "CI-H"}},
        ],
        "units": units,
        "wishes": EXPLORATION_WISHES,
        "top": 10,
    }
