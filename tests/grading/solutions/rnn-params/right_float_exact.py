# seqprep-task: rnn-params
"""A valid alternative: floats, which are accepted because every value here is exactly an integer
(the counts stay far below 2**53)."""


def rnn_param_count(d, h, V, bias=True):
    return float(h * (d + h + V) + (h + V) * bias)


def rnn_forward_macs(T, d, h, V=0):
    return float(T) * h * (d + h + V)
