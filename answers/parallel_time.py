"""Why parallelism over time decides the transformer-vs-RNN speed ratio: a work/depth model.

One training step (forward + backward) of a layer is `work` multiply-accumulates
(MACs) arranged in `depth` dependent steps: a step cannot start before the one it
reads has finished. A device finishes a dependent step in `step_seconds` (kernel
launch and synchronisation) and does `macs_per_second` MACs when there is enough
parallel work. Brent's bound gives the time

    time = (depth + work / (macs_per_second * step_seconds)) * step_seconds.

* RNN layer (batch B, input d, state h, length T): the forward pass is
  T·B·(h² + h·d) MACs in T dependent steps (h_t needs h_{t-1}); backpropagation
  through time is twice the forward work in another T steps:
  work = 3·T·B·(h² + h·d), depth = 2·T.
* Self-attention layer (width d): the forward pass is B·(4·T·d² + 2·T²·d) MACs in
  a fixed number of kernels that do not depend on T (projections, scores,
  softmax, weighted sum, output projection: 5); backward doubles the work and the
  kernels: work = 3·B·(4·T·d² + 2·T²·d), depth = 10.

On two CPU cores both layers are bound by their work, so the ratio is about the
ratio of MACs, and the attention layer, which does more arithmetic, is slower.
On a GPU the RNN is bound by its 2·T dependent steps and the attention layer by
its work, which the GPU spreads over thousands of units: that is where
"10-100x" comes from.

    >>> rnn_training_step(T=128, B=32, d=512, h=512)
    (6442450944, 256)
    >>> attention_training_step(T=128, B=32, d=512)
    (14495514624, 10)
"""

from __future__ import annotations

ATTENTION_KERNELS = 5   # Q/K/V projection, scores, softmax, weighted sum, output projection


def rnn_training_step(T: int, B: int, d: int, h: int) -> tuple[int, int]:
    """(work in MACs, dependent steps) of one tanh-RNN layer's forward + backward pass."""
    return 3 * T * B * (h * h + h * d), 2 * T


def attention_training_step(T: int, B: int, d: int) -> tuple[int, int]:
    """(work in MACs, dependent steps) of one self-attention layer's forward + backward pass."""
    return 3 * B * (4 * T * d * d + 2 * T * T * d), 2 * ATTENTION_KERNELS


def modelled_seconds(work: int, depth: int, macs_per_second: float, step_seconds: float) -> float:
    """Brent's bound: depth dependent steps plus the work spread over the device."""
    return depth * step_seconds + work / macs_per_second


def modelled_speedup(T: int, B: int, d: int, macs_per_second: float, step_seconds: float) -> float:
    """RNN time / attention time for one training step of equal width (h = d)."""
    rnn = modelled_seconds(*rnn_training_step(T, B, d, d), macs_per_second, step_seconds)
    attention = modelled_seconds(*attention_training_step(T, B, d), macs_per_second, step_seconds)
    return rnn / attention
