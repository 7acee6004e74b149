"""The MCP server before a careless or hostile client: arguments it does not take refused and
argument errors in one line, time limits capped, catalogs only from the cache, every request
line answered (lone surrogates, JSON nested 200 deep), calls answered side by side, and a
cancelled call stopped at its next step."""

import json
import subprocess
import sys
import threading
from pathlib import Path

import anyio
import pytest

from solver.app.desk import Desk
from solver.catalog.store import sample_catalog_path, save_catalog, term_path
from solver.catalog.warm import WarmCatalogs
from solver.serve.mcp_wire import Counter, readable
from tests.factories import catalog, section, subject

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60  # seconds: far beyond what any answer takes, so a test fails, not hangs


class Wire:
    """A server process spoken to line by line, as a raw JSON-RPC client."""

    def __init__(self, cache: Path, *args: str) -> None:
        env = {"COURSEPICK_CACHE_DIR": str(cache), "PATH": "", "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "solver", "mcp", *args], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env=env, text=True,
            encoding="utf-8",
        )  # fmt: skip
        self.send_raw(json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "test", "version": "1"}}}))  # fmt: skip
        self.reply(0)
        self.send_raw(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))

    def send_raw(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def reply(self, number: int) -> dict:
        assert self.process.stdout is not None
        timer = threading.Timer(TIMEOUT, self.process.kill)  # a reply that never comes fails
        timer.start()
        try:
            while line := self.process.stdout.readline():
                message = json.loads(line)
                if message.get("id") == number:
                    return message
        finally:
            timer.cancel()
        raise AssertionError(f"no reply to request {number}")

    def call(self, number: int, tool: str, arguments: object) -> tuple[bool, str]:
        request = {"jsonrpc": "2.0", "id": number, "method": "tools/call",
                   "params": {"name": tool, "arguments": arguments}}  # fmt: skip
        self.send_raw(json.dumps(request))
        result = self.reply(number)["result"]
        return bool(result.get("isError")), result["content"][0]["text"]

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(TIMEOUT)
        self.process.stdout.close()


@pytest.fixture(scope="module")
def wire(tmp_path_factory):
    """One server for the tests that only ask it things (each start costs ~2 s of imports);
    that it goes on answering after each of them is part of what they show."""
    server = Wire(tmp_path_factory.mktemp("cache"))
    yield server
    server.close()


def test_an_argument_the_tool_does_not_take_is_refused(wire):
    error, text = wire.call(1, "search", {"text": "algorithms", "colour": "red"})
    assert error and "\n" not in text
    assert text.startswith("search: no argument 'colour' (it takes ")


def test_a_wrong_argument_is_one_line_naming_it(wire):
    error, text = wire.call(1, "solve", {"preferences": "required: [6.1210]", "top": "many"})
    assert error and "\n" not in text and text.startswith("solve top: ")


def test_a_time_limit_beyond_five_minutes_is_refused(wire):
    error, text = wire.call(1, "solve", {"preferences": "required: [6.1210]", "time_limit": 86400})
    assert error and "\n" not in text and "time_limit" in text and "300" in text


def test_a_catalog_outside_the_cache_is_refused_saying_nothing_of_it(wire):
    said = []
    for path in ("/etc/shadow", "/etc", "/no/such/file.json", str(sample_catalog_path())):
        preferences = f"catalog: {path}\nrequired: [6.1210]\n"
        error, text = wire.call(len(said) + 1, "solve", {"preferences": preferences})
        assert error
        said.append(text)
    assert len(set(said)) == 1 and "term:" in said[0]  # the same line, whatever the path


def test_a_catalog_saved_in_the_cache_is_read(tmp_path):
    cache = tmp_path / "cache"
    lecture = section("L01", ("MWF", "10:00", "11:00"))
    save_catalog(catalog(subject("6.1000", lecture), term="2025FA"), term_path(cache, "2025FA"))
    server = Wire(cache)
    try:
        error, text = server.call(1, "solve", {"preferences": "term: 2025FA\nrequired: [6.1000]\n"})
        assert not error and json.loads(text)["catalog"]["term"] == "2025FA"
    finally:
        server.close()


@pytest.mark.parametrize(
    "arguments",
    [
        '{"text": "\\ud800 lone"}',  # a lone surrogate: not UTF-8 text
        "{" + '"text": ' + "[" * 200 + "]" * 200 + "}",  # nested 200 deep
    ],
    ids=["lone-surrogate", "nested-200-deep"],
)
def test_every_request_gets_an_answer(wire, arguments):
    line = '{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "search", ' \
           f'"arguments": {arguments}}}}}'  # fmt: skip
    wire.send_raw(line)
    assert wire.reply(7)["id"] == 7
    assert not wire.call(8, "show", {"subjects": "6.1210"})[0]  # and it goes on answering


def test_readable_leaves_good_lines_alone_and_mends_the_rest():
    good = '{"a": ["b", {"c": 1}]}\n'
    assert readable(good) is good
    assert json.loads(readable('{"a": "\\udc00x"}'))["a"] == "\ufffdx"
    deep = json.loads(readable("[" * 40 + "]" * 40))
    for _ in range(33):
        deep = deep[0]
    assert deep == "(nested more than 32 levels deep)"
    assert readable("not json\n") == "not json\n"


# Calls side by side, and cancellation, in process: the Counter the tools run their work in.


def test_a_call_is_answered_while_another_is_still_working(tmp_path):
    release = threading.Event()

    async def both() -> list[str]:
        counter = Counter(Desk(tmp_path))
        done: list[str] = []

        async def slow() -> None:
            done.append(await counter.run(lambda desk: "slow" if release.wait(TIMEOUT) else ""))

        async def quick() -> None:
            done.append(await counter.run(lambda desk: "quick"))
            release.set()

        async with anyio.create_task_group() as group:
            group.start_soon(slow)
            group.start_soon(quick)
        return done

    assert anyio.run(both) == ["quick", "slow"]


def test_a_cancelled_call_finds_its_time_is_up(tmp_path):
    started, seen = threading.Event(), []

    def work(desk: Desk) -> str:
        deadline = desk.deadline(3600)
        started.set()
        while not deadline.passed:  # a ranking checks its deadline between solves
            threading.Event().wait(0.01)
        seen.append(deadline.left)
        return "stopped"

    async def cancel() -> None:
        counter = Counter(Desk(tmp_path))
        with anyio.CancelScope() as scope:
            async with anyio.create_task_group() as group:
                group.start_soon(counter.run, work)
                await anyio.to_thread.run_sync(started.wait, TIMEOUT)
                scope.cancel()

    anyio.run(cancel)
    for _ in range(int(TIMEOUT / 0.01)):
        if seen:
            break
        threading.Event().wait(0.01)
    assert seen == [0.0]


def test_at_most_a_few_catalogs_stay_loaded(tmp_path):
    kept = WarmCatalogs(tmp_path, kept=2)
    lecture = section("L01", ("MWF", "10:00", "11:00"))
    for term in ("2024FA", "2025SP", "2025FA"):
        save_catalog(catalog(subject("6.1000", lecture), term=term), term_path(tmp_path, term))
        kept.open(term=term)
    assert {path.stem for path in kept.paths()} == {"2025SP", "2025FA"}
