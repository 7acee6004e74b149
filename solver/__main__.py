"""`coursepick` and `python -m solver`: the command, in a process of its own."""

import gc


def run() -> None:
    # Start-up makes a few hundred thousand objects that live as long as the process (modules,
    # classes, the catalog's records); collecting young objects every 700 new ones rescans the
    # survivors for cycles they do not have, about 15 ms of a 0.4 s solve. Set before the
    # imports; cycles are still collected, in larger batches.
    gc.set_threshold(50_000, 10, 10)
    from solver.cli import entry

    entry()


if __name__ == "__main__":
    run()
