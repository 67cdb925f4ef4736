"""Reading printed amounts: "1,833.76", "1833.76", "-", "", "0.00", "（1.00）"."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Marks printed in a cell that mean "nothing here".
BLANK_MARKS = {"", "-", "--", "—", "——", "－", "/", "－－"}

# Money units as printed ("单位：万元", "金额单位：元"), in 元.
UNIT_FACTORS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}

_AMOUNT = re.compile(r"^[-−－]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$|^[-−－]?\d+(?:\.\d+)?$")
_PAREN_NEGATIVE = re.compile(r"^[（(](.+)[)）]$")


def compact(text: str | None) -> str:
    """Cell text without any whitespace (wrapping inside a cell inserts spaces and newlines)."""
    return re.sub(r"\s+", "", text or "")


def is_blank(text: str | None) -> bool:
    return compact(text) in BLANK_MARKS


def parse_amount(text: str | None) -> Decimal | None:
    """The number printed in a cell, exactly as printed; None for a blank cell.

    Raises ValueError for text that is neither blank nor a number.
    """
    t = compact(text)
    if t in BLANK_MARKS:
        return None
    negative = False
    m = _PAREN_NEGATIVE.match(t)
    if m:
        t, negative = m.group(1), True
    if not _AMOUNT.match(t):
        raise ValueError(f"不是金额：{text!r}")
    t = t.replace(",", "").replace("，", "").replace("−", "-").replace("－", "-")
    try:
        value = Decimal(t)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above guards this
        raise ValueError(f"不是金额：{text!r}") from exc
    return -value if negative else value


def looks_like_amount(text: str | None) -> bool:
    t = compact(text)
    if t in BLANK_MARKS:
        return False
    try:
        parse_amount(t)
    except ValueError:
        return False
    return True


def unit_scale(printed: str | None, into: str | None) -> Decimal:
    """The factor turning a figure printed in ``printed`` into ``into`` (万元 into 元: 10000, 元 into
    万元: 0.0001); 1 when either unit is unknown."""
    if printed not in UNIT_FACTORS or into not in UNIT_FACTORS:
        return Decimal(1)
    return UNIT_FACTORS[printed] / UNIT_FACTORS[into]
