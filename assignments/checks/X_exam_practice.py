"""Trusted checks of the exam practice, paper B (auto-graded). Instructors only: never released.

Each question is one test cell worth one point. A multiple-choice answer arrives as
plain text and is compared with the key below (which students never see); a
computed answer is compared with the value computed from ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.
"""

import numpy as np
import pandas as pd

from crmlab.exercises import compare_values
from crmlab.grading.trusted import LabChecks

lab = LabChecks("X_exam_practice", dataset="classroom")

# The key: question -> (right letter, chapter to revise).
CHOICES = {1: ("A", 1), 2: ("A", 1), 3: ("D", 2), 5: ("C", 3), 6: ("A", 3), 7: ("A", 4), 8: ("A", 4),
           9: ("A", 5), 10: ("D", 5), 11: ("A", 6), 13: ("A", 7), 15: ("A", 8), 16: ("C", 8), 18: ("A", 9),
           19: ("C", 9), 20: ("B", 10)}


def _choice(q: int, letter: str, chapter: int):
    name = f"b{q}"

    def check(ctx, **answers):
        value = answers[name]
        assert isinstance(value, str) and value.strip().upper() in list("ABCD"), \
            "写一个选项字母，例如 \"A\" / write one option letter, e.g. \"A\""
        assert value.strip().upper() == letter, \
            f"第 {q} 题答错了：复习第 {chapter} 章 / question {q} is wrong: revise chapter {chapter}"

    check.__name__ = f"question_{q}"
    return check


for _q, (_letter, _chapter) in CHOICES.items():
    lab.check(f"test_b{_q}", answers=[f"b{_q}"])(_choice(_q, _letter, _chapter))


def _number(value, want: float, name: str) -> None:
    assert np.isscalar(value) and np.isfinite(float(value)), "答案应是一个数 / the answer should be a number"
    compare_values(float(value), want, name=name, rtol=1e-6)


def _paid(shop):
    return shop.orders[shop.orders["payment_status"] == "paid"]


@lab.check("test_b4", answers=["b4"])
def question_4(ctx, b4):
    paid = _paid(ctx.shop).merge(ctx.shop.customers[["customer_id", "city_tier"]], on="customer_id")
    _number(b4, float(paid.loc[paid["city_tier"] == 1, "amount"].sum() / paid["amount"].sum()), "b4")


@lab.check("test_b12", answers=["b12"])
def question_12(ctx, b12):
    _number(b12, float(ctx.shop.campaign_assignments["converted"].astype(bool).mean()), "b12")


@lab.check("test_b14", answers=["b14"])
def question_14(ctx, b14):
    _number(b14, 0.9, "b14")


@lab.check("test_b17", answers=["b17"])
def question_17(ctx, b17):
    paid = _paid(ctx.shop)
    monthly = paid.groupby(paid["order_time"].dt.to_period("M"))["amount"].sum()
    _number(b17, float(monthly[pd.Period("2024-12", "M")] / monthly[pd.Period("2024-11", "M")] - 1), "b17")


@lab.check("test_b21", answers=["b21"])
def question_21(ctx, b21):
    shipped = ctx.shop.shipments.dropna(subset=["delivered_time"])
    _number(b21, float((shipped["delay_days"] <= 0).mean()), "b21")
