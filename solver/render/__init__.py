"""Views: pure functions from results to text, JSON, CSV, ICS and HTML. Never loads OR-Tools."""
