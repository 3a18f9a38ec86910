"""Labs L4 (survey), L5 (membership and points), L6 (campaign and A/B test), L7 (11.11
staffing, design checked by simulation) and L8 (the complaint queue).

For each lab: the release leaks nothing; graded by `crmlab grade
autograde` in a scratch course, the model solution gets every autograded point, the
untouched release gets zero, a partly wrong submission gets exactly the expected
partial score, and a hostile submission (a trick that fooled the old in-kernel tests)
gets exactly what its honest work deserves.
"""

from __future__ import annotations

import nbformat
import numpy as np
import pandas as pd
import pytest
from support.checks import check_context, run_on_answers
from support.grading import (COURSE, assert_full_zero_partial, checks_problems, grade_lab, release_problems,
                             replace_in_cell)

# autograded points of each lab
LABS = {"L4_survey": 15.0, "L5_membership": 13.0, "L6_campaign_ab": 9.0, "L7_staffing": 10.0, "L8_complaints": 8.0}


# A partly wrong submission per lab and its exact autograded score.
def _partial_L4(nb):
    # CSAT over every invitation (non-respondents count as unsatisfied): test_csat (1 point) fails
    replace_in_cell(nb, "scores", 'csat_overall = float((answered >= 4).mean())',
                    'csat_overall = float((shop.surveys["q_overall"].fillna(0) >= 4).mean())')
    # the gap the wrong way round: test_gap (2 points) fails
    replace_in_cell(nb, "repurchase", 'repurchase_gap = float(rate.get(True, np.nan) - rate.get(False, np.nan))',
                    'repurchase_gap = float(rate.get(False, np.nan) - rate.get(True, np.nan))')
    return nb, {"test_csat": 0.0, "test_gap": 0.0}


def _partial_L5(nb):
    # extra revenue taken for extra orders, and the return upside down: test_effect (2 points) fails
    replace_in_cell(nb, "effect", 'extra_orders = float(result.summary["extra_orders"])',
                    'extra_orders = float(result.summary["extra_revenue"])')
    replace_in_cell(nb, "effect", 'return_on_cost = float(result.summary["extra_margin"] / result.summary["cost"])',
                    'return_on_cost = float(result.summary["cost"] / result.summary["extra_margin"])')
    return nb, {"test_effect": 0.0}


def _weak_L5_liability_points(nb):
    # the liability in points instead of CNY (a third of test_evaluate); test_expiry, checked on the
    # student's own liability, keeps its points
    replace_in_cell(nb, "evaluate", 'liability = float(result.customers["points_outstanding"].sum() * scheme.point_value)',
                    'liability = float(result.customers["points_outstanding"].sum())')
    return nb


def _partial_L6(nb):
    # a one-sided p-value (halved) and the interval the wrong way round: test_ab_values (2 points) fails
    replace_in_cell(nb, "ab_test", 'p_value = float(res["p_value"])', 'p_value = float(res["p_value"]) / 2')
    replace_in_cell(nb, "ab_test", 'ci_low, ci_high = float(res["ci_low"]), float(res["ci_high"])',
                    'ci_low, ci_high = -float(res["ci_high"]), -float(res["ci_low"])')
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
    # (alpha_all, the other half of test_alpha, is right)
    replace_in_cell(nb, "survey", "my_survey = Questionnaire.from_yaml(",
                    "class _Clean(Questionnaire):\n"
                    "    def lint(self, **kw):\n"
                    "        return super().lint(**kw).iloc[0:0]\n\n\n"
                    "my_survey = _Clean.from_yaml(")
    replace_in_cell(nb, "survey", "purpose: 找出客户对商品、物流、客服、价格最不满意的地方，决定下季度先改进什么。\n", "")
    replace_in_cell(nb, "reliability", 'weakest_item = max(alpha_if_deleted, key=alpha_if_deleted.get)',
                    'class _Any(str):\n    __hash__ = str.__hash__\n\n    def __eq__(self, other):\n'
                    '        return True\n\n\n'
                    '_right = max(alpha_if_deleted, key=alpha_if_deleted.get)\n'
                    'weakest_item = _Any(next(i for i in ITEMS if i != _right))')
    return nb, {"test_survey_lint": 0.0, "test_alpha": 1.0}


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
    return nb, {"test_ab_values": 1.0}  # the interval (half the points) is right


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
    return nb, {"test_breaches": 1.0}  # the table is right (half the points); worst_stage is not


# -- L4: weak students, one common mistake each ------------------------------------------------------------------
# Each loses exactly the points of its step, the feedback names the mistake, and every later task keeps its points
# (CASCADES in assignments/checks/L4_survey.py). {student: (edit, {grade_id: score}, {grade_id: named mistake})}
L4_WEAK = {
    "L4_top_box": ((("scores", "csat_overall = float((answered >= 4).mean())",
                     "csat_overall = float((answered >= 5).mean())"),),
                   {"test_csat": 0.0}, {"test_csat": "top_box_only"}),
    "L4_mixed_ddof": ((("reliability", "return k / (k - 1) * (1 - items.var().sum() / items.sum(axis=1).var())",
                        "return k / (k - 1) * (1 - items.var().sum() / np.var(items.sum(axis=1)))"),),
                      {"test_alpha": 1.0}, {"test_alpha": "mixed_ddof"}),
    "L4_importance_only": ((("ipa", 'fix_first = poor["importance"].idxmax() if len(poor) else ipa["importance"].idxmax()',
                            'fix_first = ipa["importance"].idxmax()'),),
                          {"test_ipa": 1.5}, {"test_ipa": "most_important_only"}),
    "L4_missing_as_no": ((("repurchase", 'ex = ex[ex["responded"] & ex["repurchased"].notna()]',
                           'ex = ex[ex["responded"]].assign(repurchased=ex["repurchased"].astype("Float64").fillna(0))'),),
                         {"test_gap": 0.0}, {"test_gap": "missing_as_no"}),
}


def _l4_weak(edits):
    def edit(nb):
        for gid, old, new in edits:
            replace_in_cell(nb, gid, old, new)
        return nb
    return edit


def test_L4_own_pandas_is_most_of_the_points():
    """At least half of L4's autograded points need the student's own pandas or formula (no crmlab call gives them)."""
    nb = nbformat.read(str(COURSE / "source" / "L4_survey" / "L4_survey.ipynb"), as_version=4)
    tests = {c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader["points"] for c in nb.cells
             if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}
    solutions = "\n".join(c.source for c in nb.cells if "BEGIN SOLUTION" in c.source)
    for call in ("csat(", "nps(", "cronbach_alpha(", "item_total_correlations(", "importance_performance("):
        assert f"= {call}" not in solutions, call
    own = {"test_trial", "test_csat", "test_nps", "test_alpha", "test_ipa", "test_gap"}
    assert sum(tests[t] for t in own) >= LABS["L4_survey"] / 2


# L4's IPA table is the student's own now: forms that try to fool a comparison score nothing on its half of
# test_ipa, the same right table in another honest form scores in full (checks run without a kernel).
class _LiarTable(pd.DataFrame):
    def equals(self, other):
        return True

    def __eq__(self, other):
        return pd.DataFrame(True, index=self.index, columns=self.columns)

    __hash__ = object.__hash__


L4_IPA_HOSTILE = {
    "importance_rotated": lambda t: t.assign(importance=np.roll(t["importance"].to_numpy(), 1)),
    "liar_holding_a_wrong_table": lambda t: _LiarTable(t.assign(performance=t["performance"][::-1].to_numpy())),
    "numbers_as_text": lambda t: t.astype(str),
    "a_mean_row": lambda t: pd.concat([t, t.mean().to_frame("平均 / mean").T]),
    "no_rows": lambda t: t.iloc[0:0],
}
L4_IPA_HONEST = {
    "rows_reordered": lambda t: t.iloc[::-1],
    "item_as_a_column": lambda t: t.reset_index(),
    "a_quadrant_column": lambda t: t.assign(quadrant="mine"),
    "liar_holding_the_right_table": lambda t: _LiarTable(t),
}


@pytest.fixture(scope="module")
def l4_checks():
    from crmlab.grading.trusted import load_lab_checks

    lab = load_lab_checks(COURSE, "L4_survey")
    ctx = check_context(lab, STUDENT)
    return lab, ctx, lab.reference_answers(ctx)


def _l4_ipa_score(l4_checks, table):
    lab, ctx, ref = l4_checks
    return run_on_answers(lab, "test_ipa", ctx, {"ipa": table}, 2.0, others=ref)


@pytest.mark.parametrize("attack", list(L4_IPA_HOSTILE))
def test_L4_a_hostile_ipa_table_scores_nothing_on_its_half(l4_checks, attack):
    v = _l4_ipa_score(l4_checks, L4_IPA_HOSTILE[attack](l4_checks[2]["ipa"]))
    assert v.score == 1.0 and v.mistake != "answer_shape", (v.score, v.en)  # fix_first, right on the truth, keeps its half


@pytest.mark.parametrize("twin", list(L4_IPA_HONEST))
def test_L4_an_honest_ipa_twin_scores_full_marks(l4_checks, twin):
    v = _l4_ipa_score(l4_checks, L4_IPA_HONEST[twin](l4_checks[2]["ipa"]))
    assert v.score == 2.0, v.en


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
    """A scratch course with only this lab, graded once with `crmlab grade autograde`: the solution, the release, the
    partly wrong submission, the hostile one (if the lab has one) and the lab's weak students (WEAK)."""
    lab = request.param
    hostile_lost = {}

    def hostile(nb):
        nb, lost = HOSTILE[lab](nb)
        hostile_lost.update(lost)
        return nb

    extra = {"hostile": hostile} if lab in HOSTILE else {}
    extra.update({name: edit for name, (edit, _, _) in WEAK.get(lab, {}).items()})
    base = tmp_path_factory.mktemp(lab)
    scores, lost = grade_lab(base, lab, PARTIAL[lab], extra=extra)
    return lab, scores, lost, hostile_lost, base / "course"


@pytest.mark.slow
def test_solution_full_release_zero_partial_exact(graded):
    lab, scores, lost, _, _ = graded
    assert_full_zero_partial(scores, lost, LABS[lab])


@pytest.mark.slow
def test_hostile_scores_what_the_honest_work_deserves(graded):
    lab, scores, _, lost, _ = graded
    if lab not in HOSTILE:
        pytest.skip(f"no hostile submission for {lab}")
    assert scores["hostile"] == {k: lost.get(k, v) for k, v in scores["sol"].items()}



# -- L5-L8: weak students, one common mistake each (issue 17) ---------------------------------------
# Each weak student makes one slip; graded on the real pipeline it loses exactly that step's points
# (later tasks keep theirs: no cascade) and the feedback names the slip (the verdict's `mistake`).
# {lab: {student: (edit of the solution, {grade_id: expected score}, {grade_id: mistake named})}}
def _weak_L8_since_record(nb):
    # every step measured from the record: task 1 is wrong, task 2 (its own computation) keeps its points
    return replace_in_cell(nb, "stage_summary", "(c[TIMES[i + 1]] - c[TIMES[i]])",
                           '(c[TIMES[i + 1]] - c["recorded_time"])')


def _weak_L8_all_complaints(nb):
    # breach rates over all complaints (the follow-up step too): the table's half is lost, worst_stage
    # (judged on the student's own table) keeps its half
    return replace_in_cell(nb, "breaches", '"n": int(h.count())', '"n": len(h)')


def _weak_L8_satisfaction_zero(nb):
    # no answer taken as a satisfaction of 0
    return replace_in_cell(nb, "by_category", '"sat": c["satisfaction"].astype(float)',
                           '"sat": c["satisfaction"].astype(float).fillna(0)')


def _weak_L8_gap_reversed(nb):
    return replace_in_cell(nb, "retention", 'retention_gap = float(two["retention"].iloc[0] - two["retention"].iloc[1])',
                           'retention_gap = float(two["retention"].iloc[1] - two["retention"].iloc[0])')


def _weak_L6_control_kept(nb):
    # the control group counted in the funnel
    return replace_in_cell(nb, "funnel", 'treat = shop.campaign_assignments[shop.campaign_assignments["group"] == "treatment"]',
                           "treat = shop.campaign_assignments")


def _weak_L6_p0_main_only(nb):
    # p0 from main_test's control group only: both numbers of task 3 are off
    return replace_in_cell(nb, "power", 'p0 = float(ab.loc[ab["group"] == "control", "converted"].mean())',
                           'p0 = float(ab.loc[(ab["group"] == "control") & (ab["campaign_id"] == main_test), '
                           '"converted"].mean())')


def _weak_L6_reversed(nb):
    replace_in_cell(nb, "uplift", '"uplift": r1 - r0,', '"uplift": r0 - r1,')
    return replace_in_cell(nb, "uplift", '"ci_low": r1 - r0 - Z * se, "ci_high": r1 - r0 + Z * se',
                           '"ci_low": r0 - r1 - Z * se, "ci_high": r0 - r1 + Z * se')


def _weak_L6_wrong_pick(nb):
    # the smallest A/B campaign picked: 2a is lost, 2b and 3 done right on that campaign keep their points
    return replace_in_cell(nb, "ab_test", 'main_test = int(ab.groupby("campaign_id").size().idxmax())',
                           'main_test = int(ab.groupby("campaign_id").size().idxmin())')


def _weak_L5_quantiles_of_orders(nb):
    # the quantiles of single orders: half of task 1; the design (made from total_spend) is untouched
    return replace_in_cell(nb, "spend", "spend_quantiles = total_spend.quantile(QUANTILES)",
                           'spend_quantiles = paid["amount"].quantile(QUANTILES)')


def _weak_L5_ratio_reversed(nb):
    return replace_in_cell(nb, "expiry", "liability_ratio = liability_never / liability",
                           "liability_ratio = liability / liability_never")


def _weak_L5_roc_reversed(nb):
    return replace_in_cell(nb, "effect", 'return_on_cost = float(result.summary["extra_margin"] / result.summary["cost"])',
                           'return_on_cost = float(result.summary["cost"] / result.summary["extra_margin"])')


def _weak_L7_off_by_one(nb):
    # one day too few: task 1's rates are off; the forecast, the staffing and the roster built on them keep
    # their points (checked on the student's own rates, and the roster on the student's own forecast)
    return replace_in_cell(nb, "rates", 'n_days = len(pd.date_range(t.dt.normalize().min(), t.dt.normalize().max(), freq="D"))',
                           "n_days = (t.dt.normalize().max() - t.dt.normalize().min()).days")


def _weak_L7_unanswered_zero(nb):
    return replace_in_cell(nb, "rates", 'aht = float(shop.calls["handle_seconds"].mean())',
                           'aht = float(shop.calls["handle_seconds"].fillna(0).mean())')


def _weak_L7_unpaid_kept(nb):
    return replace_in_cell(nb, "forecast", 'paid = shop.orders[shop.orders["payment_status"] == "paid"]',
                           "paid = shop.orders")


WEAK = {
    "L4_survey": {name: (_l4_weak(edits), lost, named) for name, (edits, lost, named) in L4_WEAK.items()},
    "L5_membership": {
        "quantiles_of_orders": (_weak_L5_quantiles_of_orders, {"test_spend": 1.0},
                                {"test_spend": "quantiles_of_orders"}),
        "ratio_reversed": (_weak_L5_ratio_reversed, {"test_expiry": 1.0}, {"test_expiry": "ratio_reversed"}),
        "roc_reversed": (_weak_L5_roc_reversed, {"test_effect": 1.0}, {"test_effect": "roc_reversed"}),
        "liability_points": (_weak_L5_liability_points, {"test_evaluate": 2.0},
                             {"test_evaluate": "liability_points"}),
    },
    "L7_staffing": {
        "off_by_one": (_weak_L7_off_by_one, {"test_rates": 0.0}, {"test_rates": "days_off_by_one"}),
        "unanswered_zero": (_weak_L7_unanswered_zero, {"test_aht": 0.0}, {"test_aht": "unanswered_as_zero"}),
        "unpaid_kept": (_weak_L7_unpaid_kept, {"test_forecast": 1.0}, {"test_forecast": "pf_unpaid_kept"}),
    },
    "L6_campaign_ab": {
        "control_kept": (_weak_L6_control_kept, {"test_funnel": 0.0}, {"test_funnel": "control_kept"}),
        "p0_main_only": (_weak_L6_p0_main_only, {"test_power": 0.0}, {"test_power": "p0_main_only_power"}),
        "uplift_reversed": (_weak_L6_reversed, {"test_uplift": 0.0}, {"test_uplift": "uplift_reversed"}),
        "wrong_pick": (_weak_L6_wrong_pick, {"test_ab_pick": 0.0}, {}),
    },
    "L8_complaints": {
        "since_record": (_weak_L8_since_record, {"test_stage_summary": 0.0}, {"test_stage_summary": "since_record"}),
        "all_complaints": (_weak_L8_all_complaints, {"test_breaches": 1.0}, {"test_breaches": "breach_all_complaints"}),
        "satisfaction_zero": (_weak_L8_satisfaction_zero, {"test_by_category": 0.0},
                              {"test_by_category": "satisfaction_nan_as_zero"}),
        "gap_reversed": (_weak_L8_gap_reversed, {"test_retention_values": 0.5},
                         {"test_retention_values": "gap_reversed"}),
    },
}


def _lab_verdicts(course, student, lab):
    from crmlab.grading.report import read_verdicts

    path = course / "autograded" / student / lab / f"{lab}.ipynb"
    return {v["grade_id"]: v for v in read_verdicts(nbformat.read(str(path), as_version=4))}


@pytest.mark.slow
def test_a_weak_student_loses_one_step_and_hears_why(graded):
    lab, scores, _, _, course = graded
    if lab not in WEAK:
        pytest.skip(f"no weak students for {lab}")
    for student, (_, lost, named) in WEAK[lab].items():
        assert scores[student] == {k: lost.get(k, v) for k, v in scores["sol"].items()}, student
        verdicts = _lab_verdicts(course, student, lab)
        for gid, code in named.items():
            assert verdicts[gid]["mistake"] == code, (student, gid, verdicts[gid])
            assert verdicts[gid]["score"] < verdicts[gid]["max_score"]


# -- L5-L8: the checks on their own (no kernel): table answers attacked, later steps on own tables ------
STUDENT = "2024001"


class _Liar(pd.DataFrame):
    """A table that says it equals anything."""

    def equals(self, other):
        return True

    def __eq__(self, other):
        return pd.DataFrame(True, index=self.index, columns=self.columns)

    __hash__ = object.__hash__


_checks_cache: dict = {}


def _lab_checks(lab):
    from crmlab.grading.trusted import load_lab_checks

    if lab not in _checks_cache:
        _checks_cache.clear()
        checks = load_lab_checks(COURSE, lab)
        ctx = check_context(checks, STUDENT)
        _checks_cache[lab] = (checks, ctx, checks.reference_answers(ctx))
    return _checks_cache[lab]


def _grade_answers(lab, grade_id, **answers):
    """The verdict of one test cell on the model answers with ``answers`` replaced (2 points), each answer
    handed over as the grader receives it (plain data)."""
    checks, ctx, ref = _lab_checks(lab)
    return run_on_answers(checks, grade_id, ctx, answers, 2.0, others=ref)


def _roll(t, col):
    return t.assign(**{col: np.roll(t[col].to_numpy(), 1)})


# table answers of L5-L8: (lab, answer, test cell, key, a numeric column to disturb, share of the cell's points)
TABLE_ANSWERS = [
    ("L6_campaign_ab", "funnel", "test_funnel", "campaign_id", "revenue", 1.0),
    ("L7_staffing", "rates", "test_rates", "hour", "rate_per_hour", 1.0),
    ("L6_campaign_ab", "uplift_tier", "test_uplift", "member_tier", "uplift", 1.0),
    ("L8_complaints", "stage_summary", "test_stage_summary", "stage", "mean_hours", 1.0),
    ("L8_complaints", "breaches", "test_breaches", "stage", "breach_rate", 0.5),
    ("L8_complaints", "by_category", "test_by_category", "category", "mean_satisfaction", 1.0),
]
HOSTILE_TABLE_FORMS = {
    "a_column_rotated": lambda t, key, col: _roll(t, col),
    "liar_holding_a_wrong_table": lambda t, key, col: _Liar(_roll(t, col)),
    "numbers_as_text": lambda t, key, col: t.astype(str),
    "no_rows": lambda t, key, col: t.iloc[0:0],
    "a_column_not_a_table": lambda t, key, col: t[col],
}
HONEST_TABLE_FORMS = {
    "rows_reordered": lambda t, key, col: t.iloc[::-1],
    "key_as_index": lambda t, key, col: t.set_index(key),
    "more_columns": lambda t, key, col: t.assign(note="自己加的列 / a column of my own"),
    "liar_holding_the_right_table": lambda t, key, col: _Liar(t),
}


@pytest.mark.parametrize("form", list(HOSTILE_TABLE_FORMS))
@pytest.mark.parametrize("lab,answer,gid,key,col,share", TABLE_ANSWERS, ids=[a[1] for a in TABLE_ANSWERS])
def test_a_hostile_table_scores_nothing(lab, answer, gid, key, col, share, form):
    table = _lab_checks(lab)[2][answer]
    v = _grade_answers(lab, gid, **{answer: HOSTILE_TABLE_FORMS[form](table, key, col)})
    assert v.score == pytest.approx(2.0 * (1 - share)), (v.score, v.en)
    assert v.mistake != "answer_shape", v.en


@pytest.mark.parametrize("form", list(HONEST_TABLE_FORMS))
@pytest.mark.parametrize("lab,answer,gid,key,col,share", TABLE_ANSWERS, ids=[a[1] for a in TABLE_ANSWERS])
def test_an_honest_twin_scores_full_marks(lab, answer, gid, key, col, share, form):
    table = _lab_checks(lab)[2][answer]
    if answer == "by_category" and form == "rows_reordered":
        pytest.skip("by_category must be sorted by complaints (a rule of the task)")
    v = _grade_answers(lab, gid, **{answer: HONEST_TABLE_FORMS[form](table, key, col)})
    assert v.score == 2.0, v.en


class _SeriesLiar(pd.Series):
    """A Series that says it equals anything."""

    def equals(self, other):
        return True

    def __eq__(self, other):
        return pd.Series(True, index=self.index)

    __hash__ = object.__hash__


# Series answers of L5 (answer, test cell): a student's own groupby and quantiles, attacked like the tables above
SERIES_ANSWERS = [("total_spend", "test_spend"), ("spend_quantiles", "test_spend"), ("tier_share", "test_evaluate")]
HOSTILE_SERIES_FORMS = {
    "values_rotated": lambda s: s.set_axis(s.index).iloc[np.r_[1:len(s), 0]].set_axis(s.index),
    "liar_holding_wrong_values": lambda s: _SeriesLiar(s * 1.5),
    "empty": lambda s: s.iloc[0:0],
    "labels_shuffled": lambda s: s.set_axis(s.index[::-1]),
    "a_number_not_a_series": lambda s: float(s.sum()),
}
HONEST_SERIES_FORMS = {
    "reordered": lambda s: s.iloc[::-1],
    "liar_holding_the_right_values": lambda s: _SeriesLiar(s),
    "renamed": lambda s: s.rename("mine"),
    "index_unnamed": lambda s: s.rename_axis(None),
}


@pytest.mark.parametrize("form", list(HOSTILE_SERIES_FORMS))
@pytest.mark.parametrize("answer,gid", SERIES_ANSWERS, ids=[a for a, _ in SERIES_ANSWERS])
def test_a_hostile_series_scores_less_than_the_honest_one(answer, gid, form):
    lab = "L5_membership"
    right = _lab_checks(lab)[2][answer]
    v = _grade_answers(lab, gid, **{answer: HOSTILE_SERIES_FORMS[form](right)})
    assert v.score < 2.0, (answer, form, v.en)


@pytest.mark.parametrize("form", list(HONEST_SERIES_FORMS))
@pytest.mark.parametrize("answer,gid", SERIES_ANSWERS, ids=[a for a, _ in SERIES_ANSWERS])
def test_an_honest_series_twin_scores_full_marks(answer, gid, form):
    lab = "L5_membership"
    v = _grade_answers(lab, gid, **{answer: HONEST_SERIES_FORMS[form](_lab_checks(lab)[2][answer])})
    assert v.score == 2.0, (answer, form, v.en)


def test_L8_later_steps_are_checked_on_the_students_own_table():
    """worst_stage on the student's own (wrong) breaches table keeps its half; retention_fast is checked on
    the student's own retention_table."""
    lab = "L8_complaints"
    _, ctx, ref = _lab_checks(lab)
    own = ref["breaches"].assign(breach_rate=lambda d: np.roll(d["breach_rate"].to_numpy(), 1))
    own_worst = own.loc[own["breach_rate"].idxmax(), "stage"]
    assert own_worst != ref["worst_stage"]
    v = _grade_answers(lab, "test_breaches", breaches=own, worst_stage=own_worst)
    assert v.score == 1.0, v.en
    v = _grade_answers(lab, "test_breaches", worst_stage=own_worst)  # not the right table's worst step
    assert v.score == 1.0, v.en
    v = _grade_answers(lab, "test_breaches", worst_stage=2)
    assert (v.score, v.mistake) == (1.0, "worst_row_number"), v.en
    table = ref["retention_table"].assign(retention=ref["retention_table"]["retention"] * 1.1)
    fast = float(table["retention"].iloc[0])
    assert _grade_answers(lab, "test_retention_values", retention_table=table, retention_fast=fast).score == 2.0
    assert _grade_answers(lab, "test_retention_values", retention_fast=fast).score == 1.0
    v = _grade_answers(lab, "test_retention_values", retention_fast=float(ref["retention_table"]["reorder_rate"].iloc[0]))
    assert (v.score, v.mistake) == (1.0, "reorder_not_retention"), v.en


def test_L6_later_steps_are_checked_on_the_students_own_campaign():
    """2b and 3 on another A/B campaign than the right main_test keep their points; on a campaign that is not
    an A/B test (or numbers that fit no campaign) they do not."""
    from crmlab.analysis import ab_test_proportions, power_proportions

    lab = "L6_campaign_ab"
    _, ctx, ref = _lab_checks(lab)
    shop = ctx.shop
    ab_ids = set(shop.campaigns.loc[shop.campaigns["is_ab_test"], "campaign_id"])
    ab = shop.campaign_assignments[shop.campaign_assignments["campaign_id"].isin(ab_ids)]
    other = int(ab.groupby("campaign_id").size().idxmin())
    assert other != ref["main_test"]
    r = ab_test_proportions(ab[ab["campaign_id"] == other]).iloc[0]
    own = {"main_test": other, "p_value": float(r["p_value"]), "ci_low": float(r["ci_low"]),
           "ci_high": float(r["ci_high"]), "significant": bool(r["p_value"] < 0.05)}
    assert _grade_answers(lab, "test_ab_values", **own).score == 2.0
    assert _grade_answers(lab, "test_ab_values", **{**own, "main_test": ref["main_test"]}).score == 0.0
    v = _grade_answers(lab, "test_ab_values", **{**own, "p_value": own["p_value"] / 2,
                                                 "significant": own["p_value"] / 2 < 0.05})
    assert (v.score, v.mistake) == (1.0, "one_sided"), v.en
    n0 = int(((ab["campaign_id"] == other) & (ab["group"] == "control")).sum())
    p0 = float(ab.loc[ab["group"] == "control", "converted"].mean())
    pw = float(power_proportions(p0, p0 + 0.02, n0))
    assert _grade_answers(lab, "test_power", main_test=other, power_now=pw).score == 2.0
    assert _grade_answers(lab, "test_power", power_now=pw).score == 1.0
    not_ab = int(next(c for c in shop.campaigns["campaign_id"] if c not in ab_ids))
    assert _grade_answers(lab, "test_power", main_test=not_ab, power_now=pw).score == 1.0


@pytest.mark.parametrize("answers", [
    {"p_value": "0.03"}, {"significant": "True"}, {"significant": 1}, {"ci_low": [0.01]}, {"p_value": 1.5},
], ids=["p_as_text", "significant_as_text", "significant_as_int", "ci_a_list", "p_above_one"])
def test_L6_values_of_the_wrong_kind_score_nothing(answers):
    v = _grade_answers("L6_campaign_ab", "test_ab_values", **answers)
    assert v.score <= 1.0 and v.mistake != "answer_shape", v.en
