"""The whole bank's targets from issue 12 §3: size, numeric share, hard questions in every
section, no computation asked twice, no near-duplicate prompts, every new topic covered, and
every numeric function of the newer answers modules checked against torch in its own test file.

These are targets for the bank as a whole: several helpers add to it, and the size and topic
tests pass only once all their additions are in.

Definitions pinned here:
* "the same computation": two numeric questions with the same `compute` function and an
  identical parameter grid, or with the same function name and the same formula;
* "near-duplicate prompts": English prompts whose word sets (placeholders removed) have a
  Jaccard similarity of at least 0.7 (the closest distinct pair in the bank is near 0.6);
* "a topic is covered": some question carries one of the topic's tags.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from pathlib import Path

import msgspec
import pytest

from seqprep.bank import load_bank
from seqprep.sections import SECTIONS

ROOT = Path(__file__).resolve().parent.parent
BANK = load_bank()
QUESTIONS = list(BANK.questions)
NUMERIC = [q for q in QUESTIONS if q.kind == "numeric"]

# The topics of issue 12 §3 (and the review's §4.2): each needs a question with one of these tags.
TOPICS = {
    "LSTM": {"lstm"},
    "GRU": {"gru"},
    "teacher forcing and exposure bias": {"teacher-forcing", "exposure-bias"},
    "the causal-LM objective and loss masking": {"causal-lm", "loss-masking"},
    "training compute (6N, MFU)": {"training-compute"},
    "training memory (Adam, activations, checkpointing)": {"training-memory", "checkpointing"},
    "KV-cache sizing and decode arithmetic": {"kv-cache"},
    "RoPE": {"rope"},
    "ALiBi": {"alibi"},
    "long-context extension (PI, NTK, YaRN)": {"long-context"},
    "decoding (greedy, beam, temperature, top-k, top-p)": {"decoding"},
    "attention as an RNN, linear attention": {"linear-attention"},
    "Mamba, RWKV, state space models": {"mamba", "rwkv", "state-space-models"},
    "LayerNorm, RMSNorm, pre/post-LN": {"normalization"},
    "numerics (fp16, bf16, loss scaling)": {"numerics"},
    "seq2seq attention (Bahdanau, Luong)": {"seq2seq"},
    "encoder-only / decoder-only / encoder-decoder / prefix-LM": {"prefix-lm", "encoder-decoder", "architectures"},
    "sliding-window and sparse attention": {"sparse-attention", "sliding-window"},
    "attention sinks and StreamingLLM": {"attention-sinks", "streamingllm"},
    "full-model parameter breakdown": {"parameter-breakdown"},
    # the tokenizer and embedding sections' topics
    "perplexity across tokenizers, bits per byte": {"perplexity", "bits-per-byte"},
    "tokenization edge cases": {"tokenization-edge-cases"},
    "sequence packing": {"sequence-packing"},
}


def test_at_least_220_questions():
    assert len(QUESTIONS) >= 220, f"{len(QUESTIONS)} questions"


def test_at_least_45_numeric():
    assert len(NUMERIC) >= 45, f"{len(NUMERIC)} numeric questions"


@pytest.mark.parametrize("section", list(SECTIONS))
def test_every_section_has_two_hard_questions(section):
    hard = [q.id for q in BANK.select([section]) if q.difficulty == "hard"]
    assert len(hard) >= 2, f"{section}: {hard}"


def _grid(q) -> tuple:
    return tuple(sorted((name, tuple(values)) for name, values in q.params.items()))


def repeated_computations(numeric) -> list[list[str]]:
    """Ids of numeric questions that repeat a computation (same function and grid, or same
    function name and formula)."""
    by_grid, by_formula = defaultdict(list), defaultdict(list)
    for q in numeric:
        by_grid[(q.compute, _grid(q))].append(q.id)
        by_formula[(q.compute.rsplit(".", 1)[1], " ".join(q.formula.split()))].append(q.id)
    return [ids for ids in [*by_grid.values(), *by_formula.values()] if len(ids) > 1]


def test_no_computation_is_asked_twice():
    assert not repeated_computations(NUMERIC)


def test_the_rule_catches_a_copy_with_new_wording_or_a_new_grid():
    q = next(q for q in NUMERIC if any(len(v) > 1 for v in q.params.values()))
    reworded = msgspec.structs.replace(q, id="reworded")
    name = next(n for n, v in q.params.items() if len(v) > 1)
    regridded = msgspec.structs.replace(q, id="regridded", params={**q.params, name: q.params[name][:1]})
    assert [q.id, "reworded"] in repeated_computations([q, reworded])
    assert [q.id, "regridded"] in repeated_computations([q, regridded])  # same function, same formula
    other_formula = msgspec.structs.replace(regridded, formula=q.formula + " (other)")
    assert not repeated_computations([q, other_formula])


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", re.sub(r"\[\[\w+\]\]", " ", text.lower())))


def jaccard(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb)


def test_jaccard_flags_a_reworded_copy_and_passes_different_questions():
    prompt = "How many parameters does `torch.nn.GRU(input_size=[[d]], hidden_size=[[h]], num_layers=[[n]])` have?"
    assert jaccard(prompt, prompt.replace("GRU", "LSTM")) >= 0.7
    assert jaccard(prompt, "Why are attention scores divided by the square root of d_k?") < 0.7


def test_no_near_duplicate_prompts():
    close = [(a.id, b.id, round(jaccard(a.prompt.en, b.prompt.en), 2))
             for a, b in itertools.combinations(QUESTIONS, 2) if jaccard(a.prompt.en, b.prompt.en) >= 0.7]
    assert not close


@pytest.mark.parametrize("topic", list(TOPICS))
def test_every_new_topic_has_a_question(topic):
    tagged = [q.id for q in QUESTIONS if TOPICS[topic] & set(q.tags)]
    assert tagged, f"no question tagged {sorted(TOPICS[topic])}"


def test_every_numeric_function_is_checked_against_an_independent_reference():
    """complexity.py and closed_form.py, and any function with an entry in INDEPENDENT, are
    checked in tests/test_bank_content.py; any other needs tests/answers/test_<module>.py that
    names it and runs the bank's grids (`bank_combos`)."""
    bank_content = (ROOT / "tests" / "test_bank_content.py").read_text(encoding="utf-8")
    missing = []
    for q in NUMERIC:
        _, module, function = q.compute.split(".", 2)
        if module in ("complexity", "closed_form") or f'"{function}":' in bank_content:
            continue
        test_file = ROOT / "tests" / "answers" / f"test_{module}.py"
        source = test_file.read_text(encoding="utf-8") if test_file.exists() else ""
        if function not in source or "bank_combos" not in source:
            missing.append((q.id, str(test_file.relative_to(ROOT))))
    assert not missing
