"""The usual mistakes of chapter 8's data exercises (customer service) are named: each slip, written as a
student would write it, gets INCORRECT and its own diagnosis; the model solutions get CORRECT and no
diagnosis."""


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests, lesson_session, questions_of

from crmlab.exercises import customer_service as ch08


QUESTIONS = questions_of(ch08)
CATALOGUED = [q for q in QUESTIONS.values() if q.mistakes]


@pytest.fixture(scope="module")
def lesson_shop():
    yield from lesson_session("en")


@pytest.fixture(scope="module")
def solved(lesson_shop):
    """The lesson's namespace after q1's model solution (which names the tickets and the pre-sale ones `pre`)
    and q4's (the reviews joined with the delays, `r`)."""
    ns = {"shop": lesson_shop, "pd": pd, "np": np}
    for name in ("q1", "q4"):
        exec(QUESTIONS[name].solution_code, ns)
    return ns


@pytest.fixture
def ns(solved):
    return dict(solved)


SPEED = "s = {t}['first_response_seconds']\nspeed_gap = {t}.loc[s {a}, 'converted'].mean() - {t}.loc[s {b}, 'converted'].mean()"
UNPAID = ("u = shop.orders[shop.orders['was_unpaid']]\npaid = u['payment_status'] == 'paid'\nrem = u['reminder_sent']\n"
          "diff = paid[rem].mean() - paid[~rem].mean()\n")
TOP = ("def top_questions(tickets, n):\n"
       "    counts = tickets['text'].value_counts().rename_axis('text').reset_index(name='n')\n"
       "    return counts.sort_values(['n', 'text'], ascending={asc})['text'].head(n).tolist()\n")
TOLD = "told = shop.word_of_mouth.groupby('sentiment')['people_told'].{how}()\n"

SLIPS = [
    ("q1", "all_stages", "conversion = shop.service_tickets['converted'].mean()"),
    ("q1", "percent_not_share", "conversion = pre['converted'].mean() * 100"),
    ("q1", "count_not_share", "conversion = pre['converted'].sum()"),
    ("q2", "reversed_difference", SPEED.format(t="pre", a="> 300", b="<= 30")),
    ("q2", "all_stages", "t = shop.service_tickets\n" + SPEED.format(t="t", a="<= 30", b="> 300")),
    ("q2", "percent_not_share", SPEED.format(t="pre", a="<= 30", b="> 300") + "\nspeed_gap = speed_gap * 100"),
    ("q3", "share_not_orders", UNPAID + "extra_paid = diff"),
    ("q3", "wrong_base", UNPAID + "extra_paid = diff * rem.sum()"),
    ("q3", "wrong_base", UNPAID + "extra_paid = diff * len(u)"),
    ("q3", "all_orders", UNPAID.replace("shop.orders[shop.orders['was_unpaid']]", "shop.orders")
     + "extra_paid = diff * (~rem).sum()"),
    ("q4", "any_delay", "bad_share_late = (r.loc[r['delay_days'] > 0, 'sentiment'] == 'bad').mean()"),
    ("q4", "reversed_condition", "bad = r[r['sentiment'] == 'bad']\nbad_share_late = (bad['delay_days'] > 3).mean()"),
    ("q4", "no_delay_filter", "bad_share_late = (r['sentiment'] == 'bad').mean()"),
    ("q6", "ties_unsorted", "def top_questions(tickets, n):\n    return tickets['text'].value_counts().head(n).index.tolist()\n"),
    ("q6", "ties_descending", TOP.format(asc="False")),
    ("q6", "least_first", TOP.format(asc="True")),
    ("q13", "ratio_inverted", TOLD.format(how="mean") + "wom_ratio = told['positive'] / told['negative']"),
    ("q13", "sum_not_mean", TOLD.format(how="sum") + "wom_ratio = told['negative'] / told['positive']"),
    ("q13", "difference_not_ratio", TOLD.format(how="mean") + "wom_ratio = told['negative'] - told['positive']"),
]


def test_every_data_question_has_a_catalogue():
    assert {q.name for q in CATALOGUED} == {"q1", "q2", "q3", "q4", "q6", "q13"}


def test_tie_probes_part_the_slips_from_the_right_order():
    for asc in ([False, False], [True, True]):
        assert any(ch08._top_sorted(t, n, asc) != ch08.top_questions(t, n) for t, n in ch08._TIE_PROBES), asc
    assert any(t["text"].value_counts().head(n).index.tolist() != ch08.top_questions(t, n) for t, n in ch08._TIE_PROBES)


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
