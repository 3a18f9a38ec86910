"""The simulated shop: schema, determinism, parameters, bad input, causal behaviour."""

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.errors import CRMLabError, InvalidArgumentError
from crmlab.schema import PUBLIC_TABLES, TABLE_NAMES, validate_table


def paid(shop):
    return shop.orders[shop.orders["payment_status"] == "paid"]


def test_every_table_matches_the_schema(shop_3k):
    assert shop_3k.tables == list(TABLE_NAMES)
    for name in TABLE_NAMES:
        validate_table(name, shop_3k[name])
        assert len(shop_3k[name]) > 0, name


def test_foreign_keys_hold(shop_3k):
    ids = set(shop_3k.customers["customer_id"])
    for t in ("orders", "reviews", "service_tickets", "complaints", "surveys", "points_ledger", "campaign_assignments"):
        assert set(shop_3k[t]["customer_id"]) <= ids, t
    assert set(shop_3k.order_items["order_id"]) <= set(shop_3k.orders["order_id"])
    assert set(shop_3k.shipments["order_id"]) <= set(paid(shop_3k)["order_id"])
    assert set(shop_3k.order_items["product_id"]) <= set(shop_3k.products["product_id"])


def test_same_seed_same_shop_and_a_known_fingerprint():
    a = crmlab.simulate(400, random_state=123)
    b = crmlab.simulate(400, random_state=123)
    c = crmlab.simulate(400, random_state=124)
    assert a == b and a.fingerprint() == b.fingerprint()
    assert a.fingerprint() != c.fingerprint()


def test_student_seed_is_stable_and_distinct():
    assert crmlab.student_seed("2024001") == crmlab.student_seed(" 2024001 ")
    assert crmlab.student_seed("2024001") != crmlab.student_seed("2024002")
    assert crmlab.simulate(200, random_state="2024001") == crmlab.simulate(200, random_state=crmlab.student_seed("2024001"))


def test_seed_none_is_recorded_and_reproducible():
    a = crmlab.simulate(200)
    b = crmlab.simulate(200, random_state=a.meta["seed"])
    assert a == b


def test_tables_in_time_order_and_times_inside_the_period(shop_3k):
    o = shop_3k.orders
    assert o["order_time"].is_monotonic_increasing
    assert o["order_time"].min() >= pd.Timestamp("2023-01-01")
    assert o["order_time"].max() <= pd.Timestamp("2025-01-01")
    assert (shop_3k.customers["signup_time"].values <= shop_3k.orders.groupby("customer_id")["order_time"].min()
            .reindex(shop_3k.customers["customer_id"]).values).all()
    c = shop_3k.complaints
    stages = ["recorded_time", "judged_time", "analysed_time", "replied_time", "feedback_time"]
    for a, b in zip(stages, stages[1:]):
        assert (c[a] <= c[b]).all(), (a, b)


def test_amounts_add_up(shop_3k):
    items = shop_3k.order_items.groupby("order_id")["line_amount"].sum()
    o = shop_3k.orders.set_index("order_id")
    np.testing.assert_allclose(items.reindex(o.index).values, o["gross_amount"].values, atol=0.011)
    np.testing.assert_allclose(o["gross_amount"] - o["discount"], o["amount"], atol=0.011)
    assert (o["amount"] > 0).all()


def test_points_balance_never_negative_and_consistent(shop_3k):
    led = shop_3k.points_ledger
    assert (led["balance_after"] >= 0).all()
    last = led.groupby("customer_id")["balance_after"].last()
    total = led.groupby("customer_id")["points"].sum()
    assert (last == total).all()
    assert set(led["event_type"]) == {"earn", "redeem", "expire"}


def test_parameters_are_overridable_and_change_the_shop():
    low = crmlab.simulate(3000, random_state=5, referral_share=0.2)
    share = (low.customers["acquisition_channel"] == "referral").mean()
    assert 0.16 < share < 0.24
    assert low.meta["params"]["referral_share"] == 0.2


@pytest.mark.parametrize("kwargs, word", [
    (dict(n_customers=0), "n_customers"),
    (dict(n_customers=-5), "n_customers"),
    (dict(n_customers=2.5), "n_customers"),
    (dict(n_customers=100, start="2024-01-01", end="2023-01-01"), "end"),
    (dict(n_customers=100, locale="fr"), "locale"),
    (dict(n_customers=100, start="not a date"), "YYYY-MM-DD"),
    (dict(n_customers=100, referral_share=1.5), "referral_share"),
    (dict(n_customers=100, refferal_share=0.5), "referral_share"),
    (dict(n_customers=100, random_state=-1), "random_state"),
])
def test_bad_input_gives_one_clear_bilingual_error(kwargs, word):
    with pytest.raises(InvalidArgumentError) as info:
        crmlab.simulate(**kwargs)
    msg = str(info.value)
    assert word in msg
    assert isinstance(info.value, CRMLabError) and info.value.zh and info.value.en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.zh)  # Chinese text present


def test_english_locale_same_columns_english_text():
    zh = crmlab.simulate(300, random_state=3)
    en = crmlab.simulate(300, random_state=3, locale="en")
    for t in PUBLIC_TABLES:
        assert list(zh[t].columns) == list(en[t].columns)
    # Same behaviour, other words.
    assert zh.orders["amount"].equals(en.orders["amount"])
    assert en.customers["province"].str.contains("[\u4e00-\u9fff]").sum() == 0
    assert zh.customers["province"].str.contains("[\u4e00-\u9fff]").all()
    assert zh.reviews["text"].str.contains("[\u4e00-\u9fff]").all()


def test_describe_is_bilingual(shop_3k):
    d = shop_3k.describe()
    assert set(d["table"]) == set(TABLE_NAMES)
    assert "客户" in d.attrs["summary"] and "customers" in d.attrs["summary"]
    assert d.set_index("table").loc["orders", "rows"] == len(shop_3k.orders)


def test_unknown_table_names_the_choices(shop_3k):
    with pytest.raises(KeyError) as info:
        shop_3k["order"]
    assert "orders" in str(info.value)


# -- causal behaviour -------------------------------------------------------------------
def test_referral_share_near_the_course_figure(shop_20k):
    share = (shop_20k.customers["acquisition_channel"] == "referral").mean()
    assert abs(share - 0.60) < 0.02


def test_pareto_top_20_percent_bring_far_more_than_20_percent(shop_20k):
    spend = paid(shop_20k).groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    top = spend.head(int(0.2 * len(spend))).sum() / spend.sum()
    assert 0.45 < top < 0.8


def test_repeat_purchase_rate_and_inter_purchase_time_realistic(shop_20k):
    """Documented ranges (docs/simulation.md): repeat rate 25-55%, median gap 40-200 days."""
    o = paid(shop_20k).sort_values(["customer_id", "order_time"])
    counts = o.groupby("customer_id").size()
    repeat = (counts >= 2).mean()
    gaps = o.groupby("customer_id")["order_time"].diff().dt.days.dropna()
    assert 0.25 < repeat < 0.55, repeat
    assert 40 < gaps.median() < 200, gaps.median()


def test_slow_complaint_handling_loses_more_customers(shop_20k):
    c = shop_20k.complaints.copy()
    hours = (c["replied_time"] - c["recorded_time"]).dt.total_seconds() / 3600
    truth = shop_20k.truth.set_index("customer_id")
    lost = truth.loc[c["customer_id"], "churn_cause"].to_numpy() == "complaint"
    fast_lost, slow_lost = lost[hours <= 24].mean(), lost[hours > 48].mean()
    assert slow_lost > fast_lost + 0.1
    # Fast handling keeps about 70% of complainants (course figure), i.e. ~30% lost.
    assert 0.2 < fast_lost < 0.4


def test_late_deliveries_cause_bad_reviews_and_complaints(shop_20k):
    r = shop_20k.reviews.merge(shop_20k.shipments, on="order_id")
    late = r["delay_days"] > 1
    assert r.loc[late, "rating"].mean() < r.loc[~late, "rating"].mean() - 0.5
    s = shop_20k.shipments.assign(complained=shop_20k.shipments["order_id"].isin(shop_20k.complaints["order_id"]))
    assert s.loc[s["delay_days"] > 1, "complained"].mean() > 3 * s.loc[s["delay_days"] == 0, "complained"].mean()


def test_double_eleven_is_the_busiest_day(shop_20k):
    daily = paid(shop_20k).set_index("order_time").resample("D").size()
    busiest = daily.idxmax()
    assert (busiest.month, busiest.day) == (11, 11)


def test_payment_reminders_recover_unpaid_orders(shop_20k):
    o = shop_20k.orders[shop_20k.orders["was_unpaid"]]
    rate = o.groupby("reminder_sent")["payment_status"].apply(lambda s: (s == "paid").mean())
    assert rate[True] > rate[False] + 0.15


def test_fast_inquiry_response_converts_more(shop_20k):
    t = shop_20k.service_tickets
    pre = t[t["stage"] == "pre_sale"]
    fast = pre["first_response_seconds"] <= 30
    assert pre.loc[fast, "converted"].mean() > pre.loc[~fast, "converted"].mean() + 0.1


def test_survey_answers_follow_experience_with_non_response_bias(shop_20k):
    s = shop_20k.surveys
    r = s[s["responded"]]
    orders = paid(shop_20k).merge(shop_20k.shipments, on="order_id")
    delay = orders.groupby("customer_id")["delay_days"].mean()
    d = r.assign(delay=delay.reindex(r["customer_id"]).to_numpy())
    assert d.loc[d["delay"] > 1, "q_delivery"].mean() < d.loc[d["delay"] == 0, "q_delivery"].mean()
    # Engaged customers respond more: respondents have more orders than non-respondents.
    n_orders = paid(shop_20k).groupby("customer_id").size()
    s = s.assign(n=n_orders.reindex(s["customer_id"]).fillna(0).to_numpy())
    assert s.loc[s["responded"], "n"].mean() > s.loc[~s["responded"], "n"].mean()


def test_campaign_uplift_is_real_and_differs_by_segment(shop_20k):
    ca = shop_20k.campaign_assignments.merge(shop_20k.campaigns[["campaign_id", "is_ab_test"]], on="campaign_id")
    ab = ca[ca["is_ab_test"]]
    rate = ab.groupby("group")["converted"].mean()
    assert rate["treatment"] > rate["control"]
    truth = shop_20k.campaign_truth
    assert truth.groupby("campaign_id")["uplift"].agg(lambda u: u.max() - u.min()).min() > 0.01


def test_truth_churn_consistent_with_orders(shop_3k):
    t = shop_3k.truth.set_index("customer_id")
    last = paid(shop_3k).groupby("customer_id")["order_time"].max()
    churned = t[t["churned"]]
    # Nobody buys after their churn date.
    after = last.reindex(churned.index) > churned["churn_date"] + pd.Timedelta(days=1)
    assert not after.any()
    assert (t.loc[~t["churned"], "clv_true"] >= 0).all() and t.loc[~t["churned"], "clv_true"].median() > 1
    assert (t.loc[t["churned"], "clv_true"] == 0).all()


def test_calls_wait_more_on_peak_days(shop_20k):
    calls = shop_20k.calls
    peak = (calls["arrival_time"].dt.month == 11) & calls["arrival_time"].dt.day.between(10, 20)
    assert calls.loc[peak, "wait_seconds"].mean() > calls.loc[~peak, "wait_seconds"].mean()
    assert calls["abandoned"].mean() < 0.3


def test_association_rules_exist_in_baskets(shop_20k):
    items = shop_20k.order_items
    pairs = shop_20k.affinity_truth.iloc[0]
    a = set(items.loc[items["product_id"] == pairs["antecedent_id"], "order_id"])
    b = set(items.loc[items["product_id"] == pairs["consequent_id"], "order_id"])
    conf = len(a & b) / max(len(a), 1)
    support_b = len(b) / items["order_id"].nunique()
    assert conf / support_b > 3  # lift well above 1


def test_satisfied_customers_buy_again_more_often(shop_20k):
    """Promoters (NPS 9-10) repurchase within 180 days more often than detractors (0-6)."""
    o = paid(shop_20k)[["customer_id", "order_time"]]
    s = shop_20k.surveys[shop_20k.surveys["responded"]]
    nxt = s.merge(o, on="customer_id")
    nxt = nxt[(nxt["order_time"] > nxt["response_time"]) &
              (nxt["order_time"] <= nxt["response_time"] + pd.Timedelta(days=180))]
    s = s.assign(rep=s["response_id"].isin(nxt["response_id"]))
    promoters = s.loc[s["nps"] >= 9, "rep"].mean()
    detractors = s.loc[s["nps"] <= 6, "rep"].mean()
    assert promoters > detractors + 0.07


def test_bad_experiences_make_customers_leave(shop_20k):
    t = shop_20k.truth
    assert (t["churn_cause"] == "experience").sum() > 0.02 * len(t)
    late = shop_20k.shipments.loc[shop_20k.shipments["delay_days"] > 3, "order_id"]
    late_customers = paid(shop_20k).loc[paid(shop_20k)["order_id"].isin(late), "customer_id"].unique()
    share_late = (t.set_index("customer_id").loc[late_customers, "churn_cause"] == "experience").mean()
    assert share_late > 2 * (t["churn_cause"] == "experience").mean()


def test_consumables_are_bought_again_sooner(shop_20k):
    o = paid(shop_20k)[["order_id", "customer_id", "order_time"]]
    it = shop_20k.order_items.merge(o, on="order_id").merge(shop_20k.products[["product_id", "is_consumable"]],
                                                             on="product_id")
    it = it.sort_values(["customer_id", "product_id", "order_time"])
    it["gap"] = it.groupby(["customer_id", "product_id"])["order_time"].diff().dt.days
    med = it.groupby("is_consumable")["gap"].median()
    assert med[True] < 0.85 * med[False]


def test_order_values_follow_the_latent_spend(shop_20k):
    from scipy.stats import spearmanr

    o = paid(shop_20k)
    mean_value = o.groupby("customer_id")["amount"].mean()
    truth = shop_20k.truth.set_index("customer_id").loc[mean_value.index]
    assert spearmanr(mean_value, truth["spend_mean"]).statistic > 0.5
    ratio = o["amount"].mean() / truth["spend_mean"].reindex(o["customer_id"]).mean()
    assert 0.8 < ratio < 1.4
