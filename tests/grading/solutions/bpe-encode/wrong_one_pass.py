# seqprep-task: bpe-encode
"""Wrong: one pass over the merge list, applying each merge once to the word.
Right for lists that come out of training, wrong for a list such as
[(c, ba), (b, a), (c, b)]: "cba" stops at [c, ba]."""
# expect-fail: lowest-ranked pair merges first


def bpe_encode(text, merges):
    pieces = []
    for word in text.split():
        symbols = list(word)
        for left, right in merges:
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
                    out.append(left + right)
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            symbols = out
        pieces += symbols
    return pieces
