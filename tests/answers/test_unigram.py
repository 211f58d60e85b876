"""answers.tokenizers.unigram.viterbi against brute-force enumeration of every segmentation (with the
stated tie rule) and against sentencepiece's own Unigram encoder on a model trained in memory."""

import math
import random

import pytest
import sentencepiece as spm

from answers.tokenizers.spm import train_sentencepiece
from answers.tokenizers.unigram import viterbi


def segmentations(text, vocab):
    if not text:
        yield []
        return
    for j in range(1, len(text) + 1):
        if text[:j] in vocab:
            for rest in segmentations(text[j:], vocab):
                yield [text[:j], *rest]


def brute_force(text, log_probs):
    """The best total; ties: the longer last piece, then the longer one before it, ..."""
    best = None
    for seg in segmentations(text, log_probs):
        total = 0.0
        for piece in seg:
            total += log_probs[piece]
        key = (total, [len(p) for p in reversed(seg)])
        if best is None or key > best[0]:
            best = (key, seg)
    return ([], -math.inf) if best is None else (best[1], best[0][0])


def random_vocab(rng, alphabet, dyadic):
    pieces = set(alphabet[:-1])  # the last letter has no single-character piece
    for _ in range(12):
        n = rng.randint(2, 4)
        pieces.add("".join(rng.choice(alphabet) for _ in range(n)))
    # dyadic scores add up exactly, so equal totals are real ties whatever the summation order
    return {p: (-rng.randint(1, 8) / 2 if dyadic else -rng.uniform(0.5, 6)) for p in pieces}


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force(seed):
    rng = random.Random(seed)
    alphabet = "abcd" if seed % 2 else "абвг"
    vocab = random_vocab(rng, alphabet, dyadic=seed % 3 == 0)
    for _ in range(10):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        pieces, score = viterbi(text, vocab)
        expected_pieces, expected_score = brute_force(text, vocab)
        assert pieces == expected_pieces
        assert score == expected_score or (math.isinf(score) and math.isinf(expected_score))
        if pieces:
            assert "".join(pieces) == text


def test_docstring_example_and_edges():
    assert viterbi("ab", {"a": -1.0, "b": -2.0, "ab": -2.5}) == (["ab"], -2.5)
    assert viterbi("ab", {"a": -1.0, "b": -2.0, "ab": -3.5}) == (["a", "b"], -3.0)
    assert viterbi("", {"a": -1.0}) == ([], 0.0)
    assert viterbi("ax", {"a": -1.0}) == ([], -math.inf)


def test_ties_prefer_the_longer_last_piece():
    vocab = {"a": -1.0, "b": -1.0, "ab": -2.0, "ba": -2.0, "aba": -3.0}
    # "aba": [aba], [ab, a], [a, ba], [a, b, a] all score -3; the longest last piece is "aba" itself
    assert viterbi("aba", vocab) == (["aba"], -3.0)
    del vocab["aba"]
    assert viterbi("aba", vocab) == (["a", "ba"], -3.0)


def test_not_greedy_longest_match():
    vocab = {"a": -1.0, "ab": -1.0, "bc": -1.0, "c": -5.0, "b": -5.0}
    assert viterbi("abc", vocab) == (["a", "bc"], -2.0)  # longest-first would take "ab" + "c" = -6


SYLLABLES = ["ka", "ro", "mi", "tan", "sel", "or", "ve", "lu", "pre", "sto", "na", "ing", "er", "qu", "bra"]


def greedy_longest(text, vocab):
    pieces, i = [], 0
    while i < len(text):
        j = max(j for j in range(i + 1, len(text) + 1) if text[i:j] in vocab)
        pieces.append(text[i:j])
        i = j
    return pieces


def test_matches_sentencepiece_unigram():
    """Words of random syllables with Zipf frequencies; a 250-piece Unigram model learns
    whole words and fragments, so texts of unseen combinations have many candidate splits."""
    rng = random.Random(0)
    words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(300)]
    lines = [" ".join(rng.choices(words, [1 / (i + 1) for i in range(300)], k=rng.randint(4, 12)))
             for _ in range(3000)]
    model = train_sentencepiece(lines, vocab_size=250, model_type="unigram", byte_fallback=False,
                                normalization_rule_name="identity")
    sp = spm.SentencePieceProcessor(model_proto=model)
    log_probs = {sp.id_to_piece(i): sp.get_score(i) for i in range(sp.get_piece_size())
                 if not (sp.is_control(i) or sp.is_unknown(i) or sp.is_unused(i))}
    differs_from_greedy = 0
    for _ in range(150):
        text = " ".join(rng.choice(words) + rng.choice(["", *SYLLABLES]) for _ in range(rng.randint(1, 5)))
        expected = sp.encode(text, out_type=str)
        marked = "\u2581" + text.replace(" ", "\u2581")  # sentencepiece's whitespace mark, dummy prefix
        pieces, _ = viterbi(marked, log_probs)
        assert pieces == expected, text
        differs_from_greedy += greedy_longest(marked, log_probs) != expected
    assert differs_from_greedy >= 5  # the comparison tells Viterbi from longest-match
