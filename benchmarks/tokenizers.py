"""Tokenizers: BPE training (incremental, naive recount, sentencepiece) and encoding MB/s.

Text: sentences of `seqprep.corpus.project_corpus()` (the bank, the site and
answers/data, Russian and English; its size is recorded in `settings`),
shuffled with a fixed seed and repeated, reshuffled on every pass, until the
text reaches 1 MB and 5 MB (10^6 bytes). Repeated text is easier than real
text of the same size: the table of distinct words, which is what BPE
training works on after one counting pass, stays that of the corpus
(`distinct_words`), where 5 MB of fresh text would have several times more.
So the two sizes differ mostly in the counting pass, and the per-merge costs
are those of a small corpus.

Training, each learning the same number of merges (300 in a full run, so that
the naive trainer's three runs per size take about a minute here):

    incremental     answers.tokenizers.bpe.train_bpe: pair counts and an index
                    pair -> words, updated only where a merge happened
    naive           answers.tokenizers.bpe.train_bpe_naive: recounts every pair
                    of every distinct word after each merge
    sentencepiece   answers.tokenizers.spm.train_sentencepiece, model_type=bpe,
                    num_threads=1, identity normalisation, no byte fallback,
                    vocab_size = its characters + 3 specials + merges (C++; its
                    time includes reading the sentences and its own counting)

The two Python trainers must give identical merges (`merges_identical`).
Times are medians of 3 runs (`seqprep.bench.measure`).

Encoding throughput (MB/s of UTF-8 input, one thread) of the models trained
on the largest text, on the 1 MB text: `bpe_encode` (merges by rank, no
cache), `BPETokenizer.encode` (our lossless tokenizer with a per-word cache,
emptied before every run, trained to the same number of merges) and
sentencepiece's `encode` over the lines.

Goal from the issue: the incremental trainer >= 10x faster than the naive one on 5 MB.
Quick: 1 MB and 100 merges, one run; smoke: 50 kB and 30 merges.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import lru_cache

import sentencepiece as spm

from answers.tokenizers.bpe import BPETokenizer, bpe_encode, train_bpe, train_bpe_naive
from answers.tokenizers.spm import train_sentencepiece
from seqprep import bench
from seqprep.corpus import project_corpus

SEED = 0
SP_THREADS = 1
SP_SPECIALS = 3  # <unk>, <s>, </s>


def sizes(quick: bool, smoke: bool) -> dict:
    if smoke:
        return {"sizes_bytes": [50_000], "merges": 30, "repeats": 1}
    if quick:
        return {"sizes_bytes": [1_000_000], "merges": 100, "repeats": 1}
    return {"sizes_bytes": [1_000_000, 5_000_000], "merges": 300, "repeats": 3}


@lru_cache(maxsize=1)
def _sentences() -> tuple[str, ...]:
    return tuple(s.strip() for s in project_corpus() if s.strip())


def build_text(n_bytes: int, seed: int = SEED) -> str:
    """Whole sentences of the project corpus, one per line, reshuffled every pass,
    until the UTF-8 size reaches n_bytes (it may exceed it by one sentence)."""
    rng = random.Random(seed)
    sentences = list(_sentences())
    lines, size = [], 0
    while size < n_bytes:
        rng.shuffle(sentences)
        for sentence in sentences:
            lines.append(sentence)
            size += len(sentence.encode("utf-8")) + 1
            if size >= n_bytes:
                break
    return "\n".join(lines)


def sp_vocab_size(text: str, merges: int) -> int:
    """sentencepiece's BPE vocabulary = specials + characters (with "▁") + merged pieces."""
    chars = {ch for ch in text if not ch.isspace()} | {"\u2581"}
    return SP_SPECIALS + len(chars) + merges


def train_sp(text: str, merges: int) -> bytes:
    return train_sentencepiece(text, sp_vocab_size(text, merges), model_type="bpe", byte_fallback=False,
                               num_threads=SP_THREADS, normalization_rule_name="identity")


def run(device: str, quick: bool, smoke: bool = False) -> dict:
    s = sizes(quick, smoke)
    merges, repeats = s["merges"], s["repeats"]
    rows = []
    texts = {n: build_text(n) for n in s["sizes_bytes"]}
    identical = True
    for n_bytes, text in texts.items():
        size = len(text.encode("utf-8"))
        incremental = bench.measure(lambda: train_bpe(text, merges), repeats=repeats)["median_ms"] / 1e3
        naive = bench.measure(lambda: train_bpe_naive(text, merges), repeats=repeats)["median_ms"] / 1e3
        sp = bench.measure(lambda: train_sp(text, merges), repeats=repeats)["median_ms"] / 1e3
        identical &= train_bpe(text, merges) == train_bpe_naive(text, merges)
        rows.append({"text_mb": size / 1e6, "distinct_words": len(Counter(text.split())), "merges": merges,
                     "incremental_s": incremental, "naive_s": naive, "sentencepiece_s": sp,
                     "speedup_incremental_vs_naive": naive / incremental,
                     "incremental_merges_per_s": merges / incremental, "naive_merges_per_s": merges / naive})
    largest = texts[max(texts)]
    sample = texts[min(texts)]
    rows_encoding = encoding_rows(largest, sample, merges, repeats)
    summary = {"merges": merges, "merges_identical": identical,
               "speedup_incremental_vs_naive_largest": rows[-1]["speedup_incremental_vs_naive"],
               "largest_text_mb": rows[-1]["text_mb"],
               "goal_10x_on_5mb_met": (rows[-1]["speedup_incremental_vs_naive"] >= 10
                                       if rows[-1]["text_mb"] >= 5 else None)}
    headline = [f"{r['text_mb']:.2g} MB, {merges} merges: incremental {r['incremental_s']:.2f} s, naive "
                f"{r['naive_s']:.1f} s ({r['speedup_incremental_vs_naive']:.1f}x), sentencepiece "
                f"{r['sentencepiece_s']:.2f} s" for r in rows]
    headline.append("encoding: " + ", ".join(f"{r['tokenizer']} {r['mb_per_s']:.2g} MB/s" for r in rows_encoding))
    return {"settings": {"seed": SEED, "merges": merges, "repeats": repeats, "sizes_bytes": s["sizes_bytes"],
                         "corpus_bytes": len("\n".join(_sentences()).encode("utf-8")),
                         "corpus_sentences": len(_sentences()), "sentencepiece_threads": SP_THREADS,
                         "encoding_sample_mb": len(sample.encode("utf-8")) / 1e6,
                         "encoding_models_trained_on_mb": len(largest.encode("utf-8")) / 1e6},
            "summary": summary, "headline": headline, "rows": rows, "rows_encoding": rows_encoding}


def encoding_rows(train_text: str, sample: str, merges: int, repeats: int) -> list[dict]:
    mb = len(sample.encode("utf-8")) / 1e6
    bpe_merges = train_bpe(train_text, merges)
    chars = {ch for word in train_text.split() for ch in word}
    tokenizer = BPETokenizer()
    # specials + 256 bytes + characters (+ "▁" and "\n", which pretokenize keeps) + merges
    tokenizer.train(train_text, len(tokenizer.specials) + 256 + len(chars) + 2 + merges)
    sp = spm.SentencePieceProcessor(model_proto=train_sp(train_text, merges))
    lines = sample.splitlines()

    def cached_encode():
        tokenizer._cache.clear()  # every run starts cold, like a fresh process
        return tokenizer.encode(sample)

    encoders = {
        "bpe_encode": lambda: bpe_encode(sample, bpe_merges),
        "BPETokenizer.encode": cached_encode,
        "sentencepiece": lambda: sp.encode(lines, out_type=int, num_threads=SP_THREADS),
    }
    rows = []
    for name, encode in encoders.items():
        seconds = bench.measure(encode, repeats=repeats)["median_ms"] / 1e3
        out = encode()
        tokens = len(out) if name != "sentencepiece" else sum(len(ids) for ids in out)
        rows.append({"tokenizer": name, "mb_per_s": mb / seconds, "tokens": tokens, "sample_mb": mb})
    return rows
