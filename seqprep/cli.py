"""The `seqprep` command line. Commands stay thin: each parses its options and
calls one module that does the work. Heavy libraries (torch, numpy,
sentencepiece) are imported only inside the commands that need them."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .console import fail, make_console
from .sections import KINDS, LANGS, SECTIONS


def default_lang() -> str:
    """SEQPREP_LANG, else the locale's language when it is Russian, else English."""
    lang = os.environ.get("SEQPREP_LANG", "")
    if lang in LANGS:
        return lang
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    fallback = "ru" if locale.lower().startswith("ru") else "en"
    if lang:  # a language seqprep does not have: say which it has, and go on in the locale's
        click.echo(f"warning: SEQPREP_LANG={lang!r} is not a language of seqprep "
                   f"(it has: {', '.join(LANGS)}); using {fallback}", err=True)
    return fallback


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


class _Group(click.Group):
    """Ends a command whose progress database is busy, unwritable or damaged with one line (exit 3)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            from .store import StoreError

            if isinstance(exc, StoreError):
                fail(str(exc), code=3)
            raise


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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
    counts = Counter(q.kind for q in bank.questions)
    click.echo(f"{len(bank)} questions OK: " + ", ".join(f"{counts[k]} {k}" for k in KINDS))


@cli.command("list")
@click.option("--section", "sections", type=SECTION, multiple=True, help="Only this section (repeatable).")
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind.")
@click.option("--lang", type=LANG, default=default_lang, help="Language of the titles.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_cmd(sections, kind, lang, as_json) -> None:
    """List the questions."""
    questions = _bank().select(sections, kind)
    if as_json:
        import msgspec  # its JSON encoder: json.dumps with indent runs in Python

        rows = [{"id": q.id, "section": q.section, "kind": q.kind, "difficulty": q.difficulty,
                 "title": {"ru": q.title("ru"), "en": q.title("en")}} for q in questions]
        click.echo(msgspec.json.format(msgspec.json.encode(rows), indent=1).decode())
        return
    import shutil
    import sys

    from .render import list_table  # plain text: ids are never cut, piped lines are whole

    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    click.echo("\n".join(list_table(questions, lang, width)))


@cli.command("show")
@click.argument("qid")
@click.option("--lang", type=LANG, default=default_lang)
def show_cmd(qid, lang) -> None:
    """Show one question with its answer."""
    from .render import show_question
    from .terminal import Screen

    bank = _bank()
    question = bank.get(qid)
    if question is None:
        fail(f"no question with id '{qid}' (see `seqprep list`)")
    show_question(Screen(), question, lang)


def _store(write: bool = True):
    """The progress store. `write=False` (stats, practice) still reads read-only storage;
    a StoreError (busy, unwritable, newer schema) becomes one line in `_Group`."""
    from .store import Store

    return Store(write=write, warn=lambda message: click.echo(message, err=True))


def _exit_now(code: int) -> "NoReturn":  # noqa: F821
    """Leave without Python's teardown of torch (half a second here).

    Everything is already written: the progress store commits each row at once.
    """
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _progress(bank, write: bool = True):
    """The store and the schedule, with stored submission verdicts applied as reviews."""
    from .grading.progress import apply_submissions
    from .schedule import Schedule

    store, schedule = _store(write), Schedule()
    apply_submissions(bank, store, schedule)
    return store, schedule


@cli.command("quiz")
@click.option("--section", "sections", type=SECTION, multiple=True, help="Only this section (repeatable).")
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind of question.")
@click.option("--n", "n", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many questions.")
@click.option("--lang", type=LANG, default=default_lang, help="Language (default: SEQPREP_LANG or the locale).")
@click.option("--seed", type=int, default=None, help="Seed for order, options and parameters.")
@click.option("--practice", is_flag=True, help="Ask without reading or changing the schedule.")
def quiz_cmd(sections, kind, n, lang, seed, practice) -> None:
    """Ask due questions first, then new ones (FSRS spaced repetition).

    Keys: q / Ctrl-C / Ctrl-D end the session (ratings are kept), s skips,
    h shows the hint, u undoes the last rating.
    """
    import random

    from .quiz import TEXT, Quiz, describe_due, next_due, plan, print_summary
    from .store import utcnow
    from .terminal import Screen  # not rich: the first question appears sooner

    bank = _bank()
    store, schedule = _progress(bank, write=not practice)
    rng = random.Random(seed)
    console = Screen()
    questions = plan(bank, store, schedule, sections=sections, kind=kind, n=n,
                     practice=practice, rng=rng, now=utcnow())
    if not questions:
        if not bank.select(sections, kind):
            console.print(TEXT[lang]["empty_bank"])
        else:
            due = describe_due(next_due(bank, store, schedule), lang)
            console.print(TEXT[lang]["empty"].format(due=due))
        return
    summary = Quiz(bank, store, schedule, console, lang=lang, rng=rng, practice=practice).run(questions)
    print_summary(console, summary, lang)


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--lang", type=LANG, default=default_lang)
def stats_cmd(as_json, lang) -> None:
    """Per section: cards seen, cards due now, mean FSRS retrievability."""
    from .stats import section_stats, totals
    from .store import utcnow

    bank = _bank()
    store, schedule = _progress(bank, write=False)
    rows = section_stats(bank, store, schedule, utcnow())
    if as_json:
        click.echo(json.dumps({"sections": rows, "total": totals(rows)}, ensure_ascii=False, indent=1))
        return
    from .stats import table

    click.echo(table(rows, lang))


@cli.command("reset")
@click.option("--section", "sections", type=SECTION, multiple=True, help="Only this section (repeatable).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--lang", type=LANG, default=default_lang)
def reset_cmd(sections, yes, lang) -> None:
    """Forget progress (all of it, or of some sections). Asks first."""
    from .i18n import RESET, count

    text = RESET[lang]
    bank = _bank()
    questions = bank.select(sections)
    scope = ", ".join(sections) if sections else text["all"]
    store = _store()  # an unwritable or busy store says so before asking
    if not yes:
        click.confirm(text["ask"].format(n=count(len(questions), text["noun"], lang), scope=scope), abort=True)
    done = store.reset(q.id for q in questions)
    click.echo(text["done"].format(n=count(done, text["noun"], lang), scope=scope))


@cli.group("export")
def export_group() -> None:
    """Export the bank to other tools."""


@export_group.command("anki")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice([*LANGS, "both"]), default=default_lang,
              help="The notes' language, or both (decks seqprep::ru::… and seqprep::en::…).")
def export_anki_cmd(out, lang) -> None:
    """Write an Anki package: a deck per section under seqprep::LANG, math in \\( \\) delimiters."""
    from .anki import ExportError, export_anki

    try:
        count = export_anki(_bank(), out, LANGS if lang == "both" else [lang])
    except ExportError as exc:
        fail(str(exc))
    click.echo(f"Wrote {count} notes to {out}")


@cli.command("tasks")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--lang", type=LANG, default=default_lang)
def tasks_cmd(as_json, lang) -> None:
    """List the coding tasks of `seqprep start`."""
    from .grading.catalog import all_tasks

    tasks = all_tasks()
    if as_json:
        click.echo(json.dumps([{"id": t.id, "title": t.title, "names": list(t.names)} for t in tasks],
                              ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    table = Table("id", "title", "defines", box=None)
    for t in tasks:
        table.add_row(t.id, t.title[lang], ", ".join(t.names))
    make_console().print(table)


def _task(task_id: str):
    from .grading.catalog import get_task, task_ids

    if task_id not in task_ids():
        fail(f"unknown task '{task_id}' (see `seqprep tasks`)")
    return get_task(task_id)


@cli.command("start")
@click.argument("task_id", metavar="TASK")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Where to write TASK.py.")
@click.option("--lang", type=LANG, default=default_lang)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def start_cmd(task_id, folder, lang, force) -> None:
    """Write a starter file for a coding task."""
    from .grading.starter import write_starter

    task = _task(task_id)
    try:
        path = write_starter(task, folder, lang, force)
    except FileExistsError as exc:
        fail(str(exc))
    click.echo(f"Wrote {path}. Fill it in, then: seqprep submit {path}")


@cli.command("submit")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--task", "task_id", help="Task id (default: the file's '# seqprep-task:' header).")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.option("--seed", type=click.IntRange(min=0), help="Seed of the hidden inputs (default: a fresh one, printed).")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0.1), help="Seconds (default: the task's).")
@click.option("--memory", "memory_mb", type=click.IntRange(min=16), help="MB above the runtime (default: the task's).")
@click.option("--show-output", is_flag=True, help="Also print what your program printed (may show inputs).")
def submit_cmd(file, task_id, as_json, seed, timeout_s, memory_mb, show_output) -> None:
    """Grade your solution against hidden checks (exit 0 passed, 1 failed, 2 usage error, 3 internal error)."""
    from .grading.commands import UsageError, read_submission, submit

    try:
        data, task_id = read_submission(file, task_id)
    except UsageError as exc:
        fail(str(exc))
    task = _task(task_id)
    _store().close()  # an unwritable or busy store says so before grading, not after
    # the verdict is stored at once; the quiz and `stats` turn it into reviews of the linked questions
    _exit_now(submit(file, data, task, _store, make_console(), make_console(stderr=True), as_json=as_json,
                     timeout_s=timeout_s, memory_mb=memory_mb, seed=seed, show_output=show_output))


@cli.command("grade")
@click.argument("folder", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--task", "task_id", required=True, help="The task every file in DIR solves.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Submissions in parallel.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report here (atomically, once every submission is done).")
@click.option("--seed", type=click.IntRange(min=0), help="Seed of the hidden inputs, one for the whole batch.")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0.1), help="Seconds per submission.")
@click.option("--memory", "memory_mb", type=click.IntRange(min=16), help="MB per submission.")
@click.option("--no-isolation", is_flag=True,
              help="Grade without Linux namespaces (the weaker process sandbox: submissions can read your files).")
def grade_cmd(folder, task_id, jobs, fmt, out, seed, timeout_s, memory_mb, no_isolation) -> None:
    """For instructors: grade every *.py in DIR; one bad file never stops the batch.

    Exit 0 when every file passed, 1 when some failed, 2 usage error, 3 internal error.
    """
    from .grading.commands import UsageError, grade

    task = _task(task_id)
    try:
        code = grade(folder, task, make_console(), make_console(stderr=True), jobs=jobs, fmt=fmt, out=out,
                     timeout_s=timeout_s, memory_mb=memory_mb, seed=seed, isolation=not no_isolation)
    except UsageError as exc:
        fail(str(exc))
    _exit_now(code)


@cli.command("bench")
@click.argument("names", nargs=-1)
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True)
@click.option("--quick", is_flag=True, help="The smallest sizes only (about 1.5 minutes on a 2-core CPU).")
@click.option("--list", "list_only", is_flag=True, help="List the benchmarks and exit.")
def bench_cmd(names, device, quick, list_only) -> None:
    """Run the benchmarks in benchmarks/ (all, or the NAMES given); results go to benchmarks/results/."""
    from . import bench

    if list_only:
        for name, doc in bench.available().items():
            click.echo(f"{name:20} {doc}")
        return
    try:
        bench.run(list(names), device=device, quick=quick, echo=click.echo)
    except bench.BenchError as exc:
        fail(str(exc))


@cli.group("site")
def site_group() -> None:
    """Build or serve the site (needs a source checkout and the `site` extra)."""


@site_group.command("build")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: build/site).")
def site_build_cmd(site_dir) -> None:
    """Build the site into build/site (mkdocs build --strict)."""
    from .site import SiteError, build

    try:
        code = build(site_dir)
    except SiteError as exc:
        fail(str(exc))
    if code == 0:
        click.echo(f"Built {site_dir or 'build/site'}; open it with `seqprep site serve`.")
    raise SystemExit(code)


@site_group.command("serve")
@click.option("--address", default="127.0.0.1:8000", show_default=True)
def site_serve_cmd(address) -> None:
    """Serve the site with live reload at http://ADDRESS/."""
    from .site import SiteError, serve

    try:
        raise SystemExit(serve(address))
    except SiteError as exc:
        fail(str(exc))


def main() -> None:
    from .console import safe_streams

    safe_streams()  # a non-UTF-8 terminal gets "?" for what it cannot show, never a traceback
    cli(prog_name="seqprep")
