# seqprep-task: word-vocab
"""A valid alternative: two stable sorts (alphabetical, then by count descending)
and a list id -> token turned into the dict at the end."""


def build_vocab(texts, min_freq=1, specials=("[PAD]", "[UNK]")):
    counts = {}
    for text in texts:
        for word in text.split():
            counts[word] = counts.get(word, 0) + 1
    words = sorted(w for w in counts if counts[w] >= min_freq and w not in specials)
    words.sort(key=lambda w: counts[w], reverse=True)          # stable: ties stay alphabetical
    itos = list(specials) + words
    return {token: i for i, token in enumerate(itos)}


def encode(text, vocab):
    ids = []
    for word in text.split():
        ids.append(vocab[word] if word in vocab else vocab["[UNK]"])
    return ids
