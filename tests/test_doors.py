"""Both doors offer the same search filters, generated from one model: the command line's
options, the MCP tool's schema and the fields of `Filter` are held equal, each option with its
field's description."""

import argparse

import anyio
from mcp.client import Client

from solver.app.desk import Desk
from solver.app.search import FILTER_OPTIONS
from solver.arguments import build_parser
from solver.core.preferences import Filter
from solver.serve.mcp import build_server

GROUP = "filters, as in an elective group's `from:`"


def _search_parser() -> argparse.ArgumentParser:
    (commands,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return commands.choices["search"]


def _cli_filters() -> dict[str, str]:
    (group,) = [g for g in _search_parser()._action_groups if g.title == GROUP]
    return {action.dest: action.help or "" for action in group._group_actions}


def _mcp_schema(tmp_path) -> dict:
    async def ask() -> dict:
        async with Client(build_server(Desk(tmp_path))) as client:
            tools = (await client.list_tools()).tools
            return next(tool.input_schema for tool in tools if tool.name == "search")

    return anyio.run(ask)


def test_every_filter_field_is_an_option():
    assert [option.field for option in FILTER_OPTIONS] == list(Filter.model_fields)
    assert all(option.description for option in FILTER_OPTIONS)


def test_the_command_line_offers_exactly_the_filters(tmp_path):
    cli = _cli_filters()
    assert list(cli) == [option.name for option in FILTER_OPTIONS]
    assert all(cli[o.name].startswith(o.description) for o in FILTER_OPTIONS)


def test_the_mcp_tool_offers_exactly_the_filters(tmp_path):
    properties = _mcp_schema(tmp_path)["properties"]
    filters = {name: p for name, p in properties.items()
               if name not in {"text", "taken", "fits", "sort", "limit"}}  # fmt: skip
    assert set(filters) == {option.name for option in FILTER_OPTIONS}
    assert {n: p["description"] for n, p in filters.items()} == {
        o.name: o.description for o in FILTER_OPTIONS
    }


def test_every_filter_field_is_tested_by_the_matcher():
    from solver.core.filters import TESTS

    assert list(TESTS) == list(Filter.model_fields)
