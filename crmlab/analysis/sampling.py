"""Sampling (抽样): a proportional stratified sample, and how precise a sample is.

- :func:`stratified_sample` -- every stratum (region, member tier ...) sampled at the
  same fraction, so the sample has the population's mix by construction;
- :func:`sampling_error` -- a stratified and a simple random sample side by side:
  their estimates of a mean, errors and standard errors.

Randomness follows ``random_state`` (see :func:`crmlab.validation.check_random_state`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError
from ..validation import (check_dataframe, check_float, check_int, check_nonempty, check_numeric_column,
                          check_random_state)

__all__ = ["stratified_sample", "sampling_error"]


def _fraction(data, frac, n):
    """The sampling fraction from ``frac`` or ``n`` (exactly one of them)."""
    if (frac is None) == (n is None):
        raise InvalidArgumentError(
            "请给出 `frac`（抽样比例）或 `n`（样本量）两者之一。",
            "Give exactly one of `frac` (sampling fraction) or `n` (sample size).")
    if n is not None:
        return check_int("n", n, low=1, high=len(data), example="n=300") / len(data)
    return check_float("frac", frac, low=0, low_open=True, high=1, example="frac=0.1")


def _strata(data, strata):
    strata = [strata] if isinstance(strata, str) else list(strata)
    check_dataframe("data", data, strata)
    check_nonempty("data", data)
    return strata


def stratified_sample(data, *, strata, frac=None, n=None, random_state=None):
    """Proportional stratified random sample (分层抽样).

    Every stratum (e.g. each region or member tier) gets the same sampling
    fraction, so the sample has the population's mix by construction.

    Parameters
    ----------
    data : pandas.DataFrame
        The population, e.g. the ``customers`` table.
    strata : str or list of str
        Column(s) defining the strata.
    frac, n : float or int
        Sampling fraction, or total sample size (``frac = n / len(data)``).
        Each stratum gets ``round(frac * size)`` rows, at least 1.
    random_state : None, int, str or numpy.random.Generator, default=None
        Randomness of the draw: a number (or a student id) gives the same
        sample every time; see :func:`crmlab.validation.check_random_state`.

    Returns
    -------
    pandas.DataFrame
        The sampled rows (original index), in the order of ``data``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import stratified_sample
    >>> customers = crmlab.load_dataset("classroom").customers
    >>> s = stratified_sample(customers, strata="region", frac=0.1, random_state=0)
    >>> len(s) == len(stratified_sample(customers, strata="region", frac=0.1, random_state=0))
    True
    """
    strata = _strata(data, strata)
    frac = _fraction(data, frac, n)
    rng = check_random_state(random_state)
    groups = data.groupby(strata, sort=False, observed=True, dropna=False).ngroup().to_numpy()
    sizes = np.bincount(groups)
    take = np.maximum(np.rint(frac * sizes), 1).astype(int)
    # random order within each stratum: sort by (stratum, random key), keep the first take[h]
    order = np.lexsort((rng.random(len(groups)), groups))
    pos = np.arange(len(groups)) - np.concatenate(([0], np.cumsum(sizes)[:-1]))[groups[order]]
    keep = np.zeros(len(groups), bool)
    keep[order[pos < take[groups[order]]]] = True
    return data[keep]


def sampling_error(data, *, value_col, strata, frac=0.05, random_state=None):
    """How well a sample estimates the mean of a column: stratified vs simple random.

    Parameters
    ----------
    data : pandas.DataFrame
        The full data (population).
    value_col : str
        Numeric column whose mean is estimated, e.g. spend per customer.
    strata : str or list of str
        Strata of the stratified sample.
    frac : float, default=0.05
        Sampling fraction of both samples.
    random_state : None, int, str or numpy.random.Generator, default=None
        Randomness of both draws; see :func:`crmlab.validation.check_random_state`.

    Returns
    -------
    pandas.DataFrame
        One row per design (``stratified``, ``simple``): ``n``, ``estimate``,
        ``true_value`` (full-data mean), ``error``, ``relative_error`` and
        ``standard_error`` (estimated from the sample, with finite population
        correction). Strata that differ in the value make the stratified
        standard error smaller: the same accuracy for a smaller survey.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import sampling_error
    >>> d = pd.DataFrame({"tier": ["a"] * 50 + ["b"] * 50, "spend": [10.0] * 50 + [100.0] * 50})
    >>> e = sampling_error(d, value_col="spend", strata="tier", frac=0.2, random_state=0)
    >>> float(e.loc["stratified", "error"])
    0.0
    """
    strata = _strata(data, strata)
    check_dataframe("data", data, [value_col])
    y_all = check_numeric_column(data, value_col, "data").astype(float)
    rng = check_random_state(random_state)
    strat = stratified_sample(data, strata=strata, frac=frac, random_state=rng)
    true = float(y_all.mean())
    N = len(data)
    # stratified estimate: stratum means weighted by stratum sizes
    pop = data.groupby(strata, observed=True, dropna=False).size().rename("N_h")
    g = strat.groupby(strata, observed=True, dropna=False)[value_col]
    st = pd.concat([pop, g.size().rename("n_h"), g.mean().rename("mean_h"),
                    g.var(ddof=1).rename("var_h")], axis=1)
    w = st["N_h"] / N
    est = float((w * st["mean_h"]).sum())
    fpc = 1 - st["n_h"] / st["N_h"]
    se_st = float(np.sqrt((w**2 * fpc * st["var_h"].fillna(0) / st["n_h"]).sum()))
    srs = data.iloc[np.sort(rng.choice(N, size=len(strat), replace=False))]
    y = srs[value_col].astype(float)
    se_srs = float(np.sqrt((1 - len(y) / N) * y.var(ddof=1) / len(y)))
    out = pd.DataFrame({
        "n": [len(strat), len(srs)], "estimate": [est, float(y.mean())], "true_value": true,
        "standard_error": [se_st, se_srs],
    }, index=pd.Index(["stratified", "simple"], name="design"))
    out["error"] = out["estimate"] - true
    out["relative_error"] = out["error"] / true
    return out[["n", "estimate", "true_value", "error", "relative_error", "standard_error"]]
