"""The degree room: requirement lists as typed trees, the facts of subjects, and the audit of a
transcript against programs (what counts, what is left). Never imports the weekly engine."""
