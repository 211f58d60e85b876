# seqprep-task: word-vocab
"""Wrong: a special token that also occurs in the text is ranked as a word too,
so it gets a second, later id (the dict keeps the later one)."""
# expect-fail: keeps its special id
from collections import Counter


def build_vocab(texts, min_freq=1, specials=("[PAD]", "[UNK]")):
    counts = Counter()
    for text in texts:
        counts.update(text.split())
    ranked = sorted((w for w, c in counts.items() if c >= min_freq), key=lambda w: (-counts[w], w))
    itos = list(specials) + ranked
    return {tok: i for i, tok in enumerate(itos)}


def encode(text, vocab):
    unk = vocab["[UNK]"]
    return [vocab.get(word, unk) for word in text.split()]
