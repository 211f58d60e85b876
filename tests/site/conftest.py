"""Build the site once per test session (strict), into a temporary folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from paths import ROOT, SEQPREP


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    reuse = os.environ.get("SEQPREP_BUILT_SITE")  # a site built beforehand, to iterate on the tests quickly
    if reuse:
        return Path(reuse)
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([SEQPREP, "site", "build", "--site-dir", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out


# --- the browser tests' fixtures (tests/site/browserkit.py) ----------------------------------

@pytest.fixture(scope="module")
def server(built_site):
    """The built site over HTTP on a free local port: its base URL."""
    from browserkit import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from browserkit import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser, server):
    """A desktop-sized tab (1280 x 900) recording its problems."""
    from browserkit import DESKTOP, open_tab

    tab = open_tab(browser, server, DESKTOP)
    yield tab
    tab.context.close()


@pytest.fixture
def phone(browser, server):
    """A 390-px phone tab recording its problems."""
    from browserkit import PHONE, open_tab

    tab = open_tab(browser, server, PHONE)
    yield tab
    tab.context.close()
