"""Lesson 01's common mistakes beyond the on-ramp steps (q1, q4, q6, q11, q12): each slip, written as a student
would write it and run on a lesson's shop, is named; the model solutions get no mistake named; and no slip gives
the right answer on that shop. (q2, q3 and q6.b are tested in test_exercises_ch01_ramp.py.)"""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab.exercises import crm_and_scrm as ch01

QUESTIONS = [ch01.q1, ch01.q4, ch01.q6.a, ch01.q6.c, ch01.q11.a, ch01.q11.b, ch01.q12.a, ch01.q12.b, ch01.q12.c]
# the lesson's cells before these tasks: the paid orders, and the earlier answers a later task builds on
SETUP = ("paid = shop.orders[shop.orders['payment_status'] == 'paid']\n"
         "cac = shop.customers['acquisition_cost'].mean()\n"
         "last = paid.groupby('customer_id')['order_time'].max()\n"
         "n_lapsed = int((last < END + pd.Timedelta(days=1) - pd.Timedelta(days=180)).sum())\n"
         "aov = paid['amount'].mean()\n"
         "def lifetime_profit(margin, retention, years=5):\n"
         "    return margin * sum(retention ** t for t in range(years))\n"
         "year = paid['order_time'].dt.year\n"
         "y1 = set(paid.loc[year == 2023, 'customer_id'])\n"
         "y2 = set(paid.loc[year == 2024, 'customer_id'])\n"
         "retention = len(y1 & y2) / len(y1)\n")


@pytest.fixture
def ns(lesson_shop):
    env = {"shop": lesson_shop, "pd": pd, "np": np, "o": lesson_shop.orders,
           "END": pd.Timestamp(lesson_shop.meta["end"])}
    exec(SETUP, env)
    return env


SLIPS = [
    ("q1", "buyers_only", "n_customers = paid['customer_id'].nunique()"),
    ("q1", "orders_counted", "n_customers = len(shop.orders)"),
    ("q4", "unpaid_kept", "def repeat_rate(orders):\n"
                          "    counts = orders.groupby('customer_id').size()\n"
                          "    return float((counts >= 2).mean()) if len(counts) else 0.0\n"),
    ("q4", "more_than_two", "def repeat_rate(orders):\n"
                            "    p = orders[orders['payment_status'] == 'paid']\n"
                            "    counts = p.groupby('customer_id').size()\n"
                            "    return float((counts > 2).mean()) if len(counts) else 0.0\n"),
    ("q6.a", "median_not_mean", "cac = shop.customers['acquisition_cost'].median()"),
    ("q6.a", "summed_not_averaged", "cac = shop.customers['acquisition_cost'].sum()"),
    ("q6.a", "per_buyer", "cac = shop.customers['acquisition_cost'].sum() / paid['customer_id'].nunique()"),
    ("q6.c", "acquiring_only", "saving = n_lapsed * cac"),
    ("q6.c", "keeping_only", "saving = n_lapsed * cac / 5"),
    ("q6.c", "cac_as_keeping", "saving = n_lapsed * cac * 5 - n_lapsed * cac"),
    ("q6.c", "lapsed_count_off", "last_all = o.groupby('customer_id')['order_time'].max()\n"
                                 "n_all = int((last_all < END + pd.Timedelta(days=1) - pd.Timedelta(days=180)).sum())\n"
                                 "saving = n_all * cac * (1 - 1 / 5)"),
    ("q11.a", "unpaid_kept", "aov = o['amount'].mean()"),
    ("q11.a", "median_not_mean", "aov = paid['amount'].median()"),
    ("q11.a", "per_customer", "aov = paid['amount'].sum() / paid['customer_id'].nunique()"),
    ("q11.b", "existing_only", "extra_sales = 200 * 0.50 * aov"),
    ("q11.b", "percent_not_share", "extra_sales = 200 * (50 - 15) * aov"),
    ("q11.b", "unpaid_kept", "extra_sales = 200 * (0.50 - 0.15) * o['amount'].mean()"),
    ("q12.a", "starts_at_one", "def lifetime_profit(margin, retention, years=5):\n"
                               "    return margin * sum(retention ** t for t in range(1, years + 1))\n"),
    ("q12.a", "one_year_too_many", "def lifetime_profit(margin, retention, years=5):\n"
                                   "    return margin * sum(retention ** t for t in range(years + 1))\n"),
    ("q12.b", "unpaid_kept", "yr = o['order_time'].dt.year\n"
                             "a, b = set(o.loc[yr == 2023, 'customer_id']), set(o.loc[yr == 2024, 'customer_id'])\n"
                             "retention = len(a & b) / len(a)"),
    ("q12.b", "second_year_denominator", "retention = len(y1 & y2) / len(y2)"),
    ("q12.b", "all_customers_denominator", "retention = len(y1 & y2) / len(shop.customers)"),
    ("q12.c", "percent_not_share", "profit_uplift = 100 * (lifetime_profit(1, retention + 0.05) "
                                   "/ lifetime_profit(1, retention) - 1)"),
    ("q12.c", "relative_not_points", "profit_uplift = lifetime_profit(1, retention * 1.05) "
                                     "/ lifetime_profit(1, retention) - 1"),
    ("q12.c", "difference_not_ratio", "profit_uplift = lifetime_profit(1, retention + 0.05) "
                                      "- lifetime_profit(1, retention)"),
]


def test_every_question_has_a_catalogue():
    assert all(q.mistakes for q in QUESTIONS)


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
