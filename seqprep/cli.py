"""The `seqprep` command line. Commands stay thin: each parses its options and
calls one module that does the work. Heavy libraries (torch, numpy,
sentencepiece) are imported only inside the commands that need them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from . import __version__
from .console import fail, make_console
from .schema import KINDS
from .sections import LANGS, SECTIONS


def default_lang() -> str:
    """SEQPREP_LANG, else the locale's language when it is Russian, else English."""
    lang = os.environ.get("SEQPREP_LANG", "")
    if lang in LANGS:
        return lang
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "ru" if locale.lower().startswith("ru") else "en"


def _bank():
    from .bank import BankError, load_bank

    directory = os.environ.get("SEQPREP_BANK")
    try:
        return load_bank(Path(directory) if directory else None)
    except BankError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise SystemExit(2)


SECTION = click.Choice(list(SECTIONS))
LANG = click.Choice(list(LANGS))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seqprep")
def cli() -> None:
    """Interview preparation for sequence models: RNNs, transformers, tokenizers, embeddings.

    Start with `seqprep quiz`. The bank lives in questions/*.yaml; progress is
    kept in SQLite under the user data folder (SEQPREP_HOME overrides it).
    """


@cli.command("check")
def check_cmd() -> None:
    """Validate the question bank; print one line per problem (exit 2 if any)."""
    bank = _bank()
    kinds = {k: sum(q.kind == k for q in bank.questions) for k in KINDS}
    click.echo(f"{len(bank)} questions OK: " + ", ".join(f"{n} {k}" for k, n in kinds.items()))


@cli.command("list")
@click.option("--section", "sections", type=SECTION, multiple=True, help="Only this section (repeatable).")
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind.")
@click.option("--lang", type=LANG, default=default_lang, help="Language of the titles.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_cmd(sections, kind, lang, as_json) -> None:
    """List the questions."""
    questions = _bank().select(sections, kind)
    if as_json:
        rows = [{"id": q.id, "section": q.section, "kind": q.kind, "difficulty": q.difficulty,
                 "title": {"ru": q.title("ru"), "en": q.title("en")}} for q in questions]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    table = Table("id", "section", "kind", "difficulty", "title", box=None, pad_edge=False)
    for q in questions:
        table.add_row(q.id, q.section, q.kind, q.difficulty, q.title(lang))
    make_console().print(table)


@cli.command("show")
@click.argument("qid")
@click.option("--lang", type=LANG, default=default_lang)
def show_cmd(qid, lang) -> None:
    """Show one question with its answer."""
    from .render import show_question

    bank = _bank()
    question = bank.get(qid)
    if question is None:
        fail(f"no question with id '{qid}' (see `seqprep list`)")
    show_question(make_console(), question, lang)


def main() -> None:
    cli(prog_name="seqprep")
