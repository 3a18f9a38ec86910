"""Self-checked exercises: session, question kinds, diagnostics, chapter 1, languages."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import crmlab
from crmlab import session
from crmlab.exercises import (CORRECT, INCORRECT, NOT_ATTEMPTED, UNGRADED, Incorrect, compare_tables,
                              compare_values)
from crmlab.exercises import crm_and_scrm as ch01
from crmlab.exercises import sqlite_keys


@pytest.fixture(autouse=True)
def _zh():
    crmlab.set_locale("zh")
    yield
    crmlab.set_locale("zh")


@pytest.fixture(scope="module")
def shop_a():
    session.reset()
    return crmlab.setup(student_id="2024001")


def _setup(sid):
    return crmlab.setup(student_id=sid)


# -- session ------------------------------------------------------------------------------
def test_setup_student_shop_is_seeded_by_id(shop_a):
    assert shop_a.meta["seed"] == crmlab.student_seed("2024001")
    assert len(shop_a.customers) == 500
    assert crmlab.get_shop() is shop_a
    assert session.session_info()["source"] == "self-study"


def test_setup_env_var_and_dataset(monkeypatch):
    session.reset()
    monkeypatch.delenv("CRMLAB_STUDENT_ID", raising=False)
    s = crmlab.setup()
    assert session.session_info()["source"] == "dataset" and s.meta["seed"] == 20230901
    monkeypatch.setenv("CRMLAB_STUDENT_ID", "2024009")
    s = crmlab.setup()
    assert s.meta["seed"] == crmlab.student_seed("2024009")
    session.reset()


def test_setup_sets_locale_and_rejects_bad_args():
    session.reset()
    crmlab.setup(student_id="x1", locale="en", n_customers=100)
    assert crmlab.get_locale() == "en"
    with pytest.raises(ValueError):
        crmlab.setup(student_id="  ")
    with pytest.raises(ValueError):
        crmlab.setup(student_id="x1", n_customers=0)
    with pytest.raises(ValueError):
        crmlab.setup(dataset="nope")
    session.reset()


# -- comparisons -----------------------------------------------------------------------------
@pytest.mark.parametrize("actual, expected, words", [
    (1234.5, 12.345, "100"),
    (0.5, 50.0, "100"),
    (-3.0, 3.0, "符号"),
    ("12.5", 12.5, "字符串"),
    (pd.Series([3.0]), 3.0, ".item()"),
    (24.0, 12.0, "2 倍"),
])
def test_value_diagnostics(actual, expected, words):
    with pytest.raises(Incorrect) as e:
        compare_values(actual, expected, name="x")
    assert words in e.value.message.zh


def test_value_tolerance():
    compare_values(1.0 + 1e-9, 1.0)
    compare_values(float("nan"), float("nan"))
    compare_values({"a": 1, "b": [1, 2.0]}, {"a": 1, "b": [1, 2.0000000001]})


def test_table_diagnostics():
    exp = pd.DataFrame({"customer_id": [3, 1, 2], "n": [5, 3, 1], "v": [10.0, 6.0, 2.0]})
    compare_tables(exp.sample(frac=1, random_state=1), exp, key="customer_id")  # row order free
    compare_tables(exp[["v", "n", "customer_id"]], exp, key="customer_id")      # column order free
    compare_tables(exp.set_index("customer_id"), exp, key="customer_id")        # key in index
    cases = [
        (exp.drop(columns="v"), "缺少列"),
        (exp.iloc[:2], "行太少"),
        (pd.concat([exp, exp.iloc[:1]]), "行太多"),
        (exp.sort_values("n"), "排序"),
        (exp.assign(v=exp.v * 100), "100 倍"),
        (exp.assign(n=[5, 4, 1]), "customer_id 1"),
        (exp["n"], "Series"),
        ([1, 2], "DataFrame"),
    ]
    for bad, words in cases:
        with pytest.raises(Incorrect) as e:
            compare_tables(bad, exp, key="customer_id", sort_by="n", ascending=False, name="t")
        assert words in e.value.message.zh, (words, e.value.message.zh)



def test_table_with_a_boolean_key():
    """Two groups keyed True/False (reminded or not): rows are matched by label, not used as a mask."""
    exp = pd.DataFrame({"reminder_sent": [False, True], "n": [10, 20], "rate": [0.2, 0.45]})
    compare_tables(exp.iloc[::-1], exp, key="reminder_sent")
    compare_tables(exp.set_index("reminder_sent"), exp, key="reminder_sent")
    with pytest.raises(Incorrect) as e:
        compare_tables(exp.assign(rate=[0.2, 0.5]), exp, key="reminder_sent", name="t")
    assert "reminder_sent True" in e.value.message.en

# -- chapter 1 ---------------------------------------------------------------------------------
def test_ch01_binding():
    names = ch01.__all__
    assert names[:8] == [f"q{i}" for i in range(1, 9)] and "____" in names
    assert ch01.q3.a.name == "q3.a" and ch01.q6.c.name == "q6.c"
    kinds = {type(q).__mro__[1].__name__ for q in (ch01.q1, ch01.q3.a, ch01.q4, ch01.q5, ch01.q7, ch01.q8)}
    assert kinds == {"ValueQuestion", "TableQuestion", "FunctionQuestion", "ChoiceQuestion", "DesignQuestion",
                     "ReflectionQuestion"}


def test_ch01_reference_answers_against_plain_pandas(shop_a):
    _setup("2024001")
    o = shop_a.orders
    paid = o[o.payment_status == "paid"]
    assert ch01.q2.evaluate(paid.amount.sum()).correct
    ov = ch01.customer_overview(shop_a)
    assert len(ov) == len(shop_a.customers) and ov.total_spent.sum() == pytest.approx(paid.amount.sum())
    assert ov.n_tickets.sum() == len(shop_a.service_tickets)
    counts = paid.customer_id.value_counts()
    assert ch01.repeat_rate(o) == pytest.approx((counts >= 2).sum() / len(counts))
    end = pd.Timestamp("2025-01-01")
    last = paid.groupby("customer_id").order_time.max()
    assert ch01.n_lapsed(shop_a) == int((last < end - pd.Timedelta(days=180)).sum())
    assert ch01.q6.c.evaluate(ch01.n_lapsed(shop_a) * shop_a.customers.acquisition_cost.mean() * 0.8).correct


def test_ch01_every_question_with_right_and_wrong_answers(shop_a):
    _setup("2024001")
    s = shop_a
    right = {
        ch01.q1: len(s.customers), ch01.q3.a: ch01.orders_per_customer(s), ch01.q3.b: ch01.customer_overview(s),
        ch01.q4: ch01.repeat_rate, ch01.q5: ch01.q5.expected(s), ch01.q6.a: s.customers.acquisition_cost.mean(),
        ch01.q6.b: ch01.n_lapsed(s),
    }
    for q, ans in right.items():
        assert q.evaluate(ans).status == CORRECT, (q.name, q.evaluate(ans).text())
    wrong_letter = next(k for k in ch01.CHANNELS if k != ch01.q5.expected(s))
    assert ch01.q5.evaluate(wrong_letter).status == INCORRECT
    assert ch01.q5.evaluate("Z").status == INCORRECT
    assert ch01.q4.evaluate(lambda orders: None).status == INCORRECT
    assert ch01.q4.evaluate(lambda orders: 1 / 0).status == INCORRECT  # a failing function: message, no crash
    assert ch01.q4.evaluate(42).status == INCORRECT
    ns = {}
    exec(ch01.q7.solution_code, ns)
    assert ch01.q7.evaluate(ns["schema_sql"]).correct
    fb = ch01.q7.evaluate("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name TEXT);")
    assert fb.status == INCORRECT and "✘" in fb.text()
    assert ch01.q7.evaluate("CREATE TABLE oops (").status == INCORRECT
    assert ch01.q8.evaluate("短").status == NOT_ATTEMPTED
    assert ch01.q8.evaluate("因为复购率只有百分之二十几，流失客户很多，所以这家店更像被动型关系，需要主动回访。").status == UNGRADED


def test_solutions_in_ch01_are_right(shop_a):
    """Every solution_code shown to students really passes its own check."""
    _setup("2024001")
    ns = {"shop": shop_a, "pd": pd}
    for q in (ch01.q1, ch01.q2, ch01.q3.a, ch01.q3.b1, ch01.q3.b2, ch01.q3.b, ch01.q4, ch01.q6.a, ch01.q6.b):
        exec(q.solution_code, ns)
        assert q.evaluate(ns[q.var]).correct, q.name
    ns["cac"] = shop_a.customers.acquisition_cost.mean()
    exec(ch01.q6.c.solution_code, ns)
    assert ch01.q6.c.evaluate(ns["saving"]).correct


def test_a_classmates_numbers_fail(shop_a):
    _setup("2024001")
    mine_sales = float(ch01.paid_orders(shop_a.orders).amount.sum())
    mine_table = ch01.customer_overview(shop_a)
    _setup("2024002")
    assert ch01.q2.evaluate(mine_sales).status == INCORRECT
    assert ch01.q3.b.evaluate(mine_table).status == INCORRECT
    # the shipped shop's answer is recognised and explained
    classroom = crmlab.load_dataset("classroom")
    fb = ch01.q2.evaluate(float(ch01.paid_orders(classroom.orders).amount.sum()))
    assert fb.status == INCORRECT and "setup" in fb.message.zh
    _setup("2024001")


def test_placeholders_get_a_nudge_not_a_traceback(shop_a):
    from crmlab.exercises import ____

    for blank in (____, None, ...):
        fb = ch01.q1.evaluate(blank)
        assert fb.status == NOT_ATTEMPTED and "____" in fb.text()
    assert ch01.q3.evaluate().status == NOT_ATTEMPTED and "q3.a" in ch01.q3.evaluate().text()


def test_check_reads_the_notebook_variable(shop_a, capsys):
    _setup("2024001")
    n_customers = 500  # noqa: F841 - read by check() from this frame
    ch01.q1.check()
    assert "正确" in capsys.readouterr().out
    del n_customers
    ch01.q2.check()  # paid_sales not defined: a nudge
    assert "paid_sales" in capsys.readouterr().out


def test_messages_follow_the_locale_and_render_as_markdown(shop_a):
    _setup("2024001")
    fb = ch01.q1.evaluate(3)
    crmlab.set_locale("en")
    assert "Not yet" in fb.text() and "does not match" in fb.text()
    assert fb.markdown().startswith('<span style="color:') and "**" in fb.markdown()
    crmlab.set_locale("zh")
    assert "还不对" in fb.text()


def test_hints_and_solution(capsys):
    ch01.q3.b.hint()
    out = capsys.readouterr().out
    assert "1/3" in out and "q3.b.hint(2)" in out
    ch01.q3.b.hint(99)
    assert "3/3" in capsys.readouterr().out
    ch01.q3.b.solution()
    assert "merge" in capsys.readouterr().out


def test_sqlite_keys_helper():
    keys = sqlite_keys("CREATE TABLE c (id TEXT PRIMARY KEY, name TEXT NOT NULL);"
                       "CREATE TABLE o (a INT, b INT, cid TEXT REFERENCES c(id), PRIMARY KEY (a, b));")
    assert keys["c"]["primary_key"] == ["id"] and "name" in keys["c"]["not_null"]
    assert keys["o"]["primary_key"] == ["a", "b"]
    assert keys["o"]["foreign_keys"] == [("cid", "c", "id")]


def test_tolerance_is_relative(shop_a):
    _setup("2024001")
    exp = ch01.q6.a.expected(shop_a)
    assert ch01.q6.a.evaluate(exp * (1 + 1e-8)).correct
    assert not ch01.q6.a.evaluate(math.floor(exp)).correct or exp == math.floor(exp)
