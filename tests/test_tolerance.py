"""The rounding bound (尾差) is exactly what rounding can produce: never exceeded, and reached."""
import itertools
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from budget_disclosure.check.tolerance import money_resolution, ratio_verdict, resolution_of, round_half_up, sum_bound

CENT = Decimal("0.01")


def printed(true_value: Decimal) -> Decimal:
    return true_value.quantize(CENT, rounding=ROUND_HALF_UP)


# True amounts in 万元 with 元-level precision (4 decimals), as budgets are compiled. A budget line
# is never under 50元, so every true amount prints as at least 0.01: the bound's premise that a
# printed zero is a true zero (check/tolerance.py).
true_amounts = st.integers(min_value=50, max_value=10**9).map(lambda n: Decimal(n).scaleb(-4))


def bound_for(figures: list[Decimal]) -> Decimal:
    return sum_bound([resolution_of(f) for f in figures if f != 0])


@settings(max_examples=400, deadline=None)
@given(st.lists(true_amounts, min_size=1, max_size=12))
def test_a_rounded_total_never_differs_from_its_rounded_parts_beyond_the_bound(parts):
    shown_parts = [printed(p) for p in parts]
    shown_total = printed(sum(parts, Decimal(0)))
    difference = shown_total - sum(shown_parts, Decimal(0))
    assert abs(difference) <= bound_for([shown_total, *shown_parts])


@settings(max_examples=200, deadline=None)
@given(st.lists(true_amounts, min_size=1, max_size=6), st.lists(true_amounts, min_size=1, max_size=6))
def test_two_sums_of_the_same_money_stay_within_the_bound(left, right):
    # Make both sides add up to the same true total, as 表3 项目支出 = 表12 + 表13 does.
    gap = sum(left, Decimal(0)) - sum(right, Decimal(0))
    assume(gap == 0 or abs(gap) >= Decimal("0.005"))  # the balancing line is a budget line too
    right = right + [gap] if gap > 0 else right
    left = left + [-gap] if gap < 0 else left
    shown_left, shown_right = [printed(x) for x in left], [printed(x) for x in right]
    difference = sum(shown_left, Decimal(0)) - sum(shown_right, Decimal(0))
    assert abs(difference) <= bound_for(shown_left + shown_right)


def test_the_bound_is_floor_n_over_2_cents_for_a_total_of_n_terms():
    for n in range(1, 12):
        figures = [Decimal("1.00")] * (n + 1)
        assert sum_bound([resolution_of(f) for f in figures]) == CENT * (n // 2)


def test_the_bound_is_reached_so_it_excuses_nothing_that_rounding_cannot_do():
    # For n terms, search true parts in steps of 0.001 for the largest possible difference.
    for n in range(1, 6):
        worst = Decimal(0)
        for offsets in itertools.product(range(10), repeat=n):
            parts = [Decimal(1) + Decimal(o).scaleb(-3) for o in offsets]
            diff = printed(sum(parts, Decimal(0))) - sum((printed(p) for p in parts), Decimal(0))
            worst = max(worst, abs(diff))
        assert worst == CENT * (n // 2), n


def test_one_term_must_match_exactly_and_zero_figures_carry_no_rounding():
    assert bound_for([Decimal("5.00"), Decimal("5.00")]) == 0
    assert bound_for([Decimal("5.00"), Decimal("5.00"), Decimal("0.00"), Decimal("0")]) == 0
    assert bound_for([Decimal("0.01")]) == 0  # a published 0.01 whose parts are all blank


def test_mixed_resolutions_yuan_against_wanyuan():
    # 288,000元 (resolution 1元 = 0.0001万元) against 28.80万元: rounding 元 to 万元 may move 0.005.
    assert sum_bound([Decimal("0.0001"), CENT]) == Decimal("0.0050")


def test_prose_amounts_that_drop_trailing_zeros_are_still_exact_to_the_cent():
    assert resolution_of(Decimal("10.8"), floor=CENT) == CENT
    assert resolution_of(Decimal("199"), floor=CENT) == CENT
    assert resolution_of(Decimal("0.5375"), floor=CENT) == Decimal("0.0001")
    assert resolution_of(Decimal("15"), floor=Decimal(1)) == 1


def test_a_money_figure_is_rounded_to_its_printed_digits_but_never_coarser_than_a_cent_of_wanyuan():
    assert money_resolution(Decimal("10.8"), "万元") == CENT  # a 万元 table drops trailing zeros
    assert money_resolution(Decimal("99750.00"), "元") == CENT  # 元 to the cent
    assert money_resolution(Decimal("12604173"), "元") == 1  # whole 元 were rounded to the 元
    assert money_resolution(Decimal("5.5"), "元") == Decimal("0.1")
    # 9.98万元 against 99,750.00元, compared in 元: rounding 万元 to the cent may move 50元.
    assert sum_bound([money_resolution(Decimal("9.98"), "万元") * 10000, CENT]) == 50


def share(p, w):
    return p / w * 100


@settings(max_examples=400, deadline=None)
@given(true_amounts, true_amounts, st.sampled_from([0, 1, 2]))
def test_a_share_computed_from_true_figures_is_never_called_a_mismatch(part, rest, decimals):
    whole = part + rest
    shown = round_half_up(part / whole * 100, decimals)
    status, _, _ = ratio_verdict(shown, decimals, share, [(printed(part), CENT), (printed(whole), CENT)])
    assert status in ("pass", "rounding")


@settings(max_examples=400, deadline=None)
@given(true_amounts, true_amounts)
def test_a_growth_rate_computed_from_true_figures_is_never_called_a_mismatch(base, change):
    current = base + change
    shown = round_half_up(change / base * 100, 2)

    def growth(delta, cur):
        return delta / (cur - delta) * 100

    status, _, _ = ratio_verdict(shown, 2, growth, [(printed(change), CENT), (printed(current), CENT)])
    assert status != "mismatch"  # "undefined" when the printed base is zero: nothing to compare


def test_seed_002_running_costs_fell_15_46_percent_not_15_45():
    # 机关运行经费 686.97 万元, 比上年减少 125.6 万元 -> 125.60 / 812.57 = 15.457…% -> 15.46%.
    def fall(delta, cur):
        return delta / (cur + delta) * 100

    inputs = [(Decimal("125.6"), CENT), (Decimal("686.97"), CENT)]
    assert ratio_verdict(Decimal("15.45"), 2, fall, inputs)[:2] == ("mismatch", Decimal("15.46"))
    assert ratio_verdict(Decimal("15.46"), 2, fall, inputs)[0] == "pass"


def test_seed_000_growth_rate_passes_exactly():
    def growth(delta, cur):
        return delta / (cur - delta) * 100

    inputs = [(Decimal("340.87"), CENT), (Decimal("1833.76"), CENT)]
    assert ratio_verdict(Decimal("22.83"), 2, growth, inputs)[0] == "pass"


def test_a_share_off_by_its_last_digit_beyond_input_rounding_is_a_mismatch():
    inputs = [(Decimal("1570.01"), CENT), (Decimal("1833.76"), CENT)]  # 85.6164…%
    assert ratio_verdict(Decimal("85.62"), 2, share, inputs)[0] == "pass"
    assert ratio_verdict(Decimal("85.61"), 2, share, inputs)[0] == "mismatch"
    assert ratio_verdict(Decimal("85.6"), 1, share, inputs)[0] == "pass"
