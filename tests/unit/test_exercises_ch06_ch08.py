"""Exercises of chapters 6-8 and the complaint notebook: every model solution passes,
typical wrong answers fail with a helpful message, expectations agree with reference
implementations (statsmodels, scipy, plain pandas) and the simulator's truth."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import session
from crmlab.exercises import CORRECT, INCORRECT, NOT_ATTEMPTED, UNGRADED, ____
from crmlab.exercises import call_center as ch07
from crmlab.exercises import complaint_handling as complaints
from crmlab.exercises import crm_marketing as ch06
from crmlab.exercises import customer_service as ch08


@pytest.fixture(scope="module")
def lab_shop():
    session.reset()
    crmlab.set_locale("en")
    shop = crmlab.setup(locale="en", dataset="lab")
    yield shop
    crmlab.set_locale("zh")
    session.reset()


def _ns(shop):
    from crmlab import analysis as A

    ns = {"shop": shop, "pd": pd, "np": np, "GROWTH": ch07.GROWTH}
    for name in ("campaign_funnel", "ab_test_proportions", "sample_size_proportions", "uplift_by_segment",
                 "lifecycle_stage", "arrival_rates", "agents_needed", "bad_review_causes", "sla_breaches",
                 "complaint_retention"):
        ns[name] = getattr(A, name)
    return ns


def _solve(questions, ns):
    """Run each question's model solution in order, in one namespace; return the namespace."""
    for q in questions:
        exec(q.solution_code, ns)
    return ns


def _status(q, answer):
    return q.evaluate(answer).status


# -- chapter 6 ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ns6(lab_shop):
    ns = _ns(lab_shop)
    ab_ids = lab_shop.campaigns.loc[lab_shop.campaigns["is_ab_test"], "campaign_id"]
    ns["ab"] = lab_shop.campaign_assignments[lab_shop.campaign_assignments["campaign_id"].isin(ab_ids)]
    # the lesson's worked examples: the control conversion (section 4) and the lifecycle stages (section 6)
    ns["p0"] = ns["ab"].loc[ns["ab"]["group"] == "control", "converted"].mean()
    ns["stages"] = ns["lifecycle_stage"](lab_shop.orders, customers=lab_shop.customers)
    return _solve([ch06.q1, ch06.q2.a, ch06.q2.b, ch06.q2.c, ch06.q4, ch06.q5, ch06.q6, ch06.q7, ch06.q8], ns)


def test_ch06_solutions_pass(ns6):
    for q in (ch06.q1, ch06.q2.a, ch06.q2.b, ch06.q2.c, ch06.q4, ch06.q5, ch06.q6, ch06.q7, ch06.q8):
        assert _status(q, ns6[q.var]) == CORRECT, (q.name, q.evaluate(ns6[q.var]).text())
    assert _status(ch06.q3, "B") == CORRECT
    assert _status(ch06.q9, "A memo of more than thirty characters for the owner.") == UNGRADED
    assert _status(ch06.q1, ____) == NOT_ATTEMPTED


def test_ch06_wrong_answers(ns6, lab_shop):
    # both groups pooled instead of the treatment group: wrong counts, named
    from crmlab.analysis import campaign_funnel

    pooled = campaign_funnel(lab_shop.campaign_assignments, orders=lab_shop.orders, by_group=False)
    fb = ch06.q1.evaluate(pooled[["campaign_id", "targeted", "visited", "converted", "orders"]])
    assert fb.status == INCORRECT and "targeted" in fb.text()
    fb = ch06.q2.b.evaluate(ns6["p_value"] / 2)  # one-sided instead of two-sided
    assert fb.status == INCORRECT
    assert _status(ch06.q3, "A") == INCORRECT and "not 'no effect'" in ch06.q3.evaluate("A").text()
    assert _status(ch06.q4, ns6["n_needed"] * 2) == INCORRECT  # total instead of per group
    assert _status(ch06.q5, lambda a: float(a["converted"].mean())) == INCORRECT
    fb = ch06.q8.evaluate({"stages": ["declining", "lost"], "n_per_group": 100, "mde": 0.04})
    assert fb.status == INCORRECT and "lost" in fb.text() and "power is only" in fb.text()


def test_ch06_references(ns6, lab_shop):
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize, proportions_ztest

    ab = ns6["ab"]
    main = ab[ab["campaign_id"] == ns6["main_test"]]
    k = main.groupby("group")["converted"].sum()
    n = main.groupby("group").size()
    _, p = proportions_ztest([k["treatment"], k["control"]], [n["treatment"], n["control"]])
    assert math.isclose(ch06.q2.b.expected(lab_shop), p, rel_tol=1e-9)
    p0 = ch06.control_rate(lab_shop)
    exact = NormalIndPower().solve_power(proportion_effectsize(p0 + ch06.MDE, p0), alpha=0.05, power=0.8)
    assert ch06.q4.expected(lab_shop) == math.ceil(exact)
    # the treatment funnel by hand
    t = lab_shop.campaign_assignments[lab_shop.campaign_assignments["group"] == "treatment"]
    paid = set(lab_shop.orders.loc[lab_shop.orders["payment_status"] == "paid", "order_id"])
    hand = t.assign(paid=t["order_id"].isin(paid)).groupby("campaign_id").agg(
        targeted=("customer_id", "size"), visited=("visited", "sum"), orders=("paid", "sum"))
    exp = ch06.treatment_funnel(lab_shop).set_index("campaign_id")
    assert (exp[["targeted", "visited", "orders"]] == hand).all().all()


def test_ch06_uplift_follows_the_truth(lab_shop):
    """The segment the simulator made most responsive shows the largest measured uplift."""
    from crmlab.analysis import uplift_by_segment

    u = uplift_by_segment(ch06.ab_assignments(lab_shop), segments=lab_shop.truth, segment_col="segment_true", by=None)
    truth = lab_shop.campaign_truth.groupby("segment_true")["uplift"].mean()
    assert u["segment_true"].iloc[0] == truth.idxmax()


# -- chapter 7 ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ns7(lab_shop):
    ns = _ns(lab_shop)
    return _solve([ch07.q1, ch07.q2.a, ch07.q2.b, ch07.q2.c, ch07.q3, ch07.q4.a, ch07.q4.b, ch07.q4.c, ch07.q5], ns)


def test_ch07_solutions_pass(ns7):
    for q in (ch07.q1, ch07.q2.a, ch07.q2.b, ch07.q2.c, ch07.q3, ch07.q4.a, ch07.q4.b, ch07.q4.c, ch07.q5):
        assert _status(q, ns7[q.var]) == CORRECT, (q.name, q.evaluate(ns7[q.var]).text())
    assert _status(ch07.q6, "B") == CORRECT and _status(ch07.q7, "B") == CORRECT


def test_ch07_wrong_answers(ns7, lab_shop):
    # rates per call day instead of per calendar day; counts instead of rates
    fb = ch07.q1.evaluate(ns7["rates"].assign(rate_per_hour=ns7["rates"]["rate_per_hour"] * 2))
    assert fb.status == INCORRECT and "rate_per_hour" in fb.text()
    fb = ch07.q2.b.evaluate(ns7["abandon_rate"] * 100)
    assert fb.status == INCORRECT and "100" in fb.text()
    wrong = lambda lam, aht, n: lam * aht / 3600 / n  # occupancy, not the chance to wait  # noqa: E731
    fb = ch07.q3.evaluate(wrong)
    assert fb.status == INCORRECT and "does not match" in fb.text()
    fb = ch07.q5.evaluate([4] * 24)  # the flat roster
    assert fb.status == INCORRECT and "miss 80/20" in fb.text()
    fb = ch07.q5.evaluate([20] * 24)  # meets the level, far over budget
    assert fb.status == INCORRECT and "budget" in fb.text()
    fb = ch07.q5.evaluate([1] * 23)
    assert fb.status == INCORRECT


def test_ch07_erlang_reference_and_rules(ns7, lab_shop):
    # the student's textbook formula agrees with crmlab's stable recursion
    for args in [(200, 180, 11), (200, 180, 14), (60, 240, 4)]:
        assert math.isclose(ns7["erlang_c_prob"](*args), ch07.erlang_c_prob(*args), rel_tol=1e-9)
    assert math.isclose(ch07.erlang_c_prob(200, 180, 11), 0.6821, abs_tol=1e-4)  # Call Centre Helper
    # the model roster: every hour meets 80/20, and one agent fewer in the busiest hour does not
    from crmlab.analysis import simulate_schedule

    fc = ch07.forecast(lab_shop)
    sched = np.array(ns7["schedule"])
    assert simulate_schedule(sched, arrivals=fc, handle_time=ch07.aht(lab_shop))["meets_target"].all()
    need = np.array(ch07.min_agents(lab_shop))
    peak = int(np.argmax(fc["rate_per_hour"]))
    fewer = need.copy()
    fewer[peak] -= 1
    assert not simulate_schedule(fewer, arrivals=fc, handle_time=ch07.aht(lab_shop))["meets_target"].all()
    # peak factor by hand
    paid = lab_shop.orders[lab_shop.orders["payment_status"] == "paid"]
    d = paid["order_time"].dt.normalize()
    n_days = (pd.Timestamp(lab_shop.meta["end"]) - pd.Timestamp(lab_shop.meta["start"])).days + 1
    on1111 = ((d.dt.month == 11) & (d.dt.day == 11)).sum() / 2  # two 11.11 days in two years
    assert math.isclose(ch07.peak_factor(lab_shop), on1111 / (len(paid) / n_days), rel_tol=1e-9)


# -- chapter 8 ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ns8(lab_shop):
    ns = _ns(lab_shop)
    return _solve([ch08.q1, ch08.q2, ch08.q3, ch08.q4, ch08.q6, ch08.q8], ns)


def test_ch08_solutions_pass(ns8, lab_shop):
    for q in (ch08.q1, ch08.q2, ch08.q3, ch08.q4, ch08.q6, ch08.q8):
        assert _status(q, ns8[q.var]) == CORRECT, (q.name, q.evaluate(ns8[q.var]).text())
    assert _status(ch08.q7, "D") == CORRECT
    assert ch08.q5.expected(lab_shop) == "A"  # late parcels: logistics is the simulator's main cause


def test_ch08_wrong_answers(ns8, lab_shop):
    all_tickets = float(lab_shop.service_tickets["converted"].mean())  # not only pre-sale
    assert _status(ch08.q1, all_tickets) == INCORRECT
    assert _status(ch08.q3, ns8["extra_paid"] / ((~lab_shop.orders.loc[lab_shop.orders["was_unpaid"],
                                                                         "reminder_sent"]).sum())) == INCORRECT
    fb = ch08.q6.evaluate(lambda t, n: t["text"].unique()[:n].tolist())
    assert fb.status == INCORRECT
    fb = ch08.q8.evaluate([{"topic": "size", "question": "?", "answer": "short"}])
    assert fb.status == INCORRECT and "missing" in fb.text()
    fb = ch08.q7.evaluate("C")
    assert fb.status == INCORRECT and "personal" in fb.text()


def test_ch08_references(lab_shop):
    from scipy.stats import norm

    from crmlab.analysis import inquiry_conversion, reminder_effect

    assert math.isclose(ch08.q1.expected(lab_shop), float(inquiry_conversion(lab_shop.service_tickets)
                                                          ["conversion_rate"].iloc[0]), rel_tol=1e-12)
    r = reminder_effect(lab_shop.orders).set_index("group")
    assert math.isclose(ch08.extra_paid(lab_shop), r.loc["difference", "recovery_rate"] *
                        r.loc["no_reminder", "unpaid_orders"], rel_tol=1e-9)
    # reminders really work in the simulator: the difference is about pay_after - pay_without
    p = lab_shop.meta["params"]
    assert abs(r.loc["difference", "recovery_rate"] - (p["pay_after_reminder"] - p["pay_without_reminder"])) < \
        3 * norm.ppf(0.975) * 0.03
    assert ch08.q2.expected(lab_shop) > 0  # fast replies convert more


# -- complaints -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nsc(lab_shop):
    ns = _ns(lab_shop)
    ns["c"] = lab_shop.complaints
    ns["r"] = complaints.retention(lab_shop)
    return _solve([complaints.q1, complaints.q2, complaints.q4, complaints.q5.a, complaints.q5.b, complaints.q6.a,
                   complaints.q6.b, complaints.q7], ns)


def test_complaints_solutions_pass(nsc, lab_shop):
    for q in (complaints.q1, complaints.q2, complaints.q4, complaints.q5.a, complaints.q5.b, complaints.q6.a,
              complaints.q6.b, complaints.q7):
        assert _status(q, nsc[q.var]) == CORRECT, (q.name, q.evaluate(nsc[q.var]).text())
    b = nsc["breaches"]
    letter = "ABCDE"[complaints.STAGE_CODES.index(b.loc[b["breach_rate"].idxmax(), "stage"])]
    assert _status(complaints.q3, letter) == CORRECT


def test_complaints_wrong_answers(nsc, lab_shop):
    assert _status(complaints.q1, nsc["median_reply"] / 24) == INCORRECT  # days, not hours
    wrong = nsc["breaches"].assign(breaches=nsc["breaches"]["n"])
    fb = complaints.q2.evaluate(wrong)
    assert fb.status == INCORRECT and "breaches" in fb.text()
    fb = complaints.q7.evaluate({"judge": 1, "analyse": 2, "reply": 3, "feedback": 4, "followup": 5})
    assert fb.status == INCORRECT and "breach more than" in fb.text()
    fb = complaints.q7.evaluate({"judge": 6, "analyse": 16, "reply": 48, "feedback": 60, "followup": 168})
    assert fb.status == INCORRECT and "reply" in fb.text()
    assert _status(complaints.q6.a, nsc["told_good"]) == INCORRECT


def test_complaint_figures_follow_the_course(lab_shop):
    """Hand-computed stage times and breaches; fast handling keeps more complainants."""
    c = lab_shop.complaints
    hours = (c["replied_time"] - c["recorded_time"]).dt.total_seconds() / 3600
    assert math.isclose(complaints.q1.expected(lab_shop), float(np.median(hours)), rel_tol=1e-9)
    b = complaints.breaches(lab_shop).set_index("stage")
    assert b.loc["reply", "breaches"] == int((hours > 24).sum())
    r = complaints.retention(lab_shop)["retention"]
    assert r.iloc[0] > r.iloc[1]
    assert 0.5 < r.iloc[0] < 0.95  # the course's ~70%, with the noise of ~200 complaints


# -- the syllabus's theory of chapters 6-8: concept questions, data questions, case notes ----------------
def _wrong_options_explained(q, shop=None):
    """The right option passes; each wrong option fails and shows its own explanation, in both languages."""
    right = q.expected(shop)
    assert q.evaluate(right).status == CORRECT, q.name
    for letter in q.options:
        if letter == right:
            continue
        fb = q.evaluate(letter)
        zh, en = q.explain(letter, shop)
        assert fb.status == INCORRECT, (q.name, letter)
        assert zh in fb.text("zh") and en in fb.text("en"), (q.name, letter)


def test_ch06_theory_choices():
    for q in (ch06.q10, ch06.q11, ch06.q12, ch06.q13, ch06.q14.b, ch06.q14.c):
        _wrong_options_explained(q)
    assert (ch06.q10.answer, ch06.q11.answer, ch06.q12.answer, ch06.q13.answer) == ("B", "B", "C", "B")


def test_ch06_campaign_kinds(lab_shop):
    ns = _ns(lab_shop)
    exec(ch06.q14.a.solution_code, ns)
    assert _status(ch06.q14.a, ns["by_kind"]) == CORRECT
    # by hand from the raw tables: treatment rows, revenue of their paid campaign orders, cost per contact
    ca = lab_shop.campaign_assignments
    want = ch06.kind_summary(lab_shop).set_index("kind")
    t = ca[ca["group"] == "treatment"].merge(lab_shop.campaigns[["campaign_id", "kind", "cost_per_contact"]],
                                             on="campaign_id")
    assert want["targeted"].to_dict() == t.groupby("kind").size().to_dict()
    assert want["converted"].to_dict() == t.groupby("kind")["converted"].sum().to_dict()
    assert want["cost"].to_dict() == pytest.approx(t.groupby("kind")["cost_per_contact"].sum().to_dict())
    assert (want["revenue_per_cost"] == want["revenue"] / want["cost"]).all()
    # the mean of each campaign's ratio instead of the ratio of the sums: wrong, and the feedback names the column
    f = ns["campaign_funnel"](lab_shop.campaign_assignments, orders=lab_shop.orders, campaigns=lab_shop.campaigns)
    f = f[f["group"] == "treatment"]
    averaged = ns["by_kind"].copy()
    averaged["revenue_per_cost"] = f.groupby("kind")["revenue_per_cost"].mean().reindex(averaged["kind"]).to_numpy()
    fb = ch06.q14.a.evaluate(averaged)
    assert fb.status == INCORRECT and "revenue_per_cost" in fb.text()
    assert _status(ch06.q14.a, ____) == NOT_ATTEMPTED


def test_ch06_case_notes_are_read_by_the_teacher():
    assert _status(ch06.q15, "too short") == NOT_ATTEMPTED
    fb = ch06.q15.evaluate("Compared with the week before 11.11, which rises anyway; only a control group shows "
                           "what the campaign caused.")
    assert fb.status == UNGRADED and "control group" in fb.text("en")


def test_ch07_theory(lab_shop):
    ns = _ns(lab_shop)
    _solve([ch07.q9.a, ch07.q9.b], ns)
    assert _status(ch07.q9.a, ns["after_sale_share"]) == CORRECT
    assert _status(ch07.q9.b, ns["identified_share"]) == CORRECT
    calls = lab_shop.calls
    assert ch07.q9.a.expected(lab_shop) == pytest.approx((calls["queue"] == "after_sale").sum() / len(calls))
    assert ch07.q9.b.expected(lab_shop) == pytest.approx(calls["customer_id"].count() / len(calls))
    # the pre-sale share, and a count instead of a share: wrong
    assert _status(ch07.q9.a, 1 - ns["after_sale_share"]) == INCORRECT
    assert _status(ch07.q9.b, int(calls["customer_id"].count())) == INCORRECT
    for q in (ch07.q10.a, ch07.q10.b, ch07.q10.c, ch07.q10.d, ch07.q10.e):
        _wrong_options_explained(q)
    # each scene has its own step: the five answers are the five steps
    assert sorted(q.answer for q in (ch07.q10.a, ch07.q10.b, ch07.q10.c, ch07.q10.d, ch07.q10.e)) == list("ABCDE")
    assert _status(ch07.q11, "Fewer agents, longer queues, more hang-ups: staff hour by hour with Erlang C.") == \
        UNGRADED


def test_ch08_theory_choices():
    for q in (ch08.q10.a, ch08.q10.b, ch08.q10.c, ch08.q11):
        _wrong_options_explained(q)


def test_ch08_reply_script(lab_shop):
    ns = _ns(lab_shop)
    exec(ch08.q12.solution_code, ns)
    assert _status(ch08.q12, ns["script"]) == CORRECT
    # a reply that blames the carrier, one without a remedy, one too long, and not a text at all
    fb = ch08.q12.evaluate("亲，您好！非常抱歉。这不是我们的问题，请找快递去，我们会跟进。")
    assert fb.status == INCORRECT and "✘" in fb.text("zh")
    fb = ch08.q12.evaluate("亲，您好！让您久等了，非常抱歉，我们会跟进物流并及时告知您。")
    assert fb.status == INCORRECT and "✘ offers a concrete remedy" in fb.text("en")
    assert _status(ch08.q12, ns["script"] * 3) == INCORRECT
    assert _status(ch08.q12, ["亲，您好", "抱歉"]) == INCORRECT
    # the same words spaced out to slip past the forbidden list are still caught
    assert _status(ch08.q12, "亲，您好！非常抱歉，已为您补偿优惠券，会跟进。不 是 我 们 的 问 题。") == INCORRECT


def test_ch08_word_of_mouth(lab_shop):
    ns = _ns(lab_shop)
    exec(ch08.q13.solution_code, ns)
    assert _status(ch08.q13, ns["wom_ratio"]) == CORRECT
    w = lab_shop.word_of_mouth
    neg = w.loc[w["sentiment"] == "negative", "people_told"]
    pos = w.loc[w["sentiment"] == "positive", "people_told"]
    assert ch08.q13.expected(lab_shop) == pytest.approx(neg.sum() / len(neg) / (pos.sum() / len(pos)))
    # the simulated shop tells the course material's story: unhappy customers tell more people
    assert ch08.q13.expected(lab_shop) > 1.5
    # upside down, and total people instead of people per telling: wrong
    assert _status(ch08.q13, 1 / ns["wom_ratio"]) == INCORRECT
    assert _status(ch08.q13, neg.sum() / pos.sum()) == INCORRECT
    assert _status(ch08.q14, "Heart, easy, active, trust: care after delivery, a clear FAQ, delay notices first.") == \
        UNGRADED
