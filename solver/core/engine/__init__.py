"""The weekly engine: the CP-SAT model of a request, the exact ranking, explanations, correction
sets and what-if. The only part of `solver.core` that loads OR-Tools."""
