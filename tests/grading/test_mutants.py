"""Mutation testing of the hidden checks: mechanical mutants of every task's reference
(`tests/grading/mutate.py`) must each be rejected on every one of 20 seeds, unless
they are listed below as equivalent to the reference, with the reason.

A task is covered as soon as it is in the catalog. A new survivor is either a gap in
the checks (add or sharpen a check until it dies on every seed) or an equivalent
mutant: then add its id, as the failure message prints it, with the reason it
computes the same function on every input the task allows. A listed mutant that no
longer survives (or no longer exists) must be removed from the list.

The per-task scores are reported in benchmarks/README.md (`python tests/grading/mutate.py`
prints the table); a test checks that the table there matches what is measured.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seqprep.grading.catalog import task_ids

from mutate import SOLUTIONS, mutants
from sweep import result as background, start_all

README = Path(__file__).resolve().parents[2] / "benchmarks" / "README.md"


@pytest.fixture(scope="module", autouse=True)
def _slow_jobs_start_early(request):
    """The slow tests' jobs start with this module's first test, in worker processes."""
    start_all(request.session)
TABLE = re.compile(r"<!-- mutation:start -->(.*?)<!-- mutation:end -->", re.S)

LOOP_ORDER = "the loop only adds into counters, sets or a dict; the order of the additions does not matter"
STALE_WHERE = ("`where[p]` only tells which words to revisit when p is merged; a stale entry is harmless "
               "(merging p there changes nothing), and every pair of the new word is added back just after")

EQUIVALENT: dict[str, dict[str, str]] = {
    "beam-search": {
        "reverse: `for _ in range(max_len):` -> `for _ in reversed(list(range(max_len))):`":
            "the loop variable is unused: max_len steps either way",
        "reverse: `for (tokens, score) in candidates[:beam_size]:` -> "
        "`for (tokens, score) in reversed(list(candidates[:beam_size])):`":
            "the order of `live` and `finished` never matters: the next step sorts all candidates by the total "
            "key (-score, tokens) and the answer is a min over the same key",
        "reverse: `(finished if tokens[-1] == eos else live).append((tokens, score))` -> "
        "`(finished if tokens[-1] == eos else live).insert(0, (tokens, score))`":
            "the order of `live` and `finished` never matters: the next step sorts all candidates by the total "
            "key (-score, tokens) and the answer is a min over the same key",
    },
    "bpe-encode": {
        "compare: `while len(symbols) > 1:` -> `while len(symbols) >= 1:`":
            "a word of one symbol has no adjacent pair, so the loop breaks at once",
    },
    "bpe-train": {
        "reverse: `for (index, symbols) in enumerate(words):` -> "
        "`for (index, symbols) in reversed(list(enumerate(words))):`": LOOP_ORDER,
        "reverse: `for pair in zip(symbols, symbols[1:]):` -> "
        "`for pair in reversed(list(zip(symbols, symbols[1:]))):`": LOOP_ORDER,
        "reverse: `for index in sorted(where.get(pair, ())):` -> "
        "`for index in reversed(list(sorted(where.get(pair, ())))):`":
            "each word is merged on its own; the counts are sums, and the heap picks the same "
            "(-count, pair) minimum whatever order the entries were pushed in",
        "reverse: `for index in sorted(where.get(pair, ())):` -> "
        "`for index in sorted(where.get(pair, ()), reverse=True):`":
            "each word is merged on its own; the counts are sums, and the heap picks the same "
            "(-count, pair) minimum whatever order the entries were pushed in",
        "reverse: `for p in zip(old, old[1:]):` -> `for p in reversed(list(zip(old, old[1:]))):`": LOOP_ORDER,
        "reverse: `for p in zip(new, new[1:]):` -> `for p in reversed(list(zip(new, new[1:]))):`": LOOP_ORDER,
        "reverse: `for (p, change) in delta.items():` -> `for (p, change) in reversed(list(delta.items())):`":
            "each pair's count is updated on its own; the heap picks the same minimum whatever the push order",
        "reverse: `for p in set(zip(old, old[1:])) - set(zip(new, new[1:])):` -> "
        "`for p in reversed(list(set(zip(old, old[1:])) - set(zip(new, new[1:])))):`": LOOP_ORDER,
        "term: `for p in set(zip(old, old[1:])) - set(zip(new, new[1:])):` -> "
        "`for p in set(zip(old, old[1:])):`": STALE_WHERE,
        "range: `for p in set(zip(old, old[1:])) - set(zip(new, new[1:])):` -> "
        "`for p in set(zip(old, old[1:-1])) - set(zip(new, new[1:])):`": STALE_WHERE,
        "range: `for p in set(zip(old, old[1:])) - set(zip(new, new[1:])):` -> "
        "`for p in set(zip(old, old[1:])) - set(zip(new, new[2:])):`": STALE_WHERE,
        "range: `for p in set(zip(old, old[1:])) - set(zip(new, new[1:])):` -> "
        "`for p in set(zip(old, old[1:])) - set(zip(new, new[0:])):`": STALE_WHERE,
        "range: `for p in set(zip(old, old[1:])) - set(zip(new, new[1:])):` -> "
        "`for p in set(zip(old, old[1:])) - set(zip(new, new[1:-1])):`": STALE_WHERE,
        "reverse: `for p in set(zip(new, new[1:])):` -> `for p in reversed(list(set(zip(new, new[1:])))):`":
            LOOP_ORDER,
    },
    "resize-embeddings": {
        "compare: `if new_num_tokens > old_num_tokens:` -> `if new_num_tokens >= old_num_tokens:`":
            "when the sizes are equal the assignment to new.weight[old_num_tokens:] writes an empty slice",
    },
    "sampling": {
        "compare: `if top_k is not None and top_k < scores.shape[-1]:` -> "
        "`if top_k is not None and top_k <= scores.shape[-1]:`":
            "with top_k = V the k-th largest logit is the smallest one, so the filter keeps every token",
        "compare: `if top_p is not None and top_p < 1.0:` -> `if top_p is not None and top_p <= 1.0:`":
            "with top_p = 1.0 the mass before each token is 1 - p_i < 1, so the filter keeps every token "
            "(it could differ only for a token below the rounding of the sum, ~1e-16)",
        "compare: `kept = (before < top_p).sum(dim=-1, keepdim=True)` -> "
        "`kept = (before <= top_p).sum(dim=-1, keepdim=True)`":
            "differs only when a partial sum equals top_p exactly, which the statement leaves out: the checks "
            "place p well inside a token's probability",
    },
    "tiled-attention": {
        "range: `m = q.new_full(q.shape[:-1], float('-inf'))` -> `m = q.new_full(q.shape[1:-1], float('-inf'))`":
            "the initial running max is the constant -inf: any shape that broadcasts gives the same m "
            "after the first block (Tk >= 1)",
        "range: `m = q.new_full(q.shape[:-1], float('-inf'))` -> `m = q.new_full(q.shape[:0], float('-inf'))`":
            "the initial running max is the constant -inf: a scalar broadcasts to the same m after the "
            "first block",
        "range: `l = q.new_zeros(q.shape[:-1])` -> `l = q.new_zeros(q.shape[1:-1])`":
            "the initial running sum is the constant 0: any shape that broadcasts gives the same l",
        "range: `l = q.new_zeros(q.shape[:-1])` -> `l = q.new_zeros(q.shape[:0])`":
            "the initial running sum is the constant 0: a scalar broadcasts to the same l",
        "term: `acc = q.new_zeros(q.shape[:-1] + (v.shape[-1],))` -> `acc = q.new_zeros((v.shape[-1],))`":
            "the initial accumulator is the constant 0: any shape that broadcasts gives the same output",
        "range: `acc = q.new_zeros(q.shape[:-1] + (v.shape[-1],))` -> "
        "`acc = q.new_zeros(q.shape[1:-1] + (v.shape[-1],))`":
            "the initial accumulator is the constant 0: any shape that broadcasts gives the same output",
        "range: `acc = q.new_zeros(q.shape[:-1] + (v.shape[-1],))` -> "
        "`acc = q.new_zeros(q.shape[:0] + (v.shape[-1],))`":
            "the initial accumulator is the constant 0: any shape that broadcasts gives the same output",
        "reverse: `for start in range(0, Tk, block_size):` -> "
        "`for start in reversed(list(range(0, Tk, block_size))):`":
            "the online softmax is exact in any block order: the rescaling by exp(m_old - m_new) makes "
            "the result independent of the order the blocks are visited in",
    },
    "unigram-viterbi": {
        "range: `for end in range(1, n + 1):` -> `for end in range(0, n + 1):`":
            "end = 0 has no start before it: range(max(0, -longest), 0) is empty",
        "range: `for begin in range(max(0, end - longest), end):` -> "
        "`for begin in range(max(0, end - longest) - 1, end):`":
            "the extra start gives a piece longer than the longest one, or begin = -1 when end <= longest: "
            "text[-1:end] is empty unless end = n, and then best[-1] = best[n] is still -inf when it is read",
        "range: `for begin in range(max(0, end - longest), end):` -> "
        "`for begin in range(max(0, end - longest), end + 1):`":
            "begin = end gives the empty piece, which is never in the vocabulary (pieces are non-empty)",
        "compare: `if piece in log_probs and best[begin] > -math.inf:` -> "
        "`if piece in log_probs and best[begin] >= -math.inf:`":
            "a prefix with best = -inf gives a score of -inf, which is never > best[end]",
    },
    "word-vocab": {
        "reverse: `for text in texts:` -> `for text in reversed(list(texts)):`":
            "the counts are sums over all texts, and ties are broken by the word, not by first occurrence",
    },
}


def _table_rows() -> dict[str, list[str]]:
    match = TABLE.search(README.read_text(encoding="utf-8"))
    assert match, "benchmarks/README.md has no <!-- mutation:start --> ... <!-- mutation:end --> table"
    rows = {}
    for line in match.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[0] not in ("task", "") and not set(cells[0]) <= {"-"}:
            rows[cells[0].strip("`")] = cells
    return rows


def row(task_id: str, total: int, killed: int, equivalent: int) -> str:
    """The task's line of the README table."""
    counted = total - equivalent
    score = killed / counted if counted else 1.0
    return f"| {task_id} | {total} | {killed} | {equivalent} | {score:.1%} | {killed / total:.1%} |"


def test_every_listed_mutant_exists():
    """An id in EQUIVALENT that no mutant has any more is stale (the reference changed)."""
    for task_id, listed in EQUIVALENT.items():
        assert task_id in task_ids(), f"EQUIVALENT names an unknown task {task_id}"
        ids = {m.id for m in mutants((SOLUTIONS / task_id / "right_reference.py").read_text(encoding="utf-8"))}
        stale = [m for m in listed if m not in ids]
        assert not stale, f"{task_id}: listed as equivalent but no longer a mutant: {stale}"
        assert all(reason.strip() for reason in listed.values())


def test_the_operators_make_the_mutants_the_issue_names():
    """Each operator does what its name says, on a small known function."""
    source = ("import torch\n\n\ndef f(x, w, b, n):\n"
              "    m = x.amax(dim=-1, keepdim=True)\n"
              "    y = (x - m) @ w.transpose(0, 1) / n ** 0.5 + b\n"
              "    for i in range(1, n):\n"
              "        if i < n:\n"
              "            y = y + i\n"
              "    return y\n")
    made = {m.id for m in mutants(source)}
    for expected in (
        "scale: `y = (x - m) @ w.transpose(0, 1) / n ** 0.5 + b` -> `y = (x - m) @ w.transpose(0, 1) + b`",
        "transpose: `y = (x - m) @ w.transpose(0, 1) / n ** 0.5 + b` -> `y = (x - m) @ w / n ** 0.5 + b`",
        "dim: `m = x.amax(dim=-1, keepdim=True)` -> `m = x.amax(dim=-2, keepdim=True)`",
        "keepdim: `m = x.amax(dim=-1, keepdim=True)` -> `m = x.amax(dim=-1)`",
        "compare: `if i < n:` -> `if i <= n:`",
        "minmax: `m = x.amax(dim=-1, keepdim=True)` -> `m = x.amin(dim=-1, keepdim=True)`",
        "range: `for i in range(1, n):` -> `for i in range(2, n):`",
        "term: `y = (x - m) @ w.transpose(0, 1) / n ** 0.5 + b` -> `y = (x - m) @ w.transpose(0, 1) / n ** 0.5`",
        "reverse: `for i in range(1, n):` -> `for i in reversed(list(range(1, n))):`",
        "identity: `return y` -> `return x`",
    ):
        assert expected in made, expected
    for mutant in mutants(source):
        compile(mutant.source, mutant.id, "exec")


# What a hint must not be: a dump of the hidden inputs (a tensor's or an array's repr, or four or
# more numbers in a row of which one is not a whole number). A position or a shape (whole numbers),
# an error size or a count is what a candidate can act on.
REPR = re.compile(r"tensor\(|array\(")
NUMBER = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"
RUN = re.compile(rf"{NUMBER}(?:\s*,\s*{NUMBER}){{3,}}")


def _dump(text: str) -> bool:
    return bool(REPR.search(text)) or any(re.search(r"[.e]", run) for run in RUN.findall(text))


def hint_problems(hints: dict) -> list[str]:
    """The killed mutants whose first failed check says nothing usable or shows the hidden inputs."""
    problems = []
    for mutant, (check, message) in hints.items():
        if not check or len(message.split()) < 3:
            problems.append(f"{mutant!r}: the failed check {check!r} says too little: {message!r}")
        elif _dump(message.split(" (line ")[0]):
            problems.append(f"{mutant!r}: the message of {check!r} shows numbers in a row: {message[:200]!r}")
    return problems


def test_hint_problems_finds_dumps_and_empty_messages():
    good = {"a": ("weights match", "weights: max abs error 0.233 at index (1, 0, 2, 0); allowed atol=1e-08")}
    assert hint_problems(good) == []
    assert hint_problems({"b": ("weights match", "")}) and hint_problems({"c": ("", "wrong value here")})
    assert hint_problems({"d": ("out", "got tensor([[0.1, 0.2]])")})
    assert hint_problems({"e": ("out", "expected 0.25, 0.5, 1.0, -2e-3 at the first row")})
    assert not hint_problems({"f": ("shape", "out has shape (2, 3, 5, 7), expected (2, 3, 5, 4)")})


@pytest.mark.slow
@pytest.mark.parametrize("task_id", sorted(task_ids()))
def test_every_mutant_is_killed_or_equivalent(task_id, request):
    result = background(request, task_id)   # score_task(task_id), in a worker process
    listed = EQUIVALENT.get(task_id, {})
    unexplained = {m: seeds for m, seeds in result.survivors.items() if m not in listed}
    killed_but_listed = [m for m in listed if m not in result.survivors]
    assert not unexplained, (
        f"{task_id}: {len(unexplained)} mutants of right_reference.py pass on some seeds; kill each with a check, "
        "or list it in EQUIVALENT with the reason it is equivalent:\n"
        + "\n".join(f"  {m!r}: passes on seeds {seeds}" for m, seeds in unexplained.items()))
    assert not killed_but_listed, f"{task_id}: listed as equivalent but killed now: {killed_but_listed}"
    problems = hint_problems(result.hints)
    assert not problems, f"{task_id}: hints a candidate cannot act on, or that show hidden inputs:\n" + "\n".join(problems)
    equivalent = len(listed)
    assert result.score(frozenset(listed)) >= 0.95
    expected = row(task_id, result.total, len(result.killed), equivalent)
    rows = _table_rows()
    assert task_id in rows, f"benchmarks/README.md: add the row\n{expected}"
    assert "| " + " | ".join(rows[task_id]) + " |" == expected, f"benchmarks/README.md: the row is now\n{expected}"
