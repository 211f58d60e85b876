"""The RNN formulas of answers.complexity, checked independently against torch.

Parameters: the sum of `p.numel()` over torch modules / nn.Parameter tensors of
the document's shapes. Operations: `torch.utils.flop_counter.FlopCounterMode`
around the loop `answers.rnn.rnn_forward` (+ an output nn.Linear); it counts
2 FLOPs per multiply-accumulate of every mm/addmm/bmm and nothing for
element-wise work (tanh, bias adds), which is the MAC convention of
complexity.py. Large sizes run on the meta device: shapes only, no arithmetic.
"""

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from answers.complexity import (
    embedding_param_count,
    rnn_forward_macs,
    rnn_lm_param_count,
    rnn_param_count,
    rnn_train_step_macs,
    torch_rnn_param_count,
)
from answers.rnn import RNNLanguageModel, rnn_forward

DOCUMENT = {"T": 50, "d": 300, "h": 512, "V": 30000}
DHV = [(300, 512, 30000), (1, 1, 1), (8, 16, 50), (64, 32, 1000), (128, 256, 10000)]


def numel(*tensors_or_modules) -> int:
    total = 0
    for item in tensors_or_modules:
        if isinstance(item, nn.Module):
            total += sum(p.numel() for p in item.parameters())
        else:
            total += item.numel()
    return total


def document_parameters(d, h, V, bias):
    """nn.Parameter tensors of the document's shapes: W_xh [h,d], W_hh [h,h], W_hy [V,h] (+ b_h [h], b_y [V])."""
    shapes = [(h, d), (h, h), (V, h)] + ([(h,), (V,)] if bias else [])
    return [nn.Parameter(torch.empty(shape, device="meta")) for shape in shapes]


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("d,h,V", DHV)
def test_rnn_param_count_is_the_numel_of_the_documents_tensors(d, h, V, bias):
    assert numel(*document_parameters(d, h, V, bias)) == rnn_param_count(d, h, V, bias=bias)


@pytest.mark.parametrize("d,h,V", DHV)
def test_torch_module_parameter_counts(d, h, V):
    embedding = nn.Embedding(V, d, device="meta")
    rnn = nn.RNN(d, h, device="meta")
    head = nn.Linear(h, V, device="meta")
    assert numel(embedding) == embedding_param_count(V, d)
    assert numel(rnn) == torch_rnn_param_count(d, h)
    assert numel(nn.RNN(d, h, bias=False, device="meta")) == torch_rnn_param_count(d, h, bias=False)
    assert numel(nn.RNN(d, h, num_layers=3, device="meta")) == torch_rnn_param_count(d, h, num_layers=3)
    # torch's LM = ours + one more bias vector of size h (b_ih and b_hh instead of b_h).
    assert numel(embedding, rnn, head) == rnn_lm_param_count(d, h, V) + h
    assert numel(RNNLanguageModel(V, d, h, device="meta")) == rnn_lm_param_count(d, h, V)


@pytest.mark.parametrize("d,V", [(16, 50), (512, 30000)])
def test_tied_embeddings_count_the_table_once(d, V):
    embedding = nn.Embedding(V, d, device="meta")
    rnn_weights = document_parameters(d, d, V, bias=True)[:2]  # W_xh, W_hh
    head = nn.Linear(d, V, device="meta")
    head.weight = embedding.weight  # tied: the head reuses the table
    model = nn.ModuleList([embedding, head])
    unique = numel(model) + numel(*rnn_weights) + d  # + b_h; parameters() counts the shared table once
    assert unique == rnn_lm_param_count(d, d, V, tied=True)
    assert rnn_lm_param_count(d, d, V) - unique == V * d


def recurrent_weights(d, h, device, requires_grad=True):
    return [torch.randn(shape, device=device, requires_grad=requires_grad) for shape in ((h, d), (h, h), (h,))]


def forward_flops(T, d, h, V, B=1, device="cpu"):
    W_xh, W_hh, b_h = recurrent_weights(d, h, device, requires_grad=False)
    head = nn.Linear(h, V, device=device) if V else None
    x, h0 = torch.randn(B, T, d, device=device), torch.zeros(B, h, device=device)
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        H, _ = rnn_forward(x, h0, W_xh, W_hh, b_h)
        if head is not None:
            head(H)
    return counter.get_total_flops()


@pytest.mark.parametrize("T,d,h,V,device", [
    (1, 3, 4, 7, "cpu"), (5, 3, 4, 7, "cpu"), (12, 16, 8, 100, "cpu"), (7, 5, 6, 0, "cpu"),
    (50, 300, 512, 30000, "meta"), (50, 300, 512, 0, "meta"),
])
def test_forward_macs_match_flop_counter(T, d, h, V, device):
    assert forward_flops(T, d, h, V, device=device) == 2 * rnn_forward_macs(T, d, h, V)


def test_forward_macs_scale_with_batch():
    assert forward_flops(6, 3, 4, 5, B=4) == 4 * 2 * rnn_forward_macs(6, 3, 4, 5)


def train_step_flops(T, d, h, V, x_requires_grad, h0_requires_grad, device="cpu"):
    """FLOPs of forward + backward with every weight trainable; x, h0 trainable or not."""
    W_xh, W_hh, b_h = recurrent_weights(d, h, device)
    head = nn.Linear(h, V, device=device)
    x = torch.randn(1, T, d, device=device, requires_grad=x_requires_grad)
    h0 = torch.zeros(1, h, device=device, requires_grad=h0_requires_grad)
    with FlopCounterMode(display=False) as counter:
        H, _ = rnn_forward(x, h0, W_xh, W_hh, b_h)
        logits = head(H)
        (logits * torch.ones_like(logits)).sum().backward()
    return counter.get_total_flops()


@pytest.mark.parametrize("T,d,h,V,device", [(1, 3, 4, 7, "cpu"), (5, 3, 4, 7, "cpu"), (9, 6, 5, 11, "cpu"),
                                            (50, 300, 512, 30000, "meta")])
def test_train_step_is_three_forwards_when_every_input_needs_a_gradient(T, d, h, V, device):
    # Backward of each product P = A @ B needs dA = dP @ B^T and dB = A^T @ dP, each as big as P.
    total = train_step_flops(T, d, h, V, x_requires_grad=True, h0_requires_grad=True, device=device)
    assert total == 2 * rnn_train_step_macs(T, d, h, V) == 2 * 3 * rnn_forward_macs(T, d, h, V)


@pytest.mark.parametrize("T,d,h,V", [(1, 3, 4, 7), (5, 3, 4, 7), (9, 6, 5, 11)])
def test_train_step_counts_what_autograd_skips(T, d, h, V):
    # torch computes no gradient for inputs that do not need one:
    # a fixed h0 saves h*h MACs (step 1's dh0 = da_1 W_hh), a fixed x saves T*h*d (dx_t = da_t W_xh).
    three_forwards = 3 * rnn_forward_macs(T, d, h, V)
    assert train_step_flops(T, d, h, V, True, False) == 2 * (three_forwards - h * h)
    assert train_step_flops(T, d, h, V, False, True) == 2 * (three_forwards - T * h * d)
    assert train_step_flops(T, d, h, V, False, False) == 2 * (three_forwards - T * h * d - h * h)


def test_train_step_of_the_language_model():
    # The LM's x comes from the trainable embedding table (so dx is computed; the table's
    # scatter-add is not a matrix product) and h0 is a constant zero: 3 forwards - h^2.
    V, d, h, B, T = 11, 4, 6, 1, 8
    model = RNNLanguageModel(V, d, h)
    ids = torch.randint(0, V, (B, T))
    with FlopCounterMode(display=False) as counter:
        logits, _ = model(ids)
        forward = counter.get_total_flops()
        (logits * torch.ones_like(logits)).sum().backward()
    assert forward == 2 * rnn_forward_macs(T, d, h, V)
    assert counter.get_total_flops() == 2 * (rnn_train_step_macs(T, d, h, V) - h * h)


def test_documents_worked_example():
    T, d, h, V = DOCUMENT["T"], DOCUMENT["d"], DOCUMENT["h"], DOCUMENT["V"]
    # The document's arithmetic: 50 * (512^2 + 512*300) = 50 * (262,144 + 153,600) = 50 * 415,744.
    assert 512**2 == 262_144 and 512 * 300 == 153_600 and 262_144 + 153_600 == 415_744
    hand_forward_ops = 50 * 415_744
    assert hand_forward_ops == 20_787_200
    # Torch's count of the recurrence alone (no output layer), on the meta device.
    torch_macs = forward_flops(T, d, h, 0, device="meta") // 2
    assert torch_macs == hand_forward_ops == rnn_forward_macs(T, d, h)

    # Parameters: 512^2 + 512*300 + 30,000*512 = 262,144 + 153,600 + 15,360,000.
    hand_params = 262_144 + 153_600 + 15_360_000
    assert hand_params == 15_775_744
    torch_params = numel(*document_parameters(d, h, V, bias=False))
    assert torch_params == hand_params == rnn_param_count(d, h, V, bias=False)

    # What the document leaves out, also counted by torch:
    # the biases b_h and b_y (+512 + 30,000) and the 30,000 x 300 embedding table (+9,000,000) ...
    assert numel(*document_parameters(d, h, V, bias=True)) == hand_params + 512 + 30_000 == 15_806_256
    assert numel(RNNLanguageModel(V, d, h, device="meta")) == 15_806_256 + 9_000_000 == 24_806_256
    # ... and the output layer, 50 * 30,000 * 512 = 768,000,000 MACs, 97% of the forward pass.
    with_head = forward_flops(T, d, h, V, device="meta") // 2
    assert with_head == hand_forward_ops + 768_000_000 == 788_787_200
    assert 768_000_000 / with_head == pytest.approx(0.9736, abs=1e-4)
