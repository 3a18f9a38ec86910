"""Survival analysis: how long customers stay, with censoring (Kaplan-Meier).

A customer who has not lapsed by the end of the data is *censored*: we know they
stayed at least that long, not how long. :func:`kaplan_meier` estimates the share of
customers still active after each time without dropping or miscounting them; the
loyalty module draws one curve per member tier with it
(:func:`crmlab.analysis.survival_by_tier`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import EmptyDataError, InvalidArgumentError
from ..validation import check_float

__all__ = ["kaplan_meier"]


def kaplan_meier(durations, events, *, confidence: float = 0.95) -> pd.DataFrame:
    """Kaplan-Meier survival curve, computed directly.

    ``S(t) = prod over event times t_i <= t of (1 - d_i / n_i)``, with ``n_i`` the
    customers still at risk just before ``t_i`` and ``d_i`` those who lapsed at
    ``t_i``; Greenwood's variance gives the pointwise log-log interval.

    Parameters
    ----------
    durations : array-like
        Time each customer was observed (e.g. days).
    events : array-like of bool
        True when the customer lapsed at that time, False when still active
        (censored).
    confidence : float, default=0.95
        Level of the pointwise interval.

    Returns
    -------
    pandas.DataFrame
        One row per distinct event time: ``time``, ``at_risk``, ``events``,
        ``survival``, ``se`` (Greenwood) and ``ci_low``/``ci_high``.

    Examples
    --------
    >>> from crmlab.analysis import kaplan_meier
    >>> km = kaplan_meier([2, 3, 3, 5, 8], [True, True, False, True, False])
    >>> km[["time", "at_risk", "events", "survival"]].round(3).values.tolist()
    [[2.0, 5.0, 1.0, 0.8], [3.0, 4.0, 1.0, 0.6], [5.0, 2.0, 1.0, 0.3]]
    """
    from scipy import stats

    confidence = check_float("confidence", confidence, low=0, high=1, low_open=True, high_open=True,
                             example="confidence=0.95")
    t = np.asarray(durations, dtype=float)
    e = np.asarray(events, dtype=bool)
    if t.shape != e.shape or t.ndim != 1:
        raise InvalidArgumentError("durations 和 events 的长度必须相同。", "durations and events must have the same length.")
    if t.size == 0:
        raise EmptyDataError("没有可分析的客户。", "There are no customers to analyse.")
    if np.isnan(t).any() or (t < 0).any():
        raise InvalidArgumentError("durations 不能为负数或缺失。", "durations must be non-negative and not missing.")
    times, inv = np.unique(t, return_inverse=True)
    d = np.bincount(inv, weights=e, minlength=times.size)
    removed = np.bincount(inv, minlength=times.size)
    at_risk = t.size - np.r_[0, np.cumsum(removed)[:-1]]
    keep = d > 0
    times, d, at_risk = times[keep], d[keep], at_risk[keep]
    surv = np.cumprod(1 - d / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        gw = np.cumsum(d / (at_risk * (at_risk - d)))
        se = surv * np.sqrt(gw)
        z = stats.norm.ppf(0.5 + confidence / 2)
        # log(-log S) interval stays inside [0, 1].
        v = np.sqrt(gw) / np.abs(np.log(surv))
        lo, hi = surv ** np.exp(z * v), surv ** np.exp(-z * v)
    return pd.DataFrame({"time": times, "at_risk": at_risk.astype(int), "events": d.astype(int), "survival": surv,
                         "se": se, "ci_low": lo, "ci_high": hi})
