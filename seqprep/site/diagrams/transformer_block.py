"""A transformer block, post-LN (the 2017 paper) beside pre-LN (GPT-2 and later).

Both have the same parameters, `answers.complexity.transformer_block_param_count(512, 2048)`;
only where LayerNorm sits differs: after each residual sum (post-LN) or at the
start of each branch (pre-LN), which leaves the residual path x → x + … → x
free of normalisation, so deep pre-LN stacks train without a warm-up.
"""

from __future__ import annotations

from .base import Figure
from .style import INK, MUTED, PALETTE, arrow, box, canvas, circle, integer, label

TEXT = {
    "ru": {"post": "post-LN (2017)", "pre": "pre-LN (GPT-2 и позже)", "attn": "multi-head attention",
           "ffn": "FFN", "norm": "LayerNorm", "x": "x", "out": "выход",
           "post_rule": r"$x \leftarrow \mathrm{LN}(x + \mathrm{Attn}(x))$",
           "pre_rule": r"$x \leftarrow x + \mathrm{Attn}(\mathrm{LN}(x))$",
           "params": "параметры блока ($d = 512$, $d_{{ff}} = 2048$): {p} в обоих вариантах",
           "final": "+ LayerNorm\nв конце стека"},
    "en": {"post": "post-LN (2017)", "pre": "pre-LN (GPT-2 and later)", "attn": "multi-head attention",
           "ffn": "FFN", "norm": "LayerNorm", "x": "x", "out": "output",
           "post_rule": r"$x \leftarrow \mathrm{LN}(x + \mathrm{Attn}(x))$",
           "pre_rule": r"$x \leftarrow x + \mathrm{Attn}(\mathrm{LN}(x))$",
           "params": "parameters of a block ($d = 512$, $d_{{ff}} = 2048$): {p} in both",
           "final": "+ LayerNorm\nafter the stack"},
}


def compute():
    from answers.complexity import transformer_block_param_count

    return {"params": transformer_block_param_count(512, 2048)}


def _column(ax, cx, stages, t):
    """stages: list of 'norm' | 'attn' | 'ffn' | ('add', branch_start_index). Bottom to top."""
    step, w, h = 0.56, 2.0, 0.42
    y = 0.95
    label(ax, cx, y, t["x"], size=12)
    ys = {"in": y}
    prev = y + 0.12
    branch = {}
    for i, stage in enumerate(stages):
        y += step
        if isinstance(stage, tuple):  # a residual sum; its skip starts below stage stage[1]
            circle(ax, cx, y, 0.14, "+", size=12)
            arrow(ax, (cx, prev), (cx, y - 0.14))
            start = branch[stage[1]]
            xr = cx + w / 2 + 0.25
            ax.plot([cx, xr, xr], [start, start, y], color=MUTED, lw=1.4)
            arrow(ax, (xr, y), (cx + 0.14, y), color=MUTED)
            prev = y + 0.14
        else:
            branch[i] = (prev + y - h / 2) / 2  # the skip leaves between the previous stage and this one
            fill = {"norm": PALETTE["norm"], "attn": PALETTE["attn"], "ffn": PALETTE["ffn"]}[stage]
            box(ax, cx, y, w, h, t[stage], fill=fill)
            arrow(ax, (cx, prev), (cx, y - h / 2))
            prev = y + h / 2
    y += 0.5
    arrow(ax, (cx, prev), (cx, y - 0.1))
    label(ax, cx, y, t["out"], va="bottom")
    return y


def draw(data, lang):
    t = TEXT[lang]
    fig, ax = canvas(7.1, 5.6)
    post = ["attn", ("add", 0), "norm", "ffn", ("add", 3), "norm"]
    pre = ["norm", "attn", ("add", 0), "norm", "ffn", ("add", 3)]
    for cx, stages, title, rule in ((1.75, post, t["post"], t["post_rule"]), (5.2, pre, t["pre"], t["pre_rule"])):
        top = _column(ax, cx, stages, t)
        label(ax, cx, top + 0.35, title, size=12.5, va="bottom", fontweight="bold")
        label(ax, cx + 0.15, 0.5, rule, va="center")
    label(ax, 6.25, 4.55, t["final"], ha="center", va="bottom", color=MUTED)
    label(ax, 3.55, 0.05, t["params"].format(p=integer(data["params"], lang)), va="bottom")
    return fig


FIGURE = Figure("transformer_block", compute, draw, ("answers.complexity",))
