"""answers/vocab_matrix.py against parameters counted on torch modules (meta device) and a brute-force search."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from answers.vocab_matrix import padded_vocab_rows, vocab_param_share


class _LM(nn.Module):
    """An input table, `blocks`, and an output head that is tied to the table or not."""

    def __init__(self, V: int, d: int, blocks: nn.Module, tied: bool):
        super().__init__()
        self.wte = nn.Embedding(V, d, device="meta")
        self.blocks = blocks
        self.head = nn.Linear(d, V, bias=False, device="meta")
        if tied:
            self.head.weight = self.wte.weight


def _share(model: _LM) -> float:
    total = sum(p.numel() for p in model.parameters())          # shared tensors are counted once
    vocab = sum(p.numel() for p in {id(p): p for p in (model.wte.weight, model.head.weight)}.values())
    return 100 * vocab / total


def test_gpt2_small_share_matches_a_model_built_from_torch_layers():
    d = 768
    body = nn.ModuleList([nn.TransformerEncoderLayer(d, 12, 4 * d, device="meta") for _ in range(12)]
                         + [nn.Embedding(1024, d, device="meta"), nn.LayerNorm(d, device="meta")])
    body_millions = sum(p.numel() for p in body.parameters()) / 1e6
    assert body_millions == 85.842432                             # GPT-2 small without its token table
    model = _LM(50257, d, body, tied=True)
    assert vocab_param_share(50257, d, body_millions, tied=True) == pytest.approx(_share(model), rel=1e-12)


@pytest.mark.parametrize("V,d,body,tied", [(128256, 4096, 6_979_588_096, False), (32000, 512, 1_000_000, True),
                                           (250002, 1024, 300_000_000, False), (10, 4, 8, False)])
def test_share_matches_counted_parameters(V, d, body, tied):
    blocks = nn.Module()
    blocks.weight = nn.Parameter(torch.empty(body, device="meta"))
    model = _LM(V, d, blocks, tied)
    assert vocab_param_share(V, d, body / 1e6, tied) == pytest.approx(_share(model), rel=1e-12)


def test_untied_share_exceeds_tied_share():
    assert vocab_param_share(50257, 768, 85.8, tied=False) > vocab_param_share(50257, 768, 85.8, tied=True)


def test_padded_rows_match_nanogpt_and_a_brute_force_search():
    assert padded_vocab_rows(256, 50000, 1, 64) == 50304            # nanoGPT's GPT-2 vocab_size
    for base, merges, specials, multiple in [(256, 30000, 2, 64), (256, 100000, 4, 128), (256, 0, 0, 64),
                                             (3, 4, 5, 1), (256, 31744, 0, 64)]:
        size = base + merges + specials
        rows = next(n for n in range(size, size + multiple) if n % multiple == 0)
        assert padded_vocab_rows(base, merges, specials, multiple) == rows
    with pytest.raises(ValueError):
        padded_vocab_rows(256, 10, 0, 0)
