"""answers/packing.py against torch: masks built as boolean tensors and counted, padded and packed
batches built with pad_sequence and torch.cat and measured, cu_seqlens from torch.cumsum, and the
property packing relies on: with a block-diagonal causal mask and restarted positions, attention over a
packed row gives every text exactly what it gets alone."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from bank_grids import bank_combos, check_example, docstring_examples
from torch.nn.utils.rnn import pad_sequence

import answers.packing as P


def doc_ids(lengths: list[int]) -> torch.Tensor:
    return torch.repeat_interleave(torch.arange(len(lengths)), torch.tensor(lengths))  # (C,)


def causal_mask(C: int) -> torch.Tensor:
    return torch.ones(C, C, dtype=torch.bool).tril()  # (C, C), True = may attend


def block_causal_mask(lengths: list[int]) -> torch.Tensor:
    ids = doc_ids(lengths)
    return causal_mask(len(ids)) & (ids[:, None] == ids[None, :])  # (C, C)


def test_cross_document_pairs_bank_grid():
    combos = bank_combos(P.cross_document_pairs_saved)
    assert combos
    for p in combos:
        lengths = [n for n in (p["l1"], p["l2"], p["l3"], p.get("l4", 0)) if n]
        full, block = causal_mask(sum(lengths)), block_causal_mask(lengths)
        assert P.cross_document_pairs_saved(**p) == int(full.sum() - block.sum())


@pytest.mark.parametrize("lengths", [[1, 1, 1], [5, 3, 7, 2], [64, 1, 30]])
def test_saved_pairs_are_the_cross_products(lengths):
    padded = lengths + [0] * (4 - len(lengths))
    cross = sum(a * b for i, a in enumerate(lengths) for b in lengths[i + 1:])
    assert P.cross_document_pairs_saved(*padded) == cross == int((causal_mask(sum(lengths)) &
                                                                   ~block_causal_mask(lengths)).sum())


def test_padding_over_packing_bank_grid():
    combos = bank_combos(P.padding_over_packing)
    assert combos
    for p in combos:
        C = p["context"]
        texts = [torch.ones(p[k]) for k in ("l1", "l2", "l3", "l4")]
        padded = pad_sequence(texts, batch_first=True)                # (4, max l)
        stream = torch.cat(texts)                                     # (sum l,)
        rows = list(stream.split(C))
        rows[-1] = F.pad(rows[-1], (0, C - len(rows[-1])))            # the last row padded to C
        packed = torch.stack(rows)                                    # (rows, C)
        assert P.padding_over_packing(**p) == pytest.approx(padded.numel() / packed.numel(), rel=1e-12)
        assert packed.sum() == padded.sum() == sum(len(t) for t in texts)  # no token lost either way


@pytest.mark.parametrize("lengths", [[4, 2, 3], [1], [7, 7, 1, 5]])
def test_cu_seqlens_and_position_ids(lengths):
    t = torch.tensor(lengths, dtype=torch.int32)
    assert P.cu_seqlens(lengths) == F.pad(torch.cumsum(t, 0, dtype=torch.int32), (1, 0)).tolist()
    assert P.position_ids(lengths) == torch.cat([torch.arange(n) for n in lengths]).tolist()


@pytest.mark.parametrize("seed", range(5))
def test_block_mask_and_restarted_positions_equal_separate_texts(seed):
    g = torch.Generator().manual_seed(seed)
    lengths = torch.randint(1, 9, (3,), generator=g).tolist()
    d, max_pos = 8, 32
    pos_table = torch.randn(max_pos, d, generator=g)
    texts = [torch.randn(n, d, generator=g) for n in lengths]

    def attend(x, mask):  # x: (T, d), mask: (T, T) True = may attend
        q = k = v = x[None, None]  # (1, 1, T, d)
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask)[0, 0]  # (T, d)

    alone = [attend(x + pos_table[:len(x)], causal_mask(len(x))) for x in texts]
    row = torch.cat(texts) + pos_table[torch.tensor(P.position_ids(lengths))]
    packed = attend(row, block_causal_mask(lengths))
    torch.testing.assert_close(packed, torch.cat(alone))
    # a plain causal mask, or positions that do not restart, change what the later texts see
    leaky = attend(row, causal_mask(len(row)))
    assert not torch.allclose(leaky[lengths[0]:], packed[lengths[0]:])
    shifted = attend(torch.cat(texts) + pos_table[:len(row)], block_causal_mask(lengths))
    assert not torch.allclose(shifted[lengths[0]:], packed[lengths[0]:])


def test_a_text_longer_than_the_context_is_an_error():
    with pytest.raises(ValueError):
        P.padding_over_packing(10, 2, 3, 4, 8)


@pytest.mark.parametrize("call,value", docstring_examples(P))
def test_docstring_examples(call, value):
    check_example(P, call, value)
