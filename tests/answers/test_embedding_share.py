"""answers/embedding_share.py against torch: the same models assembled from torch modules on the meta
device (tests/answers/test_model_sizes.py builds them), the table counted with numel and the whole
model with parameters(), shared (tied) tensors once."""

from __future__ import annotations

import pytest
import torch
from bank_grids import check_example, docstring_examples
from test_model_sizes import bert, count, gpt2, llama

import answers.embedding_share as E

BUILD = {
    "gpt2-small": lambda: gpt2(50257, 1024, 768, 12),
    "gpt2-xl": lambda: gpt2(50257, 1024, 1600, 48),
    "bert-base": lambda: bert(30522, 512, 768, 12),
    "xlm-r-base": lambda: bert(250002, 514, 768, 12, type_vocab=1),
    "llama-2-7b": lambda: llama(32000, 4096, 32, 11008, 32, 32),
    "llama-3-8b": lambda: llama(128256, 4096, 32, 14336, 32, 8),
    "llama-2-70b": lambda: llama(32000, 8192, 80, 28672, 64, 8),
}
TABLE = {"gpt2": "wte", "bert": "word", "xlm": "word", "llama": "embed"}  # the token table's name, by family


def test_every_model_is_built():
    assert set(BUILD) == set(E.MODELS)


@pytest.mark.parametrize("name", list(BUILD))
def test_shares(name):
    with torch.device("meta"):
        model = BUILD[name]()
    table = getattr(model, TABLE[name.split("-")[0]])
    total = count(model)
    head = getattr(model, "lm_head", None)
    vocab = count(table) + (count(head) if head is not None and head.weight is not table.weight else 0)
    assert E.total_params(name) == total
    assert E.table_share(name) == pytest.approx(100 * count(table) / total, rel=1e-12)
    assert E.vocab_share(name) == pytest.approx(100 * vocab / total, rel=1e-12)


def test_the_share_falls_with_scale_at_a_fixed_vocabulary():
    assert E.table_share("gpt2-small") > 5 * E.table_share("gpt2-xl")
    assert E.table_share("llama-2-7b") > 4 * E.table_share("llama-2-70b")


@pytest.mark.parametrize("call,value", docstring_examples(E))
def test_docstring_examples(call, value):
    check_example(E, call, value)
