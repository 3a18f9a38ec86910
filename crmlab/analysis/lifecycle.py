"""Customer lifecycle (客户生命周期): new, growing, mature, declining, lost.

:func:`lifecycle_stage` places each customer in a stage from their tenure, recency
and number of paid orders on the analysis date, for lifecycle marketing: welcome
the new, cross-sell to the growing, reward the mature, win back the declining.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import EmptyDataError, InvalidArgumentError
from ..validation import check_choice, check_dataframe, check_date, check_datetime_column, check_float
from ._tables import paid_orders

__all__ = ["LIFECYCLE_STAGES", "lifecycle_stage"]

#: Lifecycle stage code -> (zh, en) label, in lifecycle order.
LIFECYCLE_STAGES: dict[str, tuple[str, str]] = {
    "new": ("新客期", "new"), "growing": ("成长期", "growing"), "mature": ("成熟期", "mature"),
    "declining": ("衰退期", "declining"), "lost": ("流失期", "lost"),
}


def lifecycle_stage(orders, *, customers=None, as_of=None, new_days=90, active_days=90, lost_days=180,
                    mature_orders=3, locale=None):
    """Place each customer in a lifecycle stage: new, growing, mature, declining, lost.

    The rules, applied in this order, use the customer's tenure (days since the
    first paid order, or since sign-up when ``customers`` is given), recency (days
    since the last paid order, or since sign-up for a customer who never paid)
    and frequency (paid orders) at ``as_of``:

    1. **lost** (流失期): recency > ``lost_days``;
    2. **new** (新客期): tenure <= ``new_days``;
    3. **declining** (衰退期): recency > ``active_days``;
    4. **mature** (成熟期): frequency >= ``mature_orders``;
    5. **growing** (成长期): every other active customer (1 to
       ``mature_orders - 1`` orders).

    Each stage asks for its own marketing: welcome the new, cross-sell to the
    growing, reward the mature, win back the declining, and stop spending on the
    lost (or try one last reactivation offer).

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table (``customer_id``, ``order_time``); only paid orders
        count.
    customers : pandas.DataFrame, optional
        The ``customers`` table (``customer_id``, ``signup_time``): includes
        customers without a paid order and measures tenure from sign-up.
    as_of : date-like, optional
        The moment of the assessment; orders after it are ignored. Default: the
        last order day of the data, at the time of its last order (so every
        order counts).
    new_days, active_days, lost_days : int, default 90, 90, 180
        The day limits of the rules above.
    mature_orders : int, default=3
        Paid orders that make an active customer mature.
    locale : {"zh", "en"}, optional
        Language of ``stage_label``.

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``tenure_days``, ``recency_days``, ``frequency``,
        ``stage`` (ordered categorical) and ``stage_label``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import lifecycle_stage
    >>> shop = crmlab.load_dataset("classroom")
    >>> stages = lifecycle_stage(shop.orders, customers=shop.customers)
    >>> len(stages) == len(shop.customers)
    True
    >>> set(stages["stage"]) <= {"new", "growing", "mature", "declining", "lost"}
    True
    """
    for name, v in (("new_days", new_days), ("active_days", active_days), ("lost_days", lost_days),
                    ("mature_orders", mature_orders)):
        check_float(name, v, low=0, low_open=True)
    if lost_days < active_days:
        raise InvalidArgumentError("lost_days 不能小于 active_days。", "lost_days cannot be smaller than active_days.")
    check_dataframe("orders", orders, ["customer_id", "order_time"])
    t = check_datetime_column(orders, "order_time", "orders", missing="raise")
    cols = ["customer_id"] + (["payment_status"] if "payment_status" in orders.columns else [])
    paid = paid_orders(orders[cols].assign(order_time=t))
    end = t.max() if as_of is None else check_date("as_of", as_of, tz=getattr(t.dt, "tz", None))
    o = paid[(paid["order_time"] <= end).to_numpy()]
    g = o.groupby("customer_id")["order_time"]
    agg = pd.DataFrame({"first": g.min(), "last": g.max(), "frequency": g.size()})
    if customers is not None:
        check_dataframe("customers", customers, ["customer_id", "signup_time"])
        su = check_datetime_column(customers, "signup_time", "customers", missing="raise")
        c = pd.DataFrame({"signup": su.to_numpy()}, index=customers["customer_id"].to_numpy())
        c = c[c["signup"] <= end]
        agg = agg.reindex(c.index)
        agg["first"] = c["signup"]  # tenure from sign-up
        agg["last"] = agg["last"].fillna(c["signup"])
        agg["frequency"] = agg["frequency"].fillna(0).astype("int64")
    if len(agg) == 0:
        raise EmptyDataError("在 as_of 之前没有任何已支付订单或客户。请检查 as_of。",
                             "There are no paid orders or customers before as_of. Check as_of.")
    day = np.timedelta64(1, "D")
    tenure = (end.to_datetime64() - agg["first"].to_numpy("datetime64[ns]")) / day
    recency = (end.to_datetime64() - agg["last"].to_numpy("datetime64[ns]")) / day
    freq = agg["frequency"].to_numpy()
    stage = np.select([recency > lost_days, tenure <= new_days, recency > active_days, freq >= mature_orders],
                      ["lost", "new", "declining", "mature"], default="growing")
    loc = locale or get_locale()
    check_choice("locale", loc, ("zh", "en"))
    labels = {k: v[0] if loc == "zh" else v[1] for k, v in LIFECYCLE_STAGES.items()}
    return pd.DataFrame({
        "customer_id": agg.index.to_numpy(), "tenure_days": tenure, "recency_days": recency, "frequency": freq,
        "stage": pd.Categorical(stage, categories=list(LIFECYCLE_STAGES), ordered=True),
        "stage_label": pd.Series(stage).map(labels).to_numpy(),
    })
