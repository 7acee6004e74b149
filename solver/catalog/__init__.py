"""The catalog: its typed, versioned schema, clocks, and the store that loads and saves it."""
