"""Chapters 4 and 5 exercises: model solutions pass, typical mistakes fail with a useful message.

Expected values are also checked against independent references (scipy, plain pandas,
lifetimes-style Kaplan-Meier by hand) so a bug in an analysis helper is caught here too.
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
    crmlab.set_locale("en")
    s = crmlab.setup(student_id="2024001", locale="en")
    yield s
    session.reset()
    crmlab.set_locale("zh")


@pytest.fixture(scope="module")
def ex4(lesson_shop):
    from crmlab.exercises import customer_satisfaction as ch04

    return ch04


@pytest.fixture(scope="module")
def ex5(lesson_shop):
    from crmlab.exercises import customer_loyalty as ch05

    return ch05


def _r(shop):
    return shop.surveys[shop.surveys["responded"]]


# -- chapter 4 ------------------------------------------------------------------------------
def test_ch04_csat(lesson_shop, ex4):
    r = _r(lesson_shop)
    x = r["q_overall"].dropna().astype(int)
    right = float(np.isin(x.to_numpy(), [4, 5]).mean())
    assert ex4.q1.evaluate(right).status == CORRECT
    wrong = float((lesson_shop.surveys["q_overall"].fillna(0) >= 4).mean())  # non-respondents in the denominator
    fb = ex4.q1.evaluate(wrong)
    assert fb.status == INCORRECT
    assert ex4.q1.evaluate(100 * right).status == INCORRECT and "100" in ex4.q1.evaluate(100 * right).text()
    assert ex4.q1.evaluate(____).status == NOT_ATTEMPTED


def test_ch04_nps_and_interval(lesson_shop, ex4):
    x = _r(lesson_shop)["nps"].dropna().astype(float).to_numpy()
    p, d = (x >= 9).mean(), (x <= 6).mean()
    assert ex4.q2.a.evaluate(100 * (p - d)).status == CORRECT
    assert ex4.q2.a.evaluate(100 * (p - (x <= 7).mean())).status == INCORRECT  # 7 counted as detractor
    # the interval: trinomial variance, normal approximation (reference computation with scipy)
    from scipy import stats

    se = 100 * np.sqrt((p + d - (p - d) ** 2) / len(x))
    lo, hi = 100 * (p - d) + np.array([-1, 1]) * stats.norm.ppf(0.975) * se
    right = "A" if lo > 0 else ("C" if hi < 0 else "B")
    assert ex4.q2.b.evaluate(right).status == CORRECT
    wrong = next(k for k in "ABC" if k != right)
    assert ex4.q2.b.evaluate(wrong).status == INCORRECT
    assert ex4.q2.b.evaluate("Z").status == INCORRECT


def test_ch04_alpha_function(lesson_shop, ex4):
    def alpha(df, items):
        x = df[list(items)].astype(float).dropna()
        k = x.shape[1]
        return k / (k - 1) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=1))

    assert ex4.q3.evaluate(alpha).status == CORRECT
    # the model answer agrees with crmlab's cronbach_alpha
    from crmlab.analysis import cronbach_alpha

    assert ex4.cronbach(_r(lesson_shop), ex4.ALL_ITEMS) == pytest.approx(cronbach_alpha(_r(lesson_shop)))

    def population_var(df, items):  # ddof=0 on items, ddof=1 on the total: a typical slip
        x = df[list(items)].astype(float).dropna()
        k = x.shape[1]
        return k / (k - 1) * (1 - x.var(ddof=0).sum() / x.sum(axis=1).var(ddof=1))

    fb = ex4.q3.evaluate(population_var)
    assert fb.status == INCORRECT and "population_var" in fb.text()
    assert ex4.q3.evaluate(0.8).status == INCORRECT and "function" in ex4.q3.evaluate(0.8).text()


def test_ch04_survey_design(lesson_shop, ex4):
    from crmlab.analysis import example_questionnaire

    good = example_questionnaire("good", locale="en")
    assert ex4.q4.evaluate(good).status == CORRECT
    assert ex4.q4.evaluate(good.to_yaml()).status == CORRECT
    assert ex4.q4.evaluate(good.to_dict()).status == CORRECT
    fb = ex4.q4.evaluate(example_questionnaire("bad", locale="en"))
    assert fb.status == INCORRECT and "S004" in fb.text() and "✘" in fb.text()
    # a clean questionnaire without the service item's "not applicable" fails one rule
    d = good.to_dict()
    for sec in d["sections"]:
        for q in sec["questions"]:
            if q["id"] == "q_service":
                q.pop("allow_na")
    fb = ex4.q4.evaluate(d)
    assert fb.status == INCORRECT and "not applicable" in fb.text()
    assert ex4.q4.evaluate("not: [valid").status == INCORRECT


def test_ch04_ipa_choice(lesson_shop, ex4):
    r = _r(lesson_shop)
    items = ex4.ITEMS
    x = r[items + ["q_overall"]].astype(float).dropna()
    perf, imp = x[items].mean(), x[items].corrwith(x["q_overall"])
    conc = [i for i in items if imp[i] >= imp.mean() and perf[i] < perf.mean()]
    assert conc, "the test shop has an item in the concentrate-here quadrant"
    first = max(conc, key=lambda i: imp[i])
    letter = {"q_product": "A", "q_delivery": "B", "q_service": "C", "q_price": "D"}
    assert ex4.q5.evaluate(letter[first]).status == CORRECT
    right = ex4.q5.expected(lesson_shop)
    assert ex4.q5.evaluate(next(k for k in "ABCD" if k != right)).status == INCORRECT


def test_ch04_equal_index(lesson_shop, ex4):
    from crmlab.analysis import satisfaction_index, satisfaction_indicators

    ind = satisfaction_indicators(lesson_shop)
    # independent: reputation = share of good reviews
    assert ind["reputation"].iloc[0] == pytest.approx((lesson_shop.reviews["sentiment"] == "good").mean())
    w = dict.fromkeys(["reputation", "nomination", "return_rate", "complaint", "sales_power"], 0.2)
    assert ex4.q6.evaluate(float(satisfaction_index(ind, weights=w)["index"].iloc[0])).status == CORRECT
    assert ex4.q6.evaluate(float(satisfaction_index(ind)["index"].iloc[0])).status == INCORRECT  # default weights
    # complaint scored as the raw rate instead of its flipped score
    raw = ind[["score_reputation", "score_nomination", "score_return_rate", "score_sales_power"]].iloc[0].tolist()
    assert ex4.q6.evaluate(float(np.mean(raw + [100 * ind["complaint"].iloc[0]]))).status == INCORRECT


def test_ch04_choice_and_reflection(ex4):
    assert ex4.q7.evaluate("D").status == CORRECT and ex4.q7.evaluate("a").status == INCORRECT
    assert ex4.q8.evaluate("too short").status == NOT_ATTEMPTED
    assert ex4.q8.evaluate("Manage expectations with honest delivery times; members get a dedicated line.").status \
        == UNGRADED


def _choice_teaches(q, right):
    """The right letter passes; every wrong letter fails and shows its own explanation, in both languages."""
    assert q.evaluate(right).status == CORRECT
    assert q.evaluate(____).status == NOT_ATTEMPTED
    for letter in q.options:
        if letter != right:
            fb = q.evaluate(letter)
            zh, en = q.explain(letter)
            assert fb.status == INCORRECT and zh in fb.text("zh") and en in fb.text("en"), (q.name, letter)


def test_ch04_levels_of_satisfaction(lesson_shop, ex4):
    x = _r(lesson_shop)["q_overall"].dropna().astype(int).to_numpy()
    right = int(((x == 1) | (x == 2)).sum())
    assert right > 0
    assert ex4.q9.evaluate(right).status == CORRECT
    for wrong, code in [(int((x <= 3).sum()), "neutral_counted"), (int((x == 1).sum()), "lowest_only"),
                        (float(((x == 1) | (x == 2)).mean()), "share_not_count")]:
        assert wrong != right, code
        fb = ex4.q9.evaluate(wrong)
        mistake = next(m for m in ex4.q9.mistakes if m.code == code)
        assert fb.status == INCORRECT and mistake.en in fb.text("en"), (code, fb.text("en"))
    assert ex4.q9.evaluate(right + 1).status == INCORRECT


def test_ch04_perceived_value_superiority_and_case(ex4):
    _choice_teaches(ex4.q10, "B")
    _choice_teaches(ex4.q11, "B")
    assert ex4.q12.evaluate("short").status == NOT_ATTEMPTED
    assert "manage expectations" in ex4.q12.solution_text[1] and "优越感" in ex4.q12.solution_text[0]


# -- chapter 5 ------------------------------------------------------------------------------
def test_ch05_loyalty_counts(lesson_shop, ex5):
    sv = _r(lesson_shop).dropna(subset=["nps"]).sort_values("response_time").drop_duplicates("customer_id", keep="last")
    paid = lesson_shop.orders[lesson_shop.orders["payment_status"] == "paid"]
    end = paid["order_time"].max()
    n = paid[paid["order_time"] > end - pd.Timedelta(days=365)].groupby("customer_id").size()
    beh = n.reindex(sv["customer_id"]).fillna(0).to_numpy() >= 2
    att = sv["nps"].astype(float).to_numpy() >= 9
    ref = pd.Series(np.select([att & beh, ~att & beh, att & ~beh], ["absolute", "inertia", "latent"], "no_loyalty"))
    counts = ref.value_counts().rename_axis("loyalty").rename("n_customers").reset_index()
    assert ex5.q1.evaluate(counts).status == CORRECT
    wrong = counts.assign(n_customers=counts["n_customers"] + (counts["loyalty"] == "inertia"))
    fb = ex5.q1.evaluate(wrong)
    assert fb.status == INCORRECT and "inertia" in fb.text()


def test_ch05_concepts(ex5):
    assert ex5.q2.evaluate("B").status == CORRECT
    fb = ex5.q2.evaluate("C")
    assert fb.status == INCORRECT and "opposite" in fb.text()
    assert ex5.q3.evaluate("C").status == CORRECT and ex5.q3.evaluate("D").status == INCORRECT


def _km_median(durations, events):
    """Kaplan-Meier by hand: a plain loop over event times (reference)."""
    t, e = np.asarray(durations, float), np.asarray(events, bool)
    s = 1.0
    for u in np.unique(t[e]):
        s *= 1 - ((t == u) & e).sum() / (t >= u).sum()
        if s <= 0.5:
            return float(u)
    return np.inf


def test_ch05_median_lifetime_matches_hand_km(lesson_shop, ex5):
    paid = lesson_shop.orders[lesson_shop.orders["payment_status"] == "paid"]
    end = lesson_shop.orders["order_time"].max()
    g = paid.groupby("customer_id")["order_time"]
    first, last = g.min(), g.max()
    lapsed = (end - last) > pd.Timedelta(days=180)
    dur = ((last.where(lapsed, end) - first).dt.total_seconds() / 86400).clip(lower=0)
    ref = _km_median(dur, lapsed)
    assert ex5.q4.evaluate(ref).status == CORRECT
    assert ex5.q4.evaluate(float(dur.median())).status == INCORRECT  # the naive median ignores censoring


def test_ch05_liabilities(lesson_shop, ex5):
    pl = lesson_shop.points_ledger
    outstanding = pl["points"].sum()  # earn +, redeem/expire − : the running balance
    assert ex5.q5.a.evaluate(outstanding * 0.01).status == CORRECT
    assert ex5.q5.a.evaluate(float(outstanding)).status == INCORRECT  # points, not CNY
    from crmlab.analysis import PointsScheme

    never = PointsScheme(expiry_months=None).simulate(lesson_shop, random_state=0).summary["liability_cny"]
    default = PointsScheme().simulate(lesson_shop, random_state=0).summary["liability_cny"]
    assert never > default  # expiry limits the liability
    assert ex5.q5.b.evaluate(never).status == CORRECT
    assert ex5.q5.b.evaluate(default).status == INCORRECT


def test_ch05_scheme_design(lesson_shop, ex5):
    from crmlab.analysis import PointsScheme

    fb = ex5.q6.evaluate(PointsScheme(tier_thresholds=(200, 500, 1500)))
    assert fb.status == CORRECT, fb.text()
    fb = ex5.q6.evaluate(PointsScheme())
    assert fb.status == INCORRECT and "silver" in fb.text()
    fb = ex5.q6.evaluate(PointsScheme(tier_thresholds=(200, 500, 1500), earn_rate=5))
    assert fb.status == INCORRECT and "10%" in fb.text()
    assert ex5.q6.evaluate({"tier_thresholds": (200, 500, 1500)}).status == CORRECT
    assert ex5.q6.evaluate("points!").status == INCORRECT


def test_ch05_reflection(ex5):
    assert ex5.q7.evaluate("Silver gets priority shipping; a control group checks the effect.").status == UNGRADED


def test_feedback_in_chinese(lesson_shop, ex4):
    crmlab.set_locale("zh")
    try:
        assert "不对" in ex4.q7.evaluate("A").text() or "再想想" in ex4.q7.evaluate("A").text()
    finally:
        crmlab.set_locale("en")


def test_ch05_bearing_an_incident_against_plain_pandas(lesson_shop, ex5):
    paid = lesson_shop.orders[lesson_shop.orders["payment_status"] == "paid"]
    late = set(lesson_shop.shipments.loc[lesson_shop.shipments["delay_days"] > 1, "order_id"])
    first, last, buyers = {}, {}, set()
    for row in paid.sort_values("order_time").itertuples():  # a plain loop as the reference
        buyers.add(row.customer_id)
        last[row.customer_id] = row.order_time
        if row.order_id in late and row.customer_id not in first:
            first[row.customer_id] = row.order_time
    again = [last[c] > t for c, t in first.items()]
    right = sum(again) / len(again)
    assert 0 < right < 1
    assert ex5.q8.evaluate(right).status == CORRECT
    assert ex5.q8.evaluate(sum(again) / len(buyers)).status == INCORRECT
    fb = ex5.q8.evaluate(sum(again) / len(buyers))
    assert next(m for m in ex5.q8.mistakes if m.code == "all_buyers").en in fb.text("en")
    any_delay = ex5.tolerant_share(lesson_shop, late_days=0.0)
    if any_delay != right:
        fb = ex5.q8.evaluate(any_delay)
        assert fb.status == INCORRECT and "delay_days > 0" in fb.text("en")
    assert ex5.q8.evaluate(____).status == NOT_ATTEMPTED


def test_ch05_referral_policy_evaluation_and_case(ex5):
    _choice_teaches(ex5.q9, "B")
    _choice_teaches(ex5.q10, "C")
    assert ex5.q11.evaluate("short").status == NOT_ATTEMPTED
    zh, en = ex5.q11.solution_text
    assert "情感性忠诚" in zh and "affective loyalty" in en
