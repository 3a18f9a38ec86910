"""Lesson 06's exercises name the usual slips: each one, written as a student would, is INCORRECT with its code,
differs from the right answer on the lesson's shop (the 5,000-customer lab shop), and the model solutions still
pass with no mistake named."""


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab import analysis as A
from crmlab.exercises import crm_marketing as ch06

QUESTIONS = [ch06.q1, ch06.q2.a, ch06.q2.b, ch06.q2.c, ch06.q4, ch06.q5, ch06.q6, ch06.q7, ch06.q14.a]


@pytest.fixture(scope="module")
def base(lesson_shop):
    """The lesson's namespace before the exercises: its imports and the tables its sections build."""
    ns = {"shop": lesson_shop, "pd": pd, "np": np}
    for name in ("campaign_funnel", "ab_test_proportions", "sample_size_proportions", "uplift_by_segment",
                 "lifecycle_stage"):
        ns[name] = getattr(A, name)
    ab_ids = lesson_shop.campaigns.loc[lesson_shop.campaigns["is_ab_test"], "campaign_id"]
    ns["ab"] = lesson_shop.campaign_assignments[lesson_shop.campaign_assignments["campaign_id"].isin(ab_ids)]
    ns["p0"] = ns["ab"].loc[ns["ab"]["group"] == "control", "converted"].mean()
    ns["stages"] = A.lifecycle_stage(lesson_shop.orders, customers=lesson_shop.customers)
    ns["main_test"] = ch06.main_test(lesson_shop)
    return ns


@pytest.fixture
def ns(base):
    return dict(base)


FUNNEL = "f = campaign_funnel(shop.campaign_assignments, orders=shop.orders)\n"
COLS = '[["campaign_id", "targeted", "visited", "converted", "orders"]]'
RESULT = 'result = ab_test_proportions(ab[ab["campaign_id"] == main_test])\n'
KINDS = ("f = campaign_funnel(shop.campaign_assignments, orders=shop.orders, campaigns=shop.campaigns)\n"
         "f = f[f['group'] == 'treatment']\n")
SEG = 'segments=shop.customers[["customer_id", "member_tier"]], segment_col="member_tier"'

SLIPS = [
    ("q1", "control_group", FUNNEL + f'funnel = f[f["group"] == "control"]{COLS}'),
    ("q1", "both_groups", FUNNEL + f"funnel = f{COLS}"),
    ("q2.a", "all_campaigns", "main_test = int(shop.campaign_assignments.groupby('campaign_id').size().idxmax())"),
    ("q2.a", "count_not_id", "main_test = int(ab.groupby('campaign_id').size().max())"),
    ("q2.b", "one_sided", "r = ab_test_proportions(ab[ab['campaign_id'] == main_test], alternative='larger')\n"
                          "p_value = float(r['p_value'].iloc[0])"),
    ("q2.b", "pooled_campaigns", "p_value = float(ab_test_proportions(ab)['p_value'].iloc[0])"),
    ("q2.c", "reversed_difference", RESULT + "ci = (-float(result['ci_high'].iloc[0]), -float(result['ci_low'].iloc[0]))"),
    ("q2.c", "percent_not_share", RESULT + "ci = (100 * float(result['ci_low'].iloc[0]), "
                                  "100 * float(result['ci_high'].iloc[0]))"),
    ("q2.c", "rates_not_interval", RESULT + "ci = (float(result['rate_treatment'].iloc[0]), "
                                   "float(result['rate_control'].iloc[0]))"),
    ("q4", "total_not_per_group", "n_needed = sample_size_proportions(p0, p0 + 0.02)['n_total']"),
    ("q4", "relative_mde", "n_needed = sample_size_proportions(p0, p0 * 1.02)['n_control']"),
    ("q4", "base_all_groups", "p = ab['converted'].mean()\nn_needed = sample_size_proportions(p, p + 0.02)['n_control']"),
    ("q5", "reversed_uplift", "def uplift(a):\n    g = a.groupby('group')['converted'].mean()\n"
                              "    return float(g['control'] - g['treatment'])"),
    ("q5", "counts_not_rates", "def uplift(a):\n    g = a.groupby('group')['converted'].sum()\n"
                               "    return float(g.get('treatment', 0) - g.get('control', 0))"),
    ("q6", "reversed_uplift", f"uplift_tier = uplift_by_segment(ab, {SEG}, by=None)\n"
                              "uplift_tier['uplift'] = uplift_tier['rate_control'] - uplift_tier['rate_treatment']"),
    ("q6", "not_pooled", f"uplift_tier = uplift_by_segment(ab, {SEG})"),
    ("q7", "lost_included", "n_declining = int(stages['stage'].isin(['declining', 'lost']).sum())"),
    ("q7", "share_not_count", "n_declining = float((stages['stage'] == 'declining').mean())"),
    ("q14.a", "mean_of_ratios", KINDS + "f = f.assign(conversion=f['converted'] / f['targeted'], "
                                "revenue_per_cost=f['revenue'] / f['cost'])\n"
                                "by_kind = f.groupby('kind')[['targeted', 'converted', 'conversion', 'revenue', 'cost', "
                                "'revenue_per_cost']].agg({'targeted': 'sum', 'converted': 'sum', 'conversion': 'mean', "
                                "'revenue': 'sum', 'cost': 'sum', 'revenue_per_cost': 'mean'}).reset_index()"),
    ("q14.a", "control_kept", "f = campaign_funnel(shop.campaign_assignments, orders=shop.orders, "
                              "campaigns=shop.campaigns)\n"
                              "by_kind = f.groupby('kind')[['targeted', 'converted', 'revenue', 'cost']].sum()"
                              ".reset_index()\n"
                              "by_kind['conversion'] = by_kind['converted'] / by_kind['targeted']\n"
                              "by_kind['revenue_per_cost'] = by_kind['revenue'] / by_kind['cost']"),
]


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
