"""What the browser tests share: Debian's headless Chromium (driven by playwright) on the
built site, served locally, with every tab recording what went wrong.

A test module calls `require_chromium()` at import: without Chromium it is skipped, unless
SEQPREP_REQUIRE_BROWSER=1 (set by .ci/run, which installs it), which makes a missing browser
a failure. The fixtures (`server`, `browser`, `page`, `phone`) are in tests/site/conftest.py.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from paths import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def require_chromium() -> None:
    if CHROMIUM is None:
        if os.environ.get("SEQPREP_REQUIRE_BROWSER") == "1":
            raise RuntimeError("SEQPREP_REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (the CI installs it)", allow_module_level=True)


def artifacts(name: str) -> Path:
    """build/test-artifacts/NAME/ (or $SEQPREP_ARTIFACTS/NAME/), created: where screenshots go."""
    folder = Path(os.environ.get("SEQPREP_ARTIFACTS", ROOT / "build" / "test-artifacts")) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """The folder over HTTP on a free local port: yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


def open_tab(browser, server: str, viewport: dict):
    """A tab that records every problem in `tab.problems`: console errors, page errors, failed
    requests, HTTP errors, and requests to anything but the local server."""
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    # a request the next navigation cancels (the search worker still loading) is not a failure of the site
    tab.on("requestfailed", lambda r: tab.problems.append(f"request failed: {r.url} ({r.failure})")
           if "ERR_ABORTED" not in (r.failure or "") else None)
    tab.on("response", lambda r: tab.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    tab.on("request", lambda r: tab.problems.append(f"external request: {r.url}")
           if not r.url.startswith((server, "data:", "blob:")) else None)
    return tab
