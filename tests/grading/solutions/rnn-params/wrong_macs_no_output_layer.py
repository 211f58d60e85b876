# seqprep-task: rnn-params
"""Wrong: leaves the output layer out of the MACs, whatever V is."""
# expect-fail: rnn_forward_macs with an output layer


def rnn_param_count(d, h, V, bias=True):
    return h * d + h * h + V * h + (h + V if bias else 0)


def rnn_forward_macs(T, d, h, V=0):
    return T * (h * d + h * h)
