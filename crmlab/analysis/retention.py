"""Repeat purchase and the shape of sales over time (course chapter 9):
repeat-purchase rate, customer and product repurchase cycles, cohort retention by
acquisition month, year-over-year (同比) and period-over-period (环比) growth,
trend and seasonality, stratified sampling and its error, and correlation with
significance.

Only paid orders count as sales: with ``paid_only=True`` (the default) rows whose
``payment_status`` is not ``"paid"`` are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import check_choice
from ..errors import InvalidArgumentError
from ._validation import require_columns, require_nonempty, require_numeric, to_datetime_col

__all__ = [
    "repeat_purchase_rate", "repurchase_cycle", "cohort_retention", "growth",
    "sales_trend", "stratified_sample", "sampling_error", "correlation", "correlation_table",
]

_FREQS = ("D", "W", "M", "Q", "Y")
_PER_YEAR = {"M": 12, "Q": 4, "Y": 1}


def _orders(orders, cols, paid_only, name="orders"):
    """Checked copy of the needed columns, paid rows only, times tz-naive local."""
    require_columns(orders, cols, name=name)
    if paid_only and "payment_status" in orders.columns:
        orders = orders[orders["payment_status"].to_numpy() == "paid"]
    require_nonempty(orders, name=name)
    out = orders[list(dict.fromkeys(cols))].copy()
    t = to_datetime_col(out, cols[1], name=name)
    if getattr(t.dtype, "tz", None) is not None:
        t = t.dt.tz_localize(None)  # periods follow the data's local calendar
    if t.isna().any():
        raise InvalidArgumentError(
            f"列 `{cols[1]}` 含有缺失的时间。请先删除这些行。",
            f"Column `{cols[1]}` has missing times. Drop those rows first.")
    out[cols[1]] = t
    return out


def _period(t, freq):
    return t.dt.to_period(freq)


def repeat_purchase_rate(orders, *, basis="customers", freq=None, customer_id_col="customer_id",
                         datetime_col="order_time", paid_only=True):
    """Repeat-purchase rate (重复购买率).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    basis : {"customers", "orders"}, default="customers"
        ``"customers"``: share of buying customers who bought more than once
        (the usual 统计口径 of 复购率). ``"orders"``: share of orders that were
        not the customer's first order.
    freq : {"D", "W", "M", "Q", "Y"}, optional
        Also compute the rate within each period (a customer repeats in a
        month if they ordered at least twice in it). Default: the whole data.
    customer_id_col, datetime_col : str
        Column names.
    paid_only : bool, default=True
        Use only paid orders.

    Returns
    -------
    float or pandas.DataFrame
        The rate, or per period: ``buyers``, ``repeat_buyers`` and ``rate``
        (customers basis) or ``orders``, ``repeat_orders`` and ``rate``. A low
        rate means the shop lives on new customers: retention work pays.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import repeat_purchase_rate
    >>> o = pd.DataFrame({"customer_id": [1, 1, 2, 3],
    ...                   "order_time": pd.to_datetime(["2024-01-01", "2024-02-01",
    ...                                                 "2024-01-05", "2024-01-09"])})
    >>> repeat_purchase_rate(o)
    0.3333333333333333
    """
    check_choice("basis", basis, ("customers", "orders"))
    df = _orders(orders, [customer_id_col, datetime_col], paid_only)
    if freq is None:
        counts = df.groupby(customer_id_col).size()
        if basis == "customers":
            return float((counts > 1).mean())
        return float((counts.sum() - len(counts)) / counts.sum())
    check_choice("freq", freq, _FREQS)
    df["period"] = _period(df[datetime_col], freq)
    if basis == "customers":
        per = df.groupby(["period", customer_id_col]).size()
        g = (per > 1).groupby(level="period")
        out = pd.DataFrame({"buyers": g.size(), "repeat_buyers": g.sum()})
        out["rate"] = out["repeat_buyers"] / out["buyers"]
    else:
        df = df.sort_values(datetime_col, kind="stable")
        repeat = df.duplicated(customer_id_col)  # not the customer's first order ever
        g = repeat.groupby(df["period"])
        out = pd.DataFrame({"orders": g.size(), "repeat_orders": g.sum()})
        out["rate"] = out["repeat_orders"] / out["orders"]
    return out


def repurchase_cycle(orders, *, level="customer", order_items=None, customer_id_col="customer_id",
                     datetime_col="order_time", paid_only=True):
    """Repurchase cycle (回购周期): days between a customer's purchases.

    Purchases are counted per calendar day (two orders on one day are one
    purchase), and a cycle is the number of days between consecutive purchase
    days.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order (``order_id`` is needed for ``level="product"``).
    level : {"customer", "product"}, default="customer"
        ``"customer"``: days between any two consecutive purchases of a
        customer. ``"product"``: days between two purchases of the *same
        product* by the same customer; needs ``order_items``.
    order_items : pandas.DataFrame, optional
        One row per order line (``order_id``, ``product_id``), for
        ``level="product"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (or product): ``purchases`` (purchase days; for
        products: customers' repeat purchases observed), ``mean_days`` and
        ``median_days`` of the cycle (NaN with fewer than two purchases). A
        product's median cycle tells when to remind its buyers to buy again.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import repurchase_cycle
    >>> o = pd.DataFrame({"customer_id": [1, 1, 1],
    ...     "order_time": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-31"])})
    >>> repurchase_cycle(o)["mean_days"].tolist()
    [15.0]
    """
    check_choice("level", level, ("customer", "product"))
    if level == "customer":
        df = _orders(orders, [customer_id_col, datetime_col], paid_only)
        keys = [customer_id_col]
    else:
        if order_items is None:
            raise InvalidArgumentError(
                "level='product' 需要参数 `order_items`（订单明细表，如 shop.order_items）。",
                "level='product' needs `order_items` (the order lines, e.g. shop.order_items).")
        df = _orders(orders, ["order_id", datetime_col, customer_id_col], paid_only)
        require_columns(order_items, ["order_id", "product_id"], name="order_items")
        df = order_items[["order_id", "product_id"]].merge(df, on="order_id", how="inner")
        require_nonempty(df, name="order_items")
        keys = [customer_id_col, "product_id"]
    df["day"] = df[datetime_col].dt.floor("D")
    days = df[keys + ["day"]].drop_duplicates().sort_values(keys + ["day"], kind="stable")
    same = np.ones(len(days), bool)
    for k in keys:
        v = days[k].to_numpy()
        same[1:] &= v[1:] == v[:-1]
    same[0] = False
    gap = np.full(len(days), np.nan)
    d = days["day"].to_numpy()
    gap[1:] = (d[1:] - d[:-1]) / np.timedelta64(1, "D")
    days["gap"] = np.where(same, gap, np.nan)
    if level == "customer":
        g = days.groupby(customer_id_col)
        return pd.DataFrame({"purchases": g.size(), "mean_days": g["gap"].mean(),
                             "median_days": g["gap"].median()})
    g = days.dropna(subset=["gap"]).groupby("product_id")["gap"]
    out = pd.DataFrame({"purchases": g.size(), "mean_days": g.mean(), "median_days": g.median()})
    return out


def cohort_retention(orders, *, freq="M", values="share", customer_id_col="customer_id",
                     datetime_col="order_time", paid_only=True):
    """Cohort retention matrix by acquisition period (first purchase).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    freq : {"M", "Q", "W", "Y"}, default="M"
        Length of a cohort and of a step.
    values : {"share", "count"}, default="share"
        Share of the cohort active in each period, or the number of customers.

    Returns
    -------
    pandas.DataFrame
        Rows: cohorts (the period of first purchase, a ``Period``), columns:
        periods since acquisition (0, 1, 2, ...). Cell = customers of the
        cohort who bought in that period (share of the cohort's size; column 0
        is 1.0). Cells after the end of the data are NaN. Reading down a
        column compares cohorts at the same age: did newer customers stay
        better?

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import cohort_retention
    >>> o = pd.DataFrame({"customer_id": [1, 1, 2, 3],
    ...     "order_time": pd.to_datetime(["2024-01-03", "2024-02-03", "2024-01-09",
    ...                                   "2024-02-10"])})
    >>> cohort_retention(o).round(2).to_numpy().tolist()
    [[1.0, 0.5], [1.0, nan]]
    """
    check_choice("freq", freq, ("W", "M", "Q", "Y"))
    check_choice("values", values, ("share", "count"))
    df = _orders(orders, [customer_id_col, datetime_col], paid_only)
    p = _period(df[datetime_col], freq)
    ordinal = p.array.asi8  # integer period numbers: differences are steps
    df["p"] = ordinal
    first = df.groupby(customer_id_col)["p"].transform("min")
    df["cohort"], df["age"] = first, df["p"] - first
    active = df[["cohort", "age", customer_id_col]].drop_duplicates()
    counts = active.groupby(["cohort", "age"]).size().unstack("age", fill_value=0)
    last = ordinal.max()
    ages = np.arange(int(counts.columns.max()) + 1)
    counts = counts.reindex(columns=ages, fill_value=0)
    # cells beyond the end of the data are unknown, not zero
    beyond = (counts.index.to_numpy()[:, None] + ages[None, :]) > last
    mat = counts.astype(float).mask(beyond)
    if values == "share":
        mat = mat.div(counts[0], axis=0)
    mat.index = pd.PeriodIndex.from_ordinals(counts.index.to_numpy(), freq=p.dt.freq)
    mat.index.name = "cohort"
    mat.columns.name = "periods_since_first"
    return mat


def growth(orders, *, freq="M", metric="sales", value_col="amount", customer_id_col="customer_id",
           datetime_col="order_time", paid_only=True):
    """Sales per period with period-over-period (环比) and year-over-year (同比) growth.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    freq : {"M", "Q", "Y"}, default="M"
        Period length.
    metric : {"sales", "orders", "customers"}, default="sales"
        Sum of ``value_col``, number of orders, or number of distinct buyers.

    Returns
    -------
    pandas.DataFrame
        Indexed by period (every period from the first to the last, empty ones
        0): ``value``, ``mom`` (change against the previous period, a share:
        0.1 = +10%), ``yoy`` (change against the same period one year before;
        NaN in the first year). Comparing with the same month last year removes
        seasonality (11.11 is always big), which the month-on-month change does
        not.
    """
    check_choice("freq", freq, tuple(_PER_YEAR))
    check_choice("metric", metric, ("sales", "orders", "customers"))
    cols = [customer_id_col, datetime_col] + ([value_col] if metric == "sales" else [])
    df = _orders(orders, cols, paid_only)
    period = _period(df[datetime_col], freq)
    if metric == "sales":
        v = require_numeric(df, value_col).groupby(period).sum()
    elif metric == "orders":
        v = period.groupby(period).size()
    else:
        v = df[customer_id_col].groupby(period).nunique()
    full = pd.period_range(v.index.min(), v.index.max(), freq=v.index.freq)
    v = v.reindex(full, fill_value=0).astype(float)
    prev = v.shift(1)
    year_ago = v.shift(_PER_YEAR[freq])
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame({"value": v, "mom": v / prev - 1, "yoy": v / year_ago - 1})
    out.index.name = "period"
    return out


def _moving_average(x, period):
    """Centred moving average as statsmodels' seasonal_decompose (2 x m MA for even m)."""
    if period % 2 == 0:
        w = np.r_[0.5, np.ones(period - 1), 0.5] / period
    else:
        w = np.ones(period) / period
    half = len(w) // 2
    trend = np.full(len(x), np.nan)
    if len(x) >= len(w):
        trend[half:len(x) - half] = np.convolve(x, w, mode="valid")
    return trend


def sales_trend(orders, *, freq="D", period=7, value_col="amount", datetime_col="order_time",
                paid_only=True):
    """Trend and seasonality of sales: classical additive decomposition.

    The series of sales per ``freq`` (empty periods 0) is split into
    ``trend`` (a centred moving average over one season, a 2 x m average when
    ``period`` is even), ``seasonal`` (the average deviation from the trend at
    each position in the season, centred on 0) and ``resid`` (the rest): the
    same numbers as ``statsmodels.tsa.seasonal.seasonal_decompose(...,
    model="additive")``, without needing statsmodels.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    freq : {"D", "W", "M"}, default="D"
        Step of the series.
    period : int, default=7
        Length of the season in steps: 7 for the weekly cycle of daily sales,
        12 for the yearly cycle of monthly sales.

    Returns
    -------
    pandas.DataFrame
        Indexed by the start of each step: ``observed``, ``trend`` (NaN for the
        first and last half season), ``seasonal``, ``resid`` and
        ``rolling_mean`` (trailing mean over one season, what a dashboard
        shows). A rising trend is growth; a large seasonal swing says when to
        staff up and stock up.
    """
    check_choice("freq", freq, ("D", "W", "M"))
    if not isinstance(period, (int, np.integer)) or period < 2:
        raise InvalidArgumentError(
            f"`period` 必须是不小于 2 的整数，但传入的是 {period!r}。",
            f"`period` must be an integer of at least 2, but {period!r} was passed.")
    df = _orders(orders, [value_col, datetime_col], paid_only)
    step = _period(df[datetime_col], freq)
    s = require_numeric(df, value_col).groupby(step).sum()
    full = pd.period_range(s.index.min(), s.index.max(), freq=s.index.freq)
    s = s.reindex(full, fill_value=0).astype(float)
    if len(s) < 2 * period:
        raise InvalidArgumentError(
            f"分解需要至少两个完整周期（{2 * period} 个数据点），但只有 {len(s)} 个。请缩短 `period` 或使用更长的数据。",
            f"Decomposition needs at least two full seasons ({2 * period} points), but there "
            f"are {len(s)}. Use a shorter `period` or more data.")
    x = s.to_numpy()
    trend = _moving_average(x, period)
    detrended = x - trend
    n_full = -(-len(x) // period) * period
    pad = np.full(n_full, np.nan)
    pad[:len(x)] = detrended
    avg = np.nanmean(pad.reshape(-1, period), axis=0)  # mean at each season position
    avg -= avg.mean()
    seasonal = np.tile(avg, n_full // period)[:len(x)]
    return pd.DataFrame({
        "observed": x, "trend": trend, "seasonal": seasonal, "resid": detrended - seasonal,
        "rolling_mean": s.rolling(period).mean().to_numpy(),
    }, index=s.index.to_timestamp().rename("date"))


# ------------------------------------------------------------------ sampling


def _check_fraction(frac, n):
    if (frac is None) == (n is None):
        raise InvalidArgumentError(
            "请给出 `frac`（抽样比例）或 `n`（样本量）两者之一。",
            "Give exactly one of `frac` (sampling fraction) or `n` (sample size).")
    if frac is not None and not 0 < frac <= 1:
        raise InvalidArgumentError(
            f"`frac` 必须在 (0, 1] 之间，但传入的是 {frac!r}。",
            f"`frac` must be in (0, 1], but {frac!r} was passed.")


def stratified_sample(data, *, strata, frac=None, n=None, random_state=None):
    """Proportional stratified random sample (分层抽样).

    Every stratum (e.g. each region or member tier) gets the same sampling
    fraction, so the sample has the population's mix by construction.

    Parameters
    ----------
    data : pandas.DataFrame
        The population, e.g. ``shop.customers``.
    strata : str or list of str
        Column(s) defining the strata.
    frac, n : float or int
        Sampling fraction, or total sample size (``frac = n / len(data)``).
        Each stratum gets ``round(frac * size)`` rows, at least 1.
    random_state : int or numpy Generator, optional
        Seed for a repeatable sample.

    Returns
    -------
    pandas.DataFrame
        The sampled rows (original index), in the order of ``data``.
    """
    strata = [strata] if isinstance(strata, str) else list(strata)
    require_columns(data, strata, name="data")
    require_nonempty(data, name="data")
    _check_fraction(frac, n)
    if n is not None:
        if not 1 <= n <= len(data):
            raise InvalidArgumentError(
                f"`n` 必须在 1 和 {len(data)} 之间，但传入的是 {n!r}。",
                f"`n` must be between 1 and {len(data)}, but {n!r} was passed.")
        frac = n / len(data)
    rng = np.random.default_rng(random_state)
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
    random_state : int, optional
        Seed.

    Returns
    -------
    pandas.DataFrame
        One row per design (``stratified``, ``simple``): ``n``, ``estimate``,
        ``true_value`` (full-data mean), ``error``, ``relative_error`` and
        ``standard_error`` (estimated from the sample, with finite population
        correction). Strata that differ in the value make the stratified
        standard error smaller: the same accuracy for a smaller survey.
    """
    strata = [strata] if isinstance(strata, str) else list(strata)
    require_columns(data, strata + [value_col], name="data")
    y_all = require_numeric(data, value_col, name="data").astype(float)
    rng = np.random.default_rng(random_state)
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


# ------------------------------------------------------------------ correlation


def _corr_stats(x, y, method):
    from scipy import stats

    ok = ~(np.isnan(x) | np.isnan(y))
    x, y = x[ok], y[ok]
    n = len(x)
    if n < 3:
        return dict(r=np.nan, p_value=np.nan, n=n, ci_low=np.nan, ci_high=np.nan)
    if method == "spearman":
        x, y = stats.rankdata(x), stats.rankdata(y)
    xm, ym = x - x.mean(), y - y.mean()
    denom = np.sqrt((xm @ xm) * (ym @ ym))
    r = float(np.clip((xm @ ym) / denom, -1, 1)) if denom > 0 else np.nan
    if np.isnan(r):
        return dict(r=r, p_value=np.nan, n=n, ci_low=np.nan, ci_high=np.nan)
    # t test of r = 0 with n - 2 degrees of freedom (what scipy uses)
    if abs(r) == 1:
        p = 0.0
    elif method == "pearson":
        # exact: r follows a beta distribution on [-1, 1] under independence
        dist = stats.beta(n / 2 - 1, n / 2 - 1, loc=-1, scale=2)
        p = float(2 * dist.sf(abs(r)))
    else:
        t = r * np.sqrt((n - 2) / (1 - r * r))
        p = float(2 * stats.t.sf(abs(t), n - 2))
    # 95% confidence interval by Fisher's z transform
    z, se = np.arctanh(r), 1 / np.sqrt(n - 3) if n > 3 else np.inf
    q = stats.norm.ppf(0.975)
    return dict(r=r, p_value=min(p, 1.0), n=n, ci_low=float(np.tanh(z - q * se)),
                ci_high=float(np.tanh(z + q * se)))


def correlation(data, x, y, *, method="pearson"):
    """Correlation of two columns with its significance.

    Parameters
    ----------
    data : pandas.DataFrame
    x, y : str
        Numeric columns; rows with a missing value in either are dropped.
    method : {"pearson", "spearman"}, default="pearson"
        Pearson (linear) or Spearman (rank, robust to outliers and skew,
        usually better for spend).

    Returns
    -------
    pandas.Series
        ``r`` (from -1 to 1), ``p_value`` (two-sided, the chance of a
        correlation this strong if there were none; below 0.05 is "significant"),
        ``n``, and the 95% confidence interval ``ci_low``, ``ci_high`` (Fisher z).
        A significant correlation is not a cause: check the mechanism before
        acting on it.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import correlation
    >>> d = pd.DataFrame({"a": [1.0, 2, 3, 4, 5], "b": [2.0, 4, 5, 4, 5]})
    >>> round(float(correlation(d, "a", "b")["r"]), 3)
    0.775
    """
    check_choice("method", method, ("pearson", "spearman"))
    require_columns(data, [x, y], name="data")
    a = require_numeric(data, x, name="data").to_numpy(dtype=float)
    b = require_numeric(data, y, name="data").to_numpy(dtype=float)
    return pd.Series(_corr_stats(a, b, method), name=f"{x} ~ {y}")


def correlation_table(data, columns=None, *, method="pearson"):
    """All pairwise correlations of ``columns`` with p-values, one row per pair.

    Returns
    -------
    pandas.DataFrame
        Columns ``x``, ``y``, ``r``, ``p_value``, ``n``, ``ci_low``, ``ci_high``,
        sorted by the strength ``|r|``.
    """
    check_choice("method", method, ("pearson", "spearman"))
    if columns is None:
        columns = [c for c in data.columns if pd.api.types.is_numeric_dtype(data[c])
                   and not pd.api.types.is_bool_dtype(data[c])]
    require_columns(data, columns, name="data")
    rows = []
    for i, a in enumerate(columns):  # pairs of columns, not rows: a short loop
        for b in columns[i + 1:]:
            rows.append({"x": a, "y": b, **correlation(data, a, b, method=method).to_dict()})
    out = pd.DataFrame(rows, columns=["x", "y", "r", "p_value", "n", "ci_low", "ci_high"])
    return out.reindex(out["r"].abs().sort_values(ascending=False).index).reset_index(drop=True)
