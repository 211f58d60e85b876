"""answers/dot_product.py against the variance of a sum of independent products, sqrt(d_k)."""

from __future__ import annotations

import math

import pytest

from answers.dot_product import sampled_dot_product_std


@pytest.mark.parametrize("d_k", [1, 64, 128])
@pytest.mark.parametrize("seed", [0, 1])
def test_sampled_std_is_sqrt_dk(d_k, seed):
    # the sample std of 50k draws is within ~0.6% of the truth (1 sigma); 3% is 5 sigma
    assert sampled_dot_product_std(d_k, n=50_000, seed=seed) == pytest.approx(math.sqrt(d_k), rel=0.03)


def test_same_seed_same_value():
    assert sampled_dot_product_std(64, 1000, 5) == sampled_dot_product_std(64, 1000, 5)
