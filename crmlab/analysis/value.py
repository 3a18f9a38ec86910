"""Customer value (course chapters 2 and 3): the customer pyramid (VIP / major /
ordinary / small customers), ABC classification, the Lorenz and Pareto curves of
spend and the Gini coefficient.

All functions take the value of each customer, e.g. ``rfm_summary(orders)["monetary"]``
(a Series indexed by customer, or any sequence of numbers) or a frame and the name of
its value column. This module is the one definition of the concentration measures of
the course; :func:`crmlab.plot.pareto_curve` draws them from here:

- the **Lorenz curve** (:func:`lorenz_curve`): customers from the least to the most
  valuable, each an equal step ``1/n`` of the population, against the cumulative share
  of value; it runs below the diagonal;
- the **Pareto curve** (:func:`pareto_curve`): the same from the most valuable down
  (the Lorenz curve read from the other end, ``P(p) = 1 - L(1 - p)``), the curve of the
  "80/20 rule"; :func:`pareto_share` and :func:`pareto_customer_share` read it;
- the **Gini coefficient** (:func:`gini`): one minus twice the area under the Lorenz
  curve, 0 when every customer is worth the same.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import InvalidArgumentError
from ..validation import check_choice, check_dataframe, check_float, check_nonempty, check_numeric_column

__all__ = ["value_tiers", "abc_classification", "lorenz_curve", "pareto_curve",
           "pareto_share", "pareto_customer_share", "gini", "VALUE_TIERS"]

#: The customer pyramid: code, zh and en names, from the most to the least valuable.
VALUE_TIERS = pd.DataFrame(
    [("vip", "VIP客户", "VIP"), ("major", "主要客户", "Major"),
     ("ordinary", "普通客户", "Ordinary"), ("small", "小客户", "Small")],
    columns=["tier_code", "name_zh", "name_en"],
)


def _values(data, value_col, nonnegative=False) -> pd.Series:
    """The value column as a float Series (index kept); a Series or a sequence of numbers as it is."""
    if not isinstance(data, pd.DataFrame):
        s = data if isinstance(data, pd.Series) else pd.Series(np.asarray(data) if np.ndim(data) else [data])
        check_nonempty("values", s)
        if not (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)):
            s = check_numeric_column(s.to_frame(name=s.name or "values"), s.name or "values", "values")
    else:
        check_dataframe("data", data, [value_col])
        s = check_numeric_column(data, value_col, "data")
        check_nonempty("values", s)
    s = s.astype("float64")
    if s.isna().any():
        raise InvalidArgumentError(
            "客户价值中有缺失值。请先删除或填补：values.dropna() 或 values.fillna(0)。",
            "The customer values have missing entries. Drop or fill them first: "
            "values.dropna() or values.fillna(0).",
        )
    if nonnegative and (s < 0).any():
        raise InvalidArgumentError(
            f"累计占比与基尼系数要求价值不为负，但有 {(s < 0).sum()} 个负值（退款多于消费）。"
            f"请先截断：values.clip(lower=0)。",
            f"Cumulative shares and the Gini coefficient need non-negative values, but "
            f"{(s < 0).sum()} are negative (refunds above spend). Clip them first: "
            f"values.clip(lower=0).",
        )
    if nonnegative and s.sum() <= 0:
        raise InvalidArgumentError(
            "客户价值总和为 0，无法计算占比。", "The values sum to 0, so shares are undefined.")
    return s


def _check_cutoffs(cutoffs, n):
    c = np.asarray(cutoffs, dtype=float)
    if c.ndim != 1 or len(c) != n or np.any(np.diff(c) <= 0) or c[0] <= 0 or c[-1] >= 1:
        raise InvalidArgumentError(
            f"`cutoffs` 必须是 {n} 个在 0 和 1 之间严格递增的累计占比，但传入的是 {cutoffs!r}。",
            f"`cutoffs` must be {n} strictly increasing cumulative shares between 0 and 1, "
            f"but {cutoffs!r} was passed.",
        )
    return c


def _shares(s):
    """Customers ranked by value, best first; cumulative shares of customers and value."""
    order = np.argsort(-s.to_numpy(), kind="stable")
    v = s.to_numpy()[order]
    n = len(v)
    # tied customers share the better rank, so equal values land in the same class
    rank = pd.Series(-v).rank(method="min").to_numpy()
    total = v.sum()
    cum_value = np.cumsum(v) / total if total != 0 else np.full(n, np.nan)
    before = np.concatenate(([0.0], cum_value[:-1]))
    return order, v, rank, rank / n, cum_value, before


def value_tiers(data, *, value_col="monetary", by="customers", cutoffs=None, locale=None):
    """Sort customers into the customer pyramid: VIP, major, ordinary and small.

    Parameters
    ----------
    data : pandas.Series, sequence of numbers or pandas.DataFrame
        Value of each customer (e.g. total spend), indexed by customer.
    value_col : str, default="monetary"
        Column of ``data`` with the value, when ``data`` is a frame.
    by : {"customers", "value"}, default="customers"
        ``"customers"``: the pyramid by head count. Customers are ranked by
        value, and the top ``cutoffs[0]`` of customers are VIP, up to
        ``cutoffs[1]`` major, up to ``cutoffs[2]`` ordinary, the rest small.
        ``"value"``: by the share of value; VIP customers are the best
        customers who together bring the first ``cutoffs[0]`` of all value, etc.
    cutoffs : tuple of 3 floats, optional
        Cumulative shares where the tiers end. Default ``(0.01, 0.05, 0.20)``
        for ``by="customers"`` (the classic pyramid: 1% VIP, 4% major, 15%
        ordinary, 80% small) and ``(0.2, 0.5, 0.8)`` for ``by="value"``.
    locale : {"zh", "en"}, optional
        Language of the ``tier`` names.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``data``: ``value``, ``rank`` (1 = most valuable; tied
        customers share the better rank), ``customer_share`` (cumulative share
        of customers up to this one), ``value_share`` (cumulative share of
        value), ``tier_code`` and ``tier`` (ordered categorical). A tier's total
        value against its head count tells where service effort pays back.

    Notes
    -----
    Tied customers are never split between tiers: with ``by="customers"`` a
    customer is placed by its (best) tied rank; with ``by="value"`` a customer
    belongs to the tier in which its value *starts* (the customer that
    crosses a cutoff is still in the higher tier).

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import value_tiers
    >>> spend = pd.Series(range(100, 0, -1), dtype=float)
    >>> value_tiers(spend, locale="en")["tier"].value_counts(sort=False).tolist()
    [1, 4, 15, 80]
    """
    check_choice("by", by, ("customers", "value"))
    locale = locale or get_locale()
    check_choice("locale", locale, ("zh", "en"))
    if cutoffs is None:
        cutoffs = (0.01, 0.05, 0.20) if by == "customers" else (0.2, 0.5, 0.8)
    c = _check_cutoffs(cutoffs, 3)
    s = _values(data, value_col, nonnegative=(by == "value"))
    order, v, rank, cust_share, cum_value, before = _shares(s)
    if by == "customers":
        tier = np.searchsorted(c, cust_share - 1e-12, side="left")
    else:
        tier = np.searchsorted(c, before + 1e-12, side="left")
        # ties: a customer takes the tier of the first customer with its value
        first_of_tie = (rank - 1).astype(int)
        tier = tier[first_of_tie]
    names = VALUE_TIERS["name_zh" if locale == "zh" else "name_en"].to_numpy()
    out = pd.DataFrame({
        "value": v, "rank": rank.astype(np.int64), "customer_share": cust_share,
        "value_share": cum_value,
        "tier_code": VALUE_TIERS["tier_code"].to_numpy()[tier],
        "tier": pd.Categorical(names[tier], categories=list(names), ordered=True),
    }, index=s.index[order])
    return out.loc[s.index]


def abc_classification(data, *, value_col="monetary", cutoffs=(0.8, 0.95)):
    """ABC classification: the few customers (or products) that bring most value.

    Parameters
    ----------
    data : pandas.Series, sequence of numbers or pandas.DataFrame
        Non-negative value of each customer or product.
    value_col : str, default="monetary"
        Column with the value, when ``data`` is a frame.
    cutoffs : tuple of 2 floats, default=(0.8, 0.95)
        Cumulative value shares where class A and class B end.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``data``: ``value``, ``rank``, ``customer_share``,
        ``value_share`` (cumulative, from the best customer down) and ``abc``
        (``"A"``, ``"B"``, ``"C"``). Class A is the customers who together bring
        the first 80% of value, usually a small minority: they deserve the most
        care; class C is the long tail.

    Notes
    -----
    The customer whose value crosses a cutoff belongs to the higher class
    (its value starts inside it); tied customers share a class.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import abc_classification
    >>> abc_classification(pd.Series([70.0, 20, 6, 3, 1]))["abc"].tolist()
    ['A', 'A', 'B', 'C', 'C']
    """
    c = _check_cutoffs(cutoffs, 2)
    s = _values(data, value_col, nonnegative=True)
    order, v, rank, cust_share, cum_value, before = _shares(s)
    cls = np.searchsorted(c, before + 1e-12, side="left")[(rank - 1).astype(int)]
    out = pd.DataFrame({
        "value": v, "rank": rank.astype(np.int64), "customer_share": cust_share,
        "value_share": cum_value, "abc": np.array(["A", "B", "C"])[cls],
    }, index=s.index[order])
    return out.loc[s.index]


def lorenz_curve(data, *, value_col="monetary"):
    """The Lorenz curve of customer value: the least valuable customers first.

    Customers are sorted by value, ascending; each is an equal step ``1/n`` of
    the population. The curve joins ``(0, 0)`` and ``(k/n, share of value of the
    k least valuable customers)`` for ``k = 1..n``: the standard Lorenz curve of
    economics, with ``(1, 1)`` at the end.

    Parameters
    ----------
    data : pandas.Series, sequence of numbers or pandas.DataFrame
        Non-negative value of each customer (or product), e.g. total spend.
    value_col : str, default="monetary"
        Column with the value, when ``data`` is a frame (e.g. an RFM table).

    Returns
    -------
    pandas.DataFrame
        ``customer_share`` and ``value_share``, from (0, 0) to (1, 1), one row
        per customer plus the origin: the poorest ``customer_share`` of
        customers bring ``value_share`` of all value. The further the curve
        sags below the diagonal, the more unequal the customers.

    See Also
    --------
    pareto_curve : the same curve from the most valuable customer down.
    gini : one minus twice the area under this curve.

    Examples
    --------
    >>> from crmlab.analysis import lorenz_curve
    >>> lorenz_curve([1.0, 1.0, 2.0])["value_share"].tolist()
    [0.0, 0.25, 0.5, 1.0]
    """
    s = _values(data, value_col, nonnegative=True)
    v = np.sort(s.to_numpy())
    n = len(v)
    return pd.DataFrame({
        "customer_share": np.arange(n + 1) / n,
        "value_share": np.concatenate(([0.0], np.cumsum(v) / v.sum())),
    })


def pareto_curve(data, *, value_col="monetary"):
    """The Pareto (cumulative share) curve: the most valuable customers first.

    The Lorenz curve read from the other end: ``P(p) = 1 - L(1 - p)``, with
    the same equal steps ``1/n`` of customers.

    Parameters
    ----------
    data : pandas.Series, sequence of numbers or pandas.DataFrame
        Non-negative value of each customer (or product), e.g. total spend.
    value_col : str, default="monetary"
        Column with the value, when ``data`` is a frame (e.g. an RFM table).

    Returns
    -------
    pandas.DataFrame
        ``customer_share`` and ``value_share`` from (0, 0) to (1, 1): the top
        ``customer_share`` of customers bring ``value_share`` of all value
        (the "80/20 rule" reads the curve at 0.2). It bows above the diagonal;
        :func:`crmlab.plot.pareto_curve` draws it.

    Examples
    --------
    >>> from crmlab.analysis import pareto_curve
    >>> pareto_curve([1.0, 1.0, 2.0])["value_share"].tolist()
    [0.0, 0.5, 0.75, 1.0]
    """
    s = _values(data, value_col, nonnegative=True)
    v = np.sort(s.to_numpy())[::-1]
    n = len(v)
    return pd.DataFrame({
        "customer_share": np.arange(n + 1) / n,
        "value_share": np.concatenate(([0.0], np.cumsum(v) / v.sum())),
    })


def pareto_share(data, *, value_col="monetary", top=0.2):
    """Share of all value brought by the top ``top`` share of customers.

    Read from the Pareto curve, linearly between two customers (as the curve
    is drawn).

    Parameters
    ----------
    data : pandas.Series, sequence of numbers or pandas.DataFrame
        Non-negative value of each customer (or product), e.g. total spend.
    value_col : str, default="monetary"
        Column with the value, when ``data`` is a frame (e.g. an RFM table).
    top : float, default=0.2
        Share of customers, the most valuable first, in (0, 1].

    Returns
    -------
    float
        Their share of all value, 0-1.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import pareto_share
    >>> pareto_share(pd.Series([80.0, 5, 5, 5, 5]), top=0.2)
    0.8
    """
    top = check_float("top", top, low=0, low_open=True, high=1, example="top=0.2")
    curve = pareto_curve(data, value_col=value_col)
    # linear interpolation between customers, as the curve is drawn
    return float(np.interp(top, curve["customer_share"], curve["value_share"]))


def pareto_customer_share(data, *, value_col="monetary", value_share=0.8):
    """The smallest share of customers (the most valuable first) who bring ``value_share`` of all value.

    The other reading of the Pareto curve: "80% of sales come from 23% of
    customers". Counted in whole customers.

    Parameters
    ----------
    data : pandas.Series, sequence of numbers or pandas.DataFrame
        Non-negative value of each customer (or product), e.g. total spend.
    value_col : str, default="monetary"
        Column with the value, when ``data`` is a frame (e.g. an RFM table).
    value_share : float, default=0.8
        Share of all value, in (0, 1].

    Returns
    -------
    float
        ``k / n`` for the smallest ``k`` whose top ``k`` customers bring at
        least ``value_share`` of the value.

    Examples
    --------
    >>> from crmlab.analysis import pareto_customer_share
    >>> pareto_customer_share([80.0, 5, 5, 5, 5], value_share=0.8)
    0.2
    >>> pareto_customer_share([80.0, 5, 5, 5, 5], value_share=0.9)
    0.6
    """
    value_share = check_float("value_share", value_share, low=0, low_open=True, high=1, example="value_share=0.8")
    curve = pareto_curve(data, value_col=value_col)
    reached = curve["value_share"].to_numpy() >= value_share - 1e-12
    return float(curve["customer_share"].to_numpy()[np.argmax(reached)])


def gini(data, *, value_col="monetary"):
    """Gini coefficient of customer value: 0 = all customers worth the same,
    near 1 = a few customers bring nearly all value.

    Computed as ``sum((2i - n - 1) x_i) / (n * sum(x))`` over values sorted
    ascending (``i = 1..n``), which equals the mean absolute difference
    between two customers divided by twice the mean, and one minus twice the
    area under the Lorenz curve (:func:`lorenz_curve`).

    Parameters
    ----------
    data : pandas.Series, sequence of numbers or pandas.DataFrame
        Non-negative value of each customer (or product), e.g. total spend.
    value_col : str, default="monetary"
        Column with the value, when ``data`` is a frame (e.g. an RFM table).

    Returns
    -------
    float
        From 0 to ``(n - 1) / n`` (one customer brings everything).

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import gini
    >>> gini(pd.Series([0.0, 0.0, 0.0, 10.0]))
    0.75
    >>> round(gini([1.0, 2, 3, 4, 5]), 4)  # mean absolute difference 1.6, mean 3: 1.6 / 6
    0.2667
    """
    s = _values(data, value_col, nonnegative=True)
    v = np.sort(s.to_numpy())
    n = len(v)
    i = np.arange(1, n + 1)
    return float(np.sum((2 * i - n - 1) * v) / (n * v.sum()))
