"""Worked examples on the page, computed by answers/ at build time: `{{ worked.NAME }}`.

A page writes `{{ worked.pizza }}` where the example belongs; `render(markdown, lang)`
replaces it with Markdown tables in the page's language:

* `pizza`: the notes' «я хочу пиццу» self-attention step by step (X, Q, K, V,
  scores, scores/√d_k, weights, outputs) from `answers.walkthrough.pizza_walkthrough`;
* `bpe_merges`: BPE training on «пиццу пицца пицце», the corpus and the vocabulary
  after each merge, from `answers.tokenizers.bpe.trace_merges` (English pages lead with
  the twin "pizza pizzas pizzeria", which merges the same way, then show the notes' corpus);
* `wordpiece`: greedy longest-match WordPiece on «непонятный», position by position,
  checked against `answers.tokenizers.wordpiece.wordpiece_tokenize` (English pages add
  the twin "unbreakable").

English pages give the Russian example words an English twin ("I (я)"); the numbers
are the same. An unknown NAME fails the build.

    >>> "| я |" in pizza("ru") and "| I (я) |" in pizza("en")
    True
"""

from __future__ import annotations

import re

PATTERN = re.compile(r"\{\{\s*worked\.(\w+)\s*\}\}")
TWINS = {"я": "I", "хочу": "want", "пиццу": "pizza"}
GLOSS = {"непонятный": " (“incomprehensible”)"}


def _num(value: float, lang: str, digits: int = 2) -> str:
    s = f"{value:.{digits}f}"
    if float(s) == 0:
        s = s.lstrip("-")
    s = s.replace("-", "−")
    return s.replace(".", ",") if lang == "ru" else s


def _vec(values, lang: str, digits: int = 2) -> str:
    sep = "; " if lang == "ru" else ", "
    return "(" + sep.join(_num(v, lang, digits) for v in values) + ")"


def _token(w: str, lang: str) -> str:
    return f"{TWINS[w]} ({w})" if lang == "en" and w in TWINS else w


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def pizza(lang: str) -> str:
    from answers.walkthrough import pizza_walkthrough

    d = pizza_walkthrough()
    tokens = [_token(w, lang) for w in d["tokens"]]
    focus = d["tokens"].index(d["query_token"])
    ru = lang == "ru"
    scale = _num(d["scale"], lang, 0)

    def square(key: str, digits: int = 2) -> str:
        corner = "запрос \\ ключ" if ru else "query \\ key"
        rows = []
        for i, (t, row) in enumerate(zip(tokens, d[key])):
            cells = [_num(v, lang, digits) for v in row]
            if i == focus:
                cells = [f"**{c}**" for c in cells]
                t = f"**{t}**"
            rows.append([t, *cells])
        return _table([corner, *tokens], rows)

    qkv = _table(["токен" if ru else "token", "$x$", "$q = W_Q x$", "$k = W_K x$", "$v = W_V x$"],
                 [[t, _vec(x, lang), _vec(q, lang), _vec(k, lang), _vec(v, lang)]
                  for t, x, q, k, v in zip(tokens, d["embeddings"], d["Q"], d["K"], d["V"])])
    out = _table(["токен" if ru else "token", "$o = \\sum_j a_j v_j$"],
                 [[t, _vec(o, lang, 3)] for t, o in zip(tokens, d["outputs"])])
    if ru:
        parts = [
            f"**Шаг 1. Проекции.** Эмбеддинги $x$ и матрицы $W_Q, W_K, W_V$ заданы вручную ($d_k = {d['d_k']}$); "
            "каждый токен получает запрос, ключ и значение:", qkv,
            "**Шаг 2. Оценки** $S = QK^\\top$: строка — запрос, столбец — ключ.", square("scores"),
            f"**Шаг 3. Масштаб:** $S / \\sqrt{{d_k}} = S / {scale}$.", square("scaled_scores"),
            "**Шаг 4. Softmax по строке** — веса внимания, каждая строка в сумме 1.", square("weights", 3),
            "**Шаг 5. Выход** — взвешенная сумма значений:", out,
        ]
    else:
        parts = [
            f"**Step 1. Projections.** The embeddings $x$ and the matrices $W_Q, W_K, W_V$ are set by hand "
            f"($d_k = {d['d_k']}$); every token gets a query, a key and a value:", qkv,
            "**Step 2. Scores** $S = QK^\\top$: a row is a query, a column a key.", square("scores"),
            f"**Step 3. Scale:** $S / \\sqrt{{d_k}} = S / {scale}$.", square("scaled_scores"),
            "**Step 4. Softmax over each row**: the attention weights; every row sums to 1.", square("weights", 3),
            "**Step 5. Output**: the weighted sum of the values:", out,
        ]
    return "\n\n".join(parts)


def _pieces(symbols) -> str:
    return " ".join(f"`{s}`" for s in symbols)


def _bpe_table(corpus: str, lang: str, merges: int = 3) -> str:
    from answers.tokenizers.bpe import trace_merges

    ru = lang == "ru"
    words = corpus.split()
    steps = trace_merges(corpus, merges)
    vocab = sorted({ch for w in words for ch in w})
    rows = [["0", "—", "—", " · ".join(_pieces(w) for w in words), ", ".join(vocab) + f" ({len(vocab)})"]]
    for n, step in enumerate(steps, start=1):
        a, b = step.pair
        vocab = vocab + [a + b]
        ties = [f"{x} + {y}" for x, y in step.ties if (x, y) != step.pair]
        count = str(step.count) + (f" ({'ничья с' if ru else 'tied with'} {', '.join(ties)})" if ties else "")
        corpus_after = " · ".join(_pieces(step.segmentation[w]) for w in words)
        rows.append([str(n), f"{a} + {b} → **{a + b}**", count, corpus_after, f"+ {a + b} ({len(vocab)})"])
    header = (["шаг", "слияние", "частота", "корпус после слияния", "словарь (размер)"] if ru else
              ["step", "merge", "count", "corpus after the merge", "vocabulary (size)"])
    return _table(header, rows)


def bpe_merges(lang: str) -> str:
    if lang == "ru":
        return ("Обучение BPE на «пиццу пицца пицце», три слияния; при ничьей берётся наименьшая пара.\n\n"
                + _bpe_table("пиццу пицца пицце", lang))
    return ("BPE training on “pizza pizzas pizzeria”, three merges; a tie goes to the smallest pair.\n\n"
            + _bpe_table("pizza pizzas pizzeria", lang)
            + "\n\nThe Russian notes train on «пиццу пицца пицце», three case forms of “pizza”; "
            "the same rule gives:\n\n" + _bpe_table("пиццу пицца пицце", lang))


def _wordpiece_steps(word: str, vocab: set[str]) -> list[tuple[int, list[str], str | None]]:
    """(start, rejected candidates longest first, the piece taken or None) per position."""
    steps, start = [], 0
    while start < len(word):
        rejected, piece = [], None
        for end in range(len(word), start, -1):
            candidate = word[start:end] if start == 0 else "##" + word[start:end]
            if candidate in vocab:
                piece = candidate
                break
            rejected.append(candidate)
        steps.append((start, rejected, piece))
        if piece is None:
            break
        start = end
    return steps


def _wordpiece_table(word: str, vocab: set[str], lang: str) -> str:
    from answers.tokenizers.wordpiece import wordpiece_tokenize

    ru = lang == "ru"
    steps = _wordpiece_steps(word, vocab)
    pieces = [p for _, _, p in steps]
    expected = wordpiece_tokenize(word, vocab)
    assert (pieces if None not in pieces else ["[UNK]"]) == expected, (pieces, expected)
    rows = []
    for start, rejected, piece in steps:
        if len(rejected) > 2:
            tried = f"<del>{rejected[0]}</del> … <del>{rejected[-1]}</del> ({len(rejected)})"
        else:
            tried = ", ".join(f"<del>{r}</del>" for r in rejected) or "—"
        rows.append([str(start), word[start:], tried, f"**{piece}**" if piece else "[UNK]"])
    header = (["позиция", "осталось", "нет в словаре (от длинного)", "взяли"] if ru else
              ["position", "left", "not in the vocabulary (longest first)", "taken"])
    vocab_text = ", ".join(sorted(vocab, key=lambda p: (p.startswith("##"), p)))
    lead = (f"Словарь {{{vocab_text}}}, слово «{word}» → {' + '.join(expected)}:" if ru else
            f"Vocabulary {{{vocab_text}}}, the word “{word}”{GLOSS.get(word, '')} → {' + '.join(expected)}:")
    return lead + "\n\n" + _table(header, rows)


def wordpiece(lang: str) -> str:
    ru_vocab = {"не", "непо", "##понят", "##нят", "##ный"}
    text = _wordpiece_table("непонятный", ru_vocab, lang)
    if lang == "en":
        text += ("\n\nThe same greedy trap in English: “un” + “##break” + “##able” would fit, "
                 "but the longest first piece wins.\n\n"
                 + _wordpiece_table("unbreakable", {"un", "unb", "##break", "##reak", "##able"}, lang))
    return text


EXAMPLES = {"pizza": pizza, "bpe_merges": bpe_merges, "wordpiece": wordpiece}


def render(markdown: str, lang: str) -> str:
    """Replace every `{{ worked.NAME }}` in a page; an unknown NAME raises ValueError."""
    def one(match: re.Match) -> str:
        name = match.group(1)
        if name not in EXAMPLES:
            raise ValueError(f"unknown worked example {{{{ worked.{name} }}}}; known: {', '.join(EXAMPLES)}")
        return EXAMPLES[name](lang)

    return PATTERN.sub(one, markdown)
