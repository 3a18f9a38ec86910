"""Lesson 00b exercises (the pandas on-ramp): right answers pass, each usual slip gets its
named diagnosis, error messages a student sees are explained, hints never give the answer.

The checks run on a student's shop with a few edge cases added (conftest's ``edge_shop``),
so that every slip gives a different answer from the right one.
"""

from __future__ import annotations

import ast
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import crmlab  # noqa: E402
from crmlab import session  # noqa: E402
from crmlab.exercises import CORRECT, INCORRECT, NOT_ATTEMPTED, pandas_basics as pb  # noqa: E402
from crmlab.exercises._errors import EXPLANATIONS, explain, previous_cell_note  # noqa: E402
from crmlab.schema import label  # noqa: E402
from crmlab.shop import Shop  # noqa: E402


def _parts(q):
    return list(q._parts.values()) if getattr(q, "_parts", None) else [q]


QUESTIONS = [p for name in pb.__all__ if name.startswith("q") for p in _parts(getattr(pb, name))]


@pytest.fixture(scope="module")
def edge(edge_shop):
    """The session's shop is the student's shop with the edge cases (see conftest.edge_shop)."""
    session.reset()
    crmlab.set_locale("zh")
    crmlab.setup(student_id="2024016")
    session._state["shop"] = edge_shop
    yield edge_shop
    session.reset()
    crmlab.set_locale("zh")


@pytest.fixture
def ns(edge):
    plt.close("all")
    yield {"shop": edge, "pd": pd, "np": np, "o": edge.orders,
           "paid": edge.orders[edge.orders["payment_status"] == "paid"], "END": pd.Timestamp(edge.meta["end"]),
           "t": edge.service_tickets["created_time"], "crmlab": crmlab,
           # the lesson's worked examples that its solution cells go on from
           "orders": edge.orders, "stop": pd.Timestamp(edge.meta["end"]) + pd.Timedelta(days=1), "label": label,
           "ZH": True}
    plt.close("all")


def _run(code, ns, var):
    if var == "products" and "products = " not in code:  # q4.b goes on from q4.a
        exec(pb.q4.a.solution_code, ns)
    exec(code, ns)
    return ns[var]


# -- right answers ----------------------------------------------------------------------------------
@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_model_solution_passes(q, ns):
    fb = q.evaluate(_run(q.solution_code, ns, q.var))
    assert fb.status == CORRECT, fb.text()


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_blank_gets_a_nudge(q, edge):
    fb = q.evaluate(pb.____)
    assert fb.status == NOT_ATTEMPTED and q.var in fb.text()


def test_a_table_still_being_filled_in_gets_a_nudge(ns):
    products = ns["shop"].products.copy()
    products["margin"] = pb.____
    products["margin_rate"] = pb.____
    assert pb.q4.a.evaluate(products).status == NOT_ATTEMPTED
    exec(pb.q4.a.solution_code, ns)
    ns["products"]["price_band"] = pb.____
    assert pb.q4.b.evaluate(ns["products"]).status == NOT_ATTEMPTED
    assert pb.q4.a.evaluate(ns["products"]).status == CORRECT  # another part's blank is not this part's


ALTERNATIVES = {
    "q1.a": ["reviews_shape = (len(shop.reviews), len(shop.reviews.columns))"],
    "q2.a": ["paid_orders = shop.orders.query('payment_status == \"paid\"')",
             "paid_orders = shop.orders[shop.orders['payment_status'].isin(['paid'])]"],
    "q2.b": ["big_paid = o.query('payment_status == \"paid\" and amount >= 300')",
             "big_paid = paid[paid['amount'] >= 300][['order_id', 'customer_id', 'amount', 'payment_status']]"],
    "q3": ["top_paid = paid.nlargest(10, 'amount')"],
    "q5.a": ["n_nov_tickets = int((t.dt.to_period('M') == '2024-11').sum())",
             "n_nov_tickets = len(t[(t >= '2024-11-01') & (t < '2024-12-01')])"],
    "q5.b": ["n_recent_tickets = int((t.dt.normalize() > END - pd.Timedelta(days=30)).sum())",
             "n_recent_tickets = len(t[t >= END - pd.Timedelta(days=29)])"],
    "q6.a": ["n_buyers = len(paid.groupby('customer_id'))", "n_buyers = paid.groupby('customer_id').ngroups"],
    "q6.b": ["channel_sales = paid.groupby('channel').agg(n_orders=('order_id', 'count'), "
             "sales=('amount', 'sum')).sort_values('sales', ascending=False)"],
    "q7": ["per = paid.groupby('customer_id').agg(n_orders=('order_id', 'size'), sales=('amount', 'sum'))\n"
           "customer_sales = shop.customers.merge(per, on='customer_id', how='left').fillna(0)"],
    "q8": ["from crmlab.schema import label\n"
           "c = shop.customers['acquisition_channel'].map(lambda x: label('acquisition_channel', x)).value_counts()\n"
           "ax = c.sort_values().plot.barh(title='各渠道客户数')\nax.set_xlabel('客户数')\nax.set_ylabel('')"],
}


@pytest.mark.parametrize("name,code", [(k, c) for k, cs in ALTERNATIVES.items() for c in cs])
def test_other_right_ways_pass(name, code, ns):
    q = next(q for q in QUESTIONS if q.name == name)
    fb = q.evaluate(_run(code, ns, q.var))
    assert fb.status == CORRECT, fb.text()


# -- each slip, named -----------------------------------------------------------------------------------
SLIPS = [
    ("q1.a", "shape_swapped", "reviews_shape = (shop.reviews.shape[1], shop.reviews.shape[0])"),
    ("q1.a", "rows_only", "reviews_shape = len(shop.reviews)"),
    ("q1.b", "rating_not_sentiment", "sentiment_col = 'rating'"),
    ("q2.a", "mask_not_rows", "paid_orders = o['payment_status'] == 'paid'"),
    ("q2.a", "no_rows_left", "paid_orders = o[o['payment_status'] == 'Paid']"),
    ("q2.a", "unpaid_kept", "paid_orders = shop.orders"),
    ("q2.a", "filter_reversed", "paid_orders = o[o['payment_status'] != 'paid']"),
    ("q2.b", "mask_not_rows", "big_paid = (o['payment_status'] == 'paid') & (o['amount'] >= 300)"),
    ("q2.b", "no_rows_left", "big_paid = o[(o['payment_status'] == '已支付') & (o['amount'] >= 300)]"),
    ("q2.b", "unpaid_kept", "big_paid = o[o['amount'] >= 300]"),
    ("q2.b", "or_not_and", "big_paid = o[(o['payment_status'] == 'paid') | (o['amount'] >= 300)]"),
    ("q2.b", "strict_inequality", "big_paid = o[(o['payment_status'] == 'paid') & (o['amount'] > 300)]"),
    ("q3", "smallest_taken", "top_paid = paid.sort_values('amount').head(10)"),
    ("q3", "sorted_ascending", "top_paid = paid.sort_values('amount', ascending=False).head(10).sort_values('amount')"),
    ("q3", "not_top_n", "top_paid = paid.sort_values('amount', ascending=False)"),
    ("q3", "unpaid_kept", "top_paid = o.sort_values('amount', ascending=False).head(10)"),
    ("q4.a", "margin_reversed", "products = shop.products.copy()\nproducts['margin'] = products['cost'] - "
                                "products['price']\nproducts['margin_rate'] = products['margin'] / products['price']"),
    ("q4.a", "rate_in_percent", "products = shop.products.copy()\nproducts['margin'] = products['price'] - "
                                "products['cost']\nproducts['margin_rate'] = products['margin'] / products['price'] "
                                "* 100"),
    ("q4.a", "markup_not_margin", "products = shop.products.copy()\nproducts['margin'] = products['price'] - "
                                  "products['cost']\nproducts['margin_rate'] = products['margin'] / products['cost']"),
    ("q4.b", "where_swapped", "products = shop.products.copy()\n"
                              "products['price_band'] = np.where(products['price'] >= 200, 'low', 'high')"),
    ("q4.b", "strict_inequality", "products = shop.products.copy()\n"
                                  "products['price_band'] = np.where(products['price'] > 200, 'high', 'low')"),
    ("q5.a", "month_without_year", "n_nov_tickets = (t.dt.month == 11).sum()"),
    ("q5.a", "last_day_dropped", "n_nov_tickets = ((t >= '2024-11-01') & (t <= '2024-11-30')).sum()"),
    ("q5.b", "window_one_day_long", "n_recent_tickets = (t >= END - pd.Timedelta(days=30)).sum()"),
    ("q5.b", "last_day_dropped", "n_recent_tickets = ((t >= END - pd.Timedelta(days=29)) & (t <= END)).sum()"),
    ("q5.b", "window_shifted", "n_recent_tickets = ((t >= END - pd.Timedelta(days=30)) & (t <= END)).sum()"),
    ("q6.a", "groupby_object", "n_buyers = paid.groupby('customer_id')"),
    ("q6.a", "rows_not_groups", "n_buyers = len(paid)"),
    ("q6.a", "rows_not_groups", "n_buyers = paid.groupby('customer_id').size().sum()"),
    ("q6.a", "unpaid_kept", "n_buyers = o['customer_id'].nunique()"),
    ("q6.a", "all_customers", "n_buyers = len(shop.customers)"),
    ("q6.b", "counted_not_summed", "channel_sales = paid.groupby('channel').agg(n_orders=('order_id', 'size'), "
                                   "sales=('amount', 'count')).sort_values('sales', ascending=False)"),
    ("q6.b", "unpaid_kept", "channel_sales = o.groupby('channel').agg(n_orders=('order_id', 'size'), "
                            "sales=('amount', 'sum')).sort_values('sales', ascending=False)"),
    ("q6.b", "mean_not_sum", "channel_sales = paid.groupby('channel').agg(n_orders=('order_id', 'size'), "
                             "sales=('amount', 'mean')).sort_values('sales', ascending=False)"),
    ("q6.b", "sorted_ascending", "channel_sales = paid.groupby('channel').agg(n_orders=('order_id', 'size'), "
                                 "sales=('amount', 'sum')).sort_values('sales')"),
    ("q7", "rows_multiplied", "customer_sales = shop.customers[['customer_id', 'member_tier']].merge("
                              "paid[['customer_id', 'order_id', 'amount']], on='customer_id', how='left')"
                              ".rename(columns={'amount': 'sales'}).assign(n_orders=1).fillna(0)"),
    ("q7", "nan_not_filled", "per = paid.groupby('customer_id').agg(n_orders=('order_id', 'size'), "
                             "sales=('amount', 'sum'))\ncustomer_sales = shop.customers[['customer_id', "
                             "'member_tier']].merge(per, on='customer_id', how='left')"),
    ("q7", "inner_join", "per = paid.groupby('customer_id').agg(n_orders=('order_id', 'size'), "
                         "sales=('amount', 'sum'))\ncustomer_sales = shop.customers[['customer_id', "
                         "'member_tier']].merge(per, on='customer_id')"),
    ("q7", "unpaid_kept", "per = o.groupby('customer_id').agg(n_orders=('order_id', 'size'), "
                          "sales=('amount', 'sum'))\ncustomer_sales = shop.customers[['customer_id', "
                          "'member_tier']].merge(per, on='customer_id', how='left').fillna(0)"),
]


@pytest.mark.parametrize("name,code,snippet", SLIPS, ids=[f"{n}-{c}" for n, c, _ in SLIPS])
def test_each_slip_gets_its_named_diagnosis(name, code, snippet, ns):
    q = next(q for q in QUESTIONS if q.name == name)
    fb = q.evaluate(_run(snippet, ns, q.var))
    assert fb.status == INCORRECT, (name, code, fb.text())
    assert fb.mistake == code, (name, code, fb.mistake, fb.text())
    mistake = next(m for m in q.mistakes if m.code == code)
    assert mistake.zh in fb.text("zh") and mistake.en in fb.text("en")


def test_every_catalogued_slip_is_tested():
    tested = {(n, c) for n, c, _ in SLIPS}
    catalogue = {(q.name, m.code) for q in QUESTIONS for m in q.mistakes}
    assert catalogue == tested


def test_a_named_slip_still_shows_what_differs(ns):
    fb = pb.q7.evaluate(_run(dict((c, s) for n, c, s in SLIPS if n == "q7")["nan_not_filled"], ns,
                             "customer_sales"))
    assert "fillna" in fb.text("zh") and "n_orders" in fb.text("zh")  # the diagnosis, then compare_tables' detail
    fb = pb.q7.evaluate(_run(dict((c, s) for n, c, s in SLIPS if n == "q7")["rows_multiplied"], ns,
                             "customer_sales"))
    assert f"{len(ns['shop'].customers)} 行" in fb.text("zh")


def test_top_orders_with_ties_at_the_cut(ns, edge, monkeypatch):
    """Orders of equal amount at the tenth place may be picked either way."""
    o = edge.orders.copy()
    paid_idx = o.index[o["payment_status"] == "paid"]
    top = o.loc[paid_idx].sort_values("amount", ascending=False).index
    o.loc[top[10], "amount"] = o.loc[top[9], "amount"]  # the 10th and 11th tie
    tied = Shop({**dict(edge.items()), "orders": o}, edge.meta)
    monkeypatch.setitem(session._state, "shop", tied)
    paid = o[o["payment_status"] == "paid"]
    other = paid.sort_values("amount", ascending=False).head(11).drop(top[9])
    assert pb.q3.evaluate(other).status == CORRECT
    assert pb.q3.evaluate(other.iloc[::-1]).mistake == "sorted_ascending"


# -- the chart --------------------------------------------------------------------------------------------
def _chart(ns, *, codes=False, title=True, counts=None, lang="zh"):
    from crmlab.schema import label

    c = counts if counts is not None else ns["shop"].customers["acquisition_channel"].value_counts()
    if not codes:
        c = c.rename(index=lambda x: label("acquisition_channel", x, lang))
    ax = c.plot.bar(ax=plt.figure().gca())
    if title:
        ax.set_title("各获客渠道的客户数" if lang == "zh" else "customers per channel")
    ax.set_ylabel("客户数" if lang == "zh" else "customers")
    return ax


def test_chart_rules(ns):
    assert pb.q8.evaluate(_chart(ns)).status == CORRECT
    crmlab.set_locale("en")
    try:
        assert pb.q8.evaluate(_chart(ns, lang="en")).status == CORRECT
        fb = pb.q8.evaluate(_chart(ns, lang="zh"))  # Chinese text in an English notebook
        assert fb.status == INCORRECT and "✘ every text in the notebook's language" in fb.text("en")
    finally:
        crmlab.set_locale("zh")
    fb = pb.q8.evaluate(_chart(ns, codes=True))
    assert fb.status == INCORRECT and "✘ 图上的文字都用笔记本的语言" in fb.text("zh") and "referral" in fb.text("zh")
    fb = pb.q8.evaluate(_chart(ns, title=False))
    assert "✘ 有标题" in fb.text("zh")
    wrong = ns["shop"].orders.merge(ns["shop"].customers, on="customer_id")["acquisition_channel"].value_counts()
    fb = pb.q8.evaluate(_chart(ns, counts=wrong))
    assert "✘ 每个渠道一根柱子" in fb.text("zh")
    fb = pb.q8.evaluate(_chart(ns).figure)
    assert "Figure" in fb.text("zh") and fb.status == INCORRECT
    assert pb.q8.evaluate(None).status == NOT_ATTEMPTED


# -- error messages a student sees -------------------------------------------------------------------
ERRORS = [
    ("and_not_ampersand", "o[(o['payment_status'] == 'paid') and (o['amount'] >= 300)]"),
    ("and_not_ampersand", "o[o['amount'] > 300 & o['items'] > 2]"),
    ("missing_parentheses", "o[o['payment_status'] == 'paid' & o['amount'] >= 300]"),
    ("missing_parentheses", "o[o['amount'] >= 300 & o['payment_status'] == 'paid']"),
    ("assign_not_compare", "o[o['payment_status'] = 'paid']"),
    ("assign_not_compare", "o.query(\"payment_status = 'paid'\")"),
    ("attribute_called", "shop.reviews.shape()"),
    ("method_indexed", "o.head[5]"),
    ("missing_column", "o['Amount']"),
    ("missing_column", "o.groupby('channel')['Amount'].sum()"),
    ("dt_on_text", "o['channel'].dt.month"),
    ("timestamp_plus_number", "END - 30"),
    ("isin_needs_list", "o['channel'].isin('app')"),
    ("sort_without_column", "o.sort_values()"),
    ("agg_needs_pairs", "o.groupby('channel').agg(sales=('amount'))"),
    ("merge_key_types", "shop.customers.merge(o.astype({'customer_id': str}), on='customer_id')"),
    ("merge_without_key", "o.merge(shop.products)"),
    ("lowercase_true", "o.sort_values('amount', ascending=false)"),
    ("undefined_name", "paid_ordres.head()"),
]


def _raise(code, ns):
    try:
        exec(compile(code, "<cell>", "exec"), dict(ns))
    except Exception as exc:  # noqa: BLE001 - the error the student would see
        return exc
    raise AssertionError(f"no error: {code}")


@pytest.mark.parametrize("code,snippet", ERRORS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(ERRORS)])
def test_error_a_student_sees_is_explained(code, snippet, ns):
    exc = _raise(snippet, ns)
    found = explain(exc)
    assert found is not None and found[0] == code, (type(exc).__name__, str(exc), found)
    assert found[1].zh and found[1].en and "{0}" not in found[1].zh


def test_every_explanation_is_tested():
    assert {e.code for e in EXPLANATIONS} == {c for c, _ in ERRORS}


def test_unknown_errors_are_not_explained():
    assert explain(ZeroDivisionError("division by zero")) is None and explain(None) is None


class _Result:
    def __init__(self, exc):
        self.success = exc is None
        self.error_before_exec = exc if isinstance(exc, SyntaxError) else None
        self.error_in_exec = None if isinstance(exc, SyntaxError) else exc


def test_check_explains_the_error_of_the_cell_before(ns, monkeypatch):
    """A cell fails with `and`; big_paid stays undefined; q2.b.check() says why."""
    import IPython

    exc = _raise(ERRORS[0][1], ns)
    shell = type("Shell", (), {"last_execution_result": _Result(exc)})()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    note = previous_cell_note()
    assert "The truth value of a Series is ambiguous" in note.en and "`&`" in note.zh
    fb = pb.q2.b.evaluate()  # nothing to read: not attempted, and the error explained
    assert fb.status == NOT_ATTEMPTED and "上一个单元格报错了" in fb.text("zh") and "`&`" in fb.text("zh")
    fb = pb.q2.b.evaluate(ns["o"])  # an old answer is still there: wrong, and the error explained
    assert fb.status == INCORRECT and "The cell before this one failed" in fb.text("en")
    shell.last_execution_result = _Result(None)
    assert not pb.q2.b.evaluate(ns["o"]).text("zh").count("上一个单元格")


def test_explain_error_reads_the_last_error(ns, monkeypatch, capsys):
    import sys

    monkeypatch.setattr(sys, "last_value", _raise("shop.reviews.shape()", ns), raising=False)
    pb.explain_error()
    out = capsys.readouterr().out
    assert "TypeError: 'tuple' object is not callable" in out and "df.shape" in out
    pb.explain_error(ZeroDivisionError("division by zero"))
    assert "---->" in capsys.readouterr().out


# -- hints ----------------------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("'", '"')


def _answer_expressions(q) -> list[str]:
    """The right-hand sides that assign the question's variable (or a column of it)."""
    out = []
    for node in ast.walk(ast.parse(q.solution_code)):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                base = target.value if isinstance(target, ast.Subscript) else target
                if isinstance(base, ast.Name) and base.id == q.var:
                    out.append(_norm(ast.unparse(node.value)))
    return out


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_hints_go_from_a_nudge_to_an_example_and_never_give_the_answer(q):
    assert len(q.hints) == 3, "a nudge, the method, a worked example on other data"
    answers = _answer_expressions(q)
    assert answers, q.name
    for zh, en in q.hints:
        for text in (zh, en):
            hint = _norm(text)
            assert _norm(q.solution_code) not in hint
            for expr in answers:
                assert expr not in hint, (q.name, expr, text)
    assert "`" not in q.hints[0][0], "the first hint is a nudge in words"


def test_mistake_messages_are_sentences():
    for q in QUESTIONS:
        for m in q.mistakes:
            zh, en = m.message()
            assert zh.startswith("看起来你") and en.startswith("It looks like you")
            assert not re.search(r"[\u4e00-\u9fff]", en), (q.name, m.code)


@pytest.mark.slow
def test_in_a_kernel_check_explains_the_failed_cell_before(tmp_path):
    """The real thing: a cell fails with `and`, the next cell's check says why."""
    import nbformat
    from nbclient import NotebookClient

    cells = ["import crmlab\nshop = crmlab.setup(locale='zh')\nfrom crmlab.exercises.pandas_basics import *\n"
             "orders = shop.orders",
             "big_paid = orders[(orders['payment_status'] == 'paid') and (orders['amount'] >= 300)]",
             "q2.b.check()",
             "big_paid = orders[orders['payment_status'] == 'paid' & orders['amount'] >= 300]",
             "explain_error()",
             "big_paid = orders[orders['payment_status'] = 'paid']",
             "q2.b.check()"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    def text(i):
        return "".join(str(o.get("data", {}).get("text/markdown", "")) + o.get("text", "")
                       for o in nb.cells[i].outputs)

    assert nb.cells[1].outputs[0].ename == "ValueError"
    assert "✏️" in text(2) and "上一个单元格报错了" in text(2) and "`&`" in text(2)
    assert "Cannot perform 'rand_'" in text(4) and "括号" in text(4)
    assert "上一个单元格报错了" in text(6) and "两个 `==`" in text(6)
