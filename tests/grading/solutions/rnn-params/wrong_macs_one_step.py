# seqprep-task: rnn-params
"""Wrong: forgets T: the MACs of one step, not of the whole sequence."""
# expect-fail: rnn_forward_macs with an output layer
# expect-fail: rnn_forward_macs: V defaults to 0


def rnn_param_count(d, h, V, bias=True):
    return h * d + h * h + V * h + (h + V if bias else 0)


def rnn_forward_macs(T, d, h, V=0):
    return h * d + h * h + V * h
