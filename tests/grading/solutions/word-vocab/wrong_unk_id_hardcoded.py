# seqprep-task: word-vocab
"""Wrong: encode assumes [UNK] is always id 1."""
# expect-fail: unknown words to the [UNK] id
from collections import Counter


def build_vocab(texts, min_freq=1, specials=("[PAD]", "[UNK]")):
    vocab = {tok: i for i, tok in enumerate(specials)}
    counts = Counter()
    for text in texts:
        counts.update(text.split())
    ranked = sorted((w for w, c in counts.items() if c >= min_freq and w not in vocab),
                    key=lambda w: (-counts[w], w))
    for word in ranked:
        vocab[word] = len(vocab)
    return vocab


def encode(text, vocab):
    return [vocab.get(word, 1) for word in text.split()]
