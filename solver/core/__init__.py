"""The functional core: preferences in, typed request, CP-SAT model, exact ranking, checks."""
