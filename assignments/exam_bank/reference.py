"""Reference computations of the exam bank's computation items (计算题).

Instructor-only, like the rest of assignments/exam_bank/: these are the answers. Each
function takes the student's shop (and the item's drawn parameters) and returns the
number the student should find; the grader calls it on the student's own shop, rebuilt
on the instructor's side. A computation item names its function in ``reference:``.

Definitions follow the stems word for word (统计口径): "paid orders" are
``payment_status == "paid"``; "sales" are the ``amount`` of paid orders, refunds not
deducted.
"""

from __future__ import annotations

import math

import pandas as pd


def _paid(shop):
    return shop.orders[shop.orders["payment_status"] == "paid"]


# -- chapter 1 -------------------------------------------------------------------------
def channel_share(shop, channel="referral"):
    """Share of customers acquired through ``channel``."""
    return float((shop.customers["acquisition_channel"] == channel).mean())


def acquisition_cost_ratio(shop, channel="ads"):
    """Mean acquisition cost of ``channel`` customers / mean acquisition cost of referral customers."""
    cost = shop.customers.groupby("acquisition_channel")["acquisition_cost"].mean()
    return float(cost[channel] / cost["referral"])


# -- chapter 2 -------------------------------------------------------------------------
def top_buyers_share(shop, top_pct=20):
    """Share of paid sales from the top ``top_pct``% of buyers (ceil of the count) by paid sales."""
    spend = _paid(shop).groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    n = math.ceil(top_pct / 100 * len(spend))
    return float(spend.iloc[:n].sum() / spend.sum())


def tier_sales_share(shop, tier=1):
    """Share of paid sales from customers in cities of tier ``tier``."""
    paid = _paid(shop).merge(shop.customers[["customer_id", "city_tier"]], on="customer_id")
    return float(paid.loc[paid["city_tier"] == tier, "amount"].sum() / paid["amount"].sum())


def abc_class_a_count(shop, cutoff_pct=80):
    """Buyers, from the biggest down, until their cumulative share of paid sales first reaches ``cutoff_pct``%."""
    spend = _paid(shop).groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    share = spend.cumsum() / spend.sum()
    return int((share < cutoff_pct / 100).sum() + 1)


# -- chapter 3 -------------------------------------------------------------------------
def registered_never_paid(shop):
    """Customers in the customer table without a single paid order."""
    buyers = set(_paid(shop)["customer_id"])
    return int((~shop.customers["customer_id"].isin(buyers)).sum())


def orders_per_customer_in_band(shop, age_band="25-30"):
    """Mean number of paid orders per customer of ``age_band`` (customers without orders count as 0)."""
    band = shop.customers.loc[shop.customers["age_band"] == age_band, "customer_id"]
    counts = _paid(shop).groupby("customer_id").size()
    return float(counts.reindex(band, fill_value=0).mean())


# -- chapter 4 -------------------------------------------------------------------------
def nps_all(shop):
    """NPS of all responses: % promoters (9-10) minus % detractors (0-6)."""
    nps = shop.surveys.loc[shop.surveys["responded"].astype(bool), "nps"].astype(float)
    return float(100 * ((nps >= 9).mean() - (nps <= 6).mean()))


def top_two_box(shop, item="q_delivery"):
    """Share of the responses that answered ``item`` with 4 or 5."""
    answers = shop.surveys.loc[shop.surveys["responded"].astype(bool), item].dropna().astype(float)
    return float((answers >= 4).mean())


def complaint_rate(shop):
    """Complaints per paid order (抱怨率)."""
    return float(len(shop.complaints) / len(_paid(shop)))


# -- chapter 5 -------------------------------------------------------------------------
def points_liability(shop, yuan_per_point=0.01):
    """Points earned minus redeemed minus expired over the ledger, valued at ``yuan_per_point`` yuan."""
    return float(shop.points_ledger["points"].sum() * yuan_per_point)


def redemption_share(shop):
    """Points redeemed / points earned, over the whole ledger."""
    led = shop.points_ledger
    earned = led.loc[led["event_type"] == "earn", "points"].sum()
    redeemed = -led.loc[led["event_type"] == "redeem", "points"].sum()
    return float(redeemed / earned)


def member_spend_ratio(shop):
    """Mean paid sales of silver-or-higher members / mean paid sales of regular members (customers without orders count as 0)."""
    spend = _paid(shop).groupby("customer_id")["amount"].sum()
    c = shop.customers.assign(spend=shop.customers["customer_id"].map(spend).fillna(0.0))
    return float(c.loc[c["member_tier"] != "regular", "spend"].mean() / c.loc[c["member_tier"] == "regular", "spend"].mean())


# -- chapter 6 -------------------------------------------------------------------------
def ab_uplift(shop, kind="coupon"):
    """Conversion of treatment minus control over the A/B campaigns of ``kind``, pooled."""
    ab = shop.campaigns.loc[shop.campaigns["is_ab_test"].astype(bool) & (shop.campaigns["kind"] == kind), "campaign_id"]
    a = shop.campaign_assignments[shop.campaign_assignments["campaign_id"].isin(ab)]
    rate = a.groupby("group")["converted"].mean()
    return float(rate["treatment"] - rate["control"])


def visit_to_order(shop, kind="sms"):
    """Among treated customers of ``kind`` campaigns who visited the page, the share who ordered."""
    camp = shop.campaigns.loc[shop.campaigns["kind"] == kind, "campaign_id"]
    a = shop.campaign_assignments
    a = a[a["campaign_id"].isin(camp) & (a["group"] == "treatment") & a["visited"].astype(bool)]
    return float(a["converted"].astype(bool).mean())


def campaign_sales_share(shop):
    """Share of paid sales from orders a campaign brought (``campaign_id`` not empty)."""
    paid = _paid(shop)
    return float(paid.loc[paid["campaign_id"].notna(), "amount"].sum() / paid["amount"].sum())


# -- chapter 7 -------------------------------------------------------------------------
def answered_within(shop, seconds=20):
    """Share of all calls answered (not abandoned) within ``seconds`` seconds of waiting."""
    calls = shop.calls
    return float(((~calls["abandoned"].astype(bool)) & (calls["wait_seconds"] <= seconds)).mean())


def mean_handle_minutes(shop, queue="after_sale"):
    """Mean handle time in minutes of the answered calls of ``queue``."""
    calls = shop.calls
    answered = calls[(calls["queue"] == queue) & ~calls["abandoned"].astype(bool)]
    return float(answered["handle_seconds"].astype(float).mean() / 60)


def agents_for_peak(shop, calls_per_hour=120):
    """Fewest agents for 80% of calls answered within 20 s (Erlang C) at ``calls_per_hour``, with the
    mean handle time of the shop's answered calls."""
    from crmlab.analysis import agents_needed

    calls = shop.calls
    aht = calls.loc[~calls["abandoned"].astype(bool), "handle_seconds"].astype(float).mean()
    return int(agents_needed(calls_per_hour, aht, target_service_level=0.8, target_answer_time=20))


# -- chapter 8 -------------------------------------------------------------------------
def inquiry_conversion(shop, channel="im"):
    """Share of pre-sale inquiries through ``channel`` that led to an order (询单转化率)."""
    t = shop.service_tickets
    pre = t[(t["stage"] == "pre_sale") & (t["channel"] == channel)]
    return float(pre["converted"].astype(bool).mean())


def reminder_recovery(shop):
    """Among orders that sat unpaid and got a payment reminder, the share that was paid in the end."""
    o = shop.orders
    reminded = o[o["was_unpaid"].astype(bool) & o["reminder_sent"].astype(bool)]
    return float((reminded["payment_status"] == "paid").mean())


def bad_review_share_late(shop, days=1):
    """Share of bad reviews among reviews of orders delivered more than ``days`` days late."""
    r = shop.reviews.merge(shop.shipments[["order_id", "delay_days"]], on="order_id")
    late = r[r["delay_days"] > days]
    return float((late["sentiment"] == "bad").mean())


def median_reply_hours(shop):
    """Median hours from recording a complaint to replying to it."""
    c = shop.complaints
    return float(((c["replied_time"] - c["recorded_time"]).dt.total_seconds() / 3600).median())


# -- chapter 9 -------------------------------------------------------------------------
def repeat_purchase_share(shop):
    """Share of buyers with two or more paid orders (重复购买率, customer basis)."""
    n = _paid(shop).groupby("customer_id").size()
    return float((n >= 2).mean())


def rfm_segment_count(shop, segment="important_value"):
    """Customers in RFM ``segment`` (mean rule) with the shop's end as the end of the observation."""
    from crmlab.analysis import rfm_scores, rfm_segments, rfm_summary

    seg = rfm_segments(rfm_scores(rfm_summary(shop.orders, as_of=shop.meta["end"])))
    return int((seg["segment_code"] == segment).sum())


def yoy_growth(shop, month=6):
    """Paid sales of ``month`` 2024 / paid sales of ``month`` 2023, minus 1."""
    paid = _paid(shop)
    t = paid["order_time"]
    this = paid.loc[(t.dt.year == 2024) & (t.dt.month == month), "amount"].sum()
    last = paid.loc[(t.dt.year == 2023) & (t.dt.month == month), "amount"].sum()
    return float(this / last - 1)


def mom_growth(shop, month=3):
    """Paid sales of ``month`` 2024 / paid sales of the month before, minus 1."""
    paid = _paid(shop)
    by_month = paid.groupby(paid["order_time"].dt.to_period("M"))["amount"].sum()
    p = pd.Period(f"2024-{month:02d}", "M")
    return float(by_month.get(p, 0.0) / by_month.get(p - 1, 0.0) - 1)


# -- chapter 10 ------------------------------------------------------------------------
def payment_rate_by_channel(shop, channel="app"):
    """Share of the orders placed through ``channel`` that were paid (付款率)."""
    o = shop.orders[shop.orders["channel"] == channel]
    return float((o["payment_status"] == "paid").mean())


def quarter_repurchase_rate(shop, quarter=4):
    """Share of the buyers of 2024 Q``quarter`` with two or more paid orders in that quarter."""
    paid = _paid(shop)
    t = paid["order_time"]
    q = paid[(t.dt.year == 2024) & (t.dt.quarter == quarter)]
    n = q.groupby("customer_id").size()
    return float((n >= 2).mean())
