"""The views of requirement lists: the index of lists, a list as a tree with paths, and FireRoad's
JSON shape (compared with FireRoad's own in test_reql_fireroad)."""

import json

from solver.degree.lists import available_lists, load_list
from solver.render.requirements import render_list_index, render_list_json, render_list_text


def test_the_bundled_lists_are_there_offline(cache):
    assert [(i.id, i.origin) for i in available_lists(cache)] == [
        ("girs", "bundled"),
        ("major18gm", "bundled"),
        ("major6-3", "bundled"),
        ("major6-4", "bundled"),
        ("minor15BA", "bundled"),
    ]
    lines = render_list_index(available_lists(cache)).splitlines()
    assert lines[0].split() == ["id", "title", "from"]
    assert lines[3].split() == ["major6-3", "6-3", "Major", "bundled"]


def test_a_list_as_a_tree_names_every_path(cache):
    text = render_list_text(load_list(cache, "girs"))
    assert text.splitlines()[0] == "girs: General Institute Requirements"
    assert "  REST Requirement: at least 2 subjects from 5  [girs/2]" in text
    assert "      HASS (at least 8 subjects)  [girs/1/0/0]" in text
    assert "    (in order: [girs/0/0] to [girs/0/5])" in text
    six_three = render_list_text(load_list(cache, "major6-3"))
    assert "Elective Subjects: all of 3, and at least 3 subjects in all  [major6-3/2]" in six_three
    assert '"3 additional subjects" (judged by a person)' in six_three


def test_a_list_in_fireroads_json_shape(cache):
    document = json.loads(render_list_json(load_list(cache, "major6-3")))
    assert document["list-id"] == "major6-3.reql"
    assert document["reqs"][2]["reqs"][2] == {
        "title": "Additional EECS",
        "threshold": {"type": "GTE", "cutoff": 3, "criterion": "subjects"},
        "plain-string": True,
        "req": "3 additional subjects",
    }
