# seqprep-task: bpe-encode
"""A valid alternative: walk the merge list from the top; at the first merge that
occurs in the word, apply it to the whole word and start again from the top.

Why this equals encoding by rank: the first merge in list order that occurs in
the word is exactly the lowest-ranked adjacent pair of the word, and it is
merged at all its occurrences, left to right, as the rank rule says; starting
again from the top after every merge is the rule's "then look again". (A
single pass over the list without restarting is NOT the same: with
[(c, ba), (b, a), (c, b)], "cba" would stop at [c, ba].)"""


def bpe_encode(text, merges):
    pieces = []
    for word in text.split():
        symbols = list(word)
        restart = True
        while restart:
            restart = False
            for left, right in merges:
                positions = [i for i in range(len(symbols) - 1)
                             if symbols[i] == left and symbols[i + 1] == right]
                if not positions:
                    continue
                out, i = [], 0
                while i < len(symbols):
                    if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
                        out.append(left + right)
                        i += 2
                    else:
                        out.append(symbols[i])
                        i += 1
                symbols = out
                restart = True
                break
        pieces += symbols
    return pieces
