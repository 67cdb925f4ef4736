"""budget-disclosure: read, recompute and check 预算公开 / 决算公开 disclosures.

The flow is one-way: read (files -> raw tables and text) -> recognise (raw -> typed model) ->
check (model -> findings) -> write (workbook / JSON / report). The CLI and the Excel layer are
thin adapters over it.

    >>> from budget_disclosure import extract
    >>> d = extract("samples/sample_unit_budget_2026.pdf")
    >>> d.table("T03").row("total").values["total"]
    Decimal('1833.76')
"""
__version__ = "0.1.0"

from .extract import extract, extract_text  # noqa: E402

__all__ = ["extract", "extract_text", "__version__"]
