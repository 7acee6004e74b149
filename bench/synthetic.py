"""A seeded synthetic MIT term at any multiple of Spring 2026's size, for scaling the benchmark.

Every share below is counted from the real Spring 2026 term (MIT-FORMATS.md §4, and s26 converted
by `scrape.hydrant`, measured per section and per day/time group). The same seed and scale always
give the same catalog.
"""

import random
from datetime import UTC, date, datetime

from bench.cases import number_key
from solver.catalog.schema import Catalog, TermDates

REAL_SUBJECTS = 2668  # s26: every subject in the term file
REAL_SCHEDULED = 1589  # s26: subjects with at least one section

# sectionKinds per subject (MIT-FORMATS.md §4 "Subject shapes", plus the s26 stragglers).
SHAPES = {
    ("lecture",): 1136,
    (): 1079,
    ("lecture", "recitation"): 251,
    ("lecture", "lab"): 146,
    ("lecture", "recitation", "lab"): 21,
    ("lab",): 20,
    ("design",): 10,
    ("lecture", "design"): 2,
    ("recitation", "design"): 2,
    ("recitation",): 1,
}

# Sections per (subject, kind), as listed (room twins included); s26.
SECTION_COUNTS = {
    "lecture": {1: 1440, 2: 76, 3: 16, 4: 20, 5: 2, 6: 1, 9: 1},
    "recitation": {1: 143, 2: 74, 3: 12, 4: 24, 5: 1, 6: 1, 7: 1, 8: 4, 9: 2, 10: 1, 11: 3,
                   12: 2, 13: 2, 16: 4, 19: 1},
    "lab": {1: 119, 2: 26, 3: 15, 4: 4, 5: 1, 6: 16, 7: 1, 12: 4, 16: 1},
    "design": {1: 13, 5: 1},
}  # fmt: skip

# Of a kind's second and later sections, the share that repeats an earlier one's times in another
# room (184 of s26's sections do: R03/R05 at the same hour).
ROOM_TWIN = {"lecture": 0.04, "recitation": 0.29, "lab": 0.26, "design": 0.0}
# A subject's sections of one kind share days and length in 201 of 317 s26 cases.
NEW_PATTERN = 116 / 317

# (days, minutes) of one-group sections per kind, s26 (the long tail of rare pairs left out).
PATTERNS = {
    "lecture": {
        ("TR", 90): 469, ("MW", 90): 382, ("MWF", 60): 74, ("W", 180): 73, ("M", 180): 49,
        ("T", 180): 49, ("W", 120): 47, ("T", 120): 46, ("MTRF", 60): 39, ("MW", 60): 38,
        ("F", 120): 34, ("R", 180): 29, ("TR", 120): 28, ("R", 120): 26, ("F", 180): 26,
        ("MTWR", 60): 25, ("M", 120): 25, ("TR", 60): 21, ("T", 60): 19, ("M", 90): 17,
        ("W", 90): 16, ("MW", 120): 15, ("WF", 90): 15, ("M", 60): 13, ("MTF", 60): 12,
        ("MTWRF", 60): 5, ("W", 240): 10, ("T", 240): 8, ("TRF", 60): 8, ("MF", 90): 5,
    },
    "recitation": {
        ("F", 60): 215, ("TR", 60): 98, ("WF", 60): 69, ("R", 60): 56, ("T", 60): 39,
        ("W", 60): 38, ("F", 90): 37, ("T", 90): 24, ("MW", 60): 23, ("M", 60): 16,
        ("F", 120): 10, ("R", 90): 8, ("M", 120): 5, ("W", 120): 4, ("MW", 120): 4,
        ("T", 120): 3, ("W", 90): 2, ("R", 120): 2, ("M", 90): 1, ("MF", 60): 1,
    },
    "lab": {
        ("TR", 240): 45, ("F", 60): 41, ("F", 120): 36, ("M", 60): 25, ("T", 60): 23,
        ("F", 180): 22, ("W", 180): 18, ("R", 180): 17, ("R", 120): 14, ("M", 180): 12,
        ("T", 180): 10, ("T", 120): 10, ("R", 60): 10, ("MW", 240): 8, ("R", 90): 8,
        ("M", 120): 8, ("W", 90): 8, ("W", 120): 7, ("MW", 120): 7, ("F", 90): 6,
        ("W", 150): 6, ("TR", 90): 5, ("TR", 180): 3, ("TR", 120): 3, ("T", 90): 2,
    },
    "design": {
        ("TRF", 240): 7, ("F", 180): 3, ("M", 180): 2, ("W", 60): 2, ("MW", 180): 2,
        ("TR", 180): 1, ("R", 180): 1,
    },
}  # fmt: skip

# Start times (minutes after midnight) per kind, s26: 8:30 and 9 are early, 19:00 is evening.
STARTS = {
    "lecture": {
        420: 1, 510: 27, 540: 100, 570: 135, 600: 123, 630: 38, 660: 195, 690: 13, 720: 82,
        750: 32, 780: 319, 810: 14, 840: 120, 870: 166, 900: 117, 930: 41, 960: 82, 990: 4,
        1020: 16, 1050: 14, 1080: 2, 1110: 1, 1140: 65, 1170: 2, 1230: 1,
    },
    "recitation": {
        510: 1, 540: 30, 570: 5, 600: 92, 630: 3, 660: 109, 690: 1, 720: 81, 780: 109,
        840: 71, 870: 22, 900: 61, 930: 2, 960: 44, 990: 8, 1020: 3, 1050: 2, 1110: 1,
        1140: 9, 1170: 1,
    },
    "lab": {
        480: 2, 540: 33, 570: 5, 600: 20, 630: 2, 660: 22, 690: 2, 720: 4, 750: 4, 780: 122,
        840: 74, 870: 9, 900: 39, 930: 4, 960: 6, 1020: 1, 1140: 10, 1170: 1, 1200: 2,
    },
    "design": {540: 2, 600: 1, 660: 2, 780: 8, 840: 5},
}  # fmt: skip
LATEST_END = 22 * 60
MULTI_GROUP = 42 / 2787  # sections meeting at two different times (MW9-10.30,F9)
TBA = 47 / 2834  # sections with no time yet

# Units of scheduled subjects (0 = arranged), and of the unscheduled rest.
# HASS and CI subjects always have 12 units (136 of 137 in s26); these tables are for the others.
UNITS_SCHEDULED = {12: 840, 6: 233, 9: 125, 0: 111, 3: 59, 15: 24, 1: 17, 2: 11, 4: 6, 18: 6,
                   24: 4, 5: 2, 21: 2, 13: 1, 20: 1}  # fmt: skip
UNITS_UNSCHEDULED = {12: 240, 0: 420, 6: 99, 9: 41, 1: 31, 3: 21, 15: 7, 2: 4, 4: 7}
LECTURE_HOURS = {12: (3, 0, 9), 9: (3, 0, 6), 6: (2, 0, 4), 15: (4, 2, 9), 18: (4, 4, 10)}

# Joint (same subject, two numbers) and meets-with copies of a scheduled subject. s26 has 396
# scheduled subjects with a joint number and 496 that meet with another.
JOINT, MEETS = 0.15, 0.20
# Meets-with copies are the other level's version and carry no HASS or CI mark, so originals carry
# these marks more often than the term as a whole does; calibrated so that `measure` of a 1x term
# gives s26's HASS-H and CI-H counts.
ORIGINAL_SHARE = 1.35
EVENING = 17 * 60  # classes starting this late meet once a week (W EVE 7-10)
UNDERGRAD = 755 / 1589  # of scheduled subjects (all HASS and CI subjects are undergraduate)
# HASS categories of undergraduate subjects: scheduled ones, then unscheduled ones.
HASS_SCHEDULED = {(): 460, ("H",): 131, ("A",): 94, ("S",): 62, ("A", "H"): 6, ("E",): 2}
HASS_UNSCHEDULED = {(): 346, ("H",): 114, ("A",): 44, ("S",): 43}
CI_H_IF_HASS_H = 38 / 137  # 38 of the 137 scheduled HASS-H subjects are CI-H
CI_H_OTHERWISE, CI_HW_OTHERWISE = 12 / 618 * ORIGINAL_SHARE, 6 / 618 * ORIGINAL_SHARE
FINAL = 53 / 2668
RATED = 2011 / 2668
RATING_MEAN, RATING_SD = 6.13, 0.76


TERM_DATES = TermDates(
    start=date(2026, 2, 2),
    end=date(2026, 5, 12),
    first_half_end=date(2026, 3, 20),
    second_half_start=date(2026, 3, 30),
    holidays=[date(2026, 2, 16), *(date(2026, 3, d) for d in range(23, 28)), date(2026, 4, 20)],
)
# (half, starts, ends) of scheduled subjects, s26; the rest meet all term.
PARTS = {
    ("first", None, date(2026, 3, 20)): 57,
    ("first", None, date(2026, 3, 13)): 20,
    ("second", date(2026, 3, 30), None): 77,
    (None, date(2026, 3, 30), None): 18,
    (None, date(2026, 2, 3), None): 4,
    (None, None, date(2026, 3, 20)): 5,
    (None, date(2026, 3, 3), date(2026, 4, 9)): 2,
    (None, None, None): 1406,
}

# Subjects per department, s26.
DEPARTMENTS = {
    "15": 207, "6": 172, "4": 155, "11": 129, "2": 113, "18": 109, "21G": 108, "7": 99,
    "10": 90, "1": 88, "24": 81, "14": 80, "21L": 76, "3": 72, "CMS": 70, "12": 68, "21M": 66,
    "21W": 66, "16": 65, "5": 58, "21T": 56, "8": 53, "20": 51, "HST": 50, "22": 48,
    "21H": 48, "9": 45, "17": 40, "STS": 39, "MAS": 37, "IDS": 35, "21A": 34, "EC": 28,
    "WGS": 28, "SCM": 22, "ES": 18, "CC": 15, "AS": 9, "EM": 8, "NS": 8, "MS": 6,
}  # fmt: skip
LETTERS = {"lecture": "L", "recitation": "R", "lab": "B", "design": "D"}  # L01, R03, B02, D01
BUILDINGS = ["1", "2", "3", "4", "5", "6", "10", "24", "26", "32", "34", "36", "46", "56", "66",
             "E25", "E51", "NE45", "W20"]  # fmt: skip


def _pick(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=list(table.values()))[0]


class _Generator:
    def __init__(self, rng: random.Random, target: int) -> None:
        self.rng, self.target = rng, target
        self.subjects: list[dict] = []
        self.next_number = dict.fromkeys(DEPARTMENTS, 100)
        # Joint and meets-with copies make scheduled subjects more numerous than their originals.
        copies = 1 + JOINT + MEETS
        self.shapes = {s: n if s else n * copies for s, n in SHAPES.items()}
        self.hass = {h: n * ORIGINAL_SHARE if h else n for h, n in HASS_SCHEDULED.items()}

    def number(self, avoid: str | None = None) -> str:
        department = _pick(self.rng, DEPARTMENTS)
        while department == avoid:
            department = _pick(self.rng, DEPARTMENTS)
        self.next_number[department] += 1
        return f"{department}.{self.next_number[department]}"

    def add(self) -> None:
        rng = self.rng
        shape = _pick(rng, self.shapes)
        scheduled = bool(shape)
        undergrad = rng.random() < UNDERGRAD
        hass = list(_pick(rng, self.hass if scheduled else HASS_UNSCHEDULED)) if undergrad else []
        ci = None
        if undergrad and "H" in hass:
            ci = "CI-H" if rng.random() < CI_H_IF_HASS_H else None
        elif undergrad:
            draw = rng.random()
            if draw < CI_H_OTHERWISE:
                ci = "CI-H"
            elif draw < CI_H_OTHERWISE + CI_HW_OTHERWISE:
                ci = "CI-HW"
        units = (
            12 if hass or ci else _pick(rng, UNITS_SCHEDULED if scheduled else UNITS_UNSCHEDULED)
        )
        half, starts, ends = _pick(rng, PARTS) if scheduled else (None, None, None)
        number = self.number()
        subject = {
            "number": number,
            "title": f"Synthetic subject {number}",
            "units": _units(units),
            "level": "U" if undergrad else "G",
            "terms": ["SP"],
            "hass": hass,
            "ci": ci,
            "half": half,
            "starts": starts,
            "ends": ends,
            "has_final": rng.random() < FINAL,
            "instructors": [f"{chr(65 + rng.randrange(26))}. Synthetic"],
            "sections": [s for kind in shape for s in self.sections(kind)],
        }
        if rng.random() < RATED:
            rating = min(7.0, max(1.0, rng.gauss(RATING_MEAN, RATING_SD)))
            hours = max(0.5, (units or 9) * 0.78 * rng.lognormvariate(0, 0.35))
            subject.update(rating=round(rating, 2), hours=round(hours, 2))
        self.subjects.append(subject)
        if scheduled and rng.random() < JOINT and len(self.subjects) < self.target:
            twin = dict(subject, number=self.number(avoid=number.split(".")[0]))
            twin["title"] = f"Synthetic subject {twin['number']}"
            subject["same_as"], twin["same_as"] = [twin["number"]], [number]
            self.subjects.append(twin)
        if scheduled and rng.random() < MEETS and len(self.subjects) < self.target:
            # The graduate version of an undergraduate subject (1.089 meets with 1.89), or back.
            department = number.split(".")[0]
            self.next_number[department] += 1
            other = f"{department}.{self.next_number[department]}"
            level = "G" if undergrad else "U"
            twin = dict(subject, number=other, title=f"Synthetic subject {other}", level=level)
            twin.update(hass=[], ci=None, same_as=[])
            subject["meets_with"], twin["meets_with"] = [other], [number]
            self.subjects.append(twin)

    def sections(self, kind: str) -> list[dict]:
        rng = self.rng
        count = _pick(rng, SECTION_COUNTS[kind])
        pattern = _pick(rng, PATTERNS[kind])
        sections: list[dict] = []
        for index in range(count):
            section = {"id": f"{LETTERS[kind]}{index + 1:02d}", "kind": kind, "rooms": [_room(rng)]}
            timed = [s for s in sections if s.get("meetings")]
            if timed and rng.random() < ROOM_TWIN[kind]:
                section["meetings"] = rng.choice(timed)["meetings"]
            elif rng.random() < TBA:
                section.update(meetings=[], tba=True)
            else:
                if index and rng.random() < NEW_PATTERN:
                    pattern = _pick(rng, PATTERNS[kind])
                section["meetings"] = self.meetings(kind, pattern)
            sections.append(section)
        return sections

    def meetings(self, kind: str, pattern: tuple[str, int]) -> list[dict]:
        days, minutes = pattern
        groups = [(days, minutes)]
        others = [d for d in "MTWRF" if d not in days]
        if others and self.rng.random() < MULTI_GROUP:
            # A second time on another day, like 8.02's "MW9-10.30,F9".
            groups.append((self.rng.choice(others), 60))
        meetings = []
        for group_days, length in groups:
            start = _pick(self.rng, STARTS[kind])
            while start + length > LATEST_END:
                start = _pick(self.rng, STARTS[kind])
            if start >= EVENING:
                group_days = group_days[:1]
            meetings += [{"day": d, "start": start, "end": start + length} for d in group_days]
        return meetings


def _units(total: int) -> dict:
    if total == 0:
        return {"arranged": True}
    lecture, lab, prep = LECTURE_HOURS.get(total, (0, 0, total))
    return {"lecture": lecture, "lab": lab, "prep": prep}


def _room(rng: random.Random) -> str:
    return f"{rng.choice(BUILDINGS)}-{rng.randrange(100, 500)}"


def build_synthetic(scale: float = 1.0, seed: int = 0) -> Catalog:
    """A validated synthetic Spring 2026 with `scale` x 2,668 subjects; same inputs, same output."""
    rng = random.Random(f"coursepick synthetic {seed} {scale!r}")  # str seeds are stable
    target = max(1, round(REAL_SUBJECTS * scale))
    generator = _Generator(rng, target)
    while len(generator.subjects) < target:
        generator.add()
    subjects = sorted(generator.subjects, key=lambda s: number_key(s["number"]))
    return Catalog.model_validate(
        {
            "term": "2026SP",
            "source": "sample",
            "fetched_at": datetime(2026, 1, 1, tzinfo=UTC),
            "note": f"synthetic Spring 2026 for benchmarks: scale {scale:g}x, seed {seed}",
            "dates": TERM_DATES,
            "subjects": subjects,
        }
    )


def measure(catalog: Catalog) -> dict[str, int]:
    """The counts the generator is calibrated on, to compare a synthetic term with a real one."""
    scheduled = [s for s in catalog.subjects if s.sections]
    sections = [x for s in scheduled for x in s.sections]

    def combinations(subject) -> int:
        product = 1
        for kind in subject.kinds:
            product *= len({(tuple(x.meetings), x.tba) for x in subject.sections_of(kind)})
        return product

    return {
        "subjects": len(catalog.subjects),
        "scheduled subjects": len(scheduled),
        "sections": len(sections),
        "lecture + recitation subjects": sum(
            1 for s in scheduled if [k.value for k in s.kinds] == ["lecture", "recitation"]
        ),
        "subjects with >= 10 recitations": sum(
            1 for s in scheduled if len(s.sections_of("recitation")) >= 10
        ),
        "subjects with one combination": sum(1 for s in scheduled if combinations(s) == 1),
        "HASS-H subjects (scheduled)": sum(1 for s in scheduled if "H" in s.hass),
        "CI-H subjects (scheduled)": sum(1 for s in scheduled if s.ci == "CI-H"),
        "half-term subjects (scheduled)": sum(1 for s in scheduled if s.half),
        "joint subjects (scheduled)": sum(1 for s in scheduled if s.same_as),
        "TBA sections": sum(1 for x in sections if x.tba),
        "evening meetings (end after 18:00)": sum(
            1 for x in sections for m in x.meetings if m.end > 18 * 60
        ),
        "12-unit subjects": sum(
            1 for s in catalog.subjects if not s.units.arranged and s.units.total == 12
        ),
    }
