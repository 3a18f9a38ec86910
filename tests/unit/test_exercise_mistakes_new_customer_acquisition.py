"""Lesson 11's data exercises name the usual mistakes: each slip, written as a student writes it, gets
INCORRECT and its own diagnosis on the lesson's shop; the model solutions still pass with none named."""


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab.exercises import new_customer_acquisition as acq

QUESTIONS = [acq.q1.a, acq.q1.b, acq.q2, acq.q4]
NO_CATALOGUE: dict = {}


@pytest.fixture(scope="module")
def lesson_ns(lesson_shop):
    shop = lesson_shop
    return {"shop": shop, "pd": pd, "np": np}


@pytest.fixture
def ns(lesson_ns):
    return dict(lesson_ns)


MIX = ("g = shop.customers.groupby('acquisition_channel')\n"
       "channel_mix = pd.DataFrame({'n_customers': g.size(), 'cac': g['acquisition_cost'].CAC()}).reset_index()\n"
       "channel_mix['share'] = SHARE * channel_mix['n_customers'] / len(shop.customers)\n")
VALUE = ("paid = shop.orders[shop.orders['payment_status'] == 'paid']\n"
         "spent = PAID.groupby('customer_id')['amount'].sum()\n"
         "x = shop.customers.assign(revenue=shop.customers['customer_id'].map(spent).fillna(0), "
         "buyer=shop.customers['customer_id'].isin(spent.index))\n"
         "g = x.groupby('acquisition_channel')\n"
         "channel_value = pd.DataFrame({'n_customers': g.size(), 'n_buyers': g['buyer'].sum(), "
         "'cost': g['acquisition_cost'].sum(), 'revenue': g['revenue'].sum()}).reset_index()\n"
         "channel_value['cost_per_buyer'] = channel_value['cost'] / channel_value[DENOM]\n"
         "channel_value['revenue_per_cost'] = channel_value['revenue'] / channel_value['cost']\n")
MERGED = ("paid = shop.orders[shop.orders['payment_status'] == 'paid']\n"
          "x = shop.customers.merge(paid[['customer_id', 'amount']], on='customer_id', how='left')\n"
          "x['amount'] = x['amount'].fillna(0)\n"
          "g = x.groupby('acquisition_channel')\n"
          "channel_value = pd.DataFrame({'n_customers': g['customer_id'].nunique(), "
          "'n_buyers': x[x['amount'] > 0].groupby('acquisition_channel')['customer_id'].nunique(), "
          "'cost': g['acquisition_cost'].sum(), 'revenue': g['amount'].sum()}).reset_index()\n"
          "channel_value['cost_per_buyer'] = channel_value['cost'] / channel_value['n_buyers']\n"
          "channel_value['revenue_per_cost'] = channel_value['revenue'] / channel_value['cost']\n")
TOP = ("def top_referrers(customers, n):\n"
       "    k = customers['referrer_id'].dropna().astype('int64').value_counts().rename('k').reset_index()\n"
       "    k = k.sort_values(['k', 'referrer_id'], ascending={asc})\n"
       "    return [int(x) for x in k['referrer_id'].head(n)]\n")

SLIPS = [
    ("q1.a", "percent_not_share", MIX.replace("CAC", "mean").replace("SHARE", "100")),
    ("q1.a", "summed_not_mean", MIX.replace("CAC", "sum").replace("SHARE", "1")),
    ("q1.a", "median_not_mean", MIX.replace("CAC", "median").replace("SHARE", "1")),
    ("q1.b", "percent_not_share",
     "referral_share = 100 * (shop.customers['acquisition_channel'] == 'referral').mean()"),
    ("q1.b", "count_not_share", "referral_share = (shop.customers['acquisition_channel'] == 'referral').sum()"),
    ("q2", "unpaid_kept", VALUE.replace("PAID", "shop.orders").replace("DENOM", "'n_buyers'")),
    ("q2", "cost_per_order_row", MERGED),
    ("q2", "wrong_denominator", VALUE.replace("PAID", "paid").replace("DENOM", "'n_customers'")),
    ("q4", "ties_larger_id_first", TOP.format(asc="False")),
    ("q4", "fewest_first", TOP.format(asc="[True, True]")),
]


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
