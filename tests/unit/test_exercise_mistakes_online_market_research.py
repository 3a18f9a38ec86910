"""Lesson 13's data exercises name the usual mistakes: each slip, written as a student writes it, gets
INCORRECT and its own diagnosis on the lesson's shop; the model solutions still pass with none named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import session
from crmlab.analysis import example_questionnaire, survey_experience
from crmlab.exercises import CORRECT, INCORRECT
from crmlab.exercises import online_market_research as ch13

QUESTIONS = [ch13.q1, ch13.q3, ch13.q5.a, ch13.q5.b]
NO_CATALOGUE: dict = {}


@pytest.fixture(scope="module")
def lesson_ns():
    session.reset()
    crmlab.set_locale("zh")
    shop = crmlab.setup(locale="zh", dataset="lab")
    yield {"shop": shop, "pd": pd, "np": np, "bad": example_questionnaire("bad"),
           "survey_experience": survey_experience}
    session.reset()


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


def _question(name):
    return next(q for q in QUESTIONS if q.name == name)


@pytest.mark.parametrize("name,code,snippet", SLIPS, ids=[f"{n}-{c}" for n, c, _ in SLIPS])
def test_each_slip_gets_its_named_diagnosis(name, code, snippet, ns):
    q = _question(name)
    exec(snippet, ns)
    fb = q.evaluate(ns[q.var])
    assert fb.status == INCORRECT, (name, code, fb.text())
    assert fb.mistake == code, (name, code, fb.mistake, fb.text())
    zh, en = next(m for m in q.mistakes if m.code == code).message()
    assert zh.split("。")[0] in fb.text("zh") and en.split(". ")[0] in fb.text("en")


def test_every_catalogued_slip_is_tested():
    assert {(q.name, m.code) for q in QUESTIONS for m in q.mistakes} == {(n, c) for n, c, _ in SLIPS}
    assert all(q.mistakes for q in QUESTIONS if type(q).__name__ not in NO_CATALOGUE)


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_the_model_solution_passes_with_no_mistake_named(q, ns):
    exec(q.solution_code, ns)
    fb = q.evaluate(ns[q.var])
    assert fb.status == CORRECT and fb.mistake is None, (q.name, fb.text())
    assert q.diagnose(ns[q.var]) is None
