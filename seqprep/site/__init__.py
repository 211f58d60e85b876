"""The site (mkdocs-material, docs_dir `site/`): hooks, generated pages, figures.

`seqprep site build` and `seqprep site serve` run mkdocs on the project's
mkdocs.yml. They need a source checkout (the Markdown pages are not in the
wheel) and the `site` extra (`pip install -e '.[site]'`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class SiteError(Exception):
    pass


def config_file() -> Path:
    path = ROOT / "mkdocs.yml"
    if not path.is_file():
        raise SiteError("the site is built from a source checkout (mkdocs.yml and site/ are not in the wheel)")
    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
    except ImportError:
        raise SiteError("mkdocs is not installed: pip install -e '.[site]' (or run `make docs`)") from None
    return path


def _mkdocs(*args: str) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.call([sys.executable, "-m", "mkdocs", *args, "-f", str(config_file())], env=env, cwd=ROOT)


def build(site_dir: Path | None = None) -> int:
    """`mkdocs build --strict`; returns mkdocs's exit status."""
    extra = ["--site-dir", str(site_dir)] if site_dir else []
    return _mkdocs("build", "--strict", *extra)


def serve(address: str) -> int:
    return _mkdocs("serve", "--dev-addr", address)
