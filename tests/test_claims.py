"""The claims page: every verdict comes from a rule applied to computed outputs, a changed input changes the
verdict (for every kind of rule), every claim shows its quote, location, call, rule and a command that really
prints the shown output, and numbers follow the page's language."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from seqprep.site import claims as C

ROOT = Path(__file__).resolve().parents[1]
BY_ID = {claim.id: claim for claim in C.CLAIMS}
NOTES_LINES = 735    # notes.ru.md has 735 lines; the quotes point inside it


@pytest.fixture(scope="module")
def results():
    """The results the site build uses: cached in build/cache/claims.json under a key of the answers, their data,
    the benchmark results and this code, so a test run after a site build (or before one) computes them once."""
    from seqprep.site import hooks

    return hooks._claims_results()


@pytest.fixture(scope="module")
def pages(results):
    return {lang: C.claims_page(lang, results) for lang in ("ru", "en")}


def _with_expr(claim: C.Claim, name: str, old: str, new: str) -> C.Claim:
    """The claim with one call's input changed (a substring of its expression replaced)."""
    call = claim.calls[name]
    assert old in call.expr, (claim.id, name, old)
    calls = {**claim.calls, name: C.Call(call.imports, call.expr.replace(old, new))}
    return dataclasses.replace(claim, calls=calls)


# --- verdicts come from rules ---------------------------------------------------------------

def test_every_verdict_is_the_rules_decision_on_the_outputs(results):
    assert set(results) == set(BY_ID)
    for claim in C.CLAIMS:
        assert results[claim.id].verdict == claim.rule.decide(results[claim.id].values), claim.id


@pytest.mark.parametrize("claim_id", ["softmax", "rnn-params", "speed", "bpe-order", "wordpiece", "pe-index"])
def test_fresh_outputs_match_the_cached_ones(results, claim_id):
    fresh = C.evaluate(BY_ID[claim_id])
    assert fresh.printed == results[claim_id].printed and fresh.verdict == results[claim_id].verdict


def test_no_verdict_is_written_outside_the_rules():
    """The verdict words appear as string constants only inside Rule.decide methods."""
    tree = ast.parse(inspect.getsource(C))
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(getattr(b, "id", "") == "Rule" for b in node.bases):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "decide":
                    allowed |= {id(n) for n in ast.walk(item)}
    words = set(C.VERDICTS)
    stray = [n.lineno for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and n.value in words and id(n) not in allowed
             and not _inside_table(tree, n)]
    assert not stray, f"verdict strings outside Rule.decide at lines {stray}"


def _inside_table(tree, node) -> bool:
    """The VERDICTS and BADGE_STYLE tables name the verdicts as keys; that is not deciding one."""
    for assign in ast.walk(tree):
        if isinstance(assign, ast.Assign) and any(getattr(t, "id", "") in ("VERDICTS", "BADGE_STYLE")
                                                  for t in assign.targets):
            if any(n is node for n in ast.walk(assign.value)):
                return True
    return False


def test_the_page_shows_each_claims_verdict(pages, results):
    for lang, page in pages.items():
        for claim in C.CLAIMS:
            section = page.split(f"{{ #{claim.id} }}", 1)[1].split("\n## ", 1)[0]
            assert C.VERDICTS[results[claim.id].verdict][lang] in section, (lang, claim.id)


def test_every_kind_of_verdict_occurs(results):
    assert {r.verdict for r in results.values()} == set(C.VERDICTS)


# --- a changed input changes the verdict, for every rule type ---------------------------------

CHANGES = [
    # (claim, call, old, new, verdict before, verdict after, rule type exercised)
    ("softmax", "weights", "softmax([5.2, 8.7, 2.1])", "softmax([-1.8971, -0.1985, -3.5066])", "fails", "holds",
     C.Close),
    ("embedding-table", "parameters", "100000", "100001", "holds", "fails", C.Exact),
    ("rnn-params", "counted", "30000", "30001", "scope", "fails", C.Scope),
    ("rnn-params", "omitted_share", "rnn_lm_param_count(300, 512, 30000)",
     "rnn_param_count(300, 512, 30000, bias=False)", "scope", "holds", C.Scope),
    ("speed", "gpu_speedups", "(5e-06, 1e-05, 2e-05)", "(2e-05, 4e-05)", "depends", "holds", C.Range),
    ("speed", "gpu_speedups", "1.56e+14, tau", "1e+11, tau", "depends", "fails", C.Range),
    ("unigram", "removed_more_frequent", "800, 450", "800, 790", "fails", "holds", C.Bound),
    ("wordpiece", "by_score", "'пиццу пицца пицце', 'score'", "'пиццу пицца пицце', 'count'", "depends", "fails",
     C.Agree),
    ("rnn-backward", "ratio_to_T_h2_hd", "- rnn_forward_macs(T, d, h)", "- rnn_forward_macs(T, d, h) - T * T",
     "holds", "fails", C.Constant),
    ("bpe-order", "steps", "[('ц', 'ц'), ('п', 'и'), ('пи', 'цц')]", "[('ц', 'у')]", "depends", "fails",
     C.TieBreak),
    ("bpe-order", "steps", "'пиццу пицца пицце'", "'пицц пи цц цц цц'", "depends", "holds", C.TieBreak),
    ("scale", "head_dims", "head_dim(512, 8)", "head_dim(512, 16)", "holds", "depends", C.Both),
]


@pytest.mark.parametrize("claim_id,name,old,new,before,after,rule_type", CHANGES,
                         ids=[f"{c[0]}:{c[6].__name__}:{c[5]}" for c in CHANGES])
def test_changing_an_input_changes_the_verdict(results, claim_id, name, old, new, before, after, rule_type):
    claim = BY_ID[claim_id]
    assert results[claim_id].verdict == before
    assert _uses(claim.rule, rule_type)
    assert C.evaluate(_with_expr(claim, name, old, new)).verdict == after


def _uses(rule, rule_type) -> bool:
    if isinstance(rule, rule_type):
        return True
    return any(_uses(getattr(rule, f.name), rule_type) for f in dataclasses.fields(rule)
               if isinstance(getattr(rule, f.name), C.Rule))


def test_every_rule_type_is_exercised_by_an_input_change():
    used = {type(BY_ID[c[0]].rule) for c in CHANGES} | {c[6] for c in CHANGES}
    rule_types = {cls for cls in vars(C).values()
                  if isinstance(cls, type) and issubclass(cls, C.Rule) and cls is not C.Rule}
    assert rule_types <= used


def test_one_scope_rule_for_both_counts_that_leave_terms_out(results):
    params, forward = BY_ID["rnn-params"].rule, BY_ID["rnn-forward-ops"].rule
    assert type(params) is type(forward) is C.Scope and params.negligible == forward.negligible
    assert results["rnn-params"].verdict == results["rnn-forward-ops"].verdict == "scope"


# --- what every claim shows -----------------------------------------------------------------

def test_every_claim_has_quote_location_call_rule_and_command(pages):
    for claim in C.CLAIMS:
        assert claim.quote.text.strip() and claim.quote.heading.strip(), claim.id
        assert all(1 <= line <= NOTES_LINES for line in claim.quote.lines), claim.id
        assert any("answers" in i for call in claim.calls.values() for i in call.imports), claim.id
        assert isinstance(claim.rule, C.Rule) and (ROOT / "site" / claim.page).is_file(), claim.id
        for lang, page in pages.items():
            section = page.split(f"{{ #{claim.id} }}", 1)[1].split("\n## ", 1)[0]
            assert claim.quote.text in section and claim.quote.location(lang) in section, (lang, claim.id)
            assert claim.rule.describe(lang) in section, (lang, claim.id)
            for name, call in claim.calls.items():
                assert call.command() in section and f"{name} = {call.expr}" in section, (lang, claim.id)
            assert f"]({claim.page})" in section, (lang, claim.id)
    assert len({c.id for c in C.CLAIMS}) == len(C.CLAIMS)


def test_the_missing_checkable_claims_are_on_the_page():
    # review L9: PE's i, Unigram's "rare", WordPiece's "probability", the BPTT formula's scope, [MASK] via
    # add_tokens, azithromycin's pieces, the parameter range
    assert {"pe-index", "unigram", "wordpiece", "bptt-formula", "mask-add-tokens", "azithromycin",
            "model-sizes"} <= set(BY_ID)


def test_the_speed_claim_labels_the_cpu_run_and_decides_on_the_gpu_model(pages):
    speed = BY_ID["speed"]
    assert speed.rule.key == "gpu_speedups"
    assert "2-core CPU: no GPU parallelism" in speed.label["en"]
    assert "2 ядра CPU: без параллелизма GPU" in speed.label["ru"]
    for page in pages.values():
        assert "2-core CPU: no GPU parallelism" in page.split("{ #speed }", 1)[1].split("\n## ", 1)[0]


# --- the commands run and print what the page shows ------------------------------------------

PURE = ["softmax", "rnn-forward-ops", "rnn-params", "rnn-backward", "speed", "quadratic", "model-sizes", "pe",
        "pe-index", "embedding-table", "oov", "bpe-order", "wordpiece", "gpt2"]
HEAVY = ["pairs", "mask-add-tokens"]          # one with torch, one with sentencepiece


@pytest.mark.parametrize("claim_id", PURE + HEAVY)
def test_reproduce_commands_print_the_shown_output(results, claim_id):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT)}
    for name, call in BY_ID[claim_id].calls.items():
        done = subprocess.run(["bash", "-c", call.command()], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == results[claim_id].printed[name], (claim_id, name)


# --- numbers in the page's language -----------------------------------------------------------

def _prose(page: str) -> str:
    page = re.sub(r"```.*?```", "", page, flags=re.S)            # code blocks: Python prints
    page = re.sub(r"^>.*$", "", page, flags=re.M)                # quotes from the notes, verbatim
    page = re.sub(r"^\|.*$", "", page, flags=re.M)               # the summary table quotes the notes too
    page = re.sub(r"`[^`]*`|\$[^$]*\$|<[^>]+>", "", page)        # inline code, math, HTML
    return page


def test_russian_prose_uses_decimal_commas_and_da_net(pages, results):
    prose = _prose(pages["ru"])
    assert not re.search(r"\d\.\d", prose), re.findall(r".{30}\d\.\d.{10}", prose)
    assert not re.search(r"\b(True|False|true|false)\b", prose)
    assert C.pct(float(results["rnn-params"].printed["omitted_share"]), "ru") in prose    # 36,4 %
    assert C.num(0.9736, "ru") == "0,9736" and C.pct(0.9736, "ru") == "97,4\u202f%"
    assert C.num(True, "ru") == "да" and C.num(False, "en") == "no" and C.num(4.5e-31, "ru") == "4,5·10^-31"


def test_english_prose_uses_decimal_points(pages):
    prose = _prose(pages["en"])
    assert not re.search(r"\d,\d{1,2}\b", prose)
    assert C.num(15775744, "en") == "15,775,744" and C.pct(0.9736, "en") == "97.4%"


def test_badges_have_a_color_and_a_fixed_width():
    for verdict in C.VERDICTS:
        html = C.badge(verdict, "ru")
        assert "min-width:" in html and "background:#" in html and C.VERDICTS[verdict]["ru"] in html
    assert len({C.BADGE_STYLE[v] for v in C.VERDICTS}) == len(C.VERDICTS)
