"""answers/tokenizers/bpe_replay.py: the notes' merge order counted by hand, and the trainer's own merges."""

from __future__ import annotations

import pytest

from answers.tokenizers.bpe import train_bpe
from answers.tokenizers.bpe_replay import replay_merges


def test_the_notes_order_by_hand():
    steps = replay_merges("пиццу пицца пицце", [("ц", "ц"), ("п", "и"), ("пи", "цц")])
    # step 1: п-и, и-ц, ц-ц each occur once in each of the three words; ц-у, ц-а, ц-е once in total
    assert steps[0].count == 3 and set(steps[0].best_pairs) == {("п", "и"), ("и", "ц"), ("ц", "ц")}
    # step 2, after цц: п-и and и-цц occur three times each
    assert steps[1].count == 3 and set(steps[1].best_pairs) == {("п", "и"), ("и", "цц")}
    # step 3, after пи: only пи-цц occurs three times
    assert steps[2].best_pairs == (("пи", "цц"),) and all(s.valid for s in steps)


def test_a_pair_that_is_not_the_most_frequent_is_invalid():
    steps = replay_merges("пиццу пицца пицце", [("ц", "у")])
    assert (steps[0].count, steps[0].best_count, steps[0].valid) == (1, 3, False)
    assert replay_merges("ab", [("x", "y")])[0].count == 0


@pytest.mark.parametrize("text", ["low lower lowest newer wider", "пиццу пицца пицце", "aaa aaaa ab ab"])
def test_the_trainers_merges_replay_as_valid(text):
    merges = train_bpe(text, 6)
    assert all(step.valid for step in replay_merges(text, merges))
