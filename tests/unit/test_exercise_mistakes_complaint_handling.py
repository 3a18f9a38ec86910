"""The usual mistakes of the complaint-handling exercises are named: each slip, written as a student would
write it, gets INCORRECT and its own diagnosis; the model solutions get CORRECT and no diagnosis."""


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests, lesson_session, questions_of

from crmlab.analysis import complaint_retention, complaint_stage_times, sla_breaches
from crmlab.exercises import complaint_handling as ch


QUESTIONS = questions_of(ch)
CATALOGUED = [q for q in QUESTIONS.values() if q.mistakes]


@pytest.fixture(scope="module")
def lesson_shop():
    yield from lesson_session("en")


@pytest.fixture(scope="module")
def solved(lesson_shop):
    """The lesson's namespace after q1's model solution (which names the complaints `c`)."""
    ns = {"shop": lesson_shop, "pd": pd, "np": np, "sla_breaches": sla_breaches,
          "complaint_retention": complaint_retention, "complaint_stage_times": complaint_stage_times}
    exec(QUESTIONS["q1"].solution_code, ns)
    return ns


@pytest.fixture
def ns(solved):
    return dict(solved)


HOURS = "hours = (c['replied_time'] - c['recorded_time']) / pd.Timedelta(hours=1)\n"
STAGES = ("cols = ['recorded_time', 'judged_time', 'analysed_time', 'replied_time', 'feedback_time', 'followup_time']\n"
          "targets = {'judge': 4, 'analyse': 12, 'reply': 24, 'feedback': 48, 'followup': 168}\n"
          "rows = []\n"
          "for stage, prev, col in zip(targets, cols[:-1], cols[1:]):\n"
          "    h = (c[col] - c[SINCE]) / pd.Timedelta(hours=1)\n"
          "    n = NCOUNT\n"
          "    late = int((h > targets[stage]).sum())\n"
          "    rows.append({'stage': stage, 'n': n, 'breaches': late, 'breach_rate': late / n})\n"
          "breaches = pd.DataFrame(rows)")
BY_CATEGORY = (HOURS + "by_category = c.assign(late=hours > 24).groupby('category').agg(complaints=('late', 'size'), "
               "reply_breach_rate=('late', {how})).reset_index()")
RETENTION = "r = complaint_retention(shop.complaints, orders=shop.orders, bins=(24,))\n"

SLIPS = [
    ("q1", "mean_not_median", HOURS + "median_reply = hours.mean()"),
    ("q1", "wrong_unit", "median_reply = (c['replied_time'] - c['recorded_time']).dt.total_seconds().median()"),
    ("q1", "wrong_unit", "median_reply = ((c['replied_time'] - c['recorded_time']) / pd.Timedelta(minutes=1)).median()"),
    ("q1", "wrong_unit", "median_reply = ((c['replied_time'] - c['recorded_time']) / pd.Timedelta(days=1)).median()"),
    ("q1", "reversed_order", "median_reply = ((c['recorded_time'] - c['replied_time']) / pd.Timedelta(hours=1)).median()"),
    ("q2", "stage_not_elapsed", STAGES.replace("SINCE", "prev").replace("NCOUNT", "int(h.notna().sum())")),
    ("q2", "not_reached_counted", STAGES.replace("SINCE", "'recorded_time'").replace("NCOUNT", "len(c)")),
    ("q2", "percent_not_share", "breaches = sla_breaches(shop.complaints)[['stage', 'n', 'breaches', 'breach_rate']]\n"
                                "breaches['breach_rate'] = breaches['breach_rate'] * 100"),
    ("q4", "count_not_share", BY_CATEGORY.format(how="'sum'")),
    ("q4", "all_complaints_denominator", BY_CATEGORY.format(how="lambda s: s.sum() / len(c)")),
    ("q4", "percent_not_share", BY_CATEGORY.format(how="'mean'") + "\n"
                                "by_category['reply_breach_rate'] = by_category['reply_breach_rate'] * 100"),
    ("q5.a", "reorder_not_retention", RETENTION + "retention_fast = float(r['reorder_rate'].iloc[0])"),
    ("q5.a", "rows_swapped", RETENTION + "retention_fast = float(r['retention'].iloc[1])"),
    ("q5.a", "percent_not_share", RETENTION + "retention_fast = float(r['retention'].iloc[0]) * 100"),
    ("q5.b", "reorder_not_retention", RETENTION + "retention_slow = float(r['reorder_rate'].iloc[1])"),
    ("q5.b", "rows_swapped", RETENTION + "retention_slow = float(r['retention'].iloc[0])"),
    ("q6.a", "group_reversed", "told_bad = shop.complaints['resolved'].sum() * 9"),
    ("q6.a", "all_complainants", "told_bad = len(shop.complaints) * 9"),
    ("q6.a", "wrong_multiplier", "told_bad = (~shop.complaints['resolved']).sum() * 10"),
    ("q6.a", "wrong_multiplier", "told_bad = (~shop.complaints['resolved']).sum() * 2.5"),
    ("q6.b", "group_reversed", "told_good = (~shop.complaints['resolved']).sum() * 2.5"),
    ("q6.b", "all_complainants", "told_good = len(shop.complaints) * 2.5"),
    ("q6.b", "wrong_multiplier", "told_good = shop.complaints['resolved'].sum() * 3"),
]


def test_every_data_question_has_a_catalogue():
    assert {q.name for q in CATALOGUED} == {"q1", "q2", "q4", "q5.a", "q5.b", "q6.a", "q6.b"}


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
