"""answers/model_sizes.py against the same models assembled from torch modules on the meta
device (shared parameters counted once, as `model.parameters()` does)."""

from __future__ import annotations

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples
from torch import nn

import answers.model_sizes as S


def count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def table(V: int, d: int) -> nn.Embedding:
    """nn.Embedding with a given (zero) weight: its normal_ init on the meta device costs seconds."""
    return nn.Embedding(V, d, _weight=torch.zeros(V, d))


def gpt2(V, n_ctx, d, L):
    block = lambda: nn.ModuleDict(dict(  # noqa: E731
        ln_1=nn.LayerNorm(d), c_attn=nn.Linear(d, 3 * d), c_proj=nn.Linear(d, d),
        ln_2=nn.LayerNorm(d), c_fc=nn.Linear(d, 4 * d), mlp_proj=nn.Linear(4 * d, d)))
    model = nn.ModuleDict(dict(wte=table(V, d), wpe=table(n_ctx, d),
                               h=nn.ModuleList(block() for _ in range(L)), ln_f=nn.LayerNorm(d),
                               lm_head=nn.Linear(d, V, bias=False)))
    model.lm_head.weight = model.wte.weight  # tied
    return model


def bert(V, n_ctx, d, L, type_vocab=2):
    layer = lambda: nn.TransformerEncoderLayer(d, 12 if d % 12 == 0 else 1, 4 * d)  # noqa: E731 - post-LN, biases
    return nn.ModuleDict(dict(word=table(V, d), position=table(n_ctx, d),
                              token_type=table(type_vocab, d), ln=nn.LayerNorm(d),
                              layers=nn.ModuleList(layer() for _ in range(L)), pooler=nn.Linear(d, d)))


def llama(V, d, L, d_ff, n_heads, n_kv_heads):
    hd = d // n_heads
    block = lambda: nn.ModuleDict(dict(  # noqa: E731
        input_norm=nn.RMSNorm(d), q=nn.Linear(d, d, bias=False), k=nn.Linear(d, n_kv_heads * hd, bias=False),
        v=nn.Linear(d, n_kv_heads * hd, bias=False), o=nn.Linear(d, d, bias=False), post_norm=nn.RMSNorm(d),
        gate=nn.Linear(d, d_ff, bias=False), up=nn.Linear(d, d_ff, bias=False), down=nn.Linear(d_ff, d, bias=False)))
    return nn.ModuleDict(dict(embed=table(V, d), layers=nn.ModuleList(block() for _ in range(L)),
                              norm=nn.RMSNorm(d), lm_head=nn.Linear(d, V, bias=False)))


@pytest.mark.parametrize("V,n_ctx,d,L", [(50257, 1024, 768, 12), (50257, 1024, 1600, 48), (10, 4, 8, 1)])
def test_gpt2(V, n_ctx, d, L):
    with torch.device("meta"):
        model = gpt2(V, n_ctx, d, L)
    assert S.gpt2_param_count(V, n_ctx, d, L) == count(model)
    parts = S.gpt2_breakdown(V, n_ctx, d, L)
    assert parts["blocks"] == count(model.h) and parts["token_embedding"] == count(model.wte)
    assert S.gpt2_block_param_count(d) == count(model.h[0])


@pytest.mark.parametrize("V,n_ctx,d,L", [(30522, 512, 768, 12), (30522, 512, 1024, 24), (7, 3, 12, 2)])
def test_bert(V, n_ctx, d, L):
    with torch.device("meta"):
        assert S.bert_param_count(V, n_ctx, d, L) == count(bert(V, n_ctx, d, L))


@pytest.mark.parametrize("config", [(32000, 4096, 32, 11008, 32, 32), (128256, 4096, 32, 14336, 32, 8),
                                    (100, 16, 2, 40, 4, 2)])
def test_llama(config):
    with torch.device("meta"):
        model = llama(*config)
    assert S.llama_param_count(*config) == count(model)
    V, d, L, d_ff, n_heads, n_kv = config
    assert S.llama_block_param_count(d, d_ff, n_heads, n_kv) == count(model.layers[0])


def test_bank_grids():
    found = 0
    with torch.device("meta"):
        for p in bank_combos(S.gpt2_param_count):
            found += 1
            assert S.gpt2_param_count(**p) == count(gpt2(p["V"], p["n_ctx"], p["d_model"], p["n_layer"]))
        for p in bank_combos(S.bert_param_count):
            found += 1
            assert S.bert_param_count(**p) == count(bert(p["V"], p["n_ctx"], p["d_model"], p["n_layer"]))
        for p in bank_combos(S.llama_param_count):
            found += 1
            assert S.llama_param_count(**p) == count(llama(p["V"], p["d_model"], p["n_layer"], p["d_ff"],
                                                           p["n_heads"], p["n_kv_heads"]))
    assert found


@pytest.mark.parametrize("call,value", docstring_examples(S))
def test_docstring_examples(call, value):
    check_example(S, call, value)
