"""CRM department KPIs (chapter 10): a KPI table with targets and status per period.

The course names three families of KPIs for a CRM team: repurchase (重复购买率),
satisfaction (满意度) and order efficiency (订单效率: how smoothly orders are paid,
shipped and served). :func:`kpi_table` computes them per month, quarter or year
from the shop's tables, sets each beside its target, and marks it *on track*,
*at risk* or *off track*, so a team can see at a glance where to act.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..validation import (check_choice, check_dataframe, check_datetime_column, check_float, check_mapping,
                          check_nonempty)
from ._tables import paid_orders

__all__ = ["KPI_DEFINITIONS", "DEFAULT_KPI_TARGETS", "KPI_STATUS_LABELS", "kpi_status", "kpi_table"]

#: KPI code -> (direction, zh name, en name, definition in English).
KPI_DEFINITIONS: dict[str, tuple[str, str, str, str]] = {
    "repurchase_rate": ("higher", "重复购买率", "repurchase rate",
                        "share of the period's buyers with two or more paid orders in the period"),
    "returning_buyer_rate": ("higher", "老客购买占比", "returning buyer share",
                             "share of the period's buyers who had a paid order before the period"),
    "satisfaction": ("higher", "客户满意度（CSAT）", "satisfaction (CSAT)",
                     "share of survey responses in the period with overall satisfaction 4 or 5"),
    "nps": ("higher", "净推荐值（NPS）", "net promoter score",
            "promoters (9-10) minus detractors (0-6), in % of the period's responses"),
    "complaint_rate": ("lower", "抱怨率", "complaint rate",
                       "complaints recorded in the period per paid order of the period"),
    "complaint_reply_24h": ("higher", "投诉 24 小时回复率", "complaints replied within 24 h",
                            "share of the period's complaints replied to within 24 hours"),
    "payment_rate": ("higher", "付款率", "payment rate", "share of the period's orders that were paid"),
    "on_time_delivery": ("higher", "准时送达率", "on-time delivery", "share of parcels signed for on time"),
    "first_response_seconds": ("lower", "首次响应时间（秒，中位数）", "first response time (s, median)",
                               "median first response time of the period's service tickets"),
    "inquiry_conversion": ("higher", "询单转化率", "inquiry conversion",
                           "share of the period's pre-sale inquiries that led to an order"),
}
#: Default targets: plausible goals for a mid-sized marketplace shop.
DEFAULT_KPI_TARGETS: dict[str, float] = {
    "repurchase_rate": 0.20, "returning_buyer_rate": 0.50, "satisfaction": 0.80, "nps": 30.0,
    "complaint_rate": 0.015, "complaint_reply_24h": 0.80, "payment_rate": 0.93, "on_time_delivery": 0.85,
    "first_response_seconds": 30.0, "inquiry_conversion": 0.50,
}
#: Status code -> (zh, en) label.
KPI_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "on_track": ("达标", "on track"), "at_risk": ("有风险", "at risk"), "off_track": ("未达标", "off track"),
    "no_data": ("无数据", "no data"),
}
_FREQ = {"M": "M", "Q": "Q", "Y": "Y"}


def kpi_status(value, target, *, direction="higher", tolerance=0.1, locale=None):
    """On track, at risk or off track: a value judged against its target.

    A "higher is better" KPI is on track at or above the target, at risk within
    ``tolerance`` (a share of the target) below it, and off track further below;
    a "lower is better" KPI mirrors this above the target.

    Parameters
    ----------
    value, target : float or array-like
    direction : {"higher", "lower"} or array-like of them, default="higher"
    tolerance : float, default=0.1
        Width of the "at risk" band as a share of the target.
    locale : {"zh", "en"}, optional

    Returns
    -------
    pandas.DataFrame
        ``status`` (code) and ``status_label``; NaN values give ``no_data``.

    Examples
    --------
    >>> from crmlab.analysis import kpi_status
    >>> kpi_status([0.85, 0.75, 0.5], 0.8, locale="en")["status"].tolist()
    ['on_track', 'at_risk', 'off_track']
    >>> kpi_status(45, 30, direction="lower", locale="en")["status_label"].tolist()
    ['off track']
    """
    tolerance = check_float("tolerance", tolerance, low=0, high=1, high_open=True, example="tolerance=0.1")
    v = np.atleast_1d(np.asarray(value, dtype=float))
    t = np.broadcast_to(np.asarray(target, dtype=float), v.shape)
    d = np.broadcast_to(np.asarray(direction, dtype=object), v.shape)
    bad = set(np.unique(d.astype(str))) - {"higher", "lower"}
    if bad:
        check_choice("direction", sorted(bad)[0], ("higher", "lower"))
    hi = d == "higher"
    band = np.abs(t) * tolerance
    on = np.where(hi, v >= t, v <= t)
    risk = np.where(hi, v >= t - band, v <= t + band)
    status = np.where(np.isnan(v) | np.isnan(t), "no_data", np.where(on, "on_track", np.where(risk, "at_risk", "off_track")))
    i = 0 if (locale or get_locale()) == "zh" else 1
    return pd.DataFrame({"status": status, "status_label": [KPI_STATUS_LABELS[s][i] for s in status]})


def _period(s, freq):
    return s.dt.to_period(freq)


def _rate_by(period, flags, index):
    return pd.Series(flags, dtype=float).groupby(period.to_numpy()).mean().reindex(index)


def kpi_table(orders, *, surveys=None, complaints=None, shipments=None, service_tickets=None, period="Q",
              targets=None, tolerance=0.1, locale=None):
    """The CRM team's KPI table: value, target and status of each KPI per period.

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table (``customer_id``, ``order_time``, ``payment_status``).
        Repurchase KPIs count paid orders; ``payment_rate`` is the one KPI that
        reads every order (the share of them that was paid).
    surveys, complaints, shipments, service_tickets : pandas.DataFrame, optional
        The shop's tables of these names: they add satisfaction and NPS,
        complaint KPIs, on-time delivery, and response-time and
        inquiry-conversion KPIs. Pass all of a shop's tables for the full table.
    period : {"M", "Q", "Y"}, default="Q"
        Month, quarter or year.
    targets : dict, optional
        Targets by KPI code, overriding :data:`DEFAULT_KPI_TARGETS`.
    tolerance : float, default=0.1
        Width of the "at risk" band, see :func:`kpi_status`.
    locale : {"zh", "en"}, optional
        Language of ``kpi_label`` and ``status_label``.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per period and KPI: ``period``, ``kpi``,
        ``kpi_label``, ``direction``, ``value``, ``target``, ``change`` (against
        the previous period, 环比), ``status`` and ``status_label``. Pivot on
        ``kpi`` for a dashboard. Definitions are in :data:`KPI_DEFINITIONS`.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import kpi_table
    >>> shop = crmlab.load_dataset("classroom")
    >>> t = kpi_table(shop.orders, surveys=shop.surveys, complaints=shop.complaints,
    ...               shipments=shop.shipments, service_tickets=shop.service_tickets,
    ...               period="Y", locale="en")
    >>> set(t["status"]) <= {"on_track", "at_risk", "off_track", "no_data"}
    True
    >>> kpi_table(shop.orders, period="Y")["kpi"].unique().tolist()
    ['repurchase_rate', 'returning_buyer_rate', 'payment_rate']
    """
    check_choice("period", period, tuple(_FREQ))
    t = dict(DEFAULT_KPI_TARGETS)
    if targets is not None:
        targets = check_mapping("targets", targets, example="targets={'satisfaction': 0.85}")
        for k in targets:
            check_choice("targets key", k, tuple(KPI_DEFINITIONS))
        t.update({k: check_float(f"targets[{k!r}]", v, example=f"targets={{{k!r}: {DEFAULT_KPI_TARGETS[k]}}}")
                  for k, v in targets.items()})
    check_dataframe("orders", orders, ["customer_id", "order_time", "payment_status"])
    check_nonempty("orders", orders)
    freq = _FREQ[period]
    ot = check_datetime_column(orders, "order_time", "orders", missing="raise")
    op = _period(ot, freq)
    idx = pd.period_range(op.min(), op.max(), freq=freq)
    values = {}
    every = pd.DataFrame({"c": orders["customer_id"].to_numpy(), "p": op.to_numpy(), "t": ot.to_numpy(),
                          "payment_status": orders["payment_status"].to_numpy()})
    po = paid_orders(every)
    values["payment_rate"] = _rate_by(op, every.index.isin(po.index), idx)
    per = po.groupby(["p", "c"]).size()
    values["repurchase_rate"] = (per >= 2).groupby(level="p").mean().reindex(idx)
    first = po.groupby("c")["t"].min()
    first_p = pd.Series(first.to_numpy(), index=first.index).dt.to_period(freq)
    buyers = per.reset_index()[["p", "c"]]
    buyers["returning"] = first_p.reindex(buyers["c"]).to_numpy() < buyers["p"].to_numpy()
    values["returning_buyer_rate"] = buyers.groupby("p")["returning"].mean().reindex(idx)
    n_paid = po.groupby("p").size().reindex(idx)
    if surveys is not None:
        check_dataframe("surveys", surveys, ["responded", "response_time", "q_overall", "nps"])
        sv = surveys[surveys["responded"].to_numpy(bool)]
        if len(sv):
            sp = _period(check_datetime_column(sv, "response_time", "surveys", missing="drop"), freq)
            q = pd.to_numeric(sv["q_overall"], errors="coerce").astype(float).to_numpy()
            sat = np.where(np.isnan(q), np.nan, q >= 4)
            values["satisfaction"] = pd.Series(sat).groupby(sp.to_numpy()).mean().reindex(idx)
            n = pd.to_numeric(sv["nps"], errors="coerce").astype(float).to_numpy()
            score = np.where(np.isnan(n), np.nan, 100.0 * ((n >= 9).astype(float) - (n <= 6)))
            values["nps"] = pd.Series(score).groupby(sp.to_numpy()).mean().reindex(idx)
    if complaints is not None:
        check_dataframe("complaints", complaints, ["recorded_time", "replied_time"])
        rec = check_datetime_column(complaints, "recorded_time", "complaints", missing="drop")
        cp = _period(rec, freq)
        values["complaint_rate"] = (pd.Series(1.0, index=range(len(cp))).groupby(cp.to_numpy()).sum()
                                    .reindex(idx).fillna(0.0) / n_paid)
        fast = ((check_datetime_column(complaints, "replied_time", "complaints") - rec)
                <= pd.Timedelta(hours=24)).to_numpy()
        values["complaint_reply_24h"] = _rate_by(cp, fast, idx)
    if shipments is not None:
        check_dataframe("shipments", shipments, ["delivered_time", "delay_days"])
        sp = _period(check_datetime_column(shipments, "delivered_time", "shipments", missing="drop"), freq)
        values["on_time_delivery"] = _rate_by(sp, shipments["delay_days"].to_numpy(float) <= 0, idx)
    if service_tickets is not None:
        check_dataframe("service_tickets", service_tickets, ["created_time", "first_response_seconds", "stage",
                                                             "converted"])
        tp = _period(check_datetime_column(service_tickets, "created_time", "service_tickets", missing="drop"), freq)
        values["first_response_seconds"] = (pd.Series(service_tickets["first_response_seconds"].to_numpy(float))
                                            .groupby(tp.to_numpy()).median().reindex(idx))
        pre = (service_tickets["stage"] == "pre_sale").to_numpy()
        values["inquiry_conversion"] = _rate_by(tp[pre], service_tickets["converted"].to_numpy(bool)[pre], idx)
    i = 0 if (locale or get_locale()) == "zh" else 1
    frames = []
    for code in KPI_DEFINITIONS:  # a handful of KPIs, each vectorised over periods
        if code not in values:
            continue
        v = values[code].to_numpy(float)
        direction = KPI_DEFINITIONS[code][0]
        frames.append(pd.DataFrame({
            "period": idx.astype(str), "kpi": code, "kpi_label": KPI_DEFINITIONS[code][1 + i],
            "direction": direction, "value": v, "target": t[code],
            "change": np.r_[np.nan, np.diff(v)],
        }))
    out = pd.concat(frames, ignore_index=True)
    st = kpi_status(out["value"], out["target"], direction=out["direction"].to_numpy(), tolerance=tolerance,
                    locale=locale)
    out["status"], out["status_label"] = st["status"].to_numpy(), st["status_label"].to_numpy()
    return out.sort_values(["period", "kpi"], key=lambda s: s.map({k: j for j, k in enumerate(KPI_DEFINITIONS)})
                           if s.name == "kpi" else s, kind="stable").reset_index(drop=True)
