"""The marketplace-service part of the shop (chapter 8): chats, refunds, delivery care, bad-review handling,
DSR, follow-ups, word of mouth and 6.18.

Each planted effect is estimated from the public tables, the way a student would, and compared with the
hidden truth (``effect_truth``, ``followup_truth``) of the same pinned shop (``shop_20k``: 20,000
customers, seed 11). Tolerances are about three standard errors of each estimate.
"""

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.errors import CRMLabError, InvalidArgumentError
from crmlab.schema import HIDDEN_TABLES, validate_table

NEW_TABLES = ("chats", "refunds", "care_messages", "review_handling", "dsr_scores", "followups", "word_of_mouth",
              "effect_truth", "followup_truth")


def truth(shop, effect, level=""):
    t = shop.effect_truth.set_index(["effect", "level"])["value"]
    return float(t.loc[(effect, level)])


def old_enough(times, shop, days=30):
    """Rows at least ``days`` before the end of the period, so that their outcome is in the data."""
    return times < pd.Timestamp(shop.meta["end"]) - pd.Timedelta(days=days)


# -- schema, keys, determinism --------------------------------------------------------------
def test_new_tables_match_the_schema_and_are_filled(shop_3k):
    for name in NEW_TABLES:
        validate_table(name, shop_3k[name])
        assert len(shop_3k[name]) > 0, name
    assert {"effect_truth", "followup_truth"} <= set(HIDDEN_TABLES)
    assert not {"chats", "refunds", "care_messages", "word_of_mouth"} & set(HIDDEN_TABLES)


def test_foreign_keys_hold_and_survive_sqlite(tmp_path):
    shop = crmlab.simulate(800, random_state=21)
    orders, customers = set(shop.orders["order_id"]), set(shop.customers["customer_id"])
    for t in ("chats", "refunds", "care_messages", "review_handling", "dsr_scores", "word_of_mouth"):
        assert set(shop[t]["order_id"].dropna()) <= orders, t
    for t in ("chats", "refunds", "care_messages", "followups", "word_of_mouth"):
        assert set(shop[t]["customer_id"].dropna()) <= customers, t
    assert set(shop.dsr_scores["review_id"]) == set(shop.reviews["review_id"])
    assert set(shop.review_handling["review_id"]) == set(shop.reviews.loc[shop.reviews["sentiment"] == "bad", "review_id"])
    # The SQLite writer runs PRAGMA foreign_key_check and raises on any broken key.
    back = crmlab.load_shop(shop.to_sqlite(tmp_path / "shop.sqlite"))
    assert back == shop


def test_same_seed_gives_identical_new_tables():
    a, b, c = crmlab.simulate(600, random_state=5), crmlab.simulate(600, random_state=5), crmlab.simulate(600, random_state=6)
    for name in NEW_TABLES:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert not a.chats.equals(c.chats) and not a.word_of_mouth.equals(c.word_of_mouth)


def test_review_and_dsr_rows_line_up(shop_3k):
    d = shop_3k.dsr_scores.merge(shop_3k.reviews[["review_id", "order_id", "customer_id"]], on="review_id", suffixes=("", "_r"))
    assert (d["order_id"] == d["order_id_r"]).all() and (d["customer_id"] == d["customer_id_r"]).all()
    for col in ("item_as_described", "service_attitude", "logistics_service"):
        assert shop_3k.dsr_scores[col].between(1, 5).all()


@pytest.mark.parametrize("kwargs, word", [
    (dict(chat_max_concurrency=0), "chat_max_concurrency"),
    (dict(chat_max_concurrency=2.5), "chat_max_concurrency"),
    (dict(care_message_share=1.5), "care_message_share"),
    (dict(wom_people_unhappy=0.5), "wom_people_unhappy"),
    (dict(followup_window_days=0), "followup_window_days"),
    (dict(refund_reject_rate=-0.1), "refund_reject_rate"),
    (dict(chat_conversion="high"), "chat_conversion"),
])
def test_bad_new_parameters_give_the_bilingual_error(kwargs, word):
    with pytest.raises(InvalidArgumentError) as info:
        crmlab.simulate(100, random_state=1, **kwargs)
    assert word in str(info.value)
    assert isinstance(info.value, CRMLabError) and any("\u4e00" <= ch <= "\u9fff" for ch in info.value.zh)


def test_tiny_and_short_shops_still_build():
    for kw in (dict(n_customers=1), dict(n_customers=40, start="2024-01-01", end="2024-01-28")):
        shop = crmlab.simulate(random_state=2, **kw)
        for name in NEW_TABLES:
            validate_table(name, shop[name])


# -- chats (询单) ----------------------------------------------------------------------------
def test_chats_are_the_main_inquiry_channel(shop_20k):
    assert len(shop_20k.chats) > 1.5 * len(shop_20k.calls)
    pre = shop_20k.chats[shop_20k.chats["stage"] == "pre_sale"]
    assert (pre["converted"] == pre["order_id"].notna()).all()
    assert shop_20k.chats.loc[shop_20k.chats["stage"] != "pre_sale", "order_id"].notna().all()


def test_first_response_grows_with_the_agents_load(shop_20k):
    """Daytime chats: median first response rises with the chats the agent had open, as planted."""
    ch = shop_20k.chats
    day = ch[(ch["start_time"].dt.hour >= 8) & (ch["queue_seconds"] == 0)]
    med = day.groupby("concurrent_chats")["first_response_seconds"].median()
    assert med.index.max() == shop_20k.params.chat_max_concurrency
    assert med.is_monotonic_increasing and med.iloc[-1] > 2 * med.iloc[0]
    # Noise is multiplicative, so medians keep the planted line's shape: slope / intercept.
    slope = np.polyfit(med.index - 1, med.to_numpy(), 1, w=np.sqrt(day["concurrent_chats"].value_counts()[med.index]))
    p = shop_20k.params
    assert slope[0] / slope[1] == pytest.approx(p.chat_seconds_per_chat / p.chat_response_base_seconds, rel=0.25)
    # Only a full agent makes chats queue.
    assert (ch.loc[ch["queue_seconds"] > 0, "concurrent_chats"] == p.chat_max_concurrency).all()


def test_slow_first_response_lowers_inquiry_conversion(shop_20k):
    pre = shop_20k.chats[shop_20k.chats["stage"] == "pre_sale"]
    bands = pd.cut(pre["first_response_seconds"], [0, 30, 60, 120, 300, np.inf], right=True,
                   labels=["0-30s", "30-60s", "60-120s", "120-300s", "300s+"])
    rate = pre.groupby(bands, observed=True)["converted"].agg(["mean", "size"])
    assert rate["mean"].is_monotonic_decreasing
    for level, row in rate.iterrows():
        se = np.sqrt(row["mean"] * (1 - row["mean"]) / row["size"])
        assert abs(row["mean"] - truth(shop_20k, "chat_conversion", level)) < max(3.5 * se, 0.01), level
    # A logistic regression on log2(first response) recovers the planted slope.
    x = np.log2(pre["first_response_seconds"].to_numpy() / 30.0)
    y = pre["converted"].to_numpy(float)
    X = np.column_stack([np.ones_like(x), x])
    beta = np.zeros(2)
    for _ in range(25):  # Newton-Raphson
        mu = 1 / (1 + np.exp(-X @ beta))
        beta += np.linalg.solve(X.T @ (X * (mu * (1 - mu))[:, None]), X.T @ (y - mu))
    assert beta[1] == pytest.approx(truth(shop_20k, "chat_response_logodds_per_doubling"), abs=0.03)
    assert 1 / (1 + np.exp(-beta[0])) == pytest.approx(truth(shop_20k, "chat_conversion_at_30s"), abs=0.02)


def test_no_response_effect_means_flat_conversion():
    """Negative control: with the effect switched off, slow and fast chats convert alike."""
    shop = crmlab.simulate(6000, random_state=31, chat_response_effect=0.0)
    pre = shop.chats[shop.chats["stage"] == "pre_sale"]
    slow = pre["first_response_seconds"] > 300
    assert abs(pre.loc[slow, "converted"].mean() - pre.loc[~slow, "converted"].mean()) < 0.05
    assert truth(shop, "chat_response_logodds_per_doubling") == 0


# -- 催付 ----------------------------------------------------------------------------------------
def test_payment_reminder_effect_matches_the_truth(shop_20k):
    o = shop_20k.orders[shop_20k.orders["was_unpaid"]]
    rate = o.groupby("reminder_sent")["payment_status"].apply(lambda s: (s == "paid").mean())
    se = np.sqrt(sum(r * (1 - r) / n for r, n in zip(rate, o.groupby("reminder_sent").size(), strict=True)))
    assert rate[True] - rate[False] == pytest.approx(truth(shop_20k, "reminder_effect"), abs=3 * se)


# -- 签收关怀 and reviews ------------------------------------------------------------------------
def test_delivery_care_reduces_bad_reviews_by_the_planted_effect(shop_20k):
    r = shop_20k.reviews.assign(care=shop_20k.reviews["order_id"].isin(shop_20k.care_messages["order_id"]))
    share = r.groupby("care")["sentiment"].apply(lambda s: (s == "bad").mean())
    n = r.groupby("care").size()
    se = np.sqrt((share * (1 - share) / n).sum())
    assert share[True] - share[False] == pytest.approx(truth(shop_20k, "care_effect_bad_review_share"), abs=3 * se)
    assert share[True] < share[False] - 0.005
    mean = r.groupby("care")["rating"].mean()
    assert mean[True] - mean[False] == pytest.approx(truth(shop_20k, "care_effect_mean_rating"), abs=0.04)
    # A random share of delivered orders is held out.
    sent = shop_20k.shipments["order_id"].isin(shop_20k.care_messages["order_id"]).mean()
    assert sent == pytest.approx(shop_20k.params.care_message_share, abs=0.02)


def test_no_care_effect_means_no_difference():
    shop = crmlab.simulate(6000, random_state=32, care_rating_effect=0.0)
    r = shop.reviews.assign(care=shop.reviews["order_id"].isin(shop.care_messages["order_id"]))
    mean = r.groupby("care")["rating"].mean()
    assert abs(mean[True] - mean[False]) < 0.05
    assert truth(shop, "care_effect_mean_rating") == 0


def test_dsr_scores_follow_product_service_and_logistics(shop_20k):
    d = (shop_20k.dsr_scores.merge(shop_20k.shipments[["order_id", "delay_days"]], on="order_id")
         .merge(shop_20k.reviews[["review_id", "product_id"]], on="review_id")
         .merge(shop_20k.products[["product_id", "quality"]], on="product_id"))
    d["complained"] = d["order_id"].isin(shop_20k.complaints["order_id"])
    assert d.loc[d["delay_days"] > 1, "logistics_service"].mean() < d.loc[d["delay_days"] == 0, "logistics_service"].mean() - 0.5
    assert d.loc[d["quality"] < 0.55, "item_as_described"].mean() < d.loc[d["quality"] > 0.8, "item_as_described"].mean() - 0.3
    assert d.loc[d["complained"], "service_attitude"].mean() < d.loc[~d["complained"], "service_attitude"].mean() - 0.3
    means = d[["item_as_described", "service_attitude", "logistics_service"]].mean()
    assert ((means > 4.3) & (means < 4.95)).all()  # marketplace DSR scores sit high


# -- 差评处理 -------------------------------------------------------------------------------------
def test_bad_review_handling_wins_revisions(shop_20k):
    h = shop_20k.review_handling.merge(shop_20k.reviews[["review_id", "review_time"]], on="review_id")
    h = h[old_enough(h["review_time"], shop_20k)]
    rate = h.groupby("handled")["revised"].mean()
    n = h.groupby("handled").size()
    for handled, level in ((True, "handled"), (False, "unhandled")):
        se = np.sqrt(rate[handled] * (1 - rate[handled]) / n[handled])
        assert rate[handled] == pytest.approx(truth(shop_20k, "bad_review_revised_rate", level), abs=max(3 * se, 0.03))
    assert rate[True] > rate[False] + 0.2
    done = h[h["handled"]]
    assert done.loc[done["handling_hours"] <= 8, "revised"].mean() > done.loc[done["handling_hours"] > 24, "revised"].mean()
    assert (done["revised_rating"].dropna() >= 4).all()


# -- refunds and returns ---------------------------------------------------------------------
def test_refunds_rise_with_late_delivery_and_match_the_truth(shop_20k):
    s = shop_20k.shipments[old_enough(shop_20k.shipments["delivered_time"], shop_20k)]
    s = s.assign(refund=s["order_id"].isin(shop_20k.refunds["order_id"]))
    for level, m in (("on_time", s["delay_days"] == 0), ("late", s["delay_days"] > 0)):
        r, n = s.loc[m, "refund"].mean(), m.sum()
        assert r == pytest.approx(truth(shop_20k, "refund_request_rate", level), abs=3 * np.sqrt(r * (1 - r) / n))
    assert s.loc[s["delay_days"] > 0, "refund"].mean() > s.loc[s["delay_days"] == 0, "refund"].mean() + 0.02
    # Apparel is returned most.
    cat = shop_20k.order_items[shop_20k.order_items["line_no"] == 1].merge(shop_20k.products, on="product_id")
    cat = cat[cat["order_id"].isin(s["order_id"])]
    by_cat = cat.assign(refund=cat["order_id"].isin(shop_20k.refunds["order_id"])).groupby("category_code")["refund"].mean()
    assert by_cat.idxmax() == "apparel"


def test_refund_amounts_add_up_on_the_orders(shop_20k):
    ref = shop_20k.refunds
    done = ref[(ref["status"] == "approved") & ref["closed_time"].notna()].groupby("order_id")["amount"].sum()
    o = shop_20k.orders.set_index("order_id")
    np.testing.assert_allclose(o["refund_amount"].reindex(done.index), done, atol=0.011)
    assert (o.loc[~o.index.isin(done.index), "refund_amount"] == 0).all()
    assert (ref["amount"] <= o.loc[ref["order_id"], "amount"].to_numpy() + 0.011).all()
    assert set(ref.loc[ref["reason"] == "late_delivery", "kind"]) == {"refund_only"}


def test_refused_refunds_feed_complaints_and_churn(shop_20k):
    ref = shop_20k.refunds
    refused = ref.loc[ref["status"] == "rejected", "order_id"]
    comp = shop_20k.complaints
    rate_refused = refused.isin(comp["order_id"]).mean()
    rate_other = shop_20k.shipments["order_id"].isin(comp["order_id"]).mean()
    assert rate_refused > 5 * rate_other
    assert (comp.loc[comp["order_id"].isin(refused), "category"] == "return").mean() > 0.5
    t = shop_20k.truth.set_index("customer_id")
    who = ref.loc[ref["status"] == "rejected", "customer_id"].unique()
    assert t.loc[who, "churn_cause"].isin(["complaint", "experience"]).mean() > 2 * t["churn_cause"].isin(
        ["complaint", "experience"]).mean()


# -- follow-ups (回访) -----------------------------------------------------------------------
def followup_uplift(shop):
    f, o = shop.followups, shop.orders[["customer_id", "order_time"]]
    window = pd.Timedelta(days=shop.params.followup_window_days)
    m = f.merge(o, on="customer_id")
    hit = (m["order_time"] > m["contact_time"]) & (m["order_time"] <= m["contact_time"] + window)
    f = f.assign(rebought=f["followup_id"].isin(m.loc[hit, "followup_id"]))
    g = f.groupby(["stratum", "channel"])["rebought"].agg(["mean", "size"])
    control = g.xs("none", level="channel")
    g["estimate"] = g["mean"] - control["mean"].reindex(g.index.get_level_values(0)).to_numpy()
    g["se"] = np.sqrt(g["mean"] * (1 - g["mean"]) / g["size"]
                      + (control["mean"] * (1 - control["mean"]) / control["size"]).reindex(g.index.get_level_values(0)).to_numpy())
    return g.join(shop.followup_truth.set_index(["stratum", "channel"]))


def test_follow_up_channels_have_their_planted_uplift(shop_20k):
    g = followup_uplift(shop_20k).drop(index="none", level="channel")
    assert ((g["estimate"] - g["repurchase_uplift"]).abs() < 3 * g["se"]).all(), g
    # Phone beats e-mail, a visit beats everything for important customers.
    assert g.loc[("regular", "phone"), "estimate"] > g.loc[("regular", "email"), "estimate"] + 0.02
    assert g.loc["vip", "estimate"].idxmax() == "visit"


def test_follow_ups_are_randomised_with_costs(shop_20k):
    f, p = shop_20k.followups, shop_20k.params
    assert set(f.loc[f["stratum"] == "regular", "channel"]) == {"none", "im", "sms", "email", "phone"}
    assert "visit" in set(f.loc[f["stratum"] == "vip", "channel"])
    cost = f.groupby("channel")["cost"].agg(["min", "max"])
    assert (cost["min"] == cost["max"]).all() and cost.loc["none", "max"] == 0
    assert cost.loc["visit", "max"] == p.followup_cost_visit and cost.loc["phone", "max"] == p.followup_cost_phone
    # Assignment does not depend on past behaviour: orders before the wave are alike across channels.
    o = shop_20k.orders[["customer_id", "order_time"]]
    m = f[f["stratum"] == "regular"].merge(o, on="customer_id")
    before = m[m["order_time"] < m["contact_time"]].groupby("followup_id").size()
    n_before = f[f["stratum"] == "regular"].assign(n=lambda d: before.reindex(d["followup_id"]).fillna(0).to_numpy())
    means = n_before.groupby("channel")["n"].mean()
    assert means.max() - means.min() < 0.1 * means.mean()


# -- word of mouth -------------------------------------------------------------------------
def test_unhappy_customers_tell_8_to_10_people_happy_ones_2_to_3(shop_20k):
    w = shop_20k.word_of_mouth
    told = w.groupby("sentiment")["people_told"].mean()
    assert 8 <= told["negative"] <= 10 and 2 <= told["positive"] <= 3
    assert told["negative"] == pytest.approx(truth(shop_20k, "wom_people_told", "negative"), rel=0.08)
    assert told["positive"] == pytest.approx(truth(shop_20k, "wom_people_told", "positive"), rel=0.05)
    # Unhappy means a bad experience: their orders were rated low, or refused a refund, far more often.
    rated = w.merge(shop_20k.reviews[["order_id", "rating"]], on="order_id")
    by = rated.groupby("sentiment")["rating"].mean()
    assert by["negative"] < 3 < by["positive"]


def test_happy_word_of_mouth_brings_the_referred_customers(shop_20k):
    w, cust = shop_20k.word_of_mouth, shop_20k.customers
    assert w.loc[w["sentiment"] == "negative", "referrals"].sum() == 0
    referred = cust[cust["acquisition_channel"] == "referral"]
    assert w["referrals"].sum() > 0.95 * len(referred)
    # Every referral counted on a telling has the teller as its referrer and signed up after the telling.
    told = w[w["referrals"] > 0]
    links = referred.merge(told[["customer_id", "mention_time"]], left_on="referrer_id", right_on="customer_id",
                           suffixes=("", "_teller"))
    ok = links[links["mention_time"] < links["signup_time"]]
    assert ok["customer_id"].nunique() > 0.95 * len(referred)
    # Tellers who told more people brought more customers.
    pos = w[w["sentiment"] == "positive"]
    assert pos.loc[pos["people_told"] >= 4, "referrals"].mean() > 1.5 * pos.loc[pos["people_told"] == 1, "referrals"].mean()


# -- 6.18 beside 11.11 -------------------------------------------------------------------------
@pytest.mark.parametrize("table, column", [("orders", "order_time"), ("chats", "start_time"), ("calls", "arrival_time")])
def test_618_is_a_peak_smaller_than_1111(shop_20k, table, column):
    daily = shop_20k[table].set_index(column).resample("D").size()
    md = pd.Series(daily.index.strftime("%m-%d"), index=daily.index)
    d618, d1111 = daily[md == "06-18"].mean(), daily[md == "11-11"].mean()
    june = daily[(daily.index.month == 6) & (md != "06-18")].median()
    assert d618 > 1.4 * june
    assert d1111 > 1.5 * d618
