"""What stands between the MCP server's tools and a client that may be careless or hostile:
arguments checked strictly (unknown ones refused, each mistake one line), calls answered side by
side and bounded in number, a cancelled call stopped at its next step, and every request line
read so that it gets an answer (lone surrogates and JSON nested too deeply made readable).
"""

import functools
import json
import math
import sys
import threading
from collections.abc import AsyncIterator, Callable
from io import TextIOWrapper
from typing import Any, TypeVar, cast

import anyio
import anyio.to_thread
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.stdio import stdio_server
from pydantic import ValidationError

from solver.app.desk import Desk
from solver.errors import CoursepickError, InternalError

CALLS = 4  # calls worked on at once; more wait their turn (each may hold a catalog and a solve)
MAX_DEPTH = 32  # JSON nesting a request may have; deeper values arrive as a note saying so
T = TypeVar("T")


class CheckedServer(MCPServer):
    """An MCP server whose tools refuse arguments they do not take, and whose argument errors
    are one line each, naming the tool and the argument."""

    _known: dict[str, set[str]] | None = None  # each tool's arguments, read at the first call

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        if self._known is None:
            tools = self._tool_manager.list_tools()
            self._known = {t.name: set(t.parameters.get("properties", {})) for t in tools}
        known = self._known.get(name)
        unknown = sorted(set(arguments) - known) if known is not None else []
        if unknown:
            offered = ", ".join(sorted(known or ()))
            raise ToolError(f"{name}: no argument {unknown[0]!r} (it takes {offered})")
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as error:
            if isinstance(error.__cause__, ValidationError):
                raise ToolError(_one_line(name, error.__cause__)) from None
            raise


def _one_line(tool: str, error: ValidationError) -> str:
    said = [
        f"{tool} {'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
        for problem in error.errors()
    ]
    return "; ".join(said)


class Counter:
    """Where the tools' work is done: in a worker thread each, at most `CALLS` at once, on a
    clock of the call's own that reads 'time is up' once the client cancels the call, so that
    the work stops at its next step (a ranking checks its deadline between solves)."""

    def __init__(self, desk: Desk, calls: int = CALLS) -> None:
        self.desk = desk
        self.slots = anyio.Semaphore(calls)

    async def run(self, work: Callable[[Desk], T]) -> T:
        cancelled = threading.Event()
        clock = self.desk.clock

        def call_clock() -> float:
            return math.inf if cancelled.is_set() else clock()

        desk = self.desk.on_clock(call_clock)
        async with self.slots:
            try:
                return await anyio.to_thread.run_sync(
                    functools.partial(_answer, work, desk), abandon_on_cancel=True
                )
            except anyio.get_cancelled_exc_class():
                cancelled.set()
                raise


def _answer(work: Callable[[Desk], T], desk: Desk) -> T:
    """An expected failure becomes a tool error of one line; a bug (InternalError, or any other
    exception) is left to the SDK, which logs it."""
    try:
        return work(desk)
    except InternalError:
        raise
    except CoursepickError as error:
        raise ToolError(str(error)) from None


def readable(line: str) -> str:
    """A request line the SDK can read: lone surrogates become U+FFFD and values nested deeper
    than `MAX_DEPTH` a note, so the request is answered (its arguments then refused in one
    line) instead of dropped. A line that is no JSON stays as it is."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return line
    cleaned, changed = _cleaned(data, 0)
    return json.dumps(cleaned, ensure_ascii=False) + "\n" if changed else line


def _cleaned(value: object, depth: int) -> tuple[object, bool]:
    if depth > MAX_DEPTH:
        return f"(nested more than {MAX_DEPTH} levels deep)", True
    if isinstance(value, str):
        fixed = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
        return fixed, fixed != value
    if isinstance(value, list):
        items = [_cleaned(item, depth + 1) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    if isinstance(value, dict):
        pairs = {_cleaned(k, depth + 1)[0]: _cleaned(v, depth + 1) for k, v in value.items()}
        changed = any(c for _, c in pairs.values()) or any(
            isinstance(k, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in k) for k in value
        )
        return {k: v for k, (v, _) in pairs.items()}, changed
    return value, False


class _ReadableLines:
    """The process's stdin as the SDK reads it (UTF-8, bad bytes replaced), each line made
    `readable`."""

    def __init__(self) -> None:
        self._file = anyio.wrap_file(
            TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        )

    async def __aiter__(self) -> AsyncIterator[str]:
        async for line in self._file:
            yield readable(line)


async def serve_stdio(server: MCPServer) -> None:
    """Answer on stdin and stdout until the client closes them."""
    lines = cast(anyio.AsyncFile[str], _ReadableLines())  # the transport only iterates it
    async with stdio_server(stdin=lines) as (read_stream, write_stream):
        low = server._lowlevel_server  # the SDK's own stdio run does this, with its stdin
        await low.run(read_stream, write_stream, low.create_initialization_options())
