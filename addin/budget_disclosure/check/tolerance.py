"""How far a printed figure may be from its recomputation when only rounding (尾差) is to blame.

Every printed figure is a true amount rounded half up (四舍五入) to its resolution: 0.01 for
amounts in 万元 with two decimals, 1 for counts, 0.0001 for 元 converted to 万元, 0 for a figure
that is exactly zero (a blank or 0.00 means no money at all, so it carries no rounding error).

**Sums.** A relation says Σ_L true = Σ_R true (e.g. a published total on the left, its parts on the
right). Each printed figure p = t + e with the rounding error e in (−r/2, +r/2] (half up: a tie
rounds up, so the error is +r/2 at most and strictly more than −r/2). The printed difference is

    D = Σ_L p − Σ_R p = Σ_L e − Σ_R e.

The left errors lie in (−r/2, r/2], the negated right errors in [−r/2, r/2), so when both sides
hold at least one non-zero figure, D lies strictly inside (−S, S) with S = Σ r_i / 2 over the
non-zero figures. D is a multiple of the finest resolution g, so

    |D| ≤ (⌈S / g⌉ − 1) · g.

For m non-zero figures all printed to the cent this is (⌈m/2⌉ − 1) cents: a published total of
n non-zero terms (m = n + 1) may differ from the sum of its printed terms by at most ⌊n/2⌋ cents.
One term must match exactly, two terms may be off by 0.01, three by 0.01, four by 0.02; nothing
beyond that is ever excused. (When one side is all zero, its figures are exact and the open
interval still holds from the other side's errors.)

**Shares and rates.** A printed percentage p with d decimals is the true ratio rounded, so the
true ratio lies in [p − h, p + h] with h = ½·10⁻ᵈ. The true ratio is also f(t₁, t₂ …) for true
inputs inside [pᵢ − rᵢ/2, pᵢ + rᵢ/2]. A share part/whole and a rate Δ/(current ∓ Δ) are monotone
in each input while the denominator keeps its sign, so the inputs' box maps onto
[min, max] over its corners. The printed percentage is consistent with rounding only when the two
intervals could meet: |p − f(printed)| ≤ h + the box's widest swing from f(printed) (one symmetric
bound, which the workbook can evaluate as a formula); it is exact when it equals f(printed inputs)
rounded half up to d decimals.
"""
from __future__ import annotations

import itertools
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Callable

from ..amounts import unit_scale

CENT = Decimal("0.01")


def resolution_of(text_or_value: Decimal, printed_decimals: int | None = None, floor: Decimal = CENT) -> Decimal:
    """The rounding step of a printed figure: 10^-decimals, but never coarser than ``floor``.

    Amounts in 万元 are exact to the cent even when the prose drops trailing zeros ("10.8万元"),
    so callers pass floor=0.01 for money and floor=1 for counts.
    """
    if text_or_value == 0:
        return Decimal(0)
    exponent = text_or_value.as_tuple().exponent if printed_decimals is None else -printed_decimals
    step = Decimal(1).scaleb(min(int(exponent), 0))
    return min(step, floor)


def money_resolution(value: Decimal, unit: str | None) -> Decimal:
    """The rounding step of a money figure printed in ``unit``: its printed decimals, never coarser
    than 0.01 万元 — the cent the 万元 tables print, whose trailing zeros may be dropped ("10.8").
    In 元 that floor is 100 元, so a whole number of 元 ("12,604,173") was rounded to the 元."""
    return resolution_of(value, floor=CENT * unit_scale("万元", unit or "万元"))


def sum_bound(resolutions: list[Decimal]) -> Decimal:
    """Largest difference rounding alone can explain between the two sides of a sum relation.

    ``resolutions`` are the rounding steps of the non-zero figures on both sides (see module
    docstring for the proof): (⌈S/g⌉ − 1)·g with S = Σr/2 and g the finest step.
    """
    steps = [r for r in resolutions if r > 0]
    if not steps:
        return Decimal(0)
    g = min(steps)
    half_sum = sum(steps, Decimal(0)) / 2
    k = (half_sum / g).to_integral_value(rounding=ROUND_CEILING) - 1
    return max(k, Decimal(0)) * g


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def value_range(f: Callable[..., Decimal], inputs: list[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal] | None:
    """[min, max] of f over the box of true inputs, each (printed value, resolution).

    f must be monotone in each input over the box (true for part/whole and Δ/(c−Δ) while the
    denominator keeps its sign); returns None when some corner divides by zero or the corners
    disagree in sign (the denominator crosses zero inside the box: f is unbounded there).
    """
    corners = itertools.product(*[(v - r / 2, v + r / 2) for v, r in inputs])
    values = []
    for corner in corners:
        try:
            values.append(f(*corner))
        except ArithmeticError:
            return None
    if min(values) < 0 < max(values):
        return None
    return min(values), max(values)


def ratio_verdict(printed: Decimal, decimals: int, f: Callable[..., Decimal],
                  inputs: list[tuple[Decimal, Decimal]]) -> tuple[str, Decimal | None, Decimal]:
    """Judge a printed percentage against f(inputs): ("pass" | "rounding" | "mismatch", expected, bound).

    ``expected`` is f at the printed inputs rounded like the document (half up to ``decimals``);
    ``bound`` is how far the printed value may be from f(printed inputs) through rounding alone.
    """
    try:
        exact = f(*[v for v, _ in inputs])
    except ArithmeticError:
        return "undefined", None, Decimal(0)
    expected = round_half_up(exact, decimals)
    half = Decimal(1).scaleb(-decimals) / 2
    box = value_range(f, inputs)
    if box is None:
        bound = half
    else:
        bound = max(exact - box[0], box[1] - exact) + half
    if printed == expected:
        return "pass", expected, bound
    if box is None:
        # A denominator that rounding could make zero: the printed inputs cannot pin the rate
        # down, so rounding explains any value (only figures of a few 0.01 万元 get here).
        return "rounding", expected, bound
    # One symmetric bound (the inputs' widest swing plus half a printed unit) rather than the
    # exact interval, so the workbook's formula ABS(printed − exact) ≤ bound gives the same verdict.
    if abs(printed - exact) <= bound:
        return "rounding", expected, bound
    return "mismatch", expected, bound
