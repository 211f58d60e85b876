"""Tokenizers from scratch, side by side with sentencepiece.

* `base`        the `Tokenizer` interface every tokenizer here implements;
* `word_level`  one token per whitespace word, `[UNK]` for the rest;
* `bpe`         byte-pair encoding: training (incremental and naive) and encoding by rank;
* `wordpiece`   BERT's greedy longest-match-first segmentation;
* `spm`         sentencepiece BPE / Unigram trained in memory;
* `compare`     the same corpus through all of them.

Nothing is imported here, so `import answers.tokenizers.bpe` stays pure Python.
"""
