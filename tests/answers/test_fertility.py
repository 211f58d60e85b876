"""answers/fertility.py recounted: every number comes from our BPE, so the checks are what must hold
independently of it: decoding gives the texts back; an English-only tokenizer spends on the Russian text
exactly one byte token per UTF-8 byte of every character it never saw; the counts agree with a
sentencepiece BPE trained the same way (same direction, similar size)."""

from __future__ import annotations

import pytest
import sentencepiece as spm

import answers.fertility as F
from answers.tokenizers.spm import train_sentencepiece

V = 1000  # the size the bank and the site use


@pytest.mark.parametrize("train", ["en", "en+ru"])
def test_counts_and_lossless_decoding(train):
    tokenizer = F.trained(V, train)
    result = F.measure(V, train)
    for lang in ("en", "ru"):
        text = F.parallel_text(lang)
        ids = tokenizer.encode(text)
        assert tokenizer.decode(ids) == text
        row = result[lang]
        assert (row["tokens"], row["words"], row["bytes"]) == (len(ids), len(text.split()), len(text.encode()))
        assert row["fertility"] == pytest.approx(len(ids) / len(text.split()))
    assert result["premium"] == pytest.approx(result["ru"]["tokens"] / result["en"]["tokens"])


def test_unseen_characters_cost_their_utf8_bytes():
    tokenizer = F.trained(V, "en")
    seen = set(F.parallel_text("en").replace(" ", "\u2581"))
    ru = F.parallel_text("ru")
    unseen_bytes = sum(len(ch.encode("utf-8")) for ch in ru if ch not in seen and not ch.isspace())
    byte_ids = range(tokenizer.byte_offset, tokenizer.byte_offset + 256)
    assert sum(i in byte_ids for i in tokenizer.encode(ru)) == unseen_bytes
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in ru)
    assert unseen_bytes >= 2 * cyrillic > 0   # every Cyrillic letter is two bytes in UTF-8


def test_sentencepiece_tells_the_same_story():
    def sp_tokens(train_langs):
        proto = train_sentencepiece([F.parallel_text(lang) for lang in train_langs], V, model_type="bpe",
                                    byte_fallback=True)
        sp = spm.SentencePieceProcessor(model_proto=proto)
        return {lang: len(sp.encode(F.parallel_text(lang))) for lang in ("en", "ru")}

    en_only, both = sp_tokens(["en"]), sp_tokens(["en", "ru"])
    ours_en, ours_both = F.measure(V, "en"), F.measure(V, "en+ru")
    assert en_only["ru"] / en_only["en"] > 4 and ours_en["premium"] > 4
    assert both["ru"] / both["en"] < 2 and ours_both["premium"] < 2
    for lang in ("en", "ru"):
        assert ours_both[lang]["tokens"] == pytest.approx(both[lang], rel=0.35)
