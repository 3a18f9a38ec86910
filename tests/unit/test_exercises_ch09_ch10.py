"""Chapter 9 and 10 exercises and exam paper A: every model solution passes on a student's
own shop, the expected answers agree with independent references (plain pandas,
scipy), and typical wrong answers fail with a helpful message."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import session
from crmlab.exercises import CORRECT, INCORRECT, NOT_ATTEMPTED, UNGRADED
from crmlab.exercises import crm_data_analysis as ch09
from crmlab.exercises import crm_department as ch10
from crmlab.exercises import exam_practice as exam


@pytest.fixture(scope="module")
def ns():
    session.reset()
    crmlab.set_locale("en")
    shop = crmlab.setup(student_id="2024009")
    from crmlab import analysis

    env = {"shop": shop, "pd": pd, "np": np, "math": math}
    for name in ("repeat_purchase_rate", "repurchase_cycle", "growth", "rfm_summary", "rfm_scores", "rfm_segments",
                 "correlation", "kpi_table"):
        env[name] = getattr(analysis, name)
    env["rfm"] = analysis.rfm_summary(shop.orders, as_of=shop.meta["end"])
    # the lessons' worked examples: the RFM segments (lesson 09) and the yearly KPI table (lesson 10)
    env["seg"] = analysis.rfm_segments(analysis.rfm_scores(env["rfm"]))
    env["yearly"] = analysis.kpi_table(shop.orders, surveys=shop.surveys, complaints=shop.complaints,
                                       shipments=shop.shipments, service_tickets=shop.service_tickets, period="Y")
    yield env
    session.reset()


def _parts(q):
    return list(q._parts.values()) if getattr(q, "_parts", None) else [q]


def _solve(module, ns):
    """Run every model solution in order; returns {question name: feedback}."""
    out = {}
    for name in [n for n in module.__all__ if n.startswith("q") and n[1:].isdigit()]:
        for part in _parts(getattr(module, name)):
            if part.solution_code:
                exec(part.solution_code, ns)
            out[part.name] = part.evaluate(ns.get(part.var))
    return out


@pytest.mark.parametrize("module", [ch09, ch10, exam], ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_model_solutions_pass(ns, module):
    fb = _solve(module, dict(ns))
    reflection = {q.name for n in module.__all__ if n.startswith("q") and n[1:].isdigit()
                  for q in _parts(getattr(module, n)) if not q.graded}
    assert {k: f.status for k, f in fb.items() if f.status != CORRECT} == {k: UNGRADED for k in reflection}
    for k in reflection:
        q = next(q for n in module.__all__ if n.startswith("q") and n[1:].isdigit()
                 for q in _parts(getattr(module, n)) if q.name == k)
        assert q.evaluate("A plan with a control group, a defined metric and a timed reminder.").status == UNGRADED


def test_blanks_get_a_nudge_not_an_error():
    for module in (ch09, ch10, exam):
        for n in [n for n in module.__all__ if n.startswith("q") and n[1:].isdigit()]:
            for q in _parts(getattr(module, n)):
                assert q.evaluate(module.____).status == NOT_ATTEMPTED


# -- chapter 9: expected answers against independent references ---------------------------
def test_ch09_expected_values_match_references(ns):
    shop = ns["shop"]
    paid = shop.orders[shop.orders["payment_status"] == "paid"]
    counts = paid.groupby("customer_id").size()
    assert ch09.q1.expected(shop) == pytest.approx((counts >= 2).sum() / len(counts))
    # repurchase cycle by hand: distinct purchase days, gaps between consecutive ones
    days = paid.assign(day=paid["order_time"].dt.floor("D"))[["customer_id", "day"]].drop_duplicates()
    days = days.sort_values(["customer_id", "day"])
    gaps = days.groupby("customer_id")["day"].diff().dt.days
    assert ch09.q3.expected(shop) == pytest.approx(gaps.groupby(days["customer_id"]).mean().dropna().median())
    monthly = paid.groupby(paid["order_time"].dt.to_period("M"))["amount"].sum()
    assert ch09.q4.a.expected(shop) == pytest.approx(monthly[pd.Period("2024-11", "M")]
                                                     / monthly[pd.Period("2023-11", "M")] - 1)
    from scipy.stats import spearmanr

    rfm = ns["rfm"]
    assert ch09.q5.expected(shop) == pytest.approx(spearmanr(rfm["frequency"], rfm["monetary"]).statistic)
    # the eight segments by hand: quintile scores by rank, high = above the mean score
    n = len(rfm)
    score = {c: 1 + np.floor(5 * ((-rfm[c] if c == "recency" else rfm[c]).rank(method="min") - 1) / n)
             for c in ("recency", "frequency", "monetary")}
    high = {c: s > s.mean() for c, s in score.items()}
    code = (np.where(high["monetary"], "important_", "general_")
            + np.select([high["recency"] & high["frequency"], high["recency"], high["frequency"]],
                        ["value", "development", "retention"], "winback"))
    ref = pd.Series(code).value_counts().sort_index()
    got = ch09.segment_counts(shop).set_index("segment_code")["customers"].sort_index()
    assert got.to_dict() == ref.to_dict()
    sql = ch09.sales_by_city_tier(shop)
    joined = paid.merge(shop.customers[["customer_id", "city_tier"]], on="customer_id")
    assert sql["sales"].sum() == pytest.approx(joined["amount"].sum())


def test_ch09_wrong_answers_say_why(ns):
    shop = ns["shop"]
    paid = shop.orders[shop.orders["payment_status"] == "paid"]
    # every order, paid or not: close but wrong
    everything = (shop.orders.groupby("customer_id").size() >= 2).mean()
    fb = ch09.q1.evaluate(float(everything))
    assert fb.status == INCORRECT and "q1.hint()" in fb.text()
    assert ch09.q1.evaluate(100 * ch09.q1.expected(shop)).status == INCORRECT
    assert "100" in ch09.q1.evaluate(100 * ch09.q1.expected(shop)).text()
    fb = ch09.q4.b.evaluate("A")
    assert fb.status == INCORRECT and "seasonal" in fb.text()
    assert ch09.q2.evaluate("Z").status == INCORRECT and "A, B, C, D" in ch09.q2.evaluate("Z").text()
    # a segment function that ignores M
    fb = ch09.q6.evaluate(lambda r, f, m: "important_value" if r and f else "general_winback")
    assert fb.status == INCORRECT and "<lambda>(True, True, False)" in fb.text()
    # counts of the threshold rule
    wrong = (ns["rfm_segments"](ns["rfm_scores"](ns["rfm"]), method="threshold")
             .groupby("segment_code").size().rename("customers").reset_index())
    assert ch09.q7.evaluate(wrong).status == INCORRECT
    # SQL without the paid filter; SQL that does not run
    bad = "SELECT c.city_tier, SUM(f.net_amount) AS sales FROM fact_orders f JOIN dim_customer c " \
          "ON f.customer_key = c.customer_key GROUP BY c.city_tier"
    fb = ch09.q9.evaluate(bad)
    assert fb.status == INCORRECT and "paid" in fb.text()
    fb = ch09.q9.evaluate("SELECT nothing FROM nowhere")
    assert fb.status == INCORRECT and "✘" in fb.text()
    assert ch09.q8.a.evaluate("C").status == INCORRECT


# -- chapter 10 ----------------------------------------------------------------------------
def test_ch10_expected_values_match_references(ns):
    shop = ns["shop"]
    paid = shop.orders[shop.orders["payment_status"] == "paid"]
    q4 = paid[(paid["order_time"] >= "2024-10-01") & (paid["order_time"] < "2025-01-01")]
    assert ch10.q3.expected(shop) == pytest.approx((q4.groupby("customer_id").size() >= 2).mean())
    sv = shop.surveys[shop.surveys["responded"].astype(bool)]
    sv = sv[(sv["response_time"] >= "2024-01-01") & (sv["response_time"] < "2025-01-01")]
    assert ch10.q4.expected(shop) == pytest.approx((sv["q_overall"].astype(float) >= 4).mean())
    # the flag by hand on a grid, against the chapter's reference (kpi_status)
    for v in np.linspace(0.5, 1.1, 25):
        for d in ("higher", "lower"):
            t = 0.8
            band = 0.08
            want = ("on_track" if (v >= t if d == "higher" else v <= t) else
                    "at_risk" if (v >= t - band if d == "higher" else v <= t + band) else "off_track")
            if abs(abs(v - t) - band) > 1e-9:  # skip the exact band edge (floating point)
                assert ch10.kpi_flag(v, t, d) == want
    off = ch10.off_track_kpis(shop)
    assert off == sorted(off) and set(off) <= set(ch10.kpis(shop)["kpi"])


def test_ch10_wrong_answers_say_why(ns):
    shop = ns["shop"]
    # the flag without the at-risk band
    fb = ch10.q5.evaluate(lambda v, t, d: "on_track" if (v >= t if d == "higher" else v <= t) else "off_track")
    assert fb.status == INCORRECT and "(0.75, 0.8, 'higher')" in fb.text()
    # a year's repurchase rate instead of the quarter's
    paid = shop.orders[shop.orders["payment_status"] == "paid"]
    year = paid[paid["order_time"].dt.year == 2024]
    assert ch10.q3.evaluate(float((year.groupby("customer_id").size() >= 2).mean())).status == INCORRECT
    # targets that go backwards, or a missing key
    now = ch10.kpis(shop)
    now = now[now["period"] == "2024"].set_index("kpi")["value"]
    back = {k: float(now[k]) * (0.9 if k != "complaint_rate" else 1.1) for k in ch10.TARGET_KPIS}
    fb = ch10.q7.evaluate(back)
    assert fb.status == INCORRECT and fb.text().count("✘") == 4
    fb = ch10.q7.evaluate({"satisfaction": 0.9})
    assert fb.status == INCORRECT and "no target for repurchase_rate" in fb.text()
    assert ch10.q7.evaluate([0.2, 0.8]).status == INCORRECT
    assert ch10.q6.evaluate(["nps"]).status == INCORRECT or ch10.off_track_kpis(shop) == ["nps"]
    assert ch10.q1.b.evaluate("A").status == INCORRECT


# -- exam paper A --------------------------------------------------------------------------
def test_exam_covers_every_chapter_mostly_auto_checked():
    assert sorted(set(exam.CHAPTERS.values())) == list(range(1, 11))
    qs = [getattr(exam, n) for n in exam.CHAPTERS]
    assert len(qs) >= 15 and all(q.graded for q in qs)
    assert all(q.var for q in qs) and len({q.var for q in qs}) == len(qs)


def test_exam_values_and_score_sheet(ns):
    shop = ns["shop"]
    spend = shop.orders[shop.orders["payment_status"] == "paid"].groupby("customer_id")["amount"].sum()
    top = spend.sort_values(ascending=False).iloc[:math.ceil(0.2 * len(spend))]
    assert exam.q6.expected(shop) == pytest.approx(top.sum() / spend.sum())
    n = shop.surveys.loc[shop.surveys["responded"].astype(bool), "nps"].astype(float)
    assert exam.q10.expected(shop) == pytest.approx(100 * (n.ge(9).mean() - n.le(6).mean()))
    assert exam.q15.expected(shop) == 6.0
    env = dict(ns)
    _solve(exam, env)
    sheet = exam.score(env)
    assert sheet["share"].eq(1.0).all() and sheet["questions"].sum() == len(exam.CHAPTERS)
    env["a1"], env["a11"] = "B", "A"
    sheet = exam.score(env)
    assert sheet.loc[1, "correct"] == sheet.loc[1, "questions"] - 1 and sheet.loc[5, "correct"] == 1
    assert exam.score({})["correct"].sum() == 0


# -- the syllabus's theory of chapters 9 and 10 ----------------------------------------------
def _wrong_options_explained(q, shop=None):
    """The right option passes; each wrong option fails and shows its own explanation, in both languages."""
    right = q.expected(shop)
    assert q.evaluate(right).status == CORRECT, q.name
    for letter in q.options:
        if letter == right:
            continue
        fb = q.evaluate(letter)
        zh, en = q.explain(letter, shop)
        assert fb.status == INCORRECT and zh in fb.text("zh") and en in fb.text("en"), (q.name, letter)


def test_ch09_theory_choices():
    for q in (ch09.q2, ch09.q11.a, ch09.q11.b, ch09.q11.c, ch09.q13):
        _wrong_options_explained(q)
    # the three metrics belong to the three families, one each
    assert sorted(q.answer for q in (ch09.q11.a, ch09.q11.b, ch09.q11.c)) == ["A", "B", "C"]
    # the question no longer states figures the student's data may contradict
    assert "%" not in ch09.q2.prompt[0] + ch09.q2.prompt[1]


def test_ch09_hypothesis_gap_by_hand(ns):
    shop = ns["shop"]
    paid = shop.orders[shop.orders["payment_status"] == "paid"]
    first_time = paid.groupby("customer_id")["order_time"].transform("min")
    firsts = paid[paid["order_time"] == first_time].sort_values("order_id").drop_duplicates("customer_id")
    delay = firsts.set_index("customer_id")["order_id"].map(shop.shipments.set_index("order_id")["delay_days"])
    late = delay.dropna() > 0  # a first order with no parcel record (or none delivered yet) tells nothing
    repeat = paid.groupby("customer_id").size().reindex(late.index) >= 2
    want = repeat[~late].mean() - repeat[late].mean()
    assert ch09.q12.expected(shop) == pytest.approx(want)
    assert ch09.q12.evaluate(float(want)).status == CORRECT
    # late minus on-time (the sign turned round), and the late group's rate alone: wrong
    assert ch09.q12.evaluate(float(-want)).status == INCORRECT
    assert ch09.q12.evaluate(float(repeat[late].mean())).status == INCORRECT


# -- chapter 10: the implementation plan --------------------------------------------------------
def test_ch10_plan_choice():
    _wrong_options_explained(ch10.q10)


def test_ch10_pilot_plan_rules(ns):
    shop, yearly = ns["shop"], ns["yearly"]
    env = dict(ns)
    exec(ch10.q11.solution_code, env)
    good = env["pilot_plan"]
    assert ch10.q11.evaluate(good).status == CORRECT
    base = ch10.kpi_value(shop, "2024", "satisfaction")
    ok = {"kpi": "satisfaction", "owner": "experience", "baseline": base, "target": base + 0.03,
          "phases": ["pilot", "rollout", "optimise"], "review": "quarterly"}
    assert ch10.q11.evaluate(ok).status == CORRECT
    classroom = crmlab.load_dataset("classroom")
    bad = {
        "the shipped shop's baseline": {**ok, "baseline": ch10.kpi_value(classroom, "2024", "satisfaction")},
        "a target below the baseline": {**ok, "target": base - 0.01},
        "a target out of reach": {**ok, "target": min(base + 0.3, 1.0)},
        "roll out before the pilot": {**ok, "phases": ["rollout", "pilot", "optimise"]},
        "no pilot": {**ok, "phases": ["rollout", "optimise"]},
        "an unknown team": {**ok, "owner": "everyone"},
        "no review": {**ok, "review": "never"},
        "a KPI off the dashboard": {**ok, "kpi": "likes"},
        "the baseline as text": {**ok, "baseline": str(base)},
        "a NaN target": {**ok, "target": float("nan")},
        "a key missing": {k: v for k, v in ok.items() if k != "owner"},
    }
    for why, plan in bad.items():
        fb = ch10.q11.evaluate(plan)
        assert fb.status == INCORRECT and "✘" in fb.text(), why
    # the complaint rate is lower-is-better: a target below the baseline, not below half of it
    c = ch10.kpi_value(shop, "2024", "complaint_rate")
    lower = {**ok, "kpi": "complaint_rate", "baseline": c, "target": c * 0.8}
    assert ch10.q11.evaluate(lower).status == CORRECT
    assert ch10.q11.evaluate({**lower, "target": c * 1.1}).status == INCORRECT
    assert ch10.q11.evaluate({**lower, "target": c * 0.3}).status == INCORRECT
    assert ch10.q11.evaluate("pilot, rollout, optimise").status == INCORRECT
