"""Hidden checks for `beam_search(log_probs, bos, eos, beam_size, max_len, alpha=0.0) -> (tokens, score)`.

Expected answers come from `answers.beam_search` (tested against exhaustive
search and greedy decoding). Besides random tables, every convention has a
table built for it, each on a background of very unlikely transitions
(about -30) with its tokens relabelled at random, so that the one rule it
tests decides the answer on every draw:

    greedy trap         the first-step favorite leads only to a bad ending
    length penalty      a short hypothesis wins on the raw sum, a long one per token
    length count        n counts eos, not bos (two tables, one for each off-by-one)
    beam shrinks        a finished hypothesis does not leave its slot to a third candidate
    eos is terminal     after eos, cheap continuations would raise the per-token score
    max_len steps       a cheap chain longer than max_len: the answer is cut at exactly max_len
    no eos at all       only unfinished hypotheses compete
    ties                equal scores everywhere (exact in binary): the smaller token list wins,
                        also when the tied candidates extend beams of different scores
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

from . import Call, Check, first_problem, unchanged_inputs

FN = "beam_search"
BACKGROUND = -30.0
GRID = 256  # every score is a multiple of 1/256: sums are exact in any order, equal sums are real ties


def on_grid(values: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(values) * GRID) / GRID


def reference(log_probs: torch.Tensor, bos: int, eos: int, beam_size: int, max_len: int, alpha: float = 0.0):
    from answers.beam_search import beam_search

    return beam_search(log_probs, bos, eos, beam_size, max_len, alpha)


class Table:
    """A [V, V] background of unlikely, all-different transitions, and named tokens drawn at random."""

    def __init__(self, rng: np.random.Generator, V: Optional[int] = None):
        self.V = V or int(rng.integers(6, 10))
        self.values = BACKGROUND - rng.uniform(0.0, 5.0, size=(self.V, self.V))
        self.tokens = [int(t) for t in rng.permutation(self.V)]  # bos, eos, then free tokens
        self.rng = rng

    @property
    def bos(self) -> int:
        return self.tokens[0]

    @property
    def eos(self) -> int:
        return self.tokens[1]

    def token(self, i: int) -> int:
        return self.tokens[2 + i]

    def set(self, a: int, b: int, value: float, noise: float = 0.004) -> None:
        self.values[a, b] = value + self.rng.uniform(-noise, noise)

    def tensor(self) -> torch.Tensor:
        return torch.from_numpy(on_grid(self.values))


def judge_answer(outcome, want: tuple, hint: str = "") -> Optional[str]:
    result = outcome.result
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return "expected a tuple (tokens, score)"
    tokens, score = result
    if not isinstance(tokens, (list, tuple)) or any(type(t) is not int for t in tokens):
        return "tokens: expected a list of Python ints (token ids without bos)"
    if type(score) not in (float, int):
        return "score: expected a Python float"
    want_tokens, want_score = want
    if list(tokens) != want_tokens:
        if len(tokens) != len(want_tokens):
            return f"tokens: {len(tokens)} tokens, expected {len(want_tokens)}{hint}"
        first = next(i for i, (a, b) in enumerate(zip(tokens, want_tokens)) if a != b)
        return f"tokens: first wrong token at position {first}{hint}"
    if not abs(score - want_score) <= 1e-9 * max(1.0, abs(want_score)):
        return (f"score: {score:.6g}, expected {want_score:.6g} for the right tokens "
                "(the sum of the log-probabilities divided by n^alpha, n counting eos)")
    return None


def search_check(name: str, cases: list[tuple], hint: str = "") -> Check:
    """cases: (table tensor, bos, eos, beam_size, max_len, alpha); one call per case."""
    wanted = [reference(*case) for case in cases]
    calls = [Call(FN, list(case[:5]), {"alpha": case[5]}) for case in cases]

    def judge(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for k, (outcome, want) in enumerate(zip(outcomes, wanted)):
            message = judge_answer(outcome, want, hint)
            if message:
                return message if len(cases) == 1 else f"case {k + 1}: {message}"
        return None

    return Check(name, calls, judge)


def random_case(rng: np.random.Generator, alpha: float, eos_cost: float = 0.0) -> tuple:
    V = int(rng.integers(4, 8))
    logits = rng.normal(0.0, 1.5, size=(V, V))
    table = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))  # rows are log-probabilities
    bos, eos = (int(t) for t in rng.choice(V, size=2, replace=False))
    table[:, eos] += eos_cost
    return (torch.from_numpy(on_grid(table)), bos, eos, int(rng.integers(2, 5)), int(rng.integers(3, 7)), alpha)


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    checks.append(search_check("matches the reference on random tables (alpha = 0)",
                               [random_case(rng, 0.0) for _ in range(4)]))
    checks.append(search_check("matches the reference on random tables with length normalization",
                               [random_case(rng, float(rng.choice([0.5, 0.7, 1.0]))) for _ in range(4)]))
    case = random_case(rng, 0.0)
    checks.append(search_check("beam_size = 1 is greedy decoding", [case[:3] + (1,) + case[4:]]))

    # greedy trap: bos -> a looks best, but a leads only to an expensive eos
    t = Table(rng)
    a = t.token(0)
    t.set(t.bos, a, -0.4)
    t.set(t.bos, t.eos, -1.1)
    t.set(a, t.eos, -3.0)
    checks.append(search_check("a wider beam finds what greedy misses",
                               [(t.tensor(), t.bos, t.eos, int(rng.integers(2, 4)), int(rng.integers(3, 6)), 0.0)],
                               " (keep beam_size candidates per step, not only the best one)"))

    # length penalty: [eos] = -2 beats [a, b, eos] = -2.4 raw, loses per token
    t = Table(rng)
    a, b = t.token(0), t.token(1)
    t.set(t.bos, t.eos, -2.0)
    for x, y in ((t.bos, a), (a, b), (b, t.eos)):
        t.set(x, y, -0.8)
    table, max_len = t.tensor(), int(rng.integers(3, 6))
    checks.append(search_check("length normalization: alpha = 0 keeps the raw sum, alpha > 0 divides by n^alpha",
                               [(table, t.bos, t.eos, 2, max_len, 0.0),
                                (table, t.bos, t.eos, 2, max_len, float(rng.choice([0.5, 0.8, 1.0])))],
                               " (the final choice ranks S / n^alpha)"))

    # the length n counts eos but not bos: A = [x, eos] against B = [y, z, w, eos], alpha = 1
    cases = []
    for a_steps, b_steps in (((-0.5, -1.5), (-0.8, -1.0, -1.2, -1.4)),    # n - 1 would pick B, n picks A
                             ((-0.6, -1.5), (-0.7, -1.0, -1.1, -1.2))):   # n + 1 would pick A, n picks B
        t = Table(rng)
        x, y, z, w = (t.token(i) for i in range(4))
        for (u, v), s in zip(((t.bos, x), (x, t.eos)), a_steps):
            t.set(u, v, s)
        for (u, v), s in zip(((t.bos, y), (y, z), (z, w), (w, t.eos)), b_steps):
            t.set(u, v, s)
        cases.append((t.tensor(), t.bos, t.eos, 2, int(rng.integers(4, 7)), 1.0))
    checks.append(search_check("the length n counts eos and not bos (alpha = 1)", cases,
                               " (n is the number of generated tokens, eos included, bos not)"))

    # the beam shrinks: [eos] finishes at step 1 and its slot is not given to the third candidate [c]
    t = Table(rng)
    b, c = t.token(0), t.token(1)
    t.set(t.bos, t.eos, -1.2)
    t.set(t.bos, b, -1.5)
    t.set(t.bos, c, -2.0)
    t.set(b, t.eos, -9.0)
    t.set(c, t.eos, -0.1)   # [c, eos] = -2.1 / 2 would win, but a beam of 2 never keeps [c]
    checks.append(search_check("a finished hypothesis leaves the beam: the beam shrinks, no refill",
                               [(t.tensor(), t.bos, t.eos, 2, int(rng.integers(2, 5)), 1.0)],
                               " (a candidate ending in eos takes one of the beam_size places, then leaves)"))

    # eos is terminal: continuing after eos would be cheap and raise the per-token score
    t = Table(rng)
    c = t.token(0)
    t.set(t.bos, t.eos, -2.0)
    for x, y in ((t.eos, c), (c, c), (c, t.eos), (t.eos, t.eos)):
        t.set(x, y, -0.01, noise=0.001)
    checks.append(search_check("eos ends a hypothesis: nothing follows it",
                               [(t.tensor(), t.bos, t.eos, int(rng.integers(2, 4)), int(rng.integers(3, 6)), 1.0)],
                               " (a candidate ending in eos is finished and never extended)"))

    # max_len: a cheap chain of max_len + 2 tokens; the search stops after exactly max_len steps
    t = Table(rng)
    max_len = int(rng.integers(2, t.V - 3))
    chain = [t.bos] + [t.token(i) for i in range(max_len + 1)] + [t.eos]
    for x, y in zip(chain, chain[1:]):
        t.set(x, y, -0.1)
    checks.append(search_check("max_len steps exactly: hypotheses are cut after max_len tokens",
                               [(t.tensor(), t.bos, t.eos, 2, max_len, 0.0)],
                               " (run max_len steps; the live hypotheses then compete without eos)"))

    checks.append(search_check("no hypothesis reaches eos: the unfinished ones compete",
                               [random_case(rng, 0.0, eos_cost=-100.0), random_case(rng, 1.0, eos_cost=-100.0)],
                               " (after max_len steps the live hypotheses count as finished)"))

    # ties: every transition scores exactly -1 (or -0.5), so the token lists decide
    V = int(rng.integers(4, 7))
    bos, eos = (int(x) for x in rng.choice(V, size=2, replace=False))
    flat = torch.full((V, V), -1.0, dtype=torch.float64)
    costly_eos = flat.clone()
    costly_eos[:, eos] = -4.0
    checks.append(search_check("ties go to the smaller token list",
                               [(flat, bos, eos, 2, 3, 0.0), (costly_eos, bos, eos, 3, 3, 0.0),
                                (flat, bos, eos, V + 1, 2, 1.0)],
                               " (equal scores: the lexicographically smaller list of ids wins)"))

    # a tie for the last place in the beam between extensions of two different beams: [x] ranks above [y]
    # but y < x, so [y, b] must win the tie over [x, a], whatever order the candidates were generated in
    t = Table(rng, V=int(rng.integers(7, 10)))
    y, x = sorted(t.token(i) for i in range(2))
    a, b, c = (t.token(i) for i in range(2, 5))
    t.set(t.bos, x, -1.0, noise=0.0)
    t.set(t.bos, y, -2.0, noise=0.0)
    t.set(x, c, -1.5, noise=0.0)   # [x, c] = -2.5 takes the first place, then leads nowhere
    t.set(x, a, -2.0, noise=0.0)   # [x, a] = -3
    t.set(y, b, -1.0, noise=0.0)   # [y, b] = -3: the tie, won by the smaller list
    t.set(b, t.eos, -0.125, noise=0.0)
    t.set(a, t.eos, -5.0, noise=0.0)
    checks.append(search_check("ties in the beam go to the smaller token list, not to the earlier beam",
                               [(t.tensor(), t.bos, t.eos, 2, 3, 0.0)],
                               " (rank candidates by (score, then the token list), not by score alone with a "
                               "stable sort)"))

    case = random_case(rng, 0.7)
    V = int(case[0].shape[0])
    checks.append(search_check("a beam wider than all candidates is exact search",
                               [case[:3] + (V ** 3 + 5, 3, 0.7)]))

    table, bos, eos, beam, max_len, alpha = random_case(rng, 0.5)
    checks.append(Check("does not modify its inputs",
                        [Call(FN, [table, bos, eos, beam, max_len], {"alpha": alpha}, return_inputs=True)],
                        lambda o, t=table: first_problem(o) or unchanged_inputs(o[0], [t], ["log_probs"])))
    return checks
