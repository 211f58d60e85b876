"""The built site in a real browser: Debian's headless Chromium driven by playwright.

Skipped when Chromium is missing, unless SEQPREP_REQUIRE_BROWSER=1 (set by .ci/run,
which installs it), in which case a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]

pytestmark = pytest.mark.browser

if CHROMIUM is None:
    if os.environ.get("SEQPREP_REQUIRE_BROWSER") == "1":
        raise RuntimeError("SEQPREP_REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium)")
    pytest.skip("Debian's chromium is not installed (the CI installs it)", allow_module_level=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(_Quiet, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, tmp_path):
    """A page that records console errors, failed requests and HTTP errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}")
           if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: tab.problems.append(f"request failed: {r.url}"))
    tab.on("response", lambda r: tab.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    tab.shots = tmp_path
    yield tab
    context.close()


def visit(page, url: str, shot: str):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(page.shots / f"{shot}.png"), full_page=False)


def test_home_page_renders(page, server):
    visit(page, f"{server}/", "home")
    assert page.title().startswith("seqprep")
    assert page.locator("nav.md-nav").first.is_visible()
    assert page.locator("article a[href*='rnn-basics']").count() > 0
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


def test_every_figure_loads(page, server):
    for path in ("transformer-vs-rnn/", "rnn-pros-cons/", "tokenizer-types/", "vocab-size/",
                 "self-attention/", "en/transformer-vs-rnn/"):
        visit(page, f"{server}/{path}", "figures-" + path.strip("/").replace("/", "-"))
        images = page.locator("article img")
        for i in range(images.count()):
            image = images.nth(i)
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete", arg=image.element_handle())
            assert image.evaluate("img => img.naturalWidth") > 0, image.get_attribute("src")
    assert page.problems == []


@pytest.mark.parametrize("query, start", [("внимание", ""), ("attention", "en/")])
def test_search_returns_results(page, server, query, start):
    visit(page, f"{server}/{start}", f"search-{query}")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on key events; a key press after fill() triggers it
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.locator(".md-search-result__item").count() > 0
    page.screenshot(path=str(page.shots / f"search-{query}-results.png"))
    assert page.problems == []


def test_language_switch(page, server):
    visit(page, f"{server}/rnn-basics/", "lang-ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.locator(".md-select button").first.click()
    page.locator(".md-select a[hreflang='en']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/en/rnn-basics/")
    page.screenshot(path=str(page.shots / "lang-en.png"))
    page.locator(".md-select button").first.click()
    page.locator(".md-select a[hreflang='ru']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/rnn-basics/") and "/en/" not in page.url
    assert page.problems == []
