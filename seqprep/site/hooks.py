"""mkdocs hooks (mkdocs.yml: `hooks: [seqprep/site/hooks.py]`).

on_pre_build  generates pages from the bank and the code into the docs folder
              (claims, coding tasks, the bank index; in both languages) and
              draws the figures. Files are written only when their content
              changes. They are real files rather than mkdocs-gen-files pages
              because mkdocs-static-i18n drops generated pages.
on_page_markdown  replaces `{{ answers.f(...) }}` with computed values and
              `{{ worked.NAME }}` with worked-example tables, appends the page's
              summary (front matter `summary`) and a section page's questions.
on_page_content / on_post_page / on_post_build  figure zoom links, code dumps out
              of search, one search index per language (pagehtml, sitesearch).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import asdict
from pathlib import Path

from mkdocs.plugins import event_priority

from seqprep import computed
from seqprep.bank import load_bank
from seqprep.site import claims, course, figures, pagehtml, questions, sitesearch, worked
from seqprep.site.files import write_if_changed

log = logging.getLogger("mkdocs.plugins.seqprep")
ROOT = Path(__file__).resolve().parents[2]
SITE_PLACEHOLDER = re.compile(r"\{\{\s*(answers\..+?)\s*\}\}", re.S)


def _bank():
    return load_bank()


def _claims_results() -> dict:
    """Claims are recomputed only when the answers, the benchmark results or this code change;
    the results are cached in build/cache/claims.json, outside the docs folder."""
    digest = hashlib.sha256()
    inputs = sorted((ROOT / "answers").rglob("*.py")) + sorted((ROOT / "answers" / "data").glob("*"))
    for path in inputs + sorted(figures.BENCH_RESULTS.glob("*.json")):
        digest.update(path.read_bytes())
    for module in (claims, figures):
        digest.update(Path(module.__file__).read_bytes())
    key = digest.hexdigest()
    cache = ROOT / "build" / "cache" / "claims.json"
    if cache.is_file():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return {cid: claims.Check(**value) for cid, value in stored["results"].items()}
    results = claims.check_all()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"key": key, "results": {cid: asdict(check) for cid, check in results.items()}},
                                ensure_ascii=False), encoding="utf-8")
    return results


def mkdocs_nav() -> list:
    """mkdocs.yml's `nav` (the file's python tags, for the toc's slugify, are read as None here)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]


def generate(docs_dir: Path, nav=None) -> list[str]:
    """Write the generated pages and figures; returns what changed. The bank page lists the
    sections in the order of `nav` (default: mkdocs.yml's)."""
    bank = _bank()
    results = _claims_results()
    order = course.nav_sections(nav if nav is not None else mkdocs_nav())
    pages = {
        "claims.md": claims.claims_page("ru", results), "claims.en.md": claims.claims_page("en", results),
        "tasks.md": questions.tasks_page(bank, "ru"), "tasks.en.md": questions.tasks_page(bank, "en"),
        "bank.md": questions.bank_index(bank, "ru", order), "bank.en.md": questions.bank_index(bank, "en", order),
    }
    changed = [name for name, text in pages.items() if write_if_changed(docs_dir / name, text)]
    changed += figures.ensure_figures(docs_dir / "assets" / "figures", ROOT / "build" / "cache" / "figures.json",
                                      log=log.info)
    return changed


def on_pre_build(config) -> None:
    changed = generate(Path(config["docs_dir"]), config["nav"])
    if changed:
        log.info("seqprep: regenerated %s", ", ".join(changed))


def _lang(page, config) -> str:
    locale = getattr(page.file, "locale", None) or config["theme"].get("language") or "ru"
    return "en" if str(locale).startswith("en") else "ru"


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = _lang(page, config)
    markdown = SITE_PLACEHOLDER.sub(lambda m: computed.render(m.group(0), lang), markdown)
    markdown = worked.render(markdown, lang)
    markdown = course.render(markdown, page.meta, lang, config["docs_dir"], config["nav"], _bank)
    section = page.meta.get("section")
    if section:
        markdown += questions.section_questions(_bank(), section, lang)
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """Figures link to their SVG (tap to zoom); code dumps are left out of the search index."""
    return pagehtml.exclude_code_dumps(pagehtml.zoomable_figures(html, _lang(page, config)))


def on_post_page(output: str, page, config) -> str:
    """English pages search their own index (see sitesearch)."""
    return sitesearch.localize_base(output, page.url)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and the joint index
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False):
        return  # a language built from inside i18n's own on_post_build; the index is not final yet
    sitesearch.split_index(sitesearch.site_root(Path(config["site_dir"])))
