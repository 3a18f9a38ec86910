"""Lesson 01's first data tasks ramp up from lesson 00b: q3.b in small steps, hints that
point back to the on-ramp's sections, the usual slips named; and its theory questions (the gains of
CRM, what CRM does, online consumers' psychology, the case) explain every wrong option."""

from __future__ import annotations

import ast
import re

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import session
from crmlab.exercises import CORRECT, INCORRECT, NOT_ATTEMPTED, UNGRADED, ____
from crmlab.exercises import crm_and_scrm as ch01

RAMP = [ch01.q2, ch01.q3.a, ch01.q3.b1, ch01.q3.b2, ch01.q3.b, ch01.q6.b]


@pytest.fixture(scope="module")
def edge(edge_shop):
    session.reset()
    crmlab.set_locale("zh")
    crmlab.setup(student_id="2024016")
    session._state["shop"] = edge_shop
    yield edge_shop
    session.reset()


@pytest.fixture
def ns(edge):
    return {"shop": edge, "pd": pd, "np": np, "o": edge.orders,
            "paid": edge.orders[edge.orders["payment_status"] == "paid"], "END": pd.Timestamp(edge.meta["end"])}


def test_q3_comes_in_four_small_steps():
    assert list(ch01.q3._parts) == ["a", "b1", "b2", "b"]
    assert ch01.q3.b1.name == "q3.b1" and ch01.q3.b2.var == "with_orders"
    assert "q3.b1" in ch01.q3.evaluate().text()


def test_the_steps_solve_in_order(ns):
    for q in RAMP:
        exec(q.solution_code, ns)
        fb = q.evaluate(ns[q.var])
        assert fb.status == CORRECT, (q.name, fb.text())


def test_a_step_left_blank_gets_a_nudge(edge):
    assert ch01.q3.b1.evaluate(ch01.____).status == NOT_ATTEMPTED


STEPS = ("order_summary = paid.groupby('customer_id').agg(n_orders=('order_id', 'size'), "
         "total_spent=('amount', 'sum')).reset_index()\n")
TICKETS = "tickets = shop.service_tickets.groupby('customer_id').size().rename('n_tickets')\n"
BASE = "shop.customers[['customer_id', 'acquisition_channel']]"

SLIPS = [
    ("q2", "unpaid_kept", "paid_sales = o['amount'].sum()"),
    ("q2", "counted_not_summed", "paid_sales = len(paid)"),
    ("q2", "counted_not_summed", "paid_sales = paid['amount'].count()"),
    ("q2", "gross_not_amount", "paid_sales = paid['gross_amount'].sum()"),
    ("q3.a", "groupby_object", "orders_per_customer = paid.groupby('customer_id')"),
    ("q3.a", "unpaid_kept", "orders_per_customer = o.groupby('customer_id').size().rename('n_orders').reset_index()"),
    ("q3.b1", "groupby_object", "order_summary = paid.groupby('customer_id')"),
    ("q3.b1", "counted_not_summed", "order_summary = paid.groupby('customer_id').agg(n_orders=('order_id', 'size'), "
                                    "total_spent=('amount', 'count'))"),
    ("q3.b1", "unpaid_kept", "order_summary = o.groupby('customer_id').agg(n_orders=('order_id', 'size'), "
                             "total_spent=('amount', 'sum'))"),
    ("q3.b2", "rows_multiplied", f"with_orders = {BASE}.merge(paid, on='customer_id', how='left')"),
    ("q3.b2", "nan_not_filled", STEPS + f"with_orders = {BASE}.merge(order_summary, on='customer_id', how='left')"),
    ("q3.b2", "inner_join", STEPS + f"with_orders = {BASE}.merge(order_summary, on='customer_id')"),
    ("q3.b2", "unpaid_kept", "s = o.groupby('customer_id').agg(n_orders=('order_id', 'size'), "
                             f"total_spent=('amount', 'sum'))\nwith_orders = {BASE}.merge(s, on='customer_id', "
                             "how='left').fillna(0)"),
    ("q3.b", "rows_multiplied", STEPS + TICKETS + f"overview = {BASE}.merge(order_summary, how='left').merge("
                                "shop.service_tickets[['customer_id', 'ticket_id']], how='left').assign(n_tickets=1)"
                                ".fillna(0).sort_values('total_spent', ascending=False)"),
    ("q3.b", "nan_not_filled", STEPS + TICKETS + f"overview = {BASE}.merge(order_summary, how='left').merge("
                               "tickets, on='customer_id', how='left').sort_values('total_spent', ascending=False)"),
    ("q3.b", "inner_join", STEPS + TICKETS + f"overview = {BASE}.merge(order_summary).merge(tickets, "
                           "on='customer_id').sort_values('total_spent', ascending=False)"),
    ("q3.b", "sorted_ascending", STEPS + TICKETS + f"overview = {BASE}.merge(order_summary, how='left').merge("
                                 "tickets, on='customer_id', how='left').fillna(0).sort_values('total_spent')"),
    ("q3.b", "unpaid_kept", "s = o.groupby('customer_id').agg(n_orders=('order_id', 'size'), "
                            "total_spent=('amount', 'sum'))\n" + TICKETS + f"overview = {BASE}.merge(s, "
                            "on='customer_id', how='left').merge(tickets, on='customer_id', how='left').fillna(0)"
                            ".sort_values('total_spent', ascending=False)"),
    ("q6.b", "window_one_day_off", "last = paid.groupby('customer_id')['order_time'].max()\n"
                                   "n_lapsed = int((last < END - pd.Timedelta(days=180)).sum())"),
    ("q6.b", "unpaid_kept", "last = o.groupby('customer_id')['order_time'].max()\n"
                            "n_lapsed = int((last < END + pd.Timedelta(days=1) - pd.Timedelta(days=180)).sum())"),
]


@pytest.mark.parametrize("name,code,snippet", SLIPS, ids=[f"{n}-{c}" for n, c, _ in SLIPS])
def test_each_slip_gets_its_named_diagnosis(name, code, snippet, ns):
    q = next(q for q in RAMP if q.name == name)
    exec(snippet, ns)
    fb = q.evaluate(ns[q.var])
    assert fb.status == INCORRECT, (name, code, fb.text())
    assert fb.mistake == code, (name, code, fb.mistake, fb.text())


def test_every_catalogued_slip_is_tested():
    assert {(q.name, m.code) for q in RAMP for m in q.mistakes} == {(n, c) for n, c, _ in SLIPS}


def test_slips_point_back_to_the_on_ramp():
    for q in RAMP:
        for m in q.mistakes:
            zh, en = m.message()
            assert re.search(r"00b 第 \d 节", zh) and re.search(r"00b section \d", en), (q.name, m.code)


@pytest.mark.parametrize("q", RAMP[:5], ids=lambda q: q.name)
def test_hints_point_back_and_never_give_the_answer(q):
    assert any("00b 第" in zh for zh, _ in q.hints) and any("00b section" in en for _, en in q.hints)
    answers = [re.sub(r"\s+", "", ast.unparse(n.value)).replace("'", '"') for n in ast.walk(ast.parse(q.solution_code))
               if isinstance(n, ast.Assign) and any(getattr(t, "id", None) == q.var for t in n.targets)]
    assert answers
    for zh, en in q.hints:
        for text in (zh, en):
            norm = re.sub(r"\s+", "", text).replace("'", '"')
            assert not any(a in norm for a in answers), (q.name, text)


# -- the theory of chapter 1: CRM 的作用, the three gains, online consumers' psychology, the case ----------
def _choice_teaches(q, right):
    """The right letter passes; every wrong letter fails and shows its own explanation, in both languages."""
    assert q.evaluate(right).status == CORRECT and q.evaluate(right.lower()).status == CORRECT
    assert q.evaluate(____).status == NOT_ATTEMPTED
    for letter in q.options:
        if letter == right:
            continue
        fb = q.evaluate(letter)
        zh, en = q.explain(letter)
        assert fb.status == INCORRECT and zh in fb.text("zh") and en in fb.text("en"), (q.name, letter)


@pytest.mark.parametrize("part, right", [("a", "A"), ("b", "B"), ("c", "C")])
def test_the_three_gains_of_crm(part, right):
    _choice_teaches(getattr(ch01.q13, part), right)
    assert ch01.q13.a.options == {"A": ("价值收益", "value gains"), "B": ("品牌收益", "brand gains"),
                                  "C": ("关系收益", "relationship gains")}


def test_what_crm_does_and_online_consumers():
    _choice_teaches(ch01.q15, "B")
    _choice_teaches(ch01.q14, "D")


def test_the_case_discussion_is_a_reflection_with_model_points():
    assert ch01.q16.evaluate("太短").status == NOT_ATTEMPTED
    assert ch01.q16.evaluate("注册用户不等于客户，要看活跃、会再买的客户；个人信息不能随便转卖给别人。").status == UNGRADED
    zh, en = ch01.q16.solution_text
    assert "个人信息保护法" in zh and "Personal Information" in en
