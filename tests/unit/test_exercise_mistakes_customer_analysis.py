"""Lesson 02's exercises name the usual slips: each one, written as a student would, is INCORRECT with its code,
differs from the right answer on the lesson's shop (the 5,000-customer lab shop), and the model solutions still
pass with no mistake named."""


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab.analysis import abc_classification, gini, pareto_share, value_tiers
from crmlab.exercises import customer_analysis as ch02

QUESTIONS = [ch02.q2.a, ch02.q2.b, ch02.q2.c, ch02.q3, ch02.q4.a, ch02.q4.b, ch02.q4.c, ch02.q5, ch02.q7]


@pytest.fixture(scope="module")
def base(lesson_shop):
    """The lesson's namespace before the exercises: its imports and the tables its sections build."""
    paid = lesson_shop.orders[lesson_shop.orders["payment_status"] == "paid"]
    spend = paid.groupby("customer_id")["amount"].sum()
    return {"shop": lesson_shop, "pd": pd, "np": np, "paid": paid, "spend": spend, "tiers": value_tiers(spend),
            "abc_classification": abc_classification, "pareto_share": pareto_share, "gini": gini,
            "scores": ch02.k_scores(lesson_shop)}


@pytest.fixture
def ns(base):
    return dict(base)


END = "pd.Timestamp(shop.meta['end'])"
CUT = f"cutoff = {END} + pd.Timedelta(days=1) - pd.Timedelta(days=180)\n"
LATE = f"cutoff = {END} - pd.Timedelta(days=180)\n"
LAST = "last = paid.groupby('customer_id')['order_time'].max()\n"
LAST_ALL = "last = shop.orders.groupby('customer_id')['order_time'].max()\n"
TIERS = "t = tiers.groupby('tier_code').agg(customers=('value', 'size'), spend=('value', 'sum')).reset_index()\n"
FULL = "full = spend.reindex(shop.customers['customer_id'], fill_value=0)\n"
ABC = ("def abc_class(spend):\n"
       "    s = spend.sort_values({sort})\n"
       "    before = s.cumsum(){shift} / s.sum()\n"
       "    cls = pd.Series(np.where(before < 0.8, 'A', np.where(before < 0.95, 'B', 'C')), index=s.index)\n"
       "    return cls.reindex(spend.index)\n")

SLIPS = [
    ("q2.a", "unpaid_kept", "n_potential = int((~shop.customers['customer_id'].isin(shop.orders['customer_id'])).sum())"),
    ("q2.a", "buyers_counted", "n_potential = int(shop.customers['customer_id'].isin(paid['customer_id']).sum())"),
    ("q2.b", "window_one_day_off", LAST + LATE + "n_current = int((last >= cutoff).sum())"),
    ("q2.b", "unpaid_kept", LAST_ALL + CUT + "n_current = int((last >= cutoff).sum())"),
    ("q2.b", "orders_not_customers", CUT + "n_current = int((paid['order_time'] >= cutoff).sum())"),
    ("q2.c", "potential_included", LAST + CUT + "n_lost = len(shop.customers) - int((last >= cutoff).sum())"),
    ("q2.c", "window_one_day_off", LAST + LATE + "n_lost = int((last < cutoff).sum())"),
    ("q2.c", "unpaid_kept", LAST_ALL + CUT + "n_lost = int((last < cutoff).sum())"),
    ("q3", "counted_not_summed", "tier_table = tiers.groupby('tier_code').agg(customers=('value', 'size'), "
                                 "spend=('value', 'count')).reset_index()\n"
                                 "tier_table['spend_share'] = tier_table['spend'] / tier_table['spend'].sum()"),
    ("q3", "share_of_customers", TIERS + "t['spend_share'] = t['customers'] / t['customers'].sum()\ntier_table = t"),
    ("q3", "percent_not_share", TIERS + "t['spend_share'] = 100 * t['spend'] / t['spend'].sum()\ntier_table = t"),
    ("q4.a", "spend_share_of_a", "t = abc_classification(spend)\n"
                                 "share_a = float(spend[t['abc'] == 'A'].sum() / spend.sum())"),
    ("q4.a", "all_customers", "share_a = float((abc_classification(spend)['abc'] == 'A').sum() / len(shop.customers))"),
    ("q4.a", "percent_not_share", "share_a = 100 * float((abc_classification(spend)['abc'] == 'A').mean())"),
    ("q4.b", "bottom_20", "s = spend.sort_values()\ntop20_share = float(s.head(int(len(s) * 0.2)).sum() / s.sum())"),
    ("q4.b", "all_customers", FULL + "top20_share = pareto_share(full, top=0.2)"),
    ("q4.b", "percent_not_share", "top20_share = pareto_share(spend, top=0.2) * 100"),
    ("q4.c", "all_customers", FULL + "gini_spend = gini(full)"),
    ("q4.c", "percent_not_share", "gini_spend = round(gini(spend) * 100, 6)"),
    ("q5", "sorted_ascending", ABC.format(sort="", shift=".shift(fill_value=0)")),
    ("q5", "own_spend_counted", ABC.format(sort="ascending=False", shift="")),
    ("q7", "lowest_inertia", "best_k = int(scores['inertia'].idxmin())"),
    ("q7", "position_not_k", "best_k = int(scores['silhouette'].argmax())"),
]


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
