# seqprep-task: beam-search
"""A valid alternative: heapq.nlargest with the negated token list as the tie-break, torch for the table."""
import heapq


def beam_search(log_probs, bos, eos, beam_size, max_len, alpha=0.0):
    V = log_probs.shape[0]

    def rank(hyp):  # larger is better: score first, then the lexicographically smaller list
        return hyp[1], [-t for t in hyp[0]]

    beam, done = [([], 0.0)], []
    for _ in range(max_len):
        pool = []
        for tokens, score in beam:
            last = tokens[-1] if tokens else bos
            row = log_probs[last]
            for w in range(V):
                pool.append((tokens + [w], score + float(row[w])))
        best = heapq.nlargest(beam_size, pool, key=rank)
        done += [h for h in best if h[0][-1] == eos]
        beam = [h for h in best if h[0][-1] != eos]
        if not beam:
            break
    done += beam
    scored = [(tokens, score / len(tokens) ** alpha) for tokens, score in done]
    return max(scored, key=rank)
