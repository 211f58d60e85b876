"""How a tokenizer cuts numbers, and why the direction matters for arithmetic (pure Python).

Tokenizers treat digit strings in three ways:

* one digit per token (Llama's and PaLM's SentencePiece with `split_digits`):
  `chunk_digits("1234567", 1) -> ['1', '2', '3', '4', '5', '6', '7']`;
* chunks of up to three digits from the left (the pre-tokenization regex of
  GPT-4's `cl100k_base`, `\\p{N}{1,3}`):
  `chunk_digits("1234567", 3) -> ['123', '456', '7']`;
* whatever the BPE merges happen to contain (GPT-2: a number's digits
  stay one pre-token, and frequent strings like years become single tokens).

Cutting from the left makes a token's place value depend on the number's
length: in 1234567 + 891 the "891" lines up with no token of 1234567.
Cutting from the right keeps thousands, millions... aligned across operands
and the result: `chunk_digits("1234567", 3, from_right=True) -> ['1', '234', '567']`.
Forcing right-to-left groups (with commas: 1,234,567) measurably improves
arithmetic of GPT-3.5/4-class models (Singh & Strouse, 2024).
"""

from __future__ import annotations


def chunk_digits(number: str, size: int, from_right: bool = False) -> list[str]:
    """Cut a digit string into chunks of `size`, the short chunk at the end (left to right) or at the
    start (right to left)."""
    if not number.isdigit() or size < 1:
        raise ValueError("number must be a digit string and size positive")
    if from_right:
        head = len(number) % size
        return ([number[:head]] if head else []) + [number[i:i + size] for i in range(head, len(number), size)]
    return [number[i:i + size] for i in range(0, len(number), size)]


def aligned_sum(a: int, b: int, size: int = 3, from_right: bool = False) -> tuple:
    """The chunks of a, b and a + b: `aligned_sum(1234567, 891)[2] -> ['123', '545', '8']`,
    `aligned_sum(1234567, 891, from_right=True)[2] -> ['1', '235', '458']`."""
    return tuple(chunk_digits(str(n), size, from_right) for n in (a, b, a + b))
