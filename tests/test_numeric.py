"""Reading numbers as people type them, and the tolerance check."""

from __future__ import annotations

import random

import pytest

from seqprep.kinds import parse
from seqprep.kinds.numeric import NumericQuestion, Tolerance
from seqprep.numeric import fill, format_number, parse_number


@pytest.mark.parametrize("text, value", [
    ("15775744", 15775744),
    ("15,775,744", 15775744),
    ("15 775 744", 15775744),
    ("15\u00a0775\u00a0744", 15775744),
    ("15_775_744", 15775744),
    ("15.8M", 15.8e6),
    ("15.8 m", 15.8e6),
    ("15,8 млн", 15.8e6),
    ("1.2e7", 1.2e7),
    ("1.2E7", 1.2e7),
    ("0,5", 0.5),
    (".25", 0.25),
    ("-3", -3),
    ("20.8k", 20800),
    ("3 тыс", 3000),
    ("2B", 2e9),
])
def test_parse_number_accepts_common_spellings(text, value):
    assert parse_number(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "15 77", "12 parsecs", "1e400", "nan"])
def test_parse_number_rejects_garbage_with_a_reason(text):
    with pytest.raises(ValueError) as info:
        parse_number(text)
    assert str(info.value)


def test_tolerance_is_relative_or_absolute():
    rel = Tolerance(rel=0.01)
    assert rel.accepts(15.8e6, 15775744) and not rel.accepts(16e6, 15775744)
    absolute = Tolerance(abs=0.005)
    assert absolute.accepts(0.97, 0.9694) and not absolute.accepts(0.96, 0.9694)
    with pytest.raises(ValueError):
        Tolerance()


def _question(**params) -> NumericQuestion:
    return parse(dict(
        id="q", section="rnn-complexity", kind="numeric", difficulty="easy",
        prompt={"ru": "d=[[d]], h=[[h]]", "en": "d=[[d]], h=[[h]]"},
        answer={"ru": "x", "en": "x"}, key_points={"ru": ["a"], "en": ["a"]},
        compute="answers.complexity.rnn_forward_macs", params=params,
        tolerance={"rel": 0.01}, formula="T (h^2 + h d)"))


def test_draw_fill_and_compute_use_the_reference_function():
    q = _question(T=[50], d=[300, 128], h=[512, 256])
    seen = set()
    for seed in range(20):
        params = q.draw(random.Random(seed))
        seen.add((params["d"], params["h"]))
        # independent hand computation of T * (h^2 + h*d)
        assert q.value(params) == params["T"] * (params["h"] ** 2 + params["h"] * params["d"])
    assert len(seen) == 4, "parameters change from draw to draw"
    assert fill("d=[[d]], V=[[V]]", {"d": 300, "V": 30000}, "en") == "d=300, V=30,000"


def test_format_number_by_language():
    assert format_number(15775744, "en") == "15,775,744"
    assert format_number(15775744, "ru") == "15\u202f775\u202f744"
    assert format_number(0.969407, "en") == "0.9694"
    assert format_number(0.969407, "ru") == "0,9694"
    assert format_number(True) == "yes" and format_number(False, "en") == "no"
    assert format_number(True, "ru") == "да" and format_number(False, "ru") == "нет"
