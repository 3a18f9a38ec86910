"""Lesson 09's common mistakes (q1 repeat rate, q3 median cycle, q4.a YoY, q5 Spearman r, q6 segment_of, q7 segment
counts, q12 the repeat gap): each slip, written as a student would write it and run on a lesson's shop, is named;
the model solutions get no mistake named; and no slip gives the right answer on that shop."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab import analysis
from crmlab.exercises import crm_data_analysis as ch09

QUESTIONS = [ch09.q1, ch09.q3, ch09.q4.a, ch09.q5, ch09.q6, ch09.q7, ch09.q12]


@pytest.fixture
def ns(lesson_shop):
    shop = lesson_shop
    env = {"shop": shop, "pd": pd, "np": np, "o": shop.orders,
           "paid": shop.orders[shop.orders["payment_status"] == "paid"]}
    for name in ("repeat_purchase_rate", "repurchase_cycle", "growth", "rfm_summary", "rfm_scores", "rfm_segments",
                 "correlation"):
        env[name] = getattr(analysis, name)
    # the lesson's cells: the RFM table and its segments
    env["rfm"] = analysis.rfm_summary(shop.orders, as_of=shop.meta["end"])
    env["seg"] = analysis.rfm_segments(analysis.rfm_scores(env["rfm"]))
    return env


SEGMENT_OF = ("def segment_of(r_high, f_high, m_high):\n"
              "    kind = 'important' if {m} else 'general'\n"
              "    if {r}:\n"
              "        task = 'value' if {f} else 'development'\n"
              "    else:\n"
              "        task = 'retention' if {f} else 'winback'\n"
              "    return kind + '_' + task\n")
FIRST = ("s = {t}.sort_values(['order_time', 'order_id'])\n"
         "first = s.drop_duplicates('customer_id')[['customer_id', 'order_id']].merge("
         "shop.shipments[['order_id', 'delay_days']], on='order_id')\n"
         "first['late'] = first['delay_days'] > 0\n"
         "first['repeat'] = first['customer_id'].map(s.groupby('customer_id').size()) >= 2\n"
         "by_late = first.groupby('late')['repeat'].mean()\n")
NOV = "growth(shop.orders, freq='M').loc[pd.Period('2024-11', 'M'), '{col}']"

SLIPS = [
    ("q1", "unpaid_kept", "repeat_rate = (o.groupby('customer_id').size() >= 2).mean()"),
    ("q1", "all_customers_denominator", "repeat_rate = (paid.groupby('customer_id').size() >= 2).sum() "
                                        "/ len(shop.customers)"),
    ("q1", "orders_basis", "repeat_rate = repeat_purchase_rate(shop.orders, basis='orders')"),
    ("q3", "mean_not_median", "median_cycle = repurchase_cycle(shop.orders)['mean_days'].mean()"),
    ("q3", "nan_as_zero", "median_cycle = repurchase_cycle(shop.orders)['mean_days'].fillna(0).median()"),
    ("q4.a", "mom_not_yoy", "yoy_nov = " + NOV.format(col="mom")),
    ("q4.a", "ratio_not_growth", "g = growth(shop.orders, freq='M')['value']\n"
                                 "yoy_nov = g[pd.Period('2024-11', 'M')] / g[pd.Period('2023-11', 'M')]"),
    ("q4.a", "percent_not_share", "yoy_nov = 100 * " + NOV.format(col="yoy")),
    ("q5", "pearson_not_spearman", "fm_corr = correlation(rfm, 'frequency', 'monetary')['r']"),
    ("q5", "series_not_number", "fm_corr = correlation(rfm, 'frequency', 'monetary', method='spearman')"),
    ("q6", "r_f_swapped", SEGMENT_OF.format(m="m_high", r="f_high", f="r_high")),
    ("q6", "m_reversed", SEGMENT_OF.format(m="not m_high", r="r_high", f="f_high")),
    ("q7", "groupby_object", "segment_counts = seg.groupby('segment_code')"),
    ("q7", "segment_name_not_code", "segment_counts = seg.groupby('segment', observed=True).size()"
                                    ".rename('customers').reset_index()"),
    ("q7", "scores_skipped", "segment_counts = rfm_segments(rfm).groupby('segment_code').size()"
                             ".rename('customers').reset_index()"),
    ("q12", "reversed_difference", FIRST.format(t="paid") + "repeat_gap = by_late[True] - by_late[False]"),
    ("q12", "percent_not_share", FIRST.format(t="paid") + "repeat_gap = 100 * (by_late[False] - by_late[True])"),
    ("q12", "unpaid_kept", FIRST.format(t="o") + "repeat_gap = by_late[False] - by_late[True]"),
]


def test_every_question_has_a_catalogue():
    assert all(q.mistakes for q in QUESTIONS)


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
