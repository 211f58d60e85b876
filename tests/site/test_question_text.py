"""Bank text on the site is text: a token such as <s> is shown, never read as an HTML tag."""

from __future__ import annotations

import markdown
import pytest

from seqprep.bank import load_bank
from seqprep.site.questions import question_markdown, text_md

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details", "pymdownx.superfences"]


def test_text_md_keeps_code_and_math_and_disarms_the_rest():
    assert text_md("<s> and `<s>` and $a<b$") == "&lt;s> and `<s>` and $a<b$"
    assert text_md("```\n<pad>\n```\n<unk>") == "```\n<pad>\n```\n&lt;unk>"
    assert text_md("$$x<y$$ </s>") == "$$x<y$$ &lt;/s>"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_special_tokens_stay_visible_on_the_page(lang):
    bank = load_bank()
    shown = 0
    for q in bank.select(["special-tokens"]):
        source = q.prompt_md(lang) + q.answer_md(lang) + "".join(q.options_md(lang))
        if "<s>" not in source and "</s>" not in source:
            continue
        page = markdown.markdown(question_markdown(q, lang), extensions=EXTENSIONS)
        assert "<s>" not in page and "</s>" not in page, f"{q.id}: a token became a strikethrough tag"
        assert "&lt;s&gt;" in page or "<code>&lt;s&gt;</code>" in page, f"{q.id}: <s> vanished"
        shown += 1
    assert shown >= 3
