"""CRM marketing (chapter 6): campaign funnels.

:func:`campaign_funnel` follows each campaign from the customers it targeted to
visits, conversions, paid orders, units and revenue (the course's traffic,
participants, orders, products); whether a campaign *caused* the difference is
for the tests of :mod:`crmlab.analysis.experiments` (A/B tests, power, uplift).

Lifecycle stages are in :mod:`crmlab.analysis.lifecycle`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..schema import label
from ..validation import check_bool
from ._tables import paid_orders
from ._validation import require_columns, require_nonempty

__all__ = ["campaign_funnel"]


# -- funnel --------------------------------------------------------------------------------
def campaign_funnel(campaign_assignments, *, orders, order_items=None, campaigns=None, by_group=True, locale=None):
    """Each campaign's funnel: targeted -> visited -> converted -> paid orders -> units, revenue.

    Parameters
    ----------
    campaign_assignments : pandas.DataFrame
        The ``campaign_assignments`` table (``campaign_id``, ``customer_id``,
        ``group``, ``visited``, ``converted``, ``order_id``).
    orders : pandas.DataFrame
        The ``orders`` table; only paid orders count as campaign orders
        (:func:`~crmlab.analysis._tables.paid_orders`).
    order_items : pandas.DataFrame, optional
        The ``order_items`` table, for the units (products) sold.
    campaigns : pandas.DataFrame, optional
        The ``campaigns`` table, to add name, kind and the contact cost.
    by_group : bool, default=True
        One row per campaign and group (treatment / control); ``False`` pools them.
    locale : {"zh", "en"}, optional
        Language of ``group_label``.

    Returns
    -------
    pandas.DataFrame
        ``targeted``, ``visited``, ``converted``, ``orders`` (paid), ``units``,
        ``revenue``, and the step rates ``visit_rate`` (visited / targeted),
        ``conversion_rate`` (converted / targeted), ``visit_to_order``
        (orders / visited), ``revenue_per_target``; with ``campaigns`` also
        ``cost`` (contacts x cost per contact) and ``revenue_per_cost``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import campaign_funnel
    >>> shop = crmlab.load_dataset("classroom")
    >>> f = campaign_funnel(shop.campaign_assignments, orders=shop.orders, order_items=shop.order_items,
    ...                     campaigns=shop.campaigns)
    >>> bool((f["visited"] <= f["targeted"]).all())
    True
    """
    require_columns(campaign_assignments, ["campaign_id", "customer_id", "group", "visited", "converted", "order_id"],
                    "campaign_assignments")
    require_columns(orders, ["order_id", "amount", "payment_status"], "orders")
    require_nonempty(campaign_assignments, "campaign_assignments")
    by_group = check_bool("by_group", by_group)
    a = campaign_assignments
    amount = paid_orders(orders).set_index("order_id")["amount"]
    oid = a["order_id"]
    has = oid.notna().to_numpy()
    is_paid = np.zeros(len(a), bool)
    rev = np.zeros(len(a))
    ids = oid[has].astype("int64").to_numpy()
    amt = amount.reindex(ids).to_numpy(float)
    is_paid[has] = ~np.isnan(amt)
    rev[has] = np.nan_to_num(amt)
    units = np.zeros(len(a))
    if order_items is not None:
        require_columns(order_items, ["order_id", "quantity"], "order_items")
        q = order_items.groupby("order_id")["quantity"].sum()
        units[has] = np.where(is_paid[has], q.reindex(ids).fillna(0).to_numpy(float), 0.0)
    keys = ["campaign_id", "group"] if by_group else ["campaign_id"]
    df = pd.DataFrame({"campaign_id": a["campaign_id"].to_numpy(), "group": a["group"].to_numpy(),
                       "visited": a["visited"].to_numpy(bool), "converted": a["converted"].to_numpy(bool),
                       "orders": is_paid, "units": units, "revenue": rev})
    g = df.groupby(keys, sort=True)
    out = g.agg(targeted=("visited", "size"), visited=("visited", "sum"), converted=("converted", "sum"),
                orders=("orders", "sum"), units=("units", "sum"), revenue=("revenue", "sum")).reset_index()
    out["units"] = out["units"].astype("int64")
    if order_items is None:
        out = out.drop(columns="units")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["visit_rate"] = out["visited"] / out["targeted"]
        out["conversion_rate"] = out["converted"] / out["targeted"]
        out["visit_to_order"] = out["orders"] / out["visited"]
        out["revenue_per_target"] = out["revenue"] / out["targeted"]
    if by_group:
        loc = locale or get_locale()
        out.insert(2, "group_label", [label("group", g, loc) for g in out["group"]])
    if campaigns is not None:
        require_columns(campaigns, ["campaign_id", "name", "kind", "cost_per_contact"], "campaigns")
        c = campaigns.set_index("campaign_id")
        out.insert(1, "name", c["name"].reindex(out["campaign_id"]).to_numpy())
        out.insert(2, "kind", c["kind"].reindex(out["campaign_id"]).to_numpy())
        # Only treated customers are contacted (the control group gets nothing).
        contacted = out["targeted"] * ((out["group"] == "treatment") if by_group else 1)
        if not by_group:
            contacted = df[df["group"] == "treatment"].groupby("campaign_id").size().reindex(
                out["campaign_id"]).fillna(0).to_numpy()
        out["cost"] = contacted * c["cost_per_contact"].reindex(out["campaign_id"]).to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            out["revenue_per_cost"] = (out["revenue"] / out["cost"]).where(out["cost"] > 0)
    return out
