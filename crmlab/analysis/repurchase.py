"""Repeat purchase (复购): how many customers come back, and after how long.

- :func:`repeat_purchase_rate` -- the repeat-purchase rate (重复购买率), over the
  whole data or per period;
- :func:`repurchase_cycle` -- days between a customer's purchases (回购周期), per
  customer or per product.

Only paid orders count (see :func:`crmlab.analysis._tables.paid_orders`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError
from ..validation import check_choice, check_dataframe, check_nonempty
from ._tables import paid_order_columns

__all__ = ["repeat_purchase_rate", "repurchase_cycle"]

_FREQS = ("D", "W", "M", "Q", "Y")


def repeat_purchase_rate(orders, *, basis="customers", freq=None, customer_id_col="customer_id",
                         datetime_col="order_time"):
    """Repeat-purchase rate (重复购买率) of the paid orders.

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table, one row per order; only paid orders count.
    basis : {"customers", "orders"}, default="customers"
        ``"customers"``: share of buying customers who bought more than once
        (the usual 统计口径 of 复购率). ``"orders"``: share of orders that were
        not the customer's first order.
    freq : {"D", "W", "M", "Q", "Y"}, optional
        Also compute the rate within each period (a customer repeats in a
        month if they ordered at least twice in it). Default: the whole data.
    customer_id_col, datetime_col : str, default="customer_id", "order_time"
        Column names.

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
    >>> repeat_purchase_rate(o, basis="orders")
    0.25
    """
    check_choice("basis", basis, ("customers", "orders"))
    df = paid_order_columns(orders, [customer_id_col, datetime_col], datetime_col=datetime_col)
    if freq is None:
        counts = df.groupby(customer_id_col).size()
        if basis == "customers":
            return float((counts > 1).mean())
        return float((counts.sum() - len(counts)) / counts.sum())
    check_choice("freq", freq, _FREQS)
    df["period"] = df[datetime_col].dt.to_period(freq)
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
                     datetime_col="order_time"):
    """Repurchase cycle (回购周期): days between a customer's paid purchases.

    Purchases are counted per calendar day (two orders on one day are one
    purchase), and a cycle is the number of days between consecutive purchase
    days.

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table, one row per order (``order_id`` is needed for
        ``level="product"``); only paid orders count.
    level : {"customer", "product"}, default="customer"
        ``"customer"``: days between any two consecutive purchases of a
        customer. ``"product"``: days between two purchases of the *same
        product* by the same customer; needs ``order_items``.
    order_items : pandas.DataFrame, optional
        The ``order_items`` table (``order_id``, ``product_id``), for
        ``level="product"``.
    customer_id_col, datetime_col : str, default="customer_id", "order_time"
        Column names.

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
        df = paid_order_columns(orders, [customer_id_col, datetime_col], datetime_col=datetime_col)
        keys = [customer_id_col]
    else:
        if order_items is None:
            raise InvalidArgumentError(
                "level='product' 需要参数 `order_items`（订单明细表，如 shop.order_items）。",
                "level='product' needs `order_items` (the order lines, e.g. shop.order_items).")
        df = paid_order_columns(orders, ["order_id", datetime_col, customer_id_col], datetime_col=datetime_col)
        check_dataframe("order_items", order_items, ["order_id", "product_id"])
        df = order_items[["order_id", "product_id"]].merge(df, on="order_id", how="inner")
        check_nonempty("order_items", df)
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
    return pd.DataFrame({"purchases": g.size(), "mean_days": g.mean(), "median_days": g.median()})
