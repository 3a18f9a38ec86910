"""The usual mistakes of chapter 8's data exercises (customer service) are named: each slip, written as a
student would write it, gets INCORRECT and its own diagnosis; the model solutions get CORRECT and no
diagnosis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import session
from crmlab.exercises import CORRECT, INCORRECT
from crmlab.exercises import customer_service as ch08
from crmlab.exercises._core import MultipartQuestion


def _flat(module):
    out = {}
    for name in module.__all__:
        q = getattr(module, name)
        for part in (q._parts.values() if isinstance(q, MultipartQuestion) else [q]):
            if getattr(part, "mistakes", None) is not None and hasattr(part, "evaluate"):
                out[part.name] = part
    return out


QUESTIONS = _flat(ch08)
CATALOGUED = [q for q in QUESTIONS.values() if q.mistakes]


@pytest.fixture(scope="module")
def lesson_shop():
    session.reset()
    crmlab.set_locale("en")
    shop = crmlab.setup(locale="en", dataset="lab")
    yield shop
    crmlab.set_locale("zh")
    session.reset()


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


@pytest.mark.parametrize("name,code,snippet", SLIPS, ids=[f"{n}-{c}-{i}" for i, (n, c, _) in enumerate(SLIPS)])
def test_each_slip_gets_its_named_diagnosis(name, code, snippet, ns):
    q = QUESTIONS[name]
    exec(snippet, ns)
    fb = q.evaluate(ns[q.var])
    assert fb.status == INCORRECT, (name, code, fb.text())
    assert fb.mistake == code, (name, code, fb.mistake, fb.text())
    zh, en = next(m for m in q.mistakes if m.code == code).message()
    assert zh in fb.text("zh") and en in fb.text("en")


def test_every_catalogued_slip_is_tested():
    assert {(q.name, m.code) for q in CATALOGUED for m in q.mistakes} == {(n, c) for n, c, _ in SLIPS}


def test_every_data_question_has_a_catalogue():
    assert {q.name for q in CATALOGUED} == {"q1", "q2", "q3", "q4", "q6", "q13"}


@pytest.mark.parametrize("q", CATALOGUED, ids=lambda q: q.name)
def test_the_model_solution_is_right_and_names_no_mistake(q, ns):
    exec(q.solution_code, ns)
    fb = q.evaluate(ns[q.var])
    assert fb.status == CORRECT and fb.mistake is None, (q.name, fb.text())
    assert q.diagnose(ns[q.var]) is None, q.name


def test_messages_are_chinese_first_and_give_no_code_answer():
    for q in CATALOGUED:
        for m in q.mistakes:
            zh, en = m.message()
            assert zh.startswith("看起来你") and en.startswith("It looks like you"), (q.name, m.code)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in m.fix_zh), (q.name, m.code)
            assert q.var is None or f"{q.var} =" not in m.fix_zh + m.fix_en, (q.name, m.code)


def test_tie_probes_part_the_slips_from_the_right_order():
    for asc in ([False, False], [True, True]):
        assert any(ch08._top_sorted(t, n, asc) != ch08.top_questions(t, n) for t, n in ch08._TIE_PROBES), asc
    assert any(t["text"].value_counts().head(n).index.tolist() != ch08.top_questions(t, n) for t, n in ch08._TIE_PROBES)
