"""Labs L4 (survey), L5 (membership and points), L6 (campaign and A/B test), L7 (11.11
staffing, design checked by simulation) and L8 (the complaint queue).

For each lab: the release leaks nothing; graded by `crmlab grade
autograde` in a scratch course, the model solution gets every autograded point, the
untouched release gets zero, a partly wrong submission gets exactly the expected
partial score, and a hostile submission (a trick that fooled the old in-kernel tests)
gets exactly what its honest work deserves.
"""

from __future__ import annotations

import pytest
from support.grading import (COURSE, assert_full_zero_partial, checks_problems, grade_lab, release_problems,
                             replace_in_cell)

# autograded points of each lab
LABS = {"L4_survey": 15.0, "L5_membership": 13.0, "L6_campaign_ab": 9.0, "L7_staffing": 10.0, "L8_complaints": 8.0}


# A partly wrong submission per lab and its exact autograded score.
def _partial_L4(nb):
    # CSAT over every invitation (non-respondents count as unsatisfied): test_csat (1 point) fails
    replace_in_cell(nb, "scores", 'csat_overall = csat(r, "q_overall")',
                    'csat_overall = float((shop.surveys["q_overall"].fillna(0) >= 4).mean())')
    # the gap the wrong way round: test_gap (2 points) fails
    replace_in_cell(nb, "repurchase", 'repurchase_gap = float(rate.get(True, np.nan) - rate.get(False, np.nan))',
                    'repurchase_gap = float(rate.get(False, np.nan) - rate.get(True, np.nan))')
    return nb, {"test_csat": 0.0, "test_gap": 0.0}


def _partial_L5(nb):
    # the liability in points instead of CNY: test_evaluate (3) and, through the ratio, test_expiry (2) fail
    replace_in_cell(nb, "evaluate", 'liability = float(result.summary["liability_cny"])',
                    'liability = float(result.summary["points_outstanding"])')
    return nb, {"test_evaluate": 0.0, "test_expiry": 0.0}


def _partial_L6(nb):
    # a one-sided p-value (halved): test_ab_values (2 points) fails
    replace_in_cell(nb, "ab_test", 'p_value = float(res["p_value"])', 'p_value = float(res["p_value"]) / 2')
    return nb, {"test_ab_values": 0.0}


def _partial_L7(nb):
    # a flat roster of three 8-hour shifts: valid, but misses 80/20 at the peak and so also the budget test
    replace_in_cell(nb, "shifts", 'shifts = {int(s): int(round(n)) for s, n in enumerate(best.x) if round(n) > 0}',
                    'shifts = {0: 2, 8: 2, 16: 2}')
    return nb, {"test_shifts_service": 0.0, "test_shifts_cost": 0.0}


def _partial_L8(nb):
    # shares in percent: the visible check of test_by_category (2 points) fails
    replace_in_cell(nb, "by_category", 'by_category["share"] = by_category["complaints"] / len(c)',
                    'by_category["share"] = 100 * by_category["complaints"] / len(c)')
    return nb, {"test_by_category": 0.0}


PARTIAL = {"L4_survey": _partial_L4, "L5_membership": _partial_L5, "L6_campaign_ab": _partial_L6,
           "L7_staffing": _partial_L7, "L8_complaints": _partial_L8}


# Hostile submissions: tricks that got points from the old tests, which ran in the student's
# kernel. Each must score exactly what the honest work in it deserves: {grade_id: score} where
# that differs from the solution's.
def _hostile_L4(nb):
    # a Questionnaire subclass whose lint() finds nothing hides a real warning (no purpose, S019);
    # a str whose == always says True passed `weakest_item in ITEMS` and `weakest_item == ...` with a wrong item
    replace_in_cell(nb, "survey", "my_survey = Questionnaire.from_yaml(",
                    "class _Clean(Questionnaire):\n"
                    "    def lint(self, **kw):\n"
                    "        return super().lint(**kw).iloc[0:0]\n\n\n"
                    "my_survey = _Clean.from_yaml(")
    replace_in_cell(nb, "survey", "purpose: 找出客户对商品、物流、客服、价格最不满意的地方，决定下季度先改进什么。\n", "")
    replace_in_cell(nb, "reliability", 'weakest_item = item_total_correlations(r, ITEMS)["alpha_if_deleted"].idxmax()',
                    'class _Any(str):\n    __hash__ = str.__hash__\n\n    def __eq__(self, other):\n'
                    '        return True\n\n\n'
                    '_right = item_total_correlations(r, ITEMS)["alpha_if_deleted"].idxmax()\n'
                    'weakest_item = _Any(next(i for i in ITEMS if i != _right))')
    return nb, {"test_survey_lint": 0.0, "test_alpha": 0.0}


def _hostile_L5(nb):
    # a 5% discount for every member (far over budget) hidden by a subclass whose simulate()
    # reports no cost; the numbers of tasks 3-5 are honest (the course's simulate)
    replace_in_cell(nb, "design", "scheme.check_design()", """import dataclasses


class _Cheap(PointsScheme):
    def simulate(self, shop, **kwargs):
        r = super().simulate(shop, **kwargs)
        r.summary["cost_share"], r.summary["net_effect"] = 0.0, 1.0
        return r


scheme = _Cheap(**{**dataclasses.asdict(scheme), "tier_discounts": (0.05, 0.05, 0.05, 0.05)})
scheme.check_design()""")
    replace_in_cell(nb, "evaluate", "result = scheme.simulate(shop, random_state=SEED)",
                    "result = PointsScheme.simulate(scheme, shop, random_state=SEED)")
    return nb, {"test_design_budget": 0.0}


def _hostile_L6(nb):
    # the one-sided p-value, and the grading helpers replaced by no-ops before the tests run
    replace_in_cell(nb, "ab_test", 'p_value = float(res["p_value"])',
                    'p_value = float(res["p_value"]) / 2\n'
                    'import crmlab.exercises\n'
                    'crmlab.exercises.compare_values = crmlab.exercises.compare_tables = lambda *a, **k: None')
    return nb, {"test_ab_values": 0.0}


def _hostile_L7(nb):
    # the flat roster, with the release's coverage() redefined so that every hour looks staffed
    replace_in_cell(nb, "shifts", 'shifts = {int(s): int(round(n)) for s, n in enumerate(best.x) if round(n) > 0}',
                    'shifts = {0: 2, 8: 2, 16: 2}\n\n\ndef coverage(shifts):\n    return np.full(24, 99)')
    return nb, {"test_shifts_service": 0.0, "test_shifts_cost": 0.0}


def _hostile_L8(nb):
    # the stage with the *fewest* breaches, as a str whose == always says True
    replace_in_cell(nb, "breaches", 'worst_stage = breaches.loc[breaches["breach_rate"].idxmax(), "stage"]',
                    'class _Any(str):\n    __hash__ = str.__hash__\n\n    def __eq__(self, other):\n'
                    '        return True\n\n\n'
                    'worst_stage = _Any(breaches.loc[breaches["breach_rate"].idxmin(), "stage"])')
    return nb, {"test_breaches": 0.0}


HOSTILE = {"L4_survey": _hostile_L4, "L5_membership": _hostile_L5, "L6_campaign_ab": _hostile_L6,
           "L7_staffing": _hostile_L7, "L8_complaints": _hostile_L8}


# The labs of this file whose hidden tests have moved to trusted checks (assignments/checks/<lab>.py).
PORTED = ["L4_survey", "L5_membership", "L6_campaign_ab", "L7_staffing", "L8_complaints"]


@pytest.mark.parametrize("lab", list(LABS))
def test_release_is_clean(lab):
    assert release_problems(lab) == []


@pytest.mark.parametrize("lab", PORTED)
def test_checks_replace_the_hidden_tests(lab):
    assert checks_problems(lab) == []


@pytest.fixture(scope="module", params=list(LABS))
def graded(request, tmp_path_factory):
    """A scratch course with only this lab, three students (four with a hostile one), graded with
    `crmlab grade autograde`."""
    lab = request.param
    hostile_lost = {}

    def hostile(nb):
        nb, lost = HOSTILE[lab](nb)
        hostile_lost.update(lost)
        return nb

    scores, lost = grade_lab(tmp_path_factory.mktemp(lab), lab, PARTIAL[lab],
                             extra={"hostile": hostile} if lab in HOSTILE else None)
    return lab, scores, lost, hostile_lost


@pytest.mark.slow
def test_solution_full_release_zero_partial_exact(graded):
    lab, scores, lost, _ = graded
    assert_full_zero_partial(scores, lost, LABS[lab])


@pytest.mark.slow
def test_hostile_scores_what_the_honest_work_deserves(graded):
    lab, scores, _, lost = graded
    if lab not in HOSTILE:
        pytest.skip(f"no hostile submission for {lab}")
    assert scores["hostile"] == {k: lost.get(k, v) for k, v in scores["sol"].items()}
