"""Lesson 12's data exercises name the usual mistakes: each slip, written as a student writes it, gets
INCORRECT and its own diagnosis on the lesson's shop; the model solutions still pass with none named."""


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab.analysis import lifecycle_stage
from crmlab.exercises import old_customer_maintenance as ch12

QUESTIONS = [ch12.q1, ch12.q2, ch12.q3, ch12.q5]
NO_CATALOGUE: dict = {}


@pytest.fixture(scope="module")
def lesson_ns(lesson_shop):
    shop = lesson_shop
    return {"shop": shop, "pd": pd, "np": np, "lifecycle_stage": lifecycle_stage,
           "stages": lifecycle_stage(shop.orders, customers=shop.customers)}


@pytest.fixture
def ns(lesson_ns):
    return dict(lesson_ns)


TOUCH = ("ca = shop.campaign_assignments.merge(shop.campaigns, on='campaign_id')\n{filter}"
         "touch_effect = ca.groupby(['kind', 'group'])['converted'].mean().unstack('group').reset_index()\n"
         "touch_effect['uplift'] = {uplift}\n")
SMS = ("sms = shop.campaign_assignments.merge(shop.campaigns, on='campaign_id')\n"
       "sms = sms[(sms['kind'] == 'sms') & (sms['group'] == 'treatment')]\n"
       "cost_per_win = {cost} / {per}\n")
WIN = ("def winback_list(orders, as_of):\n"
       "    as_of = pd.Timestamp(as_of)\n"
       "    o = orders[{keep}]\n"
       "    last = o.groupby('customer_id')['order_time'].{agg}()\n"
       "    days = (as_of - last).dt.total_seconds() / 86400\n"
       "    return sorted(int(c) for c in last.index[(days > 90) & (days <= 365)])\n")
PAID, UPTO = "(orders['payment_status'] == 'paid')", "(orders['order_time'] <= as_of)"

SLIPS = [
    ("q1", "customers_left_out", "stage_counts = lifecycle_stage(shop.orders)['stage'].astype(str).value_counts()"
                                 ".rename_axis('stage').rename('n_customers').reset_index()"),
    ("q1", "share_not_count", "stage_counts = stages['stage'].astype(str).value_counts(normalize=True)"
                              ".rename_axis('stage').rename('n_customers').reset_index()"),
    ("q2", "no_control_kept", TOUCH.format(filter="", uplift="touch_effect['treatment'] - touch_effect['control']")),
    ("q2", "uplift_reversed", TOUCH.format(filter="ca = ca[ca['is_ab_test']]\n",
                                           uplift="touch_effect['control'] - touch_effect['treatment']")),
    ("q2", "relative_uplift", TOUCH.format(filter="ca = ca[ca['is_ab_test']]\n",
                                           uplift="(touch_effect['treatment'] - touch_effect['control']) / "
                                                  "touch_effect['control']")),
    ("q3", "offer_for_everyone", SMS.format(cost="(sms['cost_per_contact'] + sms['offer_value']).sum()",
                                            per="sms['converted'].sum()")),
    ("q3", "offer_left_out", SMS.format(cost="sms['cost_per_contact'].sum()", per="sms['converted'].sum()")),
    ("q3", "per_contact", SMS.format(cost="(sms['cost_per_contact'] + sms['offer_value'] * sms['converted']).sum()",
                                     per="len(sms)")),
    ("q5", "unpaid_kept", WIN.format(keep=UPTO, agg="max")),
    ("q5", "future_orders_kept", WIN.format(keep=PAID, agg="max")),
    ("q5", "first_not_last", WIN.format(keep=f"{PAID} & {UPTO}", agg="min")),
]


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
