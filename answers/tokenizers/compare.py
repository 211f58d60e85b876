"""The same corpus through four tokenizers with the same vocabulary size.

    rows = compare_tokenizers(train_texts, test_texts, vocab_size=800)

gives one row per tokenizer:

* `word`         word-level, the vocab_size - 2 most frequent words + [PAD], [UNK];
* `bpe`          our `BPETokenizer` (byte fallback, "▁" word starts);
* `spm-bpe`      sentencepiece BPE (byte fallback);
* `spm-unigram`  sentencepiece Unigram (byte fallback);

with, on the test texts (words = `text.split()`):

* `tokens_per_word`  total tokens / total words (word-level: exactly 1);
* `oov_rate`         share of word occurrences whose ids contain the unknown
                     token (0 for the byte-fallback tokenizers: every
                     character has a byte spelling);
* `chars_per_token`  total characters (spaces included) / total tokens;
* `vocab_used`       distinct ids that occur, and `vocab_used_share` of `vocab_size`.

`tokenize_sentence` shows the pieces of one sentence under each tokenizer,
the figure the source document refers to (tokenizers.png) but does not include.
"""

from __future__ import annotations

from typing import Optional, Sequence

from .base import TextOrTexts, Tokenizer, as_texts
from .bpe import BPETokenizer
from .spm import SentencePieceTokenizer
from .word_level import WordTokenizer


def build_tokenizers(train_texts: TextOrTexts, vocab_size: int) -> dict[str, Tokenizer]:
    """Train the four tokenizers on the same texts with the same vocabulary size."""
    texts = as_texts(train_texts)
    return {
        "word": WordTokenizer().train(texts, vocab_size),
        "bpe": BPETokenizer(byte_fallback=True).train(texts, vocab_size),
        "spm-bpe": SentencePieceTokenizer(model_type="bpe").train(texts, vocab_size),
        "spm-unigram": SentencePieceTokenizer(model_type="unigram").train(texts, vocab_size),
    }


def tokenizer_stats(tokenizer: Tokenizer, test_texts: Sequence[str]) -> dict:
    """Tokens per word, OOV rate, characters per token and vocabulary use on `test_texts`."""
    words = [w for text in test_texts for w in text.split()]
    if not words:
        raise ValueError("the test texts have no words")
    encoded = [tokenizer.encode(text) for text in test_texts]
    num_tokens = sum(len(ids) for ids in encoded)
    unk = tokenizer.unk_id
    oov_of: dict[str, bool] = {}
    for word in set(words):
        oov_of[word] = unk is not None and unk in tokenizer.encode(word)
    used = {i for ids in encoded for i in ids}
    return {
        "vocab_size": tokenizer.vocab_size,
        "tokens_per_word": num_tokens / len(words),
        "oov_rate": sum(oov_of[w] for w in words) / len(words),
        "chars_per_token": sum(len(t) for t in test_texts) / num_tokens,
        "vocab_used": len(used),
        "vocab_used_share": len(used) / tokenizer.vocab_size,
    }


def compare_tokenizers(train_texts: TextOrTexts, test_texts: TextOrTexts, vocab_size: int,
                       tokenizers: Optional[dict[str, Tokenizer]] = None) -> list[dict]:
    """One row per tokenizer: {"name", "vocab_size", "tokens_per_word", "oov_rate", ...}.

    Pass already trained `tokenizers` to skip training (train_texts is then unused).
    """
    tokenizers = tokenizers if tokenizers is not None else build_tokenizers(train_texts, vocab_size)
    tests = as_texts(test_texts)
    return [{"name": name, **tokenizer_stats(tok, tests)} for name, tok in tokenizers.items()]


def tokenize_sentence(sentence: str, tokenizers: dict[str, Tokenizer]) -> dict[str, list[str]]:
    """{name: pieces of `sentence`}, e.g. {"word": ["я", "хочу", "[UNK]"], "bpe": [...], ...}."""
    return {name: tok.tokenize(sentence) for name, tok in tokenizers.items()}
