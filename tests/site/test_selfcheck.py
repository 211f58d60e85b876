"""Self-check on the section pages, in Debian's headless Chromium (playwright).

A question shows its full prompt and its options once; the answer opens only on its own
click (or after Check). Choice and numeric questions are answered on the page in both
languages and the verdict appears; progress survives a reload and the reset clears it; the
number parser in site/assets/javascripts/selfcheck.js agrees with seqprep/numparse.py on a
table of inputs and on thousands of random ones; a 390-px phone has no horizontal scroll. Every page
load records console errors and any request that leaves the local server. Screenshots go to
build/test-artifacts/selfcheck/ (or $SEQPREP_ARTIFACTS/selfcheck/).

Skipped when Chromium is missing, unless SEQPREP_REQUIRE_BROWSER=1 (set by .ci/run).
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter

import pytest

from browserkit import PHONE, artifacts, require_chromium
from seqprep.bank import load_bank
from seqprep.numeric import format_number
from seqprep.numparse import parse_number

PAGE = "rnn-complexity/"  # has choice and numeric questions
VERDICT = {"ru": {"right": "Верно", "wrong": "Неверно"}, "en": {"right": "Right", "wrong": "Wrong"}}

pytestmark = pytest.mark.browser

require_chromium()
ARTIFACTS = artifacts("selfcheck")


def visit(tab, url: str):
    tab.goto(url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    tab.wait_for_selector(".selfcheck[data-ready]", state="attached")


def shot(tab, name: str, full_page: bool = False):
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def root(lang: str) -> str:
    return "" if lang == "ru" else "en/"


def block_of(tab, mode: str):
    """The first question block on the page whose self-check has this mode, and its data."""
    box = tab.locator(f".selfcheck[data-check*='\"mode\": \"{mode}\"']").first
    data = json.loads(box.get_attribute("data-check"))
    qid = box.get_attribute("data-qid")
    block = tab.locator(f"details.question:has(> .selfcheck[data-qid='{qid}'])")
    return block, box, data, qid


def last_word(markdown: str) -> str:
    """The prompt's last plain word (no math, no code): shown only when the whole prompt is."""
    prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\{\{.*?\}\}", " ", markdown, flags=re.S)
    return re.findall(r"(?<![\w\\])[^\W\d_]{4,}(?!\w)", prose)[-1]


def open_block(block):
    block.locator(":scope > summary").click()
    assert block.evaluate("b => b.open")


# --- the parser, against seqprep's ---------------------------------------------------------

TABLE = [
    "15775744", "15,775,744", "15 775 744", "15\u00a0775\u00a0744", "15\u202f775\u202f744", "15\u2009775\u2009744",
    "15_775_744", "15'775'744", "15.775.744", "1,000,000.5", "12.345,67", "15 775,5", "1\u202f000,25", "0,841",
    ",5", "-0,125", "\u22120.544", "\u22120,544", "\u20130.5", "- 3", "+3", "15.8M", "15.8 m", "15,8 млн", "20.8k",
    "3 тыс.", "2B", "1 млрд", "7 к", "1.2E7", "1e-3", "8,882e-16", "1.2×10^7", "1.2*10**7", "1,5 × 10^{-3}",
    "1.2 \\times 10^{7}", ".25", "5.", "0", "1.000", "  42  ", "96.9%", "96,9 %", "50%", "1,000", "1,5", "12,345",
    "999,999", "0,000", "1 000", "", "   ", "abc", "1.2.3", "15 77", "12 parsecs", "5 mln", "1e400", "nan", "inf",
    "0x10", "--5", "1,2,3", "1, 2", "½", "e5", "5e", ".", "-", "1,000.000,5", "15 775 744.5", "15,775,744.5m",
]
EXPECTED = [None, 1.0, 1000.0, 0.969, 15775744.0, 1500.0, 0.125]


def python_read(text: str, lang: str, expected):
    """numparse's result as JSON-like data: the value, the two readings, or the message."""
    read = parse_number(text, lang, expected)
    if read.ok:
        return {"value": read.value}
    return {"readings": list(read.readings), "message": read.message} if read.readings else {"message": read.message}


def group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]) if sep else digits


def random_inputs(n: int, seed: int) -> list[str]:
    """Numbers spelled as people type them (grouping, decimal marks, signs, suffixes,
    exponents, %), one in seven with a stray character inserted somewhere."""
    rng = random.Random(seed)
    noise = ["0", "5", " ", ",", ".", "'", "_", "e", "-", "k", "м", "x", "%", "^", "{"]
    out = []
    for _ in range(n):
        digits = str(rng.choice([0, 1, 7, 12, 999, 1000, 15775744, 123456, rng.randint(0, 10 ** rng.randint(1, 10))]))
        text = group(digits, rng.choice(["", "", ",", ".", " ", "\u202f", "\u00a0", "'", "_"]))
        fraction = rng.choice(["", "", "5", "25", "000", "125", str(rng.randint(0, 9999))])
        if fraction:
            text += rng.choice([".", ","]) + fraction
        text = rng.choice(["", "", "", "-", "+", "\u2212", "- "]) + text
        text += rng.choice(["", "", "", "k", "K", " млн", "M", "e3", "E-2", "%", " %", "×10^3", "*10**-2", " тыс.",
                            "B", "млрд", " t", "x", "e", ".."])
        if rng.random() < 1 / 7:
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(noise) + text[at:]
        out.append(text)
    return out


def test_number_parser_matches_seqprep(page, server):
    """selfcheck.js reads typed numbers exactly as seqprep/numparse.py does: the same value,
    the same two readings of an ambiguous comma, the same message, in both languages."""
    visit(page, f"{server}/en/{PAGE}")
    rng = random.Random(11)
    cases = [(text, lang, expected) for text in TABLE for lang in ("ru", "en") for expected in (None, 1.0, 1000.0)]
    cases += [(text, rng.choice(["ru", "en"]), rng.choice(EXPECTED)) for text in random_inputs(4000, seed=7)]
    results = page.evaluate("""cases => cases.map(([text, lang, expected]) =>
        window.SeqprepSelfcheck.parseNumber(text, lang, expected === null ? undefined : expected))""", cases)
    mismatches, seen = [], Counter()
    for (text, lang, expected), js in zip(cases, results):
        py = python_read(text, lang, expected)
        seen[next(iter(py))] += 1
        same = set(py) == set(js) and py.get("message") == js.get("message")
        same = same and all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)
                            for a, b in zip([py.get("value", 0)] + py.get("readings", []),
                                            [js.get("value", 0)] + js.get("readings", [])))
        if not same:
            mismatches.append((text, lang, expected, py, js))
    assert mismatches == []
    assert min(seen.values()) > 40, f"values, ambiguous commas and errors all occur: {seen}"
    assert page.problems == []


# --- answering on the page --------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ru", "en"])
def test_choice_question_is_answered_on_the_page(page, server, lang):
    visit(page, f"{server}/{root(lang)}{PAGE}")
    block, box, data, qid = block_of(page, "pick")
    question = load_bank().get(qid)
    open_block(block)
    options = box.locator(".selfcheck-options li")
    assert options.count() == len(question.options), "every option, once"
    answer = block.locator(":scope > details.success")
    judged = [t.strip() for t in answer.locator("li").all_text_contents() if re.match(r"^\d+ [✔✘]", t.strip())]
    assert len(judged) == len(question.options), "the answer judges each option by its number, not its text again"
    assert not answer.evaluate("d => d.open") and not answer.locator("p").first.is_visible(), \
        "the answer stays hidden until asked for"
    assert last_word(question.prompt_md(lang)) in box.inner_text(), "the full prompt, not a title"

    wrong = next(i for i in range(len(question.options)) if i not in data["correct"])
    options.nth(wrong).locator("input").check()
    box.locator(".selfcheck-button").click()
    verdict = box.locator(".selfcheck-verdict")
    assert VERDICT[lang]["wrong"] in verdict.inner_text()
    assert answer.evaluate("d => d.open"), "Check opens the answer"
    assert "selfcheck-wrong" in options.nth(wrong).get_attribute("class")
    shot(page, f"choice-wrong-{lang}")

    for index in range(len(question.options)):
        box_input = options.nth(index).locator("input")
        box_input.set_checked(index in data["correct"])
    box.locator(".selfcheck-button").click()
    assert VERDICT[lang]["right"] in verdict.inner_text()
    assert all("selfcheck-right" in options.nth(i).get_attribute("class") for i in data["correct"])
    assert "1" in page.locator(".selfcheck-score").first.inner_text()
    shot(page, f"choice-right-{lang}")

    page.reload(wait_until="load")
    page.wait_for_selector(".selfcheck[data-ready]", state="attached")
    block, box, _, _ = block_of(page, "pick")
    assert VERDICT[lang]["right"] in box.locator(".selfcheck-verdict").text_content(), "progress survives a reload"
    assert box.locator("input:checked").count() == len(data["correct"]), "with the answer that earned it"
    page.locator(".selfcheck-reset").first.click()
    assert box.locator(".selfcheck-verdict").text_content() == ""
    assert box.locator("input:checked").count() == 0
    assert page.evaluate("() => Object.keys(JSON.parse(localStorage.getItem("
                         "'seqprep-selfcheck:' + location.pathname) || '{}')).length") == 0
    assert page.problems == []


def typed(value: float, lang: str) -> str:
    """The value as a reader of that language types it: `15 775 744` / `15,775,744`, `0,97` / `0.97`."""
    return format_number(value, lang)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_numeric_question_is_answered_on_the_page(page, server, lang):
    visit(page, f"{server}/{root(lang)}{PAGE}")
    block, box, data, qid = block_of(page, "number")
    question = load_bank().get(qid)
    assert data["value"] == pytest.approx(question.value(), rel=1e-12), "the page's fixed parameters"
    open_block(block)
    assert last_word(question.prompt_md(lang)) in box.inner_text(), "the full prompt, not a title"
    answer = block.locator(":scope > details.success")
    assert not answer.evaluate("d => d.open")
    field = box.locator(".selfcheck-number input")
    verdict = box.locator(".selfcheck-verdict")

    field.fill("twelve")
    box.locator(".selfcheck-button").click()
    assert verdict.inner_text() and VERDICT[lang]["right"] not in verdict.inner_text()
    assert not answer.evaluate("d => d.open"), "an unreadable answer is not graded"

    field.fill(typed(data["value"] * 3 + 1, lang))
    field.press("Enter")
    assert VERDICT[lang]["wrong"] in verdict.inner_text()
    assert answer.evaluate("d => d.open")

    field.fill(typed(data["value"], lang))
    box.locator(".selfcheck-button").click()
    assert VERDICT[lang]["right"] in verdict.inner_text()
    shot(page, f"numeric-right-{lang}")
    assert page.problems == []


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_answers_are_hidden_until_asked_for(page, server, lang):
    visit(page, f"{server}/{root(lang)}{PAGE}")
    blocks = page.locator("details.question:has(> .selfcheck)")
    assert blocks.count() >= 3
    for i in range(blocks.count()):
        block = blocks.nth(i)
        answers = block.locator(":scope > details.success")
        assert answers.count() == 1 and not answers.evaluate("d => d.open"), i
    block = blocks.first
    open_block(block)
    answer = block.locator(":scope > details.success")
    assert not answer.locator("p").first.is_visible()
    answer.locator(":scope > summary").click()
    assert answer.locator("p").first.is_visible()
    shot(page, f"answer-opened-{lang}")
    assert page.problems == []


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_phone_width(phone, server, lang):
    visit(phone, f"{server}/{root(lang)}{PAGE}")
    for mode in ("pick", "number"):
        block, box, data, _ = block_of(phone, mode)
        open_block(block)
        box.scroll_into_view_if_needed()
        form = box.locator(".selfcheck-form")
        right = form.evaluate("f => f.getBoundingClientRect().right")
        assert right <= PHONE["width"], f"the {mode} form fits the screen"
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "no horizontal scroll"
    _, box, data, _ = block_of(phone, "number")
    box.locator(".selfcheck-number input").fill(typed(data["value"], lang))
    box.locator(".selfcheck-button").click()
    assert VERDICT[lang]["right"] in box.locator(".selfcheck-verdict").inner_text()
    box.scroll_into_view_if_needed()
    shot(phone, f"phone-{lang}")
    assert phone.problems == []
