"""Backpropagation through time, by hand, in NumPy.

Forward (batch-first, a row per sequence, the same equations as `answers.rnn`):

    a_t = x_t W_xh^T + h_{t-1} W_hh^T + b_h        a_t, h_t: [B, h]
    h_t = tanh(a_t)

Let dH_t = dL/dh_t coming from the outputs at step t only (the loss's direct
dependence), and dh_t the total gradient at h_t. h_t feeds two things: the
loss directly and the next pre-activation a_{t+1} = ... + h_t W_hh^T, so by
the chain rule

    dh_t = dH_t + da_{t+1} W_hh          (da_{T+1} = 0)
    da_t = dh_t * (1 - h_t^2)            (tanh' = 1 - tanh^2, element-wise)

and, summing each weight's contributions over the steps that share it,

    dW_xh = sum_t da_t^T x_t      dW_hh = sum_t da_t^T h_{t-1}      db_h = sum_t sum_b da_t
    dx_t  = da_t W_xh             dh0   = da_1 W_hh

One step back multiplies the gradient by diag(1 - h_t^2) W_hh: that product
of T Jacobians is what vanishes or explodes (`answers.gradient_flow`).

Tiny example (d = h = B = T = 1, W_xh = 1, W_hh = 0, b_h = 0, x = 0, dH = 1):
    h_1 = tanh(0) = 0, da_1 = 1 * (1 - 0) = 1, so dW_xh = da_1 * x_1 = 0,
    db_h = 1, dx_1 = 1.
"""

from __future__ import annotations

import numpy as np


def rnn_forward_np(x: np.ndarray, h0: np.ndarray, W_xh: np.ndarray, W_hh: np.ndarray,
                   b_h: np.ndarray) -> tuple[np.ndarray, dict]:
    """x [B, T, d], h0 [B, h] -> (H [B, T, h], cache for `rnn_backward_from_cache`)."""
    B, T, _ = x.shape
    H = np.empty((B, T, h0.shape[-1]), dtype=np.result_type(x, h0, W_xh, W_hh, b_h))  # (B, T, h)
    h_t = h0  # (B, h)
    for t in range(T):
        a_t = x[:, t] @ W_xh.T + h_t @ W_hh.T + b_h  # (B, h)
        h_t = np.tanh(a_t)  # (B, h)
        H[:, t] = h_t
    cache = {"x": x, "h0": h0, "W_xh": W_xh, "W_hh": W_hh, "H": H}
    return H, cache


def rnn_backward_from_cache(cache: dict, dH: np.ndarray) -> dict[str, np.ndarray]:
    """BPTT given the forward's cache and dH = dL/dH [B, T, h] (see the module docstring)."""
    x, h0, W_xh, W_hh, H = cache["x"], cache["h0"], cache["W_xh"], cache["W_hh"], cache["H"]
    B, T, _ = x.shape
    dW_xh = np.zeros_like(W_xh, dtype=H.dtype)  # (h, d)
    dW_hh = np.zeros_like(W_hh, dtype=H.dtype)  # (h, h)
    db_h = np.zeros(W_hh.shape[0], dtype=H.dtype)  # (h,)
    dx = np.zeros(x.shape, dtype=H.dtype)  # (B, T, d)
    dh_from_next = np.zeros_like(h0, dtype=H.dtype)  # (B, h) da_{t+1} W_hh, zero after the last step
    for t in reversed(range(T)):
        h_prev = H[:, t - 1] if t > 0 else h0  # (B, h)
        dh_t = dH[:, t] + dh_from_next  # (B, h)
        da_t = dh_t * (1 - H[:, t] ** 2)  # (B, h)
        dW_xh += da_t.T @ x[:, t]  # (h, d)
        dW_hh += da_t.T @ h_prev  # (h, h)
        db_h += da_t.sum(axis=0)  # (h,)
        dx[:, t] = da_t @ W_xh  # (B, d)
        dh_from_next = da_t @ W_hh  # (B, h)
    return {"dW_xh": dW_xh, "dW_hh": dW_hh, "db_h": db_h, "dh0": dh_from_next, "dx": dx}


def rnn_backward(x: np.ndarray, h0: np.ndarray, W_xh: np.ndarray, W_hh: np.ndarray,
                 b_h: np.ndarray, dH: np.ndarray) -> dict[str, np.ndarray]:
    """Gradients of L w.r.t. every input of `rnn_forward_np`, given dH = dL/dH [B, T, h].

    Returns {"dW_xh": [h, d], "dW_hh": [h, h], "db_h": [h], "dh0": [B, h], "dx": [B, T, d]}.
    Recomputes the forward pass so the signature needs no cache; inputs are not modified.
    """
    _, cache = rnn_forward_np(x, h0, W_xh, W_hh, b_h)
    return rnn_backward_from_cache(cache, dH)
