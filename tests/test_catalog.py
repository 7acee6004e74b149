"""The catalog file: what `save_catalog` writes, what `load_catalog` accepts and refuses."""

import json
import os
import subprocess
import sys
from datetime import date, datetime

import pytest

from solver.catalog.clock import parse_clock
from solver.catalog.schema import (
    SCHEMA_VERSION,
    Catalog,
    Location,
    Meeting,
    Problem,
    Section,
    Subject,
    TermDates,
    Units,
)
from solver.catalog.store import load_catalog, save_catalog
from solver.errors import CatalogError
from tests.factories import catalog, section, subject


def full_catalog() -> Catalog:
    """Every field of every record set to something other than its default."""
    return Catalog(
        term="2026SP",
        source="catalog",
        source_url="http://127.0.0.1/catalog/",
        fetched_at=datetime(2026, 1, 5, 12, 30),
        note="fixture",
        dates=TermDates(
            start=date(2026, 2, 2),
            end=date(2026, 5, 12),
            first_half_end=date(2026, 3, 20),
            second_half_start=date(2026, 3, 30),
            monday_schedule=date(2026, 2, 17),
            holidays=[date(2026, 2, 16)],
        ),
        subjects=[
            Subject(
                number="21H.001",
                title="How to Stage a Revolution",
                old_number="21H.100",
                units=Units(lecture=3, lab=1, prep=8),
                level="U",
                terms=["FA", "SP"],
                gir=["REST"],
                hass=["H"],
                ci="CI-H",
                same_as=["21G.001"],
                meets_with=["21H.901"],
                half="first",
                starts=date(2026, 2, 2),
                ends=date(2026, 3, 20),
                has_final=True,
                instructors=["A. Historian"],
                prereqs="None",
                description="Revolutions, staged.",
                rating=6.1,
                hours=8.5,
                size=40.0,
                sections=[
                    Section(
                        id="L01",
                        kind="lecture",
                        rooms=["4-237"],
                        meetings=[Meeting(day="T", start="09:30", end="11:00")],
                        tba=True,
                    )
                ],
            )
        ],
        locations={"4": Location(x=1.5, y=-2.0)},
        problems=[Problem(subject="21H.002", text="TBA?", reason="unreadable", where="p.html")],
    )


def test_every_field_survives_a_save_and_a_load(tmp_path):
    path = tmp_path / "full.json"
    save_catalog(full_catalog(), path)
    assert load_catalog(path) == full_catalog()


def test_files_leave_defaults_out_but_always_say_their_version(tmp_path):
    path = tmp_path / "small.json"
    save_catalog(catalog(subject("6.1200", section("L01", ("MW", "09:30", "11:00")))), path)
    document = json.loads(path.read_text())
    assert document["schema_version"] == SCHEMA_VERSION
    saved = document["subjects"][0]
    assert "gir" not in saved and "same_as" not in saved and "has_final" not in saved
    assert saved["sections"][0]["meetings"][0] == {"day": "M", "start": "09:30", "end": "11:00"}


def test_a_file_that_spells_out_every_default_loads_the_same(tmp_path):
    small = catalog(subject("6.1200", section("L01", ("MW", "09:30", "11:00"))))
    path = tmp_path / "verbose.json"
    path.write_text(small.model_dump_json())  # defaults included, as older coursepicks wrote
    assert '"gir":[]' in path.read_text()
    assert load_catalog(path) == small


@pytest.mark.parametrize(
    ("text", "minutes"), [("00:00", 0), ("9:05", 545), ("13:30", 810), ("24:00", 1440), (600, 600)]
)
def test_clock_times(text, minutes):
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["25:00", "12:60", "1230", "noon", "12:3", "", None, True, 1.5])
def test_clock_times_refused(text):
    with pytest.raises(ValueError, match="24-hour time"):
        parse_clock(text)


def _saved_with(tmp_path, edit) -> str:
    path = tmp_path / "catalog.json"
    save_catalog(full_catalog(), path)
    document = json.loads(path.read_text())
    edit(document)
    path.write_text(json.dumps(document))
    with pytest.raises(CatalogError) as error:
        load_catalog(path)
    return str(error.value)


@pytest.mark.parametrize(
    ("field", "value", "where", "why"),
    [
        ("end", "09:00", "subjects.0.sections.0.meetings.0", "must end after it starts"),
        ("start", "9.30", "subjects.0.sections.0.meetings.0.start", "a 24-hour time"),
    ],
)
def test_a_bad_meeting_is_refused_with_its_place(tmp_path, field, value, where, why):
    def edit(document):
        document["subjects"][0]["sections"][0]["meetings"][0][field] = value

    message = _saved_with(tmp_path, edit)
    assert f"invalid catalog at {where}: " in message
    assert why in message and message.endswith("(delete it and scrape again)")


def test_a_subject_listed_twice_is_refused(tmp_path):
    message = _saved_with(tmp_path, lambda d: d["subjects"].append(d["subjects"][0]))
    assert "21H.001 is listed twice" in message


def test_a_section_id_listed_twice_is_refused(tmp_path):
    def edit(document):
        sections = document["subjects"][0]["sections"]
        sections.append(sections[0])

    assert "21H.001 lists a section id twice" in _saved_with(tmp_path, edit)


def test_an_unknown_field_is_refused(tmp_path):
    message = _saved_with(tmp_path, lambda d: d["subjects"][0].update(colour="red"))
    assert "subjects.0.colour" in message


def test_record_lists_are_tuples_so_records_stay_frozen():
    loaded = full_catalog().subjects[0]
    assert isinstance(loaded.sections, tuple) and isinstance(loaded.hass, tuple)
    assert subject("6.1200").sections == ()


@pytest.mark.parametrize(
    ("edit", "where", "why"),
    [
        (lambda d: d["subjects"][0].update(hours=float("nan")), "subjects.0.hours", "finite"),
        (lambda d: d["subjects"][0].update(rating=float("inf")), "subjects.0.rating", "finite"),
        (lambda d: d.update(schema_version=0), "schema_version",
         "schema version 0 is not a version coursepick writes"),
        (lambda d: d.update(schema_version=-7), "schema_version",
         "schema version -7 is not a version coursepick writes"),
    ],
    ids=["nan-hours", "infinite-rating", "version-0", "version-negative"],
)  # fmt: skip
def test_numbers_a_catalog_cannot_hold_are_refused(tmp_path, edit, where, why):
    # NaN would reach the scores and print as invalid JSON; version 0 was never written.
    message = _saved_with(tmp_path, edit)
    assert f"invalid catalog at {where}: " in message and why in message


@pytest.mark.parametrize("text", ["\x1b[2J", "a\rb", "tab\there", "\x9b31m"])
def test_a_catalog_file_with_control_characters_in_its_text_is_refused(tmp_path, text):
    message = _saved_with(tmp_path, lambda d: d["subjects"][0].update(title=text))
    assert message.endswith(
        "invalid catalog at subjects.0.title: text holding a control character (delete it and"
        " scrape again)"
    )


def test_line_breaks_in_descriptions_still_load():
    # Catalogs saved before control characters were refused hold them (39 in Spring 2026).
    described = subject("6.1200", description="First paragraph.\nSecond paragraph.")
    assert described.description.count("\n") == 1


def test_a_save_removes_what_a_killed_writer_left_and_nothing_else(tmp_path):
    # A real writer, stopped just before its rename and killed with SIGKILL.
    path = tmp_path / "2026SP.json"
    code = (
        "import os, sys, time; import solver.catalog.files as f; "
        "f.os.replace = lambda *a: (print('ready', flush=True), time.sleep(60)); "
        f"f.write_atomic_bytes(__import__('pathlib').Path({str(path)!r}), b'x' * 1000)"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True
    ) as writer:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        writer.kill()
    left = list(tmp_path.glob(".2026SP.json.*.tmp"))
    assert len(left) == 1  # what kill -9 leaves behind
    live = tmp_path / f".2026SP.json.{os.getpid()}.another.tmp"  # a writer still at work
    live.write_bytes(b"")
    save_catalog(full_catalog(), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, live.name])
