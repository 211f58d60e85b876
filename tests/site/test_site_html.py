"""Site plumbing without a browser: per-language search indexes, math as text in search, figure
links, code dumps out of search, page summaries and the start page's plan."""

from __future__ import annotations

import json
import math

import pytest

from seqprep.site import course, pagehtml, sitesearch


@pytest.mark.parametrize("tex, text", [
    (r"\sqrt{d_k}", "√dₖ"), (r"4d^2 + 4d", "4d² + 4d"), (r"W_{hh}", "Wₕₕ"), (r"h_0", "h₀"),
    (r"QK^\top", "QKᵀ"), (r"d_{model}", "d_model"), (r"\rho = 0{,}9", "ρ = 0,9"),
    (r"\Bigl\lVert \prod_k x \Bigr\rVert", "‖ ∏ₖ x ‖"), (r"\mathcal{O}(T^2)", "O(T²)"),
])
def test_math_reads_as_unicode_without_backslashes(tex, text):
    assert sitesearch.unicode_math(tex) == text


def test_plain_text_converts_inline_and_display_spans():
    assert sitesearch.plain_text(r"Зачем делить на \(\sqrt{d_k}\): \[ x^2 \]") == "Зачем делить на √dₖ: x²"


def _index(tmp_path, docs):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(
        json.dumps({"config": {"lang": ["ru", "en"]}, "docs": docs}), encoding="utf-8")


def test_split_index_gives_each_language_its_own_pages(tmp_path):
    _index(tmp_path, [
        {"location": "", "title": "Главная", "text": "главная"},
        {"location": "self-attention/#h_0", "title": r"Начало \(h_0\)", "text": r"вес \(\sqrt{d_k}\)"},
        {"location": "en/", "title": "Home", "text": "home"},
        {"location": "en/self-attention/#masks", "title": "Masks", "text": r"\(-\infty\)"},
    ])
    assert sitesearch.split_index(tmp_path) == {"ru": 2, "en": 2}
    ru = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((tmp_path / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [d["location"] for d in ru["docs"]] == ["", "self-attention/#h_0"]
    assert [d["location"] for d in en["docs"]] == ["", "self-attention/#masks"], "relative to en/"
    assert ru["docs"][1]["title"] == "Начало h₀" and ru["docs"][1]["text"] == "вес √dₖ"
    assert en["docs"][1]["text"] == "-∞"
    assert ru["config"] == en["config"] == {"lang": ["ru", "en"]}
    # a second run (mkdocs serve rebuilds) leaves the same two files
    before = [p.read_bytes() for p in (tmp_path / "search" / "search_index.json",
                                       tmp_path / "en" / "search" / "search_index.json")]
    sitesearch.split_index(tmp_path)
    after = [p.read_bytes() for p in (tmp_path / "search" / "search_index.json",
                                      tmp_path / "en" / "search" / "search_index.json")]
    assert before == after


def test_site_root_steps_out_of_the_english_build(tmp_path):
    _index(tmp_path, [])
    (tmp_path / "en").mkdir()
    assert sitesearch.site_root(tmp_path / "en") == tmp_path
    assert sitesearch.site_root(tmp_path) == tmp_path


@pytest.mark.parametrize("url, before, after", [
    ("en/self-attention/", '"base": "../.."', '"base": "../../en/"'),
    ("en/", '"base": ".."', '"base": "../en/"'),
    ("self-attention/", '"base": ".."', '"base": ".."'),
    ("", '"base": "."', '"base": "."'),
])
def test_english_pages_search_from_the_english_root(url, before, after):
    html = f'<script id="__config" type="application/json">{{{before}, "features": []}}</script>'
    assert after in sitesearch.localize_base(html, url)


def test_figures_link_to_their_svg_once():
    html = '<p><img alt="x" src="../assets/figures/masks.svg" /></p><p><img src="../other.png" /></p>'
    once = pagehtml.zoomable_figures(html, "en")
    assert once.count('<a class="figure-zoom" href="../assets/figures/masks.svg"') == 1
    assert '<img src="../other.png" />' in once and "other.png\" title" not in once
    assert pagehtml.zoomable_figures(once, "en") == once, "an image already inside a link stays as it is"


def test_only_whole_file_listings_leave_the_search_index():
    html = ('<details class="example">\n<summary>answers/attention.py</summary><pre>code</pre></details>'
            '<details class="example">\n<summary>tests/answers/test_x.py</summary></details>'
            '<details class="example">\n<summary>An example</summary></details>')
    out = pagehtml.exclude_code_dumps(html)
    assert out.count("data-search-exclude") == 2
    assert '<details class="example">\n<summary>An example' in out


def test_summary_closes_the_explanation_before_the_code_listing():
    page = "# T\n\nText.\n\n## Код\n\n??? example \"answers/x.py\"\n"
    out = course.append_summary(page, {"summary": "Одна мысль,\n  в две строки."}, "ru")
    assert out.index("## Коротко") < out.index("## Код")
    assert "Одна мысль, в две строки." in out
    assert course.append_summary(page, {}, "ru") == page


def test_reading_time_counts_prose_only():
    prose = "слово " * 130
    noise = "\n```python\n" + "code " * 500 + "\n```\n$$\n" + "x " * 300 + "\n$$\n`inline code`"
    assert course.reading_minutes(prose + noise) == pytest.approx(1.0)
    assert course.reading_minutes("---\nsummary: a b c\n---\n" + prose) == pytest.approx(1.0)


def test_plan_lists_the_sections_in_navigation_order_with_totals(tmp_path):
    from seqprep.bank import load_bank

    for name in ("rnn-basics", "self-attention"):
        (tmp_path / f"{name}.md").write_text("word " * 260, encoding="utf-8")
        (tmp_path / f"{name}.en.md").write_text("word " * 130, encoding="utf-8")
    nav = ["index.md", {"A": ["self-attention.md"]}, {"B": ["rnn-basics.md", "claims.md"]}]
    bank = load_bank()
    table = course.plan("en", tmp_path, nav, bank)
    rows = [line for line in table.splitlines() if line.startswith("| 1") or line.startswith("| 2")]
    assert "Self-attention" in rows[0] and "What an RNN is" in rows[1]
    n = len(bank.select(["self-attention"]))
    expected = 5 * math.ceil((1 + course.MINUTES_PER_QUESTION * n) / 5)  # 130 words read in 1 minute
    assert rows[0].endswith(f"| 1 | {n} | {expected} |")
