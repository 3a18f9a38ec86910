"""Chapter 3 exercises: every model solution passes on a student's own shop, typical
wrong answers fail with a helpful message."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import session
from crmlab.analysis.quality import (find_duplicates, messy_customer_records, normalize_phone,
                                     normalize_province)
from crmlab.exercises import CORRECT, INCORRECT, NOT_ATTEMPTED, UNGRADED, ____
from crmlab.exercises import customer_information as ch03
from crmlab.exercises.customer_information import RAW_SEED


@pytest.fixture(scope="module")
def ns():
    session.reset()
    crmlab.set_locale("zh")
    shop = crmlab.setup(student_id="2024011")
    env = {"shop": shop, "pd": pd, "np": np, "paid": shop.orders[shop.orders["payment_status"] == "paid"],
           "raw": messy_customer_records(shop, random_state=RAW_SEED).records, "normalize_phone": normalize_phone,
           "normalize_province": normalize_province, "find_duplicates": find_duplicates}
    yield env
    session.reset()


def _solved(ns):
    out = {}
    for name in [n for n in ch03.__all__ if n.startswith("q")]:
        q = getattr(ch03, name)
        for part in (list(q._parts.values()) if getattr(q, "_parts", None) else [q]):
            if part.solution_code:
                exec(part.solution_code, ns)
            out[part.name] = part.evaluate(ns.get(part.var))
    return out


def test_solutions_pass(ns):
    env = dict(ns)  # the lesson's worked example before q5: the records cleaned by the library
    env["clean"] = env["raw"].assign(phone=normalize_phone(env["raw"]["phone"]),
                                     province=normalize_province(env["raw"]["province"]))
    fb = _solved(env)
    assert {k: f.status for k, f in fb.items() if f.status != CORRECT} == {"q8": UNGRADED, "q11": UNGRADED}


def test_card_matches_a_plain_pandas_card(ns):
    shop, paid = ns["shop"], ns["paid"]
    best = paid.groupby("customer_id")["amount"].sum().idxmax()
    card = ch03.q3.expected(shop).iloc[0]
    mine = paid[paid["customer_id"] == best]
    assert card["customer_id"] == best and card["n_orders"] == len(mine)
    assert card["total_spent"] == pytest.approx(mine["amount"].sum())
    assert card["last_order"] == mine["order_time"].max()
    assert card["n_complaints"] == (shop.complaints["customer_id"] == best).sum()
    items = shop.order_items[shop.order_items["order_id"].isin(mine["order_id"])].merge(shop.products, on="product_id")
    assert card["favourite_category"] == items.groupby("category")["line_amount"].sum().idxmax()
    # every customer's card: customers without orders have zeros, not gaps
    cards = ch03.profile_cards(shop)
    assert len(cards) == len(shop.customers) and cards["n_orders"].notna().all()


def test_wrong_answers(ns):
    shop, raw = ns["shop"], ns["raw"]
    assert ch03.q1.evaluate("ABC").status == INCORRECT
    assert ch03.q1.evaluate("ED").status == CORRECT
    assert ch03.q2.evaluate("D").status == INCORRECT
    # a card of the customer with the most orders instead of the most spend
    cards = ch03.profile_cards(shop)
    top_orders = cards.sort_values(["n_orders", "total_spent"], ascending=False).head(1)
    if top_orders["customer_id"].iloc[0] != ch03.best_customer(shop):
        fb = ch03.q3.evaluate(top_orders)
        assert fb.status == INCORRECT and "customer_id" in fb.text()

    def strip_only(phones):  # forgets the +86 prefix and full-width digits
        s = phones.str.replace(" ", "").str.replace("-", "")
        return s.where(s.str.len() == 11)

    fb = ch03.q4.evaluate(strip_only)
    assert fb.status == INCORRECT and "strip_only" in fb.text()
    fb = ch03.q4.evaluate(lambda phones: phones.tolist())
    assert fb.status == INCORRECT and "Series" in fb.text()
    # every missing phone counted as bad
    assert ch03.q5.a.evaluate(int(normalize_phone(raw["phone"]).isna().sum())).status == INCORRECT
    # deduplicating on raw phones only counts far too many people
    fb = ch03.q5.b.evaluate(int(find_duplicates(raw, rules=[["phone"]]).nunique()))
    assert fb.status == INCORRECT and "标准化" in fb.text()
    # the truth within 2% passes; the raw row count does not
    n_true = len(shop.customers)
    assert ch03.q5.b.evaluate(round(n_true * 1.015)).status == CORRECT
    assert ch03.q5.b.evaluate(len(raw)).status == INCORRECT


def test_schema_rules(ns):
    q = ch03.q6
    exec(q.solution_code, ns)
    good = ns["schema_sql"]
    assert q.evaluate(good).status == CORRECT
    no_check = good.replace("CHECK (age BETWEEN 0 AND 120)", "")
    fb = q.evaluate(no_check)
    assert fb.status == INCORRECT and "CHECK" in fb.text() and fb.text().count("✘") == 1
    no_unique = good.replace("UNIQUE ", "")
    fb = q.evaluate(no_unique)
    assert fb.status == INCORRECT and "UNIQUE" in fb.text()
    no_fk = good.replace("REFERENCES customers(customer_id)", "", 1)
    fb = q.evaluate(no_fk)
    assert fb.status == INCORRECT and fb.text().count("✘") == 2  # declared key and enforcement
    fb = q.evaluate("CREATE TABLE customers (oops")
    assert fb.status == INCORRECT and "SQLite" in fb.text()


def test_persona_vs_pandas(ns):
    shop, paid = ns["shop"], ns["paid"]
    p = ch03.persona(shop).set_index("member_tier")
    assert p["customers"].sum() == len(shop.customers)
    gold = shop.customers[shop.customers["member_tier"] == "regular"]
    assert p.loc["regular", "mean_age"] == pytest.approx(gold["age"].mean())
    spend = paid.groupby("customer_id")["amount"].sum().reindex(gold["customer_id"]).fillna(0)
    assert p.loc["regular", "avg_spend"] == pytest.approx(spend.mean())
    wrong = p.reset_index().assign(avg_spend=lambda d: d["avg_spend"] * 1.2)
    fb = ch03.q7.evaluate(wrong)
    assert fb.status == INCORRECT and "avg_spend" in fb.text()


def test_schema_rules_tick_only_what_they_verified():
    """A schema with no age column and no foreign keys: the CHECK and foreign-key rules are
    not ticked because some other error refused the test row, and the student reads what
    is missing, not SQLite's internal message."""
    q = ch03.q6
    schema = """
    CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name TEXT NOT NULL, phone TEXT UNIQUE,
                            province TEXT);
    CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER, order_time TEXT,
                         amount REAL CHECK (amount >= 0));
    CREATE TABLE contacts (contact_id INTEGER PRIMARY KEY, customer_id INTEGER, contact_time TEXT, channel TEXT);
    """
    text = q.evaluate(schema).text()
    lines = {line for line in text.splitlines() if "✔" in line or "✘" in line}
    ticked = [line for line in lines if "✔" in line]
    assert not any("CHECK" in line and "0–120" in line for line in ticked), text
    assert not any("外键生效" in line or "(foreign key)" in line for line in ticked), text
    assert "has no column named" not in text, text
    assert "没有列 age" in text or "no column age" in text, text
    # a NOT NULL province is a legitimate design: the test rows give every column a value
    strict = ch03.q6.evaluate(_solution_schema().replace("province TEXT", "province TEXT NOT NULL"))
    assert strict.status == CORRECT, strict.text()


def _solution_schema():
    ns = {}
    exec(ch03.q6.solution_code, ns)
    return ns["schema_sql"]


# -- the ways of collecting, the four kinds of analysis, the case --------------------------------------------
def _choice_teaches(q, right):
    """The right letter passes; every wrong letter fails and shows its own explanation, in both languages."""
    assert q.evaluate(right).status == CORRECT
    assert q.evaluate(____).status == NOT_ATTEMPTED
    for letter in q.options:
        if letter != right:
            fb = q.evaluate(letter)
            zh, en = q.explain(letter)
            assert fb.status == INCORRECT and zh in fb.text("zh") and en in fb.text("en"), (q.name, letter)


@pytest.mark.parametrize("part, right", [("a", "A"), ("b", "B"), ("c", "D")])
def test_ways_of_collecting_customer_information(part, right):
    q = getattr(ch03.q9, part)
    assert [zh for zh, _ in q.options.values()] == ["统计资料法", "观察法", "会议现场收集法", "多向沟通法", "网络收集法",
                                                    "数据库收集法"]
    _choice_teaches(q, right)


@pytest.mark.parametrize("part, right", [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")])
def test_the_four_kinds_of_customer_information_analysis(part, right):
    q = getattr(ch03.q10, part)
    assert [zh for zh, _ in q.options.values()] == ["客户商业行为分析", "客户特征分析", "客户忠诚分析", "客户价值分析"]
    _choice_teaches(q, right)


def test_case_discussion():
    assert ch03.q11.evaluate("太短了").status == NOT_ATTEMPTED
    zh, en = ch03.q11.solution_text
    assert "CHECK" in zh and "CHECK" in en
