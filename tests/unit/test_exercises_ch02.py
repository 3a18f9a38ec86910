"""Chapter 2 exercises (and the extra chapter 1 ones of ch01b): every model solution
passes on a student's own shop, typical wrong answers fail with a helpful message."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import session
from crmlab.analysis import (abc_classification, choose_k, customer_table, gini, pareto_share, rfm_summary,
                             segment_profile, value_tiers)
from crmlab.exercises import CORRECT, INCORRECT, NOT_ATTEMPTED, UNGRADED, ____
from crmlab.exercises import crm_and_scrm as ch01b
from crmlab.exercises import customer_analysis as ch02


@pytest.fixture(scope="module")
def ns():
    session.reset()
    crmlab.set_locale("zh")
    shop = crmlab.setup(student_id="2024007")
    paid = shop.orders[shop.orders["payment_status"] == "paid"]
    rfm = rfm_summary(shop.orders)
    env = {"shop": shop, "pd": pd, "np": np, "paid": paid, "value_tiers": value_tiers,
           "abc_classification": abc_classification, "pareto_share": pareto_share, "gini": gini,
           "segment_profile": segment_profile, "table": customer_table(shop.customers, orders=shop.orders),
           "rfm": rfm, "scores": choose_k(rfm, k_range=range(2, 7))}
    yield env
    session.reset()


def _parts(q):
    return list(q._parts.values()) if getattr(q, "_parts", None) else [q]


def _solve(module, ns, first=1):
    """Run every model solution in order (from question ``first``); returns {question name: feedback}."""
    out = {}
    for name in [n for n in module.__all__ if n.startswith("q") and int(n[1:]) >= first]:
        for part in _parts(getattr(module, name)):
            if part.solution_code:
                exec(part.solution_code, ns)
            answer = ns.get(part.var, part.solution_code.split("=")[-1].strip().strip('"') if part.var else None)
            out[part.name] = part.evaluate(answer)
    return out


def test_ch02_solutions_pass(ns):
    spend = ns["paid"].groupby("customer_id")["amount"].sum()  # the lesson's worked examples before q3 and q4
    fb = _solve(ch02, dict(ns, best_region=None, spend=spend, tiers=ns["value_tiers"](spend)))
    region = ns["segment_profile"](ns["table"], ["region"])
    best = region.loc[region["value_index"].idxmax(), "level"]
    letter = next(k for k, v in ch02.REGIONS.items() if best in v)
    assert ch02.q6.evaluate(letter).status == CORRECT
    del fb["q6"]
    assert {k: f.status for k, f in fb.items() if f.status != CORRECT} == {"q9": UNGRADED, "q13": UNGRADED}
    assert ch02.q9.evaluate("我会选择价值指数最高的华东地区客户作为目标客户，因为他们人数占比 20% 却贡献了 30% 的消费。").status \
        == UNGRADED


def test_ch02_expected_values_match_references(ns):
    shop = ns["shop"]
    spend = ns["paid"].groupby("customer_id")["amount"].sum()
    tiers = ch02.tier_table(shop)
    assert tiers["customers"].sum() == len(spend) and tiers["spend"].sum() == pytest.approx(spend.sum())
    assert sorted(tiers["tier_code"]) == ["major", "ordinary", "small", "vip"]
    # the customer status: potential + current + lost = everyone; lapsed buyers as in ch01
    status = ch02.customer_status(shop)
    assert len(status) == len(shop.customers)
    from crmlab.exercises.crm_and_scrm import n_lapsed

    assert (status == "lost").sum() == n_lapsed(shop)
    assert (status == "potential").sum() == len(shop.customers) - len(spend)
    # ABC by hand = the library's classification; gini vs the mean-absolute-difference formula
    v = spend.to_numpy()
    mad = np.abs(v[:, None] - v[None, :]).mean()
    assert ch02.q4.c.expected(shop) == pytest.approx(mad / (2 * v.mean()))
    s = spend.sort_values(ascending=False)
    before = s.cumsum().shift(fill_value=0) / s.sum()
    ref = pd.Series(np.where(before < 0.8, "A", np.where(before < 0.95, "B", "C")), index=s.index)
    distinct = ~spend.duplicated(keep=False)
    assert (ch02.abc_class(spend)[distinct] == ref.reindex(spend.index)[distinct]).all()


def test_ch02_wrong_answers(ns):
    shop = ns["shop"]
    fb = ch02.q1.evaluate("B")
    assert fb.status == INCORRECT and "匿名" in fb.text()
    # lost customers counted among all customers (potential ones included)
    end = pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=1)
    last = ns["paid"].groupby("customer_id")["order_time"].max()
    wrong = int((last < end - pd.Timedelta(days=180)).sum()) + int(ch02.q2.a.expected(shop))
    assert ch02.q2.c.evaluate(wrong).status == INCORRECT
    # a tier table of counts only
    spend = ns["paid"].groupby("customer_id")["amount"].sum()
    counts = value_tiers(spend).groupby("tier_code").size().rename("customers").reset_index()
    fb = ch02.q3.evaluate(counts)
    assert fb.status == INCORRECT and "spend" in fb.text()
    # a percentage instead of a share
    fb = ch02.q4.b.evaluate(100 * pareto_share(spend, top=0.2))
    assert fb.status == INCORRECT and "100" in fb.text()

    def abc_wrong(spend):  # the customer crossing 80% put in B (cumulative share including itself)
        s = spend.sort_values(ascending=False)
        cum = s.cumsum() / s.sum()
        return pd.Series(np.where(cum <= 0.8, "A", np.where(cum <= 0.95, "B", "C")), index=s.index).reindex(
            spend.index)

    fb = ch02.q5.evaluate(abc_wrong)
    assert fb.status == INCORRECT and "abc_wrong" in fb.text()
    fb = ch02.q5.evaluate(lambda s: list("A" * len(s)))
    assert fb.status == INCORRECT and "Series" in fb.text()
    assert ch02.q7.evaluate(1).status == INCORRECT
    # a target segment that is too big and one that does not exist
    fb = ch02.q8.evaluate({"variable": "region", "levels": list(ns["table"]["region"].unique())})
    assert fb.status == INCORRECT and "✘" in fb.text()
    fb = ch02.q8.evaluate({"variable": "region", "levels": ["火星"]})
    assert fb.status == INCORRECT and "火星" in fb.text()
    assert ch02.q8.evaluate(["region"]).status == INCORRECT


def test_ch02_english_feedback(ns):
    crmlab.set_locale("en")
    try:
        fb = ch02.q8.evaluate({"variable": "colour", "levels": ["red"]})
        assert fb.status == INCORRECT and "segmentation variables" in fb.text()
    finally:
        crmlab.set_locale("zh")


def test_ch01b_solutions_and_wrong_answers(ns):
    env = dict(ns)
    fb = _solve(ch01b, env, first=9)  # the questions of lesson 01 on relationships and retention
    assert fb.pop("q16").status == UNGRADED  # the case discussion
    assert all(f.status == CORRECT for f in fb.values()), {k: f.text() for k, f in fb.items() if f.status != CORRECT}
    shop = ns["shop"]
    fb = ch01b.q9.evaluate("D")
    assert fb.status == INCORRECT and "一次回访" in fb.text()
    assert ch01b.q10.evaluate("A").status == INCORRECT
    assert ch01b.q11.b.evaluate(200 * 0.5 * env["aov"]).status == INCORRECT
    # retention without the year filter, and a lifetime profit with one year too many
    assert ch01b.q12.b.evaluate(1.0).status == INCORRECT
    fb = ch01b.q12.a.evaluate(lambda margin, retention, years=5: margin * sum(retention ** t
                                                                                for t in range(years + 1)))
    assert fb.status == INCORRECT
    fb = ch01b.q12.a.evaluate(lambda margin, retention, years=5: margin / (1 - retention))
    assert fb.status == INCORRECT  # the infinite horizon, and a crash at retention = 1
    # the what-if against a direct computation of the two-year retention
    paid = ns["paid"]
    b23 = set(paid.loc[paid["order_time"].dt.year == 2023, "customer_id"])
    b24 = set(paid.loc[paid["order_time"].dt.year == 2024, "customer_id"])
    r = len(b23 & b24) / len(b23)
    geo = lambda r: (1 - r ** 5) / (1 - r)  # noqa: E731
    assert ch01b.q12.c.expected(shop) == pytest.approx(geo(r + 0.05) / geo(r) - 1)
    assert 0 < ch01b.q12.c.expected(shop) < 0.5


# -- 非客户, 客户识别, 需求强度 and the case ---------------------------------------------------------------------
def _choice_teaches(q, right):
    """The right letter passes; every wrong letter fails and shows its own explanation, in both languages."""
    assert q.evaluate(right).status == CORRECT
    assert q.evaluate(____).status == NOT_ATTEMPTED
    for letter in q.options:
        if letter != right:
            fb = q.evaluate(letter)
            zh, en = q.explain(letter)
            assert fb.status == INCORRECT and zh in fb.text("zh") and en in fb.text("en"), (q.name, letter)


def test_ch02_non_customer_and_demand_intensity():
    _choice_teaches(ch02.q10, "D")
    _choice_teaches(ch02.q12, "B")


def test_ch02_customer_identification_against_plain_pandas(ns):
    shop, paid = ns["shop"], ns["paid"]
    never = set(shop.customers["customer_id"]) - set(paid["customer_id"])
    chats = shop.chats
    pre = chats[(chats["stage"] == "pre_sale") & chats["customer_id"].isin(never)]
    right = len(set(pre["customer_id"]))
    assert 0 < right < len(never)
    assert ch02.q11.evaluate(right).status == CORRECT
    # the named slips: sessions counted, every stage counted, every customer counted
    for wrong, code in [(len(pre), "sessions_not_people"),
                        (chats.loc[chats["customer_id"].isin(never), "customer_id"].nunique(), "any_stage"),
                        (chats.loc[chats["stage"] == "pre_sale", "customer_id"].nunique(), "all_customers")]:
        assert wrong != right, code
        fb = ch02.q11.evaluate(wrong)
        mistake = next(m for m in ch02.q11.mistakes if m.code == code)
        assert fb.status == INCORRECT and mistake.zh in fb.text("zh"), (code, fb.text("zh"))
    assert ch02.q11.evaluate(right + 1).status == INCORRECT


def test_ch02_case_discussion(ns):
    assert ch02.q13.evaluate("不对").status == NOT_ATTEMPTED
    zh, en = ch02.q13.solution_text
    assert "杀熟" in zh and "VIP" in en
