"""answers/parallel_time.py: the work against FLOPs torch counts for a real training step, the depth against
the longest chain of dependent kernels in the autograd graph, and the two limits of the model."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from answers.parallel_time import (ATTENTION_KERNELS, attention_training_step, modelled_seconds, modelled_speedup,
                                   rnn_training_step)

KERNELS = ("MmBackward", "AddmmBackward", "BmmBackward", "SoftmaxBackward")


def _rnn_loss(T, B, d, h):
    W_xh, W_hh = nn.Linear(d, h, bias=False), nn.Linear(h, h, bias=False)
    x = torch.randn(B, T, d, requires_grad=True)
    state = torch.zeros(B, h, requires_grad=True)
    for t in range(T):
        state = torch.tanh(W_xh(x[:, t]) + W_hh(state))  # (B, h)
    return state.sum()


def _attention_loss(T, B, d):
    q, k, v, o = (nn.Linear(d, d, bias=False) for _ in range(4))
    x = torch.randn(B, T, d, requires_grad=True)
    weights = torch.softmax(q(x) @ k(x).transpose(1, 2) / d ** 0.5, dim=-1)  # (B, T, T)
    return o(weights @ v(x)).sum()


def _counted_macs(loss_fn, *sizes):
    with FlopCounterMode(display=False) as counter:
        loss_fn(*sizes).backward()
    return counter.get_total_flops() // 2


def _longest_kernel_chain(loss) -> int:
    """Longest path through the autograd graph counting matrix products and softmaxes."""
    memo = {}

    def depth(node):
        if node is None:
            return 0
        if node not in memo:
            own = int(type(node).__name__.startswith(KERNELS))
            memo[node] = own + max((depth(child) for child, _ in node.next_functions), default=0)
        return memo[node]

    return depth(loss.grad_fn)


@pytest.mark.parametrize("T,B,d,h", [(5, 3, 4, 6), (12, 2, 8, 8)])
def test_rnn_work_is_the_counted_training_step(T, B, d, h):
    assert rnn_training_step(T, B, d, h)[0] == _counted_macs(_rnn_loss, T, B, d, h)


@pytest.mark.parametrize("T,B,d", [(5, 3, 4), (16, 2, 8)])
def test_attention_work_is_the_counted_training_step(T, B, d):
    assert attention_training_step(T, B, d)[0] == _counted_macs(_attention_loss, T, B, d)


@pytest.mark.parametrize("T", [3, 10, 25])
def test_depth_is_the_longest_chain_of_dependent_kernels(T):
    # the forward chain; backward replays it in reverse, hence the factor 2 in the model
    assert 2 * _longest_kernel_chain(_rnn_loss(T, 2, 4, 4)) == rnn_training_step(T, 2, 4, 4)[1]
    assert _longest_kernel_chain(_attention_loss(T, 2, 4)) == ATTENTION_KERNELS      # whatever T is
    assert attention_training_step(T, 2, 4)[1] == 2 * ATTENTION_KERNELS


def test_slow_device_gives_the_work_ratio_and_fast_device_the_depth_ratio():
    T, B, d = 256, 8, 64
    rnn_work, rnn_depth = rnn_training_step(T, B, d, d)
    att_work, att_depth = attention_training_step(T, B, d)
    assert modelled_speedup(T, B, d, macs_per_second=1.0, step_seconds=1e-9) == pytest.approx(rnn_work / att_work,
                                                                                                rel=1e-6)
    assert modelled_speedup(T, B, d, macs_per_second=1e30, step_seconds=1.0) == pytest.approx(rnn_depth / att_depth)
    assert modelled_seconds(100, 3, 10.0, 2.0) == 3 * 2.0 + 100 / 10.0
