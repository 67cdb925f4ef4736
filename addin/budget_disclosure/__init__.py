"""budget-disclosure: read, recompute and check 预算公开 / 决算公开 disclosures.

The flow is one-way: read (files -> raw tables and text) -> recognise (raw -> typed model) ->
check (model -> findings) -> write (workbook / JSON / report). The CLI and the Excel layer are
thin adapters over it.
"""
__version__ = "0.1.0"
