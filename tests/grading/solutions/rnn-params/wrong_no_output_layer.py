# seqprep-task: rnn-params
"""Wrong: forgets the output layer W_hy (and b_y) in the parameter count."""
# expect-fail: rnn_param_count with biases
# expect-fail: rnn_param_count without biases


def rnn_param_count(d, h, V, bias=True):
    return h * d + h * h + (h if bias else 0)


def rnn_forward_macs(T, d, h, V=0):
    return T * (h * d + h * h + V * h)
