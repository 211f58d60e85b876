"""The token table's share of a whole model at different scales (pure Python).

The parameter counts come from `answers.model_sizes` (GPT-2, BERT and Llama
counted part by part and checked against torch); this module only divides. The
token table is V x d; an untied head (Llama) is another V x d matrix, a tied one
(GPT-2, BERT's MLM decoder) is the same tensor and counts once.

    model         V        d     head     table share   table + head
    gpt2-small    50,257   768   tied     31%           31%
    gpt2-xl       50,257   1600  tied     5.2%          5.2%
    bert-base     30,522   768   tied     21%           21%
    xlm-r-base    250,002  768   tied     69%           69%
    llama-2-7b    32,000   4096  untied   1.9%          3.9%
    llama-3-8b    128,256  4096  untied   6.5%          13%
    llama-2-70b   32,000   8192  untied   0.38%         0.76%

The blocks grow as L d^2 and the table only as V d, so the share falls with
scale unless V grows too: `table_share("gpt2-small") -> 31.0` (rounded),
`table_share("llama-2-70b") -> 0.38` (rounded).
"""

from __future__ import annotations

from . import model_sizes as S

# name: (V, d, tied, total parameter count from answers.model_sizes)
MODELS = {
    "gpt2-small": (50257, 768, True, lambda: S.gpt2_param_count(50257, 1024, 768, 12)),
    "gpt2-xl": (50257, 1600, True, lambda: S.gpt2_param_count(50257, 1024, 1600, 48)),
    "bert-base": (30522, 768, True, lambda: S.bert_param_count(30522, 512, 768, 12)),
    "xlm-r-base": (250002, 768, True, lambda: S.bert_param_count(250002, 514, 768, 12, type_vocab=1)),
    "llama-2-7b": (32000, 4096, False, lambda: S.llama_param_count(32000, 4096, 32, 11008, 32, 32)),
    "llama-3-8b": (128256, 4096, False, lambda: S.llama_param_count(128256, 4096, 32, 14336, 32, 8)),
    "llama-2-70b": (32000, 8192, False, lambda: S.llama_param_count(32000, 8192, 80, 28672, 64, 8)),
}


def total_params(model: str) -> int:
    """All parameters of the model, from answers.model_sizes: `total_params("gpt2-small") -> 124439808`."""
    return MODELS[model][3]()


def table_share(model: str) -> float:
    """Percent of the model's parameters in the input token table (V d)."""
    V, d, _, _ = MODELS[model]
    return 100 * V * d / total_params(model)


def vocab_share(model: str) -> float:
    """Percent in the vocabulary-sized matrices: the table, plus the head when it is untied.
    `vocab_share("llama-3-8b") -> 13.08` (rounded)."""
    V, d, tied, _ = MODELS[model]
    return 100 * V * d * (1 if tied else 2) / total_params(model)
