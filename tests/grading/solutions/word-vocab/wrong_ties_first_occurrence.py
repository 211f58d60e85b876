# seqprep-task: word-vocab
"""Wrong: Counter.most_common() breaks ties by first occurrence, not alphabetically."""
# expect-fail: ties in alphabetical
from collections import Counter


def build_vocab(texts, min_freq=1, specials=("[PAD]", "[UNK]")):
    vocab = {tok: i for i, tok in enumerate(specials)}
    counts = Counter()
    for text in texts:
        counts.update(text.split())
    for word, count in counts.most_common():
        if count >= min_freq and word not in vocab:
            vocab[word] = len(vocab)
    return vocab


def encode(text, vocab):
    unk = vocab["[UNK]"]
    return [vocab.get(word, unk) for word in text.split()]
