# seqprep-task: rnn-params
"""The reference: W_xh + W_hh + W_hy (+ b_h + b_y); MACs are T steps of three matrix-vector products."""


def rnn_param_count(d, h, V, bias=True):
    weights = h * d + h * h + V * h  # W_xh, W_hh, W_hy
    return weights + (h + V if bias else 0)  # b_h, b_y


def rnn_forward_macs(T, d, h, V=0):
    return T * (h * d + h * h + V * h)
