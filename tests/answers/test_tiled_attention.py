"""answers.tiled_attention against F.scaled_dot_product_attention (4-D inputs), and a
memory probe that watches every aten op to prove no (Tq, Tk) score matrix is built."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves

from answers.attention import causal_mask, scaled_dot_product_attention
from answers.tiled_attention import tiled_attention


def _randn(*shape, seed, dtype=torch.float64):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


def _qkv(B, H, Tq, Tk, dk, dv, dtype, seed=0):
    return (
        _randn(B, H, Tq, dk, seed=seed, dtype=dtype),
        _randn(B, H, Tk, dk, seed=seed + 1, dtype=dtype),
        _randn(B, H, Tk, dv, seed=seed + 2, dtype=dtype),
    )


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize(
    "Tq,Tk,block_size",
    [
        (8, 8, 4),  # Tk a multiple of the block
        (5, 13, 4),  # Tk not a multiple: last block has 1 key
        (7, 10, 1),  # one key at a time
        (6, 9, 9),  # one block exactly
        (6, 9, 64),  # block larger than Tk
        (1, 17, 5),  # a single query (decoding)
        (12, 3, 2),  # more queries than keys
    ],
)
def test_tiled_matches_torch_sdpa(dtype, Tq, Tk, block_size):
    q, k, v = _qkv(2, 3, Tq, Tk, 8, 8, dtype)
    out = tiled_attention(q, k, v, block_size=block_size)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_tiled_dk_differs_from_dv(dtype):
    q, k, v = _qkv(1, 2, 5, 11, 16, 4, dtype, seed=3)
    torch.testing.assert_close(tiled_attention(q, k, v, block_size=3), F.scaled_dot_product_attention(q, k, v))


@pytest.mark.parametrize("Tq,Tk,block_size", [(9, 9, 2), (4, 10, 3), (10, 4, 3), (6, 6, 1)])
def test_tiled_causal_flag_matches_torch(Tq, Tk, block_size):
    q, k, v = _qkv(2, 2, Tq, Tk, 8, 8, torch.float64, seed=5)
    ref = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    torch.testing.assert_close(tiled_attention(q, k, v, block_size=block_size, is_causal=True), ref)
    torch.testing.assert_close(tiled_attention(q, k, v, block_size=block_size, mask=causal_mask(Tq, T_k=Tk)), ref)


def test_tiled_padding_mask_broadcast_and_empty_rows():
    B, H, Tq, Tk = 3, 2, 5, 11
    q, k, v = _qkv(B, H, Tq, Tk, 8, 8, torch.float64, seed=7)
    pad = torch.rand(B, 1, 1, Tk, generator=torch.Generator().manual_seed(8)) > 0.4  # (B, 1, 1, Tk)
    pad[:, ..., 0] = True
    torch.testing.assert_close(tiled_attention(q, k, v, 4, mask=pad), F.scaled_dot_product_attention(q, k, v, attn_mask=pad))
    mask = torch.rand(Tq, Tk, generator=torch.Generator().manual_seed(9)) > 0.5  # (Tq, Tk)
    mask[1] = False  # query 1 sees nothing; its first block is fully masked too
    mask[3, :8] = False  # query 3's only keys come in the last block
    mask[3, 9] = True
    out = tiled_attention(q, k, v, 4, mask=mask)
    ref = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    assert not torch.isnan(out).any()
    assert (out[:, :, 1] == 0).all() and (ref[:, :, 1] == 0).all()  # torch 2.13 gives zeros too
    torch.testing.assert_close(out, ref)


def test_tiled_large_scores_do_not_overflow():
    """The running max must be rescaled correctly when a later block holds a far larger score."""
    q, k, v = _qkv(1, 1, 4, 12, 4, 4, torch.float32, seed=11)
    k = k * torch.linspace(1, 300, 12)[:, None]  # scores grow by orders of magnitude block after block
    out = tiled_attention(q, k, v, block_size=3)
    assert torch.isfinite(out).all()
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v))


def test_tiled_gradcheck():
    q, k, v = (t.requires_grad_() for t in _qkv(1, 1, 3, 5, 2, 2, torch.float64, seed=13))
    assert torch.autograd.gradcheck(lambda a, b, c: tiled_attention(a, b, c, block_size=2), (q, k, v))


def test_tiled_rejects_bad_block_size():
    q, k, v = _qkv(1, 1, 2, 2, 2, 2, torch.float64)
    with pytest.raises(ValueError):
        tiled_attention(q, k, v, block_size=0)


# ----------------------------------------------------------------------------- memory probe


class LargestTensorProbe(TorchDispatchMode):
    """Sees every aten op run inside it and records the largest storage any op returns.

    Storage elements (not numel) are measured, so a broadcast view such as
    `mask.expand(...)` counts as the small tensor it really is, while anything
    that allocates a (Tq, Tk) matrix is caught whatever op produced it."""

    def __init__(self):
        super().__init__()
        self.largest = 0
        self.largest_op = None

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        for t in tree_leaves(out):
            if isinstance(t, torch.Tensor):
                size = t.untyped_storage().nbytes() // t.element_size()
                if size > self.largest:
                    self.largest, self.largest_op = size, str(func)
        return out


def _largest(fn, *args, **kwargs):
    with LargestTensorProbe() as probe:
        fn(*args, **kwargs)
    return probe.largest, probe.largest_op


@pytest.mark.parametrize("is_causal", [False, True])
def test_tiled_never_builds_the_score_matrix(is_causal):
    B, H, Tq, Tk, d, bs = 2, 2, 64, 512, 16, 32
    q, k, v = _qkv(B, H, Tq, Tk, d, d, torch.float32, seed=20)
    mask = torch.ones(B, 1, 1, Tk, dtype=torch.bool)
    bound = max(B * H * Tq * bs, q.numel(), k.numel(), v.numel(), B * H * Tq * d)  # block of scores, inputs, output
    full_scores = B * H * Tq * Tk
    assert full_scores > bound  # the sizes make the two distinguishable
    tiled, op = _largest(tiled_attention, q, k, v, block_size=bs, mask=mask, is_causal=is_causal)
    assert tiled <= bound, (tiled, op)
    # the same probe catches an implementation that builds the (Tq, Tk) scores
    naive, _ = _largest(scaled_dot_product_attention, q, k, v, mask)
    assert naive >= full_scores > bound
    # ...and one that builds them hidden in a single fused-looking expression
    naive_inline, _ = _largest(lambda: (torch.softmax(q @ k.transpose(-2, -1) / 4, -1) @ v))
    assert naive_inline >= full_scores


def test_probe_sees_every_block():
    """Sanity of the probe itself: the largest block-sized tensor grows with block_size."""
    q, k, v = _qkv(1, 1, 32, 1024, 2, 2, torch.float32, seed=21)  # inputs hold 2048 elements
    sizes = [_largest(tiled_attention, q, k, v, block_size=bs)[0] for bs in (128, 256, 512)]
    assert sizes == [32 * 128, 32 * 256, 32 * 512]
