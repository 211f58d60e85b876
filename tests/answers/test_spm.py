"""sentencepiece trained in memory: determinism, id layout, special pieces, byte fallback.

References: sentencepiece's own processor and ModelProto, the UTF-8 bytes of
the characters, and counts by hand.
"""

import io
import random

import pytest
import sentencepiece as spm

from answers.tokenizers.base import Tokenizer
from answers.tokenizers.spm import SentencePieceTokenizer, max_vocab_size, train_sentencepiece

STEMS = ["пицц", "кошк", "сет", "модел", "слов", "token", "model", "layer", "head", "word"]
ENDS = ["а", "у", "ы", "е", "ой", "s", "ed", "ing", "er", ""]


def _corpus(n: int = 400, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(STEMS) + rng.choice(ENDS) for _ in range(rng.randint(4, 10)))
            for _ in range(n)]


CORPUS = _corpus()


@pytest.fixture(scope="module")
def bpe_model() -> bytes:
    return train_sentencepiece(CORPUS, 320, model_type="bpe", control_symbols=["[CLS]", "[SEP]"],
                               user_defined_symbols=["[USER]", "COVID-19"])


@pytest.mark.parametrize("model_type, size", [("bpe", 330), ("unigram", 300)])
def test_training_twice_gives_identical_bytes(model_type, size):
    first = train_sentencepiece(CORPUS, size, model_type=model_type, num_threads=1)
    second = train_sentencepiece(CORPUS, size, model_type=model_type, num_threads=1)
    assert first == second
    assert spm.SentencePieceProcessor(model_proto=first).get_piece_size() == size


def test_training_writes_no_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    train_sentencepiece(CORPUS, 300, model_type="unigram")
    assert list(tmp_path.iterdir()) == []


def test_id_layout(bpe_model):
    sp = spm.SentencePieceProcessor(model_proto=bpe_model)
    assert (sp.unk_id(), sp.bos_id(), sp.eos_id(), sp.pad_id()) == (0, 1, 2, -1)
    head = [sp.id_to_piece(i) for i in range(7)]
    assert head == ["<unk>", "<s>", "</s>", "[CLS]", "[SEP]", "[USER]", "COVID-19"]
    assert [sp.id_to_piece(7 + b) for b in (0, 0x41, 255)] == ["<0x00>", "<0x41>", "<0xFF>"]
    assert all(sp.is_byte(7 + b) for b in range(256))
    assert not sp.is_byte(7 + 256) and not sp.is_control(7 + 256)   # first learned piece


def test_user_defined_symbols_are_one_piece(bpe_model):
    sp = spm.SentencePieceProcessor(model_proto=bpe_model)
    for text in ["[USER] модели", "word[USER]word", "a COVID-19 layer", "COVID-19COVID-19"]:
        pieces = sp.encode(text, out_type=str)
        assert pieces.count("[USER]") == text.count("[USER]")
        assert pieces.count("COVID-19") == text.count("COVID-19")
        assert sp.decode(sp.encode(text)) == text


def test_control_symbols_have_ids_but_never_come_from_text(bpe_model):
    sp = spm.SentencePieceProcessor(model_proto=bpe_model)
    cls, sep = sp.piece_to_id("[CLS]"), sp.piece_to_id("[SEP]")
    assert (cls, sep) == (3, 4) and sp.is_control(cls) and sp.is_control(sep)
    ids = sp.encode("[CLS] модели [SEP] layers")
    assert cls not in ids and sep not in ids
    assert sp.decode([cls] + sp.encode("модели") + [sep]) == "модели"   # decoded as nothing


@pytest.mark.parametrize("char", ["中", "😀", "∑"])
def test_byte_fallback_round_trips_unseen_characters(bpe_model, char):
    sp = spm.SentencePieceProcessor(model_proto=bpe_model)
    assert all(char not in line for line in CORPUS)
    text = f"модели {char} layer"
    pieces = sp.encode(text, out_type=str)
    expected = [f"<0x{b:02X}>" for b in char.encode("utf-8")]
    start = pieces.index(expected[0])
    assert pieces[start:start + len(expected)] == expected
    assert sp.unk_id() not in sp.encode(text)
    assert sp.decode(sp.encode(text)) == text


def test_without_byte_fallback_unseen_characters_are_unk():
    proto = train_sentencepiece(CORPUS, 60, model_type="bpe", byte_fallback=False)
    sp = spm.SentencePieceProcessor(model_proto=proto)
    assert sp.unk_id() in sp.encode("модели 中")


@pytest.mark.parametrize("model_type", ["bpe", "unigram"])
def test_too_large_vocab_raises_value_error_with_the_max(model_type):
    with pytest.raises(ValueError, match="too large") as info:
        train_sentencepiece(CORPUS, 5000, model_type=model_type)
    largest = max_vocab_size(info.value)
    assert largest is not None and 256 < largest < 5000
    if model_type == "bpe":       # the bound is the real one for BPE
        proto = train_sentencepiece(CORPUS, largest, model_type=model_type)
        assert spm.SentencePieceProcessor(model_proto=proto).get_piece_size() == largest


def test_too_small_vocab_raises_value_error():
    with pytest.raises(ValueError, match="too small"):
        train_sentencepiece(CORPUS, 100, model_type="bpe")         # 3 + 256 bytes alone exceed it


def test_symbols_with_commas_or_spaces_are_refused():
    with pytest.raises(ValueError):
        train_sentencepiece(CORPUS, 300, user_defined_symbols=["a,b"])
    with pytest.raises(ValueError):
        train_sentencepiece(CORPUS, 300, control_symbols=["a b"])


def test_max_sentences_samples_with_the_seed():
    sampled = train_sentencepiece(CORPUS, 300, max_sentences=100, seed=1)
    assert sampled == train_sentencepiece(random.Random(1).sample(CORPUS, 100), 300)
    assert sampled != train_sentencepiece(CORPUS, 300)


def test_tokenizer_wrapper_matches_the_processor(bpe_model):
    tok = SentencePieceTokenizer(model_proto=bpe_model)
    sp = spm.SentencePieceProcessor(model_proto=bpe_model)
    assert isinstance(tok, Tokenizer)
    text = "пиццу и модели, layers 中"
    assert tok.encode(text) == sp.encode(text)
    assert tok.tokenize(text) == sp.encode(text, out_type=str)
    assert tok.decode(tok.encode(text)) == text
    assert tok.vocab_size == sp.get_piece_size() == 320
    assert tok.unk_id == 0
    assert SentencePieceTokenizer(model_proto=tok.model_proto).encode(text) == tok.encode(text)


def test_tokenizer_wrapper_trains():
    tok = SentencePieceTokenizer(model_type="unigram").train(CORPUS, 300)
    assert tok.vocab_size == 300
    reference = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(CORPUS), model_writer=reference,
                                   vocab_size=300, model_type="unigram", byte_fallback=True,
                                   num_threads=1, character_coverage=1.0,
                                   max_sentence_length=1 << 16, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_proto=reference.getvalue())
    assert tok.encode(CORPUS[0]) == sp.encode(CORPUS[0])
