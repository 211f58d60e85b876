"""answers/unicode_norm.py against unicodedata on real strings: the byte counts of NFD text are measured
on strings built letter by letter, and BERT's accent stripping is compared, for Russian, with the two
substitutions it amounts to (й -> и, ё -> е)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from bank_grids import bank_combos, check_example, docstring_examples

import answers.unicode_norm as U

PLAIN = "абвгдежзиклмнопрстуфхцчшщъыьэюя"  # Cyrillic letters without a decomposition
COMPOSED = "йёЙЁ"
RUSSIAN_MARKS = str.maketrans({"й": "и", "ё": "е", "Й": "И", "Ё": "Е"})


def cyrillic(n_letters: int, n_composed: int) -> str:
    letters = [COMPOSED[i % len(COMPOSED)] for i in range(n_composed)]
    letters += [PLAIN[i % len(PLAIN)] for i in range(n_letters - n_composed)]
    return "".join(letters)


def test_nfd_bytes_bank_grid():
    combos = bank_combos(U.nfd_utf8_bytes)
    assert combos
    for p in combos:
        text = cyrillic(p["n_letters"], p["n_composed"])
        assert U.nfd_utf8_bytes(**p) == len(unicodedata.normalize("NFD", text).encode("utf-8"))
        assert len(unicodedata.normalize("NFC", text).encode("utf-8")) == 2 * p["n_letters"]


def test_normal_forms_by_hand():
    assert U.normal_forms("йогурт") == {"NFC": (6, 12), "NFD": (7, 14), "NFKC": (6, 12), "NFKD": (7, 14)}
    assert U.normal_forms("\ufb01")["NFC"] == (1, 3) and unicodedata.normalize("NFKC", "\ufb01") == "fi"
    assert U.normal_forms("\uff21")["NFKC"] == (1, 1)   # full-width A -> A
    assert U.normal_forms("x\u00b2")["NFKC"] == (2, 2)  # x² -> x2
    assert U.normal_forms("\u2116")["NFKC"] == (2, 2)   # № -> No
    # the two spellings of «й» are one string after NFC or NFKC, two different ones before
    decomposed = "\u0438\u0306"
    assert decomposed != "й" and unicodedata.normalize("NFC", decomposed) == "й"


def test_strip_accents_is_two_substitutions_for_russian():
    text = U.RU_TEXT.read_text(encoding="utf-8")
    assert U.strip_accents(text) == text.translate(RUSSIAN_MARKS)
    assert U.strip_accents("café naïve") == "cafe naive"


def test_collisions_by_hand():
    assert U.accent_collisions("Мой дом, мои книги, мой сад") == {"мои": ["мои", "мой"]}
    assert U.accent_collisions("все и всё") == {"все": ["все", "всё"]}
    assert U.accent_collisions("дом") == {}


def test_corpus_stats_recounted():
    words = set(re.findall(r"\w+", U.RU_TEXT.read_text(encoding="utf-8").lower()))
    stripped = {w.translate(RUSSIAN_MARKS) for w in words}
    stats = U.corpus_accent_stats()
    assert stats["types"] == len(words)
    assert stats["types_with_marks"] == sum(1 for w in words if set(w) & set("йё"))
    assert stats["types_after"] == len(stripped)
    assert stats["types"] - stats["types_after"] == stats["merged_groups"]  # each group here is a pair


def test_bad_counts():
    with pytest.raises(ValueError):
        U.nfd_utf8_bytes(3, 4)


@pytest.mark.parametrize("call,value", docstring_examples(U))
def test_docstring_examples(call, value):
    check_example(U, call, value)


def test_sentencepiece_normalization_facts_the_bank_states():
    """tok-code-whitespace and prep-invisible-characters: with its defaults (nmt_nfkc, remove_extra_whitespaces)
    sentencepiece loses indentation and newlines and maps U+200B to a space but keeps the soft hyphen; with
    identity normalization and remove_extra_whitespaces=False, code survives a round trip."""
    import sentencepiece as spm

    from answers.tokenizers.spm import train_sentencepiece

    text = (U.RU_TEXT.parent / "own_text_en.txt").read_text(encoding="utf-8")
    code = "def f(x):\n    if x:\n        return 1\n\treturn 0"
    default = spm.SentencePieceProcessor(model_proto=train_sentencepiece(text, 800, "bpe"))
    assert default.decode(default.encode(code)) == "def f(x): if x: return 1 return 0"
    assert default.decode(default.encode("a\u200bb")) == "a b"
    assert default.decode(default.encode("a\u00adb")) == "a\u00adb"
    assert unicodedata.normalize("NFKC", "a\u200bb") == "a\u200bb"   # plain NFKC keeps U+200B
    kept = spm.SentencePieceProcessor(model_proto=train_sentencepiece(
        text, 800, "bpe", normalization_rule_name="identity", remove_extra_whitespaces=False))
    assert kept.decode(kept.encode(code)) == code
    assert kept.encode("        x", out_type=str).count("\u2581") >= 8   # every space of an indent is a token
