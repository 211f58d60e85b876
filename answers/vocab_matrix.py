"""The vocabulary-sized matrices of a language model: their share of the parameters, and
the padded row count.

Pure Python, so the quiz can call it without torch.

* `vocab_param_share(V, d, body_millions, tied)`: the input table is V x d; an
  untied output head (no bias) is another d x V. Everything else (the blocks,
  positions, norms) is `body_millions` million parameters. GPT-2 small
  (V = 50,257, d = 768, tied, 85.8M elsewhere) keeps about 31% of its
  parameters in the table; Llama 3 8B (V = 128,256, d = 4096, untied, 6,980M
  elsewhere) about 13%: the share falls as the blocks grow.

      >>> round(vocab_param_share(50257, 768, 85.842432, tied=True), 1)
      31.0

* `padded_vocab_rows(base, merges, specials, multiple)`: a byte-level BPE has
  base + merges + specials tokens; the embedding matrix is often rounded up to a
  multiple of 64 so matrix kernels run on aligned shapes (nanoGPT: GPT-2's
  50,257 becomes 50,304). The extra rows are never targets.

      >>> padded_vocab_rows(256, 50000, 1, 64)
      50304
"""

from __future__ import annotations


def vocab_param_share(V: int, d: int, body_millions: float, tied: bool = False) -> float:
    """Percent of all parameters in the input table (and the untied head): 100 * m / (m + body)."""
    vocab = V * d * (1 if tied else 2)
    return 100 * vocab / (vocab + body_millions * 1e6)


def padded_vocab_rows(base: int, merges: int, specials: int, multiple: int = 64) -> int:
    """Rows of the embedding matrix: base + merges + specials rounded up to a multiple of `multiple`."""
    if multiple < 1:
        raise ValueError(f"multiple must be at least 1, got {multiple}")
    size = base + merges + specials
    return -(-size // multiple) * multiple
