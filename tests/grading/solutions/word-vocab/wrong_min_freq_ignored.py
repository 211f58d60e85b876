# seqprep-task: word-vocab
"""Wrong: ignores min_freq and keeps every word."""
# expect-fail: min_freq keeps words
from collections import Counter


def build_vocab(texts, min_freq=1, specials=("[PAD]", "[UNK]")):
    vocab = {tok: i for i, tok in enumerate(specials)}
    counts = Counter()
    for text in texts:
        counts.update(text.split())
    ranked = sorted((w for w, c in counts.items() if w not in vocab),
                    key=lambda w: (-counts[w], w))
    for word in ranked:
        vocab[word] = len(vocab)
    return vocab


def encode(text, vocab):
    unk = vocab["[UNK]"]
    return [vocab.get(word, unk) for word in text.split()]
