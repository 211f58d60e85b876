"""What every kind of question is and does: the interface (like minbpe's `Tokenizer`).

A question is a msgspec `Struct`. The fields every question has are declared
here; a kind (one module in this package) adds its own fields and implements
the methods below that it needs. Nothing outside this package asks which kind
it holds: the bank, the quiz, `show`, the site and the Anki export call these
methods.

* **Schema.** The struct's fields are the YAML fields (`kind:` picks the
  struct). `problems()` yields what the types cannot say (a choice needs a
  correct option); `check_links()` what needs the rest of the project (a
  function in `answers/`, a coding task).
* **Markdown, one rendering for three consumers.** `question_md()` (the
  prompt, then the options to pick from, if any) and `answer_md()` (the
  explanation, what the kind adds, the key points). Math stays `$...$`: the
  terminal turns it into Unicode (`texmath.plain_math`), the site typesets it
  with KaTeX, the Anki export hands it to MathJax.
* **A variant** is what changes between two askings of one question: the
  numbers drawn for a numeric question, the order of a choice question's
  options. `draw(rng)` makes one; `None` is the fixed variant (first
  parameters, options as written) that `show`, the site and Anki display.
* **Asking.** `ask(term)` shows the question in the terminal, reads and
  grades the answer and returns an `Outcome`; `self_check()` gives the site's
  JavaScript what it needs to grade an answer on the page (or None).

A new kind, e.g. `seqprep/kinds/truefalse.py` (docs/ARCHITECTURE.md has it whole):

    class TrueFalseQuestion(Question, tag="truefalse"):
        kind: ClassVar[str] = "truefalse"
        LABEL: ClassVar[dict] = {"ru": "да или нет", "en": "true or false"}
        TEXT: ClassVar[dict] = {"ru": {"ask": "Верно? (да/нет):"}, "en": {"ask": "True? (yes/no):"}}
        holds: bool  # the statement in the prompt is true

        def options_md(self, lang, variant=None):
            return ["да", "нет"] if lang == "ru" else ["true", "false"]

        def ask(self, term):
            term.show(self, self.prompt_md(term.lang))
            said = term.line(self.TEXT[term.lang]["ask"], self).strip().lower() in ("yes", "y", "да", "д")
            return Outcome(said == self.holds, self.answer_md(term.lang))

        def self_check(self):
            return {"mode": "pick", "correct": [0 if self.holds else 1], "multiple": False}

plus its name in `seqprep.sections.KINDS`, the one line of registration.
"""

from __future__ import annotations

import random
from typing import Any, Callable, ClassVar, Iterator, Optional, Protocol

import msgspec

from .. import computed, i18n
from ..schema import Difficulty, Ref, Section, Slug, Strict, Text, TextList, make_title

LABELS = {
    "ru": {"answer": "Ответ", "key_points": "Ключевые пункты", "hint": "Подсказка", "code": "Код",
           "ticks": "✔ — пункты, которые, судя по словам, есть в вашем ответе ({hit} из {total}). "
                    "Это подсказка для самооценки, а не балл"},
    "en": {"answer": "Answer", "key_points": "Key points", "hint": "Hint", "code": "Code",
           "ticks": "✔ marks the points your answer seems to cover, judged by its words ({hit} of {total}). "
                    "A hint for rating yourself, not a score"},
}


class Outcome(msgspec.Struct):
    """How one asking went: `correct` is the automatic verdict (None when the
    user rates themselves); `answer` the Markdown to show after it; `covered`,
    for a typed free answer, which key points it covered. (A Struct, not a
    dataclass: making a dataclass costs a millisecond of every start.)"""

    correct: Optional[bool]
    answer: str
    covered: Optional[list[bool]] = None


class Terminal(Protocol):
    """What `ask()` may use: the quiz implements it (`seqprep.quiz.Quiz`).

    Every read handles the session keys (q, s, h, u) itself and may raise the
    quiz's EndSession / Skip / Undo, which `ask()` lets through.
    """

    lang: str
    rng: random.Random

    def show(self, q: "Question", markdown: str) -> None:
        """The question's panel, headed by its number, section, kind and id."""

    def options(self, texts: list[str]) -> None:
        """A numbered list to pick from (1-based)."""

    def say(self, markdown: str) -> None:
        """Any Markdown (math as Unicode)."""

    def warn(self, text: str) -> None:
        """One line about the input just given (e.g. why it is not a number)."""

    def line(self, prompt: str, q: "Question") -> str:
        """One line of input."""

    def lines(self, prompt: str, q: "Question") -> str:
        """Lines until an empty one ("" if the first is empty)."""


MissingRef = Callable[..., Optional[str]]  # bank._missing_ref(ref, callable_with=None) -> why not, or None


class Question(Strict, tag_field="kind", kw_only=True):
    """The fields and behaviour every kind shares. Subclasses set `kind`, `LABEL`
    and `TEXT`, add fields and override what differs."""

    kind: ClassVar[str] = ""
    LABEL: ClassVar[dict[str, str]] = {}          # the kind's name for readers, per language
    TEXT: ClassVar[dict[str, dict[str, str]]] = {}  # the kind's terminal prompts, per language

    id: Slug
    section: Section
    difficulty: Difficulty
    prompt: Text
    answer: Text
    key_points: TextList
    tags: list[str] = []
    hint: Optional[Text] = None
    follow_ups: list[str] = []
    refs: list[Ref] = []

    # --- schema --------------------------------------------------------------

    def problems(self) -> Iterator[tuple[str, str]]:
        """(field, message) for what the field types cannot check. None by default."""
        return iter(())

    def check_links(self, missing_ref: MissingRef) -> Iterator[tuple[str, str]]:
        """(field, message) for links into the rest of the project that do not resolve."""
        return iter(())

    @property
    def linked_task(self) -> Optional[str]:
        """The coding task (`seqprep start`) that answers this question, if any."""
        return None

    # --- variants -------------------------------------------------------------

    def draw(self, rng: random.Random) -> Any:
        """A fresh variant for one asking; None when nothing varies."""
        return None

    # --- Markdown ---------------------------------------------------------------

    def title(self, lang: str) -> str:
        """The prompt's first sentence as plain text (see `schema.make_title`)."""
        return make_title(self.prompt.get(lang))

    def prompt_md(self, lang: str, variant: Any = None) -> str:
        """The question's text with computed numbers filled in."""
        return computed.render(self.prompt.get(lang), lang)

    def options_md(self, lang: str, variant: Any = None) -> list[str]:
        """What the reader picks from, in the variant's order; [] when nothing."""
        return []

    def question_md(self, lang: str, variant: Any = None) -> str:
        """The prompt, then the options as a numbered list."""
        options = self.options_md(lang, variant)
        listed = "\n".join(f"{i}. {text}" for i, text in enumerate(options, 1))
        return self.prompt_md(lang, variant) + (f"\n\n{listed}" if listed else "")

    def hint_md(self, lang: str) -> Optional[str]:
        return computed.render(self.hint.get(lang), lang) if self.hint else None

    def key_points_md(self, lang: str) -> list[str]:
        return [computed.render(point, lang) for point in self.key_points.get(lang)]

    def details_md(self, lang: str, variant: Any = None) -> list[str]:
        """Paragraphs the kind adds to the answer (options judged, the value, the task)."""
        return []

    def answer_md(self, lang: str, variant: Any = None, covered: Optional[list[bool]] = None) -> str:
        """The explanation, the kind's details, the key points (✔/· when `covered`
        is given) and the code in answers/ behind it."""
        labels = LABELS[lang]
        parts = [f"**{labels['answer']}.** {computed.render(self.answer.get(lang), lang)}"]
        parts += self.details_md(lang, variant)
        points = self.key_points_md(lang)
        marks = [""] * len(points) if covered is None else ["✔ " if hit else "· " for hit in covered]
        parts.append(f"**{labels['key_points']}:**\n\n" + "\n".join(f"- {m}{p}" for m, p in zip(marks, points)))
        if covered is not None:
            hit, total = (i18n.number(x, lang) for x in (sum(covered), len(covered)))
            parts.append(f"*{labels['ticks'].format(hit=hit, total=total)}.*")
        if self.refs:
            parts.append(f"**{labels['code']}:** " + ", ".join(f"`{ref}`" for ref in self.refs))
        return "\n\n".join(parts)

    # --- asking ---------------------------------------------------------------

    def ask(self, term: Terminal) -> Outcome:
        """Show the question in the terminal, read the answer, grade it."""
        raise NotImplementedError

    def self_check(self) -> Optional[dict]:
        """What the site's self-check needs to grade the fixed variant on the page
        (JSON-ready), or None when the reader rates themselves."""
        return None
