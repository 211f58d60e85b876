"""The site builds with --strict, in both languages, from the bank and the code, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from paths import ROOT
from seqprep.bank import load_bank
from seqprep.sections import SECTIONS

BANK = load_bank()
LANG_ROOTS = {"ru": "", "en": "en/"}
DUMP_MARK = "Scaled dot-product attention and multi-head self-attention, from scratch"  # answers/attention.py's docstring


def page(site: Path, lang: str, slug: str) -> str:
    return (site / LANG_ROOTS[lang] / slug / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("section", list(SECTIONS))
def test_every_section_page_has_prose_math_questions_and_no_raw_placeholders(built_site, lang, section):
    html = page(built_site, lang, section)
    assert 'class="arithmatex"' in html, "the page has formulas"
    for q in BANK.select([section]):
        assert f'id="{q.id}"' in html, f"question {q.id} is rendered on its section page"
    prose = re.sub(r"<pre.*?</pre>|<code.*?</code>", "", html, flags=re.S)
    assert "{{ answers." not in prose and not re.search(r"\[\[[A-Za-z_]\w*\]\]", prose)
    assert "{{ worked." not in prose and "{{ course." not in prose
    assert re.search(r'<a class="figure-zoom" href="[^"]*assets/figures/\w+\.svg"', html), "a figure, linked to its SVG"
    summary = {"ru": "Коротко", "en": "In short"}[lang]
    assert re.search(rf"<h2 id=\"[^\"]+\">{summary}", html), "the page ends with its summary"
    heading = {"ru": "Вопросы для самопроверки", "en": "Check yourself"}[lang]
    article = html.split('<article', 1)[1]
    explanation = article.split(heading, 1)[0]
    words = len(re.sub(r"<[^>]+>", " ", explanation).split())
    assert words > 500, f"an explanation before the questions ({words} words)"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_generated_pages_survive_i18n(built_site, lang):
    claims = page(built_site, lang, "claims")
    assert claims.count("<h2") >= 15
    assert ("не выполняется" in claims or "неверно" in claims) if lang == "ru" else "does not hold" in claims
    tasks = page(built_site, lang, "tasks")
    from seqprep.grading.catalog import task_ids

    for task in task_ids():
        assert f"seqprep start {task}" in tasks
    bank = page(built_site, lang, "bank")
    assert all(q.id in bank for q in BANK.questions)


def test_code_from_answers_is_included(built_site):
    text = re.sub(r"<[^>]+>", "", page(built_site, "en", "self-attention-from-scratch"))
    assert "def scaled_dot_product_attention(" in text and "class MultiHeadSelfAttention(nn.Module)" in text


def test_figures_exist_in_both_languages_and_every_image_resolves(built_site):
    from seqprep.site.figures import FIGURES

    for name in (f.name for f in FIGURES):
        ru = built_site / "assets" / "figures" / f"{name}.svg"
        en = built_site / "en" / "assets" / "figures" / f"{name}.svg"
        assert ru.is_file() and en.is_file(), name
        assert ru.read_bytes() != en.read_bytes(), f"{name}: the English figure has English labels"
    for html_file in built_site.rglob("*.html"):
        for src in re.findall(r'<img[^>]+src="([^"]+)"', html_file.read_text(encoding="utf-8")):
            if src.startswith("data:"):
                continue
            assert not src.startswith(("http:", "https:", "//")), f"{html_file}: external image {src}"
            assert (html_file.parent / src).resolve().is_file(), f"{html_file}: missing {src}"


def test_nothing_is_loaded_from_the_network(built_site):
    pattern = re.compile(r'(?:src|href)="((?:https?:)?//[^"]+)"')
    for html_file in built_site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        for url in pattern.findall(re.sub(r"<a [^>]*>", "", html)):
            pytest.fail(f"{html_file.relative_to(built_site)} loads {url}")
        assert "fonts.googleapis" not in html and "cdn.jsdelivr" not in html
    assert (built_site / "assets" / "katex" / "LICENSE").is_file()


def test_a_second_build_redraws_and_rewrites_nothing(built_site):
    from seqprep.site.hooks import generate

    assert generate(ROOT / "site") == []


def _index(site: Path, lang: str) -> list[dict]:
    path = site / LANG_ROOTS[lang] / "search" / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))["docs"]


def test_each_language_has_its_own_search_index_without_latex_or_code_files(built_site):
    ru, en = _index(built_site, "ru"), _index(built_site, "en")
    assert len(ru) > 100 and len(en) > 100
    assert not any(d["location"].startswith("en/") for d in ru), "the Russian index has English pages"
    assert {d["location"].split("/")[0] for d in en} >= {"self-attention", "tokenizer-types"}
    for doc in ru + en:
        text = doc["title"] + " " + doc["text"]
        assert "\\(" not in text and "\\[" not in text, doc["location"]
        assert DUMP_MARK not in text, f"a code file indexed: {doc['location']}"
    titles = {d["title"] for d in ru}
    assert "Зачем делить на √dₖ" in titles
    english_page = page(built_site, "en", "self-attention")
    assert re.search(r'"base": "\.\./\.\./en/"', english_page), "English pages load the English index"


def test_course_pages_exist_in_both_languages(built_site):
    for lang, home, start in (("ru", "Главная", "С чего начать"), ("en", "Home", "Start here")):
        index = (built_site / LANG_ROOTS[lang] / "index.html").read_text(encoding="utf-8")
        assert f"<title>{home} - seqprep</title>" in index
        plan = page(built_site, lang, "start")
        assert start in plan and plan.count("<tr>") == len(SECTIONS) + 2, "a row per section, a header and a total"
        assert "<table>" in page(built_site, lang, "notation")
    assert 'id="маски"' in page(built_site, "ru", "self-attention"), "Cyrillic headings keep readable anchors"
    assert "md-footer__link--next" in page(built_site, "ru", "rnn-basics"), "previous/next links"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_worked_examples_are_on_the_page(built_site, lang):
    html = page(built_site, lang, "self-attention")
    assert ("0,499" if lang == "ru" else "0.499") in html, "the pizza walkthrough's weights"
    tokenizers = page(built_site, lang, "tokenizer-types")
    assert "пицц" in tokenizers and ("pizz" in tokenizers) == (lang == "en"), "the BPE table (and its twin)"
    assert "##нят" in tokenizers


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_bank_lists_the_sections_in_the_order_of_the_start_page(built_site, lang):
    """Review P19: the bank page used to put the self-attention pages last; it follows the navigation,
    as the start page's plan does."""
    def order(html: str) -> list[str]:
        found = re.findall(r'href="\.\./([\w-]+)/"', html)
        return [s for i, s in enumerate(found) if s in SECTIONS and s not in found[:i]]

    article = lambda slug: page(built_site, lang, slug).split("<article", 1)[1]  # noqa: E731
    plan = order(article("start"))
    assert len(plan) == len(SECTIONS) and plan.index("self-attention") < plan.index("preprocessing")
    assert order(article("bank")) == plan
