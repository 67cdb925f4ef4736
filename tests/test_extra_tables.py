"""A table key means the same table in every family: the 13 standard keys are DOMAIN.md's, and every
other key a profile uses is declared once in data/extra_tables.toml, with the names families print."""
from __future__ import annotations

import re
import tomllib
from importlib import resources

from budget_disclosure.profiles import all_profiles

REGISTRY = tomllib.loads(resources.files("budget_disclosure").joinpath("data/extra_tables.toml").read_text("utf-8"))["extra"]
STANDARD = {f"T{n:02d}" for n in range(1, 14)}


def test_the_registry_numbers_its_keys_consecutively_after_the_standard_thirteen():
    assert [e["key"] for e in REGISTRY] == [f"T{n}" for n in range(14, 14 + len(REGISTRY))]
    # A printed name may be under two keys: 深圳's and 北京's "财政拨款“三公”经费支出表" are by year and in one row.


def test_every_profile_table_outside_the_standard_thirteen_is_a_registered_meaning():
    by_key = {e["key"]: set(e["names"]) for e in REGISTRY}
    wrong = []
    for profile in all_profiles():
        for table in profile.tables:
            if table.key in STANDARD or not re.fullmatch(r"T\d+", table.key):
                continue
            if table.name not in by_key.get(table.key, ()):
                wrong.append((profile.id, table.key, table.name))
    assert not wrong, f"extra tables not in data/extra_tables.toml under their key: {wrong}"


def test_the_registry_lists_no_name_that_no_profile_prints():
    printed = {(t.key, t.name) for p in all_profiles() for t in p.tables}
    unused = [(e["key"], n) for e in REGISTRY for n in e["names"] if (e["key"], n) not in printed]
    assert not unused
