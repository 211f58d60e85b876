# seqprep-task: word-vocab
"""Wrong: puts the special tokens after the words."""
# expect-fail: specials come first
from collections import Counter


def build_vocab(texts, min_freq=1, specials=("[PAD]", "[UNK]")):
    counts = Counter()
    for text in texts:
        counts.update(text.split())
    ranked = sorted((w for w, c in counts.items() if c >= min_freq and w not in specials),
                    key=lambda w: (-counts[w], w))
    return {tok: i for i, tok in enumerate(ranked + list(specials))}


def encode(text, vocab):
    unk = vocab["[UNK]"]
    return [vocab.get(word, unk) for word in text.split()]
