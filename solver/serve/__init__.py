"""Doors that stay open: `solve --watch` and the MCP server (the command line opens them)."""
