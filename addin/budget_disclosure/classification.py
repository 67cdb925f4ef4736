"""The national 支出功能分类 (function classification) and 经济分类, loaded from data/."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from .amounts import compact

# A numbered item prefix as printed in 表1/表4: "一、", "十一、", "（一）", "1.", "①".
# A bare numeral is a prefix only with its bracket or mark: "一般公共服务支出" (杭州, unnumbered) keeps its "一".
ITEM_PREFIX = re.compile(r"^(?:[（(][一二三四五六七八九十百]+[）)][、.．]?|[一二三四五六七八九十百]+[、.．]|\d+[、.．]|[①②③④⑤⑥⑦⑧⑨⑩])")

LEVEL_BY_CODE_LENGTH = {3: "类", 5: "款", 7: "项"}


# A 功能分类 item named in prose by its path: "一般公共服务支出（类）财政事务（款）行政运行（项）", or
# with each level's code (上海): "公共安全支出（204类）司法（06款）行政运行（01项）".
# "…（类）1.…（款）…（项）": a list number before the 款 is not part of its name.
ITEM_PATH = re.compile(r"([\u4e00-\u9fff]+?)[（(]\d{0,3}类[）)]\s*(?:\d{1,2}[.．]\s*)?([^，。；：（(]+?)[（(]\d{0,2}款[）)]\s*"
                       r"([^，。；：]+?)[（(]\d{0,2}项[）)]")
# "2.行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）": a 款/项 path under the 类 named before.
ITEM_UNDER_CLASS = re.compile(r"([^，。；：（(\d.．\s]+?)[（(]\d{0,2}款[）)]\s*([^，。；：]+?)[（(]\d{0,2}项[）)]")


def item_path(text: str | None) -> tuple[str, str, str] | None:
    """(类, 款, 项) names of the item path printed in ``text``, compacted; None when there is none."""
    m = ITEM_PATH.search(compact(text)) if text else None
    return (m.group(1), m.group(2), m.group(3)) if m else None


def strip_item_prefix(label: str) -> str:
    return ITEM_PREFIX.sub("", compact(label), count=1)


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files(__package__).joinpath("data/function_classes.toml").read_text("utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def function_class_names() -> dict[str, str]:
    """name or alias (compacted) -> 类 code."""
    out: dict[str, str] = {}
    for c in _data()["classes"]:
        for n in [c["name"], *c.get("aliases", [])]:
            out[compact(n)] = c["code"]
    return out


def function_class_code(label: str) -> str | None:
    """The 类 code of an expenditure label as printed in 表1/表4 ("十一、节能环保支出" -> "211")."""
    return function_class_names().get(strip_item_prefix(label))


@lru_cache(maxsize=1)
def economic_class_names() -> dict[str, str]:
    return {compact(c["name"]): c["code"] for c in _data()["economic_classes"]}


def level_of_code(code: str) -> str | None:
    return LEVEL_BY_CODE_LENGTH.get(len(code))


def function_classes() -> list[dict]:
    """The 30 支出功能分类 类: [{code, name, aliases?}] in national order."""
    return list(_data()["classes"])


def economic_classes() -> list[dict]:
    return list(_data()["economic_classes"])


def economic_items() -> list[dict]:
    """The 款 of the economic classes most 表6 print: [{code, name, group}]."""
    return list(_data().get("economic_items", []))
