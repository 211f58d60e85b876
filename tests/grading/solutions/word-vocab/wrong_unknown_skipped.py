# seqprep-task: word-vocab
"""Wrong: encode drops the words the vocabulary lacks instead of mapping them to [UNK]."""
# expect-fail: unknown words are not skipped
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
    return [vocab[word] for word in text.split() if word in vocab]
