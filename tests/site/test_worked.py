"""Worked examples on the pages: every number in their tables against an independent computation."""

from __future__ import annotations

import re

import numpy as np
import pytest

from seqprep.site import worked


def _cells(markdown: str) -> list[list[str]]:
    rows = [line.strip("|").split("|") for line in markdown.splitlines() if line.startswith("|")]
    return [[c.strip().replace("**", "") for c in row] for row in rows if not set("".join(row)) <= set("-")]


def _tables(markdown: str) -> list[list[list[str]]]:
    blocks = re.split(r"\n\s*\n", markdown)
    return [_cells(b) for b in blocks if b.lstrip().startswith("|")]


def _numbers(cell: str, lang: str) -> list[float]:
    if lang == "ru":  # "(0,20; 0,40)" or "0,288"
        cell = cell.replace(",", ".").replace(";", ",")
    return [float(x.replace("−", "-")) for x in re.findall(r"[−-]?\d+\.\d+", cell)]


def _pizza_reference():
    """Self-attention by hand in numpy from the walkthrough's hand-set inputs (not its outputs)."""
    from answers import walkthrough

    X = np.array(walkthrough._EMBEDDINGS)
    Q, K, V = (X @ np.array(W).T for W in (walkthrough._W_Q, walkthrough._W_K, walkthrough._W_V))
    S = Q @ K.T
    scaled = S / np.sqrt(Q.shape[1])
    e = np.exp(scaled - scaled.max(axis=1, keepdims=True))
    A = e / e.sum(axis=1, keepdims=True)
    return {"X": X, "Q": Q, "K": K, "V": V, "S": S, "scaled": scaled, "A": A, "O": A @ V}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_pizza_tables_hold_the_right_numbers(lang):
    ref = _pizza_reference()
    qkv, scores, scaled, weights, out = _tables(worked.pizza(lang))
    for row, i in zip(qkv[1:], range(3)):
        for column, key in zip(row[1:], ("X", "Q", "K", "V")):
            assert _numbers(column, lang) == pytest.approx(ref[key][i], abs=0.005)
    for table, key, tol in ((scores, "S", 0.005), (scaled, "scaled", 0.005), (weights, "A", 0.0005)):
        assert len(table) == 4
        for i, row in enumerate(table[1:]):
            assert [_numbers(c, lang)[0] for c in row[1:]] == pytest.approx(ref[key][i], abs=tol)
    for i, row in enumerate(out[1:]):
        assert _numbers(row[1], lang) == pytest.approx(ref["O"][i], abs=0.0005)
    assert ref["A"].sum(axis=1) == pytest.approx(np.ones(3))


def test_pizza_tables_give_english_twins_on_english_pages():
    ru, en = worked.pizza("ru"), worked.pizza("en")
    assert "| пиццу |" in ru and "pizza" not in ru
    assert "| pizza (пиццу) |" in en and "I (я)" in en
    assert "0,499" in ru and "0.499" in en, "decimal comma in Russian, point in English"


def test_bpe_table_matches_a_hand_trace():
    """By hand: in «пиццу пицца пицце» (п,и), (и,ц), (ц,ц) occur 3 times each; the smallest, (и,ц),
    wins; then (иц,ц) ties with (п,иц) at 3 and wins; then (п,ицц)."""
    header, start, *merges = _tables(worked.bpe_merges("ru"))[0]
    assert [row[1] for row in merges] == ["и + ц → иц", "иц + ц → ицц", "п + ицц → пицц"]
    assert merges[0][2] == "3 (ничья с п + и, ц + ц)" and merges[1][2] == "3 (ничья с п + иц)"
    assert start[4] == "а, е, и, п, у, ц (6)" and merges[2][4] == "+ пицц (9)"
    assert merges[2][3].replace("`", "") == "пицц у · пицц а · пицц е"


def test_bpe_english_page_leads_with_the_twin_that_merges_the_same_way():
    twin, ru_table = _tables(worked.bpe_merges("en"))
    assert [row[1] for row in twin[2:]] == ["i + z → iz", "iz + z → izz", "p + izz → pizz"]
    assert [row[2].split()[0] for row in twin[2:]] == [row[2].split()[0] for row in ru_table[2:]] == ["3"] * 3


def test_wordpiece_steps_match_a_hand_trace():
    """By hand, greedy longest match with {не, непо, ##понят, ##нят, ##ный}: from 0 the six candidates
    непонятный … непон are missing and «непо» is found; from 4 ##нятный, ##нятны, ##нятн are missing
    and «##нят» is found; from 7 «##ный» is found at once."""
    table = _tables(worked.wordpiece("ru"))[0]
    assert [(row[0], row[3]) for row in table[1:]] == [("0", "непо"), ("4", "##нят"), ("7", "##ный")]
    assert "(6)" in table[1][2] and "(3)" in table[2][2] and table[3][2] == "—"
    assert "непо + ##нят + ##ный" in worked.wordpiece("ru")
    assert "unb + ##reak + ##able" in worked.wordpiece("en")


def test_render_replaces_placeholders_and_rejects_unknown_names():
    text = worked.render("A\n\n{{ worked.wordpiece }}\n\nB", "en")
    assert "{{" not in text and "| position |" in text
    with pytest.raises(ValueError, match="unknown worked example"):
        worked.render("{{ worked.nothing }}", "ru")
