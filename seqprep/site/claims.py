"""The page "Claims checked": the notes' checkable claims, each decided in code.

Every claim carries

* a `Quote`: the sentence from the source notes (`notes.ru.md`), verbatim, with
  its section heading and line;
* `calls`: named Python expressions over `answers/` (and, for context, the
  stored benchmark results). Each is evaluated while the site is built, and the
  page prints it as the command that reproduces it:
  `python -c "from answers.complexity import rnn_param_count; print(rnn_param_count(300, 512, 30000, bias=False))"`;
* a `Rule` that turns those outputs into a verdict (a tolerance, a range, a
  comparison). No verdict is written by hand: `Rule.decide` is the only source.

Verdicts: `holds`, `scope` ("holds for what it counts": the number is right for
the terms it includes but leaves out terms that matter, the same rule for every
such claim), `depends` (true in some of the computed settings, false in others)
and `fails`.

    >>> Exact("n", 4).decide({"n": 4}), Exact("n", 4).decide({"n": 5})
    ('holds', 'fails')
"""

from __future__ import annotations

import math
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from ..numeric import format_number

ROOT = Path(__file__).resolve().parents[2]
NOTES_FILE = "notes.ru.md"
VERDICTS = {
    "holds": {"ru": "✔ верно", "en": "✔ holds"},
    "scope": {"ru": "≈ верно для того, что посчитано", "en": "≈ holds for what it counts"},
    "depends": {"ru": "≈ зависит от условий", "en": "≈ depends"},
    "fails": {"ru": "✘ неверно", "en": "✘ does not hold"},
}
BADGE_STYLE = {  # background, text
    "holds": ("#e3f4e8", "#1b6b34"), "scope": ("#eef1fb", "#2e4a9e"),
    "depends": ("#fdf3dc", "#7a5300"), "fails": ("#fbe4e4", "#9b1c1c"),
}


# --- numbers in the page's language --------------------------------------------------------

def num(value: Any, lang: str) -> str:
    """A number, boolean or list for prose: `num(0.969, "ru") -> "0,969"`, `num(True, "ru") -> "да"`."""
    if isinstance(value, (list, tuple)):
        return "[" + ("; " if lang == "ru" else ", ").join(num(v, lang) for v in value) + "]"
    if isinstance(value, str):
        return f"«{value}»"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.4g}"
        if "e" in text:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}·10^{int(exponent)}"
        return text.replace(".", ",") if lang == "ru" else text
    return format_number(value, lang)


def pct(share: float, lang: str, digits: int = 1) -> str:
    """`pct(0.9736, "ru") -> "97,4 %"`."""
    text = f"{100 * share:.{digits}f}"
    return (text.replace(".", ",") + "\u202f%") if lang == "ru" else text + "%"


def _both(ru: str, en: str) -> dict:
    return {"ru": ru, "en": en}


# --- what a claim is -----------------------------------------------------------------------

@dataclass(frozen=True)
class Quote:
    """Verbatim from the notes (Markdown), with the section heading and the line(s) in notes.ru.md."""

    text: str
    heading: str
    lines: tuple[int, ...]

    def location(self, lang: str) -> str:
        """`конспект, раздел «Параметры:», строка 189 (notes.ru.md)`."""
        several = len(self.lines) > 1
        lines = f"{self.lines[0]}–{self.lines[-1]}" if several else str(self.lines[0])
        if lang == "ru":
            return f"конспект, раздел «{self.heading}», {'строки' if several else 'строка'} {lines} ({NOTES_FILE})"
        return f"the notes, section «{self.heading}», {'lines' if several else 'line'} {lines} ({NOTES_FILE})"


@dataclass(frozen=True)
class Call:
    """`imports` (statements) then one expression; `command()` is what a reader runs to get the same print."""

    imports: tuple[str, ...]
    expr: str

    def run(self) -> Any:
        """Evaluate in the repository root, where the command is meant to be run."""
        namespace: dict = {}
        here = os.getcwd()
        os.chdir(ROOT)
        try:
            for statement in self.imports:
                exec(statement, namespace)  # noqa: S102 - the project's own import lines
            return eval(self.expr, namespace)  # noqa: S307 - the project's own expression
        finally:
            os.chdir(here)

    def command(self) -> str:
        """The shell line that prints the same output; expressions use single quotes only."""
        return 'python -c "' + "; ".join((*self.imports, f"print({self.expr})")) + '"'


# --- rules ---------------------------------------------------------------------------------

class Rule(ABC):
    """Decides a verdict from the calls' outputs ({name: value}) and says how, in both languages."""

    @abstractmethod
    def decide(self, outputs: dict) -> str: ...

    @abstractmethod
    def describe(self, lang: str) -> str: ...


def _values(value) -> list:
    if isinstance(value, dict):
        return list(value.values())
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _get(outputs: dict, key: str):
    """`_get({"a": {"b": 1}}, "a.b") -> 1`: a rule may read inside a call's dict output."""
    value = outputs
    for part in key.split("."):
        value = value[part]
    return value


@dataclass(frozen=True)
class Close(Rule):
    """Every output value within `tol` of the claimed one (absolute, or relative when `relative`)."""

    key: str
    claimed: Any
    tol: float
    relative: bool = False

    def decide(self, outputs):
        got, want = _values(_get(outputs, self.key)), _values(self.claimed)
        if len(got) != len(want):
            return "fails"
        ok = [abs(g - w) <= self.tol * (abs(w) if self.relative else 1) for g, w in zip(got, want)]
        return "holds" if all(ok) else "fails"

    def describe(self, lang):
        tol = pct(self.tol, lang, 0) if self.relative else num(self.tol, lang)
        return (f"`{self.key}` совпадает с {num(self.claimed, lang)} из конспекта с точностью ±{tol} "
                "в каждом числе → верно, иначе неверно" if lang == "ru" else
                f"`{self.key}` matches the notes' {num(self.claimed, lang)} within ±{tol} in every number "
                "→ holds, otherwise does not hold")


@dataclass(frozen=True)
class Exact(Rule):
    """The output equals the claimed value exactly (integers, strings, booleans)."""

    key: str
    claimed: Any

    def decide(self, outputs):
        got = _get(outputs, self.key)
        same = list(got) == list(self.claimed) if isinstance(got, (list, tuple)) else got == self.claimed
        return "holds" if same else "fails"

    def describe(self, lang):
        claimed = num(self.claimed, lang)
        return (f"`{self.key}` в точности равно {claimed} → верно, иначе неверно" if lang == "ru" else
                f"`{self.key}` equals {claimed} exactly → holds, otherwise does not hold")


@dataclass(frozen=True)
class Range(Rule):
    """Every computed value inside [lo, hi] → holds; none → fails; some → depends."""

    key: str
    lo: float
    hi: float

    def decide(self, outputs):
        inside = [v is not None and self.lo <= v <= self.hi for v in _values(_get(outputs, self.key))]
        return "holds" if all(inside) else "fails" if not any(inside) else "depends"

    def describe(self, lang):
        lo, hi = num(self.lo, lang), num(self.hi, lang)
        return (f"все значения `{self.key}` в диапазоне [{lo}; {hi}] → верно; ни одного → неверно; "
                "часть → зависит от условий" if lang == "ru" else
                f"every value of `{self.key}` within [{lo}, {hi}] → holds; none → does not hold; "
                "some → depends")


@dataclass(frozen=True)
class Bound(Rule):
    """Every value at least `lo` (or at most `hi`) → holds, otherwise fails."""

    key: str
    lo: float | None = None
    hi: float | None = None

    def decide(self, outputs):
        values = _values(_get(outputs, self.key))
        ok = all((self.lo is None or v >= self.lo) and (self.hi is None or v <= self.hi) for v in values)
        return "holds" if ok else "fails"

    def describe(self, lang):
        if lang == "ru":
            side = f"не меньше {num(self.lo, lang)}" if self.lo is not None else f"не больше {num(self.hi, lang)}"
            return f"`{self.key}` {side} → верно, иначе неверно"
        side = f"at least {num(self.lo, lang)}" if self.lo is not None else f"at most {num(self.hi, lang)}"
        return f"`{self.key}` {side} → holds, otherwise does not hold"


@dataclass(frozen=True)
class Agree(Rule):
    """Two outputs are the same (`same=True`) or differ (`same=False`) → holds, otherwise fails.
    Numbers agree within a relative `rel`."""

    first: str
    second: str
    same: bool = True
    rel: float = 1e-3

    def decide(self, outputs):
        a, b = _get(outputs, self.first), _get(outputs, self.second)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            equal = math.isclose(a, b, rel_tol=self.rel)
        else:
            equal = a == b
        return "holds" if equal == self.same else "fails"

    def describe(self, lang):
        if lang == "ru":
            how = "совпадают" if self.same else "различаются"
            extra = f" (числа — с относительной точностью {pct(self.rel, lang, 1)})" if self.same else ""
            return f"`{self.first}` и `{self.second}` {how}{extra} → верно, иначе неверно"
        how = "agree" if self.same else "differ"
        extra = f" (numbers within a relative {pct(self.rel, lang, 1)})" if self.same else ""
        return f"`{self.first}` and `{self.second}` {how}{extra} → holds, otherwise does not hold"


@dataclass(frozen=True)
class Constant(Rule):
    """The values are one constant (relative spread ≤ rel): an O(·) claim's ratio to its formula."""

    key: str
    rel: float = 1e-9

    def decide(self, outputs):
        values = _values(_get(outputs, self.key))
        return "holds" if max(values) - min(values) <= self.rel * max(abs(v) for v in values) else "fails"

    def describe(self, lang):
        return (f"отношения `{self.key}` одинаковы при всех размерах (константа в O) → верно, иначе неверно"
                if lang == "ru" else
                f"the ratios `{self.key}` are the same at every size (the constant in the O) → holds, "
                "otherwise does not hold")


@dataclass(frozen=True)
class TieBreak(Rule):
    """A hand-written merge order: every step's pair has the top count. All unique → holds;
    all valid but some tied → depends (one of several tie-breaks); any invalid → fails."""

    key: str

    def decide(self, outputs):
        steps = _get(outputs, self.key)  # [(valid, pairs tied at the top)]
        if not all(valid for valid, _ in steps):
            return "fails"
        return "holds" if all(tied == 1 for _, tied in steps) else "depends"

    def describe(self, lang):
        return ("каждая пара из конспекта — самая частая на своём шаге: единственная → верно; наравне с другими → "
                "зависит от разрыва ничьей; не самая частая → неверно" if lang == "ru" else
                "each of the notes' pairs is the most frequent at its step: uniquely → holds; tied with others → "
                "depends on the tie-break; not the most frequent → does not hold")


@dataclass(frozen=True)
class Scope(Rule):
    """One rule for every number that is right for what it counts but leaves terms out.

    `matches` decides whether the claim is right for the terms it counts; `omitted`
    is the share of the full quantity the claim leaves out. Right and nothing
    material left out (share ≤ `negligible`) → holds; right but something material
    left out → scope; wrong for what it counts → fails.
    """

    matches: Rule
    omitted: str
    negligible: float = 0.01

    def decide(self, outputs):
        if self.matches.decide(outputs) != "holds":
            return "fails"
        return "holds" if max(_values(_get(outputs, self.omitted))) <= self.negligible else "scope"

    def describe(self, lang):
        share = pct(self.negligible, lang, 0)
        if lang == "ru":
            return (f"{self.matches.describe(lang).split(' → ')[0]}; если при этом пропущенная доля `{self.omitted}` "
                    f"≤ {share} → верно, больше → верно для того, что посчитано; не совпадает → неверно")
        return (f"{self.matches.describe(lang).split(' → ')[0]}; if the share left out, `{self.omitted}`, is ≤ "
                f"{share} → holds, above → holds for what it counts; no match → does not hold")


@dataclass(frozen=True)
class Both(Rule):
    """Two parts of one sentence: both hold → holds; both fail → fails; otherwise depends."""

    first: Rule
    second: Rule

    def decide(self, outputs):
        a, b = self.first.decide(outputs), self.second.decide(outputs)
        if a == b == "holds":
            return "holds"
        return "fails" if a == b == "fails" else "depends"

    def describe(self, lang):
        one, two = self.first.describe(lang), self.second.describe(lang)
        return (f"две части: (1) {one}; (2) {two}. Обе верны → верно, обе неверны → неверно, иначе — зависит от "
                "условий" if lang == "ru" else
                f"two parts: (1) {one}; (2) {two}. Both hold → holds, both fail → does not hold, otherwise depends")


# --- claims --------------------------------------------------------------------------------

Note = Callable[[dict, str], str]


@dataclass(frozen=True)
class Claim:
    id: str
    title: dict                 # {"ru", "en"}
    quote: Quote
    calls: dict                 # {name: Call}
    rule: Rule
    page: str                   # the section page that discusses it
    note: Note | None = None    # a sentence or two built from the outputs (context, not the verdict)
    label: dict = field(default_factory=dict)   # a caveat shown next to the outputs, {"ru", "en"}


@dataclass(frozen=True)
class Check:
    """The evaluated claim: plain data, so the site hook can cache it as JSON."""

    verdict: str
    printed: dict               # {name: what `print` shows}
    values: dict                # {name: JSON-friendly value} for the notes
    notes: dict                 # {"ru", "en"}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def evaluate(claim: Claim) -> Check:
    outputs = {name: call.run() for name, call in claim.calls.items()}
    notes = {lang: claim.note(outputs, lang) if claim.note else "" for lang in ("ru", "en")}
    return Check(claim.rule.decide(outputs), {n: str(v) for n, v in outputs.items()},
                 {n: _jsonable(v) for n, v in outputs.items()}, notes)


def _c(imports: str | Sequence[str], expr: str) -> Call:
    return Call(tuple(i for i in ((imports,) if isinstance(imports, str) else imports) if i), expr)


NOTES_PIZZA = (0.15, 0.82, 0.03)
GPU = {"name": "NVIDIA A100", "macs_per_second": 1.56e14, "steps": (5e-6, 1e-5, 2e-5)}   # 312 TFLOPS bf16 dense
CPU = {"name": "2-core CPU", "macs_per_second": 8e10, "step": 1e-5}                      # 2 x 32 FLOP/cycle x 2.5 GHz
SPEED_T = (128, 512, 2048)


def _note_softmax(o, lang):
    return (f"Разница оценок 8,7 − 5,2 = 3,5 даёт отношение весов e^3,5 ≈ {num(math.exp(3.5), lang)}, поэтому "
            f"«хочу» забирает почти весь вес. Даже деление на √d_k = 2 даёт {num(o['scaled_by_2'], lang)}, "
            "а не числа конспекта." if lang == "ru" else
            f"A score gap of 8.7 − 5.2 = 3.5 means a weight ratio of e^3.5 ≈ {num(math.exp(3.5), lang)}, so "
            f"\"хочу\" takes almost all the weight. Even dividing by √d_k = 2 gives {num(o['scaled_by_2'], lang)}, "
            "not the notes' numbers.")


def _note_weightings(o, lang):
    return ("Веса одного запроса фиксируют разности оценок с точностью до общего масштаба: отношение "
            "(s_хочу − s_я)/(s_я − s_пиццу) должно совпасть у обоих наборов." if lang == "ru" else
            "The weights of one query fix the score gaps up to one common scale: the ratio "
            "(s_хочу − s_я)/(s_я − s_пиццу) must be the same for both sets.")


def _note_forward(o, lang):
    return (f"Посчитаны умножения-сложения (MAC) одной рекуррентной части; выходной слой, если он есть, — ещё "
            f"{pct(o['omitted_share'], lang)} всех MAC прямого прохода. FLOP вдвое больше, чем MAC." if lang == "ru" else
            f"The count is the multiply-accumulates (MACs) of the recurrence alone; the output layer, when present, is "
            f"{pct(o['omitted_share'], lang)} of the forward pass's MACs. FLOPs are twice the MACs.")


def _note_params(o, lang):
    return (f"Это три матрицы весов W_xh, W_hh, W_hy. Смещения и таблица эмбеддингов V×d — ещё "
            f"{pct(o['omitted_share'], lang)} модели." if lang == "ru" else
            f"These are the three weight matrices W_xh, W_hh, W_hy. The biases and the V×d embedding table are another "
            f"{pct(o['omitted_share'], lang)} of the model.")


def _note_speed(o, lang):
    gpu = o["gpu_speedups"]
    cpu_model, measured = o["cpu_speedups"], o["measured_cpu"]
    if lang == "ru":
        return (f"Модель «работа/глубина» для {GPU['name']} даёт от {num(min(gpu), lang)}× до {num(max(gpu), lang)}× "
                f"(T = {', '.join(map(str, SPEED_T))}; шаг зависимой цепочки 5, 10 или 20 мкс). Та же модель для "
                f"двух ядер CPU — от {num(min(cpu_model), lang)}× до {num(max(cpu_model), lang)}×, а замер на двух "
                f"ядрах — от {num(measured[0], lang)}× до {num(measured[1], lang)}×: там RNN не упирается в "
                "последовательные шаги, и выигрывает тот, кто делает меньше арифметики.")
    return (f"The work/depth model for an {GPU['name']} gives {num(min(gpu), lang)}× to {num(max(gpu), lang)}× "
            f"(T = {', '.join(map(str, SPEED_T))}; a dependent step of 5, 10 or 20 µs). The same model for two CPU "
            f"cores gives {num(min(cpu_model), lang)}× to {num(max(cpu_model), lang)}×, and the measurement on two "
            f"cores {num(measured[0], lang)}× to {num(measured[1], lang)}×: there the RNN is not held back by its "
            "sequential steps, and whoever does less arithmetic wins.")


def _note_memory(o, lang):
    pairs = ", ".join(f"ρ = {num(r, lang)}: {s}" for r, s in zip(o["radii"], o["steps"]))
    return (f"Шагов, пока градиент tanh-RNN не упадёт в 100 раз: {pairs}. Это функция спектрального радиуса W_hh и "
            "насыщения tanh, а у LSTM/GRU память длиннее." if lang == "ru" else
            f"Steps until a tanh RNN's gradient falls 100-fold: {pairs}. A function of W_hh's spectral radius and "
            "tanh saturation; LSTM/GRU remember longer.")


def _note_vanishing(o, lang):
    return (f"По расстоянию — нет затухания: градиент к первому токену падает как 1/T (отношение к 1/T — "
            f"{num(o['distance_vs_1_over_T'], lang)}). По глубине — есть: 24 блока без residual-связей дают у входа "
            f"{num(o['depth_plain_over_residual'], lang)} от градиента стека с residual-связями." if lang == "ru" else
            f"Across distance there is no vanishing: the gradient reaching the first token falls like 1/T (its ratio to "
            f"1/T is {num(o['distance_vs_1_over_T'], lang)}). Across depth there is: 24 blocks without residual "
            f"connections give {num(o['depth_plain_over_residual'], lang)} of the residual stack's input gradient.")


def _note_quadratic(o, lang):
    return (f"Квадратичная часть (QKᵀ и взвешенная сумма) — ровно 2·T²·d MAC. Проекции O(T·d²) она не учитывает: при "
            f"d = 512 это {pct(o['omitted_share'][0], lang)} MAC слоя при T = 100 и {pct(o['omitted_share'][1], lang)} "
            "при T = 1000; квадратичная часть главнее только при T > 2d." if lang == "ru" else
            f"The quadratic part (QKᵀ and the weighted sum) is exactly 2·T²·d MACs. It leaves out the O(T·d²) "
            f"projections: with d = 512 they are {pct(o['omitted_share'][0], lang)} of the layer's MACs at T = 100 and "
            f"{pct(o['omitted_share'][1], lang)} at T = 1000; the quadratic part dominates only for T > 2d.")


def _note_bptt(o, lang):
    return ("Формула точна, когда потеря читает только последнее состояние (классификатор). У языковой модели потеря на "
            "каждом шаге, и к h₁ ведут ещё более короткие цепочки: ∂L/∂h₁ = Σₖ ∂Lₖ/∂hₖ·∏ ∂hₜ/∂hₜ₋₁." if lang == "ru" else
            "The formula is exact when the loss reads only the last state (a classifier). A language model has a loss at "
            "every step, and shorter chains reach h₁ too: ∂L/∂h₁ = Σₖ ∂Lₖ/∂hₖ·∏ ∂hₜ/∂hₜ₋₁.")


def _note_pe_index(o, lang):
    return (f"Если i — индекс измерения, столбец 1 позиции 1 был бы cos(1/10000^(2/512)) = "
            f"{num(o['dimension_reading'][0], lang)}, а не 0,54; числа конспекта получаются, только если i — номер пары "
            "синус/косинус (0 … d/2 − 1)." if lang == "ru" else
            f"If i were the dimension index, column 1 at position 1 would be cos(1/10000^(2/512)) = "
            f"{num(o['dimension_reading'][0], lang)}, not 0.54; the notes' numbers come out only when i numbers the "
            "sine/cosine pairs (0 … d/2 − 1).")


def _note_wordpiece(o, lang):
    return ("На «пиццу пицца пицце» три пары встречаются по 3 раза — для BPE ничья; счёт WordPiece "
            "count(ab)/(count(a)·count(b)) даёт 1/3, 1/6 и 1/12 и выбирает п+##и. Вероятность самой пары p(ab) "
            "упорядочивает пары так же, как частота: критерий — отношение p(ab)/(p(a)p(b)), а не вероятность."
            if lang == "ru" else
            "On «пиццу пицца пицце» three pairs occur 3 times each, a tie for BPE; WordPiece's score "
            "count(ab)/(count(a)·count(b)) gives 1/3, 1/6 and 1/12 and picks п+##и. The pair's own probability p(ab) "
            "ranks pairs exactly like its frequency: the criterion is the ratio p(ab)/(p(a)p(b)), not the probability.")


def _note_unigram(o, lang):
    n = o["removed_more_frequent"]
    return (f"Unigram выбрасывает куски, без которых правдоподобие корпуса падает меньше всего. Из выброшенных при "
            f"сжатии словаря с 800 до 450 кусков {n} встречались чаще самого редкого из оставленных многобуквенных "
            "(корпус — answers/data/own_text_ru.txt)." if lang == "ru" else
            f"Unigram drops the pieces whose removal lowers the corpus likelihood least. Of the pieces dropped when the "
            f"vocabulary shrinks from 800 to 450, {n} were used more often than the rarest multi-character piece that "
            "stayed (corpus: answers/data/own_text_ru.txt).")


def _note_mask(o, lang):
    return ("В sentencepiece `add_tokens` соответствует user-defined куску, `add_special_tokens` — control-символу. "
            "Добавленный так «[MASK]» — обычный токен: он остаётся в декодированном тексте и не становится mask-токеном "
            "модели. Для MLM нужен `add_special_tokens({\"mask_token\": \"[MASK]\"})`, как и написано в конспекте ниже."
            if lang == "ru" else
            "In sentencepiece `add_tokens` corresponds to a user-defined piece and `add_special_tokens` to a control "
            "symbol. \"[MASK]\" added this way is an ordinary token: it stays in the decoded text and does not become the "
            "model's mask token. MLM needs `add_special_tokens({\"mask_token\": \"[MASK]\"})`, as the notes do further on.")


def _note_azithromycin(o, lang):
    return ("Число кусков — свойство токенайзера и размера словаря, а не слова. После `add_tokens` слово — один кусок, "
            "но знак границы слова «▁» остаётся отдельным куском (как «Ġ» у GPT-2). «Теряется смысл» кодом не "
            "проверить: модель складывает смысл из кусков, а новая строка эмбеддинга до дообучения — просто среднее."
            if lang == "ru" else
            "The piece count is a property of the tokenizer and its vocabulary size, not of the word. After `add_tokens` "
            "the word is one piece, but the word-boundary mark \"▁\" stays a piece of its own (like GPT-2's \"Ġ\"). "
            "\"Meaning is lost\" is not checkable in code: the model composes meaning from pieces, and a new embedding "
            "row is a mere average until fine-tuning.")


def _note_sizes(o, lang):
    bert, gpt3 = o["billions"]
    return (f"BERT-base — {num(bert * 1000, lang)} млн, GPT-3 — {num(gpt3, lang)} млрд параметров: это и есть концы "
            "диапазона. Сегодня «типичные» модели — от сотен миллионов до сотен миллиардов параметров." if lang == "ru"
            else f"BERT-base has {num(bert * 1000, lang)}M and GPT-3 {num(gpt3, lang)}B parameters: the two ends of the "
            "range. Today's \"typical\" models go from hundreds of millions to hundreds of billions of parameters.")


CLAIMS = [
    Claim("softmax", _both("Softmax от оценок [5,2; 8,7; 2,1]", "Softmax of the scores [5.2, 8.7, 2.1]"),
          Quote("`scores = [5.2, 8.7, 2.1]  → softmax →  weights = [0.15, 0.82, 0.03]`",
                "Шаг 3: Применяем softmax", (282,)),
          {"weights": _c("from answers.closed_form import softmax",
                         "[round(w, 4) for w in softmax([5.2, 8.7, 2.1])]"),
           "scaled_by_2": _c("from answers.closed_form import softmax",
                             "[round(w, 4) for w in softmax([5.2 / 2, 8.7 / 2, 2.1 / 2])]")},
          Close("weights", NOTES_PIZZA, 0.005), "self-attention.md", _note_softmax),
    Claim("two-weightings", _both("Два набора весов для «пиццу»", "Two sets of weights for «пиццу»"),
          Quote("`Attention(\"пиццу\" → \"я\") = 0.3`, `Attention(\"пиццу\" → \"хочу\") = 0.6`, "
                "`Attention(\"пиццу\" → \"пиццу\") = 0.1`; позже для того же запроса `weights = [0.15, 0.82, 0.03]`",
                "Пример с \"я хочу пиццу\"", (223, 225)),
          {"gap_ratio_first": _c("from answers.walkthrough import document_softmax_check",
                                 "round(document_softmax_check()['gap_ratio_first'], 4)"),
           "gap_ratio_second": _c("from answers.walkthrough import document_softmax_check",
                                  "round(document_softmax_check()['gap_ratio_second'], 4)")},
          Agree("gap_ratio_first", "gap_ratio_second"), "self-attention.md", _note_weightings),
    Claim("rnn-forward-ops", _both("Прямой проход RNN (T = 50, d = 300, h = 512)",
                                   "RNN forward pass (T = 50, d = 300, h = 512)"),
          Quote("$T \\cdot (h^2 + h \\cdot d) = \\ldots = 20{,}787{,}200$ операций $\\approx 20.8M$ ops",
                "Forward Pass:", (185,)),
          {"counted": _c("from answers.complexity import rnn_forward_macs", "rnn_forward_macs(50, 300, 512)"),
           "omitted_share": _c("from answers.complexity import rnn_forward_macs",
                               "round(1 - rnn_forward_macs(50, 300, 512) / rnn_forward_macs(50, 300, 512, 30000), 4)")},
          Scope(Exact("counted", 20_787_200), "omitted_share"), "rnn-complexity.md", _note_forward),
    Claim("rnn-params", _both("Параметры RNN-модели (d = 300, h = 512, V = 30 000)",
                              "Parameters of the RNN model (d = 300, h = 512, V = 30,000)"),
          Quote("$h^2 + h \\cdot d + V \\cdot h = \\ldots = 15{,}775{,}744$ параметров $\\approx 15.8M$ params",
                "Параметры:", (189,)),
          {"counted": _c("from answers.complexity import rnn_param_count",
                         "rnn_param_count(300, 512, 30000, bias=False)"),
           "omitted_share": _c("from answers.complexity import rnn_param_count, rnn_lm_param_count",
                               "round(1 - rnn_param_count(300, 512, 30000, bias=False) / "
                               "rnn_lm_param_count(300, 512, 30000), 4)")},
          Scope(Exact("counted", 15_775_744), "omitted_share"), "rnn-complexity.md", _note_params),
    Claim("rnn-backward", _both("Сложность BPTT", "The cost of BPTT"),
          Quote("Операции аналогичны forward pass (умножение матриц); "
                "$\\text{Backward Pass (BPTT)} = O(T \\cdot (h^2 + h \\cdot d))$",
                "Вывод сложности Backward Pass (BPTT)", (170, 172)),
          {"ratio_to_T_h2_hd": _c("from answers.complexity import rnn_train_step_macs, rnn_forward_macs",
                                  "[(rnn_train_step_macs(T, d, h) - rnn_forward_macs(T, d, h)) / (T * (h * h + h * d)) "
                                  "for T, d, h in ((50, 300, 512), (500, 300, 512), (50, 64, 1024))]")},
          Constant("ratio_to_T_h2_hd"), "rnn-complexity.md",
          lambda o, lang: (f"Обратный проход стоит {num(o['ratio_to_T_h2_hd'][0], lang)}·T·(h² + h·d) MAC при любых "
                           "T, d, h: асимптотика верна, константа — два произведения на каждое прямое."
                           if lang == "ru" else
                           f"The backward pass costs {num(o['ratio_to_T_h2_hd'][0], lang)}·T·(h² + h·d) MACs for any "
                           "T, d, h: the order is right, the constant is two products per forward one.")),
    Claim("bptt-formula", _both("Формула градиента через время", "The gradient-through-time formula"),
          Quote("$\\frac{\\partial L}{\\partial h_1} = \\frac{\\partial L}{\\partial h_T} \\cdot "
                "\\prod_{t=2}^{T} \\frac{\\partial h_t}{\\partial h_{t-1}}$",
                "Проблема затухающих/взрывающихся градиентов", (73,)),
          {"errors": _c("from answers.bptt_formula import formula_vs_autograd",
                        "{k: round(v, 6) for k, v in formula_vs_autograd(T=20, d=8, h=16, seed=0).items()}")},
          Scope(Bound("errors.last_state_loss", hi=1e-6), "errors.every_step_loss"), "rnn-pros-cons.md",
          _note_bptt),
    Claim("memory", _both("Эффективная память RNN", "An RNN's effective memory"),
          Quote("Эффективная память: обычно 5-10 слов назад", "3. Короткая память", (99,)),
          {"radii": _c("", "[0.5, 0.8, 0.9, 0.95]"),
           "steps": _c("from answers.gradient_flow import effective_memory",
                       "[effective_memory(rho) for rho in (0.5, 0.8, 0.9, 0.95)]")},
          Range("steps", 5, 10), "rnn-pros-cons.md", _note_memory),
    Claim("speed", _both("Скорость обучения трансформера", "Transformer training speed"),
          Quote("Обучение в 10-100 раз быстрее RNN", "1. Полная параллелизация", (370,)),
          {"gpu_speedups": _c("from answers.parallel_time import modelled_speedup",
                              f"[round(modelled_speedup(T, 32, 512, {GPU['macs_per_second']:g}, tau), 1) "
                              f"for tau in {GPU['steps']} for T in {SPEED_T}]"),
           "cpu_speedups": _c("from answers.parallel_time import modelled_speedup",
                              f"[round(modelled_speedup(T, 32, 512, {CPU['macs_per_second']:g}, {CPU['step']:g}), 2) "
                              f"for T in {SPEED_T}]"),
           "measured_cpu": _c("import json",
                              "json.load(open('benchmarks/results/rnn_vs_attention.json'))['summary']"
                              "['speedup_sdpa_vs_nn_rnn_range']")},
          Range("gpu_speedups", 10, 100), "transformer-vs-rnn.md", _note_speed,
          _both("2 ядра CPU: без параллелизма GPU (2-core CPU: no GPU parallelism) — замер `measured_cpu` сделан на "
                "двух ядрах CPU, где параллелить по "
                "времени нечего. На GPU отношение другое: RNN упирается в 2T последовательных шагов, а внимание — в "
                "арифметику, которую GPU раскладывает на тысячи ядер. Поэтому вердикт выносит модель «работа/глубина» "
                f"для GPU ({GPU['name']}, 312 TFLOPS bf16), а не замер на CPU; результатов замера на GPU пока нет.",
                "2-core CPU: no GPU parallelism — the measurement `measured_cpu` ran on two CPU cores, where there is "
                "nothing to parallelize over time. On a GPU the ratio changes: the RNN is held back by its 2T "
                "sequential steps, attention only by arithmetic, which a GPU spreads over thousands of cores. So the "
                f"verdict comes from the work/depth model for a GPU ({GPU['name']}, 312 TFLOPS bf16), not from the CPU "
                "measurement; no GPU measurement exists yet.")),
    Claim("vanishing", _both("Затухание градиентов в трансформере", "Vanishing gradients in a transformer"),
          Quote("Нет проблемы затухающих градиентов: каждое слово напрямую связано с каждым; нет длинной цепочки "
                "зависимостей как в RNN", "2. Нет проблемы затухающих градиентов", (373, 377)),
          {"distance_vs_1_over_T": _c("from answers.gradient_flow import attention_gradient_vs_distance",
                                      "round((lambda n: (n[1] / n[0]) / (16 / 256))("
                                      "attention_gradient_vs_distance((16, 256))['norms']), 3)"),
           "depth_plain_over_residual": _c("from answers.gradient_flow import deep_stack_gradients",
                                           "float('%.1e' % (deep_stack_gradients((24,), residual=False)['norms'][0]"
                                           " / deep_stack_gradients((24,), residual=True)['norms'][0]))")},
          Both(Bound("distance_vs_1_over_T", lo=0.25), Bound("depth_plain_over_residual", lo=1e-3)),
          "transformer-vs-rnn.md", _note_vanishing),
    Claim("pairs", _both("Число связей внимания", "Number of attention links"),
          Quote("Предложение в 100 слов → $100^2 = 10{,}000$ связей; в 1000 слов → $1{,}000^2 = 1{,}000{,}000$ связей",
                "1. Квадратичная сложность по длине", (403, 404)),
          {"weights_entries": _c(("import torch", "from answers.attention import scaled_dot_product_attention"),
                                 "[scaled_dot_product_attention(*[torch.randn(T, 8)] * 3)[1].numel() "
                                 "for T in (100, 1000)]")},
          Exact("weights_entries", [10_000, 1_000_000]), "transformer-vs-rnn.md",
          lambda o, lang: ("Столько элементов в матрице весов внимания одной головы; с каузальной маской ненулевых — "
                           "T(T+1)/2." if lang == "ru" else
                           "That many entries in one head's attention-weight matrix; with a causal mask T(T+1)/2 of "
                           "them are non-zero.")),
    Claim("quadratic", _both("Сложность слоя внимания", "Cost of an attention layer"),
          Quote("$O(T^2 \\cdot d)$", "1. Квадратичная сложность по длине", (399,)),
          {"ratio_to_T2d": _c("from answers.complexity import attention_macs",
                              "[(attention_macs(T, d) - 4 * T * d * d) / (T * T * d) "
                              "for T, d in ((100, 512), (1000, 512), (4096, 64))]"),
           "omitted_share": _c("from answers.complexity import attention_macs",
                               "[round(4 * T * 512 ** 2 / attention_macs(T, 512), 4) for T in (100, 1000)]")},
          Scope(Constant("ratio_to_T2d"), "omitted_share"), "self-attention-architecture.md", _note_quadratic),
    Claim("model-sizes", _both("Размер типичной модели", "Size of a typical model"),
          Quote("Типичная модель: 110M - 175B параметров", "2. Много параметров", (413,)),
          {"billions": _c("from answers.model_sizes import bert_param_count, gpt2_param_count",
                          "[round(bert_param_count(30522, 512, 768, 12) / 1e9, 4), "
                          "round(gpt2_param_count(50257, 2048, 12288, 96) / 1e9, 1)]")},
          Close("billions", [0.110, 175], 0.01, relative=True), "transformer-vs-rnn.md", _note_sizes),
    Claim("scale", _both("Масштаб √d_k", "The √d_k scale"),
          Quote("Обычно $d_k = 64$, тогда $\\sqrt{d_k} = 8$", "Шаг 2: Нормализуем (делим на √d_k)", (272,)),
          {"sampled_std": _c("from answers.dot_product import sampled_dot_product_std",
                             "round(sampled_dot_product_std(64), 2)"),
           "head_dims": _c("from answers.closed_form import head_dim",
                           "[head_dim(512, 8), head_dim(768, 12), head_dim(1024, 16)]")},
          Both(Close("sampled_std", 8, 0.02, relative=True), Exact("head_dims", [64, 64, 64])), "self-attention.md",
          lambda o, lang: (f"Стандартное отклонение q·k для 100 000 случайных пар векторов с единичной дисперсией — "
                           f"{num(o['sampled_std'], lang)} ≈ √64; d_k = 64 у Transformer-base, BERT-base, GPT-2 и "
                           "BERT-large." if lang == "ru" else
                           f"The standard deviation of q·k over 100,000 random pairs of unit-variance vectors is "
                           f"{num(o['sampled_std'], lang)} ≈ √64; d_k = 64 in Transformer-base, BERT-base, GPT-2 and "
                           "BERT-large.")),
    Claim("pe", _both("Значения позиционного кодирования", "Positional encoding values"),
          Quote("`PE(0) = [0.0, 1.0, 0.0, ...]`, `PE(1) = [0.84, 0.54, ...]`, `PE(2) = [0.91, -0.42, ...]`",
                "Positional Encoding (Кодирование позиций)", (354, 356)),
          {"first_two_columns": _c("from answers.closed_form import pe_value",
                                   "[round(pe_value(pos, i, 512), 4) for pos in (0, 1, 2) for i in (0, 1)]")},
          Close("first_two_columns", [0.0, 1.0, 0.84, 0.54, 0.91, -0.42], 0.005), "transformer-vs-rnn.md"),
    Claim("pe-index", _both("Что такое i в формуле PE", "What i is in the PE formula"),
          Quote("$i$ - индекс измерения в векторе", "Positional Encoding (Кодирование позиций)", (348,)),
          {"dimension_reading": _c("from answers.positional_reading import pe_column",
                                   "[round(pe_column(pos, 1, 512, 'dimension'), 4) for pos in (1, 2)]"),
           "pair_reading": _c("from answers.positional_reading import pe_column",
                              "[round(pe_column(pos, 1, 512, 'pair'), 4) for pos in (1, 2)]")},
          Close("dimension_reading", [0.54, -0.42], 0.005), "transformer-vs-rnn.md", _note_pe_index),
    Claim("embedding-table", _both("Матрица эмбеддингов словаря на 100 000 слов", "Embedding table for 100,000 words"),
          Quote("Словарь 100,000 слов × 512 размерность = 51,200,000 параметров", "❌ Минусы: Память", (550,)),
          {"parameters": _c("from answers.complexity import embedding_param_count",
                            "embedding_param_count(100000, 512)")},
          Exact("parameters", 51_200_000), "embedding-matrix.md"),
    Claim("oov", _both("OOV у словного токенайзера", "OOV of a word-level tokenizer"),
          Quote("Словарь: `[\"я\", \"хочу\", \"пиццу\"]`; Текст: `\"я хочу шаурму\" → \"шаурму\" = [UNK]`",
                "OOV (Out-of-Vocabulary)", (543, 544)),
          {"decoded": _c("from answers.tokenizers.word_level import build_vocab, encode, decode",
                         "(lambda v: decode(encode('я хочу шаурму', v), v))(build_vocab(['я хочу пиццу']))")},
          Exact("decoded", "я хочу [UNK]"), "tokenizer-types.md"),
    Claim("bpe-order", _both("Порядок слияний BPE на «пиццу пицца пицце»", "BPE merge order on «пиццу пицца пицце»"),
          Quote("Шаг 1: Самая частая пара = (\"ц\", \"ц\") встречается 3 раза; Шаг 2: … (\"п\", \"и\"); "
                "Шаг 3: … (\"пи\", \"цц\")", "Пример обучения BPE", (588, 596)),
          {"steps": _c("from answers.tokenizers.bpe_replay import replay_merges",
                       "[(s.valid, len(s.best_pairs)) for s in replay_merges('пиццу пицца пицце', "
                       "[('ц', 'ц'), ('п', 'и'), ('пи', 'цц')])]")},
          TieBreak("steps"), "tokenizer-types.md",
          lambda o, lang: ("На первом шаге пары (и, ц), (п, и) и (ц, ц) встречаются по 3 раза, на втором — (п, и) и "
                           "(и, цц): порядок конспекта — один из допустимых вариантов разрыва ничьей; наш BPE берёт "
                           "лексикографически меньшую пару и начинает с и+ц." if lang == "ru" else
                           "At step 1 the pairs (и, ц), (п, и) and (ц, ц) occur 3 times each, at step 2 (п, и) and "
                           "(и, цц): the notes' order is one valid tie-break; our BPE takes the lexicographically "
                           "smallest pair and starts with и+ц.")),
    Claim("wordpiece", _both("Критерий WordPiece", "WordPiece's criterion"),
          Quote("Отличие от BPE: Выбирает пары на основе вероятности, а не частоты", "B) WordPiece", (612,)),
          {"by_count": _c("from answers.tokenizers.wordpiece_scores import best_pairs",
                          "best_pairs('пиццу пицца пицце', 'count')"),
           "by_probability": _c("from answers.tokenizers.wordpiece_scores import best_pairs",
                                "best_pairs('пиццу пицца пицце', 'probability')"),
           "by_score": _c("from answers.tokenizers.wordpiece_scores import best_pairs",
                          "best_pairs('пиццу пицца пицце', 'score')")},
          Both(Agree("by_score", "by_count", same=False), Agree("by_probability", "by_count", same=False)),
          "tokenizer-types.md", _note_wordpiece),
    Claim("unigram", _both("Что выбрасывает Unigram", "What Unigram drops"),
          Quote("Начинаем с большого словаря, постепенно удаляем редкие токены", "C) Unigram", (628,)),
          {"removed_more_frequent": _c(("from pathlib import Path",
                                        "from answers.tokenizers.unigram_pruning import pruned_versus_kept"),
                                       "len(pruned_versus_kept(Path('answers/data/own_text_ru.txt')"
                                       ".read_text(encoding='utf-8'), 800, 450)['removed_more_frequent'])")},
          Bound("removed_more_frequent", hi=0), "tokenizer-types.md", _note_unigram),
    Claim("gpt2", _both("Словарь GPT-2", "GPT-2's vocabulary"),
          Quote("`print(len(tokenizer))  # 50,257 токенов` … `print(len(tokenizer))  # 50,261 токен (добавили 4)`",
                "Пример:", (646, 652)),
          {"sizes": _c("from answers.closed_form import bpe_vocab_size",
                       "[bpe_vocab_size(256, 50000, 1), bpe_vocab_size(256, 50000, 1) + 4]")},
          Exact("sizes", [50_257, 50_261]), "tokenizer-extension.md",
          lambda o, lang: ("256 байтов + 50 000 слияний + `<|endoftext|>`, и по одному id на каждый из четырёх новых "
                           "токенов." if lang == "ru" else
                           "256 bytes + 50,000 merges + `<|endoftext|>`, and one id for each of the four new tokens.")),
    Claim("mask-add-tokens", _both("`[MASK]` через add_tokens", "`[MASK]` via add_tokens"),
          Quote("`new_tokens = [\"COVID-19\", \"mRNA\", \"антитела\", \"[MASK]\"]`; `tokenizer.add_tokens(new_tokens)`",
                "Пример:", (649, 650)),
          {"added": _c(("from pathlib import Path", "from answers.tokenizers.added_pieces import added_versus_control"),
                       "added_versus_control('[MASK]', Path('answers/data/own_text_ru.txt')"
                       ".read_text(encoding='utf-8'))['added']")},
          Exact("added.is_control", True), "tokenizer-extension.md", _note_mask),
    Claim("azithromycin", _both("«азитромицин» до и после add_tokens", "«азитромицин» before and after add_tokens"),
          Quote("`[\"азит\", \"ром\", \"иц\", \"ин\"]  ← 4 токена, теряется смысл` … "
                "`[\"азитромицин\"]  ← 1 токен, сохраняет семантику`",
                "1. Специализированная терминология", (671, 680)),
          {"pieces": _c(("from pathlib import Path", "from answers.tokenizers.added_pieces import pieces_before_after"),
                        "pieces_before_after('азитромицин', Path('answers/data/own_text_ru.txt')"
                        ".read_text(encoding='utf-8'))")},
          Both(Range("pieces.before", 4, 4), Exact("pieces.word_after", ["азитромицин"])), "tokenizer-extension.md",
          _note_azithromycin),
]

TEXT = {
    "ru": {"title": "Проверка утверждений", "claim": "Утверждение", "notes": "В конспекте", "verdict": "Вердикт",
           "call": "Вызов", "output": "Вывод", "rule": "Правило", "reproduce": "Воспроизвести",
           "more": "Подробнее", "caveat": "Оговорка",
           "intro": "Каждое проверяемое утверждение конспекта, с цитатой и её местом (`notes.ru.md`), пересчитано или "
                    "измерено кодом из `answers/` при сборке сайта. Вердикт выносит правило — допуск, диапазон или "
                    "сравнение, — применённое к выводу кода; ни один вердикт не записан вручную. Команда под каждым "
                    "утверждением печатает тот же вывод (запускать из корня репозитория). "
                    "«Верно для того, что посчитано» — одно правило для всех чисел, которые верны для учтённых "
                    "слагаемых, но пропускают существенные."},
    "en": {"title": "Claims checked", "claim": "Claim", "notes": "The notes say", "verdict": "Verdict",
           "call": "Call", "output": "Output", "rule": "Rule", "reproduce": "Reproduce",
           "more": "More", "caveat": "Caveat",
           "intro": "Every checkable claim of the notes, quoted with its location (`notes.ru.md`), recomputed or "
                    "measured by the code in `answers/` when the site is built. A rule — a tolerance, a range or a "
                    "comparison — applied to the code's output decides the verdict; no verdict is written by hand. "
                    "The command under each claim prints the same output (run it from the repository root). "
                    "\"Holds for what it counts\" is one rule for every number that is right for the terms it "
                    "includes but leaves out terms that matter."},
}
PAGE_TITLES = {
    "rnn-pros-cons.md": _both("Плюсы и минусы RNN", "RNN strengths and weaknesses"),
    "rnn-complexity.md": _both("Сложность RNN", "RNN complexity"),
    "transformer-vs-rnn.md": _both("Трансформеры и RNN", "Transformers vs RNNs"),
    "self-attention.md": _both("Self-attention", "Self-attention"),
    "self-attention-architecture.md": _both("Архитектура self-attention", "Self-attention architecture"),
    "tokenizer-types.md": _both("Токенайзеры и их виды", "Tokenizers and their kinds"),
    "tokenizer-extension.md": _both("Расширение токенайзера", "Extending a tokenizer"),
    "embedding-matrix.md": _both("Матрица эмбеддингов", "The embedding matrix"),
}


def badge(verdict: str, lang: str) -> str:
    background, color = BADGE_STYLE[verdict]
    return (f'<span class="seqprep-verdict seqprep-verdict-{verdict}" style="display:inline-block;min-width:15.5em;'
            f'padding:0 .5em;border-radius:.3em;white-space:nowrap;background:{background};color:{color}">'
            f"{VERDICTS[verdict][lang]}</span>")


def _table_cell(markdown: str) -> str:
    return markdown.replace("|", "\\|")


def claims_page(lang: str, results: dict | None = None) -> str:
    t = TEXT[lang]
    results = results or check_all()
    lines = [f"# {t['title']}", "", t["intro"], "",
             f"| {t['verdict']} | {t['claim']} | {t['notes']} |", "|---|---|---|"]
    for claim in CLAIMS:
        lines.append(f"| {badge(results[claim.id].verdict, lang)} | [{claim.title[lang]}](#{claim.id}) | "
                     f"{_table_cell(claim.quote.text)} |")
    lines.append("")
    for claim in CLAIMS:
        check = results[claim.id]
        lines += [f"## {claim.title[lang]} {{ #{claim.id} }}", "",
                  f"> {claim.quote.text}", ">", f"> — {claim.quote.location(lang)}", ""]
        lines += [f"**{t['call']}:**", "", "```python"]
        lines += list(dict.fromkeys(i for call in claim.calls.values() for i in call.imports))
        lines += [f"{name} = {call.expr}" for name, call in claim.calls.items()]
        lines += ["```", "", f"**{t['output']}:**", "", "```text"]
        lines += [f"{name} = {check.printed[name]}" for name in claim.calls]
        lines += ["```", ""]
        if claim.label:
            lines += [f"!!! warning \"{t['caveat']}\"", "", f"    {claim.label[lang]}", ""]
        lines += [f"**{t['rule']}:** {claim.rule.describe(lang)}.", "",
                  f"**{t['verdict']}:** {badge(check.verdict, lang)}", ""]
        if check.notes.get(lang):
            lines += [check.notes[lang], ""]
        lines += [f"**{t['reproduce']}:**", "", "```sh"]
        lines += [call.command() for call in claim.calls.values()]
        lines += ["```", "", f"{t['more']}: [{PAGE_TITLES[claim.page][lang]}]({claim.page})", ""]
    return "\n".join(lines) + "\n"


def check_all() -> dict:
    return {claim.id: evaluate(claim) for claim in CLAIMS}
