# seqprep-task: rnn-params
"""Wrong: adds the V x d embedding table, which this count excludes (that is the whole LM)."""
# expect-fail: rnn_param_count with biases
# expect-fail: rnn_param_count without biases


def rnn_param_count(d, h, V, bias=True):
    return V * d + h * d + h * h + V * h + (h + V if bias else 0)


def rnn_forward_macs(T, d, h, V=0):
    return T * (h * d + h * h + V * h)
