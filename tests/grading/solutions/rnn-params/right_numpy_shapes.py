# seqprep-task: rnn-params
"""A valid alternative: sums the sizes of the parameter shapes with NumPy (the results are NumPy
integers, which count as ints)."""
import numpy as np


def rnn_param_count(d, h, V, bias=True):
    shapes = [(h, d), (h, h), (V, h)] + ([(h,), (V,)] if bias else [])
    return np.sum([np.prod(s, dtype=np.int64) for s in shapes], dtype=np.int64)


def rnn_forward_macs(T, d, h, V=0):
    per_step = np.int64(h) * d + np.int64(h) * h + np.int64(V) * h
    return per_step * T
