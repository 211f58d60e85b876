"""The bank's fixed vocabulary: the fourteen sections of the source document (in its
order), the kinds of question and the languages.

Every question, site page and statistic is keyed by one of these slugs. This module
imports nothing, so commands that only need the vocabulary stay fast.
"""

from __future__ import annotations

SECTIONS: dict[str, dict[str, str]] = {
    "rnn-basics": {"ru": "Что такое RNN", "en": "What an RNN is"},
    "rnn-pros-cons": {"ru": "Плюсы и минусы RNN", "en": "RNN strengths and weaknesses"},
    "rnn-complexity": {"ru": "Сложность RNN", "en": "RNN complexity"},
    "transformer-vs-rnn": {"ru": "Трансформер против RNN", "en": "Transformers versus RNNs"},
    "contextual-embeddings": {"ru": "Контекстуальные эмбеддинги", "en": "Contextual embeddings"},
    "preprocessing": {"ru": "Предобработка текста", "en": "Text preprocessing"},
    "tokenizer-types": {"ru": "Токенайзеры и их виды", "en": "Tokenizers and their kinds"},
    "tokenizer-extension": {"ru": "Расширение токенайзера", "en": "Extending a tokenizer"},
    "embedding-matrix": {"ru": "Матрица эмбеддингов", "en": "The embedding matrix"},
    "special-tokens": {"ru": "Специальные токены", "en": "Special tokens"},
    "vocab-size": {"ru": "Размер словаря", "en": "Vocabulary size"},
    "self-attention": {"ru": "Self-attention", "en": "Self-attention"},
    "self-attention-architecture": {
        "ru": "Архитектура self-attention",
        "en": "Inside a self-attention layer",
    },
    "self-attention-from-scratch": {
        "ru": "Self-attention с нуля на torch",
        "en": "Self-attention from scratch in torch",
    },
}

LANGS = ("ru", "en")
KINDS = ("open", "choice", "numeric", "code")
DIFFICULTIES = ("easy", "medium", "hard")


def section_title(section: str, lang: str) -> str:
    """`section_title("rnn-basics", "en") -> "What an RNN is"`."""
    return SECTIONS[section][lang]
