# seqprep-task: rnn-params
"""Wrong: the input product costed as d*d instead of h*d."""
# expect-fail: rnn_forward_macs with an output layer
# expect-fail: rnn_forward_macs: V defaults to 0
# expect-fail: rnn_forward_macs: the notes' example


def rnn_param_count(d, h, V, bias=True):
    return h * d + h * h + V * h + (h + V if bias else 0)


def rnn_forward_macs(T, d, h, V=0):
    return T * (d * d + h * h + V * h)
