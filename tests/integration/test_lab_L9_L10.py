"""Labs L9 (RFM and retention), L10 (KPI dashboard) and the auto-graded exam practice
(paper B, X_exam_practice): releases are clean, the solution
earns every autograded point, the untouched release earns none, and partly wrong
submissions earn exactly the expected partial score.

L9's retention list is scored against the shop's hidden truth: a list of the
longest-silent customers (the recency baseline) must lose those points.

The checks run in the grader (assignments/checks/<lab>.py), so hostile notebooks that
beat the old in-kernel tests score exactly what their honest work deserves: a
compare_tables/compare_values patched to a no-op, the student's own copy of a lab
constant (N_TARGET, TARGETS), and str subclasses whose == always says True.

Weak students, three per lab, each make one common mistake: they lose that step's points
only (no cascade: later steps are checked on their own earlier tables), and the feedback
names the mistake (the verdict's ``mistake``).
"""

from __future__ import annotations

import nbformat
import numpy as np
import pytest
from support.grading import COURSE
from support.grading import auto_scores as _scores
from support.grading import autograded_total, checks_problems, release_of, release_problems, solution_of
from support.grading import replace_in_cell as _replace
from support.grading import scratch_course as _course
from support.grading import submit_lab as _submit

pytestmark = pytest.mark.slow

L9, L10, EXAM = "L9_rfm_retention", "L10_kpi_dashboard", "X_exam_practice"
FULL = {L9: 12.0, L10: 10.0, EXAM: 21.0}


_solution, _release = solution_of, release_of


def _total(per_cell, manual=("plan", "kpi_plan")):
    return autograded_total(per_cell, manual)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from crmlab.grading.autograde import autograde

    course = _course(tmp_path_factory.mktemp("labs9") / "course", [L9, L10, EXAM])
    # L9: solution; untouched; the recency baseline as the retention list (loses the truth check, 3 points);
    # segment counts of the threshold rule (loses task 3, 2 points)
    _submit(course, L9, "sol", _solution(course, L9))
    _submit(course, L9, "untouched", _release(course, L9))
    nb = _replace(_solution(course, L9), "targets",
                  'at_risk = segments[segments["segment_code"].isin(["important_retention", "important_winback"])]\n'
                  'targets = at_risk.sort_values("monetary", ascending=False).index[:N_TARGET].tolist()',
                  'targets = rfm.sort_values("recency", ascending=False).index[:N_TARGET].tolist()')
    _submit(course, L9, "recency", nb)
    nb = _replace(_solution(course, L9), "segments", "segments = rfm_segments(scores)",
                  'segments = rfm_segments(scores)\n'
                  'segment_counts_wrong = rfm_segments(scores, method="threshold")')
    nb = _replace(nb, "segments", 'segment_counts = segments["segment_code"].value_counts()',
                  'segment_counts = segment_counts_wrong["segment_code"].value_counts()')
    _submit(course, L9, "threshold", nb)
    for student, (edit, _, _) in WEAK[L9].items():
        _submit(course, L9, student, edit(_solution(course, L9)))
    # L10: solution; untouched; repurchase rate over all orders, paid or not (loses 1 point);
    # the dashboard with the default targets (loses the dashboard and worst-3 tests, 4 points)
    _submit(course, L10, "sol", _solution(course, L10))
    _submit(course, L10, "untouched", _release(course, L10))
    _submit(course, L10, "unpaid", _replace(_solution(course, L10), "my_kpis", "po = paid.assign(",
                                            "po = shop.orders.assign("))
    _submit(course, L10, "default_targets", _replace(_solution(course, L10), "dashboard",
                                                     'period="Q", targets=TARGETS)', 'period="Q")'))
    for student, (edit, _, _) in WEAK[L10].items():
        _submit(course, L10, student, edit(_solution(course, L10)))
    # exam: solution; untouched; three wrong letters and a growth rate without the "- 1" (17 of 21)
    _submit(course, EXAM, "sol", _solution(course, EXAM))
    _submit(course, EXAM, "untouched", _release(course, EXAM))
    nb = _solution(course, EXAM)
    for gid, old, new in [("b1", '"A"', '"B"'), ("b9", '"A"', '"b"'), ("b20", '"B"', '"D"')]:
        _replace(nb, gid, old, new)
    _submit(course, EXAM, "partial", _replace(nb, "b17", '/ monthly[pd.Period("2024-11", "M")] - 1',
                                               '/ monthly[pd.Period("2024-11", "M")]'))
    for student, (edit, _, _) in WEAK[EXAM].items():
        _submit(course, EXAM, student, edit(_solution(course, EXAM)))
    _hostile(course)
    for lab in (L9, L10, EXAM):
        report = autograde(course, lab, jobs=2, timeout=300, progress=False)
        assert not report.failed, report.failed
    return course, {lab: _scores(course, lab) for lab in (L9, L10, EXAM)}


# str subclass that says it equals anything (and keeps saying so after .strip().upper())
ALWAYS_EQUAL = """
class _AlwaysEqual(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__

    def strip(self, *args):
        return self

    def upper(self):
        return self
"""


def _hostile(course):
    """Notebooks that forge grades against in-kernel tests; each keeps some honest work."""
    # L9: compare_tables patched to a no-op with a wrong rfm (monetary doubled: scores, segments,
    # shares and the list do not change), and the student's own N_TARGET = 299 (a list of 299)
    nb = _replace(_solution(course, L9), "rfm", "rfm = rfm_summary(shop.orders, as_of=END)",
                  'rfm = rfm_summary(shop.orders, as_of=END)\n'
                  'import crmlab.exercises\n'
                  'crmlab.exercises.compare_tables = lambda *args, **kwargs: None\n'
                  'rfm = rfm.assign(monetary=rfm["monetary"] * 2)')
    nb = _replace(nb, "targets", "at_risk = ", "N_TARGET = 299\nat_risk = ")
    _submit(course, L9, "hostile", nb)
    # L10: compare_values patched with the repurchase rate of all orders; the dashboard with the default
    # targets and TARGETS emptied to match; a flag that always says "on_track" in a str that equals anything
    nb = _replace(_solution(course, L10), "my_kpis", "po = paid.assign(",
                  "import crmlab.exercises\ncrmlab.exercises.compare_values = lambda *args, **kwargs: None\n"
                  "po = shop.orders.assign(")
    nb = _replace(nb, "dashboard", 'period="Q", targets=TARGETS)', 'period="Q")\nTARGETS = {}')
    nb = _replace(nb, "flag", "def flag(value, target, direction, tolerance=0.1):",
                  ALWAYS_EQUAL + '\n\ndef flag(value, target, direction, tolerance=0.1):\n'
                  '    return _AlwaysEqual("on_track")\n\n\ndef _flag(value, target, direction, tolerance=0.1):')
    _submit(course, L10, "hostile", nb)
    # exam: every letter "A" in a str that equals anything (10 of the 16 keys are "A"), and
    # compare_values patched with the growth rate without the "- 1"
    nb = _replace(_solution(course, EXAM), "b1", 'b1 = "A"', ALWAYS_EQUAL + '\nb1 = _AlwaysEqual("A")')
    for q in CHOICES[1:]:
        cell_src = next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == q)
        old = next(line for line in cell_src.splitlines() if line.startswith(f"{q} = "))
        _replace(nb, q, old, f'{q} = _AlwaysEqual("A")')
    _submit(course, EXAM, "hostile", _replace(nb, "b17", '/ monthly[pd.Period("2024-11", "M")] - 1',
                                               '/ monthly[pd.Period("2024-11", "M")]\n'
                                               'import crmlab.exercises\n'
                                               'crmlab.exercises.compare_values = lambda *args, **kwargs: None'))


CHOICES = ["b1", "b2", "b3", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b13", "b15", "b16", "b18", "b19", "b20"]


@pytest.mark.parametrize("lab", [L9, L10, EXAM])
def test_checks_replace_the_hidden_tests(lab):
    assert checks_problems(lab) == []


@pytest.mark.parametrize("lab", [L9, L10, EXAM])
def test_release_is_clean(lab):
    assert release_problems(lab, secrets=("churned", "kpi_status")) == []


@pytest.mark.parametrize("lab", [L9, L10, EXAM])
def test_solution_full_marks_release_zero(graded, lab):
    _, sc = graded
    assert _total(sc[lab]["sol"]) == FULL[lab]
    assert _total(sc[lab]["untouched"]) == 0.0


def test_l9_retention_list_is_checked_against_the_truth(graded):
    _, sc = graded
    rec = sc[L9]["recency"]
    assert rec["test_targets_quality"] == 0.0 and rec["test_targets_format"] == 1.0
    assert _total(rec) == FULL[L9] - 3
    thr = sc[L9]["threshold"]
    assert thr["test_segments"] == 0.0 and _total(thr) == FULL[L9] - 2


def test_l10_partial_scores(graded):
    course, sc = graded
    unpaid = sc[L10]["unpaid"]
    assert unpaid["test_my_kpis_repurchase"] == 0.0 and _total(unpaid) == FULL[L10] - 1
    assert _verdicts(course, L10, "unpaid")["test_my_kpis_repurchase"]["mistake"] == "repurchase_unpaid_kept"
    # no cascade: the three worst KPIs of the student's own dashboard (default targets) keep their points
    dflt = sc[L10]["default_targets"]
    assert dflt["test_dashboard"] == 0.0 and dflt["test_worst3"] == 2.0 and _total(dflt) == FULL[L10] - 2
    assert _verdicts(course, L10, "default_targets")["test_dashboard"]["mistake"] == "default_targets"


def test_exam_partial_score(graded):
    course, sc = graded
    part = sc[EXAM]["partial"]
    assert {k for k, v in part.items() if v == 0} == {"test_b1", "test_b9", "test_b20", "test_b17"}
    assert _total(part) == FULL[EXAM] - 4
    assert _verdicts(course, EXAM, "partial")["test_b17"]["mistake"] == "ratio_not_growth"


def _verdicts(course, lab, student):
    from crmlab.grading.report import read_verdicts

    path = course / "autograded" / student / lab / f"{lab}.ipynb"
    return {v["grade_id"]: v for v in read_verdicts(nbformat.read(str(path), as_version=4))}


# -- weak students: one common mistake each ------------------------------------------------------
def _edit(grade_id, old, new):
    return lambda nb: _replace(nb, grade_id, old, new)


# lab -> student -> (edit of the solution, {grade_id: points left}, {grade_id: the mistake named})
WEAK = {
    L9: {
        # recency counted to a month after END; the scores, segments and values built on it keep their points
        "end_late": (_edit("rfm", "rfm = rfm_summary(shop.orders, as_of=END)",
                           "rfm = rfm_summary(shop.orders, as_of=pd.Timestamp(END) + pd.Timedelta(days=30))"),
                     {"test_rfm": 0.0}, {"test_rfm": "end_one_month_late"}),
        # four score bands instead of five; the segments of those scores and their values keep their points
        "quartiles": (_edit("scores", "scores = rfm_scores(rfm)\n", "scores = rfm_scores(rfm, n_scores=4)\n"),
                      {"test_scores": 0.0}, {"test_scores": "quartiles"}),
        # the share of customers taken as the revenue share
        "customer_share": (_edit("segment_value",
                                 'segment_value["revenue_share"] = segment_value["revenue"] / segments["monetary"].sum()',
                                 'segment_value["revenue_share"] = segment_value["customers"] / len(segments)'),
                           {"test_segment_value": 0.0}, {"test_segment_value": "customer_share"}),
    },
    L10: {
        # parcels exactly on time counted as late
        "on_time_strict": (_edit("my_kpis", '(sh["delay_days"] <= 0)', '(sh["delay_days"] < 0)'),
                           {"test_my_kpis_on_time": 0.0}, {"test_my_kpis_on_time": "on_time_strict"}),
        # was_unpaid taken as never paid
        "was_unpaid": (_edit("my_kpis", 'payment = (shop.orders["payment_status"] == "paid")',
                             'payment = (~shop.orders["was_unpaid"])'),
                       {"test_my_kpis_payment": 0.0}, {"test_my_kpis_payment": "payment_was_unpaid"}),
        # the three worst sorted the wrong way
        "worst3_best": (_edit("worst3", 'last.sort_values("gap", ascending=False)', 'last.sort_values("gap")'),
                        {"test_worst3": 0.0}, {"test_worst3": "worst3_best"}),
    },
    EXAM: {
        "b4_unpaid": (_edit("b4", 'paid = shop.orders[shop.orders["payment_status"] == "paid"].merge(',
                            "paid = shop.orders.merge("), {"test_b4": 0.0}, {"test_b4": "unpaid_kept"}),
        "b21_orders": (_edit("b21", 'b21 = (sh["delay_days"] <= 0).mean()',
                             'b21 = (sh["delay_days"] <= 0).sum() / (shop.orders["payment_status"] == "paid").sum()'),
                       {"test_b21": 0.0}, {"test_b21": "orders_denominator"}),
        "b12_percent": (_edit("b12", 'b12 = shop.campaign_assignments["converted"].astype(bool).mean()',
                              'b12 = shop.campaign_assignments["converted"].astype(bool).mean() * 100'),
                        {"test_b12": 0.0}, {"test_b12": "percent"}),
    },
}


@pytest.mark.parametrize("lab,student", [(lab, st) for lab, weak in WEAK.items() for st in weak])
def test_a_weak_student_loses_one_step_and_hears_why(graded, lab, student):
    course, sc = graded
    _, left, named = WEAK[lab][student]
    assert sc[lab][student] == {k: left.get(k, v) for k, v in sc[lab]["sol"].items()}  # later steps keep their points
    v = _verdicts(course, lab, student)
    for gid, code in named.items():
        assert v[gid]["mistake"] == code, (gid, v[gid])
        assert v[gid]["score"] < v[gid]["max_score"]


def test_the_retention_shortcut_and_the_segment_rule_are_named(graded):
    course, _ = graded
    assert _verdicts(course, L9, "recency")["test_targets_quality"]["mistake"] == "shortcut_longest_silent"
    assert _verdicts(course, L9, "threshold")["test_segments"]["mistake"] == "threshold_rule"


def test_hostile_notebooks_score_their_honest_work(graded):
    _, sc = graded
    l9 = sc[L9]["hostile"]
    assert {k for k, v in l9.items() if v == 0 and k != "plan"} == {"test_rfm", "test_targets_format"}
    assert l9["test_targets_quality"] == 3.0  # 299 well-chosen customers still beat both baselines
    assert _total(l9) == FULL[L9] - 2 - 1
    l10 = sc[L10]["hostile"]
    # worst3 is right on its own (default-target) dashboard: no cascade
    assert {k for k, v in l10.items() if v == 0 and k != "kpi_plan"} == {
        "test_my_kpis_repurchase", "test_dashboard", "test_flag"}
    assert _total(l10) == FULL[L10] - 1 - 2 - 2
    exam = sc[EXAM]["hostile"]
    wrong = {f"test_{q}" for q in CHOICES if q not in ("b1", "b2", "b6", "b7", "b8", "b9", "b11", "b13", "b15", "b18")}
    assert {k for k, v in exam.items() if v == 0} == wrong | {"test_b17"}
    assert _total(exam) == FULL[EXAM] - 6 - 1


# -- the checks on their own (no kernel): later steps on the student's own earlier tables -----------
STUDENT = "2024001"


@pytest.fixture(scope="module")
def l9_checks():
    return _checks(L9)


@pytest.fixture(scope="module")
def l10_checks():
    return _checks(L10)


def _checks(name):
    from crmlab.grading.coursedata import student_shop
    from crmlab.grading.trusted import CheckContext, load_lab_checks

    lab = load_lab_checks(COURSE, name)
    ctx = CheckContext(None, STUDENT, lab.shop_key, secret=None,
                       shop=student_shop(None, STUDENT, lab.shop_key, secret=None))
    return lab, ctx, lab.reference_answers(ctx)


def _grade(checks, grade_id, **answers):
    """The verdict of one test cell on the model answers with ``answers`` replaced (2 points), the answers
    handed over as plain data (crmlab.grading.handoff) as in grading."""
    import json

    from crmlab.grading.handoff import decode, encode
    from crmlab.grading.trusted import run_check

    lab, ctx, ref = checks
    given = {**ref, **{k: decode(json.loads(json.dumps(encode(v)))) for k, v in answers.items()}}
    return run_check(lab, grade_id, ctx, {"answers": given, "errors": {}}, 2.0)


def test_l9_later_steps_are_checked_on_the_students_own_tables(l9_checks):
    from crmlab.analysis import rfm_scores, rfm_segments, rfm_summary

    _, ctx, ref = l9_checks
    shop = ctx.shop
    rfm = rfm_summary(shop.orders.assign(payment_status="paid"), as_of=shop.meta["end"])  # unpaid orders kept
    assert len(rfm) > len(ref["rfm"])
    v = _grade(l9_checks, "test_rfm", rfm=rfm)
    assert (v.score, v.mistake) == (0.0, "unpaid_kept"), v.en
    scores = rfm_scores(rfm)
    segments = rfm_segments(scores)
    value = (segments.groupby("segment_code").agg(customers=("monetary", "size"), revenue=("monetary", "sum"),
                                                  mean_recency=("recency", "mean")).reset_index())
    value["revenue_share"] = value["revenue"] / segments["monetary"].sum()
    value = value.sort_values("revenue_share", ascending=False)
    own = {"rfm": rfm, "scores": scores, "segments": segments}
    assert _grade(l9_checks, "test_scores", **own).score == 2.0
    assert _grade(l9_checks, "test_segments", **own, segment_counts=segments["segment_code"].value_counts()).score == 2.0
    assert _grade(l9_checks, "test_segment_value", **own, segment_value=value).score == 2.0
    # a later slip on the student's own table is still named
    v = _grade(l9_checks, "test_scores", rfm=rfm, scores=scores.assign(r_score=6 - scores["r_score"]))
    assert (v.score, v.mistake) == (0.0, "r_score_reversed"), v.en
    v = _grade(l9_checks, "test_segment_value", **own,
               segment_value=value.assign(revenue_share=value["customers"] / value["customers"].sum()))
    assert (v.score, v.mistake) == (0.0, "customer_share"), v.en
    # counts that fit neither the student's tables nor the right ones score nothing
    counts = ref["segment_counts"].copy()
    counts.iloc[0] += 1
    counts.iloc[1] -= 1
    assert _grade(l9_checks, "test_segments", segment_counts=counts).score == 0.0


def test_l9_a_made_up_earlier_table_does_not_carry_a_later_step(l9_checks):
    """The student's own table counts only when it is the customers' real data (a plausible rfm): a
    segments table with invented money, and the segment values that fit it, score nothing."""
    _, _, ref = l9_checks
    seg = ref["segments"].assign(monetary=1.0)
    value = (seg.groupby("segment_code").agg(customers=("monetary", "size"), revenue=("monetary", "sum"),
                                             mean_recency=("recency", "mean")).reset_index())
    value["revenue_share"] = value["revenue"] / seg["monetary"].sum()
    value = value.sort_values("revenue_share", ascending=False)
    assert _grade(l9_checks, "test_segment_value", segments=seg, segment_value=value).score == 0.0
    # a list of customers who never paid for an order fails the format, whatever the student's rfm says
    never_paid = sorted(set(ctx_customers(l9_checks)) - set(ref["rfm"].index))[:1]
    assert _grade(l9_checks, "test_targets_format", targets=ref["targets"][:-1] + never_paid).score == 0.0


def ctx_customers(checks):
    return checks[1].shop.customers["customer_id"].tolist()


def test_l10_worst3_is_checked_on_the_students_own_dashboard(l10_checks):
    from crmlab.analysis import kpi_table

    _, ctx, ref = l10_checks
    shop = ctx.shop
    default = kpi_table(shop.orders, surveys=shop.surveys, complaints=shop.complaints, shipments=shop.shipments,
                        service_tickets=shop.service_tickets, period="Q")
    v = _grade(l10_checks, "test_dashboard", dashboard=default)
    assert (v.score, v.mistake) == (0.0, "default_targets"), v.en
    last = default[default["period"] == default["period"].max()].dropna(subset=["value"])
    gap = np.where(last["direction"] == "higher", last["target"] - last["value"], last["value"] - last["target"])
    ranked = last.assign(gap=gap / last["target"].abs()).sort_values("gap", ascending=False)["kpi"].tolist()
    assert ranked[:3] != ref["worst3"]  # a different answer indeed
    assert _grade(l10_checks, "test_worst3", dashboard=default, worst3=ranked[:3]).score == 2.0
    v = _grade(l10_checks, "test_worst3", dashboard=default, worst3=ranked[::-1][:3])
    assert (v.score, v.mistake) == (0.0, "worst3_best"), v.en
    assert _grade(l10_checks, "test_worst3", worst3=ranked[:3]).score == 0.0  # not what the right dashboard gives
