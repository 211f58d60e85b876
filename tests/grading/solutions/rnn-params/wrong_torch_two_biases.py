# seqprep-task: rnn-params
"""Wrong: counts torch.nn.RNN's two recurrent biases (b_ih and b_hh) instead of one b_h."""
# expect-fail: rnn_param_count with biases
# expect-fail: rnn_param_count: the notes' example


def rnn_param_count(d, h, V, bias=True):
    return h * d + h * h + V * h + (2 * h + V if bias else 0)


def rnn_forward_macs(T, d, h, V=0):
    return T * (h * d + h * h + V * h)
