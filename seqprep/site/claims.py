"""The page "Claims checked": the source document's checkable claims, each recomputed or
measured by the reference code, with a verdict decided by that code.

Every number on the page comes from a function call made while the site is
built; the verdicts compare those numbers with what the document states.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..numeric import format_number

ROOT = Path(__file__).resolve().parents[2]
VERDICTS = {
    "holds": {"ru": "✔ верно", "en": "✔ holds"},
    "fails": {"ru": "✘ неверно", "en": "✘ does not hold"},
    "depends": {"ru": "≈ зависит", "en": "≈ depends"},
}


@dataclass(frozen=True)
class Check:
    verdict: str          # holds / fails / depends
    computed: dict        # {"ru": markdown, "en": markdown}


@dataclass(frozen=True)
class Claim:
    id: str
    title: dict
    document: dict        # what the document says, paraphrased
    check: Callable[[], Check]


def n(value, lang: str) -> str:
    return format_number(value, lang)


def vec(values, lang: str, digits: int = 3) -> str:
    sep = "; " if lang == "ru" else ", "
    text = sep.join(f"{v:.{digits}f}" for v in values)
    return "[" + (text.replace(".", ",") if lang == "ru" else text) + "]"


def both(template: Callable[[str], str]) -> dict:
    return {lang: template(lang) for lang in ("ru", "en")}


# --- the claims ---------------------------------------------------------------------------

def softmax_claim() -> Check:
    from answers.walkthrough import document_softmax_check

    data = document_softmax_check()
    holds = all(abs(a - b) < 0.005 for a, b in zip(data["computed_weights"], data["document_weights"]))
    return Check("holds" if holds else "fails", both(lambda lang: (
        f"softmax = {vec(data['computed_weights'], lang)}; "
        + ("после деления на √d_k = 2 было бы " if lang == "ru" else "dividing by √d_k = 2 first would give ")
        + vec(data["weights_scaled_by_sqrt_4"], lang)
        + (" — близко к числам документа, но и это не они." if lang == "ru"
           else ", close to the document's numbers but not them either."))))


def two_weightings_claim() -> Check:
    from answers.walkthrough import document_softmax_check

    data = document_softmax_check()
    return Check("holds" if data["same_query_possible"] else "fails", both(lambda lang: (
        ("Веса фиксируют разности оценок: отношения разностей " if lang == "ru"
         else "Weights fix the score gaps up to a scale: the gap ratios are ")
        + f"{n(data['gap_ratio_first'], lang)} " + ("и" if lang == "ru" else "and")
        + f" {n(data['gap_ratio_second'], lang)}"
        + (", одна и та же строка оценок не даёт обоих наборов." if lang == "ru"
           else ", so no single row of scores gives both."))))


def forward_ops_claim() -> Check:
    from answers.complexity import rnn_forward_macs

    recurrence = rnn_forward_macs(50, 300, 512)
    with_head = rnn_forward_macs(50, 300, 512, 30000)
    share = 1 - recurrence / with_head
    return Check("depends", both(lambda lang: (
        f"{n(recurrence, lang)} MAC "
        + ("(умножений-сложений) только рекуррентной части; с выходным слоем " if lang == "ru"
           else "(multiply-adds) for the recurrence alone; with the output layer ")
        + f"{n(with_head, lang)} MAC, "
        + (f"из них выходной слой — {share:.1%}. FLOPs вдвое больше." if lang == "ru"
           else f"{share:.1%} of it in the output layer. FLOPs are twice the MACs."))))


def params_claim() -> Check:
    from answers.complexity import rnn_lm_param_count, rnn_param_count

    doc = rnn_param_count(300, 512, 30000, bias=False)
    biases = rnn_param_count(300, 512, 30000) - doc
    full = rnn_lm_param_count(300, 512, 30000)
    return Check("fails" if full != 15_775_744 else "holds", both(lambda lang: (
        f"{n(doc, lang)} " + ("— только матрицы весов. Смещения добавляют " if lang == "ru"
                             else "counts the weight matrices only. The biases add ")
        + f"{n(biases, lang)}, " + ("таблица эмбеддингов V×d ещё " if lang == "ru" else "the V×d embedding table ")
        + f"{n(300 * 30000, lang)}: " + ("вся модель — " if lang == "ru" else "the whole model has ")
        + f"{n(full, lang)}.")))


def backward_claim() -> Check:
    from answers.complexity import rnn_forward_macs, rnn_train_step_macs

    forward = rnn_forward_macs(50, 300, 512)
    step = rnn_train_step_macs(50, 300, 512)
    return Check("depends", both(lambda lang: (
        ("Асимптотика та же, но обратный проход — два произведения на каждое прямое: шаг обучения " if lang == "ru"
         else "Same order, but the backward pass needs two products per forward one: a training step is ")
        + f"{n(step, lang)} MAC = {step // forward}× " + ("прямого прохода." if lang == "ru" else "the forward pass."))))


def bpe_claim() -> Check:
    from answers.tokenizers.bpe import trace_merges

    steps = trace_merges("пиццу пицца пицце", 3)
    first = steps[0]
    ties = ", ".join(f"({a}, {b})" for a, b in first.ties)
    ours = ", ".join(f"{a}+{b}" for a, b in (s.pair for s in steps))
    return Check("depends" if len(first.ties) > 1 else "holds", both(lambda lang: (
        (f"На первом шаге {len(first.ties)} пары встречаются по {first.count} раза: {ties}. Порядок документа — "
         f"один из допустимых вариантов разрыва ничьей; наш (лексикографически меньшая пара): {ours}."
         if lang == "ru" else
         f"At the first step {len(first.ties)} pairs occur {first.count} times each: {ties}. The document's order "
         f"is one valid tie-break; ours (the lexicographically smallest pair) gives {ours}."))))


def speed_claim() -> Check:
    from .figures import read_benchmark

    data = read_benchmark("rnn_vs_attention")
    rows = [r for r in data["rows"] if r.get("nn_rnn_ms") and r.get("sdpa_ms")]
    ratios = [(r["T"], r["nn_rnn_ms"] / r["sdpa_ms"]) for r in rows]
    low, high = min(ratios, key=lambda x: x[1]), max(ratios, key=lambda x: x[1])
    inside = [T for T, ratio in ratios if 10 <= ratio <= 100]
    machine = data.get("machine", {})
    settings = data.get("settings", {})
    where = (f"{machine.get('device_name', data.get('device', '?'))}, {machine.get('torch_threads', '?')} threads, "
             f"B = {settings.get('B', '?')}, d = {settings.get('d', '?')}")
    return Check("depends", both(lambda lang: (
        (f"Шаг обучения (прямой + обратный проход), nn.RNN против SDPA-внимания той же ширины ({where}): "
         f"от {low[1]:.1f}× при T = {low[0]} до {high[1]:.1f}× при T = {high[0]}; "
         if lang == "ru" else
         f"A training step (forward + backward), nn.RNN against SDPA attention of the same width ({where}): "
         f"from {low[1]:.1f}× at T = {low[0]} to {high[1]:.1f}× at T = {high[0]}; ")
        + ((f"в диапазоне 10–100× — при T = {', '.join(map(str, inside))}." if inside else
            "диапазон 10–100× на этой машине не достигается.") if lang == "ru" else
           (f"within 10–100× at T = {', '.join(map(str, inside))}." if inside else
            "the 10–100× range is not reached on this machine."))
        + (" Ускорение — от параллельности по времени: оно зависит от T, железа и батча."
           if lang == "ru" else " The speed-up comes from parallelism over time: it depends on T, hardware and batch."))))


def memory_claim() -> Check:
    from answers.gradient_flow import effective_memory

    radii = (0.5, 0.8, 0.9, 0.95)
    steps = [effective_memory(rho) for rho in radii]
    pairs = ", ".join(f"ρ = {rho}: {s}" for rho, s in zip(radii, steps))
    return Check("depends", both(lambda lang: (
        (f"Шагов, пока градиент не упадёт в 100 раз (tanh-RNN): {pairs}. Это не константа, а функция "
         "спектрального радиуса W_hh, насыщения tanh и архитектуры (у LSTM/GRU — больше)."
         if lang == "ru" else
         f"Steps until the gradient falls 100-fold (tanh RNN): {pairs}. Not a constant but a function of "
         "W_hh's spectral radius, tanh saturation and the architecture (longer for LSTM/GRU)."))))


def vanishing_claim() -> Check:
    from answers.gradient_flow import attention_gradient_vs_distance, deep_stack_gradients

    attention = attention_gradient_vs_distance((16, 256))
    plain = deep_stack_gradients((24,), residual=False)["norms"][0]
    residual = deep_stack_gradients((24,), residual=True)["norms"][0]
    a16, a256 = attention["norms"]
    return Check("depends", both(lambda lang: (
        (f"По расстоянию — верно: градиент к первому токену через внимание при T = 16 и 256 равен "
         f"{n(a16, lang)} и {n(a256, lang)} (падает как 1/T, а не экспоненциально). По глубине — нет: "
         f"24 блока без residual-связей дают {plain:.1e} у входа, с ними — {n(residual, lang)}."
         if lang == "ru" else
         f"Across distance, yes: the gradient reaching the first token through attention at T = 16 and 256 is "
         f"{n(a16, lang)} and {n(a256, lang)} (it falls like 1/T, not exponentially). Across depth, no: "
         f"24 blocks without residual connections give {plain:.1e} at the input, {n(residual, lang)} with them."))))


def pairs_claim() -> Check:
    from answers.complexity import attention_score_count

    a, b = attention_score_count(100), attention_score_count(1000)
    return Check("holds" if (a, b) == (10_000, 1_000_000) else "fails",
                 both(lambda lang: f"{n(a, lang)}; {n(b, lang)}"))


def scale_claim() -> Check:
    from answers.closed_form import dot_product_std

    std = dot_product_std(64)
    return Check("holds" if std == 8 else "fails", both(lambda lang: (
        f"√64 = {n(std, lang)}; " + ("это и есть стандартное отклонение q·k при единичной дисперсии компонент."
                                     if lang == "ru" else "which is the std of q·k for unit-variance entries."))))


def pe_claim() -> Check:
    from answers.closed_form import pe_value

    pe1 = [pe_value(1, i, 512) for i in (0, 1)]
    pe2 = [pe_value(2, i, 512) for i in (0, 1)]
    holds = all(abs(a - b) < 0.005 for a, b in zip(pe1 + pe2, [0.84, 0.54, 0.91, -0.42]))
    return Check("holds" if holds else "fails", both(lambda lang: f"PE(1) = {vec(pe1, lang, 4)}, PE(2) = {vec(pe2, lang, 4)}"))


def embedding_table_claim() -> Check:
    from answers.complexity import embedding_param_count

    value = embedding_param_count(100_000, 512)
    return Check("holds" if value == 51_200_000 else "fails", both(lambda lang: n(value, lang)))


def gpt2_claim() -> Check:
    from answers.closed_form import bpe_vocab_size

    base = bpe_vocab_size(256, 50_000, 1)
    return Check("holds" if base == 50_257 else "fails", both(lambda lang: (
        f"256 + 50 000 + 1 = {n(base, lang)}; +4 = {n(base + 4, lang)}" if lang == "ru"
        else f"256 + 50,000 + 1 = {n(base, lang)}; +4 = {n(base + 4, lang)}")))


def quadratic_claim() -> Check:
    from answers.complexity import attention_macs

    d = 512
    rows = []
    for T in (128, 1024, 8192):
        total = attention_macs(T, d)
        share = 2 * T * T * d / total
        rows.append((T, share))
    crossover = 2 * d
    return Check("depends", both(lambda lang: (
        ("Доля T²-части в MAC слоя (d = 512): " if lang == "ru" else "Share of the T² part in a layer's MACs (d = 512): ")
        + ", ".join(f"T = {T}: {share:.0%}" for T, share in rows)
        + (f". Проекции O(T·d²) дороже, пока T < 2d = {crossover}." if lang == "ru"
           else f". The O(T·d²) projections cost more while T < 2d = {crossover}."))))


def oov_claim() -> Check:
    from answers.tokenizers.word_level import build_vocab, oov_rate

    vocab = build_vocab(["я хочу пиццу"])
    rate = oov_rate(["я хочу шаурму"], vocab)
    return Check("holds" if math.isclose(rate, 1 / 3) else "fails", both(lambda lang: (
        f"OOV = {n(rate, lang)}" + (" («шаурму» → [UNK])" if lang == "ru" else " («шаурму» → [UNK])"))))


def wordpiece_claim() -> Check:
    from answers.tokenizers.wordpiece import wordpiece_tokenize

    pieces = wordpiece_tokenize("непонятный", {"не", "##понят", "##ный", "##по", "##нят", "н"})
    return Check("holds" if pieces == ["не", "##понят", "##ный"] else "fails",
                 both(lambda lang: "`" + " ".join(pieces) + "`"))


CLAIMS = [
    Claim("softmax", {"ru": "Softmax от оценок [5.2, 8.7, 2.1]", "en": "Softmax of the scores [5.2, 8.7, 2.1]"},
          {"ru": "≈ [0.15; 0.82; 0.03]", "en": "≈ [0.15, 0.82, 0.03]"}, softmax_claim),
    Claim("two-weightings", {"ru": "Два набора весов для «пиццу»", "en": "Two sets of weights for «пиццу»"},
          {"ru": "0.3/0.6/0.1 и затем 0.15/0.82/0.03 для одного и того же запроса",
           "en": "0.3/0.6/0.1 and later 0.15/0.82/0.03 for the same query"}, two_weightings_claim),
    Claim("rnn-forward-ops", {"ru": "Прямой проход RNN (T=50, d=300, h=512)", "en": "RNN forward pass (T=50, d=300, h=512)"},
          {"ru": "20 787 200 операций ≈ 20.8M", "en": "20,787,200 operations ≈ 20.8M"}, forward_ops_claim),
    Claim("rnn-params", {"ru": "Параметры RNN-модели (d=300, h=512, V=30 000)",
                         "en": "Parameters of the RNN model (d=300, h=512, V=30,000)"},
          {"ru": "15 775 744 ≈ 15.8M", "en": "15,775,744 ≈ 15.8M"}, params_claim),
    Claim("rnn-backward", {"ru": "Сложность BPTT", "en": "The cost of BPTT"},
          {"ru": "как у прямого прохода, O(T·(h² + h·d))", "en": "like the forward pass, O(T·(h² + h·d))"},
          backward_claim),
    Claim("bpe-order", {"ru": "Порядок слияний BPE на «пиццу пицца пицце»", "en": "BPE merge order on «пиццу пицца пицце»"},
          {"ru": "(ц, ц), затем (п, и), затем (пи, цц)", "en": "(ц, ц), then (п, и), then (пи, цц)"}, bpe_claim),
    Claim("speed", {"ru": "Скорость обучения трансформера", "en": "Transformer training speed"},
          {"ru": "в 10–100 раз быстрее RNN", "en": "10–100× faster than an RNN"}, speed_claim),
    Claim("memory", {"ru": "Эффективная память RNN", "en": "An RNN's effective memory"},
          {"ru": "обычно 5–10 слов назад", "en": "usually 5–10 words back"}, memory_claim),
    Claim("vanishing", {"ru": "Затухание градиентов в трансформере", "en": "Vanishing gradients in a transformer"},
          {"ru": "такой проблемы нет", "en": "there is no such problem"}, vanishing_claim),
    Claim("pairs", {"ru": "Число связей внимания", "en": "Number of attention links"},
          {"ru": "100 слов → 10 000, 1000 слов → 1 000 000", "en": "100 words → 10,000, 1,000 words → 1,000,000"},
          pairs_claim),
    Claim("quadratic", {"ru": "Сложность слоя внимания", "en": "Cost of an attention layer"},
          {"ru": "O(T²·d)", "en": "O(T²·d)"}, quadratic_claim),
    Claim("scale", {"ru": "Масштаб √d_k", "en": "The √d_k scale"},
          {"ru": "обычно d_k = 64, √d_k = 8", "en": "usually d_k = 64, √d_k = 8"}, scale_claim),
    Claim("pe", {"ru": "Значения позиционного кодирования", "en": "Positional encoding values"},
          {"ru": "PE(1) = [0.84; 0.54], PE(2) = [0.91; −0.42]", "en": "PE(1) = [0.84, 0.54], PE(2) = [0.91, −0.42]"},
          pe_claim),
    Claim("embedding-table", {"ru": "Матрица эмбеддингов словаря на 100 000 слов", "en": "Embedding table for 100,000 words"},
          {"ru": "100 000 × 512 = 51 200 000 параметров", "en": "100,000 × 512 = 51,200,000 parameters"},
          embedding_table_claim),
    Claim("gpt2", {"ru": "Словарь GPT-2", "en": "GPT-2's vocabulary"},
          {"ru": "50 257 токенов, после добавления 4 — 50 261", "en": "50,257 tokens, 50,261 after adding 4"}, gpt2_claim),
    Claim("oov", {"ru": "OOV у словного токенайзера", "en": "OOV of a word-level tokenizer"},
          {"ru": "словарь {я, хочу, пиццу}: «шаурму» → [UNK]", "en": "vocabulary {я, хочу, пиццу}: «шаурму» → [UNK]"},
          oov_claim),
    Claim("wordpiece", {"ru": "Разбиение WordPiece", "en": "A WordPiece split"},
          {"ru": "«непонятный» → не ##понят ##ный", "en": "«непонятный» → не ##понят ##ный"}, wordpiece_claim),
]

TEXT = {
    "ru": {"title": "Проверка утверждений", "claim": "Утверждение", "document": "В документе",
           "computed": "Посчитано кодом", "verdict": "Вердикт",
           "intro": "Каждое проверяемое утверждение исходного конспекта пересчитано или измерено кодом из "
                    "`answers/` при сборке сайта; вердикт тоже выносит код, сравнивая результат с текстом документа."},
    "en": {"title": "Claims checked", "claim": "Claim", "document": "The document says",
           "computed": "Computed by the code", "verdict": "Verdict",
           "intro": "Every checkable claim of the source notes, recomputed or measured by the code in `answers/` "
                    "when the site is built; the verdict, too, is decided by code comparing the result with the text."},
}


def claims_page(lang: str, results: dict | None = None) -> str:
    t = TEXT[lang]
    results = results or {c.id: c.check() for c in CLAIMS}
    lines = [f"# {t['title']}", "", t["intro"], "",
             f"| {t['claim']} | {t['document']} | {t['verdict']} |", "|---|---|---|"]
    for claim in CLAIMS:
        verdict = VERDICTS[results[claim.id].verdict][lang]
        lines.append(f"| [{claim.title[lang]}](#{claim.id}) | {claim.document[lang]} | {verdict} |")
    lines.append("")
    for claim in CLAIMS:
        check = results[claim.id]
        lines += [f"## {claim.title[lang]} {{ #{claim.id} }}", "",
                  f"- **{t['document']}:** {claim.document[lang]}",
                  f"- **{t['computed']}:** {check.computed[lang]}",
                  f"- **{t['verdict']}:** {VERDICTS[check.verdict][lang]}", ""]
    return "\n".join(lines) + "\n"


def check_all() -> dict:
    return {claim.id: claim.check() for claim in CLAIMS}
