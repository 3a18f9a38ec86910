"""The shop's tables as the analysis functions need them: one rule for each fact.

- :func:`paid_orders` -- the orders that count as sales (``payment_status == "paid"``);
  every function that counts sales goes through it.
- :func:`paid_order_columns` -- the paid orders' columns a time analysis needs, checked,
  with times on the data's local calendar.
- :func:`check_as_of` -- the analysis date ``as_of``, checked against the orders' times.
- :func:`shop_tables` -- the named tables of a whole shop, or one clear error.

Generic checks (a DataFrame with columns, a date, a number ...) live in
:mod:`crmlab.validation`; this module holds what is particular to the shop schema.
"""

from __future__ import annotations

from ..errors import InvalidArgumentError
from ..validation import check_dataframe, check_date, check_datetime_column, check_nonempty

__all__: list[str] = []  # helpers of the analysis modules: nothing re-exported by crmlab.analysis

#: The payment status of an order that counts as a sale (see ``crmlab.schema``).
PAID = "paid"


def paid_orders(orders):
    """The orders that count as sales: rows with ``payment_status == "paid"``.

    Unpaid and cancelled orders brought no money, so every crmlab function that
    counts sales (RFM, CLV, repurchase, trends, churn, lifecycle, KPIs) uses this
    rule and no other. A table without a ``payment_status`` column is taken to
    hold completed transactions only (e.g. a transaction log from elsewhere) and
    is returned as it is.

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table, or any table of transactions.

    Returns
    -------
    pandas.DataFrame
        The paid rows, index kept.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis._tables import paid_orders
    >>> o = pd.DataFrame({"order_id": [1, 2, 3], "payment_status": ["paid", "unpaid", "paid"]})
    >>> paid_orders(o)["order_id"].tolist()
    [1, 3]
    """
    check_dataframe("orders", orders)
    if "payment_status" not in orders.columns:
        return orders
    return orders[orders["payment_status"].to_numpy() == PAID]


def paid_order_columns(orders, columns, *, datetime_col):
    """A checked copy of ``columns`` of the paid orders, times on the data's local calendar.

    The rows are those of :func:`paid_orders`. ``datetime_col`` (one of
    ``columns``) comes back as naive ``datetime64``: an aware column is turned
    into its own wall-clock time, so days and months follow the shop's calendar.
    Missing times are refused, with their number in the whole table.

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table.
    columns : list of str
        The columns wanted.
    datetime_col : str
        The time column among them.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ColumnError
        A column is missing, or ``datetime_col`` holds no dates.
    EmptyDataError
        No paid orders.
    DataValueError
        Missing times.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis._tables import paid_order_columns
    >>> o = pd.DataFrame({"customer_id": [1, 2], "payment_status": ["paid", "cancelled"],
    ...                   "order_time": pd.to_datetime(["2024-01-01 09:00", "2024-01-02 10:00"]).tz_localize("Asia/Shanghai")})
    >>> paid_order_columns(o, ["customer_id", "order_time"], datetime_col="order_time")
       customer_id          order_time
    0            1 2024-01-01 09:00:00
    """
    cols = list(dict.fromkeys(columns))
    check_dataframe("orders", orders, cols)
    t = check_datetime_column(orders, datetime_col, "orders", missing="raise", stacklevel=3)
    if getattr(t.dtype, "tz", None) is not None:
        t = t.dt.tz_localize(None)  # periods follow the data's local calendar
    status = ["payment_status"] if "payment_status" in orders.columns else []
    frame = orders[list(dict.fromkeys(cols + status))].copy()
    frame[datetime_col] = t
    return check_nonempty("orders", paid_orders(frame)[cols])


def check_as_of(as_of, times, *, strict: bool = False):
    """The analysis date ``as_of`` as a ``pandas.Timestamp`` in the timezone of ``times``.

    A naive date is read in the data's timezone; a date before the first order
    (or at it, with ``strict=True``: nothing would be known by then) is refused.

    Parameters
    ----------
    as_of : date-like
        What the caller passed (not ``None``: each function documents its default).
    times : pandas.Series
        The orders' times (``datetime64``, naive or aware).
    strict : bool, default=False

    Returns
    -------
    pandas.Timestamp

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis._tables import check_as_of
    >>> check_as_of("2024-06-30", pd.Series(pd.to_datetime(["2024-01-05", "2024-07-01"])))
    Timestamp('2024-06-30 00:00:00')
    """
    tz = getattr(getattr(times, "dt", None), "tz", None)
    ts = check_date("as_of", as_of, tz=tz)
    first = times.min()
    if len(times) and first is not None and (ts <= first if strict else ts < first):
        raise InvalidArgumentError(
            f"as_of={as_of!r} 早于第一笔订单（{first}），那时还没有任何数据。请选数据期间内或之后的日期。",
            f"as_of={as_of!r} is before the first order ({first}), so nothing is known by then. "
            "Pick a date inside or after the data's period.",
        )
    return ts


def shop_tables(shop, names):
    """The tables ``names`` of a crmlab shop, as a dict; a clear error for anything else.

    Parameters
    ----------
    shop : crmlab.Shop
        What was passed as ``shop``.
    names : iterable of str
        The tables the caller needs.

    Returns
    -------
    dict of str to pandas.DataFrame

    Raises
    ------
    InvalidArgumentError
        ``shop`` lacks one of the tables (or is no shop at all).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis._tables import shop_tables
    >>> sorted(shop_tables(crmlab.load_dataset("classroom"), ["orders", "customers"]))
    ['customers', 'orders']
    """
    import pandas as pd

    missing = [n for n in names if not isinstance(getattr(shop, n, None), pd.DataFrame)]
    if missing:
        raise InvalidArgumentError(
            f"参数 `shop` 必须是 crmlab 商店（crmlab.simulate(...) 或 crmlab.load_dataset(...) 的结果），"
            f"但它缺少表：{', '.join(missing)}。",
            f"`shop` must be a crmlab shop (the result of crmlab.simulate(...) or crmlab.load_dataset(...)), "
            f"but it has no table {', '.join(missing)}.",
        )
    return {n: getattr(shop, n) for n in names}
