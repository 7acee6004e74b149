"""The use cases: one typed ask and one typed answer per command, answered by one function,
shared by both doors (the command line and the MCP server), which only translate."""
