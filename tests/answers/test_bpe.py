"""BPE: hand-computed merges, the tie-break, incremental == naive, encoding by rank.

References: hand computations in the comments, `train_bpe_naive` (recounts
every pair after every merge) for the incremental trainer, and two wrong
encoders written here for the rank test.
"""

import random
import subprocess
import sys

import pytest

from answers.tokenizers.base import Tokenizer
from answers.tokenizers.bpe import (SPACE, BPETokenizer, best_pair, bpe_encode, get_pair_counts,
                                    merge_pair, pretokenize, trace_merges, train_bpe,
                                    train_bpe_naive)


# --- the building blocks -------------------------------------------------------

@pytest.mark.parametrize("symbols, pair, expected", [
    (list("aaa"), ("a", "a"), ["aa", "a"]),              # left to right, non-overlapping
    (list("aaaa"), ("a", "a"), ["aa", "aa"]),
    (list("abab"), ("a", "b"), ["ab", "ab"]),
    (list("abab"), ("b", "a"), ["a", "ba", "b"]),
    (["ab", "a", "b"], ("a", "b"), ["ab", "ab"]),         # symbols, not characters
    (list("abc"), ("x", "y"), ["a", "b", "c"]),
])
def test_merge_pair(symbols, pair, expected):
    assert merge_pair(symbols, pair) == expected


def test_pair_counts_include_overlaps_and_word_frequency():
    # "abab": ab, ba, ab; "aaa" (twice): aa, aa per copy
    counts = get_pair_counts({tuple("abab"): 1, tuple("aaa"): 2})
    assert counts == {("a", "b"): 2, ("b", "a"): 1, ("a", "a"): 4}


def test_tie_break_takes_the_smallest_pair():
    assert best_pair({("b", "a"): 2, ("a", "c"): 2, ("a", "b"): 1}) == ("a", "c")
    # "ba ab": (b,a) 1, (a,b) 1 -> (a,b)
    assert train_bpe("ba ab", 1) == [("a", "b")]
    assert train_bpe_naive("ba ab", 1) == [("a", "b")]


# --- training, hand-computed -----------------------------------------------------

def test_overlapping_pairs():
    # "aaa": (a,a) x2 -> [aa, a] -> (aa,a) -> [aaa] -> nothing left
    assert train_bpe("aaa", 5) == [("a", "a"), ("aa", "a")]
    # "aaaa": (a,a) x3 -> [aa, aa] -> (aa,aa) -> [aaaa]
    assert train_bpe("aaaa", 5) == [("a", "a"), ("aa", "aa")]


@pytest.mark.parametrize("train", [train_bpe, train_bpe_naive])
def test_early_stop_when_no_pair_is_left(train):
    assert train("ab", 10) == [("a", "b")]
    assert train("a b c", 3) == []
    assert train("", 3) == []


@pytest.mark.parametrize("train", [train_bpe, train_bpe_naive])
def test_counts_are_weighted_by_word_frequency(train):
    # "abab" once: (a,b) 2; "cd" three times: (c,d) 3 -> (c,d) first
    assert train("abab cd cd cd", 1) == [("c", "d")]
    # "abab" twice: (a,b) 4 > 3
    assert train("abab abab cd cd cd", 1) == [("a", "b")]


def test_document_example_trace():
    steps = trace_merges("пиццу пицца пицце", 3)
    # step 1: (п,и) (и,ц) (ц,ц) 3 each; и < п < ц
    assert steps[0].pair == ("и", "ц") and steps[0].count == 3
    assert steps[0].ties == (("и", "ц"), ("п", "и"), ("ц", "ц"))
    assert steps[0].segmentation == {"пиццу": ("п", "иц", "ц", "у"),
                                     "пицца": ("п", "иц", "ц", "а"),
                                     "пицце": ("п", "иц", "ц", "е")}
    # step 2: (п,иц) 3, (иц,ц) 3, (ц,у) (ц,а) (ц,е) 1
    assert steps[1].pair == ("иц", "ц") and steps[1].count == 3
    assert steps[1].ties == (("иц", "ц"), ("п", "иц"))
    # step 3: only (п,ицц) has 3
    assert steps[2].pair == ("п", "ицц") and steps[2].count == 3
    assert steps[2].ties == (("п", "ицц"),)
    assert steps[2].segmentation == {"пиццу": ("пицц", "у"), "пицца": ("пицц", "а"),
                                     "пицце": ("пицц", "е")}
    assert [s.pair for s in steps] == train_bpe_naive("пиццу пицца пицце", 3)


def test_document_order_is_another_valid_tie_break():
    """The document merges (ц,ц), (п,и), (пи,цц): each has the maximal count at its step."""
    words = {tuple(w): 1 for w in "пиццу пицца пицце".split()}
    for pair in [("ц", "ц"), ("п", "и"), ("пи", "цц")]:
        counts = get_pair_counts(words)
        assert counts[pair] == max(counts.values()) == 3
        words = {tuple(merge_pair(w, pair)): f for w, f in words.items()}
    assert set(words) == {("пицц", "у"), ("пицц", "а"), ("пицц", "е")}


def test_trace_stops_early_and_lists_steps():
    steps = trace_merges("aaa", 10)
    assert [(s.pair, s.count) for s in steps] == [(("a", "a"), 2), (("aa", "a"), 1)]
    assert steps[-1].segmentation == {"aaa": ("aaa",)}


# --- incremental == naive ---------------------------------------------------------

def _random_corpus(rng: random.Random) -> str:
    alphabet = rng.choice(["ab", "abc", "aab", "абв", "xyzw"])
    fixed = ["aaaa", "abab", "aaa", "baba", "aa"]
    words = []
    for _ in range(rng.randint(1, 12)):
        if rng.random() < 0.3:
            words.append(rng.choice(fixed))
        else:
            words.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))))
    return " ".join(words)


@pytest.mark.parametrize("seed", range(5))
def test_incremental_matches_naive_on_random_corpora(seed):
    rng = random.Random(seed)
    for _ in range(60):
        text = _random_corpus(rng)
        num_merges = rng.randint(1, 40)
        assert train_bpe(text, num_merges) == train_bpe_naive(text, num_merges), text


def test_incremental_matches_naive_on_prose():
    text = ("рекуррентная сеть читает последовательность по одному токену и хранит "
            "скрытое состояние; attention lets every position look at every other "
            "position, and the transformer stacks attention with feed-forward layers ") * 3
    assert train_bpe(text, 120) == train_bpe_naive(text, 120)


# --- encoding by rank ----------------------------------------------------------------

def _apply_in_list_order(word, merges):
    """Wrong: one pass over the merge list."""
    symbols = list(word)
    for pair in merges:
        symbols = merge_pair(symbols, pair)
    return symbols


def _greedy_leftmost(word, merges):
    """Wrong: merge the leftmost adjacent pair that is any merge, whatever its rank."""
    known = set(merges)
    symbols = list(word)
    while True:
        for i in range(len(symbols) - 1):
            if (symbols[i], symbols[i + 1]) in known:
                symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
                break
        else:
            return symbols


def test_encode_by_rank_differs_from_list_order_and_leftmost():
    merges = [("c", "ba"), ("b", "a"), ("c", "b")]
    # by rank: pairs (c,b) rank 2, (b,a) rank 1 -> [c, ba]; (c,ba) rank 0 -> [cba]
    assert bpe_encode("cba", merges) == ["cba"]
    # one pass: (c,ba) absent, (b,a) -> [c, ba], (c,b) absent
    assert _apply_in_list_order("cba", merges) == ["c", "ba"]
    # leftmost: (c,b) at position 0 -> [cb, a], nothing more
    assert _greedy_leftmost("cba", merges) == ["cb", "a"]


def test_encode_by_rank_on_a_trained_style_list():
    # (b,c) has the lower rank: "abc" -> [a, bc]; leftmost would take (a,b)
    merges = [("b", "c"), ("a", "b")]
    assert bpe_encode("abc", merges) == ["a", "bc"]
    assert _greedy_leftmost("abc", merges) == ["ab", "c"]
    assert bpe_encode("abab abc x", merges) == ["ab", "ab", "a", "bc", "x"]


def test_encoding_training_words_reproduces_the_training_segmentation():
    text = "low lower lowest newer newest wider widest low low"
    steps = trace_merges(text, 12)
    merges = [s.pair for s in steps]
    for word, symbols in steps[-1].segmentation.items():
        assert bpe_encode(word, merges) == list(symbols), word


def test_bpe_encode_keeps_unknown_characters():
    assert bpe_encode("aaaa ab", [("a", "a"), ("aa", "aa")]) == ["aaaa", "a", "b"]
    assert bpe_encode("zz", [("a", "a")]) == ["z", "z"]


# --- the tokenizer -------------------------------------------------------------------

def test_pretokenize_is_lossless():
    text = "я хочу  пиццу\n\tok "
    pieces = pretokenize(text)
    assert pieces == ["я", f"{SPACE}хочу", SPACE, f"{SPACE}пиццу", "\n", "\t", "ok", SPACE]
    assert "".join(pieces).replace(SPACE, " ") == text


def test_id_layout_with_byte_fallback():
    # words "aab", "▁ab"; chars a < b < ▁; (a,b) 2 -> "ab"; then (a,ab) 1 and (▁,ab) 1,
    # tie -> (a,ab) because "a" < "▁"; then (▁,ab)
    tok = BPETokenizer().train("aab ab", vocab_size=263)
    assert tok.pieces[0] == "[UNK]"
    assert tok.pieces[1:257] == [f"<0x{b:02X}>" for b in range(256)]
    assert tok.pieces[257:] == ["a", "b", SPACE, "ab", "aab", f"{SPACE}ab"]
    assert tok.merges == [("a", "b"), ("a", "ab"), (SPACE, "ab")]
    assert tok.encode("aab ab") == [261, 262]
    assert tok.encode("ba") == [258, 257]
    assert tok.encode("ab c") == [260, 259, 1 + ord("c")]      # "c" unseen -> byte 0x63
    assert tok.vocab_size == 263 and tok.unk_id == 0


def test_id_layout_without_byte_fallback():
    tok = BPETokenizer(byte_fallback=False).train("aab ab", vocab_size=100)
    assert tok.pieces == ["[UNK]", "a", "b", SPACE, "ab", "aab", f"{SPACE}ab"]   # stopped early
    assert tok.encode("ab c") == [4, 3, 0]
    assert tok.tokenize("ab c") == ["ab", SPACE, "[UNK]"]
    assert tok.decode(tok.encode("ab c")) == "ab [UNK]"


def test_tokenizer_merges_equal_naive_training_on_pretokenized_words():
    text = "the cat sat on the mat, the cat ate the rat\nкошка сидит на коврике, кошка ест"
    tok = BPETokenizer().train(text, vocab_size=300)
    words = " ".join(pretokenize(text))
    assert tok.merges == train_bpe_naive(words, len(tok.merges))
    assert tok.vocab_size == 300 and len(tok.merges) == 300 - len(tok.pieces[:257]) - len(set(text.replace(" ", SPACE)))


@pytest.mark.parametrize("text", [
    "я хочу большую пиццу",
    "The transformer reads  every token at once.\n",
    " ведущий пробел и хвост  ",
    "непонятный 😀 中文 ∑ x² — «кавычки»",
])
def test_round_trip(text):
    train = ("я хочу пиццу и большую вкусную пиццу. The transformer reads tokens, "
             "the recurrent network reads them one at a time.")
    tok = BPETokenizer().train(train, vocab_size=320)
    assert isinstance(tok, Tokenizer)
    ids = tok.encode(text)
    assert all(0 <= i < tok.vocab_size for i in ids)
    assert tok.decode(ids) == text
    assert 0 not in ids                                         # byte fallback: no [UNK]
    assert [tok.pieces[i] for i in ids] == tok.tokenize(text)


def test_vocab_size_too_small_raises():
    with pytest.raises(ValueError, match="already take"):
        BPETokenizer().train("abc", vocab_size=100)


def test_pure_python_modules_do_not_import_torch_or_sentencepiece():
    code = ("import sys, answers.tokenizers.bpe, answers.tokenizers.word_level, "
            "answers.tokenizers.wordpiece; "
            "print(sorted(m for m in ('torch', 'numpy', 'sentencepiece') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
