"""Exam practice paper A's computations (q4, q6, q10, q15, q19, q20): each common slip, written as a student would
write it and run on a student's shop, is named; the model solutions get no mistake named; and no slip gives the
right answer on that shop. The paper's fifteen choice questions explain every wrong option instead
(tests/unit/test_choice_explanations.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab.analysis import rfm_scores, rfm_segments, rfm_summary
from crmlab.exercises import exam_practice as exam

QUESTIONS = [exam.q4, exam.q6, exam.q10, exam.q15, exam.q19, exam.q20]


@pytest.fixture
def ns(lesson_shop):
    shop = lesson_shop
    return {"shop": shop, "pd": pd, "np": np, "math": math, "rfm_summary": rfm_summary, "rfm_scores": rfm_scores,
            "rfm_segments": rfm_segments, "c": shop.customers, "o": shop.orders,
            "paid": shop.orders[shop.orders["payment_status"] == "paid"],
            "sv": shop.surveys[shop.surveys["responded"]]}


SPEND = "spend = {t}.groupby('customer_id')['amount'].sum().sort_values({asc})\n"
SEG = "seg = rfm_segments(rfm_scores(rfm_summary({t}, as_of=shop.meta['end'])))\n"

SLIPS = [
    ("q4", "count_not_share", "referral_share = (c['acquisition_channel'] == 'referral').sum()"),
    ("q4", "percent_not_share", "referral_share = 100 * (c['acquisition_channel'] == 'referral').mean()"),
    ("q6", "unpaid_kept", SPEND.format(t="o", asc="ascending=False")
     + "top20_share = spend.iloc[:math.ceil(0.2 * len(spend))].sum() / spend.sum()"),
    ("q6", "bottom_not_top", SPEND.format(t="paid", asc="")
     + "top20_share = spend.iloc[:math.ceil(0.2 * len(spend))].sum() / spend.sum()"),
    ("q6", "k_from_all_customers", SPEND.format(t="paid", asc="ascending=False")
     + "top20_share = spend.iloc[:math.ceil(0.2 * len(c))].sum() / spend.sum()"),
    ("q10", "share_not_percent", "nps_value = (sv['nps'] >= 9).mean() - (sv['nps'] <= 6).mean()"),
    ("q10", "passives_as_promoters", "nps_value = 100 * ((sv['nps'] >= 7).mean() - (sv['nps'] <= 6).mean())"),
    ("q10", "mean_score", "nps_value = sv['nps'].mean()"),
    ("q15", "seconds_not_hours", "erlangs = 120 * 180"),
    ("q15", "minutes_not_hours", "erlangs = 120 * 180 / 60"),
    ("q19", "code_misspelt", SEG.format(t="o") + "n_important_value = (seg['segment_code'] == '重要价值客户').sum()"),
    ("q19", "share_not_count", SEG.format(t="o")
     + "n_important_value = (seg['segment_code'] == 'important_value').mean()"),
    ("q20", "cancelled_share", "payment_rate = (o['payment_status'] == 'cancelled').mean()"),
    ("q20", "count_not_share", "payment_rate = (o['payment_status'] == 'paid').sum()"),
    ("q20", "percent_not_share", "payment_rate = 100 * (o['payment_status'] == 'paid').mean()"),
]


def test_every_computation_has_a_catalogue():
    computed = [q for q in (getattr(exam, n) for n in exam.CHAPTERS) if not getattr(q, "options", None)]
    assert [q.name for q in computed] == [q.name for q in QUESTIONS]
    assert all(q.mistakes for q in QUESTIONS)


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
