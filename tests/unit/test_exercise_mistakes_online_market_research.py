"""Lesson 13's data exercises name the usual mistakes: each slip, written as a student writes it, gets
INCORRECT and its own diagnosis on the lesson's shop; the model solutions still pass with none named."""


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab.analysis import example_questionnaire, survey_experience
from crmlab.exercises import online_market_research as ch13

QUESTIONS = [ch13.q1, ch13.q3, ch13.q5.a, ch13.q5.b]
NO_CATALOGUE: dict = {}


@pytest.fixture(scope="module")
def lesson_ns(lesson_shop):
    shop = lesson_shop
    return {"shop": shop, "pd": pd, "np": np, "bad": example_questionnaire("bad"),
           "survey_experience": survey_experience}


@pytest.fixture
def ns(lesson_ns):
    return dict(lesson_ns)


GAP = ("ex = survey_experience(shop)\n{drop}"
       "rate = ex['repurchased']{fill}.astype(float).groupby(ex['responded']).mean()\n"
       "repurchase_gap = {gap}\n")
RIGHT_GAP = "rate[True] - rate[False]"
DROP = "ex = ex[ex['repurchased'].notna()]\n"

SLIPS = [
    ("q1", "all_findings", "n_errors = len(bad.lint())"),
    ("q1", "warnings_counted", "n_errors = int(bad.lint()['severity'].isin(['error', 'warning']).sum())"),
    ("q3", "truncated_not_rounded", "def allocate(sizes, n):\n"
                                    "    return np.maximum(n * sizes / sizes.sum(), 1).astype('int64')\n"),
    ("q3", "no_minimum", "def allocate(sizes, n):\n    return np.rint(n * sizes / sizes.sum()).astype('int64')\n"),
    ("q5.a", "percent_not_share", "response_rate = 100 * shop.surveys['responded'].mean()"),
    ("q5.a", "count_not_share", "response_rate = shop.surveys['responded'].sum()"),
    ("q5.a", "wrong_denominator", "s = shop.surveys\nresponse_rate = s['responded'].sum() / (~s['responded']).sum()"),
    ("q5.b", "gap_reversed", GAP.format(drop=DROP, fill="", gap="rate[False] - rate[True]")),
    ("q5.b", "empty_as_no", GAP.format(drop="", fill=".fillna(False)", gap=RIGHT_GAP)),
    ("q5.b", "percent_points", GAP.format(drop=DROP, fill="", gap=f"100 * ({RIGHT_GAP})")),
]


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
