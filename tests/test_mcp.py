"""`coursepick mcp` as a chat assistant's client sees it: the server started as a process and
driven over stdio by the official SDK's client, once per catalog (the bundled sample, and the
real Spring 2026 term where ../shared has it). Each tool is called with good and bad input, and
its answer is compared with what the command line says for the same question.
"""

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp_types import CallToolResult

from solver.app.desk import Desk
from solver.catalog.store import sample_catalog_path, save_catalog, term_path
from solver.serve.mcp import build_server
from tests.factories import catalog, run_cli, section, subject

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "preferences.example.yaml"
TIMEOUT = 60  # seconds for one answer: far beyond what any takes, so a test fails, not hangs


@dataclass
class Server:
    """One running server, its catalog file, and a blocking way to call its tools."""

    portal: BlockingPortal
    client: Client
    catalog: Path
    errors: Path  # the server's stderr

    def call(self, tool: str, **arguments: Any) -> tuple[bool, str]:
        """(is it an error, the text of the answer: its first block)."""
        error, texts = self.blocks(tool, **arguments)
        return error, texts[0]

    def blocks(self, tool: str, **arguments: Any) -> tuple[bool, list[str]]:
        result = self.portal.call(self.client.call_tool, tool, arguments, TIMEOUT)
        return bool(result.is_error), [block.text for block in result.content]

    def answer(self, tool: str, **arguments: Any) -> Any:
        error, text = self.call(tool, **arguments)
        assert not error, text
        return json.loads(text)

    def cli(self, *argv: object) -> tuple[int, str, str]:
        """The same question asked on the command line, of the same catalog."""
        return run_cli(*argv, "--catalog", self.catalog)


@pytest.fixture(scope="module", params=["sample", pytest.param("s26", marks=pytest.mark.realdata)])
def server(request) -> Iterator[Server]:
    # The real term comes from the session's fixture (built once, skipped where it is absent).
    catalog = (
        sample_catalog_path()
        if request.param == "sample"
        else request.getfixturevalue("real_catalog")
    )
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        parameters = StdioServerParameters(
            command=sys.executable,
            args=["-m", "solver", "mcp", "--catalog", str(catalog)],
            env={"COURSEPICK_CACHE_DIR": str(folder / "cache")},
            cwd=ROOT,
        )
        errors = folder / "stderr.txt"
        with (
            errors.open("w") as errlog,
            start_blocking_portal() as portal,
            portal.wrap_async_context_manager(Client(stdio_client(parameters, errlog))) as client,
        ):
            yield Server(portal, client, catalog, errors)


def test_it_offers_the_six_tools(server):
    tools = server.portal.call(server.client.list_tools).tools
    names = sorted(tool.name for tool in tools)
    assert names == ["audit", "plan", "search", "show", "solve", "what_if"]
    assert all(tool.description for tool in tools)


def test_search_answers_as_the_command_does(server):
    found = server.answer("search", text="linear algebra", limit=5)
    _, out, _ = server.cli("search", "linear algebra", "--format", "json")
    assert found == json.loads(out)[:5]
    assert ["18.06"] in [row["numbers"] for row in found]


def test_search_filters_as_the_command_does(server):
    found = server.answer("search", hass="H", units="12", no_final=True, sort="rating", limit=500)
    argv = ["search", "--hass", "H", "--units", "12", "--no-final", "--sort", "rating"]
    _, out, _ = server.cli(*argv, "--format", "json")
    assert found == json.loads(out)
    assert found and all("HASS-H" in row["attributes"] for row in found)


@pytest.mark.parametrize(
    ("arguments", "argv", "where"),
    [
        ({"level": "X"}, ["--level", "X"], ("search --level: ", "search level: ")),
        (
            {"min_rating": 9.5},
            ["--min-rating", "9.5"],
            ("search --min-rating: ", "search min_rating: "),
        ),
        ({"units": "a-b"}, ["--units", "a-b"], ("search --units: ", "search units: ")),
        ({"can_take": "met", "hass": "Q"}, ["--can-take", "--hass", "Q"], ("--hass: ", "hass: ")),
    ],
    ids=["level", "rating", "units", "hass"],
)
def test_bad_search_filters_get_the_commands_message(server, arguments, argv, where):
    error, text = server.call("search", **arguments)
    code, _, err = server.cli("search", *argv)
    said = err.strip().split(where[0], 1)[1]  # the command's message after its option's name
    assert (code, error) == (2, True)
    assert text.endswith(where[1] + said)


def test_show_gives_prerequisite_status_for_what_was_taken(server):
    taken = "6.100A 6.1200 6.1010"
    shown = server.answer("show", subjects=["6.006", "18.03"], taken=taken)
    _, out, _ = server.cli("show", "6.006", "18.03", "--taken", taken, "--format", "json")
    assert shown == json.loads(out)
    assert [s["number"] for s in shown] == ["6.1210", "18.03"]  # 6.006 is an old number
    assert shown[0]["prereqs"]["status"] == "met"
    missing = server.answer("show", subjects="6.1210", taken=["6.100A"])
    assert missing[0]["prereqs"]["status"] == "not met"


def test_show_names_an_unknown_subject_as_the_command_does(server):
    error, text = server.call("show", subjects=["6.1210", "6.99999"])
    _, _, err = server.cli("show", "6.1210", "6.99999")
    assert error
    assert text.endswith(err.strip().removeprefix("coursepick: "))


def test_solve_returns_the_json_of_solve_format_json(server):
    answer = server.answer("solve", preferences=EXAMPLE.read_text(), top=3)
    code, out, _ = server.cli("solve", EXAMPLE, "--format", "json", "--top", 3)
    assert code == 0
    assert answer == json.loads(out)
    assert [row["rank"] for row in answer["schedules"]] == [1, 2, 3]


def test_solve_adds_the_notes_the_command_prints(server, tmp_path):
    taken = 'taken: ["6.100A", "6.1200", "6.1010", "18.02"]\n'  # prerequisites met: no note
    text = f'required: ["6.006", "18.03"]\n{taken}'
    error, blocks = server.blocks("solve", preferences=text)
    (tmp_path / "p.yaml").write_text(text)
    _, out, err = server.cli("solve", tmp_path / "p.yaml", "--format", "json")
    assert (error, json.loads(blocks[0])) == (False, json.loads(out))
    said = err.replace(f"{tmp_path / 'p.yaml'}", "preferences").replace("coursepick: ", "")
    assert blocks[1:] == [said.strip()] == ["note: 6.006 (preferences, line 1) is now 6.1210"]
    assert server.blocks("solve", preferences=f'required: ["6.1210"]\n{taken}')[1][1:] == []


def test_solve_takes_the_same_preferences_as_json(server):
    wanted = {"required": ["6.1210", "18.03"], "wishes": {"fewer_days": 1}, "top": 2}
    as_yaml = 'required: ["6.1210", "18.03"]\nwishes: {fewer_days: 1}\ntop: 2\n'
    assert server.answer("solve", preferences=wanted) == server.answer("solve", preferences=as_yaml)


def test_when_nothing_fits_solve_explains_and_corrects(server, tmp_path):
    text = 'required: ["6.1210", "18.03"]\nfree_days: [M, T, W, R, F]\n'
    answer = server.answer("solve", preferences=text)
    (tmp_path / "p.yaml").write_text(text)
    code, out, _ = server.cli("solve", tmp_path / "p.yaml", "--format", "json")
    assert code == 1
    assert answer == json.loads(out)
    assert answer["schedules"] == []
    assert answer["infeasible"]["message"].startswith("no schedule fits: ")
    assert answer["corrections"] and answer["instead"]["schedules"]


@pytest.mark.parametrize(
    "text",
    ['required: ["6.1210"\n', 'requird: ["6.1210"]\n', 'required: ["6.1210"]\nunits: lots\n'],
    ids=["half-written", "typo", "bad value"],
)
def test_bad_preferences_get_the_commands_line(server, tmp_path, text):
    (tmp_path / "preferences").write_text(text)
    code, _, err = run_cli("solve", tmp_path / "preferences")
    line = err.strip().removeprefix(str(tmp_path / "preferences"))  # `:LINE: ...`
    assert code == 2 and line.startswith(":")
    for tool in ("solve", "what_if"):
        error, said = server.call(tool, preferences=text)
        assert error
        assert said.endswith(f"preferences{line}")


def test_a_bad_argument_type_is_an_error_not_a_crash(server):
    error, text = server.call("solve", preferences=5)
    assert error and "preferences" in text
    assert server.call("show", subjects=["6.1210"])[0] is False  # still answering


def test_audit_answers_as_the_command_does(server):
    taken = "18.01 18.02 8.01 8.02 6.1200 6.1210 21W.742"
    error, texts = server.blocks("audit", programs="girs major6-3", taken=taken)
    _, out, _ = server.cli("audit", "--program", "girs", "--program", "major6-3", "--taken", taken,
                           "--format", "json")  # fmt: skip
    assert not error and json.loads(texts[0]) == json.loads(out)


def test_audit_of_an_unknown_program_is_one_line(server):
    error, text = server.call("audit", programs=["major99"], taken="6.1210")
    assert error and "\n" not in text and "major99" in text


PLAN = "programs: [minor15BA]\ntaken: [18.01, 6.100A]\nplan: {until: 2027SP, units: 48}\n"


def test_plan_answers_as_the_command_does(server, tmp_path):
    error, texts = server.blocks("plan", preferences=PLAN, top=1)
    prefs = tmp_path / "plan.yaml"
    prefs.write_text(PLAN)
    _, out, _ = server.cli("plan", prefs, "--top", "1", "--format", "json")
    assert not error and json.loads(texts[0]) == json.loads(out)
    assert json.loads(out)["plans"][0]["optimal"] is True


def test_a_plan_without_its_section_is_one_line(server):
    error, text = server.call("plan", preferences="programs: [girs]\n")
    assert error and "\n" not in text and "no plan: section" in text


def test_what_if_counts_each_rule_dropped(server):
    text = 'required: ["6.1210", "18.03"]\nfree_days: [M, T, W, R, F]\n'
    answer = server.answer("what_if", preferences=text)
    assert answer["now"]["schedules"] == 0
    dropped = {row["drop"]: row for row in answer["without"]}
    assert set(dropped) == {
        "required 6.1210", "required 18.03", *(f"free day {d}" for d in "MTWRF")
    }  # fmt: skip
    assert all(row["finished"] for row in answer["without"])
    assert dropped["required 6.1210"]["schedules"] == 0  # 18.03 still meets on some day


def test_the_server_says_nothing_alarming_on_stderr(server):
    server.call("solve", preferences='required: ["6.1210"\n')
    server.call("solve", preferences=5)
    assert "Traceback" not in server.errors.read_text()


def test_search_and_show_never_load_ortools():
    # In process, through the SDK's in-memory client: a fresh interpreter shows what was loaded.
    code = (
        "import sys, anyio\n"
        "from pathlib import Path\n"
        "from mcp.client import Client\n"
        "from solver.app.desk import Desk\n"
        "from solver.serve.mcp import build_server\n"
        "async def ask():\n"
        "    desk = Desk(Path('cache'))\n"
        "    async with Client(build_server(desk)) as client:\n"
        "        await client.call_tool('search', {'text': 'algorithms', 'hass': 'any'})\n"
        "        await client.call_tool('show', {'subjects': ['6.1210'], 'taken': 'CAL1'})\n"
        "anyio.run(ask)\n"
        "print('ortools' in sys.modules)\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=folder,
            env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=TIMEOUT,
        )  # fmt: skip
    assert (run.returncode, run.stdout) == (0, "False\n"), run.stderr


def test_the_catalog_is_chosen_as_the_command_chooses_it(cache):
    # In process (the SDK's in-memory client): the newest saved term, as `coursepick show` finds.
    lecture = section("L01", ("MWF", "10:00", "11:00"))
    save_catalog(catalog(subject("6.1000", lecture), term="2025FA"), term_path(cache, "2025FA"))
    desk = Desk(cache)

    async def ask() -> tuple[CallToolResult, CallToolResult]:
        async with Client(build_server(desk)) as client:
            shown = await client.call_tool("show", {"subjects": "6.1000"})
            other = await client.call_tool(
                "solve", {"preferences": "term: 2026SP\nrequired: ['6.1000']\n"}
            )
            return shown, other

    shown, other = anyio.run(ask)
    _, out, _ = run_cli("show", "6.1000", "--format", "json")
    assert json.loads(shown.content[0].text) == json.loads(out)
    assert other.is_error
    assert other.content[0].text.endswith(
        "no saved catalog for 2026SP (run `coursepick scrape --term 2026SP`, or pass"
        " --catalog PATH)"
    )
