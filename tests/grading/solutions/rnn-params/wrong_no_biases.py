# seqprep-task: rnn-params
"""Wrong: never counts the biases, even when bias=True (the notes' count)."""
# expect-fail: rnn_param_count with biases
# expect-fail: bias defaults to True
# expect-fail: rnn_param_count: the notes' example


def rnn_param_count(d, h, V, bias=True):
    return h * d + h * h + V * h


def rnn_forward_macs(T, d, h, V=0):
    return T * (h * d + h * h + V * h)
