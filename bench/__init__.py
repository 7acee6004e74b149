"""The benchmark: coursepick's CP-SAT ranking against brute force on real and synthetic terms."""
