"""Agreement between two raters on ordinal levels: exact, adjacent, quadratic weighted kappa."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    """How often two raters agree on 0-4 levels over the same items."""

    count: int
    exact: float
    adjacent: float
    qwk: float


def quadratic_weighted_kappa(a: Sequence[int], b: Sequence[int], levels: int = 5) -> float:
    """Return Cohen's kappa with quadratic weights for two lists of levels 0..levels-1."""
    if len(a) != len(b):
        raise ValueError("both raters must rate the same items")
    n = len(a)
    if n == 0:
        return 0.0
    observed = [[0.0] * levels for _ in range(levels)]
    for x, y in zip(a, b, strict=True):
        observed[x][y] += 1
    hist_a = [sum(row) for row in observed]
    hist_b = [sum(observed[i][j] for i in range(levels)) for j in range(levels)]
    numerator = denominator = 0.0
    for i in range(levels):
        for j in range(levels):
            weight = (i - j) ** 2 / (levels - 1) ** 2
            numerator += weight * observed[i][j]
            denominator += weight * hist_a[i] * hist_b[j] / n
    return 1.0 if denominator == 0 else 1.0 - numerator / denominator


def agreement(a: Sequence[int], b: Sequence[int]) -> Agreement:
    """Return exact and adjacent agreement and quadratic weighted kappa."""
    n = len(a)
    exact = sum(x == y for x, y in zip(a, b, strict=True)) / n if n else 0.0
    adjacent = sum(abs(x - y) <= 1 for x, y in zip(a, b, strict=True)) / n if n else 0.0
    return Agreement(n, exact, adjacent, quadratic_weighted_kappa(a, b))
