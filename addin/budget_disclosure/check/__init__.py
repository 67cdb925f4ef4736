"""Checks: the typed model in, findings out.

    from budget_disclosure import extract
    from budget_disclosure.check import check
    report = check(extract("预算公开.pdf"))
    for f in report.findings: print(f.severity, f.rule, f.message)

Relations come from data/relations_budget.toml (see check/catalog.py); tolerance from
check/tolerance.py; the prose claims from recognise/prose.py.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Disclosure
from .catalog import Catalog, catalog_for
from .completeness import check_completeness
from .engine import Outcome, evaluate_relations
from .findings import SEVERITY_ORDER, Describer, Finding, Location, finding_from_outcome
from .hygiene import check_hygiene, is_template
from .prose import evaluate_prose, prose_claim_indexes


@dataclass
class Report:
    """Every verdict on one disclosure: the outcomes (passed ones included) and the findings."""

    disclosure: Disclosure
    outcomes: list[Outcome]
    findings: list[Finding]
    unchecked_claims: list[int] = field(default_factory=list)  # prose claims no relation covers
    prose_claims: int = 0  # figures stated in the prose (the performance forms' figures excluded)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in ("error", "warning", "info")}

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def check(d: Disclosure, catalog: Catalog | None = None) -> Report:
    catalog = catalog or catalog_for(d.kind, d.profile)
    if is_template(d):  # the blank official template: nothing to check, and its XX are expected
        return Report(d, [], [Finding("doc-template", "info", "模板", "这是未填写的公开模板（单位名称和数字是占位符），未逐项核对",
                                      Location())])
    describe = Describer(d)
    outcomes = evaluate_relations(d, catalog)
    prose_outcomes, extra, unchecked = evaluate_prose(d, catalog, describe)
    stated = len(prose_claim_indexes(d))
    outcomes += prose_outcomes
    findings = [finding_from_outcome(o, describe) for o in outcomes if o.status != "pass"]
    findings += extra
    findings += check_completeness(d, catalog, describe)
    findings += check_hygiene(d)  # nothing for the blank official template, whose placeholders are expected
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return Report(d, outcomes, findings, unchecked, stated)
