"""Lab L11 (customer service management: inquiry conversion, payment reminders, delivery care,
bad-review handling, a reply script and tiered follow-ups), graded on the real pipeline.

The release leaks nothing (the workspace and the student edition take it from
assignments/release); graded by `crmlab grade autograde` in a
scratch course, the model solution gets every autograded point and the untouched release
none. Five weak students, each making one common mistake, get exactly the expected score,
the feedback names their mistake (the verdict's ``mistake``), and the later task that
builds on the mistaken table keeps its points (no cascade). A hostile student (a patched
checker, its own copy of a lab constant, strs whose == always says True) scores exactly
its honest work, and wrong tables held in a class that says it equals anything score as
their plain twin.

The checks are also run on their own, without a kernel: every table answer attacked
(hostile forms score nothing, honest twins full marks), later steps checked on the
student's own earlier table, answers of the wrong kind.
"""

from __future__ import annotations

import nbformat
import numpy as np
import pandas as pd
import pytest
from support.grading import COURSE, assert_full_zero_partial, grade_lab, release_problems, replace_in_cell

LAB = "L11_customer_service"
FULL = 17.0  # autograded points; the memo (4 points) is graded by hand
MANUAL = ("memo",)


def test_release_is_clean():
    assert release_problems(LAB, secrets=("REFERENCE_REPLY", "非常抱歉这次的购物体验让您失望了",
                                          "ab_test_proportions(unpaid")) == []


def test_checks_cover_every_test_cell_and_the_points_add_up():
    from crmlab.grading.trusted import load_lab_checks

    nb = nbformat.read(str(COURSE / "source" / LAB / f"{LAB}.ipynb"), as_version=4)
    tests = {c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader["points"] for c in nb.cells
             if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}
    assert set(load_lab_checks(COURSE, LAB).checks) == set(tests)
    assert sum(tests.values()) == FULL
    manual = [c for c in nb.cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")]
    assert [c.metadata.nbgrader["grade_id"] for c in manual] == list(MANUAL)
    assert manual[0].metadata.nbgrader["points"] == 4 and "MARK SCHEME" in manual[0].source
    # at least half of the autograded points need the student's own pandas (no crmlab call gives them)
    own_pandas = {"test_inquiry", "test_care_table", "test_handling", "test_followup_table"}
    assert sum(tests[t] for t in own_pandas) >= FULL / 2


def test_every_task_teaches_before_it_asks():
    """Each task's text comes before its answer cell, Chinese first, with three hints."""
    nb = nbformat.read(str(COURSE / "source" / LAB / f"{LAB}.ipynb"), as_version=4)
    tasks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("task")]
    assert len(tasks) == 7
    for c in tasks:
        assert c.source.index("**中文**") < c.source.index("**English**")
    for c in tasks[:6]:
        assert c.source.count("<details>") == 3
        assert "提示 1" in c.source and "提示 3：换一份数据的例子" in c.source


# -- the checks on their own (no kernel): every table answer attacked -----------------------------
# Answers reach the grader as plain data (crmlab.grading.handoff); here they go through the same
# encoding, so a DataFrame subclass that lies about equality arrives as the table it holds.
STUDENT = "2024001"
# table answer: (its test cell, key column, count columns, rate column, share of the cell's points)
TABLES = {
    "inquiry": ("test_inquiry", "band", ("chats", "paid_orders"), "conversion_rate", 1.0),
    "reminder_table": ("test_reminder_table", "reminder_sent", ("unpaid_orders", "paid"), "pay_rate", 1.0),
    "care_table": ("test_care_table", "care", ("reviews", "bad"), "bad_share", 1.0),
    "handling_table": ("test_handling", "handled", ("bad_reviews", "revised"), "revision_rate", 0.5),
    "action_table": ("test_handling", "action", ("bad_reviews", "revised"), "revision_rate", 0.5),
    "followup_table": ("test_followup_table", ["stratum", "channel"], ("followups", "repurchased"), "repurchase_rate",
                       1.0),
}


class _Liar(pd.DataFrame):
    """A table that says it equals anything."""

    def equals(self, other):
        return True

    def __eq__(self, other):
        return pd.DataFrame(True, index=self.index, columns=self.columns)

    __hash__ = object.__hash__


def _rotate(t, col):
    return t.assign(**{col: np.roll(t[col].to_numpy(), 1)})


def _counts_moved(t, n_cols, rate):
    """Two rows trade some of their counts: the totals and the shares' range still look right."""
    n, k = n_cols
    moved = t.copy()
    step = max(1, int(min(moved[k].iloc[0], moved[n].iloc[1] - moved[k].iloc[1]) // 2))
    moved.loc[moved.index[0], k] -= step
    moved.loc[moved.index[1], k] += step
    return moved.assign(**{rate: moved[k] / moved[n]})


def _halved_twice(t, n_cols, rate):
    half = t.assign(**{c: t[c] / 2 for c in n_cols})
    return pd.concat([half, half], ignore_index=True)


def _total_row(t, key, n_cols, rate):
    keys = [key] if isinstance(key, str) else key
    total = {**{k: None if t[k].dtype == bool else "合计" for k in keys}, **{c: t[c].sum() for c in n_cols}}
    total[rate] = total[n_cols[1]] / total[n_cols[0]]
    return pd.concat([t.astype({k: object for k in keys}), pd.DataFrame([total])], ignore_index=True)


# hostile answers: each passes the notebook's visible checks or tries to fool a comparison; all score 0
HOSTILE_TABLES = {
    "rates_rotated": lambda t, key, n_cols, rate: _rotate(t, rate),
    "counts_moved": lambda t, key, n_cols, rate: _counts_moved(t, n_cols, rate),
    "liar_holding_a_wrong_table": lambda t, key, n_cols, rate: _Liar(_rotate(t, rate)),
    "numbers_as_text": lambda t, key, n_cols, rate: t.astype(str),
    "each_row_twice_halved": lambda t, key, n_cols, rate: _halved_twice(t, n_cols, rate),
    "a_total_row": _total_row,
    "rates_missing": lambda t, key, n_cols, rate: t.assign(**{rate: np.nan}),
    "no_rows": lambda t, key, n_cols, rate: t.iloc[0:0],
    "a_column_not_a_table": lambda t, key, n_cols, rate: t[rate],
}
# their honest twins: the same right work in another honest form; all score full marks
HONEST_TABLES = {
    "rows_reordered": lambda t, key, n_cols, rate: t.iloc[::-1],
    "key_as_index": lambda t, key, n_cols, rate: t.set_index(key),
    "more_columns": lambda t, key, n_cols, rate: t.assign(note="自己加的列 / a column of my own"),
    "counts_as_floats": lambda t, key, n_cols, rate: t.astype({c: float for c in n_cols}),
    "liar_holding_the_right_table": lambda t, key, n_cols, rate: _Liar(t),
}


@pytest.fixture(scope="module")
def checks():
    from crmlab.grading.coursedata import student_shop
    from crmlab.grading.trusted import CheckContext, load_lab_checks

    lab = load_lab_checks(COURSE, LAB)
    ctx = CheckContext(None, STUDENT, lab.shop_key, secret=None,
                       shop=student_shop(None, STUDENT, lab.shop_key, secret=None))
    return lab, ctx, lab.reference_answers(ctx)


def _handed_over(value):
    import json

    from crmlab.grading.handoff import decode, encode

    return decode(json.loads(json.dumps(encode(value))))


def _grade(checks, grade_id, **answers):
    """The verdict of one test cell on the model answers with ``answers`` replaced (2 points)."""
    from crmlab.grading.trusted import run_check

    lab, ctx, ref = checks
    given, errors = dict(ref), {}
    for name, value in answers.items():
        try:
            given[name] = _handed_over(value)
        except Exception as exc:  # noqa: BLE001 - as the kernel's handoff reports it
            del given[name]
            errors[name] = {"code": "unconvertible", "detail": f"{type(exc).__name__}: {str(exc)[:300]}"}
    return run_check(lab, grade_id, ctx, {"answers": given, "errors": errors}, 2.0)


@pytest.mark.slow
@pytest.mark.parametrize("attack", list(HOSTILE_TABLES))
@pytest.mark.parametrize("answer", list(TABLES))
def test_a_hostile_table_scores_nothing(checks, answer, attack):
    gid, key, n_cols, rate, share = TABLES[answer]
    table = HOSTILE_TABLES[attack](checks[2][answer], key, n_cols, rate)
    v = _grade(checks, gid, **{answer: table})
    assert v.score == pytest.approx(2.0 * (1 - share)), (v.score, v.en)
    assert v.mistake != "answer_shape", v.en  # a message about the table, not a crash of the check


@pytest.mark.slow
@pytest.mark.parametrize("twin", list(HONEST_TABLES))
@pytest.mark.parametrize("answer", list(TABLES))
def test_an_honest_twin_scores_full_marks(checks, answer, twin):
    gid, key, n_cols, rate, _ = TABLES[answer]
    v = _grade(checks, gid, **{answer: HONEST_TABLES[twin](checks[2][answer], key, n_cols, rate)})
    assert v.score == 2.0, v.en


def _effect(table, key, n, k):
    t = table.set_index(key)
    return float(t.loc[True, k] / t.loc[True, n] - t.loc[False, k] / t.loc[False, n])


def _wald(table, key, n, k):
    t = table.set_index(key)
    p1, p0 = t.loc[True, k] / t.loc[True, n], t.loc[False, k] / t.loc[False, n]
    se = np.sqrt(p1 * (1 - p1) / t.loc[True, n] + p0 * (1 - p0) / t.loc[False, n])
    d = p1 - p0
    return (float(d - 1.959963984540054 * se), float(d + 1.959963984540054 * se))


@pytest.mark.slow
def test_later_steps_are_checked_on_the_students_own_table(checks):
    """No cascade: 2b, 3b and 4b right on a mistaken earlier table keep their points; a later slip
    on that table is still named; a number that fits neither table scores nothing."""
    lab, ctx, ref = checks
    shop = ctx.shop
    o = shop.orders.assign(paid=shop.orders["payment_status"] == "paid")
    all_orders = (o.groupby("reminder_sent")["paid"].agg(unpaid_orders="size", paid="sum").reset_index()
                  .assign(pay_rate=lambda d: d["paid"] / d["unpaid_orders"]))
    lift, ci = _effect(all_orders, "reminder_sent", "unpaid_orders", "paid"), _wald(all_orders, "reminder_sent",
                                                                                   "unpaid_orders", "paid")
    assert abs(lift - ref["reminder_lift"]) > 0.01  # a different table indeed
    assert _grade(checks, "test_reminder_effect", reminder_table=all_orders, reminder_lift=lift,
                  reminder_ci=ci).score == 2.0
    v = _grade(checks, "test_reminder_effect", reminder_table=all_orders, reminder_lift=-lift, reminder_ci=ci)
    assert (v.score, v.mistake) == (1.0, "lift_reversed"), v.en
    v = _grade(checks, "test_reminder_effect", reminder_table=all_orders, reminder_lift=lift + 0.05, reminder_ci=ci)
    assert v.score == 1.0 and v.mistake is None, v.en
    v = _grade(checks, "test_reminder_effect", reminder_lift=lift, reminder_ci=ci)  # the right table, its own numbers
    assert v.score == 0.0, v.en

    bad_orders = shop.reviews.loc[shop.reviews["sentiment"] == "bad", "order_id"]
    per_order = (shop.orders.assign(care=shop.orders["order_id"].isin(shop.care_messages["order_id"]),
                                    bad=shop.orders["order_id"].isin(bad_orders))
                 .groupby("care")["bad"].agg(reviews="size", bad="sum").reset_index()
                 .assign(bad_share=lambda d: d["bad"] / d["reviews"]))
    from crmlab.analysis import ab_test_proportions

    rows = per_order.set_index("care")
    flat = pd.DataFrame({"care": np.repeat([True, False], [rows.loc[True, "reviews"], rows.loc[False, "reviews"]])})
    flat["bad"] = np.concatenate([np.arange(rows.loc[g, "reviews"]) < rows.loc[g, "bad"] for g in (True, False)])
    res = ab_test_proportions(flat, outcome_col="bad", group_col="care", treatment=True, control=False).iloc[0]
    answers = {"care_table": per_order, "care_diff": float(res["difference"]), "care_p_value": float(res["p_value"]),
               "care_significant": bool(res["p_value"] < 0.05)}
    assert _grade(checks, "test_care_test", **answers).score == 2.0
    v = _grade(checks, "test_care_test", **{**answers, "care_diff": -answers["care_diff"]})
    assert (v.score, v.mistake) == (0.0, "diff_reversed"), v.en
    # a care_significant that contradicts the p-value of the student's own table
    v = _grade(checks, "test_care_test", **{**answers, "care_significant": not answers["care_significant"]})
    assert v.score == 0.0, v.en

    rh = shop.review_handling[shop.review_handling["handled"]]
    recent_kept = (rh.groupby("action")["revised"].agg(bad_reviews="size", revised="sum").reset_index()
                   .assign(revision_rate=lambda d: d["revised"] / d["bad_reviews"]))
    own_best = recent_kept.sort_values("revision_rate", ascending=False)["action"].iloc[0]
    assert _grade(checks, "test_best_action", action_table=recent_kept, best_action=own_best).score == 2.0
    worst = recent_kept.sort_values("revision_rate")["action"].iloc[0]
    assert _grade(checks, "test_best_action", action_table=recent_kept, best_action=worst).score == 0.0

    # 6b on a follow-up table without the 30-day window (every later paid order counts)
    paid = shop.orders.loc[shop.orders["payment_status"] == "paid", ["customer_id", "order_time"]]
    fu = shop.followups.merge(paid, on="customer_id", how="left")
    later = (fu["order_time"] > fu["contact_time"]).groupby(fu["followup_id"]).any()
    f = shop.followups.assign(repurchased=shop.followups["followup_id"].map(later))
    no_window = (f.groupby(["stratum", "channel"])
                 .agg(followups=("repurchased", "size"), repurchased=("repurchased", "sum"), cost=("cost", "sum"))
                 .reset_index().assign(repurchase_rate=lambda d: d["repurchased"] / d["followups"]))
    lift = {s: float(g.loc[g["channel"] != "none", "repurchased"].mean()
                     - g.loc[g["channel"] == "none", "repurchased"].mean()) for s, g in f.groupby("stratum")}
    assert abs(lift["vip"] - ref["followup_lift"]["vip"]) > 1e-3
    assert _grade(checks, "test_followup_lift", followup_table=no_window, followup_lift=lift).score == 2.0
    v = _grade(checks, "test_followup_lift", followup_table=no_window, followup_lift={s: -x for s, x in lift.items()})
    assert (v.score, v.mistake) == (0.0, "followup_lift_reversed"), v.en
    assert _grade(checks, "test_followup_lift", followup_lift=lift).score == 0.0  # not what the right table gives


@pytest.mark.slow
@pytest.mark.parametrize("answers", [
    {"reminder_ci": "(0.2, 0.3)"}, {"reminder_ci": (0.3,)}, {"reminder_lift": True}, {"reminder_lift": "0.25"},
    {"reminder_ci": {"low": 0.2, "high": 0.3}},
], ids=["ci_as_text", "ci_one_number", "lift_a_bool", "lift_as_text", "ci_as_dict"])
def test_answers_of_the_wrong_kind_score_nothing_on_2b(checks, answers):
    v = _grade(checks, "test_reminder_effect", **answers)
    assert v.score <= 1.0 and v.mistake != "answer_shape", v.en


@pytest.mark.slow
@pytest.mark.parametrize("answers", [
    {"care_significant": "True"}, {"care_significant": 1}, {"care_p_value": "0.01"}, {"care_p_value": 1.5},
    {"care_diff": "-0.02"}, {"best_action": "Compensation "},
    {"followup_lift": [0.02, 0.03]}, {"followup_lift": {"regular": "0.02", "vip": "0.03"}},
    {"followup_lift": {"regular": 0.02}}, {"followup_lift": {"Regular": 0.02, "VIP": 0.03}},
], ids=["significant_as_text", "significant_as_int", "p_as_text", "p_above_one", "diff_as_text", "action_misspelt",
        "lift_a_list", "lift_as_text", "lift_one_tier", "lift_keys_misspelt"])
def test_values_of_the_wrong_kind_score_nothing(checks, answers):
    gid = {"best_action": "test_best_action", "followup_lift": "test_followup_lift"}.get(next(iter(answers)),
                                                                                         "test_care_test")
    v = _grade(checks, gid, **answers)
    assert v.score == 0.0 and v.mistake != "answer_shape", v.en


# -- weak students: one common mistake each ------------------------------------------------------
def _unpaid_kept(nb):
    # "converted" (an order was placed) taken as the conversion: unpaid orders kept
    replace_in_cell(nb, "inquiry", 'pre = pre.assign(paid=pre["order_id"].isin(paid_ids),',
                    'pre = pre.assign(paid=pre["converted"],')
    return nb, {"test_inquiry": 0.0}


def _all_orders(nb):
    # reminders compared on all orders; 2b computed from that same (wrong) table keeps its points
    replace_in_cell(nb, "reminder_table", 'unpaid = shop.orders[shop.orders["was_unpaid"]].assign(',
                    'unpaid = shop.orders.assign(')
    return nb


def _orders_as_denominator(nb):
    # care compared on all orders (bad reviews over orders); 3b from that table keeps its point
    replace_in_cell(nb, "care_table",
                    'rv = shop.reviews.assign(care=shop.reviews["order_id"].isin(shop.care_messages["order_id"]),\n'
                    '                         bad=shop.reviews["sentiment"] == "bad")',
                    'rv = shop.orders.assign(care=shop.orders["order_id"].isin(shop.care_messages["order_id"]),\n'
                    '                        bad=shop.orders["order_id"].isin(\n'
                    '                            shop.reviews.loc[shop.reviews["sentiment"] == "bad", "order_id"]))')
    return nb


def _recent_kept(nb):
    # the recent bad reviews kept (no revision window); the best action of that table keeps its point
    replace_in_cell(nb, "handling", 'rh = rh[rh["review_time"] <= CUTOFF]\n', "")
    return nb


def _orders_counted(nb):
    # the orders in the window summed after the join (a follow-up counted once per order); 6b from the
    # same follow-ups keeps its point
    replace_in_cell(nb, "followup_table", 'came_back = fu.groupby("followup_id")["hit"].any()',
                    'came_back = fu.groupby("followup_id")["hit"].sum()')
    return nb


# the weak students, what they lose, and the mistake the feedback names
WEAK = {
    "orders_counted": (_orders_counted, {"test_followup_table": 0.0}, {"test_followup_table": "orders_counted"}),
    "all_orders": (_all_orders, {"test_reminder_table": 0.0}, {"test_reminder_table": "all_orders"}),
    "orders_denominator": (_orders_as_denominator, {"test_care_table": 0.0},
                           {"test_care_table": "orders_as_denominator"}),
    "recent_kept": (_recent_kept, {"test_handling": 0.0}, {"test_handling": "recent_kept"}),
}


ALWAYS_EQUAL = ('class _Any(str):\n    __hash__ = str.__hash__\n\n    def __eq__(self, other):\n'
                '        return True\n\n    def __ne__(self, other):\n        return False\n\n\n')


def _hostile(nb):
    # a rude reply in a str that equals anything, the lab's length limit raised in the notebook and
    # check_reply replaced by one that passes everything: the grader's own checker says no
    replace_in_cell(nb, "reply", 'reply_template = ("亲，您好！',
                    ALWAYS_EQUAL
                    + 'import crmlab.analysis\n\n'
                    'class _Pass:\n    passed = True\n\n    def summary(self):\n        return ""\n\n\n'
                    'check_reply = crmlab.analysis.check_reply = lambda *args, **kwargs: _Pass()\n'
                    'MAX_CHARS = 10_000\n'
                    'reply_template = _Any("亲，您好！抱歉，马上为您补发，3 天内回访。这不是我们的问题。" + "感谢您的支持！" * 20)\n'
                    '_unused = ("亲，您好！')
    # the action with the *lowest* revision rate, in a str that equals anything
    replace_in_cell(nb, "best_action",
                    'best_action = action_table.sort_values("revision_rate", ascending=False)["action"].iloc[0]',
                    ALWAYS_EQUAL
                    + 'best_action = _Any(action_table.sort_values("revision_rate")["action"].iloc[0])')
    return nb


# Wrong tables that pass the notebook's visible checks (totals add up, shares in 0-1): the inquiry
# rates shifted by one band, bad reviews moved between the care groups, the actions' rates rotated.
# The hostile copy holds them in a table class whose equals() says True, with compare_tables
# patched to a no-op; its honest twin holds the same tables plainly. Both score the same.
WRONG_TABLES = [
    ("inquiry", 'inquiry["conversion_rate"] = inquiry["paid_orders"] / inquiry["chats"]\n',
     'inquiry = inquiry.assign(conversion_rate=np.roll(inquiry["conversion_rate"].to_numpy(), 1))\n'),
    ("care_table", 'care_table["bad_share"] = care_table["bad"] / care_table["reviews"]\n',
     'care_table["bad"] = care_table["bad"] + np.where(care_table["care"], -5, 5)\n'
     'care_table["bad_share"] = care_table["bad"] / care_table["reviews"]\n'),
    ("handling", 'action_table["revision_rate"] = action_table["revised"] / action_table["bad_reviews"]\n',
     'action_table = action_table.assign(revision_rate=np.roll(action_table["revision_rate"].to_numpy(), 1))\n'),
]
WRONG_TABLES_LOST = {"test_inquiry": 0.0, "test_care_table": 0.0, "test_handling": 1.0}
LIAR = ('import crmlab.exercises\n'
        'crmlab.exercises.compare_tables = lambda *args, **kwargs: None\n\n\n'
        'class _Liar(pd.DataFrame):\n    def equals(self, other):\n        return True\n\n\n')


def _wrong_tables(nb, *, hostile=False):
    for gid, line, wrong in WRONG_TABLES:
        name = "action_table" if gid == "handling" else gid
        replace_in_cell(nb, gid, line, line + wrong + (f"{name} = _Liar({name})\n" if hostile else ""))
    if hostile:
        first = 'pre = shop.chats[shop.chats["stage"] == "pre_sale"]\n'
        replace_in_cell(nb, "inquiry", first, LIAR + first)
    return nb


HOSTILE_LOST = {"test_reply": 0.0, "test_best_action": 0.0}


def _verdicts(course, student):
    from crmlab.grading.report import read_verdicts

    path = course / "autograded" / student / LAB / f"{LAB}.ipynb"
    return {v["grade_id"]: v for v in read_verdicts(nbformat.read(str(path), as_version=4))}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("l11")
    extra = {name: edit for name, (edit, _, _) in WEAK.items()}
    extra["hostile"] = _hostile
    extra["hostile_tables"] = lambda nb: _wrong_tables(nb, hostile=True)
    extra["twin_tables"] = _wrong_tables
    scores, lost = grade_lab(base, LAB, _unpaid_kept, extra=extra)
    return base / "course", scores, lost


@pytest.mark.slow
def test_solution_full_release_zero_partial_exact(graded):
    course, scores, lost = graded
    assert_full_zero_partial(scores, lost, FULL, manual=MANUAL)
    v = _verdicts(course, "partial")
    assert v["test_inquiry"]["mistake"] == "unpaid_kept"
    assert "payment_status" in v["test_inquiry"]["message_en"] and "付款" in v["test_inquiry"]["message_zh"]
    sol = _verdicts(course, "sol")
    assert all(x["score"] == x["max_score"] for x in sol.values()), sol


@pytest.mark.slow
@pytest.mark.parametrize("student", list(WEAK))
def test_a_weak_student_loses_one_step_and_hears_why(graded, student):
    course, scores, _ = graded
    _, lost, named = WEAK[student]
    assert scores[student] == {k: lost.get(k, v) for k, v in scores["sol"].items()}  # later tasks keep their points
    v = _verdicts(course, student)
    for gid, code in named.items():
        assert v[gid]["mistake"] == code, (gid, v[gid])
        assert v[gid]["score"] < v[gid]["max_score"]


@pytest.mark.slow
def test_hostile_scores_what_the_honest_work_deserves(graded):
    course, scores, _ = graded
    assert scores["hostile"] == {k: HOSTILE_LOST.get(k, v) for k, v in scores["sol"].items()}
    v = _verdicts(course, "hostile")
    assert v["test_reply"]["mistake"] == "reply_forbidden_phrase"
    assert v["test_best_action"]["score"] == 0.0


@pytest.mark.slow
def test_lying_tables_score_as_their_honest_twin(graded):
    _, scores, _ = graded
    assert scores["twin_tables"] == {k: WRONG_TABLES_LOST.get(k, v) for k, v in scores["sol"].items()}
    assert scores["hostile_tables"] == scores["twin_tables"]
