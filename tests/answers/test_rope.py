"""answers.rope against complex multiplication (interleaved pairs pinned), the relative-position
property, norm preservation, and float64 angles at large positions."""

import math

import pytest
import torch

from answers.rope import apply_rope, rope_angles


def rope_complex(x, positions, base=10000.0):
    """Independent form: pairs (2i, 2i+1) as complex numbers times e^{j m theta_i}, all in float64."""
    d = x.shape[-1]
    theta = torch.tensor([base ** (-2 * i / d) for i in range(d // 2)], dtype=torch.float64)
    rot = torch.polar(torch.ones(len(positions), d // 2, dtype=torch.float64),
                      positions.double()[:, None] * theta[None, :])  # (T, d/2)
    z = torch.view_as_complex(x.double().reshape(*x.shape[:-1], d // 2, 2).contiguous())
    return torch.view_as_real(z * rot).reshape(x.shape).to(x.dtype)


@pytest.mark.parametrize("shape", [(1, 2), (5, 4), (2, 7, 8), (2, 3, 6, 16)])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("base", [10000.0, 500.0])
def test_matches_complex_multiplication(shape, dtype, base):
    torch.manual_seed(sum(shape))
    x = torch.randn(shape, dtype=dtype)
    positions = torch.randint(0, 3000, (shape[-2],))
    tol = {"atol": 1e-12, "rtol": 1e-10} if dtype == torch.float64 else {"atol": 1e-5, "rtol": 1e-5}
    torch.testing.assert_close(apply_rope(x, positions, base), rope_complex(x, positions, base), **tol)


def test_hand_example():
    out = apply_rope(torch.tensor([[1.0, 0.0]], dtype=torch.float64), torch.tensor([1]))
    torch.testing.assert_close(out, torch.tensor([[math.cos(1), math.sin(1)]], dtype=torch.float64))
    # d = 4: pair 1 turns at theta_1 = 10000^(-1/2) = 0.01
    out = apply_rope(torch.tensor([[0.0, 0.0, 1.0, 0.0]], dtype=torch.float64), torch.tensor([3]))
    torch.testing.assert_close(out, torch.tensor([[0.0, 0.0, math.cos(0.03), math.sin(0.03)]], dtype=torch.float64))


def test_interleaved_not_half_split():
    """The two pairings are different functions: pin ours (neighbors rotate together)."""
    torch.manual_seed(1)
    x = torch.randn(3, 8, dtype=torch.float64)
    positions = torch.tensor([1, 4, 9])
    ang = rope_angles(positions, 8)
    cos, sin = ang.cos().repeat(1, 2), ang.sin().repeat(1, 2)
    half = x * cos + torch.cat((-x[:, 4:], x[:, :4]), dim=-1) * sin  # Hugging Face's rotate_half
    assert (apply_rope(x, positions) - half).abs().max() > 0.1
    # and they agree after permuting features into the other layout
    perm = torch.cat((torch.arange(0, 8, 2), torch.arange(1, 8, 2)))  # interleaved -> halves
    half_of_permuted = x[:, perm] * cos + torch.cat((-x[:, perm][:, 4:], x[:, perm][:, :4]), dim=-1) * sin
    torch.testing.assert_close(apply_rope(x, positions)[:, perm], half_of_permuted, atol=1e-12, rtol=0)


@pytest.mark.parametrize("seed", range(5))
def test_scores_depend_on_the_offset_only(seed):
    torch.manual_seed(seed)
    d = 16
    q, k = torch.randn(d, dtype=torch.float64), torch.randn(d, dtype=torch.float64)
    offset = int(torch.randint(-50, 50, ()).item())
    ms = torch.randint(60, 5000, (6,))
    scores = [(apply_rope(q[None], ms[i:i + 1]) @ apply_rope(k[None], ms[i:i + 1] + offset).T).item()
              for i in range(6)]
    assert max(scores) - min(scores) < 1e-9
    # equal to <q, R(n - m) k>, rotating k alone by the offset
    direct = (q @ apply_rope(k[None], torch.tensor([offset]))[0]).item() if offset >= 0 else \
        (apply_rope(q[None], torch.tensor([-offset]))[0] @ k).item()
    assert scores[0] == pytest.approx(direct, abs=1e-9)


def test_norm_is_kept_and_position_zero_is_identity():
    torch.manual_seed(2)
    x = torch.randn(4, 10, dtype=torch.float64)
    out = apply_rope(x, torch.tensor([0, 7, 100, 9999]))
    torch.testing.assert_close(out.norm(dim=-1), x.norm(dim=-1), atol=1e-12, rtol=0)
    assert torch.equal(out[0], x[0])


def test_angles_in_float64_matter_at_large_positions():
    x = torch.randn(1, 64, dtype=torch.float64)
    positions = torch.tensor([10000])
    theta32 = (10000.0 ** (-torch.arange(0, 64, 2, dtype=torch.float32) / 64))
    angles32 = (positions.float()[:, None] * theta32).double()
    assert (angles32 - rope_angles(positions, 64)).abs().max() > 1e-4
    torch.testing.assert_close(apply_rope(x, positions), rope_complex(x, positions), atol=1e-12, rtol=0)


def test_odd_size_is_rejected():
    with pytest.raises(ValueError):
        apply_rope(torch.zeros(2, 5), torch.arange(2))
