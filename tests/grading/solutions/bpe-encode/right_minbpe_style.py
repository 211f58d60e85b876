# seqprep-task: bpe-encode
"""A valid alternative in the style of minbpe: the pair with the smallest rank,
missing pairs ranked +inf, merged in place with a while loop."""
import math


def bpe_encode(text, merges):
    ranks = {}
    for rank, (left, right) in reversed(list(enumerate(merges))):
        ranks[(left, right)] = rank
    out = []
    for word in text.split():
        ids = list(word)
        while len(ids) >= 2:
            pair = min(zip(ids, ids[1:]), key=lambda p: ranks.get(p, math.inf))
            if pair not in ranks:
                break
            i = 0
            while i < len(ids) - 1:
                if (ids[i], ids[i + 1]) == pair:
                    ids[i:i + 2] = [pair[0] + pair[1]]
                i += 1
        out.extend(ids)
    return out
