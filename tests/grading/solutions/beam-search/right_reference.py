# seqprep-task: beam-search
"""The reference: candidates as (tokens, raw score), sorted by (-score, tokens); finished ones leave the beam."""


def beam_search(log_probs, bos, eos, beam_size, max_len, alpha=0.0):
    table = log_probs.tolist()
    live, finished = [((), 0.0)], []
    for _ in range(max_len):
        candidates = [(tokens + (w,), score + table[tokens[-1] if tokens else bos][w])
                      for tokens, score in live for w in range(len(table))]
        candidates.sort(key=lambda c: (-c[1], c[0]))
        live = []
        for tokens, score in candidates[:beam_size]:
            (finished if tokens[-1] == eos else live).append((tokens, score))
        if not live:
            break
    finished += live
    tokens, score = min(finished, key=lambda c: (-c[1] / len(c[0]) ** alpha, c[0]))
    return list(tokens), score / len(tokens) ** alpha
