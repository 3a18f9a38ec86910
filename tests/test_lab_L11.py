"""Lab L11 (customer service management: inquiry conversion, payment reminders, delivery care,
bad-review handling and a reply script), graded on the real pipeline.

The release leaks nothing (the workspace and the student edition take it from
assignments/release); graded by `crmlab grade autograde` in a
scratch course, the model solution gets every autograded point and the untouched release
none. Four weak students, each making one common mistake, get exactly the expected score,
the feedback names their mistake (the verdict's ``mistake``), and the later task that
builds on the mistaken table keeps its points (no cascade). A hostile student (a patched
checker, its own copy of a lab constant, strs whose == always says True) scores exactly
its honest work.
"""

from __future__ import annotations

import nbformat
import pytest
from test_grading_support import COURSE, assert_full_zero_partial, grade_lab, replace_in_cell

LAB = "L11_customer_service"
FULL = 14.0  # autograded points; the memo (4 points) is graded by hand
MANUAL = ("memo",)


def test_release_is_clean():
    from crmlab.grading.course import check_release

    assert check_release(COURSE, LAB) == []
    text = (COURSE / "release" / LAB / f"{LAB}.ipynb").read_text(encoding="utf-8")
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "graded_shop", "REFERENCE_REPLY",
                   "非常抱歉这次的购物体验让您失望了", "ab_test_proportions(unpaid"):
        assert secret not in text, secret


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
    own_pandas = {"test_inquiry", "test_care_table", "test_handling"}
    assert sum(tests[t] for t in own_pandas) >= FULL / 2


def test_every_task_teaches_before_it_asks():
    """Each task's text comes before its answer cell, Chinese first, with three hints."""
    nb = nbformat.read(str(COURSE / "source" / LAB / f"{LAB}.ipynb"), as_version=4)
    tasks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("task")]
    assert len(tasks) == 6
    for c in tasks:
        assert c.source.index("**中文**") < c.source.index("**English**")
    for c in tasks[:5]:
        assert c.source.count("<details>") == 3
        assert "提示 1" in c.source and "提示 3：换一份数据的例子" in c.source


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


# the weak students, what they lose, and the mistake the feedback names
WEAK = {
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
