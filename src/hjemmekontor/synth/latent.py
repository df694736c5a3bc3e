"""Small vectorised building blocks of the response model.

Every observed answer is a latent normal variable cut into categories
(an ordered probit model; McCullagh 1980, "Regression models for ordinal
data", JRSS B 42:109–142). Effects are therefore on a standard-normal scale:
0.1 is small, 0.5 large.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MISSING", "bernoulli", "cut", "items", "logistic"]

# Integer code for "no answer" in the generator's arrays, turned into null on output.
MISSING = -1


def cut(latent: np.ndarray, cuts: tuple[float, ...] | np.ndarray) -> np.ndarray:
    """Category index 0..len(cuts) of each latent value (ordered thresholds)."""
    return np.searchsorted(np.asarray(cuts, dtype=float), latent).astype(np.int64)


def items(
    rng: np.random.Generator,
    latent: np.ndarray,
    count: int,
    cuts: tuple[float, ...],
    loading: float = 0.8,
) -> list[np.ndarray]:
    """Answers 1–5 to ``count`` items that measure one standardised latent score.

    Each item is ``loading * latent + sqrt(1 - loading²) * noise`` cut at
    ``cuts``, i.e. a congeneric measurement model with equal loadings; the
    scale score computed from the items then correlates with the latent score
    as in real questionnaire data, instead of being pasted in.
    """
    unique = np.sqrt(1.0 - loading**2)
    n = len(latent)
    return [1 + cut(loading * latent + unique * rng.standard_normal(n), cuts) for _ in range(count)]


def logistic(x: np.ndarray) -> np.ndarray:
    """Inverse logit."""
    return 1.0 / (1.0 + np.exp(-x))


def bernoulli(rng: np.random.Generator, log_odds: np.ndarray) -> np.ndarray:
    """Draw True with probability ``logistic(log_odds)``."""
    return rng.random(len(log_odds)) < logistic(log_odds)
