"""Lesson 04's data exercises name the usual mistakes: each slip, written as a student writes it, gets
INCORRECT and its own diagnosis on the lesson's shop; the model solutions still pass with none named.
An impossible Cronbach's alpha (above 1 or below 0) is named as impossible, with its usual causes."""


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab.analysis import csat, nps, satisfaction_index, satisfaction_indicators
from crmlab.exercises import customer_satisfaction as ch04

QUESTIONS = [ch04.q1, ch04.q2.a, ch04.q3, ch04.q6]
NO_CATALOGUE: dict = {}


@pytest.fixture(scope="module")
def lesson_ns(lesson_shop):
    shop = lesson_shop
    return {"shop": shop, "pd": pd, "np": np, "r": shop.surveys[shop.surveys["responded"]], "csat": csat,
           "nps": nps, "satisfaction_index": satisfaction_index, "satisfaction_indicators": satisfaction_indicators}


@pytest.fixture
def ns(lesson_ns):
    return dict(lesson_ns)


ALPHA = ("def alpha(df, items):\n"
         "    x = df[list(items)].astype(float){drop}\n"
         "    k = x.shape[1]\n"
         "    return {body}\n")
RIGHT = "k / (k - 1) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=1))"
IND = "ind = satisfaction_indicators(shop)\n"
KEYS = "['reputation', 'nomination', 'return_rate', 'complaint', 'sales_power']"

SLIPS = [
    ("q1", "percent_not_share", "csat_overall = 100 * (r['q_overall'].dropna() >= 4).mean()"),
    ("q1", "wrong_denominator", "csat_overall = (r['q_overall'] >= 4).sum() / len(shop.surveys)"),
    ("q1", "five_only", "csat_overall = (r['q_overall'].dropna() > 4).mean()"),
    ("q1", "mean_not_share", "csat_overall = r['q_overall'].mean()"),
    ("q2.a", "share_not_points", "x = r['nps'].dropna()\nnps_score = (x >= 9).mean() - (x <= 6).mean()"),
    ("q2.a", "seven_as_detractor", "x = r['nps'].dropna()\nnps_score = 100 * ((x >= 9).mean() - (x <= 7).mean())"),
    ("q2.a", "eight_as_promoter", "x = r['nps'].dropna()\nnps_score = 100 * ((x >= 8).mean() - (x < 7).mean())"),
    ("q3", "rows_not_complete", ALPHA.format(drop="", body=RIGHT)),
    ("q3", "ddof_mixed", ALPHA.format(drop=".dropna()", body="k / (k - 1) * (1 - np.var(x, axis=0).sum() / "
                                                             "x.sum(axis=1).var())")),
    ("q3", "no_k_factor", ALPHA.format(drop=".dropna()", body="1 - x.var().sum() / x.sum(axis=1).var()")),
    ("q3", "std_not_var", ALPHA.format(drop=".dropna()", body="k / (k - 1) * (1 - x.std().sum() / "
                                                              "x.sum(axis=1).std())")),
    ("q3", "alpha_impossible", ALPHA.format(drop=".dropna()", body="k / (k - 1) * (1 - x.sum(axis=1).var() / "
                                                                   "x.var().sum())")),
    ("q3", "alpha_impossible", ALPHA.format(drop=".dropna()", body="k / (k - 1) * (x.sum(axis=1).var() - "
                                                                   "x.var().sum()) / x.var().sum()")),
    ("q6", "default_weights", "my_index = float(satisfaction_index(satisfaction_indicators(shop))['index'].iloc[0])"),
    ("q6", "rates_not_scores", IND + f"my_index = float(ind[{KEYS}].iloc[0].mean())"),
    ("q6", "complaint_not_reversed", IND + "my_index = float(ind[['score_reputation', 'score_nomination', "
     "'score_return_rate', 'score_sales_power']].iloc[0].sum() + 100 * ind['complaint'].iloc[0]) / 5"),
]


def test_an_impossible_alpha_says_why_and_the_usual_causes(ns):
    exec(ALPHA.format(drop=".dropna()", body="k / (k - 1) * (1 - x.sum(axis=1).var() / x.var().sum())"), ns)
    fb = ch04.q3.evaluate(ns["alpha"])
    zh, en = fb.text("zh"), fb.text("en")
    assert "不可能" in zh and "0 和 1 之间" in zh and "ddof" in zh and "反向" in zh
    assert "impossible" in en and "between 0 and 1" in en and "ddof" in en and "reverse" in en
    assert fb.mistake == "alpha_impossible"


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
