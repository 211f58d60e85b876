# seqprep-task: rnn-params
"""Wrong: rounds to millions, as one would when quoting the size ("15.8M")."""
# expect-fail: rnn_param_count: the notes' example
# expect-fail: rnn_forward_macs: the notes' example


def rnn_param_count(d, h, V, bias=True):
    return round((h * d + h * h + V * h + (h + V if bias else 0)) / 1e6, 1) * 1e6


def rnn_forward_macs(T, d, h, V=0):
    return round(T * (h * d + h * h + V * h) / 1e6, 1) * 1e6
