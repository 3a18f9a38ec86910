"""Customers and sales over time: cohort retention, growth, trend and seasonality.

- :func:`cohort_retention` -- the cohort matrix: of the customers acquired in a
  month, how many buy again 1, 2, 3 ... months later;
- :func:`growth` -- sales per period with period-over-period (环比) and
  year-over-year (同比) growth;
- :func:`sales_trend` -- classical additive decomposition of sales into trend,
  seasonality and the rest.

Only paid orders count (see :func:`crmlab.analysis._tables.paid_orders`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError
from ..validation import check_choice, check_int, check_numeric_column
from ._tables import paid_order_columns

__all__ = ["cohort_retention", "growth", "sales_trend"]

_PER_YEAR = {"M": 12, "Q": 4, "Y": 1}


def cohort_retention(orders, *, freq="M", values="share", customer_id_col="customer_id",
                     datetime_col="order_time"):
    """Cohort retention matrix by acquisition period (the period of the first paid order).

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table, one row per order; only paid orders count.
    freq : {"M", "Q", "W", "Y"}, default="M"
        Length of a cohort and of a step.
    values : {"share", "count"}, default="share"
        Share of the cohort active in each period, or the number of customers.
    customer_id_col, datetime_col : str, default="customer_id", "order_time"
        Column names.

    Returns
    -------
    pandas.DataFrame
        The retention matrix. Rows: cohorts (the period of first purchase, a
        ``Period``), columns: periods since acquisition (0, 1, 2, ...). Cell =
        customers of the cohort who bought in that period (share of the
        cohort's size; column 0 is 1.0). Cells after the end of the data are
        NaN. Reading down a column compares cohorts at the same age: did newer
        customers stay better? :func:`crmlab.plot.cohort_heatmap` draws it.

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
    df = paid_order_columns(orders, [customer_id_col, datetime_col], datetime_col=datetime_col)
    p = df[datetime_col].dt.to_period(freq)
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
           datetime_col="order_time"):
    """Paid sales per period with period-over-period (环比) and year-over-year (同比) growth.

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table, one row per order; only paid orders count.
    freq : {"M", "Q", "Y"}, default="M"
        Period length.
    metric : {"sales", "orders", "customers"}, default="sales"
        Sum of ``value_col``, number of orders, or number of distinct buyers.
    value_col, customer_id_col, datetime_col : str
        Column names; default ``"amount"``, ``"customer_id"``, ``"order_time"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by period (every period from the first to the last, empty ones
        0): ``value``, ``mom`` (change against the previous period, a share:
        0.1 = +10%), ``yoy`` (change against the same period one year before;
        NaN in the first year). Comparing with the same month last year removes
        seasonality (11.11 is always big), which the month-on-month change does
        not.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import growth
    >>> o = pd.DataFrame({"customer_id": [1, 2, 1], "amount": [100.0, 50.0, 180.0],
    ...     "order_time": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03"])})
    >>> growth(o)["mom"].round(2).tolist()
    [nan, 0.2]
    """
    check_choice("freq", freq, tuple(_PER_YEAR))
    check_choice("metric", metric, ("sales", "orders", "customers"))
    cols = [customer_id_col, datetime_col] + ([value_col] if metric == "sales" else [])
    df = paid_order_columns(orders, cols, datetime_col=datetime_col)
    period = df[datetime_col].dt.to_period(freq)
    if metric == "sales":
        v = check_numeric_column(df, value_col, "orders").groupby(period).sum()
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


def sales_trend(orders, *, freq="D", period=7, value_col="amount", datetime_col="order_time"):
    """Trend and seasonality of paid sales: classical additive decomposition.

    The series of sales per ``freq`` (empty periods 0) is split into
    ``trend`` (a centred moving average over one season, a 2 x m average when
    ``period`` is even), ``seasonal`` (the average deviation from the trend at
    each position in the season, centred on 0) and ``resid`` (the rest): the
    same numbers as ``statsmodels.tsa.seasonal.seasonal_decompose(...,
    model="additive")``, without needing statsmodels.

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table, one row per order; only paid orders count.
    freq : {"D", "W", "M"}, default="D"
        Step of the series.
    period : int, default=7
        Length of the season in steps: 7 for the weekly cycle of daily sales,
        12 for the yearly cycle of monthly sales.
    value_col, datetime_col : str, default="amount", "order_time"
        Column names.

    Returns
    -------
    pandas.DataFrame
        Indexed by the start of each step: ``observed``, ``trend`` (NaN for the
        first and last half season), ``seasonal``, ``resid`` and
        ``rolling_mean`` (trailing mean over one season, what a dashboard
        shows). A rising trend is growth; a large seasonal swing says when to
        staff up and stock up.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import sales_trend
    >>> t = sales_trend(crmlab.load_dataset("classroom").orders, freq="W", period=4)
    >>> list(t.columns)
    ['observed', 'trend', 'seasonal', 'resid', 'rolling_mean']
    """
    check_choice("freq", freq, ("D", "W", "M"))
    period = check_int("period", period, low=2, example="period=7")
    df = paid_order_columns(orders, [value_col, datetime_col], datetime_col=datetime_col)
    step = df[datetime_col].dt.to_period(freq)
    s = check_numeric_column(df, value_col, "orders").groupby(step).sum()
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
