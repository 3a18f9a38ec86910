"""Lesson 10's common mistakes (q3 客户回购率, q4 客户满意度, q5 kpi_flag, q6 the KPIs off track): each slip, written as a
student would write it and run on a lesson's shop, is named; the model solutions get no mistake named; and no slip
gives the right answer on that shop."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab.analysis import kpi_table
from crmlab.exercises import crm_department as ch10

QUESTIONS = [ch10.q3, ch10.q4, ch10.q5, ch10.q6]


@pytest.fixture
def ns(lesson_shop):
    shop = lesson_shop
    env = {"shop": shop, "pd": pd, "np": np, "kpi_table": kpi_table, "o": shop.orders,
           "paid": shop.orders[shop.orders["payment_status"] == "paid"],
           "sv": shop.surveys[shop.surveys["responded"]]}
    # the lesson's yearly KPI table, as its cell builds it
    env["yearly"] = kpi_table(shop.orders, surveys=shop.surveys, complaints=shop.complaints, shipments=shop.shipments,
                              service_tickets=shop.service_tickets, period="Y")
    return env


Q4 = "pd.Period('2024Q4', 'Q')"
FLAG = ("def kpi_flag(value, target, direction):\n"
        "    band = {band}\n"
        "    if direction == 'higher'{ignore}:\n"
        "        if value {ge} target:\n"
        "            return 'on_track'\n"
        "        return 'at_risk' if value >= target - band else 'off_track'\n"
        "    if value {le} target:\n"
        "        return 'on_track'\n"
        "    return 'at_risk' if value <= target + band else 'off_track'\n")
OFF = "(yearly['period'] == '{year}') & (yearly['status'].isin({states}))"

SLIPS = [
    ("q3", "unpaid_kept", f"q = o[o['order_time'].dt.to_period('Q') == {Q4}]\n"
                          "repurchase_q4 = (q.groupby('customer_id').size() >= 2).mean()"),
    ("q3", "whole_year", "q = paid[paid['order_time'].dt.year == 2024]\n"
                         "repurchase_q4 = (q.groupby('customer_id').size() >= 2).mean()"),
    ("q3", "orders_basis", f"q = paid[paid['order_time'].dt.to_period('Q') == {Q4}]\n"
                           "n = q.groupby('customer_id').size()\n"
                           "repurchase_q4 = (q['customer_id'].map(n) >= 2).mean()"),
    ("q4", "top_box_only", "csat_2024 = (sv.loc[sv['response_time'].dt.year == 2024, 'q_overall'] == 5).mean()"),
    ("q4", "neutral_counted", "csat_2024 = (sv.loc[sv['response_time'].dt.year == 2024, 'q_overall'] >= 3).mean()"),
    ("q4", "mean_score", "csat_2024 = sv.loc[sv['response_time'].dt.year == 2024, 'q_overall'].mean()"),
    ("q5", "direction_ignored", FLAG.format(band="0.1 * abs(target)", ignore=" or True", ge=">=", le="<=")),
    ("q5", "absolute_band", FLAG.format(band="0.1", ignore="", ge=">=", le="<=")),
    ("q5", "strict_at_target", FLAG.format(band="0.1 * target", ignore="", ge=">", le="<")),
    ("q6", "at_risk_included", "off_track_kpis = sorted(yearly.loc["
     + OFF.format(year=2024, states=["off_track", "at_risk"]) + ", 'kpi'])"),
    ("q6", "not_sorted", "off_track_kpis = sorted(yearly.loc[" + OFF.format(year=2024, states=["off_track"])
                         + ", 'kpi'], reverse=True)"),
]


def test_every_question_has_a_catalogue():
    assert all(q.mistakes for q in QUESTIONS)


def test_the_hand_written_flag_is_the_courses_rule(lesson_shop):
    for args in ch10._flag_cases(lesson_shop):
        assert ch10._flag(*args) == ch10.kpi_flag(*args), args


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
