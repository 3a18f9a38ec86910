"""Topic exercises (new-customer acquisition, old-customer maintenance, online market research):
model solutions pass, typical mistakes fail with a helpful message, expected values agree
with independent references (plain pandas/numpy, scipy) and with the simulator's truth.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import session
from crmlab.exercises import CORRECT, INCORRECT, NOT_ATTEMPTED, UNGRADED, ____


@pytest.fixture(scope="module")
def lesson_shop():
    session.reset()
    s = crmlab.setup(student_id="2024002", locale="en")
    yield s
    session.reset()
    crmlab.set_locale("zh")


@pytest.fixture(scope="module")
def acq(lesson_shop):
    from crmlab.exercises import new_customer_acquisition as acquisition

    return acquisition


@pytest.fixture(scope="module")
def mnt(lesson_shop):
    from crmlab.exercises import old_customer_maintenance as maintenance

    return maintenance


@pytest.fixture(scope="module")
def res(lesson_shop):
    from crmlab.exercises import online_market_research as research

    return research


def _paid(shop):
    return shop.orders[shop.orders["payment_status"] == "paid"]


# -- acquisition ----------------------------------------------------------------------------
def test_channel_mix_and_referral_share(lesson_shop, acq):
    c = lesson_shop.customers
    mix = (c.groupby("acquisition_channel").agg(n_customers=("customer_id", "count"), cac=("acquisition_cost", "mean"))
           .reset_index())
    mix["share"] = mix["n_customers"] / mix["n_customers"].sum()
    assert acq.q1.a.evaluate(mix).status == CORRECT
    fb = acq.q1.a.evaluate(mix.assign(share=mix["share"] * 100))
    assert fb.status == INCORRECT and "share" in fb.text()
    share = float((c["acquisition_channel"] == "referral").mean())
    assert acq.q1.b.evaluate(share).status == CORRECT
    assert 0.5 < share < 0.7  # the course's ~60% of new customers by referral
    assert acq.q1.b.evaluate(1 - share).status == INCORRECT


def test_channel_value(lesson_shop, acq):
    paid = _paid(lesson_shop)
    rows = []
    for ch, g in lesson_shop.customers.groupby("acquisition_channel"):
        sales = paid[paid["customer_id"].isin(g["customer_id"])]
        n_buyers = sales["customer_id"].nunique()
        cost = g["acquisition_cost"].sum()
        rows.append({"acquisition_channel": ch, "n_customers": len(g), "n_buyers": n_buyers, "cost": cost,
                     "revenue": sales["amount"].sum(), "cost_per_buyer": cost / n_buyers,
                     "revenue_per_cost": sales["amount"].sum() / cost})
    ref = pd.DataFrame(rows)
    assert acq.q2.evaluate(ref).status == CORRECT
    wrong = ref.assign(cost_per_buyer=ref["cost"] / ref["n_customers"])  # per customer, not per buyer
    fb = acq.q2.evaluate(wrong)
    assert fb.status == INCORRECT and "cost_per_buyer" in fb.text()
    # the channel with the most revenue per CNY among paid channels
    best = ref.set_index("acquisition_channel").drop("organic")["revenue_per_cost"].idxmax()
    letter = {"referral": "A", "ads": "B", "sales_staff": "C", "service_staff": "D"}[best]
    assert acq.q3.evaluate(letter).status == CORRECT
    assert acq.q3.evaluate(next(k for k in "ABCD" if k != letter)).status == INCORRECT


def test_referral_channel_is_cheap_in_truth(lesson_shop, acq):
    # simulator: referral customers cost less to acquire than ad customers and are not worth less (clv_true)
    t = lesson_shop.truth.merge(lesson_shop.customers[["customer_id", "acquisition_channel", "acquisition_cost"]])
    by = t.groupby("acquisition_channel")[["acquisition_cost", "clv_true"]].mean()
    assert by.loc["referral", "acquisition_cost"] < by.loc["ads", "acquisition_cost"] / 3
    cv = acq.channel_value(lesson_shop).set_index("acquisition_channel")
    assert cv.loc["referral", "revenue_per_cost"] > cv.loc["ads", "revenue_per_cost"]


def test_top_referrers(lesson_shop, acq):
    def mine(customers, n):
        counts = customers["referrer_id"].dropna().astype(int).value_counts()
        return sorted(counts.index, key=lambda i: (-counts[i], i))[:n]

    assert acq.q4.evaluate(mine).status == CORRECT

    def no_tiebreak(customers, n):
        return [int(x) for x in customers["referrer_id"].dropna().value_counts().index[:n]][::-1]

    assert acq.q4.evaluate(no_tiebreak).status == INCORRECT
    assert acq.q4.evaluate(____).status == NOT_ATTEMPTED


def test_budget_plan(lesson_shop, acq):
    cpb = acq.channel_value(lesson_shop).set_index("acquisition_channel")["cost_per_buyer"].drop("organic").sort_values()
    good = {cpb.index[0]: 12_000, cpb.index[1]: 8_000}
    assert acq.q5.evaluate(good).status == CORRECT
    fb = acq.q5.evaluate({cpb.index[0]: 20_000})
    assert fb.status == INCORRECT and "60%" in fb.text()
    fb = acq.q5.evaluate({"organic": 10_000, cpb.index[0]: 10_000})
    assert fb.status == INCORRECT and "organic" in fb.text()
    fb = acq.q5.evaluate({cpb.index[-1]: 12_000, cpb.index[-2]: 8_000})  # the two dearest channels
    assert fb.status == INCORRECT and "90%" in fb.text()
    assert acq.q5.evaluate([1, 2]).status == INCORRECT
    assert acq.q6.evaluate("Referral is cheapest per buyer; reward referrers and track repeat purchases.").status \
        == UNGRADED


# -- maintenance ----------------------------------------------------------------------------
def test_stage_counts(lesson_shop, mnt):
    from crmlab.analysis import lifecycle_stage

    st = lifecycle_stage(lesson_shop.orders, customers=lesson_shop.customers)
    counts = st.groupby("stage", observed=True).size().rename("n_customers").reset_index()  # categorical stage
    assert mnt.q1.evaluate(counts).status == CORRECT
    assert counts["n_customers"].sum() == len(lesson_shop.customers)
    fb = mnt.q1.evaluate(counts.iloc[1:])
    assert fb.status == INCORRECT


def test_touch_effect_against_truth(lesson_shop, mnt):
    ca = lesson_shop.campaign_assignments.merge(lesson_shop.campaigns[["campaign_id", "kind", "is_ab_test"]])
    ab = ca[ca["is_ab_test"]]
    piv = pd.pivot_table(ab, index="kind", columns="group", values="converted", aggfunc="mean")
    ref = pd.DataFrame({"kind": piv.index, "treatment": piv["treatment"].to_numpy(),
                        "control": piv["control"].to_numpy()})
    ref["uplift"] = ref["treatment"] - ref["control"]
    assert mnt.q2.evaluate(ref).status == CORRECT
    fb = mnt.q2.evaluate(ref.assign(uplift=ref["treatment"]))  # conversion taken as the effect
    assert fb.status == INCORRECT and "uplift" in fb.text()
    # the measured uplift is an unbiased estimate of the true uplift: within 3 standard errors of it
    truth = lesson_shop.campaign_truth.merge(lesson_shop.campaigns[["campaign_id", "kind", "is_ab_test"]])
    seg = lesson_shop.truth[["customer_id", "segment_true"]]
    tr = ab[ab["group"] == "treatment"].merge(seg).merge(truth, on=["campaign_id", "segment_true", "kind"])
    true_uplift = tr.groupby("kind")["uplift"].mean()
    n = ab.groupby(["kind", "group"]).size().unstack()
    se = np.sqrt(piv["treatment"] * (1 - piv["treatment"]) / n["treatment"]
                 + piv["control"] * (1 - piv["control"]) / n["control"])
    z = (ref.set_index("kind")["uplift"] - true_uplift) / se
    assert (z.abs() < 3).all(), z


def test_cost_per_win(lesson_shop, mnt):
    rows = lesson_shop.campaign_assignments.merge(lesson_shop.campaigns)
    rows = rows[rows["kind"] == "sms"]
    cost = rows["cost_per_contact"].sum() + (rows["offer_value"] * rows["converted"]).sum()
    assert mnt.q3.evaluate(cost / rows["converted"].sum()).status == CORRECT
    fb = mnt.q3.evaluate(rows["cost_per_contact"].sum() / rows["converted"].sum())  # forgot the offer
    assert fb.status == INCORRECT
    assert mnt.q4.evaluate("B").status == CORRECT
    fb = mnt.q4.evaluate("A")
    assert fb.status == INCORRECT and "anyway" in fb.text()


def test_winback_list(lesson_shop, mnt):
    def mine(orders, as_of):
        as_of = pd.Timestamp(as_of)
        paid = orders.query("payment_status == 'paid' and order_time <= @as_of")
        last = paid.groupby("customer_id")["order_time"].max()
        age = as_of - last
        keep = (age > pd.Timedelta(days=90)) & (age <= pd.Timedelta(days=365))
        return sorted(map(int, last.index[keep]))

    assert mnt.q5.evaluate(mine).status == CORRECT

    def all_orders(orders, as_of):  # forgets that only paid orders count
        as_of = pd.Timestamp(as_of)
        last = orders[orders["order_time"] <= as_of].groupby("customer_id")["order_time"].max()
        days = (as_of - last).dt.days
        return sorted(map(int, last.index[(days > 90) & (days <= 365)]))

    fb = mnt.q5.evaluate(all_orders)
    assert fb.status == INCORRECT and "all_orders" in fb.text()
    assert mnt.q6.evaluate("Phone the mature, e-mail the lost; a random control group shows the effect.").status \
        == UNGRADED


# -- research ------------------------------------------------------------------------------
def test_error_count_same_in_both_languages(res):
    from crmlab.analysis import example_questionnaire

    zh = example_questionnaire("bad", locale="zh").lint()
    en = example_questionnaire("bad", locale="en").lint()
    assert (zh["severity"] == "error").sum() == (en["severity"] == "error").sum()
    n = int((en["severity"] == "error").sum())
    assert res.q1.evaluate(n).status == CORRECT
    assert res.q1.evaluate(len(en)).status == INCORRECT  # every finding, not only errors


def test_fixed_survey(res):
    from crmlab.analysis import Questionnaire, example_questionnaire

    bad = example_questionnaire("bad", locale="en")
    fb = res.q2.evaluate(bad)
    assert fb.status == INCORRECT and "S001" in fb.text()
    fixed = Questionnaire.from_yaml("""
title: Customer shopping survey
language: en
purpose: Learn how satisfied customers are and whether they would recommend us.
audience: Customers with a paid order in the last 90 days
privacy_note: Anonymous; the income question is optional.
incentive: A 5 CNY coupon.
time_estimate_minutes: 3
questions:
  - {id: q1, text: "How satisfied are you with the quality of our products?",
     labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q2, text: "How satisfied are you with our prices?",
     labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q3, text: "How satisfied are you with our return service?", allow_na: true, required: false,
     labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q4, type: single_choice, text: "Where did you hear about our shop?", options: [A friend, Ads, Other],
     required: false}
  - {id: q5, type: nps, text: "How likely are you to recommend our shop to a friend? (0-10)"}
""")
    assert res.q2.evaluate(fixed).status == CORRECT
    no_nps = fixed.to_dict()
    no_nps["questions"] = [q for q in no_nps.pop("sections")[0]["questions"] if q["type"] != "nps"]
    fb = res.q2.evaluate(no_nps)
    assert fb.status == INCORRECT and "NPS" in fb.text()


def test_allocate_matches_stratified_sample(lesson_shop, res):
    from crmlab.analysis import stratified_sample

    def mine(sizes, n):
        return (n * sizes / sizes.sum()).round().clip(lower=1).astype("int64")

    assert res.q3.evaluate(mine).status == CORRECT
    # the allocation is what stratified_sample draws
    sizes = lesson_shop.customers["member_tier"].value_counts()
    drawn = stratified_sample(lesson_shop.customers, strata="member_tier", n=50, random_state=1)["member_tier"].value_counts()
    pd.testing.assert_series_equal(drawn.sort_index(), res.allocate(sizes, 50).sort_index(), check_names=False)

    def floor(sizes, n):
        return np.maximum(np.floor(n * sizes / sizes.sum()), 1).astype("int64")

    assert res.q3.evaluate(floor).status == INCORRECT


def test_precision_choice(lesson_shop, res):
    from crmlab.analysis import sampling_error

    spend = res.buyer_spend(lesson_shop)
    t = sampling_error(spend, value_col="spend", strata="member_tier", frac=0.1, random_state=0)
    right = "A" if t.loc["stratified", "standard_error"] <= t.loc["simple", "standard_error"] else "B"
    assert res.q4.evaluate(right).status == CORRECT
    assert res.q4.evaluate("B" if right == "A" else "A").status == INCORRECT
    # stratified standard error by hand: sqrt(sum W_h^2 (1 - f_h) s_h^2 / n_h)
    from crmlab.analysis import stratified_sample

    sample = stratified_sample(spend, strata="member_tier", frac=0.1, random_state=np.random.default_rng(0))
    pop = spend.groupby("member_tier").size()
    g = sample.groupby("member_tier")["spend"]
    w = pop / pop.sum()
    se = float(np.sqrt((w**2 * (1 - g.size() / pop) * g.var(ddof=1).fillna(0) / g.size()).sum()))
    assert t.loc["stratified", "standard_error"] == pytest.approx(se)


def test_response_and_bias(lesson_shop, res):
    sv = lesson_shop.surveys
    assert res.q5.a.evaluate(float(sv["responded"].sum() / len(sv))).status == CORRECT
    assert res.q5.a.evaluate(float(sv["responded"].sum())).status == INCORRECT
    # repurchase within 180 days of the invitation, by hand with a plain merge
    paid = _paid(lesson_shop)[["customer_id", "order_time"]]
    end = lesson_shop.orders["order_time"].max()
    inv = sv[sv["invited_time"] + pd.Timedelta(days=180) <= end][["response_id", "customer_id", "invited_time",
                                                                  "responded"]]
    m = inv.merge(paid, on="customer_id", how="left")
    m["hit"] = (m["order_time"] > m["invited_time"]) & (m["order_time"] <= m["invited_time"] + pd.Timedelta(days=180))
    rep = m.groupby("response_id")["hit"].any()
    inv = inv.set_index("response_id").assign(rep=rep)
    rate = inv.groupby("responded")["rep"].mean()
    gap = float(rate[True] - rate[False])
    assert res.q5.b.evaluate(gap).status == CORRECT
    assert res.q5.b.evaluate(-gap).status == INCORRECT or gap == 0
    from crmlab.analysis import nonresponse_bias

    assert nonresponse_bias(lesson_shop).loc["repurchased", "difference"] == pytest.approx(gap)


def test_steps_and_plan(res):
    assert res.q6.evaluate("B").status == CORRECT and res.q6.evaluate("A").status == INCORRECT
    assert res.q7.evaluate("short").status == NOT_ATTEMPTED
    assert res.q7.evaluate("Stratify by channel, 200 customers, anonymous survey, compare non-respondents.").status \
        == UNGRADED
