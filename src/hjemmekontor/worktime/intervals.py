"""Vectorised interval arithmetic over per-person sorted arrays.

All functions take flat numpy arrays sorted by (person, start). Rolling
windows are evaluated with ``searchsorted`` on a *keyed* time axis,
``key = person * stride + t``, so that one search over the whole array never
crosses from one person into the next (the stride is larger than any window).
No Python loop runs per registration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def keyed(person: np.ndarray, t: np.ndarray, origin: int, stride: int) -> np.ndarray:
    """Time ``t`` shifted into the private band of ``person``."""
    return person.astype(np.int64) * stride + (t - origin)


def segment_starts(person: np.ndarray) -> np.ndarray:
    """True where a new person's block begins."""
    first = np.ones(person.shape, dtype=bool)
    first[1:] = person[1:] != person[:-1]
    return first


MAX_STEPS = 48


def last_before(key: np.ndarray, window: int) -> np.ndarray:
    """Index of the last ``key[j] < key[i] + window`` for each i (``key`` sorted).

    Windows hold few registrations, so counting neighbours offset by offset is
    a handful of linear passes over the array - much faster than a binary
    search per element at ten million rows, whose every probe misses the
    cache. Dense data falls back to ``searchsorted``.
    """
    n = key.size
    count = np.zeros(n, dtype=np.int64)
    limit = key + window
    for step in range(1, min(n, MAX_STEPS + 1)):
        hit = key[step:] < limit[:-step]
        if not hit.any():
            return np.arange(n) + count
        count[:-step] += hit
    if n <= MAX_STEPS + 1:
        return np.arange(n) + count
    return np.searchsorted(key, limit, side="left") - 1


def first_after(key: np.ndarray, window: int) -> np.ndarray:
    """Index of the first ``key[i] > key[j] - window`` for each j (``key`` sorted)."""
    n = key.size
    count = np.zeros(n, dtype=np.int64)
    limit = key - window
    for step in range(1, min(n, MAX_STEPS + 1)):
        hit = key[:-step] > limit[step:]
        if not hit.any():
            return np.arange(n) - count
        count[step:] += hit
    if n <= MAX_STEPS + 1:
        return np.arange(n) - count
    return np.searchsorted(key, limit, side="right")


@dataclass(frozen=True)
class WindowSums:
    """Work in the windows anchored at interval starts and at interval ends."""

    forward: np.ndarray
    backward: np.ndarray
    last: np.ndarray  # last interval in each forward window
    first: np.ndarray  # first interval in each backward window


def window_sums(
    key_s: np.ndarray,
    key_e: np.ndarray,
    work_rate: np.ndarray,
    window: int,
) -> WindowSums:
    """Work inside ``[s_i, s_i + window)`` and ``[e_j - window, e_j)`` for all i, j.

    Intervals must be disjoint per person; work is spread evenly over each
    interval at ``work_rate`` (work seconds per clock second, < 1 when a
    break was registered). The maximum of a sliding-window sum of a piecewise
    constant rate is reached by a window that starts at an interval start or
    ends at an interval end, so these two families give the exact maximum.
    """
    work = (key_e - key_s) * work_rate
    cum = np.empty(key_s.size + 1)
    cum[0] = 0.0
    np.cumsum(work, out=cum[1:])
    # Forward: last interval that starts before the window end.
    j = last_before(key_s, window)
    forward = cum[j + 1] - cum[:-1]
    forward -= np.maximum(0, key_e[j] - (key_s + window)) * work_rate[j]
    # Backward: first interval that ends after the window start.
    i = first_after(key_e, window)
    backward = cum[1:] - cum[i]
    backward -= np.maximum(0, (key_e - window) - key_s[i]) * work_rate[i]
    return WindowSums(forward, backward, j, i)


def longest_free(
    key_s: np.ndarray, key_e: np.ndarray, window: int, threshold: int
) -> tuple[np.ndarray, np.ndarray]:
    """Does ``[s_i, s_i + window)`` hold ``threshold`` seconds off in one piece?

    Returns a boolean array (True = the window has no such free stretch) and
    the longest free stretch inside each window. Free stretches are the gaps
    between consecutive intervals of the person that lie inside the window,
    plus the stretch from the last work in the window to the window's end.
    """
    n = key_s.size
    gap = np.full(n, np.iinfo(np.int64).max // 4, dtype=np.int64)
    gap[:-1] = key_s[1:] - key_e[:-1]  # across persons the stride makes it huge
    big = np.concatenate(([0], np.cumsum(gap >= threshold)))
    idx = np.arange(n)
    j = last_before(key_s, window)
    inner_big = big[j] - big[idx]  # gaps i .. j-1
    tail = np.maximum(0, key_s + window - key_e[j])
    short = (inner_big == 0) & (tail < threshold)
    longest = np.zeros(n, dtype=np.int64)
    bad = np.flatnonzero(short)
    if bad.size:
        best = tail[bad].copy()
        span = j[bad] - bad
        for step in range(int(span.max()) if span.size else 0):
            live = step < span
            best = np.where(live, np.maximum(best, gap[np.minimum(bad + step, n - 1)]), best)
        longest[bad] = best
    return short, longest


@dataclass(frozen=True)
class IntervalSet:
    """Sorted, disjoint global intervals (e.g. protected periods) in UTC seconds."""

    start: np.ndarray
    end: np.ndarray

    def __post_init__(self) -> None:
        covered = np.concatenate(([0], np.cumsum(self.end - self.start)))
        object.__setattr__(self, "_covered", covered)

    def _measure_before(self, t: np.ndarray) -> np.ndarray:
        covered: np.ndarray = self._covered  # type: ignore[attr-defined]
        k = np.searchsorted(self.start, t, side="right")  # intervals starting <= t
        inside = np.where(k > 0, np.minimum(t, self.end[np.maximum(k - 1, 0)]), 0)
        part = np.where(k > 0, inside - self.start[np.maximum(k - 1, 0)], 0)
        return covered[np.maximum(k - 1, 0)] * (k > 0) + np.maximum(part, 0)

    def overlap(self, s: np.ndarray, e: np.ndarray) -> np.ndarray:
        """Seconds of ``[s, e)`` inside the set."""
        if self.start.size == 0:
            return np.zeros(s.shape, dtype=np.int64)
        return self._measure_before(e) - self._measure_before(s)

    def clip(self, s: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """From the first to the last moment of ``[s, e)`` that lies inside the set."""
        first = np.searchsorted(self.end, s, side="right")
        last = np.searchsorted(self.start, e, side="left") - 1
        first = np.minimum(first, self.start.size - 1)
        last = np.maximum(last, 0)
        return np.maximum(s, self.start[first]), np.minimum(e, self.end[last])


def coalesce(
    person: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    value: np.ndarray,
    *,
    worst: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge overlapping windows of one person into one episode.

    Sliding windows report the same excess many times over; a reader wants
    one breach per episode. ``worst`` is ``"max"`` for upper limits and
    ``"min"`` for lower limits. Returns, per episode, the start and end of the
    window with the worst value and its index (into the inputs): the episode
    is described by one real window of the rule (24 hours, seven days), not
    by the union of overlapping windows, which spans longer than the rule's
    window (a "per 24 timer" breach shown over 37 hours reads as wrong).
    """
    if person.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    stride = int(end.max() - start.min()) + 1
    origin = int(start.min())
    # Candidates arrive as a few sorted runs; a stable sort merges runs fast.
    order = np.argsort(keyed(person, start, origin, stride), kind="stable")
    p, s, e, v = person[order], start[order], end[order], value[order]
    ks = keyed(p, s, origin, stride)
    ke = keyed(p, e, origin, stride)
    reach = np.maximum.accumulate(ke)
    new = np.ones(p.size, dtype=bool)
    new[1:] = ks[1:] >= reach[:-1]
    heads = np.flatnonzero(new)
    group = np.cumsum(new) - 1
    ufunc = np.maximum if worst == "max" else np.minimum
    best = ufunc.reduceat(v, heads)
    is_best = np.flatnonzero(v == best[group])
    _, first = np.unique(group[is_best], return_index=True)
    pick = is_best[first]
    return s[pick], e[pick], order[pick]
