"""A catalog's compact copy: read back, it is the same catalog; a changed, damaged or foreign copy
is never used (the JSON is read, and the copy written anew)."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.catalog import compact
from solver.catalog.schema import Catalog, Location, Problem
from solver.catalog.store import load_catalog, sample_catalog_path, save_catalog
from tests.factories import catalog, section, subject


def _same(a: Catalog, b: Catalog) -> bool:
    return a.model_dump_json() == b.model_dump_json() and a.numbers == b.numbers


def _loaded_twice(path, cache) -> tuple[Catalog, Catalog]:
    """The first load (from JSON, writing the copy) and the second (from the copy)."""
    first = load_catalog(path, cache)
    assert compact.copy_path(cache, path).exists()
    return first, load_catalog(path, cache)


def test_the_sample_reads_back_the_same(tmp_path):
    first, second = _loaded_twice(sample_catalog_path(), tmp_path)
    assert _same(first, load_catalog(sample_catalog_path()))
    assert _same(first, second)
    assert second.subject("6.006") is second.subject("6.1210")  # old numbers are indexed


@pytest.mark.realdata
def test_the_real_term_reads_back_the_same(real_catalog, tmp_path):
    first, second = _loaded_twice(real_catalog, tmp_path)
    assert _same(first, second)
    assert second.locations and second.dates == first.dates


NUMBERS = st.sampled_from(["6.1210", "18.03", "21W.742", "8.02", "6.UAR", "HST.956"])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(numbers=st.lists(NUMBERS, unique=True, max_size=5), rating=st.none() | st.floats(0, 7))
def test_any_catalog_reads_back_the_same(tmp_path, numbers, rating):
    lecture = section("L01", ("MWF", "10:00", "11:00"), rooms=("34-101", "10-250"))
    made = catalog(*(subject(n, lecture, rating=rating, old_number=f"X.{i}")
                     for i, n in enumerate(numbers)))  # fmt: skip
    made = made.model_copy(
        update={
            "locations": {"34": Location(x=1.5, y=-2)},
            "problems": [Problem(text="t", reason="r")],
        }
    )
    path = tmp_path / f"c{len(numbers)}-{rating}.json"
    save_catalog(made, path)
    first, second = _loaded_twice(path, tmp_path / "cache")
    assert _same(first, second)


def test_a_changed_file_is_read_again(tmp_path):
    path = tmp_path / "c.json"
    save_catalog(catalog(subject("6.1210", section("L01", ("MW", "10:00", "11:00")))), path)
    load_catalog(path, tmp_path)
    save_catalog(catalog(subject("18.03", section("L01", ("TR", "10:00", "11:00")))), path)
    assert load_catalog(path, tmp_path).numbers == ["18.03"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"\xc1" + data[1:],  # a byte MessagePack never writes
        lambda data: bytes(b ^ 0x55 for b in data),  # noise
        lambda data: b"",
        lambda data: compact.msgpack.packb(["coursepick-compact", [0], [1, 2, 3], []]),  # foreign
        lambda data: compact.msgpack.packb({"a": 1}),
    ],
    ids=["truncated", "bad-byte", "noise", "empty", "foreign-layout", "not-ours"],
)
def test_a_damaged_copy_is_not_used_and_is_written_anew(tmp_path, damage):
    path = sample_catalog_path()
    load_catalog(path, tmp_path)
    copy = compact.copy_path(tmp_path, path)
    copy.write_bytes(damage(copy.read_bytes()))
    found = load_catalog(path, tmp_path)
    assert _same(found, load_catalog(path))
    assert compact.read_copy(copy, compact.stamp(path)) is not None  # rewritten


def test_a_cache_that_cannot_be_written_still_loads(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache's folder would be")
    assert _same(load_catalog(sample_catalog_path(), blocked), load_catalog(sample_catalog_path()))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_copy_is_passed_over(tmp_path):
    path = sample_catalog_path()
    load_catalog(path, tmp_path)
    compact.copy_path(tmp_path, path).chmod(0)
    assert _same(load_catalog(path, tmp_path), load_catalog(path))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=200)
    | st.builds(
        lambda body: compact.msgpack.packb(["coursepick-compact", compact.LAYOUT, [1, 2, 3], body]),
        st.recursive(
            st.none() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=5),
            lambda inner: st.lists(inner, max_size=7),
        ),
    )
)
def test_no_bytes_in_a_copy_make_reading_it_fail(tmp_path, data):
    copy = tmp_path / "copy.msgpack"
    copy.write_bytes(data)
    assert compact.read_copy(copy, [1, 2, 3]) is None
