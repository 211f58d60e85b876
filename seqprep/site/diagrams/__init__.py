"""Concept diagrams drawn by code at build time, one small module per concept.

Every module defines `FIGURE = Figure(name, compute, draw, modules)`: `compute()`
takes its numbers from answers/ (where a diagram has numbers), `draw(data, lang)`
draws it in Russian or English on the shared style (`style.py`: palette, an
inch-based canvas, boxes, arrows, matrices). `seqprep.site.figures` draws,
checks and caches them like the data plots.

| module | figure | page |
|---|---|---|
| rnn_unrolled | the folded and unrolled RNN, the BPTT path with gradient norms | rnn-basics |
| rnn_macs | where the forward MACs of an RNN LM go | rnn-complexity |
| lstm_cell | the LSTM cell and its gates | rnn-basics |
| attention_flow | Q·Kᵀ → /√d_k → softmax → ·V on «я хочу пиццу» | self-attention |
| masks | causal and padding masks as grids | self-attention |
| attention_maps | attention of a model trained on a copy task | contextual-embeddings, transformer-vs-rnn |
| multihead | split into heads → attend → concat → W_O, with shapes | self-attention-from-scratch |
| transformer_block | post-LN and pre-LN blocks | self-attention-architecture |
| tiling | tiles of causal flash-style attention and the online softmax | self-attention-architecture |
| pipeline | norm → pretok → model → post on one string | preprocessing |
| bpe_merges | BPE training step by step on «пиццу пицца пицце» | tokenizer-types |
| vocab_growth | new embedding rows = the mean row; the tied logits | tokenizer-extension |
| embedding_lookup | one_hot(id) · W = W[id] | embedding-matrix |
| bert_input | token + segment + position embeddings | special-tokens |
"""

from __future__ import annotations

from . import (
    attention_flow,
    attention_maps,
    bert_input,
    bpe_merges,
    embedding_lookup,
    lstm_cell,
    masks,
    multihead,
    pipeline,
    rnn_macs,
    rnn_unrolled,
    tiling,
    transformer_block,
    vocab_growth,
)

DIAGRAMS = [module.FIGURE for module in (
    rnn_unrolled, rnn_macs, lstm_cell, attention_flow, masks, attention_maps, multihead, transformer_block,
    tiling, pipeline, bpe_merges, vocab_growth, embedding_lookup, bert_input,
)]
