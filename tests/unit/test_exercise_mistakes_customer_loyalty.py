"""Lesson 05's exercises name the usual slips: each one, written as a student would, is INCORRECT with its code,
differs from the right answer on the lesson's shop (the 5,000-customer lab shop), and the model solutions still
pass with no mistake named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import session
from crmlab.analysis import PointsScheme, loyalty_segments, points_ledger_summary, survival_by_tier
from crmlab.exercises import CORRECT, INCORRECT
from crmlab.exercises import customer_loyalty as ch05

QUESTIONS = [ch05.q1, ch05.q4, ch05.q5.a, ch05.q5.b]


@pytest.fixture(scope="module")
def lesson_shop():
    session.reset()
    crmlab.set_locale("zh")
    shop = crmlab.setup(dataset="lab")
    yield shop
    session.reset()


@pytest.fixture(scope="module")
def base(lesson_shop):
    """The lesson's namespace before the exercises: its imports and the tables its sections build."""
    return {"shop": lesson_shop, "pd": pd, "np": np, "PointsScheme": PointsScheme,
            "survival_by_tier": survival_by_tier, "seg": loyalty_segments(lesson_shop),
            "km": survival_by_tier(lesson_shop), "ledger": points_ledger_summary(lesson_shop.points_ledger)}


@pytest.fixture
def ns(base):
    return dict(base)


EVERYONE = "everyone = pd.Series('all', index=shop.customers['customer_id'])\n"
SIM = "PointsScheme({}).simulate(shop, random_state=0).summary"

SLIPS = [
    ("q1", "groupby_object", "loyalty_counts = seg.groupby('loyalty')"),
    ("q1", "share_not_count", "loyalty_counts = seg['loyalty'].value_counts(normalize=True).rename('n_customers')"
                              ".reset_index()"),
    ("q4", "one_tier", "median_lifetime = km.attrs['median_days']['regular']"),
    ("q4", "time_column_median", EVERYONE + "median_lifetime = float(survival_by_tier(shop, inactivity_days=180, "
                                 "tier=everyone)['time'].median())"),
    ("q5.a", "points_not_cny", "liability_now = ledger['outstanding'].iloc[-1]"),
    ("q5.a", "summed_stock", "liability_now = ledger['liability_cny'].sum()"),
    ("q5.a", "issued_not_outstanding", "liability_now = ledger['issued'].sum() * 0.01"),
    ("q5.b", "default_scheme", f"liability_no_expiry = {SIM.format('')}['liability_cny']"),
    ("q5.b", "points_not_cny", f"liability_no_expiry = {SIM.format('expiry_months=None')}['points_outstanding']"),
    ("q5.b", "real_ledger", "liability_no_expiry = ledger['liability_cny'].iloc[-1]"),
]


def _question(name):
    return next(q for q in QUESTIONS if q.name == name)


@pytest.mark.parametrize("name,code,snippet", SLIPS, ids=[f"{n}-{c}" for n, c, _ in SLIPS])
def test_each_slip_gets_its_named_diagnosis(name, code, snippet, ns):
    q = _question(name)
    exec(snippet, ns)
    fb = q.evaluate(ns[q.var])
    assert fb.status == INCORRECT, (name, code, fb.text())
    assert fb.mistake == code, (name, code, fb.mistake, fb.text())
    m = next(m for m in q.mistakes if m.code == code)
    assert m.zh in fb.text("zh") and m.en in fb.text("en")


def test_every_catalogued_slip_is_tested():
    assert {(q.name, m.code) for q in QUESTIONS for m in q.mistakes} == {(n, c) for n, c, _ in SLIPS}
    assert all(q.mistakes for q in QUESTIONS)


def test_model_solutions_pass_with_no_mistake_named(ns):
    for q in QUESTIONS:
        exec(q.solution_code, ns)
        fb = q.evaluate(ns[q.var])
        assert fb.status == CORRECT and fb.mistake is None, (q.name, fb.text())


def test_no_slip_matches_the_right_answer(lesson_shop):
    """On the lesson's shop every slip gives another answer than the right one (else it could not be told apart)."""
    from types import SimpleNamespace

    ctx = SimpleNamespace(shop=lesson_shop)
    for q in QUESTIONS:
        right = q.reference if hasattr(q, "reference") else q.expected(lesson_shop)
        for m in q.mistakes:
            assert not m.applies(right, ctx), (q.name, m.code)
