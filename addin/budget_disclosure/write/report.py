"""A check report as readable text and as JSON (the model's JSON form plus the findings)."""
from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

from ..check import Report
from ..check.findings import STATUS_TEXT, Finding
from .json_form import to_dict

SEVERITY_TEXT = {"error": "错误", "warning": "警告", "info": "提示"}


def _number(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def finding_to_dict(f: Finding) -> dict:
    loc = f.location
    return {
        "rule": f.rule,
        "severity": f.severity,
        "status": f.status,
        "message": f.message,
        "location": {k: v for k, v in vars(loc).items() if v is not None},
        "published": _number(f.published),
        "expected": _number(f.expected),
        "difference": _number(f.difference),
        "tolerance": _number(f.tolerance),
        "cells": [{k: _number(v) for k, v in c.items() if v is not None} for c in f.cells],
    }


def summary_counts(report: Report) -> dict:
    statuses = Counter(o.status for o in report.outcomes)
    return {
        "checks": len(report.outcomes),
        "passed": statuses.get("pass", 0),
        "rounding": statuses.get("rounding", 0),
        "mismatch": statuses.get("mismatch", 0),
        "claims": report.prose_claims,
        "unchecked_claims": len(report.unchecked_claims),
        **{f"{k}s" if k != "info" else k: v for k, v in report.counts.items()},
    }


def report_to_dict(report: Report) -> dict:
    out = to_dict(report.disclosure)
    out["summary"] = summary_counts(report)
    out["findings"] = [finding_to_dict(f) for f in report.findings]
    out["unchecked_claims"] = report.unchecked_claims
    return out


def report_to_json(report: Report, indent: int | None = 2) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)


def _where(f: Finding, d) -> str:
    loc = f.location
    parts = []
    if loc.section:
        parts.append(loc.section)
    elif loc.table:
        parts.append(loc.table)
    if loc.page:
        parts.append(d.page_place(loc.page))
    return "，".join(parts)


def report_to_text(report: Report) -> str:
    d = report.disclosure
    s = summary_counts(report)
    lines = [
        f"文件：{d.source_text}",
        f"{d.year or '?'}年 {d.kind}公开 · {d.level or '?'} · {d.entity or '未找到单位名称'} · 金额单位：{d.unit}",
        f"核对 {s['checks']} 项：通过 {s['passed']}，尾差 {s['rounding']}，不符 {s['mismatch']}；"
        f"说明中的数字 {s['claims']} 个，其中 {s['unchecked_claims']} 个无从核对",
        f"错误 {s['errors']} · 警告 {s['warnings']} · 提示 {s['info']}",
    ]
    for f in report.findings:
        if f.severity == "info":
            continue
        lines.append("")
        lines.append(f"[{SEVERITY_TEXT[f.severity]}] {f.rule}  {_where(f, d)}")
        lines.append(f"    {f.message}")
        if f.location.sentence:
            lines.append(f"    原句：{f.location.sentence.strip()[:160]}")
    infos = [f for f in report.findings if f.severity == "info"]
    if infos:
        lines.append("")
        lines.append(f"尾差（四舍五入造成，在允许范围内）{len(infos)} 处：")
        lines.extend(f"  · {f.message}" for f in infos)
    if report.unchecked_claims:
        lines.append("")
        lines.append("说明中无从核对的数字（没有可对照的表或上年数）：")
        for i in report.unchecked_claims:
            c = d.claims[i]
            lines.append(f"  · {c.section}、{c.subject}{c.text}{c.unit}")
    return "\n".join(lines)


__all__ = ["report_to_dict", "report_to_json", "report_to_text", "finding_to_dict", "STATUS_TEXT"]
