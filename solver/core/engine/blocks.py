"""Exact building blocks over a CP-SAT model: each helper variable equals what it names (an OR,
an AND, a maximum, a conditional value), whichever way the objective pushes it."""

from collections.abc import Sequence
from typing import cast

from solver.core.encoding import Expr, Lit
from solver.cpsat import cp_model

Var = cp_model.IntVar
Linear = cp_model.LinearExpr | int


def var(literal: Lit) -> Var:
    """The model's own variable behind a literal a wish holds (each came from this model)."""
    return cast(Var, literal)


def linear(expression: Expr) -> Linear:
    """The model's own expression behind one a wish built (from this model's variables)."""
    return cast(Linear, expression)


def any_of(cp: cp_model.CpModel, literals: Sequence[Var]) -> Var | int:
    """Is one of `literals` true (0 when there are none)."""
    if len(literals) <= 1:
        return literals[0] if literals else 0
    found = cp.new_bool_var("")
    cp.add_max_equality(found, literals)
    return found


def all_of(cp: cp_model.CpModel, yes: Sequence[Var], no: Sequence[Var | int]) -> Var:
    """Are all of `yes` true and all of `no` false (0 counts as false)."""
    no_vars = [literal for literal in no if not isinstance(literal, int)]
    if len(yes) == 1 and not no_vars:
        return yes[0]
    every = [*yes, *(literal.negated() for literal in no_vars)]
    found = cp.new_bool_var("")
    for literal in every:
        cp.add_implication(found, literal)
    cp.add_bool_or([found, *(literal.negated() for literal in every)])
    return found


def max_of(cp: cp_model.CpModel, terms: Sequence[Linear], high: int) -> Var:
    """The largest of `terms`, which lies between 0 and `high`."""
    top = cp.new_int_var(0, high, "")
    cp.add_max_equality(top, terms)
    return top


def when(cp: cp_model.CpModel, condition: Var, value: Linear, high: int) -> Var:
    """`value` when `condition` holds, else 0 (`value` lies between 0 and `high`)."""
    found = cp.new_int_var(0, high, "")
    cp.add(found == value).only_enforce_if(condition)
    cp.add(found == 0).only_enforce_if(condition.negated())
    return found


def running_or(cp: cp_model.CpModel, flags: Sequence[Var]) -> list[Var | int]:
    """result[i] == OR(flags[:i])."""
    result: list[Var | int] = [0]
    for flag in flags[:-1]:
        last = result[-1]
        if isinstance(last, int):
            result.append(flag)
            continue
        seen = cp.new_bool_var("")
        cp.add_max_equality(seen, [last, flag])
        result.append(seen)
    return result
