"""Lab L1 (explore the shop): weak students, each making one common mistake, graded on the real
pipeline (`crmlab grade autograde` in a scratch course, as tests/test_lab_L11.py does).

Each loses exactly the points of the step with the slip, the feedback names the mistake (the
verdict's ``mistake``), and the later tasks keep their points: the overview is checked against the
right table, ``top_share`` runs on reference tables, and the what-if checks ``n_new`` and ``n_back``
on the student's own ``cac`` and ``n_lapsed`` (see CASCADES in assignments/checks/L1_explore_shop.py).
The trust tests of L1 (hostile students, a course secret) are in tests/test_grading_trust.py.
"""

from __future__ import annotations

import nbformat
import pytest
from support.grading import COURSE, assert_full_zero_partial, grade_lab, replace_in_cell

LAB = "L1_explore_shop"
FULL = 10.0
MANUAL = ("reflection",)


def test_release_is_clean_and_every_task_teaches():
    from crmlab.grading.course import check_release
    from crmlab.grading.trusted import load_lab_checks

    assert check_release(COURSE, LAB) == []
    text = (COURSE / "release" / LAB / f"{LAB}.ipynb").read_text(encoding="utf-8")
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "graded_shop"):
        assert secret not in text, secret
    nb = nbformat.read(str(COURSE / "source" / LAB / f"{LAB}.ipynb"), as_version=4)
    tasks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("task")]
    for c in tasks[:4]:
        assert c.source.count("<details>") == 3 and "提示 3：换一份数据的例子" in c.source
    lab = load_lab_checks(COURSE, LAB)
    assert {gid for gid, _ in lab.catalogue()} == set(lab.checks)  # every task has its catalogue


def _counts_unpaid(nb):
    # task 1 sums every order's amount: test_counts only
    replace_in_cell(nb, "counts", 'paid_sales = float(paid["amount"].sum())', 'paid_sales = float(shop.orders["amount"].sum())')
    return nb, {"test_counts": 0.0}


def _overview_unpaid(nb):
    # the overview built on every order; top_share and the what-if keep their points
    replace_in_cell(nb, "overview", 'per = paid.groupby("customer_id")', 'per = shop.orders.groupby("customer_id")')
    return nb


def _floor(nb):
    replace_in_cell(nb, "top_share", "k = math.ceil(share * len(spent))", "k = int(share * len(spent))")
    return nb


def _median_cac(nb):
    # cac wrong: its quarter of the what-if is lost, n_new and n_back on that cac are right
    replace_in_cell(nb, "whatif", 'cac = float(shop.customers["acquisition_cost"].mean())',
                    'cac = float(shop.customers["acquisition_cost"].median())')
    return nb


def _lapsed_unpaid(nb):
    # the last order of every order (cancelled ones too): n_lapsed wrong, n_back on it right
    replace_in_cell(nb, "whatif", 'last = paid.groupby("customer_id")["order_time"].max()',
                    'last = shop.orders.groupby("customer_id")["order_time"].max()')
    return nb


# the weak students, what they lose, and the mistake the feedback names
WEAK = {
    "overview_unpaid": (_overview_unpaid, {"test_overview_values": 0.0}, {"test_overview_values": "unpaid_kept"}),
    "floor": (_floor, {"test_top_share": 0.0}, {"test_top_share": "floor_not_ceil"}),
    "median_cac": (_median_cac, {"test_whatif": 1.5}, {"test_whatif": "cac_median"}),
    "lapsed_unpaid": (_lapsed_unpaid, {"test_whatif": 1.5}, {"test_whatif": "lapsed_unpaid_kept"}),
}


def _verdicts(course, student):
    from crmlab.grading.report import read_verdicts

    path = course / "autograded" / student / LAB / f"{LAB}.ipynb"
    return {v["grade_id"]: v for v in read_verdicts(nbformat.read(str(path), as_version=4))}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("l1")
    scores, lost = grade_lab(base, LAB, _counts_unpaid, extra={name: edit for name, (edit, _, _) in WEAK.items()})
    return base / "course", scores, lost


@pytest.mark.slow
def test_solution_full_release_zero_partial_exact(graded):
    course, scores, lost = graded
    assert_full_zero_partial(scores, lost, FULL, manual=MANUAL)
    v = _verdicts(course, "partial")["test_counts"]
    assert v["mistake"] == "unpaid_kept" and "payment_status" in v["message_en"], v


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
