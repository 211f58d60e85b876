"""The test tree's own rule: pytest imports each test folder's modules by their bare names
(there are no packages under tests/), so two modules with one name in two folders stop the
whole run at collection. It did: a second `test_compare.py` failed CI before any test ran."""

from __future__ import annotations

from collections import defaultdict

from paths import ROOT


def test_every_module_pytest_imports_has_a_name_of_its_own():
    folders = {p.parent for p in (ROOT / "tests").rglob("test_*.py")}
    where = defaultdict(list)
    for folder in folders:
        for module in folder.glob("*.py"):
            if module.name != "conftest.py":    # pytest imports conftest files by their path
                where[module.stem].append(str(module.relative_to(ROOT)))
    assert len(where) > 40
    clashes = {name: paths for name, paths in where.items() if len(paths) > 1}
    assert not clashes, f"rename one of each: {clashes}"
