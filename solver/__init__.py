"""coursepick's solver: the catalog schema, preferences, the CP-SAT model, ranking and rendering."""
