"""The kinds of question: one module each behind `kinds.base.Question`, nobody else asking
which kind it holds; the compiled bank cache; the titles the site and `list` show."""

from __future__ import annotations

import ast
import io
import json
import random
import re
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import msgspec
import pytest

from paths import FIXTURE_BANK, ROOT
from seqprep import bank as bank_module
from seqprep import sections
from seqprep.bank import BankError, load_bank
from seqprep.kinds import KINDS, parse
from seqprep.kinds.base import Question
from seqprep.schema import make_title

SEQPREP = ROOT / "seqprep"
BASE_FIELDS = {f.name for f in msgspec.structs.fields(Question)}
KIND_FIELDS = {f.name for cls in KINDS.values() for f in msgspec.structs.fields(cls)} - BASE_FIELDS
CLASS_NAMES = {cls.__name__ for cls in KINDS.values()} | {"Question"}


# --- nobody outside seqprep/kinds/ switches on the kind ----------------------------------------

def kind_switches(source: str) -> list[tuple[int, str]]:
    """Lines where code asks which kind a question is: `isinstance(q, ChoiceQuestion)`,
    `q.kind == ...` (or any comparison with a kind's name), `hasattr(q, "options")`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = node.args
            if node.func.id == "isinstance" and len(args) == 2:
                names = {n.id for n in ast.walk(args[1]) if isinstance(n, ast.Name)}
                names |= {n.attr for n in ast.walk(args[1]) if isinstance(n, ast.Attribute)}
                if names & CLASS_NAMES:
                    found.append((node.lineno, "isinstance with a question class"))
            if node.func.id in ("hasattr", "getattr") and len(args) >= 2 and isinstance(args[1], ast.Constant) \
                    and args[1].value in KIND_FIELDS:
                found.append((node.lineno, f"{node.func.id} of the kind field {args[1].value!r}"))
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for operand in operands:
                for inner in ast.walk(operand):
                    if isinstance(inner, ast.Attribute) and inner.attr == "kind" and not (
                            isinstance(inner.value, ast.Name) and inner.value.id == "self"):  # an object's own kind
                        found.append((node.lineno, "a comparison with .kind"))
                    if isinstance(inner, ast.Constant) and inner.value in KINDS:
                        found.append((node.lineno, f"a comparison with the kind name {inner.value!r}"))
        if isinstance(node, ast.Match):
            found.append((node.lineno, "a match statement"))
    return sorted(set(found))


def test_the_detector_finds_kind_switches():
    snippet = textwrap.dedent("""
        if isinstance(q, NumericQuestion): pass
        if q.kind == "choice": pass
        if kind != "code": pass
        if hasattr(q, "options"): pass
        ok = [x for x in xs if x.kind in wanted]
        ok = isinstance(q, (dict, kinds.CodeQuestion))
    """)
    assert sorted({line for line, _ in kind_switches(snippet)}) == [2, 3, 4, 5, 6, 7]
    assert kind_switches("if isinstance(raw, dict) and error.kind_of is None: pass\nkinds = Counter(q.kind)\n"
                         "if self.kind == 'rms': pass") == []


def test_nobody_outside_the_kinds_package_asks_which_kind_it_holds():
    offences = []
    for path in sorted(SEQPREP.rglob("*.py")):
        if path.relative_to(SEQPREP).parts[0] == "kinds":
            continue
        for line, what in kind_switches(path.read_text(encoding="utf-8")):
            offences.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert offences == []
    # and a plain grep, as the issue states it
    names = "|".join(KINDS)
    grep = re.compile(rf"isinstance\([^)]*Question\b|(?<!self)\.kind\s*[!=]=|[!=]=\s*(?!self\b)\w+\.kind\b"
                      rf"|\bkind\s*[!=]=\s*[\"'](?:{names})[\"']")
    hits = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            for path in sorted(SEQPREP.rglob("*.py")) if path.relative_to(SEQPREP).parts[0] != "kinds"
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if grep.search(line)]
    assert hits == []
    assert grep.search('if q.kind == "code":') and grep.search("isinstance(q, ChoiceQuestion)")


# --- the registry and the interface -----------------------------------------------------------

def test_the_registry_is_the_list_of_names_in_sections():
    assert list(KINDS) == list(sections.KINDS)
    for name, cls in KINDS.items():
        assert cls.kind == name and cls.__module__ == f"seqprep.kinds.{name}"
        assert cls.ask is not Question.ask, f"{name} asks in the terminal"
        assert set(cls.LABEL) == {"ru", "en"} and set(cls.TEXT) == {"ru", "en"}


@pytest.fixture(scope="module")
def real_bank():
    return load_bank()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_question_renders_one_markdown(real_bank, lang):
    for q in real_bank.questions:
        question, answer = q.question_md(lang), q.answer_md(lang)
        assert question.startswith(q.prompt_md(lang)), q.id
        for text in (question, answer):
            assert "{{" not in text and "[[" not in text, q.id
        label = {"ru": "**Ответ.**", "en": "**Answer.**"}[lang]
        assert answer.startswith(label) and {"ru": "Ключевые пункты", "en": "Key points"}[lang] in answer, q.id
        assert len(q.options_md(lang)) == len(re.findall(r"^\d+\. ", question[len(q.prompt_md(lang)):], re.M))


def test_choice_variants_shuffle_and_the_answer_follows_the_shown_order(real_bank):
    q = next(q for q in real_bank.questions if q.kind == "choice" and len(q.options) >= 3)
    n = len(q.options)
    seen = Counter()
    for seed in range(3000):
        order = q.draw(random.Random(seed))
        assert sorted(order) == list(range(n))
        seen[order[0]] += 1
        if seed < 50:
            lines = q.details_md("en", order)[0].splitlines()
            for number, index in enumerate(order, 1):
                assert lines[number - 1].startswith(f"- **{number}** {'✔' if q.options[index].correct else '✘'}")
    assert set(seen) == set(range(n)) and min(seen.values()) > 3000 / n * 0.8, "every option comes first as often"
    assert q.options_md("en") == [o.text.en for o in q.options] or "{{" in "".join(o.text.en for o in q.options)


def test_numeric_variants_draw_every_value_and_the_fixed_one_is_first(real_bank):
    q = max((q for q in real_bank.questions if q.kind == "numeric"), key=lambda q: len(q.params))
    draws = [q.draw(random.Random(seed)) for seed in range(3000)]
    for name, values in q.params.items():
        assert {d[name] for d in draws} == set(values), name
    assert q.fixed() == {name: values[0] for name, values in q.params.items()}
    assert q.self_check()["value"] == q.value(q.fixed())
    filled = q.prompt_md("en", draws[0])
    assert "[[" not in filled


def test_parse_reports_every_problem_of_a_dict():
    raw = {"kind": "numeric", "id": "Bad Id", "section": "rnn-basics", "difficulty": "easy",
           "prompt": {"ru": "[[d]]", "en": "[[x]]"}, "answer": {"ru": "a", "en": "b"},
           "key_points": {"ru": ["a"], "en": ["b"]}, "compute": "answers.complexity.rnn_param_count",
           "params": {"d": []}, "tolerance": {}, "formula": "d"}
    with pytest.raises(ValueError) as info:
        parse(raw)
    assert str(info.value).splitlines() == [
        "field 'tolerance' needs rel or abs greater than 0",
        "field 'params.d' needs at least 1 item",
        "field 'id' must be a lowercase slug like 'rnn-vanishing'",
    ]
    raw.update(id="ok", params={"d": [1]}, tolerance={"rel": 0.1})
    with pytest.raises(ValueError, match=r"field 'prompt' \(prompt.en\) uses \[\[x\]\] but params has no 'x'"):
        parse(raw)
    with pytest.raises(ValueError, match="field 'kind' must be one of open, choice, numeric, code"):
        parse({"kind": "essay"})


# --- the compiled cache -------------------------------------------------------------------------

@pytest.fixture
def small_bank(tmp_path):
    folder = tmp_path / "questions"
    shutil.copytree(FIXTURE_BANK, folder)
    return folder


def test_a_second_load_reads_no_yaml_and_returns_the_same_bank(small_bank, monkeypatch):
    first = load_bank(small_bank)
    assert list(bank_module.cache_dir().glob("bank-*.msgpack"))

    def no_yaml(*args, **kwargs):
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr("seqprep.yamlio.load_with_lines", no_yaml)
    second = load_bank(small_bank)
    assert second.questions == first.questions and second.where == first.where
    assert [q.title("en") for q in second.questions] == [q.title("en") for q in first.questions]


def test_an_edited_file_is_read_again(small_bank):
    load_bank(small_bank)
    path = next(small_bank.glob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("What is", "What is really")
                    .replace("Which nonlinearity", "Which one nonlinearity"), encoding="utf-8")
    assert load_bank(small_bank).get("mini-choice").prompt.en.startswith("Which one nonlinearity")


def test_a_bank_with_problems_is_never_cached_and_a_broken_cache_is_ignored(small_bank):
    good = load_bank(small_bank)
    (cache,) = bank_module.cache_dir().glob("bank-*.msgpack")
    cache.write_bytes(b"\x00not msgpack")
    assert load_bank(small_bank).questions == good.questions
    path = next(small_bank.glob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("kind: open", "kind: essay"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(BankError) as info:
            load_bank(small_bank)
        assert "field 'kind' must be one of" in info.value.problems[0]


def test_the_key_follows_the_answers_sources(small_bank, tmp_path, monkeypatch):
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "m.py").write_text("def f(): pass\n")
    monkeypatch.setattr(bank_module, "_answers_dir", lambda: answers)
    files = sorted(small_bank.glob("*.yaml"))
    before = bank_module._cache_key(small_bank, files)
    assert bank_module._cache_key(small_bank, files) == before
    (answers / "m.py").write_text("def f(x): pass\n")
    assert bank_module._cache_key(small_bank, files) != before


def test_an_unwritable_cache_folder_costs_nothing_but_time(small_bank):
    folder = bank_module.cache_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the cache folder should be")  # fails for root too, unlike chmod
    assert len(load_bank(small_bank)) == len(load_bank(small_bank)) == 3
    assert folder.read_text() == "a file where the cache folder should be"


def test_a_warm_start_imports_no_yaml(cli_env):
    """`list --json` with a warm cache runs without PyYAML at all (and without torch, numpy)."""
    cli_env["SEQPREP_BANK"] = str(FIXTURE_BANK)
    script = ("import sys\nclass Block:\n    def find_spec(self, name, path=None, target=None):\n"
              "        if name.split('.')[0] in ('yaml', 'torch', 'numpy', 'sentencepiece'):\n"
              "            raise ImportError('blocked: ' + name)\n"
              "if sys.argv[1] == 'block': sys.meta_path.insert(0, Block())\n"
              "from seqprep.cli import main\nsys.argv = ['seqprep', 'list', '--json']\nmain()\n")
    warm = subprocess.run([sys.executable, "-c", script, "warm"], env=cli_env, capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr
    blocked = subprocess.run([sys.executable, "-c", script, "block"], env=cli_env, capture_output=True, text=True)
    assert blocked.returncode == 0, blocked.stderr
    assert json.loads(blocked.stdout) == json.loads(warm.stdout)


# --- titles --------------------------------------------------------------------------------

@pytest.mark.parametrize("prompt, title", [
    (r"Write `rnn_cell(x_t, h_prev, W_xh, W_hh, b)` that returns the new state. Shapes below.",
     "Write rnn_cell(x_t, h_prev, W_xh, W_hh, b) that returns the new state."),
    (r"Why is $W_{hh}$ shared across steps?", "Why is W_hh shared across steps?"),
    (r"What does $\tanh$ do to $\sqrt{d_k}$-scaled scores?", "What does tanh do to √(d_k)-scaled scores?"),
    (r"Explain $\text{MultiHead}(Q,K,V) = \text{Concat}(\text{head}_1, \dots)W^O$.",
     "Explain MultiHead(Q,K,V) = Concat(head_1, …)W^O."),
    (r"Implement **`bpe_encode`** for *one* word.", "Implement bpe_encode for one word."),
    ("Write an RNN forward over x of shape [B, T, d] that returns every hidden state and the last one "
     "without nn.RNN.", "Write an RNN forward over x of shape [B, T, d] that returns every hidden state and the…"),
    # character 90 falls inside "[B, T, d_model]": the cut goes before the bracket, not through it
    ("Given a batch of padded sequences of very different lengths stored in a tensor of shape [B, T, d_model], "
     "what happens?", "Given a batch of padded sequences of very different lengths stored in a tensor of shape…"),
    ("An RNN with $d = [[d]]$ reads {{ answers.closed_form.softmax([1, 2]) }} tokens. Then?",
     "An RNN with d = … reads … tokens."),
    ("Before transformers, embeddings were trained separately, e.g. with word2vec. Why?",
     "Before transformers, embeddings were trained separately, e.g. with word2vec."),
])
def test_titles_are_plain_text(prompt, title):
    assert make_title(prompt) == title


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_title_of_the_bank_is_garbled(real_bank, lang):
    for q in real_bank.questions:
        title = q.title(lang)
        assert title and len(title) <= 90, q.id
        assert not re.search(r"[\\{}$`]|\*\*|\[\[", title), (q.id, title)
        for opening, closing in ("()", "[]"):
            depth = 0
            for char in title:
                depth += (char == opening) - (char == closing)
                assert depth >= 0, (q.id, title)
            assert depth == 0, (q.id, title)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_title_on_the_bank_page_is_one_whole_link(real_bank, lang):
    import markdown

    from seqprep.site.questions import bank_index

    html = markdown.markdown(bank_index(real_bank, lang))
    items = re.findall(r"<li>(.*?)</li>", html, re.S)
    assert len(items) == len(real_bank)
    for item, q in zip(items, [q for s in sections.SECTIONS for q in real_bank.select([s])]):
        link = re.match(r'<a href="[^"]*#([^"]+)">(.*?)</a> · ', item)
        assert link and link.group(1) == q.id, item
        assert link.group(2) == q.title(lang).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), item


def test_the_new_kind_in_the_architecture_notes_works(monkeypatch):
    """docs/ARCHITECTURE.md's example kind, as written there: it registers, validates,
    renders for show/site/Anki and asks in the terminal with no other change."""
    import types

    from seqprep import kinds
    from seqprep.render import show_question
    from seqprep.site.questions import question_markdown
    from seqprep.terminal import Screen

    notes = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n# seqprep/kinds/truefalse.py\n(.*?)\n# seqprep/sections.py\n(.*?)```", notes, re.S)
    module = types.ModuleType("seqprep.kinds.truefalse")
    module.__package__ = "seqprep.kinds"
    monkeypatch.setitem(sys.modules, "seqprep.kinds.truefalse", module)
    exec(code.group(1), module.__dict__)
    assert '"truefalse")' in code.group(2)
    cls = kinds._registered("truefalse")
    q = msgspec.convert({"kind": "truefalse", "id": "tf", "section": "rnn-basics", "difficulty": "easy",
                         "prompt": {"ru": "RNN делит веса.", "en": "An RNN shares its weights."},
                         "answer": {"ru": "Да.", "en": "Yes."}, "key_points": {"ru": ["веса"], "en": ["weights"]},
                         "holds": True}, cls)
    screen = Screen(io.StringIO(), 80)
    show_question(screen, q, "en")
    assert "An RNN shares its weights." in screen.file.getvalue() and "2. false" in screen.file.getvalue()
    assert '&quot;correct&quot;: [0]' in question_markdown(q, "ru")

    class Term:
        lang, rng = "en", random.Random(0)

        def show(self, q, markdown):
            self.shown = markdown

        def line(self, prompt, q):
            return "yes"

    assert q.ask(Term()).correct is True
