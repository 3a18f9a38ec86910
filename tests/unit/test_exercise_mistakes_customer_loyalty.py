"""Lesson 05's exercises name the usual slips: each one, written as a student would, is INCORRECT with its code,
differs from the right answer on the lesson's shop (the 5,000-customer lab shop), and the model solutions still
pass with no mistake named."""


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab.analysis import PointsScheme, loyalty_segments, points_ledger_summary, survival_by_tier
from crmlab.exercises import customer_loyalty as ch05

QUESTIONS = [ch05.q1, ch05.q4, ch05.q5.a, ch05.q5.b]


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


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
