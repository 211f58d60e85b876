"""The real bank: it covers the source document, every placeholder runs, and every
numeric answer agrees with an independent computation (mostly torch modules on
the meta device, so even V = 250,000 costs nothing)."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter

import msgspec
import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from seqprep import computed
from seqprep.bank import load_bank
from seqprep.grading.catalog import task_ids
from seqprep.sections import SECTIONS

BANK = load_bank()
NUMERIC = [q for q in BANK.questions if q.kind == "numeric"]


def test_size_and_coverage():
    kinds = Counter(q.kind for q in BANK.questions)
    assert len(BANK) >= 70
    assert kinds["choice"] >= 15 and kinds["numeric"] >= 10
    for section in SECTIONS:
        questions = BANK.select([section])
        assert len(questions) >= 3, section
        assert len({q.kind for q in questions}) >= 2, section


def test_every_coding_task_is_linked_from_a_code_question():
    linked = {q.task for q in BANK.questions if q.kind == "code"}
    assert linked == set(task_ids())


def test_every_text_is_bilingual_and_not_a_copy_of_the_other_language():
    for q in BANK.questions:
        assert q.prompt.ru != q.prompt.en, q.id
        assert re.search(r"[а-яё]", q.prompt.ru + q.answer.ru, re.I), f"{q.id}: the ru text has no Russian"


def _texts(question):
    dumped = msgspec.to_builtins(question)
    stack = [dumped]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and "{{" in node:
            yield node


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_placeholder_evaluates(lang):
    count = 0
    for q in BANK.questions:
        for text in _texts(q):
            rendered = computed.render(text, lang)
            assert not computed.PATTERN.search(rendered), q.id
            count += 1
    assert count > 20, "the bank computes its numbers instead of typing them"


# --- numeric answers against independent computations -----------------------------------

def numel(*modules) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def flops(fn) -> int:
    with FlopCounterMode(display=False) as counter:
        fn()
    return counter.get_total_flops()


def rnn_weights(d, h, V, bias):
    """The document's model as torch layers: W_xh (+ b_h), W_hh, W_hy (+ b_y)."""
    return nn.Linear(d, h, bias=bias), nn.Linear(h, h, bias=False), nn.Linear(h, V, bias=bias)


def loop_rnn_macs(T, d, h, V):
    W_xh, W_hh, W_hy = rnn_weights(d, h, max(V, 1), True)
    x = torch.randn(1, T, d)
    state = torch.zeros(1, h)

    def run():
        nonlocal state
        for t in range(T):
            state = torch.tanh(W_xh(x[:, t]) + W_hh(state))
            if V:
                W_hy(state)

    return flops(run) // 2


def attention_layer_macs(T, d_model):
    q_proj, k_proj, v_proj, o_proj = (nn.Linear(d_model, d_model) for _ in range(4))
    x = torch.randn(1, T, d_model)

    def run():
        q, k, v = q_proj(x), k_proj(x), v_proj(x)
        weights = (q @ k.transpose(-2, -1)).softmax(-1)
        o_proj(weights @ v)

    return flops(run) // 2


def pe_torch(pos, i, d_model):
    column = torch.arange(d_model, dtype=torch.float64)
    angle = pos / torch.pow(10000.0, (column - column % 2) / d_model)
    table = torch.where(column % 2 == 0, torch.sin(angle), torch.cos(angle))
    return float(table[i])


def added_rows(n_new, d, tied):
    V = 10
    before_emb, after_emb = nn.Embedding(V, d), nn.Embedding(V + n_new, d)
    if tied:
        return numel(after_emb) - numel(before_emb)
    return numel(after_emb, nn.Linear(d, V + n_new, bias=False)) - numel(before_emb, nn.Linear(d, V, bias=False))


def gradient_after(rho, steps):
    h = 6
    q, _ = torch.linalg.qr(torch.randn(h, h, dtype=torch.float64, generator=torch.Generator().manual_seed(0)))
    W = rho * q  # every singular value is rho
    g = torch.ones(h, dtype=torch.float64)
    for _ in range(steps):
        g = W.T @ g
    return float(g.norm() / torch.ones(h, dtype=torch.float64).norm())


def bert_pair(n1, n2):
    return len(["[CLS]"] + ["a"] * n1 + ["[SEP]"] + ["b"] * n2 + ["[SEP]"])


def bpe_vocab(base, merges, specials):
    # the vocabulary as a list: the base alphabet, one new token per merge, the specials
    return len([f"<0x{b:02X}>" for b in range(base)] + [f"m{i}" for i in range(merges)] +
               [f"<special{i}>" for i in range(specials)])


def vocab_share(V, d, body_millions, tied):
    # an LM of torch modules: the table, a head (the same tensor when tied) and a body of that many parameters
    table, head = nn.Embedding(V, d), nn.Linear(d, V, bias=False)
    if tied:
        head.weight = table.weight
    body = nn.Parameter(torch.empty(round(body_millions * 1e6)))
    unique = {id(p): p for p in (table.weight, head.weight)}
    vocab = sum(p.numel() for p in unique.values())
    return 100 * vocab / (vocab + body.numel())


def padded_rows(base, merges, specials, multiple):
    size = bpe_vocab(base, merges, specials)
    return next(rows for rows in range(size, size + multiple) if rows % multiple == 0)


INDEPENDENT = {
    "embedding_param_count": lambda V, d: numel(nn.Embedding(V, d)),
    "vocab_param_share": vocab_share,
    "padded_vocab_rows": padded_rows,
    "rnn_param_count": lambda d, h, V, bias: numel(*rnn_weights(d, h, V, bias)),
    "rnn_lm_param_count": lambda d, h, V, bias, tied: numel(nn.Embedding(V, d), *rnn_weights(d, h, V, bias)),
    "torch_rnn_param_count": lambda d, h, num_layers, bias: numel(nn.RNN(d, h, num_layers=num_layers, bias=bias)),
    "rnn_forward_macs": loop_rnn_macs,
    "gradient_factor": gradient_after,
    "mha_param_count": lambda d_model, bias: numel(nn.MultiheadAttention(d_model, 8, bias=bias)),
    "transformer_block_param_count": lambda d_model, d_ff: numel(nn.TransformerEncoderLayer(d_model, 8, d_ff)),
    "attention_macs": attention_layer_macs,
    "softmax_weight": lambda s1, s2, s3, which: float(torch.softmax(torch.tensor([s1, s2, s3],
                                                                                dtype=torch.float64), 0)[which - 1]),
    "attention_scale": lambda d_model, num_heads: nn.MultiheadAttention(d_model, num_heads).head_dim ** 0.5,
    "bert_pair_length": bert_pair,
    "added_token_param_count": added_rows,
    "bpe_vocab_size": bpe_vocab,
    "attention_scores_bytes": lambda T, B, num_heads, bytes_per_element: torch.empty(
        B, num_heads, T, T, dtype={2: torch.float16, 4: torch.float32}[bytes_per_element]).nbytes,
    "pe_value": pe_torch,
    "kv_cache_bytes": lambda num_layers, num_kv_heads, head_dim, T, B, bytes_per_element: sum(
        torch.empty(B, num_kv_heads, T, head_dim, dtype={2: torch.float16, 4: torch.float32}[bytes_per_element]).nbytes
        for _ in range(2 * num_layers)),  # a K and a V tensor per layer
    "logits_bytes": lambda B, T, V, bytes_per_element: torch.empty(
        B, T, V, dtype={2: torch.bfloat16, 4: torch.float32}[bytes_per_element]).nbytes,
    "output_layer_share": lambda d, h, V: 1 - loop_rnn_macs(2, d, h, 0) / loop_rnn_macs(2, d, h, V),
}

# Checked here: every function of answers/complexity.py and closed_form.py, and any other that has
# an entry above. The newer one-concept modules (answers/training_cost.py, ...) check every bank grid
# of their functions in tests/answers/test_<module>.py; tests/test_bank_targets.py enforces that.
CHECKED_HERE = [q for q in NUMERIC if q.compute.split(".")[1] in ("complexity", "closed_form")
                or q.compute.rsplit(".", 1)[1] in INDEPENDENT]


def combos(question, limit=40):
    names = list(question.params)
    every = list(itertools.product(*(question.params[n] for n in names)))
    step = max(1, math.ceil(len(every) / limit))
    return [dict(zip(names, values)) for values in every[::step]]


def test_every_numeric_function_has_an_independent_check():
    assert {q.compute.rsplit(".", 1)[1] for q in CHECKED_HERE} <= set(INDEPENDENT)


@pytest.mark.parametrize("question", CHECKED_HERE, ids=lambda q: q.id)
def test_numeric_answers_match_an_independent_computation(question):
    independent = INDEPENDENT[question.compute.rsplit(".", 1)[1]]
    with torch.device("meta"):
        for params in combos(question):
            expected = question.value(params)
            if question.compute.endswith(("gradient_factor", "softmax_weight", "pe_value")):
                with torch.device("cpu"):
                    other = independent(**params)
            else:
                other = independent(**params)
            assert other == pytest.approx(expected, rel=1e-9, abs=1e-12), (question.id, params)
