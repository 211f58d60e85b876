"""The built site in a real browser: Debian's headless Chromium driven by playwright.

Both languages, at desktop width and on a 390-px phone. Every page load records console
errors, page errors, failed requests, HTTP errors and any request that leaves the local
server; each test asserts that list is empty. Screenshots are saved as test artifacts in
build/test-artifacts/browser/ (or $SEQPREP_ARTIFACTS/browser/).

Skipped when Chromium is missing, unless SEQPREP_REQUIRE_BROWSER=1 (set by .ci/run,
which installs it), in which case a missing browser is a failure.
"""

from __future__ import annotations

import re

import pytest

from browserkit import artifacts, require_chromium
from seqprep.sections import SECTIONS

DUMP_MARK = "Scaled dot-product attention and multi-head self-attention, from scratch"  # answers/attention.py's docstring
RAW_LATEX = re.compile(r"\\[(\[]|\\[a-zA-Z]{2,}|\$[^$\s][^$]*\$")

pytestmark = pytest.mark.browser

require_chromium()
ARTIFACTS = artifacts("browser")


def visit(tab, url: str, shot: str | None = None, full_page: bool = False, idle: bool = True):
    """Open a page; `idle` waits until the network is quiet (search and fonts loaded), else only for
    the load event (images included)."""
    tab.goto(url, wait_until="load")
    if idle:
        tab.wait_for_load_state("networkidle")
    if shot:
        tab.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=full_page)


def root(lang: str) -> str:
    return "" if lang == "ru" else "en/"


def test_home_page_renders(page, server):
    visit(page, f"{server}/", "home-ru")
    assert page.title().startswith("Главная")
    assert page.locator("nav.md-nav").first.is_visible()
    assert page.locator("article a[href*='rnn-basics']").count() > 0
    visit(page, f"{server}/en/", "home-en")
    assert page.title().startswith("Home")
    assert page.problems == []


@pytest.mark.parametrize("path", ["rnn-complexity/", "en/self-attention/"])
def test_math_is_typeset(page, server, path):
    visit(page, f"{server}/{path}", "math-" + path.strip("/").replace("/", "-"))
    page.wait_for_selector(".arithmatex .katex")
    total = page.locator(".arithmatex").count()
    typeset = page.locator(".arithmatex:has(.katex)").count()
    assert total > 5 and typeset == total
    text = page.evaluate("""() => {
        const clone = document.querySelector('article').cloneNode(true);
        clone.querySelectorAll('pre, code, .katex').forEach(e => e.remove());
        return clone.innerText;
    }""")
    assert not re.search(r"\$[^$\s][^$]*\$", text), "raw $...$ left in the page"
    assert "\\(" not in text and "\\[" not in text
    assert page.problems == []


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_section_page_has_a_figure_that_loads_and_links_to_itself(page, server, lang):
    """Every section page shows at least one figure drawn by the code; each loads and is a link to
    its own SVG (tap to zoom); the table of contents shows no raw LaTeX."""
    for section in SECTIONS:
        visit(page, f"{server}/{root(lang)}{section}/", f"section-{lang}-{section}", idle=False)
        figures = page.evaluate("""() => [...document.querySelectorAll("article img[src*='assets/figures/']")]
            .map(img => ({src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0,
                          link: img.closest('a') && img.closest('a').getAttribute('href')}))""")
        assert figures, f"{lang}/{section} has no figure"
        for figure in figures:
            assert figure["loaded"], f"{lang}/{section}: {figure['src']} did not load"
            assert figure["link"] == figure["src"], f"{lang}/{section}: figure is not a link to its SVG"
        page.wait_for_selector(".md-sidebar--secondary .md-nav__link")
        nav = page.evaluate("""() => {
            const clone = document.querySelector('.md-sidebar--secondary').cloneNode(true);
            clone.querySelectorAll('.katex').forEach(e => e.remove());
            return clone.innerText;
        }""")
        assert not RAW_LATEX.search(nav), f"{lang}/{section}: raw LaTeX in the table of contents: {nav!r}"
    assert page.problems == []


def test_math_in_headings_is_typeset_in_the_table_of_contents(page, server):
    visit(page, f"{server}/rnn-basics/")
    entry = page.locator(".md-sidebar--secondary a.md-nav__link", has_text="Начальное состояние")
    assert entry.locator(".katex").count() == 1, "the h_0 heading's math is typeset in the TOC"
    assert page.problems == []


@pytest.mark.parametrize("lang, query, expected", [("ru", "внимание", "Self-attention"),
                                                   ("en", "attention", "Self-attention")])
def test_search_lists_the_pages_own_language_without_latex_or_code_files(page, server, lang, query, expected):
    visit(page, f"{server}/{root(lang)}")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on key events; fill() (insertText for Cyrillic) fires none
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.screenshot(path=str(ARTIFACTS / f"search-{lang}.png"))
    links = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    assert links, "search found nothing"
    english = [link for link in links if "/en/" in link]
    assert (english == links) if lang == "en" else not english, f"results in the other language: {links[:5]}"
    text = page.locator(".md-search-result").inner_text()
    assert not RAW_LATEX.search(text), "raw LaTeX in the search results"
    assert DUMP_MARK not in text, "a code file in the search results"
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert any(expected in title for title in titles), titles
    assert page.problems == []


def test_search_finds_a_heading_with_math_and_shows_it_as_text(page, server):
    visit(page, f"{server}/")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("делить")
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    text = page.locator(".md-search-result").inner_text()
    assert "√dₖ" in text, "the heading «Зачем делить на √d_k» is found, its math as Unicode"
    assert not RAW_LATEX.search(text)


@pytest.mark.parametrize("path", ["self-attention/", "en/self-attention-architecture/", "rnn-pros-cons/",
                                  "en/tokenizer-types/"])
def test_phone_layout_has_no_overflow_and_wide_math_scrolls_with_a_cue(phone, server, path):
    visit(phone, f"{server}/{path}", "phone-" + path.strip("/").replace("/", "-"))
    phone.wait_for_selector(".arithmatex .katex")
    phone.evaluate("document.fonts.ready")  # widths are final once KaTeX's fonts are in
    phone.wait_for_timeout(200)
    state = phone.evaluate("""() => {
        const view = document.documentElement.clientWidth;
        const displays = [...document.querySelectorAll('.katex-display')].map(d => ({
            wide: d.scrollWidth > d.clientWidth + 1, cue: d.classList.contains('katex-scroll'),
            note: getComputedStyle(d.closest('.arithmatex'), '::after').content,
            right: d.getBoundingClientRect().right, overflow: getComputedStyle(d).overflowX}));
        return {view, page: document.documentElement.scrollWidth, displays};
    }""")
    assert state["page"] <= state["view"], "the page scrolls sideways on a phone"
    assert state["displays"], "the page has display math"
    for display in state["displays"]:
        assert display["right"] <= state["view"] + 1 and display["overflow"] == "auto"
        assert display["wide"] == display["cue"], "a wide formula has the scroll cue, a narrow one not"
        assert ("⇆" in display["note"]) == display["wide"], "a line under a wide formula says it scrolls"
    # a figure on a phone says that a tap opens it full size
    cue = phone.evaluate("""() => { const a = document.querySelector('a.figure-zoom');
        return a && getComputedStyle(a, '::after').content; }""")
    assert cue and cue not in ("none", "normal")
    phone.screenshot(path=str(ARTIFACTS / f"phone-{path.strip('/').replace('/', '-')}-full.png"), full_page=True)
    assert phone.problems == []


def test_phone_menu_search_and_language(phone, server):
    visit(phone, f"{server}/en/self-attention/", "phone-en-self-attention-top")
    phone.locator("label.md-header__button[for='__drawer']").click()
    phone.wait_for_timeout(400)
    phone.screenshot(path=str(ARTIFACTS / "phone-en-drawer.png"))
    assert phone.locator(".md-nav--primary").first.is_visible()
    phone.evaluate("document.getElementById('__drawer').checked = false")  # close the drawer
    phone.locator("label.md-header__button[for='__search']").click()
    box = phone.locator("input.md-search__input")
    box.fill("tokenizer")
    box.press("End")
    phone.wait_for_selector(".md-search-result__item", timeout=15000)
    links = phone.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    assert links and all("/en/" in link for link in links)
    phone.screenshot(path=str(ARTIFACTS / "phone-en-search.png"))
    assert phone.problems == []


def test_course_pages_and_footer_links(page, server):
    visit(page, f"{server}/start/", "start-ru", full_page=True)
    rows = page.locator("article table tbody tr")
    assert rows.count() == len(SECTIONS) + 1, "one row per section and a total"
    assert page.locator("footer .md-footer__link--next").count() == 1, "previous/next links"
    visit(page, f"{server}/en/notation/", "notation-en")
    assert page.locator("article table").count() >= 1
    visit(page, f"{server}/en/self-attention/")
    assert page.locator("h2#in-short").count() == 1, "the page ends with its summary"
    assert page.locator("article table td:has-text('0.499')").count() >= 1, "the worked example is on the page"
    assert page.problems == []


def test_language_switch(page, server):
    visit(page, f"{server}/rnn-basics/", "lang-ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.locator(".md-select button").first.click()
    page.locator(".md-select a[hreflang='en']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/en/rnn-basics/")
    page.screenshot(path=str(ARTIFACTS / "lang-en.png"))
    page.locator(".md-select button").first.click()
    page.locator(".md-select a[hreflang='ru']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/rnn-basics/") and "/en/" not in page.url
    assert page.problems == []
