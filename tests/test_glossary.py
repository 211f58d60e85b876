"""One term per concept: docs/glossary.yaml lists the Russian term for each concept with its forbidden
variants, and British spellings with their American forms. This test scans the bank, the site's pages, the
coding tasks' statements and the tool's messages and reports every forbidden variant with file and line."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = yaml.safe_load((ROOT / "docs" / "glossary.yaml").read_text(encoding="utf-8"))
GENERATED_PAGES = {"bank", "claims", "tasks"}          # written by the site hook from the bank and the code
NOT_TEXT = {"id", "section", "kind", "difficulty", "tags", "follow_ups", "refs", "compute", "task", "params",
            "tolerance", "formula", "starter", "solution", "forbidden", "examples", "checks"}
CYRILLIC = re.compile(r"[а-яё]", re.I)


def _prose(text: str) -> str:
    """Drop what is not prose: fenced and inline code, placeholders, math, links' targets."""
    text = re.sub(r"```.*?```|~~~.*?~~~", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}|\[\[\w+\]\]", "", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"\]\([^)]*\)", "]", text)


def _yaml_texts(node, lang=None, key=None):
    """(lang, text) for every text of a bank entry or a task statement, by the ru/en key above it."""
    if key in NOT_TEXT:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _yaml_texts(v, k if k in ("ru", "en") else lang, k)
    elif isinstance(node, list):
        for item in node:
            yield from _yaml_texts(item, lang, key)
    elif isinstance(node, str) and lang:
        yield lang, node


def _line_of(path: Path, snippet: str) -> int:
    text = path.read_text(encoding="utf-8")
    at = text.find(snippet[:60])
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def sources():
    """(path, lang, text) for every text the glossary governs."""
    for path in sorted((ROOT / "questions").glob("*.yaml")) + sorted((ROOT / "seqprep" / "grading" / "tasks")
                                                                    .glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for lang, text in _yaml_texts(data):
            yield path, lang, text
    for path in sorted((ROOT / "site").glob("*.md")):
        stem = path.name.split(".")[0]
        if stem in GENERATED_PAGES:
            continue
        yield path, "en" if path.name.endswith(".en.md") else "ru", path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "seqprep").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                yield path, "ru" if CYRILLIC.search(node.value) else "en", node.value


def _rules():
    for entry in GLOSSARY["ru"]:
        for pattern in entry["forbidden"]:
            yield "ru", re.compile(pattern, re.I), f"use «{entry['term']}» for {entry['concept']}"
    for british, american in GLOSSARY["en"]["spelling"].items():
        yield "en", re.compile(british, re.I), f"American spelling: {american}…"
    for entry in GLOSSARY["en"]["terms"]:
        for pattern in entry["forbidden"]:
            yield "en", re.compile(pattern, re.I), f"use \"{entry['term']}\" for {entry['concept']}"


RULES = list(_rules())
SOURCES = list(sources())


def test_the_glossary_is_well_formed():
    assert len(GLOSSARY["ru"]) >= 10 and GLOSSARY["en"]["spelling"] and GLOSSARY["en"]["terms"]
    for entry in GLOSSARY["ru"]:
        assert entry["concept"] and entry["term"] and entry["forbidden"]
        for pattern in entry["forbidden"]:
            assert not re.search(pattern, entry["term"], re.I), f"the term itself is forbidden: {entry['term']}"


def test_the_scan_reaches_every_kind_of_source():
    kinds = {("questions" if "questions" in p.parts else "tasks" if "tasks" in p.parts else
              "site" if "site" in p.parts and p.suffix == ".md" else "seqprep") for p, _, _ in SOURCES}
    assert kinds == {"questions", "tasks", "site", "seqprep"}
    assert {lang for _, lang, _ in SOURCES} == {"ru", "en"}


def test_no_forbidden_variant_anywhere():
    hits = []
    for path, lang, text in SOURCES:
        prose = _prose(text)
        for rule_lang, pattern, advice in RULES:
            if rule_lang != lang:
                continue
            for match in pattern.finditer(prose):
                hits.append(f"{path.relative_to(ROOT)}:{_line_of(path, match.group(0)) or '?'}: "
                            f"«{match.group(0)}» — {advice}")
    assert not hits, f"{len(hits)} forbidden variants:\n" + "\n".join(sorted(set(hits)))


@pytest.mark.parametrize("text,lang,bad", [
    ("Рекурсия h_t = f(h_{t-1})", "ru", True), ("рекуррентный шаг", "ru", False),
    ("causal-маска", "ru", True), ("каузальная маска", "ru", False), ("В заметках сказано", "ru", True),
    ("конец документа", "ru", False), ("контекстное окно", "ru", False), ("контекстные векторы", "ru", True),
    ("пример из заметок", "ru", True), ("пример из конспекта", "ru", False),
    ("initialisation", "en", True), ("initialization", "en", False), ("the document says", "en", True),
])
def test_rules_catch_the_variants_and_spare_the_terms(text, lang, bad):
    assert any(rule_lang == lang and pattern.search(_prose(text)) for rule_lang, pattern, _ in RULES) == bad
